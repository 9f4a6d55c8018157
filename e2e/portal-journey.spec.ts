import { expect, test } from './test.js';
import { expectAccessible } from './axe.js';

// A visitor browses both seed projects, their pages and the news, in every interface language.
for (const lang of ['en', 'it', 'de', 'es', 'el', 'ar'] as const) {
  test(`a visitor browses both projects and the news — ${lang}`, async ({ browser }, info) => {
    const hasJs = info.project.use.javaScriptEnabled !== false;
    const context = await browser.newContext({ locale: lang, javaScriptEnabled: hasJs });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expectAccessible(page, hasJs);

    await page.locator('main a[href="/projects/eu-micare"]').first().click();
    await expect(page.locator('main h1')).toContainText('EU-MiCare');
    await expect(page.locator('footer .eu-emblem')).toBeVisible();
    // Readers whose language is not translated yet see the English text, with a note saying so.
    await expect(page.locator('main .translation-notice')).toHaveCount(['es', 'el', 'ar'].includes(lang) ? 1 : 0);
    await expectAccessible(page, hasJs);
    await page.locator('main nav.tabs a[href="/projects/eu-micare/training"]').click();
    await expect(page.locator('footer .eu-emblem')).toBeVisible();
    await expectAccessible(page, hasJs);

    await page.goto('/projects/eu-micare');
    await page.locator('main a[href="/projects/eu-vet-care"]').click();
    await expect(page.locator('main h1')).toContainText('EU-VET CARE');
    await expectAccessible(page, hasJs);

    await page.goto('/projects/psychcare');
    await expect(page.locator('main')).toContainText('Lazio');
    await expect(page.locator('footer .funding')).toContainText('Open Society Foundations');
    await expectAccessible(page, hasJs);
    await page.locator('main nav.tabs a[href="/projects/psychcare/regions"]').click();
    await expectAccessible(page, hasJs);
    await page.goto('/projects/psychcare');
    await page.locator('main table a[href^="/organisations/"]').first().click();
    await expect(page.locator('main')).toContainText('PsychCare 2');
    await expectAccessible(page, hasJs);

    await page.goto('/news');
    // The demo's news of both projects (an editor's journey may have added more).
    for (const slug of ['eu-micare-closing-event-milan', 'psychcare-2-guidelines-into-practice']) await expect(page.locator(`main .card a[href="/news/${slug}"]`)).toHaveCount(1);
    await page.locator('main .card a[href="/news/eu-micare-closing-event-milan"]').click();
    await expect(page.locator('footer .eu-emblem')).toBeVisible();
    await expectAccessible(page, hasJs);
    // Search from the header, with a typo.
    await page.fill('#site-search-q', 'traning programe');
    await page.locator('form.site-search button').click();
    await expect(page).toHaveURL(/\/search\?q=traning/);
    await expect(page.locator('main .search-results a[href^="/projects/eu-micare/training"]')).toHaveCount(1);
    // The page says which query it shows, the closest known words, and that the words as typed found nothing.
    await expect(page.locator('main p[role="status"]')).toContainText(/training programme.*traning programe/);
    await expectAccessible(page, hasJs);
    await page.goto('/pages/accessibility');
    await expectAccessible(page, hasJs);
    await context.close();
  });
}
