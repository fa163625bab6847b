// Every page variant, from the links the gateway prints in sandbox mode:
// open, see what is rated, rate, submit, see the result. Serial: the batch
// link shares its first case with the affair-hall link, so that case is
// "already rated" by the time the batch is submitted.
import { test, expect } from '@playwright/test';
import { b64, chooseStars, demo, link, rateAndSubmit, resultHeading, submit, tags } from '../helpers.js';

test.describe.configure({ mode: 'serial' });

/** 办理大厅 as shown for a hall the directory knows: its name, then its code. */
const hallText = (hall) => `${hall.name}（${hall.code}）`;

/** The value shown next to an info label. */
function info(page, label) {
  return page.locator('.hcp-info__row', { has: page.locator('dt', { hasText: label }) }).locator('dd');
}

test('guide', async ({ page }) => {
  await page.goto(link('guide'));
  await expect(page.getByRole('heading', { level: 1, name: '办事指南评价' })).toBeVisible();
  await expect(info(page, '办理事项')).toHaveText('企业投资项目备案');
  await expect(info(page, '办理部门')).toHaveText('辽宁省发展和改革委员会');
  await rateAndSubmit(page, 5);
});

test('affair online', async ({ page }) => {
  await page.goto(link('affair-online'));
  await expect(page.getByRole('heading', { level: 1, name: '办件评价' })).toBeVisible();
  await expect(info(page, '办理业务')).toHaveText('企业投资项目备案');
  await expect(info(page, '办理部门')).toHaveText('辽宁省发展和改革委员会');
  await expect(info(page, '办件编号')).toHaveText('210000-210100004000-20250302083015301');
  await rateAndSubmit(page, 4, { tag: true });
});

test('affair hall (offLine=1)', async ({ page }) => {
  await page.goto(link('affair-hall'));
  await expect(info(page, '办理业务')).toHaveText('个体工商户设立登记');
  await expect(info(page, '办理大厅')).toHaveText(hallText(demo.shenyang));
  await expect(info(page, '办理人员')).toHaveText('李凤（工号 1212）');
  await rateAndSubmit(page, 5);
});

test('batch shows its cases and each case outcome', async ({ page }) => {
  const cases = [
    '210100-210100301001-20250310091512101',
    '210100-210100301001-20250310092033102',
    '210100-210100301001-20250310093147103',
  ];
  await page.goto(link('batch'));
  await expect(page.getByRole('heading', { level: 1, name: '同一事项批量评价' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '本次评价的办件（共 3 件）' })).toBeVisible();
  for (const c of cases) await expect(page.getByRole('listitem').filter({ hasText: c })).toBeVisible();
  await expect(info(page, '办理大厅')).toHaveText(hallText(demo.shenyang));
  await chooseStars(page, 5);
  await submit(page);
  await expect(resultHeading(page)).toBeVisible();
  const outcomes = page.getByRole('region', { name: '评价成功' }).getByRole('listitem');
  await expect(outcomes).toHaveCount(3);
  // The affair-hall test above rated the first case already.
  await expect(outcomes.filter({ hasText: cases[0] })).toContainText('您已评价过');
  await expect(outcomes.filter({ hasText: cases[1] })).toContainText('评价成功');
  await expect(outcomes.filter({ hasText: cases[2] })).toContainText('评价成功');
});

test('consult online: pick the hall, then the worker', async ({ page }) => {
  await page.goto(link('consult-online'));
  await expect(page.getByRole('heading', { level: 1, name: '咨询评价' })).toBeVisible();
  const hall = page.getByRole('combobox', { name: '选择办理大厅' });
  const worker = page.getByRole('combobox', { name: '选择办理人员' });
  await expect(worker).toBeDisabled();
  await chooseStars(page, 5);
  await submit(page);
  await expect(page.getByRole('alert')).toHaveText('请选择办理大厅');
  await hall.selectOption({ label: demo.shenyang.name });
  await expect(worker).toBeEnabled();
  await worker.selectOption({ label: '刘丹丹' });
  await submit(page);
  await expect(resultHeading(page)).toHaveText('评价成功');
});

test('consult hall', async ({ page }) => {
  await page.goto(link('consult-hall'));
  await expect(info(page, '办理大厅')).toHaveText(hallText(demo.province));
  await expect(info(page, '办理人员')).toHaveText('李四（工号 0205）');
  await chooseStars(page, 4);
  await expect(tags(page).first()).toBeVisible();
  await submit(page);
  await expect(resultHeading(page)).toHaveText('评价成功');
});

test('consult hall: the worker is named as the directory names the window, not as the URL does', async ({ page }) => {
  // The window 0204 is 张三's; a link naming someone else there shows (and
  // the gateway stores) the directory's name.
  const u = new URL(link('consult-hall'));
  u.searchParams.set('workerNo', '0204');
  u.searchParams.set('workerName', b64('冒名顶替'));
  await page.goto(u.toString());
  await expect(info(page, '办理人员')).toHaveText('张三（工号 0204）');
  await expect(page.getByText('冒名顶替')).toHaveCount(0);
});

test("dynamic QR: the seed's example shows 张三 and the hall", async ({ page }) => {
  await page.goto(link('dynamic'));
  await expect(page.getByRole('heading', { level: 1, name: '办件评价' })).toBeVisible();
  await expect(info(page, '办理人员')).toHaveText('张三（工号 0204）');
  await expect(info(page, '办理大厅')).toHaveText(hallText(demo.province));
  await expect(info(page, '办件编号')).toHaveText('210000-210100009000-20200603093755953');
  await rateAndSubmit(page, 5);
});

test('dynamic QR, Guangdong dialect: the worker by number', async ({ page }) => {
  await page.goto(link('dynamic-gd'));
  await expect(info(page, '办理人员')).toContainText('工号 0205');
  await expect(info(page, '办理大厅')).toHaveText(hallText(demo.province));
  await expect(info(page, '办件编号')).toHaveText('210000-210100055000-20250305101010201');
  await rateAndSubmit(page, 5);
});
