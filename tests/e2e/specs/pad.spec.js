// The hall window's pad (/pad/) and the hall system's side: the pad opened
// with its link shows idle; a case reported by the signed hall call appears
// on it; rating on the pad lands at the platform with channel hallPad and
// the reported identity; the on-screen QR code, decoded here (jsQR), is the
// case's dynamic link, and rating that link on a phone turns the pad to its
// thanks; forged and revoked credentials, bad signatures, unknown windows
// and another window's case are refused. The network tests run a gateway
// of their own (stopped and restarted), with their own pad.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expect, test } from '@playwright/test';
import { demo, gatewayCommand, link, run, ticket } from '../helpers.js';
import { startGateway } from '../own-gateway.js';

/** The sandbox's development push identity (crates/gateway dev.rs, config defaults). */
const PUSH = { appcode: 'hcp-directory', modulecode: 'directory', secret: 'hcp-dev-push-secret-not-for-production' };
const WINDOW = { hallCode: demo.shenyang.code, workNo: '1212', worker: '李凤' };

const sha256 = (s) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
const md5 = (s) => crypto.createHash('md5').update(s, 'utf8').digest('hex');

/** A hall call's form, signed as README.md "The hall window" says (seed 004 + datasha256). */
function signedForm(data, { secret = PUSH.secret } = {}) {
  const params = {
    appcode: PUSH.appcode,
    modulecode: PUSH.modulecode,
    timestamp: String(Math.floor(Date.now() / 1000)),
    nonce: crypto.randomBytes(12).toString('hex'),
    datasha256: sha256(data),
  };
  const joined = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
  return new URLSearchParams({ ...params, data, sign: md5(joined + secret) }).toString();
}

let serialNo = 0;
/** A case report at `window` (a new case number each time). */
function caseReport({ hallCode = WINDOW.hallCode, workNo = WINDOW.workNo, stage = 1 } = {}) {
  serialNo += 1;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const c = demo.citizen;
  return {
    appCode: demo.app,
    hallCode,
    workNo,
    evalProcess: stage,
    affairSerialNo: `210100-210100301001-E2E${process.pid}${Date.now()}${serialNo}`,
    affairCode: '11210100MB1536428E4210300301000',
    affairName: '个体工商户设立登记',
    departmentCode: '11210100001583301X',
    departmentName: '沈阳市市场监督管理局',
    affairApplyTime: stamp,
    ...(stage === 2 ? { affairDoneTime: stamp } : {}),
    userName: c.userName,
    contactPhone: c.contactPhone,
    certificateNo: c.certificateNo,
  };
}

/** Posts a report; returns the HTTP status and seed-004 answer. */
async function report(request, base, data, opts) {
  const resp = await request.post(`${base}/api/hall/cases`, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: signedForm(JSON.stringify(data), opts),
  });
  return { status: resp.status(), body: await resp.json() };
}

/** The ratings the embedded platform stored for a case. */
async function platformRatings(request, base, query) {
  const resp = await request.get(`${base}/dev/sandbox/ratings?${new URLSearchParams(query)}`);
  expect(resp.ok()).toBeTruthy();
  return (await resp.json()).ratings;
}

