import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from './test.js';
import { strToU8 } from 'fflate';
import { manifest12, scorm12Package, scorm2004Package, zip } from '../test/scorm.js';
import { expectAccessible } from './axe.js';
import { signInWithSetupLink } from './sign-in.js';

// A course author makes a lesson of two real SCORM packages (1.2 and 2004, made here), sees malicious packages
// (path traversal, zip bomb, oversized) refused with the reason and nothing kept, publishes, and takes the lesson as a learner: with JavaScript each SCO runs in its
// sandboxed frame, finds the API, reports passed with a score, and the course completes; without JavaScript the
// lesson says the activity needs it. One course per project.
test('an author uploads SCORM 1.2 and 2004 packages; a learner completes both and the course', async ({ browser }, info) => {
  test.setTimeout(180_000);
  const hasJs = info.project.use.javaScriptEnabled !== false;
  const who = hasJs ? 'js' : 'no-js';
  const slug = `scorm-practice-${who}`;
  const context = await browser.newContext({ locale: 'en', javaScriptEnabled: hasJs, extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250) + 1}` } });
  const page = await context.newPage();
  await signInWithSetupLink(page, `scorm-author-${who}-link.txt`, `e2e-scorm-author-${who}@example.org`, 'scorm journey passphrase');

  await page.goto('/author/courses/new');
  await page.selectOption('#field-sourceLocale', 'en');
  await page.fill('#field-slug', slug);
  await page.fill('#field-title', `Interpreters in practice (${who})`);
  await page.fill('#field-summary', 'Two interactive activities.');
  await page.selectOption('#field-level', 'interdisciplinary');
  await page.fill('#field-durationMinutes', '20');
  await page.locator('main form button[type="submit"]').last().click();
  await expect(page).toHaveURL(/notice=created/);
  const courseUrl = new URL(page.url()).pathname;
  await page.fill('#field-moduleTitle', 'Practice');
  await page.locator('main form:has(#field-moduleTitle) button[type="submit"]').click();
  await page.locator('main .author-outline a[href*="/modules/"]').first().click();
  await page.fill('#field-lessonTitle', 'Briefing and first contact');
  await page.locator('main form:has(#field-lessonTitle) button[type="submit"]').click();
  await expect(page.locator('main h2', { hasText: 'Blocks' })).toBeVisible();
  const lessonId = new URL(page.url()).pathname.split('/').pop()!;

  const addScorm = async (title: string, name: string, buffer: Buffer) => {
    await page.locator('main a[href$="blocks/new?kind=scorm"]').click();
    await expect(page.locator('main form')).toHaveAttribute('enctype', 'multipart/form-data');
    await page.fill('#field-title', title);
    await page.setInputFiles('#field-package', { name, mimeType: 'application/zip', buffer });
    await page.locator('main form button[type="submit"]').click();
  };
  // A package that reaches outside itself is refused, and says why.
  await addScorm('Evil', 'evil.zip', zip({ 'imsmanifest.xml': strToU8(manifest12()), 'index.html': strToU8('<p>hi'), '../evil.html': strToU8('<script>alert(1)</script>') }));
  await expect(page.locator('#field-package-error')).toContainText('path could point outside it');
  await expect(page.locator('#field-title')).toHaveValue('Evil');
  await expectAccessible(page, hasJs);
  // A zip bomb (20 MB of zeros in a few kilobytes) is refused before anything is unpacked.
  await page.goto(`${courseUrl}/lessons/${lessonId}`);
  await addScorm('Bomb', 'bomb.zip', zip({ 'imsmanifest.xml': strToU8(manifest12()), 'index.html': strToU8('<p>hi'), 'filler.bin': new Uint8Array(20 * 1024 * 1024) }));
  await expect(page.locator('#field-package-error')).toContainText('zip bomb');
  // A package larger than the instance accepts (TRAINING_SCORM_MAX_MB is 1 for these journeys) is refused too.
  await page.goto(`${courseUrl}/lessons/${lessonId}`);
  await addScorm('Too large', 'large.zip', zip({ 'imsmanifest.xml': strToU8(manifest12()), 'index.html': strToU8('<p>hi'), 'noise.bin': randomBytes(1536 * 1024) }));
  await expect(page.locator('#field-package-error')).toContainText('larger than this instance accepts');
  await page.goto(`${courseUrl}/lessons/${lessonId}`);
  await addScorm('Briefing an interpreter', 'briefing.zip', scorm12Package());
  await expect(page).toHaveURL(/notice=added/);
  await addScorm('First contact', 'first-contact.zip', scorm2004Package());
  await expect(page).toHaveURL(/notice=added/);
  await expect(page.locator('main .author-blocks > li')).toHaveCount(2);

  await page.goto(courseUrl);
  await page.locator('main form[action$="/publish"] button').click();
  await expect(page).toHaveURL(/notice=published/);

  await page.goto(`/training/courses/${slug}`);
  await page.locator('main form[action$="/enrol"] button').click();
  await page.goto(`/learn/${slug}/lessons/${lessonId}`);
  const frames = page.locator('main iframe.scorm-frame');
  await expect(frames).toHaveCount(2);
  await expect(frames.first()).toHaveAttribute('sandbox', 'allow-scripts allow-forms allow-popups allow-modals');
  await expectAccessible(page, hasJs);

  if (!hasJs) {
    await expect(page.locator('main .block--scorm').first()).toContainText('This activity needs JavaScript');
    await context.close();
    return;
  }
  // Progress saved in the 1.2 SCO is there when the learner comes back: resumed where they left.
  const first = page.frameLocator('main iframe.scorm-frame').nth(0);
  await expect(first.locator('#entry-value')).toHaveText('ab-initio');
  await first.locator('#progress').click();
  await expect(first.locator('#state')).toHaveText('Saved');
  await page.reload();
  await expect(first.locator('#entry-value')).toHaveText('resume');
  await expect(first.locator('#kept')).toHaveText('step=2');
  await expect(page.locator('main .scorm-status').first()).toContainText('In progress');
  await finish(page, 0, 'resume');
  await finish(page, 1, 'ab-initio');
  await page.goto(`/learn/${slug}`);
  await expect(page.locator('main .certificate-links')).toBeVisible();
  await page.goto(`/learn/${slug}/lessons/${lessonId}`);
  await expect(page.locator('main .scorm-status').first()).toContainText('You have passed this activity. Score: 85%.');
  await expect(page.locator('main .scorm-status').nth(1)).toContainText('You have passed this activity. Score: 90%.');
  await expectAccessible(page, hasJs);
  await context.close();
});

/** Runs the SCO in the n-th frame: it found the API (entry as given), saves progress, then finishes. */
async function finish(page: Page, n: number, entry: string) {
  const sco = page.frameLocator('main iframe.scorm-frame').nth(n);
  await expect(sco.locator('#state')).toHaveText('Started');
  await expect(sco.locator('#entry-value')).toHaveText(entry);
  await sco.locator('#progress').click();
  await expect(sco.locator('#state')).toHaveText('Saved');
  await sco.locator('#finish').click();
  await expect(sco.locator('#state')).toHaveText('Finished');
}
