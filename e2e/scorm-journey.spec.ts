import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from './test.js';
import { strToU8 } from 'fflate';
import { manifest12, scorm12Package, scorm2004Package, scormMultiScoPackage, zip } from '../test/scorm.js';
import { expectAccessible } from './axe.js';
import { signInWithSetupLink } from './sign-in.js';

// A course author makes a lesson of two real SCORM packages (1.2 and 2004, made here) and a second lesson of a
// package of three SCOs, sees malicious packages (path traversal, zip bomb, oversized) refused with the reason and
// nothing kept, publishes, exports the course as a course package and imports it again as a new course, and
// takes the lessons as a learner: with JavaScript each SCO runs in its sandboxed frame,
// finds the API, reports passed with a score, the parts of the three-SCO package are taken one after the other
// from its list, and the course completes; without JavaScript the lesson says the activity needs it, and the
// list of parts still changes the part shown. One course per project.
test('an author uploads SCORM 1.2 and 2004 packages and one of three SCOs; a learner completes them all and the course', async ({ browser }, info) => {
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
  // A second lesson: one package of three SCOs.
  await page.goto(courseUrl);
  await page.locator('main .author-outline a[href*="/modules/"]').first().click();
  await page.fill('#field-lessonTitle', 'A mediated session');
  await page.locator('main form:has(#field-lessonTitle) button[type="submit"]').click();
  await expect(page.locator('main h2', { hasText: 'Blocks' })).toBeVisible();
  const partsLessonId = new URL(page.url()).pathname.split('/').pop()!;
  await addScorm('Mediation in three parts', 'mediation.zip', scormMultiScoPackage());
  await expect(page).toHaveURL(/notice=added/);

  await page.goto(courseUrl);
  await page.locator('main form[action$="/publish"] button').click();
  await expect(page).toHaveURL(/notice=published/);

  // The course leaves as one package file and comes back as a new draft course, SCORM packages and all; a file
  // that is not a course package is refused with the reason.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`main a[href="${courseUrl}/package"]`).click()]);
  expect(download.suggestedFilename()).toBe(`${slug}.ponte-course.zip`);
  const exported = await download.path();
  await page.goto('/author/courses');
  await page.locator('main a[href="/author/courses/import"]').click();
  await expectAccessible(page, hasJs);
  await page.setInputFiles('#field-package', { name: 'not-a-course.zip', mimeType: 'application/zip', buffer: scorm12Package() });
  await page.fill('#field-slug', `${slug}-copy`);
  await page.locator('main form button[type="submit"]').click();
  await expect(page.locator('#field-package-error')).toContainText('not a Ponte course package');
  await expect(page.locator('#field-slug')).toHaveValue(`${slug}-copy`);
  await expectAccessible(page, hasJs);
  await page.setInputFiles('#field-package', exported);
  await page.locator('main form button[type="submit"]').click();
  await expect(page).toHaveURL(/notice=imported/);
  await expect(page.locator('main h1')).toHaveText(`Interpreters in practice (${who})`);
  const copyUrl = new URL(page.url()).pathname;
  expect(copyUrl).not.toBe(courseUrl);
  const lessons = page.locator('main .author-outline__lessons > li > span > a');
  await expect(lessons).toHaveText(['Briefing and first contact', 'A mediated session']);
  await lessons.nth(1).click();
  await expect(page.locator('main .author-blocks > li')).toHaveCount(1);
  await expect(page.locator('main .author-blocks > li')).toContainText('Mediation in three parts');

  await page.goto(`/training/courses/${slug}`);
  await page.locator('main form[action$="/enrol"] button').click();
  await page.goto(`/learn/${slug}/lessons/${lessonId}`);
  const frames = page.locator('main iframe.scorm-frame');
  await expect(frames).toHaveCount(2);
  await expect(frames.first()).toHaveAttribute('sandbox', 'allow-scripts allow-forms allow-popups allow-modals');
  await expectAccessible(page, hasJs);

  if (!hasJs) {
    await expect(page.locator('main .block--scorm').first()).toContainText('This activity needs JavaScript');
    // The list of parts is links: the part shown changes without scripts.
    await page.goto(`/learn/${slug}/lessons/${partsLessonId}`);
    const parts = page.locator('main .scorm-toc a');
    await expect(parts).toHaveText(['Preparing the room', 'Agreeing on roles', 'After the session']);
    await expect(parts.nth(0)).toHaveAttribute('aria-current', 'step');
    await parts.nth(2).click();
    await expect(page.locator('main .scorm-toc a').nth(2)).toHaveAttribute('aria-current', 'step');
    await expect(page.locator('main iframe.scorm-frame')).toHaveAttribute('src', /\/p\/part3\/index\.html$/);
    await expectAccessible(page, hasJs);
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
  // The three parts, from the list; the page opens the first not done.
  await page.goto(`/learn/${slug}/lessons/${partsLessonId}`);
  await expectAccessible(page, hasJs);
  for (const [i, title] of ['Preparing the room', 'Agreeing on roles', 'After the session'].entries()) {
    await expect(page.locator('main .scorm-toc a[aria-current="step"]')).toHaveText(title);
    await finish(page, 0, 'ab-initio');
    // The commit is on its way when the SCO says it finished: the list shows it passed once it has arrived.
    await expect(async () => {
      await page.reload();
      await expect(page.locator('main .scorm-toc li').nth(i)).toContainText('(passed)', { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
  }
  await expect(page.locator('main .scorm-status')).toContainText('You have passed this activity. Score: 87%.');
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
