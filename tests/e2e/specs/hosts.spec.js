// SPEC §6: inside an iframe the widget tells an allowed parent `ready`,
// `resize` and `submitted` (page, stars, evalId: no personal data) and
// `close`; a parent on another origin hears nothing. returnUrl only to an
// allowed origin. The mini-program SDKs are loaded only in their hosts.
import { test, expect } from '@playwright/test';
import { chooseStars, guideUrl, resultHeading, run, star } from '../helpers.js';

const parentUrl = (origin, src) => `${origin}/parent.html?src=${encodeURIComponent(src)}`;
const messages = (page) => page.evaluate(() => window.__hcp);

test('an allowed parent receives ready, resize, submitted and close', async ({ page }) => {
  const { allowedParent } = run();
  await page.goto(parentUrl(allowedParent, guideUrl()));
  const frame = page.frameLocator('#hcp');
  await expect(star(frame, 5)).toBeVisible();
  await expect.poll(async () => (await messages(page)).map((m) => m.data.type)).toContain('ready');
  await expect.poll(async () => (await messages(page)).map((m) => m.data.type)).toContain('resize');
  const resize = (await messages(page)).find((m) => m.data.type === 'resize');
  expect(resize.data.height).toBeGreaterThan(100);
  expect(resize.origin).toBe(run().base);

  await chooseStars(frame, 5);
  await frame.getByRole('button', { name: '提交评价' }).click();
  await expect(resultHeading(frame)).toHaveText('评价成功');
  await expect.poll(async () => (await messages(page)).map((m) => m.data.type)).toContain('submitted');
  const submitted = (await messages(page)).find((m) => m.data.type === 'submitted');
  expect(Object.keys(submitted.data).sort()).toEqual(['evalId', 'page', 'source', 'stars', 'type']);
  expect(submitted.data).toMatchObject({ source: 'hcp', page: 'guide', stars: 5 });
  // The height changed with the result view.
  expect((await messages(page)).filter((m) => m.data.type === 'resize').length).toBeGreaterThan(1);

  await frame.getByRole('button', { name: '关闭' }).click();
  await expect.poll(async () => (await messages(page)).map((m) => m.data.type)).toContain('close');
});

test('a parent on another origin: the browser refuses the frame, and nothing is posted', async ({ page }) => {
  const { base, allowedParent, otherParent } = run();
  const refused = page.waitForEvent('console', (m) => m.text().includes('frame-ancestors'));
  const served = page.waitForResponse((r) => r.url().startsWith(`${base}/guide/`));
  await page.goto(parentUrl(otherParent, guideUrl()));
  // The gateway allows framing by the allowed origin only …
  const csp = (await served).headers()['content-security-policy'];
  expect(csp).toContain(`frame-ancestors 'self' ${allowedParent}`);
  expect(csp).not.toContain(otherParent);
  // … so the browser says it refused, and shows its error page in the frame.
  expect((await refused).text()).toMatch(/has been blocked|Refused to frame/);
  await expect
    .poll(() => page.frames().find((f) => f !== page.mainFrame())?.url())
    .toBe('chrome-error://chromewebdata/');
  await expect(star(page.frameLocator('#hcp'), 5)).toHaveCount(0);
  expect(await messages(page)).toEqual([]);
});

test('a top-level page shows no 关闭 and loads no mini-program SDK', async ({ page }) => {
  const scripts = [];
  page.on('request', (r) => scripts.push(r.url()));
  await page.goto(guideUrl());
  await expect(star(page, 5)).toBeVisible();
  await expect(page.getByRole('button', { name: '关闭' })).toHaveCount(0);
  expect(scripts.filter((u) => u.includes('res.wx.qq.com') || u.startsWith('https://appx'))).toEqual([]);
});

test.describe('in a WeChat mini-program web-view', () => {
  test.use({ userAgent: 'Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 MicroMessenger/8.0 miniProgram' });

  test('loads jweixin only there, and posts then navigates back after submit', async ({ page }) => {
    const calls = [];
    await page.exposeFunction('__record', (c) => calls.push(c));
    // The SDK stands in for the real one (no outside network here).
    await page.route('https://res.wx.qq.com/**', (route) =>
      route.fulfill({
        contentType: 'application/javascript',
        body: `window.wx = { miniProgram: {
          postMessage: function (m) { window.__record(JSON.stringify({ post: m })); },
          navigateBack: function () { window.__record(JSON.stringify({ back: true })); }
        } };`,
      }),
    );
    await page.goto(guideUrl());
    await expect(page.locator('script[src="https://res.wx.qq.com/open/js/jweixin-1.6.0.js"]')).toHaveCount(1);
    await expect(page.getByRole('button', { name: '关闭' })).toBeVisible();
    await chooseStars(page, 4);
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(resultHeading(page)).toHaveText('评价成功');
    await expect.poll(() => calls.length).toBe(2);
    const post = JSON.parse(calls[0]).post;
    expect(post.data).toMatchObject({ source: 'hcp', type: 'submitted', page: 'guide', stars: 4 });
    expect(JSON.parse(calls[1])).toEqual({ back: true });
  });
});

test.describe('in an Alipay mini-program web-view', () => {
  test.use({ userAgent: 'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 AlipayClient/10.5.0 MiniProgram' });

  test('loads the Alipay SDK only there, and posts then navigates back after submit', async ({ page }) => {
    const calls = [];
    await page.exposeFunction('__record', (c) => calls.push(c));
    await page.route('https://appx/**', (route) =>
      route.fulfill({
        contentType: 'application/javascript',
        body: `window.my = {
          postMessage: function (m) { window.__record(JSON.stringify({ post: m })); },
          navigateBack: function () { window.__record(JSON.stringify({ back: true })); }
        };`,
      }),
    );
    await page.goto(guideUrl());
    await expect(page.locator('script[src="https://appx/web-view.min.js"]')).toHaveCount(1);
    await expect(page.locator('script[src*="res.wx.qq.com"]')).toHaveCount(0);
    await chooseStars(page, 3);
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(resultHeading(page)).toHaveText('评价成功');
    await expect.poll(() => calls.length).toBe(2);
    expect(JSON.parse(calls[0]).post).toMatchObject({ source: 'hcp', type: 'submitted', page: 'guide', stars: 3 });
    expect(JSON.parse(calls[1])).toEqual({ back: true });
  });
});

test('returnUrl: 返回 only to an allowed origin', async ({ page }) => {
  const { allowedParent } = run();
  await page.goto(guideUrl({ returnUrl: `${allowedParent}/done` }));
  await chooseStars(page, 5);
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(resultHeading(page)).toHaveText('评价成功');
  const back = page.getByRole('link', { name: '返回' });
  await expect(back).toHaveAttribute('href', `${allowedParent}/done`);
  await expect(back).toHaveAttribute('target', '_top');

  for (const bad of ['https://evil.example/x', 'javascript:alert(1)', `${run().otherParent}/done`]) {
    await page.goto(guideUrl({ returnUrl: bad }));
    await chooseStars(page, 5);
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(resultHeading(page)).toHaveText('评价成功');
    await expect(page.getByRole('link', { name: '返回' })).toHaveCount(0);
  }
});
