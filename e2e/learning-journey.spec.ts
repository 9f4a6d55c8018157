import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from './test.js';
import { DEMO_COURSES } from '../src/modules/training/demo-courses.js';
import { expectAccessible } from './axe.js';
import { mailLink } from './mail.js';

const SLUG = 'migration-culture-mental-health';
const course = DEMO_COURSES.find((c) => c.slug === SLUG)!;

/** Answers every question of the attempt on the page, rightly or wrongly, from the course's answer key, and submits. */
async function answer(page: Page, how: 'right' | 'wrong') {
  for (const fieldset of await page.locator('main form.test fieldset').all()) {
    const stem = (await fieldset.locator('legend').textContent())!.trim();
    const q = course.questions.find((x) => x.texts.it?.stem === stem)!;
    const option = q.texts.it!.options[how === 'right' ? q.correct : (q.correct + 1) % 4]!;
    await fieldset.getByText(option, { exact: true }).click();
  }
  await page.locator('main form.test button[type="submit"]').click();
}

// A nurse signs up in Italian, finds the first interdisciplinary module from the path for nurses, takes the
// pre-test, works through the lessons, fails the final test, goes over the lessons again, passes, answers the
// satisfaction questionnaire, downloads the certificate and checks it on its verification page; with and
// without JavaScript.
test('a nurse finds a module from the path for nurses, completes it and passes its final test — it', async ({ browser }, info) => {
  const hasJs = info.project.use.javaScriptEnabled !== false;
  const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
  const context = await browser.newContext({ locale: 'it', extraHTTPHeaders: { 'x-forwarded-for': ip }, javaScriptEnabled: hasJs });
  const page = await context.newPage();
  const email = `e2e-nurse-${hasJs ? 'js' : 'nojs'}-${Date.now()}@example.org`;
  const password = 'lantern river pepper';

  await page.goto('/signup');
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await page.fill('#field-name', 'Nadia Infermiera');
  await page.fill('#field-email', email);
  await page.fill('#field-password', password);
  await page.selectOption('#field-profession', 'nurse');
  await page.locator('main button[type="submit"]').click();
  await expect(page).toHaveURL(/\/signup\/sent$/);
  await page.goto(await mailLink(email, '/verify/'));
  await page.locator('main button[type="submit"]').click();
  await page.fill('#field-email', email);
  await page.fill('#field-password', password);
  await page.locator('main button[type="submit"]').click();
  await expect(page).toHaveURL(/\/account$/);

  // The catalogue, from the main navigation, and the learning path for nurses.
  await page.locator('nav.primary-nav a[href="/training"]').click();
  await expect(page.locator('main h1')).toHaveText('Formazione');
  await expectAccessible(page, hasJs);
  await page.locator('main a[href="/training/paths/nurse"]').click();
  await expectAccessible(page, hasJs);
  const first = page.locator('main ol.path > li').first();
  await expect(first).toContainText('Tappa 1');
  await first.locator('a[href="/training/courses/migration-culture-mental-health"]').click();

  // The course page, in Italian, then enrolment.
  await expect(page.locator('main h1')).not.toBeEmpty();
  await expect(page.locator('main .translation-notice')).toHaveCount(0);
  await expectAccessible(page, hasJs);
  await page.locator('main form[action="/training/courses/migration-culture-mental-health/enrol"] button').click();
  await expect(page).toHaveURL(/\/learn\/migration-culture-mental-health\?notice=enrolled$/);
  await expectAccessible(page, hasJs);

  // The pre-test first: it is not graded; this nurse answers at random.
  await page.locator('main .alert a[href$="/tests/pre-test"]').click();
  await expectAccessible(page, hasJs);
  await page.locator('main form[action$="/tests/pre-test/start"] button').click();
  await expectAccessible(page, hasJs);
  for (const fieldset of await page.locator('main form.test fieldset').all()) await fieldset.locator('input[type="radio"]').first().check();
  await page.locator('main form.test button[type="submit"]').click();
  await expect(page.locator('main dl.facts')).toBeVisible();
  await expectAccessible(page, hasJs);
  await page.goto(`/learn/${SLUG}`);
  await page.locator('main a.button').click();

  // Four lessons: a knowledge check in the first, then each one completed in turn.
  await expect(page.locator('main h1')).not.toBeEmpty();
  await expectAccessible(page, hasJs);
  const check = page.locator('main .block--check').first();
  await check.locator('input[type="radio"]').first().check();
  await check.locator('button').click();
  await expect(page.locator('main .block--check .alert').first()).toBeVisible();
  await expectAccessible(page, hasJs);
  for (let i = 0; i < 4; i++) {
    await expect(page.locator('main .lesson .card__meta').first()).toContainText(`Lezione ${i + 1} di 4`);
    await page.locator('main .lesson__end form button').click();
  }

  // The final test: a first attempt with wrong answers fails.
  await expect(page).toHaveURL(new RegExp(`/learn/${SLUG}/tests/post-test$`));
  await expectAccessible(page, hasJs);
  await page.locator('main form[action$="/tests/post-test/start"] button').click();
  await answer(page, 'wrong');
  await expect(page.locator('main .alert--warning')).toBeVisible();
  await expectAccessible(page, hasJs);

  // The ECM rules ask for the lessons again before another attempt.
  await page.goto(`/learn/${SLUG}/tests/post-test`);
  await expect(page.locator('main .alert')).toContainText('lezion');
  const lessons = await page.goto(`/learn/${SLUG}`).then(() => page.locator('main ol.outline a[href*="/lessons/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!)));
  for (const href of lessons) await page.goto(href);
  await page.goto(`/learn/${SLUG}/tests/post-test`);
  await page.locator('main form[action$="/tests/post-test/start"] button').click();
  await answer(page, 'right');
  await expect(page.locator('main .alert--success')).toBeVisible();
  await expectAccessible(page, hasJs);
  await page.goto(`/learn/${SLUG}`);
  await expect(page.locator('main progress')).toHaveAttribute('value', '4');
  await expect(page.locator('main')).toContainText('Completato il');

  // The ECM rules: the anonymous satisfaction questionnaire comes before the certificate.
  await expect(page.locator('main .certificate-links')).toHaveCount(0);
  await page.locator('main a[href$="/questionnaires/satisfaction"]').click();
  await expectAccessible(page, hasJs);
  await page.locator('main form button[type="submit"]').click();
  await expect(page.locator('main .error-summary')).toBeVisible();
  await expectAccessible(page, hasJs);
  // The fourth point of each scale, and "yes".
  for (const item of ['relevance', 'quality', 'usefulness', 'time']) await page.locator(`#field-${item}-3`).check();
  await page.locator('#field-unbiased-0').check();
  await page.fill('#field-comments', 'Più casi clinici, per favore.');
  await page.locator('main form button[type="submit"]').click();
  await expect(page).toHaveURL(new RegExp(`/learn/${SLUG}\\?notice=answered$`));

  // The certificate: a PDF to download, and a page anyone can open from its code.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('main .certificate-links a[download]').click()]);
  expect(download.suggestedFilename()).toMatch(/^certificate-[0-9A-Z]{5}-[0-9A-Z]{5}\.pdf$/);
  expect((await readFile(await download.path())).subarray(0, 5).toString()).toBe('%PDF-');
  await page.locator('main .certificate-links a[href^="/certificates/"]').click();
  await expect(page.locator('main .alert--success').first()).toBeVisible();
  await expect(page.locator('main')).toContainText('Nadia Infermiera');
  await expectAccessible(page, hasJs);

  // Its digital credential (Open Badges 3.0): checked on the page, and a badge image to download that the
  // credential check recognises.
  await expect(page.locator('main .digital-credential .alert--success')).toBeVisible();
  const [badge] = await Promise.all([page.waitForEvent('download'), page.locator('main .credential-downloads a[href$="/badge.png"]').click()]);
  expect((await readFile(await badge.path())).subarray(1, 4).toString()).toBe('PNG');
  await page.locator('main .digital-credential a[href="/badges/verify"]').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expectAccessible(page, hasJs);
  await page.setInputFiles('#field-file', await badge.path());
  await page.locator('main form[action="/badges/verify"] button[type="submit"]').click();
  await expect(page.locator('main .credential-result .alert--success')).toBeVisible();
  await expect(page.locator('main .credential-result')).toContainText('Nadia Infermiera');
  await expectAccessible(page, hasJs);
  // A file that is no credential is refused, with the reason next to the field.
  await page.setInputFiles('#field-file', { name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('not a badge') });
  await page.locator('main form[action="/badges/verify"] button[type="submit"]').click();
  await expect(page.locator('main .error-summary')).toBeVisible();
  await expect(page.locator('main .field--error')).toBeVisible();
  await expectAccessible(page, hasJs);

  // The dashboard, from the account menu.
  await page.locator('details.account-menu summary').click();
  await page.locator('details.account-menu a[href="/learn"]').click();
  await expect(page.locator('main')).toContainText('Completato il');
  await expectAccessible(page, hasJs);
  await context.close();
});
