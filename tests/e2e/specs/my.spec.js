// 我的评价 (/my/) and 一件事 (/front/onething/), the citizen's own pages, on
// the demo citizen's history (crates/sandbox/src/demo.rs HISTORY, seeded
// when the gateway starts): every rating state in the list, rating a case
// from the list, a 差评's department feedback, the time filter and the
// pages, guide ratings, a second citizen who sees none of it, the login
// round trip, 一件事 rated once and refused bundles explained, 320 px and
// elder mode; and the department's name on a rating page.
//
// Cases other specs rate (the demo links', rating.spec's 石化项目核准) are
// never asserted on here; the ones rated here no other spec touches.
import crypto from 'node:crypto';
import { test, expect } from '@playwright/test';
import {
  b64, chooseStars, demo, guideParams, link, pageUrl, resultHeading, run, star, submit, ticket,
} from '../helpers.js';

/** A case's card in the list, by its service's name. */
const card = (page, name) =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });

/** The 我的评价 page with `extra` parameters (a ticket of the demo citizen unless given). */
const myUrl = (extra = {}) =>
  pageUrl('/my/', { appCode: demo.app, channel: 'web', ticket: ticket(), ...extra });

/** A ticket of a second citizen: another userId, name and numbers. */
function otherTicket() {
  const now = Math.floor(Date.now() / 1000);
  const b64url = (v) => Buffer.from(v).toString('base64url');
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({
    userId: '9b1e0c2d-0000-4000-8000-0000000000e2',
    userName: '李华',
    userType: 1,
    certificateType: 111,
    certificateNo: '110101199003074219',
    contactPhone: '13900001111',
    exp: now + 3600,
  }));
  const sig = crypto.createHmac('sha256', run().ticketSecret).update(`${head}.${body}`).digest();
  return `${head}.${body}.${b64url(sig)}`;
}

