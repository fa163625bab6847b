// SPEC §4: a page that needs login and has no ticket goes to the login URL
// and comes back with one; an expired ticket (401 login_required) goes there
// too, and the citizen's draft is restored on return.
import { test, expect } from '@playwright/test';
import { guideParams, pageUrl, resultHeading, star, ticket } from '../helpers.js';

/** Logs in on the dev login page: the browser comes back to the guide with a
 * ticket, which the widget then takes out of the address bar (it carries
 * personal data and must not be bookmarked or shared). */
async function backWithTicket(page) {
  const back = page.waitForRequest((r) => r.isNavigationRequest() && /\/guide\/\?.*ticket=/.test(r.url()));
  await page.getByRole('button', { name: /登录/ }).click();
  await back;
  await expect(page).toHaveURL(/\/guide\/\?.*appCode=/);
  await expect(page).not.toHaveURL(/ticket=/);
}

test('no ticket: redirect to the dev login, and back with a ticket', async ({ page }) => {
  const params = guideParams();
  await page.goto(pageUrl('/guide/', params));
  await expect(page).toHaveURL(/\/dev\/login\?redirect=/);
  const redirect = new URL(page.url()).searchParams.get('redirect');
  expect(redirect.startsWith('/guide/?')).toBe(true);
  await backWithTicket(page);
  await star(page, 5).check();
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(resultHeading(page)).toHaveText('评价成功');
});

test('an offLine=1 hall page needs no login', async ({ page }) => {
  const { link } = await import('../helpers.js');
  await page.goto(link('affair-hall'));
  await expect(page).toHaveURL(/\/front\/pc\//);
  await expect(star(page, 5)).toBeVisible();
});

test('an expired ticket: login on submit, and the draft comes back', async ({ page }) => {
  await page.goto(pageUrl('/guide/', guideParams({ ticket: ticket({ expiresIn: -120 }) })));
  await star(page, 2).check();
  await page.getByRole('textbox', { name: '评价内容' }).fill('材料要求不清楚');
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page).toHaveURL(/\/dev\/login\?redirect=/);
  const redirect = new URL(page.url()).searchParams.get('redirect');
  expect(redirect).not.toContain('ticket=');
  await backWithTicket(page);
  await expect(star(page, 2)).toBeChecked();
  await expect(page.getByRole('textbox', { name: '评价内容' })).toHaveValue('材料要求不清楚');
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(resultHeading(page)).toHaveText('评价成功');
});
