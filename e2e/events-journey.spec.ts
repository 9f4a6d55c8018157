import { expect, test } from './test.js';
import ICAL from 'ical.js';
import { expectAccessible } from './axe.js';
import { mailLink, mailMatching } from './mail.js';

// A visitor registers for an event, gets the confirmation e-mail, adds the event to a calendar, and cancels.
for (const lang of ['en', 'it'] as const) {
  test(`a visitor registers for an event and adds it to a calendar — ${lang}`, async ({ browser }, info) => {
    const hasJs = info.project.use.javaScriptEnabled !== false;
    const context = await browser.newContext({ locale: lang, javaScriptEnabled: hasJs, extraHTTPHeaders: { 'x-forwarded-for': `192.0.2.${Math.floor(Math.random() * 250) + 1}` } });
    const page = await context.newPage();
    const email = `events-${lang}-${hasJs ? 'js' : 'nojs'}-${Date.now()}@example.org`;

    await page.goto('/events');
    await expectAccessible(page, hasJs);
    await page.locator('main a[href="/events/ponte-demo-webinar"]').click();
    await expect(page.locator('main h1')).toContainText(lang === 'it' ? 'Demo: una visita online' : 'Demo: an online tour');
    await expectAccessible(page, hasJs);

    // Submitting without consent keeps what was typed and says what is missing.
    await page.fill('#field-name', 'Alex Example');
    await page.fill('#field-email', email);
    await page.selectOption('#field-profession', 'cultural-mediator');
    if (hasJs) await page.locator('#field-consent').evaluate((el) => el.removeAttribute('required'));
    await page.locator('section[aria-labelledby="register-title"] button[type="submit"]').click();
    await expect(page.locator('.error-summary')).toBeVisible();
    await expect(page.locator('#field-name')).toHaveValue('Alex Example');
    await expectAccessible(page, hasJs);

    await page.check('#field-consent');
    await page.locator('section[aria-labelledby="register-title"] button[type="submit"]').click();
    await expect(page.locator('main')).toContainText(email);
    await expectAccessible(page, hasJs);

    // The e-mail links to the calendar file, which a calendar reads as this event.
    const manage = await mailLink(email, '/events/registrations/');
    const calendarUrl = new URL((await mailMatching(email, /https?:\/\/[^\s"<]+\/events\/ponte-demo-webinar\/calendar\.ics\?lang=[a-z]{2}/))[0]);
    const ics = await context.request.get(calendarUrl.pathname + calendarUrl.search);
    expect(ics.headers()['content-type']).toContain('text/calendar');
    const vevent = new ICAL.Component(ICAL.parse(await ics.text())).getFirstSubcomponent('vevent')!;
    const event = new ICAL.Event(vevent);
    expect(event.summary).toBe(lang === 'it' ? 'Demo: una visita online della piattaforma' : 'Demo: an online tour of this platform');
    expect(event.startDate.toJSDate().getTime()).toBeGreaterThan(Date.now());

    // The link in the e-mail shows the registration; its button cancels it.
    await page.goto(manage);
    await expectAccessible(page, hasJs);
    await page.locator('main form button').click();
    await expect(page.locator('main h1')).toContainText(lang === 'it' ? 'Iscrizione annullata' : 'Registration cancelled');
    await expectAccessible(page, hasJs);
    await context.close();
  });
}
