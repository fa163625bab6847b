// 我的评价 while the platform is down: the page says so plainly and offers
// to try again; nothing personal is served from anywhere else (the gateway
// keeps no copy of a citizen's lists). Runs its own gateway, so the outage
// does not reach the other specs'.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { run } from '../helpers.js';
import { startGateway } from '../own-gateway.js';

let dataDir;
let gateway;

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-e2e-my-outage-'));
  gateway = await startGateway({
    HCP_UPSTREAM: 'sandbox',
    HCP_DATA_DIR: dataDir,
    HCP_TICKET_SECRET: run().ticketSecret,
    HCP_LINK_SECRET: run().linkSecret,
  });
});

test.afterAll(async () => {
  await gateway?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the platform down: said plainly, with a retry that works once it is back', async ({ page, request }) => {
  const faults = async (data) =>
    expect((await request.put(`${gateway.base}/dev/sandbox/faults`, { data })).status()).toBe(200);
  const my = new URL(gateway.links.my);
  const url = (extra = '') => `${gateway.base}${my.pathname}${my.search}${extra}`;
  // Seen once while the platform is up.
  await page.goto(url());
  await expect(page.getByRole('heading', { name: '住房公积金提取' })).toBeVisible();
  await faults({ failFraction: 1 });
  await page.getByRole('radio', { name: '近一年' }).check();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('您的办件暂时无法加载。');
  await expect(alert).toContainText('评价平台暂时无法访问，请稍后再试');
  // Nothing of what was shown before stays on the page.
  await expect(page.getByRole('heading', { name: '住房公积金提取' })).toHaveCount(0);
  // A case cannot be opened either; once the platform is back, 重试 shows it.
  await page.goto(url('&case=210100-210100601004-20250415083000504'));
  await expect(page.getByRole('alert')).toContainText('办件详情暂时无法加载。');
  await faults({});
  await page.getByRole('alert').getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('heading', { name: '差评处理' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
