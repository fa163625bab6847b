// A rating whose answer is lost on the way back (the gateway got it, the
// browser did not hear back), sent again from the same page or after a
// reload: the same idempotency key, one rating at the platform. Counted
// with the platform's own query (4.12), signed as the gateway signs.
import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { b64, chooseStars, demo, pageUrl, resultHeading, run, submit, ticket, uniqueCode } from '../helpers.js';

/** The sandbox's development identity (crates/sandbox, `dev`). */
const PAAS_ID = 'hcp-dev';
const PAAS_TOKEN = 'hcp-dev-paas-token-not-a-secret';

/** How many guide ratings the demo citizen has for `code`, per the platform (4.12). */
async function guideRatings(request, code) {
  const { baseUrl } = await (await request.get(`${run().base}/dev/sandbox`)).json();
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = crypto.randomBytes(12).toString('hex');
  const signature = crypto
    .createHash('sha256')
    .update(ts + PAAS_TOKEN + nonce + ts)
    .digest('hex')
    .toUpperCase();
  const q = new URLSearchParams({
    appCode: demo.app,
    evalEntityCode: 'egovGuide',
    userId: demo.citizen.userId,
    affairCode: code,
    pageSize: '100',
    pageNo: '1',
  });
  const resp = await request.get(`${baseUrl}guide/eval?${q}`, {
    headers: {
      'x-rio-paasid': PAAS_ID,
      'x-rio-timestamp': ts,
      'x-rio-nonce': nonce,
      'x-rio-signature': signature,
    },
  });
  const v = await resp.json();
  expect(v.code, JSON.stringify(v)).toBe(0);
  return v.data.total;
}

/** A guide page of its own, and its affairCode. */
function guidePage() {
  const code = uniqueCode('RETRY');
  const url = pageUrl('/guide/', {
    appCode: demo.app,
    channel: 'web',
    affairCode: b64(code),
    affairName: b64('企业投资项目备案'),
    departmentCode: b64('11210000001099743F'),
    evalEntityCode: 'egovGuide',
    evalProcess: '2',
    ticket: ticket(),
  });
  return { code, url };
}

/** Loses the answer to the first submission (the gateway gets it); lets the rest through. */
async function loseFirstAnswer(page) {
  const keys = [];
  await page.route('**/api/submit', async (route) => {
    keys.push(route.request().postDataJSON().idempotencyKey);
    if (keys.length === 1) {
      await route.fetch();
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  return keys;
}

test('a rating sent again after a lost answer is one rating', async ({ page, request }) => {
  const { code, url } = guidePage();
  const keys = await loseFirstAnswer(page);
  await page.goto(url);
  await chooseStars(page, 4);
  await page.getByRole('textbox', { name: '评价内容' }).fill('答复丢失后重试');
  await submit(page);
  await expect(page.getByRole('alert')).toBeVisible();
  await submit(page);
  await expect(resultHeading(page)).toHaveText('评价成功');
  expect(keys).toHaveLength(2);
  expect(keys[0]).toMatch(/^[0-9a-f]{36}$/);
  expect(keys[1]).toBe(keys[0]);
  expect(await guideRatings(request, code)).toBe(1);
});

test('…and after a reload of the page: the draft and its key come back', async ({ page, request }) => {
  const { code, url } = guidePage();
  const keys = await loseFirstAnswer(page);
  await page.goto(url);
  await chooseStars(page, 3);
  await page.getByRole('textbox', { name: '评价内容' }).fill('刷新后重试');
  await submit(page);
  await expect(page.getByRole('alert')).toBeVisible();
  await page.goto(url);
  await expect(page.getByRole('radio', { name: '3星 基本满意', exact: true })).toBeChecked();
  await expect(page.getByRole('textbox', { name: '评价内容' })).toHaveValue('刷新后重试');
  await submit(page);
  await expect(resultHeading(page)).toHaveText('评价成功');
  expect(keys).toEqual([keys[0], keys[0]]);
  expect(await guideRatings(request, code)).toBe(1);
  // Answered: the draft is gone, a new visit starts empty.
  await page.goto(url);
  await expect(page.getByRole('radio', { name: '3星 基本满意', exact: true })).not.toBeChecked();
});
