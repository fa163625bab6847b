// Bad links: every page with a missing and with a malformed parameter shows
// an error naming the field, no form, and makes no call to the gateway's API
// (so nothing can reach the upstream). Decoded text is only ever text.
import { test, expect } from '@playwright/test';
import {
  apiCallsSettled,
  b64,
  countApiCalls,
  demo,
  guideParams,
  pageUrl,
  star,
  tags,
  ticket,
  trackApi,
} from '../helpers.js';

const hallCase = {
  appCode: demo.app,
  channel: 'hallPad',
  affairName: b64('个体工商户设立登记'),
  affairSerialNo: b64('210100-210100301001-20250311140208104'),
  departmentCode: b64('11210100001583301X'),
  evalEntityCode: 'hallAffair',
  evalProcess: '1',
  hallCode: demo.shenyang.code,
  workerNo: '1213',
  workerName: b64('赵强'),
  userName: b64(demo.citizen.userName),
  contactPhone: b64(demo.citizen.contactPhone),
  certificateNo: b64(demo.citizen.certificateNo),
  offLine: '1',
};
const { affairSerialNo: _omit, ...batchBase } = hallCase;

const pages = {
  guide: { path: '/guide/', params: guideParams({ ticket: ticket() }) },
  'affair-online': {
    path: '/front/pc/',
    params: {
      appCode: demo.app,
      channel: 'web',
      affairName: b64('企业投资项目备案'),
      affairSerialNo: b64('210000-210100004000-20250302083015301'),
      departmentCode: b64('11210000001099743F'),
      evalEntityCode: 'egovAffair',
      evalProcess: '2',
      ticket: ticket(),
    },
  },
  'affair-hall': { path: '/front/pc/', params: hallCase },
  batch: {
    path: '/front/evallist/',
    params: { ...batchBase, affairSerialNos: b64('210100-210100301001-20250311140208104') },
  },
  'consult-online': {
    path: '/front/hallworker/',
    params: { appCode: demo.app, channel: 'web', evalEntityCode: 'hallAffair', ticket: ticket() },
  },
  'consult-hall': {
    path: '/front/hallworker/',
    params: {
      appCode: demo.app,
      channel: 'hallPad',
      evalEntityCode: 'hallAffair',
      hallCode: demo.province.code,
      workerNo: '0206',
      workerName: b64('王芳'),
      ticket: ticket(),
    },
  },
  dynamic: {
    path: '/rating-dynamic/',
    params: {
      msg: 'cTPyv9r6_0204_JXU1RjIwJXU0RTA5_39357010579292161_210000-210100009000-20200603093755953_11210000001099516A2210100009000_2',
      ticket: ticket(),
    },
  },
};

// [page, what is wrong, the changed parameters (null = removed), the field the error names]
const cases = [
  ['guide', 'missing', { affairName: null }, 'affairName'],
  ['guide', 'malformed', { evalEntityCode: 'egovAffair' }, 'evalEntityCode'],
  ['affair-online', 'missing', { affairSerialNo: null }, 'affairSerialNo'],
  ['affair-online', 'malformed', { evalProcess: '3' }, 'evalProcess'],
  ['affair-hall', 'missing', { workerName: null }, 'workerName'],
  ['affair-hall', 'malformed', { contactPhone: b64('<script>') }, 'contactPhone'],
  ['batch', 'missing', { affairSerialNos: null }, 'affairSerialNos'],
  ['batch', 'malformed', { affairSerialNos: b64('a_1,b_2') }, 'affairSerialNos'],
  ['consult-online', 'missing', { appCode: null }, 'appCode'],
  ['consult-online', 'malformed', { channel: 'fax' }, 'channel'],
  ['consult-hall', 'missing', { hallCode: null }, 'hallCode'],
  ['consult-hall', 'malformed', { workerName: '%%%' }, 'workerName'],
  ['dynamic', 'missing', { msg: null }, 'msg'],
  ['dynamic', 'malformed', { msg: 'cTPyv9r6_0204_!!!_39357010579292161_C-1_A1_9' }, 'msg.hallWorkerName'],
];

