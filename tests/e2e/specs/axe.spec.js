// An automated accessibility scan (axe-core) of every page (the hall pad too), in both
// languages and both modes (normal and 长辈模式), before and after choosing a
// low rating (tags, the 差评 hint and the comment label change then). Any
// serious or critical finding fails; the findings are listed.
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '@playwright/test';
import { chooseStars, demo, guideParams, issuePad, link, pageUrl, star } from '../helpers.js';

const RATING_PAGES = ['guide', 'affair-online', 'affair-hall', 'batch', 'consult-online', 'consult-hall', 'dynamic', 'dynamic-gd'];

/** Scans the page; fails on serious or critical findings, naming them. */
async function scan(page, what) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `${what}: axe findings`).toEqual([]);
}

const withOptions = (url, lang, elder) => {
  const u = new URL(url);
  if (lang === 'en') u.searchParams.set('lang', 'en');
  if (elder) u.searchParams.set('elder', '1');
  return u.toString();
};

for (const lang of ['zh', 'en']) {
  for (const elder of [false, true]) {
    const mode = `${lang}${elder ? ', 长辈模式' : ''}`;

    for (const name of RATING_PAGES) {
      test(`${name} (${mode})`, async ({ page }) => {
        await page.goto(withOptions(link(name), lang, elder));
        await expect(star(page, 5, lang)).toBeVisible();
        await scan(page, `${name} before rating`);
        await chooseStars(page, 1, lang);
        await expect(page.getByRole('group', { name: /评价标签|Tags/ })).toBeVisible();
        await scan(page, `${name} after choosing 1 star`);
      });
    }

    test(`bad link and unknown path (${mode})`, async ({ page }) => {
      const { affairName: _a, ...params } = guideParams();
      await page.goto(withOptions(pageUrl('/guide/', params), lang, elder));
      await expect(page.getByRole('alert')).toBeVisible();
      await scan(page, 'bad link');
      await page.goto(withOptions(pageUrl('/rating-dynamic/', { msg: 'x', appCode: demo.app }), lang, elder));
      await expect(page.getByRole('alert')).toBeVisible();
      await scan(page, 'bad QR');
    });
  }
}

// The hall pad (its own entry): idle, then its consultation form after a
// low rating. A pad of its own window (刘丹丹, 3101): no case is reported there.
for (const lang of ['zh', 'en']) {
  test(`pad (${lang})`, async ({ page }) => {
    await page.goto(withOptions(issuePad('3101'), lang, false));
    await expect(page.getByRole('heading', { name: lang === 'en' ? 'Scan to rate' : '扫码评价' })).toBeVisible();
    await scan(page, 'pad idle');
    await page.getByRole('button', { name: lang === 'en' ? 'Rate this service here' : '在此评价本次服务' }).click();
    await chooseStars(page, 1, lang);
    await expect(page.getByRole('group', { name: /评价标签|Tags/ })).toBeVisible();
    await scan(page, 'pad consultation after choosing 1 star');
  });
}
