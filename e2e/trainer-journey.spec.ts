import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './test.js';
import { expectAccessible } from './axe.js';

// The demo trainer reads the knowledge gain of the demo cohort, downloads the figures and takes attendance at
// the cohort's coming webinar, with and without JavaScript. Both projects open the one-time link; whichever comes second finds it used, and signs in.
const PASSWORD = 'copper kettle lighthouse';

test('a trainer reads the knowledge gain of a cohort and takes attendance — it', async ({ browser }, info) => {
  const hasJs = info.project.use.javaScriptEnabled !== false;
  const context = await browser.newContext({ locale: 'it', javaScriptEnabled: hasJs, extraHTTPHeaders: { 'x-forwarded-for': `192.0.2.${Math.floor(Math.random() * 250) + 1}` } });
  const page = await context.newPage();
  const link = /http:\/\/[^\s]+\/password\/reset\/[A-Za-z0-9_-]+/.exec(readFileSync(join(process.env.E2E_DATA_DIR!, 'trainer-link.txt'), 'utf8'));
  await page.goto(new URL(link![0]).pathname);
  if (await page.locator('#field-password').count()) {
    await page.fill('#field-password', PASSWORD);
    await page.locator('main button[type="submit"]').click();
    await page.waitForLoadState();
  }
  await page.goto('/signin');
  await page.fill('#field-email', 'trainer@example.org');
  await page.fill('#field-password', PASSWORD);
  await page.locator('main button[type="submit"]').click();
  await expect(page).toHaveURL(/\/account$/);

  await page.locator('nav.primary-nav a[href="/trainer"]').click();
  await expectAccessible(page, hasJs);
  // The grading queue (empty in the demo, whose questions are all marked automatically).
  await page.locator('main a[href="/trainer/grading"]').click();
  await expect(page.locator('main h1')).toHaveText('Valutazioni');
  await expectAccessible(page, hasJs);
  await page.goto('/trainer');
  await page.locator('main table a[href^="/trainer/cohorts/"]').first().click();
  await expect(page.locator('main h1')).toHaveText('EU-MiCare pilot, Milano');
  await expect(page.locator('main table tbody tr')).toHaveCount(40);
  await expectAccessible(page, hasJs);
  await page.locator('main a[href*="/report?cohort="]').click();
  await expect(page.locator('main #gain-title')).toBeVisible();
  await expect(page.locator('main figure.chart svg[role="img"]').first()).toBeVisible();
  // The gain is positive and its interval is shown next to it.
  const rows = page.locator('main section[aria-labelledby="gain-title"] table tbody tr');
  await expect(rows).toHaveCount(7);
  expect(Number.parseFloat((await rows.nth(3).locator('td').last().textContent())!.replace(',', '.'))).toBeGreaterThan(0);
  await expectAccessible(page, hasJs);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('main section[aria-labelledby="gain-title"] a[href*="report.csv"]').click()]);
  expect(download.suggestedFilename()).toMatch(/-gain\.csv$/);

  // Attendance at the cohort's coming webinar, taken from the list.
  await page.goto('/trainer');
  await page.locator('main table a[href^="/trainer/sessions/"]', { hasText: 'Webinar' }).click();
  await expect(page.locator('main h2').filter({ hasText: /\d+ .* 12/ })).toHaveCount(1);
  await expectAccessible(page, hasJs);
  // Each project marks its own learner (the two run side by side on the same session).
  const row = page.locator('main table tbody tr').nth(hasJs ? 0 : 1);
  await expect(row.locator('td').nth(1)).toHaveText(/^no$/);
  await row.locator('form button').click();
  await expect(page).toHaveURL(/notice=marked$/);
  await expect(page.locator('main .alert--success')).toBeVisible();
  await expect(page.locator('main table tbody tr').nth(hasJs ? 0 : 1).locator('td').nth(1)).toContainText('sì');
  await expectAccessible(page, hasJs);
  await context.close();
});