/** Decodes the QR code drawn by `locator` (a screenshot, read by jsQR). */
async function decodeQr(locator) {
  const png = PNG.sync.read(await locator.screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(code, 'a QR code in the screenshot').not.toBeNull();
  return code.data;
}

/** The credential in a pad link. */
const credentialOf = (padLink) => new URL(padLink).hash.replace(/^#pad=/, '');

const idle = (page) => page.getByRole('heading', { name: '扫码评价' });
const caseHeading = (page) => page.getByRole('heading', { name: '请对本次办件进行评价' });
const thanks = (page) => page.getByRole('heading', { name: '感谢您的评价！' });

test.describe('the pad and the hall system', () => {
  test.describe.configure({ mode: 'serial' });

  test('opened with its link, a pad shows its window idle, with the consult QR code', async ({ page }) => {
    const padLink = link('pad');
    await page.goto(padLink);
    await expect(idle(page)).toBeVisible();
    await expect(page.getByText(WINDOW.worker, { exact: true })).toBeVisible();
    await expect(page.getByText('工号 1212')).toBeVisible();
    await expect(page.getByText(demo.shenyang.name)).toBeVisible();
    // The credential leaves the address bar (a shared screen).
    expect(page.url()).not.toContain('#pad=');
    const consult = new URL(await decodeQr(page.getByRole('img', { name: '扫码评价' })));
    expect(consult.pathname).toBe('/front/hallworker/');
    expect(consult.searchParams.get('channel')).toBe('hallQr');
    expect(consult.searchParams.get('hallCode')).toBe(WINDOW.hallCode);
    expect(consult.searchParams.get('workerNo')).toBe('1212');
    expect(Buffer.from(consult.searchParams.get('workerName'), 'base64').toString()).toBe(WINDOW.worker);
    // Elder-sized and without scrolling, portrait and landscape.
    for (const size of [{ width: 800, height: 1280 }, { width: 1280, height: 800 }]) {
      await page.setViewportSize(size);
      const fits = await page.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight, document.documentElement.scrollWidth, window.innerWidth]);
      expect(fits[0], `height at ${size.width}×${size.height}`).toBeLessThanOrEqual(fits[1]);
      expect(fits[2], `width at ${size.width}×${size.height}`).toBeLessThanOrEqual(fits[3]);
    }
    await expect(page.locator('.hcp.hcp--elder')).toBeVisible();
    // No link leads away from the kiosk.
    await expect(page.locator('a[href]')).toHaveCount(0);
  });

  test('a reported case appears on the pad; rated there, it lands with channel hallPad and the reported identity', async ({ page, request }) => {
    const base = run().base;
    await page.setViewportSize({ width: 800, height: 1280 });
    await page.goto(link('pad'));
    await expect(idle(page)).toBeVisible();
    const data = caseReport({ stage: 1 });
    const { status, body } = await report(request, base, data);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe('200');
    expect(body.data.pads).toBe(1);
    await expect(caseHeading(page)).toBeVisible({ timeout: 2_000 });
    await expect(page.getByText('个体工商户设立登记')).toBeVisible();
    await expect(page.getByText('沈阳市市场监督管理局')).toBeVisible();
    await expect(page.getByText('王*明')).toBeVisible();
    // The shared screen never shows the citizen's phone, ID number or full name.
    const text = await page.locator('body').innerText();
    for (const secret of [demo.citizen.contactPhone, demo.citizen.certificateNo, demo.citizen.userName]) {
      expect(text).not.toContain(secret);
    }
    // The on-screen QR code is exactly the case's dynamic link.
    expect(await decodeQr(page.getByRole('img', { name: '也可用手机扫码评价' }))).toBe(body.data.dynamicLink);
    const fits = await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight);
    expect(fits, 'the case screen fits 800×1280 without scrolling').toBeTruthy();

    await page.getByRole('radio', { name: '5星 非常满意' }).check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(thanks(page)).toBeVisible();
    const stored = await platformRatings(request, base, { affairSerialNo: data.affairSerialNo });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      channel: 'hallPad',
      evalEntityCode: 'hallAffair',
      evalProcess: 1,
      generalStars: 5,
      hallCode: WINDOW.hallCode,
      workNo: '1212',
      hallWorkerName: WINDOW.worker,
      userName: demo.citizen.userName,
      contactPhone: '138****8000',
      certificateNo: '210***********1237',
    });
    // Thanks, then idle again by itself.
    await expect(idle(page)).toBeVisible({ timeout: 15_000 });
  });

  test('the case QR code rated on a phone turns the pad to its thanks', async ({ page, browser, request }) => {
    const base = run().base;
    await page.goto(link('pad'));
    await expect(idle(page)).toBeVisible();
    const data = caseReport({ stage: 2 });
    const { body } = await report(request, base, data);
    await expect(caseHeading(page)).toBeVisible({ timeout: 2_000 });
    const scanned = await decodeQr(page.getByRole('img', { name: '也可用手机扫码评价' }));
    expect(scanned).toBe(body.data.dynamicLink);

    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await phone.goto(`${scanned}&ticket=${encodeURIComponent(ticket())}`);
    await phone.getByRole('radio', { name: '4星 满意' }).check();
    await phone.getByRole('button', { name: '提交评价' }).click();
    await expect(phone.getByRole('heading', { name: '评价成功' })).toBeVisible();
    await phone.close();
    await expect(thanks(page)).toBeVisible({ timeout: 2_000 });
    const stored = await platformRatings(request, base, { affairSerialNo: data.affairSerialNo });
    expect(stored.map((r) => [r.channel, r.evalProcess, r.userId])).toEqual([['hallQr', 2, demo.citizen.userId]]);
  });

  test('a pad shows nothing with a forged credential, and a revoked pad is turned away', async ({ page, browser, request }) => {
    const { base, dataDir } = run();
    const padLink = link('pad');
    const cred = credentialOf(padLink);
    const forged = `${cred.split('.')[0]}.${'A'.repeat(43)}`;
    await page.goto(padLink.replace(cred, forged));
    await expect(page.getByRole('alert')).toContainText('此评价器链接无效');
    await expect(page.getByText(WINDOW.worker)).toHaveCount(0);
    await expect(page.getByRole('img')).toHaveCount(0);
    // A page without any credential: the notice, no connection at all.
    const bare = await browser.newPage();
    await bare.goto(`${base}/pad/`);
    await expect(bare.getByRole('alert')).toContainText('此评价器尚未开通');
    await bare.close();

    // An operator issues a pad for the window, then revokes it while it is open.
    const issued = gatewayCommand(['pad-link', '--app-code', demo.app, '--hall-code', WINDOW.hallCode, '--work-no', '1212', '--base-url', base, '--label', 'e2e'], dataDir).trim();
    const other = await browser.newPage();
    await other.goto(issued);
    await expect(idle(other)).toBeVisible();
    const id = credentialOf(issued).split('.')[0];
    gatewayCommand(['pad-link', '--revoke', id], dataDir);
    await expect(other.getByRole('alert')).toContainText('已被撤销', { timeout: 10_000 });
    await expect(idle(other)).toHaveCount(0);
    // And its ratings are refused.
    const refused = await request.post(`${base}/api/pad/rate`, {
      headers: { authorization: `Bearer ${credentialOf(issued)}` },
      data: { rating: { stars: 5 }, idempotencyKey: crypto.randomUUID() },
    });
    expect(refused.status()).toBe(401);
    expect((await refused.json()).code).toBe('pad_refused');
    await other.close();
  });

  test('the hall call refuses a bad signature and an unknown window; a pad cannot rate another window\'s case', async ({ request }) => {
    const base = run().base;
    const forged = await report(request, base, caseReport(), { secret: 'not-the-secret' });
    expect(forged.status).toBe(403);
    expect(forged.body.status).toBe('302');
    expect(forged.body.msg).toContain('签名错误');
    const unknown = await report(request, base, caseReport({ workNo: '9999' }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.msg).toContain('unknown window');

    // A case reported at another window (张三, 0204 of the provincial hall)…
    const elsewhere = caseReport({ hallCode: demo.province.code, workNo: '0204' });
    expect((await report(request, base, elsewhere)).status).toBe(200);
    // …cannot be rated by this window's pad.
    const resp = await request.post(`${base}/api/pad/rate`, {
      headers: { authorization: `Bearer ${credentialOf(link('pad'))}` },
      data: {
        case: { affairSerialNo: elsewhere.affairSerialNo, evalProcess: 1 },
        rating: { stars: 5 },
        idempotencyKey: crypto.randomUUID(),
      },
    });
    expect(resp.status()).toBe(403);
    expect((await resp.json()).code).toBe('not_this_window');
    expect(await platformRatings(request, base, { affairSerialNo: elsewhere.affairSerialNo })).toHaveLength(0);
  });
});