for (const [name, what, change, field] of cases) {
  test(`${name}: a ${what} ${field} is named, with no form and no API call`, async ({ page }) => {
    await countApiCalls(page);
    const params = { ...pages[name].params };
    for (const [k, v] of Object.entries(change)) {
      if (v === null) delete params[k];
      else params[k] = v;
    }
    await page.goto(pageUrl(pages[name].path, params));
    await expect(page.getByRole('heading', { level: 1, name: '评价链接有误' })).toBeVisible();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(`参数 ${field}`);
    if (what === 'missing') await expect(alert).toContainText('缺失');
    await expect(star(page, 5)).toHaveCount(0);
    await expect(page.getByRole('button', { name: '提交评价' })).toHaveCount(0);
    // Nothing is fetched late either.
    expect(await apiCallsSettled(page)).toEqual([]);
  });
}

test('every bad parameter is listed at once', async ({ page }) => {
  const { affairName: _a, ...rest } = pages.guide.params;
  await page.goto(pageUrl('/guide/', { ...rest, channel: 'fax', evalProcess: '7' }));
  const items = page.getByRole('alert').getByRole('listitem');
  await expect(items).toHaveCount(3);
  await expect(items.filter({ hasText: 'affairName' })).toHaveCount(1);
  await expect(items.filter({ hasText: 'channel' })).toHaveCount(1);
  await expect(items.filter({ hasText: 'evalProcess' })).toHaveCount(1);
});

test('an unknown path shows "page not found"', async ({ page, request }) => {
  const url = pageUrl('/front/unknown/', { appCode: demo.app });
  // The gateway serves the widget only at its pages' paths.
  const direct = await request.get(url);
  expect(direct.status()).toBe(404);
  // The widget itself, served at a path it does not know (a proxy's doing), says so.
  const html = await (await request.get(pageUrl('/guide/', {}))).text();
  await page.route('**/front/unknown/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  const calls = trackApi(page);
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: '页面不存在' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('请检查评价链接是否完整。');
  await expect(star(page, 5)).toHaveCount(0);
  expect(calls).toEqual([]);
});

test('decoded text is shown literally and never run', async ({ page }) => {
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const markup = '<img src=x onerror=alert(1)>';
  await page.goto(pageUrl('/guide/', guideParams({ affairName: b64(markup), ticket: ticket() })));
  await expect(page.getByText(markup, { exact: true })).toBeVisible();
  await expect(page.locator('img')).toHaveCount(0);
  // Choosing stars renders more (the tags): still nothing runs.
  await star(page, 5).check();
  await expect(tags(page).first()).toBeVisible();
  expect(dialogs).toEqual([]);
});

test('a widget that cannot start says so, never a blank page', async ({ page }) => {
  // The wasm does not arrive (a proxy, a flaky network): index.html's loader
  // turns the loading line into an alert.
  await page.route('**/*_bg.wasm', (route) => route.fulfill({ status: 503, body: '' }));
  await page.goto(pageUrl('/guide/', guideParams({ ticket: ticket() })));
  await expect(page.getByRole('alert')).toHaveText('页面加载失败，请刷新重试。The page could not load; please reload.');
});

test('a config block that does not read is a notice, not a guessed login URL', async ({ page, request }) => {
  const url = pageUrl('/guide/', guideParams());
  const html = await (await request.get(url)).text();
  const broken = html.replace('"loginUrl"', '"loginURL"');
  expect(broken).not.toEqual(html);
  await page.route((u) => u.pathname === '/guide/', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: broken }),
  );
  await countApiCalls(page);
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: '页面暂时无法使用' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('配置有误');
  // No ticket, yet no redirect to a login: the page stays, and asks nothing.
  expect(new URL(page.url()).pathname).toBe('/guide/');
  expect(await apiCallsSettled(page)).toEqual([]);
});
