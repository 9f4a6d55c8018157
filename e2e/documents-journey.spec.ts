import { expect, test } from './test.js';
import { expectAccessible } from './axe.js';

// A visitor finds a report with a typo, reads it in their language and downloads it; the count goes up.
for (const lang of ['en', 'it'] as const) {
  test(`a visitor finds, reads and downloads a report — ${lang}`, async ({ browser }, info) => {
    const hasJs = info.project.use.javaScriptEnabled !== false;
    const context = await browser.newContext({ locale: lang, javaScriptEnabled: hasJs });
    const page = await context.newPage();
    await page.goto('/documents');
    await expectAccessible(page, hasJs);
    await page.goto('/documents?project=eu-micare&wp=WP2');
    await expect(page.locator('main .card')).toHaveCount(1);
    await expectAccessible(page, hasJs);

    await page.fill('#site-search-q', lang === 'it' ? 'rapporto mapatura' : 'mappng reprt');
    await page.locator('form.site-search button').click();
    const hit = page.locator('main .search-results a[href="/documents/eu-micare-mapping-report"]');
    await expect(hit).toHaveCount(1);
    await hit.click();
    await expect(page.locator('main h1')).toContainText(lang === 'it' ? 'Rapporto di mappatura' : 'Mapping report');
    await expect(page.locator('footer .eu-emblem')).toBeVisible();
    await expectAccessible(page, hasJs);

    const facts = page.locator('main dl');
    const count = async () => Number((await facts.locator('dd').last().textContent())!.trim());
    const before = await count();
    const link = page.locator(`main .file-list a[hreflang="${lang}"]`);
    const file = await context.request.get((await link.getAttribute('href'))!);
    expect(file.headers()['content-type']).toBe('application/pdf');
    expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.reload();
    expect(await count()).toBe(before + 1);

    await page.goto('/dissemination');
    await expect(page.locator('main')).toContainText(lang === 'it' ? 'Pieghevole EU-MiCare' : 'EU-MiCare leaflet');
    await expectAccessible(page, hasJs);
    await context.close();
  });
}
