// The foundation slice: the guide link rates with five stars; a guide link
// with broken base64 shows the error naming the field.
import { test, expect } from '@playwright/test';
import {
  apiCallsSettled,
  countApiCalls,
  guideParams,
  guideUrl,
  pageUrl,
  rateAndSubmit,
  star,
  ticket,
} from '../helpers.js';

test('guide: choose 5 stars, submit, see success', async ({ page }) => {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // CSP violations, panics and failed loads are errors; none is expected.
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(guideUrl());
  await expect(page.getByRole('heading', { level: 1, name: '办事指南评价' })).toBeVisible();
  await expect(page).toHaveTitle(/办事指南评价/);
  await expect(page.getByRole('radiogroup', { name: '整体评价' })).toBeVisible();
  await rateAndSubmit(page, 5);
  await expect(page.getByText('感谢您的评价！')).toBeVisible();
  expect(problems).toEqual([]);
});

test('guide with broken base64 shows the error and no form', async ({ page }) => {
  await countApiCalls(page);
  await page.goto(pageUrl('/guide/', { ...guideParams(), affairName: '5rWL!!!', ticket: ticket() }));
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('affairName');
  await expect(alert).toContainText('base64');
  await expect(page.getByRole('heading', { level: 1, name: '评价链接有误' })).toBeVisible();
  await expect(star(page, 5)).toHaveCount(0);
  expect(await apiCallsSettled(page)).toEqual([]);
});
