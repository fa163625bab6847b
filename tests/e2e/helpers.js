// Shared helpers: the run's gateway and links, page URLs built from the
// sandbox's demo data, login tickets, and the rating steps by role and name.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';

/** What global-setup.js started. */
export function run() {
  if (!process.env.HCP_E2E) throw new Error('HCP_E2E is not set: run through playwright.config.js');
  return JSON.parse(process.env.HCP_E2E);
}

/** The demo link the gateway printed for a page variant. */
export function link(name) {
  const l = run().links[name];
  if (!l) throw new Error(`the gateway printed no "${name}" link (got ${Object.keys(run().links).join(', ')})`);
  return l;
}

/** base64 of UTF-8 text, as portals encode the `*` parameters. */
export const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');

/** The sandbox's demo data (crates/sandbox/src/demo.rs). */
export const demo = {
  app: 'cTPyv9r6',
  citizen: {
    userId: '6a1f3b0e-2c4d-4e8f-9a7b-5d3c2e1f0a9b',
    userName: '王小明',
    certificateNo: '210102199001011237',
    contactPhone: '13800138000',
    passportName: 'wangxiaoming',
  },
  shenyang: { code: '56417234343428097', name: '沈阳测试大厅' },
  province: { code: '39357010579292161', name: '辽宁省政务服务中心' },
  dalian: { code: '56417234343428201', name: '大连市政务服务中心' },
};

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** A login ticket for the demo citizen (HS256 with the run's HCP_TICKET_SECRET). */
export function ticket({ expiresIn = 3600 } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const c = demo.citizen;
  const claims = {
    userId: c.userId,
    userName: c.userName,
    userType: 1,
    certificateType: 111,
    certificateNo: c.certificateNo,
    contactPhone: c.contactPhone,
    passportName: c.passportName,
    iat: now - 60,
    exp: now + expiresIn,
  };
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  const sig = crypto.createHmac('sha256', run().ticketSecret).update(`${head}.${body}`).digest();
  return `${head}.${body}.${b64url(sig)}`;
}

/** A page URL on the run's gateway. `params` keep their order; values are form-encoded. */
export function pageUrl(path, params) {
  const q = new URLSearchParams(params).toString();
  return `${run().base}${path}${q ? `?${q}` : ''}`;
}

// Signed hall links (crates/protocol/src/link.rs), written again here from
// its documentation: the gateway must accept what a hall vendor would write.
const SIGNED_PARAMS = [
  'affairCode', 'affairName', 'affairSerialNo', 'affairSerialNos', 'appCode', 'certificateNo',
  'channel', 'contactPhone', 'departmentCode', 'evalEntityCode', 'evalProcess', 'expires',
  'hallCode', 'msg', 'offLine', 'userName', 'workerName', 'workerNo',
];
const BASE64_PARAMS = new Set([
  'affairCode', 'affairName', 'affairSerialNo', 'affairSerialNos', 'certificateNo',
  'contactPhone', 'departmentCode', 'userName', 'workerName',
]);

/**
 * A page URL signed as a hall system signs it: `expires` (Unix seconds) and
 * `sign`, HMAC-SHA256 (the run's HCP_LINK_SECRET) over "HCP-LINK-1", the
 * path and the sorted name=value lines of the signed parameters (base64
 * ones decoded), joined by "\n".
 */
export function signedUrl(path, params, { expiresIn = 3600, secret = run().linkSecret } = {}) {
  const all = { ...params, expires: String(Math.floor(Date.now() / 1000) + expiresIn) };
  const lines = Object.keys(all)
    .filter((k) => SIGNED_PARAMS.includes(k))
    .sort()
    .map((k) => `${k}=${BASE64_PARAMS.has(k) ? Buffer.from(all[k], 'base64').toString('utf8') : all[k]}`);
  const canonical = ['HCP-LINK-1', path, ...lines].join('\n');
  const sign = crypto.createHmac('sha256', secret).update(canonical, 'utf8').digest('hex');
  return pageUrl(path, { ...all, sign });
}

/** A link without its signature (`expires`, `sign`). */
export function unsignedUrl(url) {
  const u = new URL(url);
  u.searchParams.delete('sign');
  u.searchParams.delete('expires');
  return u.toString();
}

/** A code no other test uses: guide ratings are keyed by affairCode, citizen and second. */
export function uniqueCode(prefix = 'E2E') {
  return `${prefix}${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`.toUpperCase();
}

/** Valid guide parameters (a guide is not in the case directory: any code rates). */
export function guideParams(extra = {}) {
  return {
    appCode: demo.app,
    channel: 'web',
    affairCode: b64(uniqueCode()),
    affairName: b64('企业投资项目备案'),
    departmentCode: b64('11210000001099743F'),
    evalEntityCode: 'egovGuide',
    evalProcess: '2',
    ...extra,
  };
}

/** A guide page that can be rated any number of times. */
export function guideUrl(extra = {}) {
  return pageUrl('/guide/', { ...guideParams(), ticket: ticket(), ...extra });
}

/** Records the page's calls to the gateway's /api (tags, halls, submit). */
export function trackApi(page) {
  const calls = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.includes('/api/')) calls.push(`${r.method()} ${u.pathname}`);
  });
  return calls;
}

