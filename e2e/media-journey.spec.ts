import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from './test.js';
import sharp from 'sharp';
import { expectAccessible } from './axe.js';

/** Signs in an editor created for this journey (one per project, since the password link works once). */
async function signIn(page: Page, who: string) {
  const link = /http:\/\/[^\s]+\/password\/reset\/[A-Za-z0-9_-]+/.exec(readFileSync(join(process.env.E2E_DATA_DIR!, `media-${who}-link.txt`), 'utf8'))!;
  await page.goto(new URL(link[0]).pathname);
  await page.fill('#field-password', 'media journey passphrase');
  await page.locator('main button[type="submit"]').click();
  await page.fill('#field-email', `e2e-media-${who}@example.org`);
  await page.fill('#field-password', 'media journey passphrase');
  await page.locator('main button[type="submit"]').click();
  await expect(page).toHaveURL(/\/account$/);
}

// An editor uploads an image with its alt text, makes it a news item's cover, then rewrites the item and brings
// the first text back from its history; all of it also without JavaScript.
test('an editor uses the media library and restores a news text from its history', async ({ browser }, info) => {
  test.setTimeout(180_000);
  const hasJs = info.project.use.javaScriptEnabled !== false;
  const who = hasJs ? 'js' : 'no-js';
  const context = await browser.newContext({ javaScriptEnabled: hasJs, extraHTTPHeaders: { 'x-forwarded-for': `192.0.2.${Math.floor(Math.random() * 250) + 1}` } });
  const page = await context.newPage();
  await signIn(page, who);

  // Upload: without alt text the form comes back with the error beside the field.
  const png = await sharp({ create: { width: 1400, height: 900, channels: 3, background: { r: 30, g: 110, b: 150 } } })
    .png()
    .toBuffer();
  await page.goto('/editor/media');
  await expectAccessible(page, hasJs);
  await page.setInputFiles('#field-file', { name: 'workshop.png', mimeType: 'image/png', buffer: png });
  await page.locator('main form[enctype="multipart/form-data"] button[type="submit"]').click();
  await expect(page.locator('#field-alt-error')).toBeVisible();
  await expectAccessible(page, hasJs);
  const alt = `Trainers at a workshop (${who})`;
  await page.setInputFiles('#field-file', { name: 'workshop.png', mimeType: 'image/png', buffer: png });
  await page.fill('#field-alt', alt);
  await page.locator('main form[enctype="multipart/form-data"] button[type="submit"]').click();
  await expect(page).toHaveURL(/\/editor\/media\/[0-9a-f-]{36}\?notice=uploaded$/);
  await expect(page.locator('main picture img')).toHaveAttribute('alt', alt);
  await expectAccessible(page, hasJs);
  const imageUrl = page.url().replace(/\?.*$/, '');

  // A news item with the image as its cover.
  const slug = `workshop-${who}-${Date.now()}`;
  await page.goto('/editor/news/new');
  await page.fill('#field-slug', slug);
  await page.fill('#field-title', 'Workshop for trainers');
  await page.fill('#field-summary', 'Trainers met for a day.');
  await page.fill('#field-body', 'The first version of the text.');
  await page.locator('main form button[type="submit"]').click();
  await expect(page).toHaveURL(/notice=created$/);
  const editUrl = page.url().replace(/\?.*$/, '');
  await page.selectOption('#field-coverImageId', { label: `${alt} (workshop.png)` });
  await page.locator(`main form[action$="/meta"] button[type="submit"]`).click();
  await expect(page).toHaveURL(/notice=saved$/);
  await page.locator('main button[name="action"][value="publish"]').click();
  await expect(page).toHaveURL(/notice=published$/);

  await page.goto(`/news/${slug}`);
  const cover = page.locator('main article picture img');
  await expect(cover).toHaveAttribute('alt', alt);
  await expect(cover).toHaveAttribute('srcset', /480w.*960w.*1400w/);
  await expect(cover).toHaveAttribute('loading', 'lazy');
  expect(await page.locator('meta[property="og:image"]').getAttribute('content')).toMatch(/\/media\/[0-9a-f-]{36}\/1400\.png$/);
  await expectAccessible(page, hasJs);

  // The image is in use: the library says where and offers no deletion.
  await page.goto(imageUrl);
  await expect(page.locator('main')).toContainText('Workshop for trainers');
  await expect(page.locator('main form[action$="/delete"]')).toHaveCount(0);

  // Rewrite the text, then bring the first version back from the history.
  await page.goto(editUrl);
  await page.fill('#field-body', 'A second version that replaced the first.');
  await page.locator('main form[action$="/text"] button[type="submit"]').click();
  await expect(page).toHaveURL(/notice=saved$/);
  await page.locator(`main a[href="${new URL(editUrl).pathname}/history?track=en"]`).click();
  await expect(page.locator('main table tbody tr')).toHaveCount(2);
  await expectAccessible(page, hasJs);
  await page.locator('main table a', { hasText: /^Revision 1$/ }).click();
  await expect(page.locator('main .diff ins').first()).toBeVisible();
  await expectAccessible(page, hasJs);
  await page.locator('main form[action$="/restore"] button[type="submit"]').click();
  await expect(page).toHaveURL(/notice=restored$/);
  await expect(page.locator('main table tbody tr')).toHaveCount(3);
  await page.goto(`/news/${slug}`);
  await expect(page.locator('main article .prose')).toHaveText('The first version of the text.');
  await context.close();
});