test.describe('the pad through a gateway restart', () => {
  test.describe.configure({ mode: 'serial' });
  let dataDir;
  let gateway;
  let port;

  test.beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-e2e-pad-'));
    gateway = await startGateway({
      HCP_UPSTREAM: 'sandbox',
      HCP_DATA_DIR: dataDir,
      HCP_TICKET_SECRET: run().ticketSecret,
      HCP_LINK_SECRET: run().linkSecret,
    });
    port = new URL(gateway.base).port;
  });

  test.afterAll(async () => {
    await gateway?.stop();
    if (dataDir && !process.env.HCP_E2E_KEEP_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('the pad shows the outage, keeps a rating made during it, recovers by itself and sends the rating once', async ({ page, request }) => {
    await page.goto(gateway.links.pad);
    await expect(idle(page)).toBeVisible();
    const banner = page.getByRole('alert').filter({ hasText: '网络连接中断' });
    await expect(banner).toHaveCount(0);

    await gateway.stop();
    await expect(banner).toBeVisible();
    // A consultation rated on the pad while the gateway is down: kept on the pad.
    await page.getByRole('button', { name: '在此评价本次服务' }).click();
    await page.getByRole('radio', { name: '3星 基本满意' }).check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(page.getByText('您的评价已保存在本机')).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: '待网络恢复后提交' })).toBeVisible();

    gateway = await startGateway({
      HCP_UPSTREAM: 'sandbox',
      HCP_DATA_DIR: dataDir,
      HCP_LISTEN: `127.0.0.1:${port}`,
      HCP_TICKET_SECRET: run().ticketSecret,
      HCP_LINK_SECRET: run().linkSecret,
    });
    await expect(banner).toHaveCount(0, { timeout: 40_000 });
    await expect(page.getByRole('status').filter({ hasText: '待网络恢复后提交' })).toHaveCount(0);
    const consults = async () =>
      (await platformRatings(request, gateway.base, { hallCode: WINDOW.hallCode, channel: 'hallPad' })).filter((r) => r.workNo === '1212');
    await expect.poll(async () => (await consults()).length, { timeout: 20_000 }).toBe(1);
    const [r] = await consults();
    expect(r).toMatchObject({ generalStars: 3, evalEntityCode: 'hallAffair', userId: null, userName: null });
    // A reload sends nothing more: the queue is empty, and a resend would carry the same key.
    await page.reload();
    await expect(idle(page)).toBeVisible();
    expect(await consults()).toHaveLength(1);
  });
});
