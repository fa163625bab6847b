// The rating rules of SPEC §3: a 差评 must say why; a repeated rating is
// "already rated", not a failure; the remark counts characters.
import { test, expect } from '@playwright/test';
import {
  b64, chooseStars, demo, guideUrl, link, pageUrl, rateAndSubmit, resultHeading, star, submit, tags, ticket, trackApi,
} from '../helpers.js';

test('a 差评 is refused without a reason, then accepted with a tag', async ({ page }) => {
  const calls = trackApi(page);
  await page.goto(guideUrl());
  await chooseStars(page, 1);
  await expect(page.getByText('差评请选择标签或填写评价内容')).toBeVisible();
  await submit(page);
  await expect(page.getByRole('alert')).toHaveText('差评请至少选择一个标签或填写评价内容');
  expect(calls.filter((c) => c.endsWith('/api/submit'))).toEqual([]);
  const tag = tags(page).first();
  await tag.click();
  await expect(tag).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await submit(page);
  await expect(resultHeading(page)).toHaveText('评价成功');
});

test('a 差评 is accepted with a remark instead of a tag', async ({ page }) => {
  await page.goto(guideUrl());
  await chooseStars(page, 2);
  await submit(page);
  await expect(page.getByRole('alert')).toHaveText('差评请至少选择一个标签或填写评价内容');
  await page.getByRole('textbox', { name: '评价内容' }).fill('排队时间太长');
  await submit(page);
  await expect(resultHeading(page)).toHaveText('评价成功');
});

test('changing the stars clears the tags chosen for the other stars', async ({ page }) => {
  await page.goto(guideUrl());
  await chooseStars(page, 5);
  await tags(page).first().click();
  await expect(tags(page).first()).toHaveAttribute('aria-pressed', 'true');
  await chooseStars(page, 4);
  await chooseStars(page, 5);
  await expect(tags(page).first()).toHaveAttribute('aria-pressed', 'false');
});

