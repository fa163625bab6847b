// axe-core on 我的评价 and 一件事, both languages, normal and 长辈模式: the
// list, a case with its rating form (before and after choosing a low
// rating), a 差评's work order, the guide ratings, the 一件事 page. Any
// serious or critical finding fails.
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '@playwright/test';
import { chooseStars, demo, link, pageUrl, star, ticket } from '../helpers.js';

async function scan(page, what) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `${what}: axe findings`).toEqual([]);
}

const my = (extra) => pageUrl('/my/', { appCode: demo.app, channel: 'web', ticket: ticket(), ...extra });

for (const lang of ['zh', 'en']) {
  for (const elder of [false, true]) {
    const mode = `${lang}${elder ? ', 长辈模式' : ''}`;
    const opts = { ...(lang === 'en' ? { lang: 'en' } : {}), ...(elder ? { elder: '1' } : {}) };

    test(`我的评价: list, case, work order, guides (${mode})`, async ({ page }) => {
      await page.goto(my(opts));
      await expect(page.locator('.hcp-my-list > li').first()).toBeVisible();
      await scan(page, 'the list');
      // Rated on acceptance: its completion has a form (not rated by this spec).
      await page.goto(my({ ...opts, case: '210100-210100501002-20250505100512501' }));
      await expect(page.locator('.hcp-my-stage').first()).toBeVisible();
      await scan(page, 'a case rated at both stages');
      await page.goto(my({ ...opts, case: '210100-210100601004-20250415083000504' }));
      await expect(page.locator('.hcp-my-order')).toBeVisible();
      await scan(page, 'a 差评 with its work order');
      await page.goto(my({ ...opts, case: '210100-210100301001-20250311140208104' }));
      await expect(star(page, 5, lang)).toBeVisible();
      await scan(page, 'a case with its rating form');
      await chooseStars(page, 1, lang);
      await scan(page, 'the form after choosing 1 star');
      await page.goto(my({ ...opts, tab: 'guides' }));
      await expect(page.locator('.hcp-my-list > li').first()).toBeVisible();
      await scan(page, 'guide ratings');
    });

    test(`一件事 (${mode})`, async ({ page }) => {
      const u = new URL(link('onething'));
      for (const [k, v] of Object.entries(opts)) u.searchParams.set(k, v);
      await page.goto(u.toString());
      await expect(star(page, 5, lang)).toBeVisible();
      await scan(page, '一件事');
      await chooseStars(page, 2, lang);
      await scan(page, '一件事 after choosing 2 stars');
    });
  }
}
