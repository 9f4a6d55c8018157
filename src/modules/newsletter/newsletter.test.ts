import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, lastMail, linkIn, testApp, signedInAs, withoutAnswerValues } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { auditEvents, mailOutbox } from '../../platform/schema.js';
import { consentEvents, subscribers } from './schema.js';
import { applyRetention, manageToken } from './service.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
const visitor = (lang = 'en') => new Client(ctx.app, { 'accept-language': lang });
const subscriber = async (email: string) => (await db().select().from(subscribers).where(eq(subscribers.email, email)))[0];
const ledger = async (email: string) => {
  const s = await subscriber(email);
  return s ? db().select().from(consentEvents).where(eq(consentEvents.subscriberId, s.id)).orderBy(consentEvents.at) : [];
};
const mailsTo = async (email: string) => db().select().from(mailOutbox).where(eq(mailOutbox.recipient, email));

/** Signs up and confirms through the pages, as a person would; returns the preferences link. */
async function subscribed(email: string, lang = 'en', extra: Record<string, string> = {}) {
  const v = visitor(lang);
  await v.get('/newsletter');
  expect((await v.post('/newsletter', { email, locale: lang, consent: 'on', ...extra })).statusCode).toBe(200);
  const confirm = linkIn((await lastMail(ctx.platform, email))!.text, '/newsletter/confirm/');
  await v.get(confirm);
  const done = await v.post(confirm);
  expect(done.statusCode).toBe(200);
  return /href="(\/newsletter\/manage\/[^"]+)"/.exec(done.body)![1]!;
}

let editor: Client;
const WEBHOOK = 'w'.repeat(20) + 'ebhook-secret-for-tests';
beforeAll(async () => {
  ctx = await testApp({ env: { NEWSLETTER_WEBHOOK_TOKEN: WEBHOOK } });
  await seedDemo(ctx.platform);
  editor = await signedInAs(ctx, 'news-editor@example.org', 'editor');
});
afterAll(async () => ctx?.close());

