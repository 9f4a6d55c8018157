import { expect, test } from './test.js';
import { expectAccessible } from './axe.js';
import { mailLink } from './mail.js';

// A visitor subscribes from a project's pages, confirms from the e-mail, changes preferences and unsubscribes.
for (const lang of ['it', 'en'] as const) {
  test(`a visitor subscribes, confirms and unsubscribes — ${lang}`, async ({ browser }, info) => {
    const hasJs = info.project.use.javaScriptEnabled !== false;
    const context = await browser.newContext({ locale: lang, javaScriptEnabled: hasJs, extraHTTPHeaders: { 'x-forwarded-for': `198.18.0.${Math.floor(Math.random() * 250) + 1}` } });
    const page = await context.newPage();
    const email = `news-${lang}-${hasJs ? 'js' : 'nojs'}-${Date.now()}@example.org`;

    await page.goto('/projects/eu-micare');
    await page.locator('nav.tabs a[href="/newsletter?project=eu-micare"]').click();
    await expectAccessible(page, hasJs);
    await page.fill('#field-email', email);
    await page.check('#field-consent');
    await page.locator('main form button[type="submit"]').click();
    await expect(page.locator('main')).toContainText(email);
    await expectAccessible(page, hasJs);

    // The confirmation link from the e-mail opens a page; its button confirms.
    await page.goto(await mailLink(email, '/newsletter/confirm/'));
    await expectAccessible(page, hasJs);
    await page.locator('main form button').click();
    await expect(page.locator('main h1')).toContainText(lang === 'it' ? 'Iscrizione completata' : 'You are subscribed');
    await expectAccessible(page, hasJs);

    // Preferences: the language of the newsletter, without an account.
    await page.locator('main a[href^="/newsletter/manage/"]').click();
    await expectAccessible(page, hasJs);
    await page.selectOption('#field-locale', 'es');
    await page.locator('main form').first().locator('button[type="submit"]').click();
    await expect(page.locator('main .alert')).toBeVisible();
    await expect(page.locator('#field-locale')).toHaveValue('es');

    // The visible unsubscribe link, followed by a person (the browser sends Sec-Fetch-User), unsubscribes at once.
    const token = new URL(page.url()).pathname.split('/').pop()!;
    await page.goto(`/newsletter/unsubscribe/${token}`);
    await expect(page.locator('main h1')).toContainText(lang === 'it' ? 'Disiscrizione completata' : 'You are unsubscribed');
    await expectAccessible(page, hasJs);
    await context.close();
  });
}