test('the list shows each case with its department, dates and rating status', async ({ page }) => {
  await page.goto(link('my'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的评价');
  // The ticket leaves the address bar.
  await expect(page).not.toHaveURL(/ticket=/);
  const both = card(page, '住房公积金提取');
  await expect(both).toContainText('沈阳住房公积金管理中心');
  await expect(both).toContainText('都已评价');
  await expect(both).toContainText('4星 满意');
  await expect(both.getByRole('button', { name: /查看详情/ })).toBeVisible();
  const accepted = card(page, '社会保障卡申领');
  await expect(accepted).toContainText('受理已评价');
  await expect(accepted).toContainText('2025-05-12 14:30:20');
  await expect(accepted.getByRole('button', { name: /去评价.*办结阶段/ })).toBeVisible();
  await expect(card(page, '营业执照变更登记')).toContainText('办结已评价');
  const bad = card(page, '公共租赁住房资格申请');
  await expect(bad).toContainText('办结已评价');
  await expect(bad).toContainText('1星 非常不满意');
  await expect(card(page, '药品经营许可证（零售）核发')).toContainText('未评价');
  // Ten a page, as the platform pages them.
  await expect(page.locator('.hcp-my-list > li')).toHaveCount(10);
  await expect(page.getByText(/^第 1 \/ \d 页$/)).toBeVisible();
});

test('an unrated case is rated from the list and comes back rated', async ({ page }) => {
  await page.goto(link('my'));
  const drug = card(page, '药品经营许可证（零售）核发');
  await expect(drug).toContainText('未评价');
  await drug.getByRole('button', { name: /去评价/ }).click();
  // Its rating form, directly: no link to build.
  await expect(page.getByRole('heading', { level: 2, name: '药品经营许可证（零售）核发' })).toBeFocused();
  await expect(page.getByRole('heading', { name: '评价办结阶段' })).toBeVisible();
  await expect(page).toHaveURL(/case=210000-210101681002-20250402091918303/);
  await chooseStars(page, 5);
  await page.getByLabel('评价内容（选填）').fill('在我的评价里评的');
  await submit(page);
  await expect(resultHeading(page)).toHaveText('评价成功');
  await page.getByRole('button', { name: /返回我的评价/ }).click();
  await expect(card(page, '药品经营许可证（零售）核发')).toContainText('办结已评价');
  await expect(card(page, '药品经营许可证（零售）核发')).toContainText('5星 非常满意');
  await expect(card(page, '药品经营许可证（零售）核发').getByRole('button', { name: /去评价/ })).toHaveCount(0);
  // Opened again: the rating as the platform keeps it.
  await card(page, '药品经营许可证（零售）核发').getByRole('button', { name: /查看详情/ }).click();
  const done = page.locator('section').filter({ hasText: '办结阶段的评价' });
  await expect(done).toContainText('在我的评价里评的');
  await expect(page.getByRole('heading', { name: '评价办结阶段' })).toHaveCount(0);
});

test('a case rated on acceptance has its completion rated, and both show', async ({ page }) => {
  await page.goto(link('my'));
  await card(page, '社会保障卡申领').getByRole('button', { name: /去评价/ }).click();
  await expect(page.locator('section').filter({ hasText: '受理阶段的评价' })).toContainText('办理速度非常快');
  await chooseStars(page, 4);
  await submit(page);
  await expect(resultHeading(page)).toHaveText('评价成功');
  // The browser's back button returns to the list, which shows it rated at both stages.
  await page.goBack();
  await expect(card(page, '社会保障卡申领')).toContainText('都已评价');
});

test('a 差评 shows what the hotline and the department answered', async ({ page }) => {
  await page.goto(link('my'));
  await card(page, '公共租赁住房资格申请').getByRole('button', { name: /查看详情/ }).click();
  const done = page.locator('section').filter({ hasText: '办结阶段的评价' });
  await expect(done).toContainText('被要求提供额外材料');
  await expect(done).toContainText('网上申请后又被要求到窗口补交三次材料');
  await expect(done.getByRole('heading', { name: '差评处理' })).toBeVisible();
  await expect(done).toContainText('已办结 · 经核实属实');
  const steps = done.locator('ol > li');
  await expect(steps).toHaveCount(2);
  await expect(steps.nth(0)).toContainText('8890热线');
  await expect(steps.nth(1)).toContainText('部门反馈');
  await expect(steps.nth(1)).toContainText('已整改：申请材料清单在网上一次性告知');
  // One still with the department.
  await page.goto(myUrl({ case: '210100-210100401015-20250601100000505' }));
  await expect(page.locator('section').filter({ hasText: '办结阶段的评价' })).toContainText('部门处理中');
});

test('the time filter and the pages follow the platform, and the back button', async ({ page }) => {
  await page.goto(link('my'));
  await expect(card(page, '公共租赁住房资格申请')).toBeVisible();
  await page.getByRole('radio', { name: '近三月' }).check();
  await expect(page).toHaveURL(/range=3m/);
  await expect(card(page, '营业执照变更登记')).toBeVisible();
  await expect(card(page, '住房公积金提取')).toBeVisible();
  await expect(card(page, '公共租赁住房资格申请')).toHaveCount(0);
  await page.getByRole('radio', { name: '近一年' }).check();
  await expect(card(page, '公共租赁住房资格申请')).toBeVisible();
  await page.getByRole('radio', { name: '全部' }).check();
  await expect(page.getByText(/^第 1 \/ \d 页$/)).toBeVisible();
  // The last page says so; its cases are the oldest.
  const pages = Number((await page.getByText(/^第 1 \/ \d 页$/).textContent()).match(/\/ (\d)/)[1]);
  for (let p = 2; p <= pages; p++) {
    await page.getByRole('button', { name: '下一页' }).click();
    await expect(page.getByText(`第 ${p} / ${pages} 页`)).toBeVisible();
  }
  await expect(page.getByText(/^已显示全部 \d+ 项$/)).toBeVisible();
  await expect(page.getByRole('button', { name: '下一页' })).toBeDisabled();
  await expect(card(page, '建设项目用地预审与选址意见书核发')).toBeVisible();
  await page.goBack();
  await expect(page.getByText(`第 ${pages - 1} / ${pages} 页`)).toBeVisible();
});

/** Pages on until `name`'s card is there (other specs rate guides with the demo citizen's ticket). */
async function pageTo(page, name) {
  for (;;) {
    await expect(page.locator('.hcp-my-pager__where')).toBeVisible();
    if (await card(page, name).count()) return;
    const next = page.getByRole('button', { name: '下一页' });
    expect(await next.isEnabled(), `${name} is on no page`).toBe(true);
    const where = await page.locator('.hcp-my-pager__where').textContent();
    await next.click();
    await expect(page.locator('.hcp-my-pager__where')).not.toHaveText(where);
  }
}

test('guide ratings are listed with their tags', async ({ page }) => {
  await page.goto(link('my'));
  await page.getByRole('button', { name: '办事指南评价' }).click();
  await expect(page).toHaveURL(/tab=guides/);
  await pageTo(page, '居民身份证换领');
  const id = card(page, '居民身份证换领');
  await expect(id).toContainText('5星 非常满意');
  await expect(id).toContainText('材料范本非常规范');
  await expect(id).toContainText('指南写得很清楚');
  await pageTo(page, '个体工商户设立登记');
  await expect(card(page, '个体工商户设立登记').last()).toContainText('3星 基本满意');
});

test('a second citizen sees none of the first one’s cases, nor can open one', async ({ page }) => {
  await page.goto(myUrl({ ticket: otherTicket() }));
  await expect(page.getByRole('status').filter({ hasText: '这段时间内没有您的办件。' })).toBeVisible();
  await expect(page.getByRole('listitem')).toHaveCount(0);
  await page.goto(myUrl({ ticket: otherTicket(), case: '210100-210100601004-20250415083000504' }));
  await expect(page.getByRole('alert')).toContainText('没有找到这个办件');
  await expect(page.getByText('网上申请后又被要求')).toHaveCount(0);
  // A userId in the page's address changes nothing: the list is the ticket's.
  await page.goto(myUrl({ ticket: otherTicket(), userId: demo.citizen.userId }));
  await expect(page.getByRole('status').filter({ hasText: '这段时间内没有您的办件。' })).toBeVisible();
});

test('without a ticket: the login, then back to the same view', async ({ page }) => {
  await page.goto(pageUrl('/my/', { appCode: demo.app, channel: 'web', case: '210100-210100501002-20250505100512501' }));
  await expect(page).toHaveURL(/\/dev\/login/);
  await page.getByRole('button').first().click();
  await expect(page.getByRole('heading', { level: 2, name: '住房公积金提取' })).toBeVisible();
  await expect(page).toHaveURL(/\/my\/\?.*case=210100-210100501002-20250505100512501/);
  await expect(page).not.toHaveURL(/ticket=/);
});

test('a bad 我的评价 link names what is wrong', async ({ page }) => {
  await page.goto(pageUrl('/my/', { channel: 'web', ticket: ticket() }));
  await expect(page.getByRole('alert')).toContainText('appCode');
});

test('一件事: rated once for the bundle, each case’s outcome shown, then already rated', async ({ page }) => {
  await page.goto(link('onething'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('一件事评价');
  await expect(page.getByText('开办企业')).toBeVisible();
  await expect(page.getByText('一起评价的办件（共 3 件）')).toBeVisible();
  await chooseStars(page, 5);
  await submit(page);
  await expect(resultHeading(page)).toHaveText('评价成功');
  const outcomes = page.locator('.hcp-result__case');
  await expect(outcomes).toHaveCount(3);
  for (let i = 0; i < 3; i++) await expect(outcomes.nth(i)).toContainText('评价成功');
  // Again: nothing new, each case said as rated before.
  await page.goto(link('onething'));
  await chooseStars(page, 4);
  await submit(page);
  await expect(resultHeading(page)).toHaveText('您已评价过');
  await expect(page.locator('.hcp-result__case').first()).toContainText('您已评价过');
  // 我的评价 shows the three cases rated.
  await page.goto(link('my'));
  for (const name of ['企业设立登记', '公章刻制备案', '企业社会保险登记']) {
    await expect(card(page, name)).toContainText('办结已评价');
  }
});

test('一件事: a bundle that cannot be rated is explained, nothing is sent', async ({ page }) => {
  const url = (serials, extra = {}) => pageUrl('/front/onething/', {
    appCode: demo.app,
    channel: 'web',
    subBusiness: b64('开办企业'),
    affairSerialNos: b64(serials.join(',')),
    evalEntityCode: 'egovAffair',
    evalProcess: '2',
    ticket: ticket(),
    ...extra,
  });
  // A case the directory does not know: named by its place.
  await page.goto(url(['210100-210100301005-20250602090101601', '210000-nope-20250101']));
  await chooseStars(page, 5);
  await submit(page);
  await expect(page.getByRole('alert')).toContainText('第 2 个办件不在已办数据库中');
  // An unfinished case cannot have its completion rated.
  await page.goto(url(['210100-210100301005-20250602090101601', '210000-210100055000-20250321143005202']));
  await chooseStars(page, 5);
  await submit(page);
  await expect(page.getByRole('alert')).toContainText('尚未办结');
  // One case is no 一件事: the link is refused before anything is shown.
  await page.goto(url(['210100-210100301005-20250602090101601']));
  await expect(page.getByRole('alert')).toContainText('affairSerialNos');
  await expect(star(page, 5)).toHaveCount(0);
});

test('the guide page names its department from the directory; an unknown one by its code', async ({ page }) => {
  await page.goto(link('guide'));
  const dept = page.locator('.hcp-info__row').filter({ hasText: '办理部门' }).locator('dd');
  await expect(dept).toHaveText('辽宁省发展和改革委员会');
  await page.goto(pageUrl('/guide/', { ...guideParams({ departmentCode: b64('11219999000000000X') }), ticket: ticket() }));
  await expect(dept).toHaveText('11219999000000000X');
});

test.describe('at 320 px and in 长辈模式', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  const noHorizontalScroll = async (page) => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  };

  test('the list and a case fit, with large text and targets', async ({ page }) => {
    await page.goto(myUrl({ elder: '1' }));
    await expect(card(page, '住房公积金提取')).toBeVisible();
    await noHorizontalScroll(page);
    const sizes = await page.evaluate(() => {
      const small = [];
      for (const el of document.querySelectorAll('.hcp *')) {
        const s = getComputedStyle(el);
        const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (hasText && el.getClientRects().length && !el.closest('.hcp-sr')) {
          if (parseFloat(s.fontSize) < 20) small.push(`${el.className}: ${s.fontSize}`);
        }
        if (['BUTTON', 'INPUT'].includes(el.tagName) && el.getClientRects().length) {
          const r = (el.tagName === 'INPUT' ? el.parentElement : el).getBoundingClientRect();
          if (r.height < 48) small.push(`${el.className} target ${r.height}px`);
        }
      }
      return small;
    });
    expect(sizes).toEqual([]);
    await card(page, '公共租赁住房资格申请').getByRole('button', { name: /查看详情/ }).click();
    await expect(page.getByRole('heading', { name: '差评处理' })).toBeVisible();
    await noHorizontalScroll(page);
  });
});

test('English', async ({ page }) => {
  await page.goto(myUrl({ lang: 'en' }));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My ratings');
  await expect(card(page, '住房公积金提取')).toContainText('Rated at both stages');
  await expect(page.getByRole('radio', { name: 'Last month' })).toBeVisible();
});

test('keyboard: the time filter with the arrow keys, a case opened with Enter', async ({ page }) => {
  await page.goto(link('my'));
  await expect(card(page, '住房公积金提取')).toBeVisible();
  await page.getByRole('radio', { name: '全部' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: '近一月' })).toBeChecked();
  await expect(page).toHaveURL(/range=1m/);
  await expect(card(page, '营业执照变更登记')).toHaveCount(0);
  const open = card(page, '住房公积金提取').getByRole('button', { name: /查看详情/ });
  await open.focus();
  await page.keyboard.press('Enter');
  // The case's heading takes the focus: a screen reader hears where it is.
  await expect(page.getByRole('heading', { level: 2, name: '住房公积金提取' })).toBeFocused();
  // Shift+Tab reaches 返回我的评价; Enter goes back to the list, filter kept.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: /返回我的评价/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('radio', { name: '近一月' })).toBeChecked();
  await expect(card(page, '住房公积金提取')).toBeVisible();
});