test('the remark counter counts characters, and over 500 is refused', async ({ page }) => {
  const calls = trackApi(page);
  await page.goto(guideUrl());
  await chooseStars(page, 5);
  const box = page.getByRole('textbox', { name: /评价内容/ });
  // Emoji are two UTF-16 units but one character each.
  await box.fill('😀'.repeat(500));
  await expect(page.getByText('500/500')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await box.fill('好'.repeat(501));
  await expect(page.getByText('501/500')).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('最多 500 个字');
  await submit(page);
  expect(calls.filter((c) => c.endsWith('/api/submit'))).toEqual([]);
  await box.fill('好'.repeat(500));
  await submit(page);
  await expect(resultHeading(page)).toHaveText('评价成功');
});

test('a repeated rating shows "already rated"', async ({ page }) => {
  // A case of the demo citizen that no other test rates.
  const url = pageUrl('/front/pc/', {
    appCode: demo.app,
    channel: 'web',
    affairName: b64('石化项目核准'),
    affairSerialNo: b64('210000-210100001009-20250315101500302'),
    departmentCode: b64('11210000001099743F'),
    evalEntityCode: 'egovAffair',
    evalProcess: '2',
    ticket: ticket(),
  });
  await page.goto(url);
  await rateAndSubmit(page, 5);
  await page.goto(url);
  await chooseStars(page, 4);
  await submit(page);
  await expect(resultHeading(page)).toHaveText('您已评价过');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('one submission in flight: the button is disabled and busy', async ({ page }) => {
  await page.route('**/api/submit', async (route) => {
    await new Promise((r) => setTimeout(r, 800));
    await route.continue();
  });
  await page.goto(guideUrl());
  await chooseStars(page, 5);
  const button = page.getByRole('button', { name: '提交评价' });
  await button.click();
  const busy = page.getByRole('button', { name: '正在提交…' });
  await expect(busy).toBeDisabled();
  await expect(busy).toHaveAttribute('aria-busy', 'true');
  await expect(resultHeading(page)).toHaveText('评价成功');
});

test('a failed tag fetch shows a retry', async ({ page }) => {
  let fail = true;
  await page.route('**/api/tags?*', (route) => (fail ? route.abort() : route.continue()));
  await page.goto(guideUrl());
  await star(page, 5).check();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('评价标签加载失败');
  fail = false;
  await alert.getByRole('button', { name: '重试' }).click();
  await expect(tags(page).first()).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('rating still works when the tags cannot be fetched', async ({ page }) => {
  await page.route('**/api/tags?*', (route) => route.fulfill({ status: 503, body: 'down' }));
  await page.goto(guideUrl());
  await star(page, 4).check();
  await expect(page.getByRole('alert')).toContainText('评价标签加载失败');
  await submit(page);
  await expect(resultHeading(page)).toHaveText('评价成功');
});

test('a queued rating says it was received and will be delivered', async ({ page }) => {
  // The sandbox always answers; the gateway's "queued" is stood in for here.
  await page.route('**/api/submit', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ status: 'queued' }) }),
  );
  await page.goto(guideUrl());
  await chooseStars(page, 5);
  await submit(page);
  await expect(resultHeading(page)).toHaveText('已收到，将尽快提交');
});

test("a gateway error shows its message for the page's language, and the draft stays", async ({ page }) => {
  const error = { code: 'unknown_case', zh: '未找到该办件', en: 'This case is not known' };
  await page.route('**/api/submit', (route) =>
    route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify(error) }),
  );
  await page.goto(guideUrl());
  await chooseStars(page, 4);
  await page.getByRole('textbox', { name: /评价内容/ }).fill('很好');
  await submit(page);
  await expect(page.getByRole('alert')).toHaveText('未找到该办件');
  await expect(star(page, 4)).toBeChecked();
  await expect(page.getByRole('textbox', { name: /评价内容/ })).toHaveValue('很好');
  await expect(page.getByRole('button', { name: '提交评价' })).toBeEnabled();
});

test('a network failure is announced and the citizen can try again', async ({ page }) => {
  let fail = true;
  await page.route('**/api/submit', (route) => (fail ? route.abort('connectionfailed') : route.continue()));
  await page.goto(guideUrl());
  await chooseStars(page, 5);
  await submit(page);
  await expect(page.getByRole('alert')).toHaveText('网络异常，请检查网络后重试。');
  fail = false;
  await submit(page);
  await expect(resultHeading(page)).toHaveText('评价成功');
});

test('a batch case the platform refused says so, with its reason', async ({ page }) => {
  // The sandbox refuses no single case of a batch; the gateway's answer for
  // one the real platform refuses is stood in for here.
  const [first, second] = ['210100-210100301001-20250310091512101', '210100-210100301001-20250310092033102'];
  let answer = {
    status: 'delivered',
    cases: [
      { affairSerialNo: first, status: 'delivered' },
      { affairSerialNo: second, status: 'refused', message: '该办件尚未办结，暂不能评价' },
    ],
  };
  await page.route('**/api/submit', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer) }),
  );
  await page.goto(link('batch'));
  await chooseStars(page, 5);
  await submit(page);
  await expect(resultHeading(page)).toHaveText('评价成功');
  const outcomes = page.locator('.hcp-result__case');
  await expect(outcomes.filter({ hasText: first })).toContainText('评价成功');
  await expect(outcomes.filter({ hasText: second })).toContainText('未被受理');
  await expect(outcomes.filter({ hasText: second })).toContainText('该办件尚未办结，暂不能评价');

  // Nothing accepted at all: the heading says so too.
  answer = { status: 'refused', cases: [{ ...answer.cases[1] }, { affairSerialNo: first, status: 'already_rated' }] };
  await page.goto(link('batch'));
  await chooseStars(page, 5);
  await submit(page);
  await expect(resultHeading(page)).toHaveText('未被受理');
});
