// Signed hall links (issue 11): an offLine=1 link names its evaluator and
// needs no login, so the hall system signs it. A valid one rates; an
// altered, expired or unsigned one gets a clear page (in the page's
// language, no form, no API call); an appCode opted in to legacy unsigned
// links (HCP_LEGACY_UNSIGNED_LINKS=legacyHall, global-setup.js) still works.
// The links are signed here in JavaScript from the scheme's documentation.
import { test, expect } from '@playwright/test';
import { b64, demo, link, rateAndSubmit, signedUrl, star, trackApi, unsignedUrl } from '../helpers.js';

/** An affair-hall link's parameters: a Dalian case no other test rates. */
function dalianCase(serial, workerNo, workerName, appCode = demo.app) {
  return {
    appCode,
    channel: 'hallPad',
    affairName: b64('不动产转移登记'),
    affairSerialNo: b64(serial),
    departmentCode: b64('11210200001188506K'),
    evalEntityCode: 'hallAffair',
    evalProcess: '2',
    hallCode: demo.dalian.code,
    workerNo,
    workerName: b64(workerName),
    userName: b64(demo.citizen.userName),
    contactPhone: b64(demo.citizen.contactPhone),
    certificateNo: b64(demo.citizen.certificateNo),
    offLine: '1',
  };
}

const signedCase = dalianCase('210200-210200101005-20250318094521401', '2001', '陈静');

/** The refusal page: its heading, its alert, and nothing to rate with. */
async function expectRefused(page, calls, alertText, { lang = 'zh' } = {}) {
  const heading = lang === 'en' ? 'This rating link cannot be used' : '评价链接无法使用';
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText(alertText);
  await expect(star(page, 5)).toHaveCount(0);
  await expect(page.getByRole('button', { name: /提交评价|Submit rating/ })).toHaveCount(0);
  expect(calls).toEqual([]);
}

test('a signed link shows the form and rates', async ({ page }) => {
  await page.goto(signedUrl('/front/pc/', signedCase));
  await expect(page.getByRole('heading', { level: 1, name: '办件评价' })).toBeVisible();
  await expect(page.getByText('陈静')).toBeVisible();
  await rateAndSubmit(page, 5);
});

test('an altered link is refused with a clear page', async ({ page }) => {
  const calls = trackApi(page);
  const url = new URL(signedUrl('/front/pc/', signedCase));
  url.searchParams.set('userName', b64('张伪造'));
  const response = await page.goto(url.toString());
  expect(response.status()).toBe(403);
  await expectRefused(page, calls, '此评价链接已被改动');
  // The widget's stylesheet is there: the box has the widget's error border.
  await expect(page.getByRole('alert')).toHaveCSS('border-left-style', 'solid');
  await expect(page.getByRole('alert')).toHaveCSS('border-left-width', '4px');
});

test('an expired link is refused with a clear page', async ({ page }) => {
  const calls = trackApi(page);
  await page.goto(signedUrl('/front/pc/', signedCase, { expiresIn: -60 }));
  await expectRefused(page, calls, '此评价链接已过期');
});

test('an unsigned link is refused, in English with lang=en', async ({ page }) => {
  const calls = trackApi(page);
  const unsigned = unsignedUrl(link('affair-hall'));
  await page.goto(unsigned);
  await expectRefused(page, calls, '没有办理系统的签名');
  await page.goto(`${unsigned}&lang=en`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectRefused(page, calls, 'not signed by the hall system', { lang: 'en' });
});

test('an unsigned link of an appCode opted in to legacy links still rates', async ({ page }) => {
  const legacy = dalianCase('210200-210200101005-20250318100233402', '2002', '孙涛', 'legacyHall');
  const url = unsignedUrl(signedUrl('/front/pc/', legacy));
  expect(url).not.toContain('sign=');
  await page.goto(url);
  await expect(page.getByText('孙涛')).toBeVisible();
  await rateAndSubmit(page, 4);
});
