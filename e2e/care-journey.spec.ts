import { expect, test, type Browser, type Page } from './test.js';
import { DEMO_CARE } from '../src/modules/care/demo.js';
import { expectAccessible } from './axe.js';
import { signInWithSetupLink } from './sign-in.js';

const address = () => ({ 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250) + 1}` });
const submit = (page: Page, label: string | RegExp) => page.locator('main button', { hasText: label }).first().click();
/** A wall-clock time in Rome ("2026-11-27T15:30"), as a datetime-local field takes it. */
const romeTime = (msFromNow: number) => {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(Date.now() + msFromNow)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
};

async function signedIn(browser: Browser, hasJs: boolean, who: string, suffix: string) {
  const context = await browser.newContext({ locale: 'en', javaScriptEnabled: hasJs, extraHTTPHeaders: address() });
  const page = await context.newPage();
  await signInWithSetupLink(page, `care-${who}-${suffix}-link.txt`, `e2e-care-${who}-${suffix}@example.org`, `care ${who} pass phrase 2026`);
  return { context, page };
}

/** The region's total of referrals over the last twelve months, from the indicators' CSV. */
async function referralsTotal(page: Page, region: string): Promise<string> {
  const csv = await (await page.request.get(`/care/indicators/export.csv?region=${region}`)).text();
  const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  return lines.at(-1)!.split(',')[header.indexOf('Referrals')]!;
}

// PsychCare's question, end to end: a reception operator screens a resident with a mediator in Arabic, refers them to
// a community mental-health centre found in the directory and books a mediator; an agency books the mediator; a
// clinician accepts, schedules and records attendance; the indicators count it.
test('a resident is screened in Arabic, referred, and seen by the mental-health centre', async ({ browser }, info) => {
  test.setTimeout(240_000);
  const hasJs = info.project.use.javaScriptEnabled !== false;
  const suffix = hasJs ? 'js' : 'no-js';
  // Two regions, so the two projects' journeys and their indicator counts stay apart.
  const region = hasJs ? { name: 'Lazio', service: DEMO_CARE.lazioService, directory: DEMO_CARE.lazioDirectoryOrganization } : { name: 'Sicilia', service: DEMO_CARE.sicilyService, directory: DEMO_CARE.sicilyDirectoryService };
  const caseCode = `E2E-${suffix.toUpperCase()}-${Date.now().toString(36).toUpperCase()}`;

  // The coordinator's figure before.
  const coordinator = await signedIn(browser, hasJs, 'coordinator', suffix);
  await coordinator.page.goto('/care/indicators');
  await expectAccessible(coordinator.page, hasJs);
  const regionId = (await coordinator.page.locator('select[name="region"] option', { hasText: region.name }).first().getAttribute('value'))!;
  const before = Number(await referralsTotal(coordinator.page, regionId));
  expect(before).toBeGreaterThanOrEqual(5);

  // The reception operator records the resident, with the consents given through a mediator.
  const operator = await signedIn(browser, hasJs, 'operator', suffix);
  const op = operator.page;
  await op.goto('/care');
  await expectAccessible(op, hasJs);
  await op.locator('main a', { hasText: /Esempio \(demo\)$/ }).first().click();
  await expect(op.locator('main h1')).toContainText('Residents of');
  await expectAccessible(op, hasJs);
  await op.locator('main a', { hasText: 'Record a resident' }).click();
  await op.fill('#field-caseCode', caseCode);
  await op.fill('#field-birthYear', '1998');
  await op.locator('input[name="gender"][value="male"]').check();
  await op.selectOption('select[name="countryOfOrigin"]', 'SY');
  await op.fill('#field-languages', 'ar, en');
  await op.locator('input[name="mediatorNeeded"]').check();
  await expectAccessible(op, hasJs);
  await submit(op, 'Save');
  await expect(op.locator('main h1')).toContainText(caseCode);
  const residentUrl = op.url().replace(/\?.*$/, '');

  for (const purpose of ['screening', 'sharing']) {
    await op.goto(residentUrl);
    await op.locator('details.disclosure summary', { hasText: 'Record a consent' }).click();
    await op.locator(`input[name="purpose"][value="${purpose}"]`).check();
    if (purpose === 'sharing') await op.selectOption('select[name="recipientOrganisationId"]', { label: region.service });
    await op.fill('#field-language', 'ar');
    await op.locator('input[name="mediatorPresent"]').check();
    await submit(op, 'Record the consent');
    await expect(op.locator('main .alert')).toContainText('The consent was recorded');
  }
  await expectAccessible(op, hasJs);

  // Screening in Arabic with a mediator: the questions are in Arabic, right to left.
  await op.locator('main a', { hasText: 'Start a screening' }).click();
  await expectAccessible(op, hasJs);
  await op.selectOption('select[name="language"]', 'ar');
  await op.locator('input[name="mode"][value="operator-with-mediator"]').check();
  await op.fill('#field-mediatorLanguage', 'ar');
  await submit(op, 'Begin');
  await expect(op.locator('form.screening div[lang="ar"][dir="rtl"]')).toBeVisible();
  await expectAccessible(op, hasJs);
  const items = await op.locator('fieldset.screening__item').count();
  for (let i = 0; i < items; i++) await op.locator('fieldset.screening__item').nth(i).locator('input[value="often"]').check();
  await submit(op, 'Finish and see the result');
  await expect(op.locator('main')).toContainText('follow-up is suggested');
  await expectAccessible(op, hasJs);

  // Referral to the community mental-health centre, found in the directory.
  await op.locator('main a', { hasText: 'Refer to a service' }).click();
  await expectAccessible(op, hasJs);
  await op.locator('fieldset#field-serviceId label', { hasText: region.directory }).first().click();
  await op.locator('input[name="urgency"][value="urgent"]').check();
  await op.fill('#field-reason', 'Screened above the cut-off with intrusive memories and poor sleep; asks for support. Arabic mediator needed.');
  await submit(op, 'Save as draft');
  await expect(op.locator('main .alert')).toContainText('saved as a draft');
  // A second look at the draft before it goes.
  await op.locator('main a', { hasText: 'Change the draft' }).click();
  await expectAccessible(op, hasJs);
  await expect(op.locator('#field-reason')).toHaveValue(/intrusive memories/);
  await op.fill('#field-reason', 'Screened above the cut-off with intrusive memories and poor sleep for two months; asks for support. Arabic mediator needed.');
  await submit(op, 'Save as draft');
  await expect(op.locator('main')).toContainText('for two months');
  await submit(op, 'Send the referral');
  await expect(op.locator('main .alert')).toContainText('The referral was sent');
  const referralUrl = op.url().replace(/[?#].*$/, '');
  await expectAccessible(op, hasJs);

  // A mediator for the first appointment, tomorrow at ten.
  await op.locator('main a', { hasText: 'Book a mediator' }).click();
  await expectAccessible(op, hasJs);
  await op.fill('#field-startsAt', `${romeTime(86_400_000).slice(0, 10)}T10:00`);
  await op.fill('#field-durationMinutes', '90');
  await op.fill('#field-place', 'Community mental-health centre, ground floor');
  await submit(op, 'Send the request');
  await expect(op.locator('section[aria-labelledby="mediators"]')).toContainText('Arabic');

  // The mediator agency books it.
  const agency = await signedIn(browser, hasJs, 'agency', suffix);
  await agency.page.goto('/care/mediator-requests');
  await expectAccessible(agency.page, hasJs);
  await expect(agency.page.locator('main')).not.toContainText(caseCode);
  const row = agency.page.locator('main tr', { hasText: 'Community mental-health centre, ground floor' }).first();
  await row.locator('input[name="mediatorName"]').fill(`MED-${suffix}`);
  await row.locator('button', { hasText: 'Accept and book' }).click();
  await expect(agency.page.locator('main .alert')).toContainText('Booked');

  // The clinician finds it in the inbox, accepts, sets the appointment in an hour and records attendance.
  const clinician = await signedIn(browser, hasJs, 'clinician', suffix);
  const cl = clinician.page;
  await cl.goto('/care');
  await cl.locator('main a', { hasText: 'Referrals received by' }).first().click();
  await expectAccessible(cl, hasJs);
  await cl.locator('main a', { hasText: caseCode }).click();
  await expect(cl.locator('main')).toContainText(`MED-${suffix}`);
  await expect(cl.locator('main')).not.toContainText('Syria');
  await expectAccessible(cl, hasJs);
  await submit(cl, /^Accept$/);
  await cl.fill('#field-appointmentAt', romeTime(3_600_000));
  await submit(cl, 'Set the appointment');
  await expect(cl.locator('main')).toContainText('scheduled');
  await submit(cl, 'Record: attended');
  await expect(cl.locator('main')).toContainText('attended');
  await expectAccessible(cl, hasJs);

  // The sender sees where things stand.
  await op.goto(referralUrl);
  await expect(op.locator('main')).toContainText('In progress');

  // The indicators move.
  await expect.poll(async () => Number(await referralsTotal(coordinator.page, regionId))).toBe(before + 1);
  for (const c of [coordinator, operator, agency, clinician]) await c.context.close();
});
