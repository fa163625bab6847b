// A rating page during an outage of the platform: every star level still
// shows its tags, because the gateway fetched every catalog ahead of need
// and kept them in gateway.db, so even a gateway restarted during the
// outage has them. Runs its own gateway (the outage must not reach the
// other specs' gateway), with the run's ticket and link secrets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { chooseStars, run, tags } from '../helpers.js';
import { startGateway } from '../own-gateway.js';

test.describe.configure({ mode: 'serial' });

// One page per tag catalog the pages show: (evalEntityCode, type).
const PAGES = [
  ['guide', 'egovGuide, type 1'],
  ['affair-online', 'egovAffair, type 1'],
  ['affair-hall', 'hallAffair, type 1'],
  ['consult-hall', 'hallAffair, type 2'],
];

let dataDir;
let gateway;
let links;

async function health(request, base) {
  return (await request.get(`${base}/healthz`)).json();
}

/** Every star level of every page shows tags (and no complaint about them). */
async function everyStarHasTags(page, base) {
  for (const [name, catalog] of PAGES) {
    const url = new URL(links[name]);
    await page.goto(`${base}${url.pathname}${url.search}`);
    for (const n of [1, 2, 3, 4, 5]) {
      await chooseStars(page, n);
      await expect(tags(page).first(), `${name} (${catalog}) ${n}★`).toBeVisible();
      await expect(page.getByRole('alert')).toHaveCount(0);
    }
  }
}

test.beforeAll(async ({ request }) => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-e2e-outage-'));
  gateway = await startGateway({
    HCP_UPSTREAM: 'sandbox',
    HCP_DATA_DIR: dataDir,
    HCP_TICKET_SECRET: run().ticketSecret,
    // The demo hall links are signed with it; the restarted gateway checks them.
    HCP_LINK_SECRET: run().linkSecret,
  });
  links = gateway.links;
  // Fetched at start: the demo appCode's 4 catalogs × 5 star levels.
  await expect
    .poll(async () => (await health(request, gateway.base)).tagCatalogs, { timeout: 20_000 })
    .toEqual({ stored: 20, missing: 0, appCodes: 1 });
});

test.afterAll(async () => {
  await gateway?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('every star level shows its tags while the platform is down', async ({ page, request }) => {
  const down = await request.put(`${gateway.base}/dev/sandbox/faults`, { data: { failFraction: 1 } });
  expect(down.status()).toBe(200);
  // The platform answers nothing: a list the gateway never fetched is not there.
  const unknown = await request.get(
    `${gateway.base}/api/tags?appCode=nowhere1&evalEntityCode=egovGuide&stars=1&type=1`,
  );
  expect(unknown.status()).toBe(502);
  await everyStarHasTags(page, gateway.base);
});

test('…and after the gateway restarts during the outage', async ({ page }) => {
  await gateway.stop();
  // The same data directory, the platform unreachable (nothing listens on port 9).
  gateway = await startGateway({
    HCP_UPSTREAM: 'http://127.0.0.1:9/ebus/ping/',
    HCP_DATA_DIR: dataDir,
    HCP_TICKET_SECRET: run().ticketSecret,
    HCP_PAAS_ID: 'e2e-outage',
    HCP_PAAS_TOKEN: 'e2e-outage-token',
    HCP_DES_KEY: 'e2eouta1',
    HCP_LOGIN_URL: 'https://login.example.gov.cn/sso',
    HCP_LINK_SECRET: run().linkSecret,
    // Remote mode with the sandbox's published ticket secret: a development
    // build's opt-in (a production gateway refuses it).
    HCP_ALLOW_DEV_SECRETS: 'true',
  });
  await everyStarHasTags(page, gateway.base);
});
