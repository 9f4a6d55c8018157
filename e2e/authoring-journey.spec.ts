import { expect, test } from './test.js';
import { expectAccessible } from './axe.js';
import { signInWithSetupLink } from './sign-in.js';

// A course author rewrites a block of the demo course's first lesson and publishes; the Italian translation of
// that block shows as out of date in the translation workspace and in the preview. With and without JavaScript
// (each project edits its own block of the lesson, so the two runs do not overwrite each other).
test('an author changes a block, publishes, and its Italian translation shows as out of date', async ({ browser }, info) => {
  test.setTimeout(180_000);
  const hasJs = info.project.use.javaScriptEnabled !== false;
  const who = hasJs ? 'js' : 'no-js';
  const context = await browser.newContext({ locale: 'en', javaScriptEnabled: hasJs, extraHTTPHeaders: { 'x-forwarded-for': `192.0.2.${Math.floor(Math.random() * 250) + 1}` } });
  const page = await context.newPage();
  // One course author per project, since the password link works once.
  await signInWithSetupLink(page, `author-${who}-link.txt`, `e2e-author-${who}@example.org`, 'author journey passphrase');

  // From the main navigation to the course, its first lesson, and one of the lesson's text blocks.
  await page.locator('nav.primary-nav a[href="/author/courses"]').click();
  await expect(page.locator('main h1')).toHaveText('Course authoring');
  await expectAccessible(page, hasJs);
  await page.locator('main table a', { hasText: 'Migration, culture and mental health' }).first().click();
  await expect(page.locator('main h1')).toHaveText('Migration, culture and mental health');
  await expectAccessible(page, hasJs);
  const courseUrl = new URL(page.url()).pathname;
  await page.locator('main .author-outline__lessons a').first().click();
  await expect(page.locator('main h2', { hasText: 'Blocks' })).toBeVisible();
  await expectAccessible(page, hasJs);
  const lessonUrl = new URL(page.url()).pathname;
  await page.locator('main .author-blocks a[href*="/blocks/"]').nth(hasJs ? 0 : 1).click();
  await expect(page.locator('main h1')).toHaveText('Text');
  await expectAccessible(page, hasJs);
  const blockUrl = new URL(page.url()).pathname;
  const blockId = blockUrl.split('/').pop()!;

  // The English text changes; the page then says the Italian translation is out of date.
  const sentence = `A sentence the author added (${who}, ${Date.now()}).`;
  const markdown = page.locator('#field-markdown');
  await markdown.fill(`${await markdown.inputValue()}\n\n${sentence}`);
  await page.locator(`main form[action="${blockUrl}"] button[type="submit"]`).click();
  await expect(page).toHaveURL(/notice=saved/);
  await expect(page.locator('main')).toContainText('Italiano: out of date');
  await expectAccessible(page, hasJs);

  // Publishing says what it did (the other project may have published this draft already).
  await page.goto(courseUrl);
  await page.locator('main form[action$="/publish"] button').click();
  await expect(page).toHaveURL(/notice=(published|unchanged)&version=1\.\d+$/);
  await expect(page.locator('main .alert--success')).toContainText(/Version 1\.\d+ is published|Nothing has changed since version 1\.\d+/);
  await expectAccessible(page, hasJs);

  // The translation workspace, reached from the course's tabs, opens in Italian: the block is out of date.
  await page.locator('main nav.tabs a', { hasText: 'Translation' }).click();
  await expect(page.locator('main h1')).toHaveText('Translation into Italiano');
  const row = page.locator('main tr', { has: page.locator(`#item-${blockId}`) });
  await expect(row.locator('.translation-state--out-of-date')).toHaveText('out of date');
  await expectAccessible(page, hasJs);
  await page.locator(`#item-${blockId}`).click();
  await expect(page.locator('main .source-text')).toContainText(sentence);
  await expect(page.locator('main .alert--warning')).toBeVisible();
  await expectAccessible(page, hasJs);

  // The preview in Italian shows the learner's note on that block, in the author's own language.
  await page.goto(`${courseUrl}/preview/lessons/${lessonUrl.split('/').pop()}?lang=it`);
  await expect(page.locator(`main #block-${blockId} .translation-notice`)).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(page, hasJs);
  await context.close();
});