describe('sign-up with double opt-in', () => {
  it('records consent evidence and sends only a confirmation link until it is used', async () => {
    const v = visitor('it');
    const page = await v.get('/newsletter?project=eu-micare');
    expect(page.statusCode).toBe(200);
    const micare = /<input id="field-projects-\d+" type="checkbox" name="projects" value="([0-9a-f-]{36})" checked/.exec(page.body)![1]!;
    const res = await v.post('/newsletter', { email: 'Ada@Example.org', locale: 'it', projects: micare, topics: 'events', consent: 'on', project: 'eu-micare' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('ada@example.org');
    const s = (await subscriber('ada@example.org'))!;
    expect(s).toMatchObject({ status: 'pending', locale: 'it', projects: [micare], topics: ['events'], source: 'project:eu-micare' });
    const [signup] = await ledger('ada@example.org');
    expect(signup).toMatchObject({ kind: 'signup', consentVersion: '2026-11', consentLocale: 'it', form: 'project:eu-micare', page: '/newsletter?project=eu-micare' });
    expect(signup!.consentText).toContain('Desidero ricevere la newsletter');
    expect(signup!.ip).toBe(v.ip);
    const mails = await mailsTo('ada@example.org');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Conferma l'iscrizione alla newsletter");

    // The link opens a page; only its button confirms (a link scanner cannot subscribe anyone).
    const link = linkIn(mails[0]!.text, '/newsletter/confirm/');
    const c = visitor('it');
    const confirmPage = await c.get(link);
    expect(confirmPage.headers['referrer-policy']).toBe('no-referrer');
    expect((await subscriber('ada@example.org'))!.status).toBe('pending');
    expect((await c.post(link)).statusCode).toBe(200);
    const active = (await subscriber('ada@example.org'))!;
    expect(active.status).toBe('active');
    expect(active.confirmedAt).not.toBeNull();
    expect((await ledger('ada@example.org')).map((e) => e.kind)).toEqual(['signup', 'confirm']);
  });

  it('answers the same for a known address, without revealing it, and tells the owner instead', async () => {
    await subscribed('known@example.org');
    const before = (await mailsTo('known@example.org')).length;
    const again = await visitor().post('/newsletter', { email: 'known@example.org', locale: 'en', consent: 'on' });
    const fresh = await visitor().post('/newsletter', { email: 'unknown@example.org', locale: 'en', consent: 'on' });
    const strip = (b: string) => withoutAnswerValues(b).replace(/(un)?known@example\.org/g, 'X');
    expect(strip(again.body)).toBe(strip(fresh.body));
    const mails = await mailsTo('known@example.org');
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)!.subject).toBe('Your newsletter subscription');
    expect((await subscriber('known@example.org'))!.status).toBe('active');
  });

  it('refuses bad input clearly, keeping the choices, and stores nothing', async () => {
    const res = await visitor('de').post('/newsletter', { email: 'not an address', locale: 'xx', topics: 'events', consent: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('aria-invalid="true"');
    expect(res.body).toContain('Newsletters zuzustimmen');
    expect(res.body).toMatch(/value="events" checked/);
    expect(await subscriber('not an address')).toBeUndefined();
  });

  it('rejects forged, altered and expired confirmation links', async () => {
    await visitor().post('/newsletter', { email: 'forge@example.org', locale: 'en', consent: 'on' });
    const link = linkIn((await lastMail(ctx.platform, 'forge@example.org'))!.text, '/newsletter/confirm/');
    const [, , , token] = link.split('/');
    const [id, exp, mac] = token!.split('.');
    expect((await visitor().get(`/newsletter/confirm/${id}.${Number(exp) + 1}.${mac}`)).statusCode).toBe(404);
    expect((await visitor().get(`/newsletter/confirm/${id}.1000.${mac}`)).statusCode).toBe(404);
    expect((await visitor().get('/newsletter/confirm/nonsense')).statusCode).toBe(404);
    // A link for an address that changed since (e.g. erased and re-created) confirms nothing.
    await db().update(subscribers).set({ email: 'other@example.org' }).where(eq(subscribers.email, 'forge@example.org'));
    expect((await visitor().get(link)).statusCode).toBe(404);
  });

  it('sends at most three confirmation e-mails a day to one address, whoever asks', async () => {
    for (let i = 0; i < 5; i++) expect((await visitor().post('/newsletter', { email: 'flood@example.org', locale: 'en', consent: 'on' })).statusCode).toBe(200);
    expect(await mailsTo('flood@example.org')).toHaveLength(3);
  });
});

describe('preferences and unsubscribing', () => {
  it('changes preferences without an account, recorded in the ledger', async () => {
    const manage = await subscribed('prefs@example.org');
    const v = visitor();
    const page = await v.get(manage);
    expect(page.body).toContain('prefs@example.org');
    expect(page.headers['cache-control']).toBe('no-store');
    const bad = await v.post(manage, { locale: 'zz', topics: 'news', country: 'XX' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/value="news" checked/);
    const ok = await v.post(manage, { locale: 'es', topics: ['news', 'training', 'bogus'], country: 'ES', profession: 'nurse' });
    expect(ok.statusCode).toBe(303);
    expect(await subscriber('prefs@example.org')).toMatchObject({ locale: 'es', topics: ['news', 'training'], country: 'ES', profession: 'nurse' });
    expect((await ledger('prefs@example.org')).at(-1)!.kind).toBe('preferences');
    expect((await visitor().get(`${manage.slice(0, -3)}abc`)).statusCode).toBe(404);
  });

  it('unsubscribes at once on the RFC 8058 one-click POST, without cookies or CSRF token', async () => {
    const manage = await subscribed('oneclick@example.org');
    const token = manage.split('/').pop()!;
    const res = await ctx.app.inject({ method: 'POST', url: `/newsletter/unsubscribe/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(res.statusCode).toBe(200);
    expect((await subscriber('oneclick@example.org'))!.status).toBe('unsubscribed');
    expect((await ledger('oneclick@example.org')).at(-1)).toMatchObject({ kind: 'withdraw', channel: 'one-click' });
  });

  it('unsubscribes with one click on the visible link, but not when a scanner fetches it', async () => {
    const manage = await subscribed('visible@example.org');
    const url = `/newsletter/unsubscribe/${manage.split('/').pop()}`;
    const scanner = await visitor().get(url);
    expect(scanner.statusCode).toBe(200);
    expect(scanner.body).toContain(`action="${url}"`);
    expect((await subscriber('visible@example.org'))!.status).toBe('active');
    const person = await visitor().get(url, { 'sec-fetch-user': '?1', 'sec-fetch-mode': 'navigate' });
    expect(person.statusCode).toBe(200);
    expect((await subscriber('visible@example.org'))!.status).toBe('unsubscribed');
    expect((await ledger('visible@example.org')).at(-1)).toMatchObject({ kind: 'withdraw', channel: 'link' });
  });

  it('needs a new confirmation to subscribe again after unsubscribing', async () => {
    const manage = await subscribed('again@example.org');
    const v = visitor();
    await v.get(manage);
    await v.post(`${manage}/unsubscribe`);
    expect((await subscriber('again@example.org'))!.status).toBe('unsubscribed');
    await visitor().post('/newsletter', { email: 'again@example.org', locale: 'en', consent: 'on' });
    expect((await subscriber('again@example.org'))!.status).toBe('pending');
    expect((await lastMail(ctx.platform, 'again@example.org'))!.subject).toBe('Please confirm your newsletter subscription');
    expect((await ledger('again@example.org')).map((e) => e.kind)).toEqual(['signup', 'confirm', 'withdraw', 'signup']);
  });
});

describe('consent proof, erasure and retention', () => {
  it('exports the consent record to its owner and to editors, and erases it on request', async () => {
    const manage = await subscribed('proof@example.org', 'el');
    const own = JSON.parse((await visitor().get(`${manage}/consent.json`)).body);
    expect(own.subscriber.email).toBe('proof@example.org');
    expect(own.consentEvents.map((e: { kind: string }) => e.kind)).toEqual(['signup', 'confirm']);
    expect(own.consentEvents[0].consentText).toContain('ενημερωτικό δελτίο');
    expect(own.consentEvents[0].consentLanguage).toBe('el');
    const s = (await subscriber('proof@example.org'))!;
    const page = await editor.get(`/editor/newsletter/subscribers/${s.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ενημερωτικό δελτίο');
    const json = JSON.parse((await editor.get(`/editor/newsletter/subscribers/${s.id}/consent.json`)).body);
    expect(json).toEqual(own);

    const v = visitor();
    await v.get(manage);
    expect((await v.post(`${manage}/erase`)).statusCode).toBe(200);
    expect(await subscriber('proof@example.org')).toBeUndefined();
    expect(await db().select().from(consentEvents).where(eq(consentEvents.subscriberId, s.id))).toHaveLength(0);
    const [a] = await db().select().from(auditEvents).where(eq(auditEvents.targetId, s.id));
    expect(a!.action).toBe('newsletter.subscriber.erase');
    expect(JSON.stringify(a)).not.toContain('proof@example.org');
    expect((await visitor().get(manage)).statusCode).toBe(404);
  });

  it('removes unconfirmed sign-ups and inactive subscribers after the configured periods', async () => {
    await visitor().post('/newsletter', { email: 'stale@example.org', locale: 'en', consent: 'on' });
    await subscribed('dormant@example.org');
    await subscribed('lively@example.org');
    await db().execute(sql`UPDATE newsletter_subscribers SET created_at = now() - interval '31 days' WHERE email = 'stale@example.org'`);
    await db().execute(sql`UPDATE newsletter_subscribers SET last_activity_at = now() - interval '3 years 1 day' WHERE email = 'dormant@example.org'`);
    await applyRetention(db(), ctx.platform.config.newsletter);
    expect(await subscriber('stale@example.org')).toBeUndefined();
    expect(await subscriber('dormant@example.org')).toBeUndefined();
    expect(await subscriber('lively@example.org')).toBeDefined();
  });

  it('lists subscribers for editors only, with counts by status and language', async () => {
    const list = await editor.get('/editor/newsletter/subscribers?status=active&q=lively');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('lively@example.org');
    expect(list.body).not.toContain('known@example.org');
    expect((await visitor().get('/editor/newsletter/subscribers')).statusCode).toBe(303);
    const s = (await subscriber('lively@example.org'))!;
    expect(manageToken(ctx.platform, s.id)).toContain(s.id);
  });
});

describe('import, export and bounces', () => {
  it('exports every subscriber with the evidence of consent, formula-safe, and audits it', async () => {
    await subscribed('+cmd@example.org');
    const csv = await editor.get('/editor/newsletter/subscribers.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n')[0]).toContain('consent_text');
    expect(csv.body).toContain('lively@example.org');
    expect(csv.body).toContain("'+cmd@example.org");
    expect(csv.body).toContain('I would like to receive the newsletter');
    const [a] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'newsletter.subscribers.export'));
    expect(a).toBeDefined();
  });

  it('imports subscribers only with evidence of consent, all or nothing', async () => {
    const bad = 'email,consent_at,consent_text\nok@example.org,2024-05-02T10:00:00Z,Yes please\nbroken,2024-05-02,Yes\nnoevidence@example.org,,\n';
    const refused = await editor.upload('/editor/newsletter/import', { kind: 'subscribers' }, { field: 'file', name: 'list.csv', type: 'text/csv', data: Buffer.from(bad) });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Line 3');
    expect(refused.body).toContain('Line 4');
    expect(await subscriber('ok@example.org')).toBeUndefined();
    const good = '\ufeffEmail,Consent_at,Consent_text,Locale,Consent_ip,Topics\nimported@example.org,2024-05-02T10:00:00Z,"Yes, send me the newsletter",it,192.0.2.7,events;news\nlively@example.org,2024-05-02T10:00:00Z,Yes,en,,\n';
    const ok = await editor.upload('/editor/newsletter/import', { kind: 'subscribers' }, { field: 'file', name: 'list.csv', type: 'text/csv', data: Buffer.from(good) });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('1 subscribers imported; 1 addresses were already known');
    expect(await subscriber('imported@example.org')).toMatchObject({ status: 'active', locale: 'it', topics: ['events', 'news'], source: 'import' });
    const [evidence] = await ledger('imported@example.org');
    expect(evidence).toMatchObject({ kind: 'import', consentText: 'Yes, send me the newsletter', ip: '192.0.2.7', page: 'list.csv' });
    expect(evidence!.at.toISOString()).toBe('2024-05-02T10:00:00.000Z');
  });

  it('suppresses hard bounces and complaints reported by the mail service, which must prove itself', async () => {
    await subscribed('hard@example.org');
    await subscribed('spam@example.org');
    await subscribed('soft@example.org');
    const call = (auth: string | null, payload: unknown) => ctx.app.inject({ method: 'POST', url: '/api/newsletter/events', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, payload: JSON.stringify(payload) });
    const events = { events: [{ email: 'hard@example.org', type: 'hard-bounce' }, { email: 'SPAM@example.org', type: 'complaint' }, { email: 'soft@example.org', type: 'soft-bounce' }] };
    expect((await call(null, events)).statusCode).toBe(401);
    expect((await call('Bearer wrong', events)).statusCode).toBe(401);
    const bad = await call(`Bearer ${WEBHOOK}`, { events: [{ email: 'x', type: 'explosion' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const res = await call(`Bearer ${WEBHOOK}`, events);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ suppressed: 2, unsubscribed: 0, ignored: 1 });
    expect((await subscriber('hard@example.org'))!.status).toBe('bounced');
    expect((await subscriber('spam@example.org'))!.status).toBe('complained');
    expect((await subscriber('soft@example.org'))!.status).toBe('active');
    expect((await ledger('hard@example.org')).at(-1)).toMatchObject({ kind: 'withdraw', channel: 'bounce' });
    // The same from a file an editor uploads.
    await subscribed('file-bounce@example.org');
    const up = await editor.upload('/editor/newsletter/import', { kind: 'bounces' }, { field: 'file', name: 'bounces.csv', type: 'text/csv', data: Buffer.from('email,type\nfile-bounce@example.org,hard-bounce\nwho@example.org,nonsense\n') });
    expect(up.statusCode).toBe(200);
    expect((await subscriber('file-bounce@example.org'))!.status).toBe('bounced');
  });
});
