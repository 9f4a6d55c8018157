import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe.js';
import { mailLink } from './mail.js';

// A nurse signs up in Italian, finds the first interdisciplinary module from the path for nurses, and works
// through its lessons to the end; with and without JavaScript.
test('a nurse finds a module from the path for nurses and completes its lessons — it', async ({ browser }, info) => {
  const hasJs = info.project.use.javaScriptEnabled !== false;
  const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
  const context = await browser.newContext({ locale: 'it', extraHTTPHeaders: { 'x-forwarded-for': ip }, javaScriptEnabled: hasJs });
  const page = await context.newPage();
  const email = `e2e-nurse-${hasJs ? 'js' : 'nojs'}-${Date.now()}@example.org`;
  const password = 'lantern river pepper';

  await page.goto('/signup');
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await page.fill('#field-name', 'Nadia Infermiera');
  await page.fill('#field-email', email);
  await page.fill('#field-password', password);
  await page.selectOption('#field-profession', 'nurse');
  await page.locator('main button[type="submit"]').click();
  await expect(page).toHaveURL(/\/signup\/sent$/);
  await page.goto(await mailLink(email, '/verify/'));
  await page.locator('main button[type="submit"]').click();
  await page.fill('#field-email', email);
  await page.fill('#field-password', password);
  await page.locator('main button[type="submit"]').click();
  await expect(page).toHaveURL(/\/account$/);

  // The catalogue, from the main navigation, and the learning path for nurses.
  await page.locator('nav.primary-nav a[href="/training"]').click();
  await expect(page.locator('main h1')).toHaveText('Formazione');
  await expectAccessible(page, hasJs);
  await page.locator('main a[href="/training/paths/nurse"]').click();
  await expectAccessible(page, hasJs);
  const first = page.locator('main ol.path > li').first();
  await expect(first).toContainText('Tappa 1');
  await first.locator('a[href="/training/courses/migration-culture-mental-health"]').click();

  // The course page, in Italian, then enrolment.
  await expect(page.locator('main h1')).not.toBeEmpty();
  await expect(page.locator('main .translation-notice')).toHaveCount(0);
  await expectAccessible(page, hasJs);
  await page.locator('main form[action="/training/courses/migration-culture-mental-health/enrol"] button').click();
  await expect(page).toHaveURL(/\/learn\/migration-culture-mental-health\?notice=enrolled$/);
  await expectAccessible(page, hasJs);
  await page.locator('main a.button').click();

  // Four lessons: a knowledge check in the first, then each one completed in turn.
  await expect(page.locator('main h1')).not.toBeEmpty();
  await expectAccessible(page, hasJs);
  const check = page.locator('main .block--check').first();
  await check.locator('input[type="radio"]').first().check();
  await check.locator('button').click();
  await expect(page.locator('main .block--check .alert').first()).toBeVisible();
  await expectAccessible(page, hasJs);
  for (let i = 0; i < 4; i++) {
    await expect(page.locator('main .lesson .card__meta').first()).toContainText(`Lezione ${i + 1} di 4`);
    await page.locator('main .lesson__end form button').click();
  }
  await expect(page).toHaveURL(/\/learn\/migration-culture-mental-health\?notice=completed$/);
  await expect(page.locator('main progress')).toHaveAttribute('value', '4');
  await expectAccessible(page, hasJs);

  // The dashboard, from the account menu.
  await page.locator('details.account-menu summary').click();
  await page.locator('details.account-menu a[href="/learn"]').click();
  await expect(page.locator('main')).toContainText('Completato');
  await expectAccessible(page, hasJs);
  await context.close();
});
