import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './test.js';
import { expectAccessible } from './axe.js';

// An editor drafts, translates and schedules a news item; at its time it appears on the site, in the feed
// and in the sitemap. (JavaScript-enabled project only: the schedule takes a minute of real time.)
test('an editor drafts, translates and schedules a news item', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': `192.0.2.${Math.floor(Math.random() * 250) + 1}` });
  const link = /http:\/\/[^\s]+\/password\/reset\/[A-Za-z0-9_-]+/.exec(readFileSync(join(process.env.E2E_DATA_DIR!, 'editor-link.txt'), 'utf8'))!;
  await page.goto(new URL(link[0]).pathname);
  await page.fill('#field-password', 'editor journey passphrase');
  await page.locator('main button[type="submit"]').click();
  await page.fill('#field-email', 'e2e-editor@example.org');
  await page.fill('#field-password', 'editor journey passphrase');
  await page.locator('main button[type="submit"]').click();
  await expect(page).toHaveURL(/\/account$/);

  await page.goto('/editor/news');
  await expectAccessible(page);
  await page.locator('main a[href="/editor/news/new"]').click();
  await expectAccessible(page);
  const slug = `closing-event-${Date.now()}`;
  await page.fill('#field-slug', slug);
  await page.selectOption('#field-projectId', { label: 'EU-MiCare' });
  await page.fill('#field-tags', 'events, closing');
  await page.fill('#field-title', 'Closing event in Milan');
  await page.fill('#field-summary', 'The Italian closing event brings the programme home.');
  await page.fill('#field-body', 'Trainers and learners met to **share** what the programme taught them.');
  await page.locator('main form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/editor\/news\/[0-9a-f-]{36}\?notice=created$/);
  await expectAccessible(page);
  const editUrl = page.url().replace(/\?.*$/, '');

  // Translate into Italian, side by side with the original.
  await page.goto(`${editUrl}?edit=it`);
  await expect(page.locator('main .source-text')).toContainText('Closing event in Milan');
  await expectAccessible(page);
  await page.fill('#field-title', 'Evento conclusivo a Milano');
  await page.fill('#field-summary', "L'evento conclusivo italiano riporta il programma a casa.");
  await page.fill('#field-body', 'Formatori e discenti si sono incontrati per **condividere** ciò che il programma ha insegnato.');
  await page.locator('main form[action$="/text"] button[type="submit"]').click();
  await expect(page).toHaveURL(/notice=saved/);

  // Schedule it for the next minute but one (UTC), then wait for it to appear.
  const at = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000);
  await page.fill('#field-publishAt', at.toISOString().slice(0, 16).replace('T', ' '));
  await page.locator('main button[name="action"][value="schedule"]').click();
  await expect(page).toHaveURL(/notice=scheduled/);
  expect((await page.request.get(`/news/${slug}`)).status()).toBe(404);
  await expect
    .poll(async () => (await page.request.get(`/news/${slug}`)).status(), { timeout: 180_000, intervals: [5_000] })
    .toBe(200);
  await page.goto(`/news/${slug}`);
  await expect(page.locator('main h1')).toHaveText('Closing event in Milan');
  await expectAccessible(page);
  expect(await (await page.request.get('/news/feed.xml')).text()).toContain('Closing event in Milan');
  expect(await (await page.request.get('/projects/eu-micare/news/feed.atom')).text()).toContain('Closing event in Milan');
  expect(await (await page.request.get('/sitemap.xml')).text()).toContain(`/news/${slug}`);
  expect(await (await page.request.get(`/news/${slug}?lang=it`)).text()).toContain('Evento conclusivo a Milano');
});