/**
 * Counts the page's calls to the gateway's /api in the page itself (fetch is
 * wrapped before the widget loads), so a call is counted when it is made,
 * not when its network event reaches the test. Read with `apiCallsSettled`.
 */
export async function countApiCalls(page) {
  await page.addInitScript(() => {
    window.__hcpApi = [];
    const fetch = window.fetch;
    window.fetch = function (input, init) {
      const url = new URL(typeof input === 'string' ? input : input.url, location.href);
      if (url.pathname.includes('/api/')) window.__hcpApi.push(url.pathname);
      return fetch.call(this, input, init);
    };
  });
}

/**
 * The /api calls counted by `countApiCalls`, once the page has settled: two
 * animation frames after the check that precedes it, by which time every
 * task the widget queued while rendering (its effects start their fetches
 * then) has run. An event to wait on, not a time.
 */
export function apiCallsSettled(page) {
  return page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(window.__hcpApi)))),
  );
}

/** The radio for `n` stars, by its accessible name. */
export function star(page, n, lang = 'zh') {
  const zh = { 5: '5星 非常满意', 4: '4星 满意', 3: '3星 基本满意', 2: '2星 不满意', 1: '1星 非常不满意' };
  const en = {
    5: '5 stars Very satisfied',
    4: '4 stars Satisfied',
    3: '3 stars Fairly satisfied',
    2: '2 stars Dissatisfied',
    1: '1 star Very dissatisfied',
  };
  return page.getByRole('radio', { name: (lang === 'en' ? en : zh)[n], exact: true });
}

/** The tag toggles shown for the chosen stars. */
export function tags(page) {
  return page.getByRole('group', { name: /评价标签|Tags/ }).getByRole('button');
}

/** Chooses stars and waits until their tags (if any) have loaded. */
export async function chooseStars(page, n, lang = 'zh') {
  await star(page, n, lang).check();
  await expect(star(page, n, lang)).toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: /正在加载评价标签|Loading tags/ })).toHaveCount(0);
}

/** Presses the submit button and waits for the result heading. */
export async function submit(page, lang = 'zh') {
  await page.getByRole('button', { name: lang === 'en' ? 'Submit rating' : '提交评价' }).click();
}

/** The result view's heading. */
export function resultHeading(page) {
  return page.getByRole('heading', { level: 2 }).filter({
    hasText: /评价成功|已收到，将尽快提交|您已评价过|未被受理|Rating submitted|Received|already rated|Not accepted/,
  });
}

/** Rates and expects the given result text (default: delivered). */
export async function rateAndSubmit(page, n = 5, { result = '评价成功', remark, tag } = {}) {
  await chooseStars(page, n);
  if (tag) await tags(page).first().click();
  if (remark) await page.getByRole('textbox', { name: /评价内容/ }).fill(remark);
  await submit(page);
  await expect(resultHeading(page)).toHaveText(result);
  // The form gives way to the result.
  await expect(page.getByRole('radiogroup')).toBeHidden();
}

/** Runs `hcp-gateway` with `args` on the run's data directory, as an operator would. */
export function gatewayCommand(args, dataDir = run().dataDir) {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const bin = process.env.HCP_GATEWAY_BIN || path.join(repo, 'target', 'debug', 'hcp-gateway');
  return execFileSync(bin, args, {
    env: { PATH: process.env.PATH, HCP_DATA_DIR: dataDir, HCP_UPSTREAM: 'sandbox' },
    encoding: 'utf8',
  });
}

/** A pad link of its own for a window of the Shenyang demo hall (`hcp-gateway pad-link`). */
export function issuePad(workNo) {
  const { base } = run();
  return gatewayCommand(['pad-link', '--app-code', demo.app, '--hall-code', demo.shenyang.code, '--work-no', workNo, '--base-url', base]).trim();
}
