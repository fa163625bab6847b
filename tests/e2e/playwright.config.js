// Browser end-to-end tests of the widget, against the real gateway binary in
// sandbox mode (started by global-setup.js), in Debian's Chromium: browser
// downloads do not work on these machines, so Playwright never installs one.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './specs',
  globalSetup: './global-setup.js',
  globalTeardown: './global-teardown.js',
  // Two cores are shared with the gateway and the sandbox.
  workers: process.env.HCP_E2E_WORKERS ? Number(process.env.HCP_E2E_WORKERS) : 2,
  fullyParallel: false,
  // A retry would rate the same case twice and see "already rated": never retry.
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    browserName: 'chromium',
    locale: 'zh-CN',
    trace: 'off',
    screenshot: 'off',
    launchOptions: {
      executablePath: process.env.HCP_CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
