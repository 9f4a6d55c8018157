import { expect, test } from './test.js';
import { expectAccessible } from './axe.js';
import { mailLink } from './mail.js';
import { signInWithSetupLink } from './sign-in.js';

// An operator looks for a community mental-health centre in Sicily that offers Tigrinya mediation.
for (const lang of ['en', 'it'] as const) {
  test(`an operator finds a service by kind, language and region — ${lang}`, async ({ browser }, info) => {
    const hasJs = info.project.use.javaScriptEnabled !== false;
    const context = await browser.newContext({ locale: lang, javaScriptEnabled: hasJs, extraHTTPHeaders: { 'x-forwarded-for': `192.0.2.${Math.floor(Math.random() * 250) + 1}` } });
    const page = await context.newPage();

    await page.goto('/directory');
    await expectAccessible(page, hasJs);
    await page.selectOption('#field-type', 'community-mental-health-centre');
    await page.selectOption('#field-lang', 'ti');
    await page.selectOption('#field-region', 'IT-82');
    await page.locator('main form.filters button[type="submit"]').click();
    await expect(page).toHaveURL(/type=community-mental-health-centre/);
    await expectAccessible(page, hasJs);
    const result = page.locator('.directory-result', { hasText: 'CSM Palermo Centro (demo)' });
    await expect(result).toBeVisible();
    // With JavaScript, the results also appear on a map (its tiles need the network; the markers do not).
    if (hasJs) await expect(page.locator('[data-directory-map] .leaflet-interactive').first()).toBeVisible();
    else await expect(page.locator('[data-directory-map]')).toBeHidden();
    // Every result is a centre in Sicily.
    for (const places of await page.locator('.directory-result .card__meta:nth-of-type(2)').allTextContents()) expect(places).toContain('Sicilia');

    await result.locator('h3 a').click();
    await expect(page.locator('main h1')).toHaveText('CSM Palermo Centro (demo)');
    await expect(page.locator('main')).toContainText(lang === 'it' ? 'tigrino' : 'Tigrinya');
    await expect(page.locator('main')).toContainText(lang === 'it' ? 'Confermata come corretta' : 'Confirmed as correct on');
    await expectAccessible(page, hasJs);
    await context.close();
  });
}

// A coordinator sees that an entry is out of date and asks its organisation to confirm it; the organisation does.
test('a stale entry is flagged, its organisation is asked by e-mail and confirms', async ({ browser }, info) => {
  const hasJs = info.project.use.javaScriptEnabled !== false;
  const suffix = hasJs ? 'js' : 'no-js';
  // Each project has its own stale organisation in the demo content: the two run side by side on one server.
  const organisation = hasJs ? 'Servizio Esempio Non Verificato (demo)' : 'Associazione Esempio Scaduta (demo)';
  const context = await browser.newContext({ locale: 'en', javaScriptEnabled: hasJs, extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250) + 1}` } });
  const page = await context.newPage();
  await signInWithSetupLink(page, `coordinator-${suffix}-link.txt`, `e2e-coordinator-${suffix}@example.org`, 'coordinator pass phrase 2026');

  await page.goto(`/directory?q=${encodeURIComponent(organisation.replace(' (demo)', ''))}`);
  const result = page.locator('.directory-result').first();
  await expect(result).toContainText(organisation);
  await expect(result).toContainText('Not confirmed since');
  await result.locator('h3 a').click();
  await expect(page.locator('main .alert--warning')).toContainText('This entry may be out of date');
  await expectAccessible(page, hasJs);

  await page.locator('main a', { hasText: 'Edit the entry' }).click();
  await expectAccessible(page, hasJs);
  await page.locator('main a', { hasText: organisation }).click();
  await expect(page.locator('main h1')).toHaveText(organisation);
  await expectAccessible(page, hasJs);
  const address = (await page.locator('#field-verificationEmail').inputValue()).trim();
  expect(address).toContain('@');
  await page.locator('main form', { hasText: 'Send a verification request now' }).locator('button').click();
  await expect(page.locator('main .alert--success')).toContainText('The verification request has been sent.');
  await expect(page.locator('main table').first()).toContainText('Waiting for an answer');
  await expectAccessible(page, hasJs);

  // The organisation, without an account, opens the link and confirms.
  const visitor = await browser.newContext({ locale: 'it', javaScriptEnabled: hasJs, extraHTTPHeaders: { 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250) + 1}` } });
  const org = await visitor.newPage();
  await org.goto(await mailLink(address, '/directory/verify/'));
  await expect(org.locator('main h1')).toContainText(organisation);
  await expectAccessible(org, hasJs);
  await org.locator('main form button').click();
  await expect(org.locator('main .alert--success')).toBeVisible();
  await expectAccessible(org, hasJs);
  await visitor.close();

  // The entry is no longer flagged.
  await page.goto(`/directory?q=${encodeURIComponent(organisation.replace(' (demo)', ''))}`);
  await expect(page.locator('.directory-result').first()).toContainText('Confirmed as correct on');
  await context.close();
});
