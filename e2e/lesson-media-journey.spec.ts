import { expect, test } from './test.js';
import sharp from 'sharp';
import { expectAccessible } from './axe.js';
import { signInWithSetupLink } from './sign-in.js';

const CAPTIONS = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Mediator>Welcome. I will translate everything you say.\n\n00:00:04.500 --> 00:00:08.000\nYou can stop me at any moment.\n';
/** An MP4's first bytes, then filler: the upload is checked by content; the player never loads it in this journey. */
const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(20_000, 7)]);

// A course author builds a lesson with a captioned video, an image and a handout, publishes it, then takes it
// as a learner: the player with its captions track, the transcript read from the captions, the light version
// for slow connections, and the handout's download. With and without JavaScript (one course per project).
test('an author adds a captioned video, an image and a handout; a learner reads the lesson, also in its light version', async ({ browser }, info) => {
  test.setTimeout(180_000);
  const hasJs = info.project.use.javaScriptEnabled !== false;
  const who = hasJs ? 'js' : 'no-js';
  const context = await browser.newContext({ locale: 'en', javaScriptEnabled: hasJs, extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250) + 1}` } });
  const page = await context.newPage();
  await signInWithSetupLink(page, `media-author-${who}-link.txt`, `e2e-media-author-${who}@example.org`, 'media journey passphrase');

  // A new course with one module and one lesson.
  await page.goto('/author/courses/new');
  await page.selectOption('#field-sourceLocale', 'en');
  await page.fill('#field-slug', `first-conversation-${who}`);
  await page.fill('#field-title', `The first conversation (${who})`);
  await page.fill('#field-summary', 'Meeting a new resident with a mediator.');
  await page.selectOption('#field-level', 'interdisciplinary');
  await page.fill('#field-durationMinutes', '20');
  await page.locator('main form button[type="submit"]').last().click();
  await expect(page).toHaveURL(/notice=created/);
  const courseUrl = new URL(page.url()).pathname;
  await page.fill('#field-moduleTitle', 'With a mediator');
  await page.locator('main form:has(#field-moduleTitle) button[type="submit"]').click();
  await page.locator('main .author-outline a[href*="/modules/"]').first().click();
  await page.fill('#field-lessonTitle', 'Opening the conversation');
  await page.locator('main form:has(#field-lessonTitle) button[type="submit"]').click();
  await expect(page.locator('main h2', { hasText: 'Blocks' })).toBeVisible();
  const lessonUrl = new URL(page.url()).pathname;

  // A video: the captions are required, and a broken captions file is refused with the reason.
  await page.locator('main a[href$="blocks/new?kind=video"]').click();
  await expect(page.locator('main form')).toHaveAttribute('enctype', 'multipart/form-data');
  await expectAccessible(page, hasJs);
  await page.fill('#field-title', 'Introducing the mediator');
  await page.setInputFiles('#field-media', { name: 'mediator.mp4', mimeType: 'video/mp4', buffer: mp4 });
  await page.setInputFiles('#field-captionsFile', { name: 'mediator.vtt', mimeType: 'text/vtt', buffer: Buffer.from('WEBVTT\n\n00:00:09.000 --> 00:00:02.000\nBackwards\n') });
  await page.locator('main form button[type="submit"]').click();
  await expect(page.locator('#field-captionsFile-error')).toContainText("A caption's timing is not valid");
  await expectAccessible(page, hasJs);
  await page.setInputFiles('#field-media', { name: 'mediator.mp4', mimeType: 'video/mp4', buffer: mp4 });
  await page.setInputFiles('#field-captionsFile', { name: 'mediator.vtt', mimeType: 'text/vtt', buffer: Buffer.from(CAPTIONS) });
  await page.locator('main form button[type="submit"]').click();
  await expect(page).toHaveURL(/notice=added/);

  // An image with its alt text, and a handout.
  await page.locator('main a[href$="blocks/new?kind=image"]').click();
  const png = await sharp({ create: { width: 900, height: 500, channels: 3, background: { r: 230, g: 240, b: 250 } } }).png().toBuffer();
  await page.setInputFiles('#field-image', { name: 'seating.png', mimeType: 'image/png', buffer: png });
  await page.fill('#field-alt', 'The resident, the mediator and the nurse seated in a triangle, at the same height');
  await page.locator('main form button[type="submit"]').click();
  await expect(page).toHaveURL(/notice=added/);
  await page.locator('main a[href$="blocks/new?kind=resource"]').click();
  await page.fill('#field-title', 'Checklist for the first conversation');
  await page.setInputFiles('#field-file', { name: 'checklist.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% checklist\n%%EOF\n') });
  await page.locator('main form button[type="submit"]').click();
  await expect(page).toHaveURL(/notice=added/);
  await expect(page.locator('main .author-blocks > li')).toHaveCount(3);

  await page.goto(courseUrl);
  await page.locator('main form[action$="/publish"] button').click();
  await expect(page).toHaveURL(/notice=published/);

  // As a learner of that course.
  await page.goto(`/training/courses/first-conversation-${who}`);
  await page.locator('main form[action$="/enrol"] button').click();
  await page.goto(`/learn/first-conversation-${who}/lessons/${lessonUrl.split('/').pop()}`);
  const video = page.locator('main video.player');
  await expect(video).toHaveAttribute('preload', 'none');
  await expect(video.locator('track[kind="captions"][srclang="en"]')).toHaveAttribute('default', '');
  await expect(page.locator('main .block--video .transcript')).toContainText('Mediator: Welcome. I will translate everything you say. You can stop me at any moment.');
  await expect(page.locator('main .block--image img')).toHaveAttribute('alt', 'The resident, the mediator and the nurse seated in a triangle, at the same height');
  await expectAccessible(page, hasJs);
  // The captions track is there for the player.
  const track = await video.locator('track').getAttribute('src');
  const vtt = await page.request.get(track!);
  expect(await vtt.text()).toBe(CAPTIONS);

  // The light version: no player, the transcript open, downloads kept.
  await page.locator('main .light-switch button').click();
  await expect(page.locator('main video')).toHaveCount(0);
  await expect(page.locator('main .block--video details.transcript')).toHaveAttribute('open', '');
  await expect(page.locator('main .block--image img')).toHaveAttribute('src', /\/480\.png$/);
  await expectAccessible(page, hasJs);
  const download = page.waitForEvent('download');
  await page.locator('main .block--resource a').click();
  expect((await download).suggestedFilename()).toBe('checklist.pdf');
  await page.locator('main .light-switch button').click();
  await expect(page.locator('main video')).toHaveCount(1);
  await context.close();
});
