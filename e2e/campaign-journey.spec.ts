import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from './test.js';
import { simpleParser } from 'mailparser';
import { expectAccessible } from './axe.js';
import { mailLink, rawMail } from './mail.js';

const PASSWORD = 'newsletter journey passphrase';

/** Signs the newsletter editor in: the first journey sets the password through the one-time link, later ones reuse it. */
async function signInEditor(page: Page) {
  const link = /http:\/\/[^\s]+\/password\/reset\/[A-Za-z0-9_-]+/.exec(readFileSync(join(process.env.E2E_DATA_DIR!, 'newsletter-editor-link.txt'), 'utf8'))!;
  await page.goto(new URL(link[0]).pathname);
  if (await page.locator('#field-password').count()) {
    await page.fill('#field-password', PASSWORD);
    await page.locator('main button[type="submit"]').click();
  }
  await page.goto('/signin');
  await page.fill('#field-email', 'e2e-newsletter@example.org');
  await page.fill('#field-password', PASSWORD);
  await page.locator('main button[type="submit"]').click();
  await expect(page).toHaveURL(/\/account$/);
}

// A subscriber confirms in Italian; an editor composes an issue in English and Italian and sends it; the
// subscriber receives the Italian version and unsubscribes with the mail program's one-click request.
test('an issue reaches an Italian subscriber in Italian, who unsubscribes with one click', async ({ browser }, info) => {
  test.setTimeout(180_000);
  const hasJs = info.project.use.javaScriptEnabled !== false;
  const ip = () => ({ 'x-forwarded-for': `198.19.0.${Math.floor(Math.random() * 250) + 1}` });
  const reader = await browser.newContext({ locale: 'it', javaScriptEnabled: hasJs, extraHTTPHeaders: ip() });
  const r = await reader.newPage();
  const email = `campaign-${hasJs ? 'js' : 'nojs'}-${Date.now()}@example.org`;
  await r.goto('/newsletter');
  await r.fill('#field-email', email);
  await r.check('#field-consent');
  await r.locator('main form button[type="submit"]').click();
  await r.goto(await mailLink(email, '/newsletter/confirm/'));
  await r.locator('main form button').click();

  const editorContext = await browser.newContext({ locale: 'en', javaScriptEnabled: hasJs, extraHTTPHeaders: ip() });
  const page = await editorContext.newPage();
  await signInEditor(page);
  await page.goto('/editor/newsletter/campaigns/new');
  await expectAccessible(page, hasJs);
  const slug = `autumn-${hasJs ? 'js' : 'nojs'}-${Date.now()}`;
  await page.fill('#field-slug', slug);
  await page.fill('#field-subject', 'Autumn news from the projects');
  await page.fill('#field-intro', 'What happened this season.');
  await page.locator('main form button[type="submit"]').click();
  await expect(page.locator('main .alert')).toBeVisible();
  await expectAccessible(page, hasJs);
  await page.selectOption('#field-item', 'news:eu-micare-closing-event-milan');
  await page.locator('form[action$="/items"] button').click();
  await page.locator('nav.tabs a[href$="?edit=it"]').click();
  await page.fill('#field-subject', 'Notizie d’autunno dai progetti');
  await page.fill('#field-intro', 'Che cosa è successo in questa stagione.');
  await page.locator('form[action$="/text"] button').click();
  await expectAccessible(page, hasJs);
  await page.locator('form[action$="/schedule"] button[value="now"]').click();
  await expect(page.locator('main .alert')).toBeVisible();

  // The Italian version arrives, with the one-click unsubscribe headers.
  const raw = await rawMail(email, /List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
  const issue = await simpleParser(raw);
  expect(issue.subject).toBe('Notizie d’autunno dai progetti');
  expect(issue.text).toContain('Chiuso a Milano il percorso italiano di EU-MiCare');
  const unsubscribe = /<(https?:[^>]+\/newsletter\/unsubscribe\/[^>]+)>/.exec(issue.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\r?\n\s+/g, ''))![1]!;
  const res = await reader.request.post(new URL(unsubscribe).pathname, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, data: 'List-Unsubscribe=One-Click' });
  expect(res.status()).toBe(200);
  // Once every recipient is served, the issue joins the public archive.
  await expect.poll(async () => (await reader.request.get(`/newsletter/archive/${slug}`)).status(), { timeout: 60_000 }).toBe(200);
  await r.goto(`/newsletter/archive/${slug}`);
  await expect(r.locator('main h1')).toContainText('Notizie d’autunno dai progetti');
  await expectAccessible(r, hasJs);
  await reader.close();
  await editorContext.close();
});
