// Keyboard-only rating, the 320 px layout, English, and elder mode.
import { test, expect } from '@playwright/test';
import { guideParams, guideUrl, link, pageUrl, resultHeading, star, tags, ticket } from '../helpers.js';

test('keyboard only: Tab to the stars, arrows, Space/Enter on tags, Tab to submit, Enter', async ({ page }) => {
  await page.goto(guideUrl());
  await expect(star(page, 5)).toBeVisible();
  // Tab until a star has the focus.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.getAttribute('type') === 'radio')) break;
  }
  await expect(star(page, 1)).toBeFocused();
  // The focus ring is visible on the focused star.
  const outline = await page.evaluate(() => {
    const icon = document.activeElement?.nextElementSibling;
    return icon ? getComputedStyle(icon).outlineStyle : 'none';
  });
  expect(outline).toBe('solid');
  // Native radio arrows: Right moves on and checks; Left wraps from 1 to 5.
  await page.keyboard.press('ArrowRight');
  await expect(star(page, 2)).toBeChecked();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(star(page, 5)).toBeChecked();
  await expect(star(page, 5)).toBeFocused();
  await expect(tags(page).first()).toBeVisible();
  // Tab leaves the group for the first tag: Space toggles it, Enter the next.
  await page.keyboard.press('Tab');
  await expect(tags(page).first()).toBeFocused();
  await page.keyboard.press('Space');
  await expect(tags(page).first()).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(tags(page).nth(1)).toHaveAttribute('aria-pressed', 'true');
  // On to the comment, then the submit button.
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.tagName === 'TEXTAREA')) break;
  }
  await page.keyboard.type('窗口服务很好');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: '提交评价' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(resultHeading(page)).toHaveText('评价成功');
  await expect(resultHeading(page)).toBeFocused();
});

test.describe('at 320 px', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  const noHorizontalScroll = async (page) => {
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(w).toBeLessThanOrEqual(320);
  };

  for (const name of ['guide', 'batch', 'consult-online', 'dynamic']) {
    test(`${name} has no horizontal scroll`, async ({ page }) => {
      await page.goto(link(name));
      await expect(star(page, 5)).toBeVisible();
      await noHorizontalScroll(page);
      await star(page, 1).check();
      await expect(tags(page).first()).toBeVisible();
      await noHorizontalScroll(page);
    });
  }

  test('elder mode and an error page have no horizontal scroll', async ({ page }) => {
    await page.goto(guideUrl({ elder: '1' }));
    await star(page, 2).check();
    await expect(tags(page).first()).toBeVisible();
    await noHorizontalScroll(page);
    await page.goto(pageUrl('/rating-dynamic/', { msg: 'x'.repeat(300) }));
    await expect(page.getByRole('alert')).toBeVisible();
    await noHorizontalScroll(page);
  });
});

test('English with lang=en', async ({ page }) => {
  await page.goto(guideUrl({ lang: 'en' }));
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveTitle(/Rate this service guide/);
  await expect(page.getByRole('heading', { level: 1, name: 'Rate this service guide' })).toBeVisible();
  await expect(page.getByRole('radiogroup', { name: 'Overall rating' })).toBeVisible();
  await star(page, 1, 'en').check();
  await page.getByRole('button', { name: 'Submit rating' }).click();
  await expect(page.getByRole('alert')).toHaveText('A low rating needs a reason: choose a tag or write a comment');
  await page.getByRole('textbox', { name: 'Comment' }).fill('Too slow');
  await page.getByRole('button', { name: 'Submit rating' }).click();
  await expect(resultHeading(page)).toHaveText('Rating submitted');
});

test('English error page', async ({ page }) => {
  const { affairName: _a, ...params } = guideParams({ ticket: ticket(), lang: 'en' });
  await page.goto(pageUrl('/guide/', params));
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'This rating link is not valid' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Parameter affairName (service item name) is missing');
});

test('Chinese by default', async ({ page }) => {
  await page.goto(guideUrl());
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test('elder mode (elder=1 or the toggle) enlarges text and targets', async ({ page }) => {
  const sizes = () =>
    page.evaluate(() => {
      const root = document.querySelector('.hcp');
      const label = document.querySelector('.hcp-stars__star');
      return {
        font: parseFloat(getComputedStyle(root).fontSize),
        target: label.getBoundingClientRect().height,
      };
    });
  await page.goto(guideUrl());
  await expect(star(page, 5)).toBeVisible();
  const normal = await sizes();
  const toggle = page.getByRole('button', { name: '长辈模式' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const toggled = await sizes();
  expect(toggled.font).toBeGreaterThanOrEqual(normal.font * 1.2);
  expect(toggled.target).toBeGreaterThan(normal.target);
  await page.goto(guideUrl({ elder: '1' }));
  await expect(page.getByRole('button', { name: '长辈模式' })).toHaveAttribute('aria-pressed', 'true');
  const fromUrl = await sizes();
  expect(fromUrl.font).toBeGreaterThanOrEqual(normal.font * 1.2);
  expect(normal.target).toBeGreaterThanOrEqual(44);
  expect(fromUrl.target).toBeGreaterThanOrEqual(56);
});

/**
 * In 长辈模式 (SPEC §3, MIIT's 适老化 rules): every visible text at least
 * 20 px with a line height of at least 1.3, every target at least 48×48 px.
 * Lists what falls short.
 */
function elderShortfalls(page) {
  return page.evaluate(() => {
    const out = [];
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const root = document.querySelector('.hcp');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode.textContent.trim();
      const el = walker.currentNode.parentElement;
      // Screen-reader-only text is not seen.
      if (!text || !visible(el) || el.closest('.hcp-sr')) continue;
      const cs = getComputedStyle(el);
      const size = parseFloat(cs.fontSize);
      const line = cs.lineHeight === 'normal' ? size * 1.2 : parseFloat(cs.lineHeight);
      if (size < 20) out.push(`text "${text}" (${el.className || el.tagName}) is ${size}px`);
      // The star glyphs are icons (aria-hidden), not text to read.
      if (line < size * 1.3 - 0.5 && !el.closest('[aria-hidden="true"]')) {
        out.push(`text "${text}" (${el.className || el.tagName}) has line height ${line}px for ${size}px`);
      }
    }
    for (const el of root.querySelectorAll('button, a, select, textarea, .hcp-stars__star')) {
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 48 || r.height < 48) {
        out.push(`target ${el.tagName} "${el.textContent.trim()}" is ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return out;
  });
}

for (const lang of ['zh', 'en']) {
  test(`elder mode (${lang}): every text at least 20 px, every target at least 48 px`, async ({ page }) => {
    for (const name of ['guide', 'consult-online', 'batch']) {
      const u = new URL(link(name));
      u.searchParams.set('elder', '1');
      if (lang === 'en') u.searchParams.set('lang', 'en');
      await page.goto(u.toString());
      await star(page, 1, lang).check();
      // The 差评 hint, the tags, the counter and the comment label for a low rating.
      await expect(tags(page).first()).toBeVisible();
      await page.getByRole('textbox').fill('排队太久');
      expect(await elderShortfalls(page), name).toEqual([]);
    }
    // An error page too.
    await page.goto(pageUrl('/rating-dynamic/', { msg: 'x', elder: '1', ...(lang === 'en' ? { lang: 'en' } : {}) }));
    await expect(page.getByRole('alert')).toBeVisible();
    expect(await elderShortfalls(page), 'error page').toEqual([]);
  });
}
