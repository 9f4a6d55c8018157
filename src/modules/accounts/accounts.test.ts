import { eq } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, eventually, lastMail, linkIn, sessionsChanged, testApp } from '../../../test/helpers.js';
import { SoftKey } from '../../../test/security-key.js';
import { auditEvents, mailOutbox, recoveryCodes, rolePolicies, securityKeys, sessions, users } from '../../platform/schema.js';
import { sha256 } from '../../platform/auth/crypto.js';
import { hashPassword } from '../../platform/auth/password.js';
import { grantRole, revokeRole } from '../../platform/identity/organisations.js';
import { mediaImages } from '../media/schema.js';
import { consentEvents, subscribers } from '../newsletter/schema.js';
import { createEvent, registerForEvent, setEventStatus } from '../portal/events.js';
import { news, newsTranslations } from '../portal/schema.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  ctx = await testApp();
});
afterAll(async () => ctx?.close());

const PASSWORD = 'lantern river pepper';

async function signUp(email: string, extra: Record<string, string> = {}) {
  const c = new Client(ctx.app);
  await c.get('/signup');
  const res = await c.post('/signup', { name: 'Amina Test', email, password: PASSWORD, locale: 'en', profession: 'nurse', country: 'IT', ...extra });
  return { c, res };
}

async function verifiedUser(email: string) {
  const { c } = await signUp(email);
  const mail = await lastMail(ctx.platform, email);
  const path = linkIn(mail!.text, '/verify/');
  await c.get(path);
  const r = await c.post(path);
  expect(r.statusCode).toBe(303);
  return c;
}

async function signIn(c: Client, email: string, password = PASSWORD) {
  await c.get('/signin');
  return c.post('/signin', { email, password, next: '/account' });
}

const totpFor = (secret: string, offsetSteps = 0) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), period: 30, digits: 6 }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });

describe('sign-up and e-mail verification', () => {
  it('creates an unverified account, sends a localised verification link, and confirms it with a POST', async () => {
    const { c, res } = await signUp('new.person@example.org', { locale: 'it' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/signup/sent');
    const mail = await lastMail(ctx.platform, 'new.person@example.org');
    expect(mail!.subject).not.toBe('Confirm your e-mail address'); // written in the language chosen at sign-up
    expect(mail!.status).toBe('held'); // no SMTP configured: kept in the outbox
    const path = linkIn(mail!.text, '/verify/');
    // Opening the link does not consume it (mail scanners prefetch links); pressing the button does.
    expect((await c.get(path)).statusCode).toBe(200);
    expect((await c.post(path)).headers.location).toBe('/signin?notice=email-verified');
    expect((await c.post(path)).statusCode).toBe(400); // single use
    const [u] = await ctx.platform.database.db.select().from(users).where(eq(users.email, 'new.person@example.org'));
    expect(u!.emailVerifiedAt).toBeInstanceOf(Date);
    // Peppered with SECRET_KEY (ASVS 2.4.5).
    expect(u!.passwordHash).toMatch(/^\$scrypt\$ln=14,r=8,p=1,pep=1\$/);
    expect(u!.locale).toBe('it');
  });

  it('hashes a password made before the pepper again, with it, when its owner signs in', async () => {
    const c = await verifiedUser('unpeppered@example.org');
    await ctx.platform.database.db.update(users).set({ passwordHash: await hashPassword(PASSWORD, 14) }).where(eq(users.email, 'unpeppered@example.org'));
    expect((await signIn(c, 'unpeppered@example.org')).headers.location).toBe('/account');
    const [u] = await ctx.platform.database.db.select().from(users).where(eq(users.email, 'unpeppered@example.org'));
    expect(u!.passwordHash).toMatch(/,pep=1\$/);
    expect((await signIn(new Client(ctx.app), 'unpeppered@example.org')).headers.location).toBe('/account');
  });

  it('keeps what the user typed and explains each problem beside its field', async () => {
    const c = new Client(ctx.app);
    await c.get('/signup');
    const res = await c.post('/signup', { name: '<b>Zoë</b>', email: 'not-an-address', password: 'short', locale: 'xx', country: 'ZZ' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="field-email-error"');
    expect(res.body).toContain('Enter an e-mail address like name@example.org.');
    expect(res.body).toContain('value="not-an-address"');
    expect(res.body).toContain('value="&lt;b>Zoë&lt;/b>"'); // escaped, never markup
    expect(res.body).not.toContain('<b>Zoë</b>');
    expect(res.body).toContain('href="#field-locale"');
    const pw = await c.post('/signup', { name: 'Zoë', email: 'zoe@example.org', password: 'password1234', locale: 'en' });
    expect(pw.statusCode).toBe(400);
    expect(pw.body).toContain('one of the most used');
    expect(await lastMail(ctx.platform, 'zoe@example.org')).toBeNull();
  });

  it('does not reveal whether an address already has an account', async () => {
    await verifiedUser('taken@example.org');
    const before = (await ctx.platform.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, 'taken@example.org'))).length;
    const { res } = await signUp('Taken@Example.org');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/signup/sent');
    const mails = await ctx.platform.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, 'taken@example.org'));
    expect(mails.length).toBe(before + 1);
    expect((await lastMail(ctx.platform, 'taken@example.org'))!.text).toContain('/password/forgot');
  });
});

describe('sign-in, sessions and sign-out', () => {
  it('answers the same for an unknown address and a wrong password, and audits both', async () => {
    await verifiedUser('known@example.org');
    const a = await signIn(new Client(ctx.app), 'unknown@example.org');
    const b = await signIn(new Client(ctx.app), 'known@example.org', 'wrong password here');
    expect(a.statusCode).toBe(400);
    expect(b.statusCode).toBe(400);
    const msg = (body: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(body)?.[0];
    expect(msg(a.body)).toBe(msg(b.body));
    const failures = await ctx.platform.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.signin'));
    expect(failures.filter((f) => f.outcome === 'failure').length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(failures)).not.toContain('unknown@example.org');
  });

  it('refuses an unverified account and sends a new link', async () => {
    await signUp('unverified@example.org');
    const r = await signIn(new Client(ctx.app), 'unverified@example.org');
    expect(r.statusCode).toBe(403);
    const mails = await ctx.platform.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, 'unverified@example.org'));
    expect(mails.length).toBe(2);
  });

  it('rotates the session at sign-in, sets a safe cookie, lists sessions and ends them', async () => {
    const c = await verifiedUser('sessions@example.org');
    const anonymous = c.cookies.get('ponte_session');
    const r = await signIn(c, 'sessions@example.org');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/account');
    const cookie = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((x) => x.startsWith('ponte_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(c.cookies.get('ponte_session')).not.toBe(anonymous);
    // The token is stored hashed, never as it is in the cookie.
    const token = c.cookies.get('ponte_session')!;
    const rows = await ctx.platform.database.db.select().from(sessions);
    expect(rows.some((s) => s.id === token)).toBe(false);

    const other = new Client(ctx.app, { 'user-agent': 'Mozilla/5.0 (Android 14) Firefox/130.0' });
    await signIn(other, 'sessions@example.org');
    const list = await c.get('/account/sessions');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Firefox · Android');
    expect(list.body).toContain('this device');
    const end = await c.post('/account/sessions/end-others');
    expect(end.headers.location).toBe('/account/sessions?notice=sessions-ended');
    expect((await other.get('/account')).headers.location).toBe('/signin?next=%2Faccount');
    expect((await c.get('/account')).statusCode).toBe(200);

    // Signing out also tells the browser to drop the site's caches and storage: lessons kept for reading offline
    // and the service worker's outbox stay on a shared device no longer than the person's session.
    const out = await c.post('/signout');
    expect(out.headers['clear-site-data']).toBe('"cache", "storage"');
    expect((await c.get('/account')).statusCode).toBe(303);
  });

  it('ends a session that has been idle too long, sooner for privileged roles', async () => {
    const db = ctx.platform.database.db;
    const c = await verifiedUser('idle@example.org');
    await signIn(c, 'idle@example.org');
    const [u] = await db.select().from(users).where(eq(users.email, 'idle@example.org'));
    const age = async (minutes: number) => db.update(sessions).set({ lastSeenAt: new Date(Date.now() - minutes * 60_000) }).where(eq(sessions.userId, u!.id));
    // A learner 40 minutes idle is still signed in (idle limit 24 hours)…
    await age(40);
    expect((await c.get('/account')).statusCode).toBe(200);
    // …but not once the account holds a care role (idle limit 15 minutes, ASVS level 3).
    // (Granted in the database: the node learns it within a poll of the session version.)
    await grantRole(db, u!.id, 'care-operator', null);
    await age(16);
    await eventually(async () => expect((await c.get('/account')).statusCode).toBe(303), 2000);
    expect(await db.select().from(sessions).where(eq(sessions.userId, u!.id))).toEqual([]);
    // A session begun 13 hours ago, before a privileged role was granted, is held to that role's 12 hours.
    await revokeRole(db, u!.id, 'care-operator', null);
    await signIn(c, 'idle@example.org');
    await db.update(sessions).set({ createdAt: new Date(Date.now() - 13 * 3600_000) }).where(eq(sessions.userId, u!.id));
    await sessionsChanged(ctx.app);
    expect((await c.get('/account')).statusCode).toBe(200);
    await grantRole(db, u!.id, 'care-operator', null);
    await eventually(async () => expect((await c.get('/account')).statusCode).toBe(303), 2000);
    expect(await db.select().from(sessions).where(eq(sessions.userId, u!.id))).toEqual([]);
    // And never past the absolute limit, however active.
    await signIn(c, 'idle@example.org');
    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, u!.id));
    expect((await c.get('/account')).statusCode).toBe(303);
  });

  it('cannot end another user’s session by guessing its identifier', async () => {
    const a = await verifiedUser('a-sess@example.org');
    const b = await verifiedUser('b-sess@example.org');
    await signIn(a, 'a-sess@example.org');
    await signIn(b, 'b-sess@example.org');
    const [bUser] = await ctx.platform.database.db.select().from(users).where(eq(users.email, 'b-sess@example.org'));
    const [bSession] = await ctx.platform.database.db.select().from(sessions).where(eq(sessions.userId, bUser!.id));
    const r = await a.post(`/account/sessions/${bSession!.id}/end`);
    expect(r.statusCode).toBe(404);
    expect((await b.get('/account')).statusCode).toBe(200);
  });

  it('refuses a form without the CSRF token, and one with another browser’s token', async () => {
    const c = await verifiedUser('csrf@example.org');
    await signIn(c, 'csrf@example.org');
    const noToken = await c.request('POST', '/account', { name: 'Changed', locale: 'en' });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.body).toContain('The form has expired');
    const attacker = new Client(ctx.app);
    await attacker.get('/');
    const foreign = /name="_csrf" value="([^"]+)"/.exec((await attacker.get('/')).body)![1]!;
    const forged = await c.request('POST', '/account', { _csrf: foreign, name: 'Changed', locale: 'en' });
    expect(forged.statusCode).toBe(403);
    const [u] = await ctx.platform.database.db.select().from(users).where(eq(users.email, 'csrf@example.org'));
    expect(u!.name).toBe('Amina Test');
  });

  it('limits sign-in attempts per account, without locking the owner out of a browser they signed in from before', async () => {
    await verifiedUser('limited@example.org');
    // The owner signed in from this browser before: it keeps a device cookie bound to the account.
    const owner = new Client(ctx.app);
    expect((await signIn(owner, 'limited@example.org')).statusCode).toBe(303);
    const device = owner.cookies.get('ponte_device');
    expect(device).toMatch(/^[\w-]{43}\.[\w-]{43}$/);
    await owner.post('/signout');
    expect(owner.cookies.get('ponte_device')).toBe(device);

    // Someone else guesses, from browsers the account never signed in from: with the owner's first sign-in,
    // ten attempts in 15 minutes.
    const c = new Client(ctx.app);
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) codes.push((await signIn(c, 'limited@example.org', `wrong guess ${i}`)).statusCode);
    expect(codes).toEqual([...Array(9).fill(400), 429]);
    const locked = await signIn(new Client(ctx.app), 'limited@example.org');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toMatch(/^\d+$/);
    // A made-up or altered device cookie counts for nothing.
    for (const forged of ['made.up', `${device!.split('.')[0]}.${'A'.repeat(43)}`]) {
      const f = new Client(ctx.app);
      f.cookies.set('ponte_device', forged);
      expect((await signIn(f, 'limited@example.org')).statusCode).toBe(429);
    }
    // The owner's browser has a budget of its own, and signs in; it keeps the same device cookie.
    expect((await signIn(owner, 'limited@example.org')).headers.location).toBe('/account');
    expect(owner.cookies.get('ponte_device')).toBe(device);
    // That budget is limited too: guesses from the owner's browser (a stolen laptop) stop after ten.
    await owner.post('/signout');
    const fromOwner: number[] = [];
    for (let i = 0; i < 10; i++) fromOwner.push((await signIn(owner, 'limited@example.org', `laptop guess ${i}`)).statusCode);
    expect(fromOwner).toEqual([...Array(9).fill(400), 429]);
  });
});

describe('profile, e-mail, password, export and deletion', () => {
  it('saves the profile, switches the interface language, and keeps input on errors', async () => {
    const c = await verifiedUser('profile@example.org');
    await signIn(c, 'profile@example.org');
    const bad = await c.post('/account', { name: '', locale: 'de', profession: 'astronaut' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('field-name-error');
    expect(bad.body).toContain('field-profession-error');
    const ok = await c.post('/account', { name: 'Amina Rossi', locale: 'de', profession: 'psychologist', country: 'DE' });
    expect(ok.headers.location).toBe('/account?notice=profile-saved');
    const page = await c.get('/account?notice=profile-saved');
    expect(page.body).toContain('<html lang="de" dir="ltr">');
    expect(page.body).toContain('value="Amina Rossi"');
  });

  it('changes the e-mail address only after the new address confirms, and tells the old one', async () => {
    const c = await verifiedUser('old@example.org');
    await signIn(c, 'old@example.org');
    expect((await c.post('/account/email', { email: 'new@example.org', password: 'wrong password' })).statusCode).toBe(400);
    expect((await c.post('/account/email', { email: 'new@example.org', password: PASSWORD })).statusCode).toBe(200);
    const path = linkIn((await lastMail(ctx.platform, 'new@example.org'))!.text, '/account/email/confirm/');
    await c.get(path);
    expect((await c.post(path)).headers.location).toBe('/account?notice=email-changed');
    expect((await lastMail(ctx.platform, 'old@example.org'))!.text).toContain('/password/forgot');
    expect((await signIn(new Client(ctx.app), 'new@example.org')).statusCode).toBe(303);
  });

  it('changes the password, ending the other sessions', async () => {
    const c = await verifiedUser('pw@example.org');
    await signIn(c, 'pw@example.org');
    const other = new Client(ctx.app);
    await signIn(other, 'pw@example.org');
    expect((await c.post('/account/password', { current: 'nope nope nope', password: 'a brand new phrase' })).statusCode).toBe(400);
    expect((await c.post('/account/password', { current: PASSWORD, password: '123456789012' })).body).toContain('one of the most used');
    const r = await c.post('/account/password', { current: PASSWORD, password: 'a brand new phrase' });
    expect(r.headers.location).toBe('/account/security?notice=password-changed');
    expect((await other.get('/account')).statusCode).toBe(303);
    expect((await c.get('/account')).statusCode).toBe(200);
    expect((await signIn(new Client(ctx.app), 'pw@example.org', 'a brand new phrase')).statusCode).toBe(303);
  });

  it('exports the user’s data as JSON and audits the export', async () => {
    const c = await verifiedUser('export@example.org');
    await signIn(c, 'export@example.org');
    const r = await c.get('/account/export');
    expect(r.headers['content-type']).toContain('application/json');
    expect(r.headers['content-disposition']).toMatch(/attachment; filename="ponte-my-data-\d{4}-\d{2}-\d{2}\.json"/);
    const data = JSON.parse(r.body);
    expect(data.profile).toMatchObject({ email: 'export@example.org', name: 'Amina Test', profession: 'nurse', country: 'IT' });
    expect(data.roles).toEqual([expect.objectContaining({ role: 'learner', organisation: null })]);
    expect(data.securityEvents.map((e: { action: string }) => e.action)).toContain('auth.signin');
    expect(JSON.stringify(data)).not.toContain('$scrypt$');
    const [u] = await ctx.platform.database.db.select().from(users).where(eq(users.email, 'export@example.org'));
    const audits = await ctx.platform.database.db.select().from(auditEvents).where(eq(auditEvents.actorId, u!.id));
    expect(audits.map((a) => a.action)).toContain('account.export');
  });

  it('includes what modules hold about the person: event registrations, newsletter subscription, authored news, uploaded images', async () => {
    const c = await verifiedUser('modules@example.org');
    await signIn(c, 'modules@example.org');
    const db = ctx.platform.database.db;
    const [u] = await db.select().from(users).where(eq(users.email, 'modules@example.org'));
    const when = { startsAt: new Date(Date.now() + 7 * 86400_000), endsAt: new Date(Date.now() + 7 * 86400_000 + 7200_000) };
    const meta = { projectId: null, kind: 'webinar' as const, ...when, timeZone: 'Europe/Rome', mode: 'online' as const, venue: '', address: '', city: '', country: null, onlineUrl: null, capacity: null, registrationOpen: true };
    const event = (await createEvent(db, { ...meta, slug: 'export-webinar', sourceLocale: 'en', title: 'Export webinar', summary: '', body: '' })) as { id: string };
    await setEventStatus(ctx.platform, event.id, 'published');
    // Registered signed out with the account's address, and someone else registered too.
    const registrant = { organisation: 'ASL', country: 'IT', profession: 'nurse', locale: 'en' as const, userId: null };
    await registerForEvent(ctx.platform, 'export-webinar', { ...registrant, name: 'Amina T.', email: 'Modules@Example.org' });
    await registerForEvent(ctx.platform, 'export-webinar', { ...registrant, name: 'Somebody Else', email: 'else@example.org' });
    for (const email of ['modules@example.org', 'else@example.org']) {
      const [s] = await db.insert(subscribers).values({ email, locale: 'en', status: 'active', source: 'site', topics: ['training'] }).returning();
      await db.insert(consentEvents).values({ subscriberId: s!.id, kind: 'signup', ip: email === 'else@example.org' ? '203.0.113.9' : '198.51.100.7', consentText: 'I agree', consentVersion: '1', consentLocale: 'en', form: 'site', page: '/newsletter' });
    }
    const [item] = await db.insert(news).values({ slug: 'export-news', authorId: u!.id }).returning();
    await db.insert(newsTranslations).values({ newsId: item!.id, locale: 'en', title: 'Written by me' });
    await db.insert(mediaImages).values({ name: 'my-photo.jpg', format: 'jpeg', width: 10, height: 10, sourceLocale: 'en', createdBy: u!.id });

    const r = await c.get('/account/export');
    const data = JSON.parse(r.body);
    expect(data.portal.eventRegistrations).toEqual([
      { event: { slug: 'export-webinar', title: 'Export webinar', startsAt: when.startsAt.toISOString() }, name: 'Amina T.', email: 'modules@example.org', organisation: 'ASL', country: 'IT', profession: 'nurse', language: 'en', status: 'confirmed', registeredAt: expect.any(String), cancelledAt: null },
    ]);
    expect(data.portal.newsAuthored).toEqual([{ slug: 'export-news', title: 'Written by me', status: 'draft', createdAt: expect.any(String), publishedAt: null }]);
    expect(data.media.imagesUploaded).toEqual([{ name: 'my-photo.jpg', uploadedAt: expect.any(String) }]);
    expect(data.newsletter.subscription.subscriber).toMatchObject({ email: 'modules@example.org', status: 'active', topics: ['training'] });
    expect(data.newsletter.subscription.consentEvents).toEqual([expect.objectContaining({ kind: 'signup', ip: '198.51.100.7', consentText: 'I agree' })]);
    expect(data.newsletter.subscription.issuesSent).toEqual([]);
    expect(r.body).not.toContain('else@example.org');
    expect(r.body).not.toContain('Somebody Else');
    expect(r.body).not.toContain('203.0.113.9');
  });

  it('deletes the account after confirmation, keeping only an anonymous audit trail', async () => {
    const c = await verifiedUser('delete@example.org');
    await signIn(c, 'delete@example.org');
    const [u] = await ctx.platform.database.db.select().from(users).where(eq(users.email, 'delete@example.org'));
    expect((await c.post('/account/delete', { password: PASSWORD, confirm: 'someone@else.org' })).statusCode).toBe(400);
    const r = await c.post('/account/delete', { password: PASSWORD, confirm: 'delete@example.org' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['clear-site-data']).toBe('"cache", "storage"');
    expect(await ctx.platform.database.db.select().from(users).where(eq(users.id, u!.id))).toEqual([]);
    expect(await ctx.platform.database.db.select().from(sessions).where(eq(sessions.userId, u!.id))).toEqual([]);
    const trail = await ctx.platform.database.db.select().from(auditEvents).where(eq(auditEvents.actorId, u!.id));
    expect(trail.map((a) => a.action)).toContain('account.delete');
    expect(JSON.stringify(trail)).not.toContain('delete@example.org');
    expect((await signIn(new Client(ctx.app), 'delete@example.org')).statusCode).toBe(400);
  });
});

async function enrol(email: string) {
  const c = await verifiedUser(email);
  await signIn(c, email);
  const setup = await c.get('/account/security/totp');
  expect(setup.body).toContain('<svg');
  const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(setup.body)![1]!;
  const sealed = /name="sealed" value="([^"]+)"/.exec(setup.body)![1]!;
  expect((await c.post('/account/security/totp', { sealed, code: '000000' })).statusCode).toBe(400);
  const done = await c.post('/account/security/totp', { sealed, code: totpFor(secret) });
  expect(done.statusCode).toBe(200);
  const codes = [...done.body.matchAll(/<code>((?:[a-z2-7]{4}-){5}[a-z2-7]{4})<\/code>/g)].map((m) => m[1]!);
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  return { c, secret, codes };
}

describe('two-step verification (TOTP)', () => {
  it('asks for a code after the password, accepts each code once, and accepts a recovery code once', async () => {
    const { secret, codes } = await enrol('totp@example.org');
    const c = new Client(ctx.app);
    const first = await signIn(c, 'totp@example.org');
    expect(first.headers.location).toBe('/signin/second-factor?next=%2Faccount');
    // Half-signed-in: nothing else is reachable yet.
    expect((await c.get('/account')).statusCode).toBe(303);
    // The field takes recovery codes too, which have letters: no digits-only keyboard on a phone.
    const form = (await c.get('/signin/second-factor')).body;
    expect(form).toMatch(/<input[^>]*name="code"[^>]*autocomplete="one-time-code"/);
    expect(form).not.toMatch(/<input[^>]*name="code"[^>]*inputmode/i);
    expect((await c.post('/signin/second-factor', { code: '123456', next: '/account' })).statusCode).toBe(400);
    // The code used at enrolment is already spent; the next time step's code is accepted.
    const next = totpFor(secret, 1);
    expect((await c.post('/signin/second-factor', { code: next, next: '/account' })).headers.location).toBe('/account');
    expect((await c.get('/account')).statusCode).toBe(200);

    // Replaying the same code in another browser within its window is refused.
    const replay = new Client(ctx.app);
    await signIn(replay, 'totp@example.org');
    await replay.get('/signin/second-factor');
    expect((await replay.post('/signin/second-factor', { code: next })).statusCode).toBe(400);
    expect((await replay.post('/signin/second-factor', { code: codes[0]! })).statusCode).toBe(303);

    const again = new Client(ctx.app);
    await signIn(again, 'totp@example.org');
    await again.get('/signin/second-factor');
    expect((await again.post('/signin/second-factor', { code: codes[0]! })).statusCode).toBe(400);
    // A code is accepted as people type it: capitals, without the hyphens, with spaces.
    const typed = codes[1]!.toUpperCase().replaceAll('-', ' ');
    expect((await again.post('/signin/second-factor', { code: typed })).statusCode).toBe(303);
  });

  it('makes recovery codes of 120 random bits, and still accepts a code of the earlier 40-bit form until new ones are made', async () => {
    const { codes, secret } = await enrol('codes@example.org');
    // 24 base32 characters: 120 bits (ASVS 2.6.2 asks at least 112).
    for (const code of codes) expect(code.replaceAll('-', '')).toHaveLength(24);
    const [user] = await ctx.platform.database.db.select().from(users).where(eq(users.email, 'codes@example.org'));
    // Two codes as an earlier version stored them (before migration 0033 they were all of this kind).
    await ctx.platform.database.db.insert(recoveryCodes).values([
      { userId: user!.id, codeHash: sha256('0a1b2-c3d4e'), strong: false },
      { userId: user!.id, codeHash: sha256('99999-88888'), strong: false },
    ]);
    const c = new Client(ctx.app);
    await signIn(c, 'codes@example.org');
    await c.get('/signin/second-factor');
    expect((await c.post('/signin/second-factor', { code: '0A1B2C3D4E' })).statusCode).toBe(303);
    // While a weak code is left, the security page asks for new ones.
    const account = await c.get('/account/security');
    expect(account.body).toMatch(/You have 11 recovery codes left/);
    expect(account.body).toContain('Your recovery codes were made by an earlier version of Ponte');
    const renewed = await c.post('/account/security/recovery-codes', { code: totpFor(secret, 1), action: 'codes' });
    expect(renewed.statusCode).toBe(200);
    const after = await c.get('/account/security');
    expect(after.body).toMatch(/You have 10 recovery codes left/);
    expect(after.body).not.toContain('earlier version of Ponte');
  });

  it('limits how often a signed-in session may guess a second-factor code or the current password', async () => {
    const { c, secret } = await enrol('guess@example.org');
    // A stolen session guessing codes to get fresh recovery codes is stopped after 15 tries an hour.
    for (let i = 0; i < 15; i++) expect((await c.post('/account/security/recovery-codes', { code: '000000' })).statusCode).toBe(400);
    const limited = await c.post('/account/security/recovery-codes', { code: totpFor(secret, 1) });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    // Guessing the current password (each guess a costly hash) is stopped after 10 tries in 15 minutes.
    for (let i = 0; i < 10; i++) expect((await c.post('/account/password', { current: `wrong guess ${i}`, password: 'another new phrase' })).statusCode).toBe(400);
    expect((await c.post('/account/password', { current: PASSWORD, password: 'another new phrase' })).statusCode).toBe(429);
    expect((await c.post('/account/email', { email: 'elsewhere@example.org', password: PASSWORD })).statusCode).toBe(429);
    // Nothing changed: the old password still signs in, and asks for the second factor.
    expect((await signIn(new Client(ctx.app), 'guess@example.org')).headers.location).toContain('/signin/second-factor');
  });

  it('does not let a password reset bypass the second factor', async () => {
    const { codes } = await enrol('reset-totp@example.org');
    const c = new Client(ctx.app);
    await c.get('/password/forgot');
    expect((await c.post('/password/forgot', { email: 'reset-totp@example.org' })).body).toContain('If an account exists');
    const path = linkIn((await lastMail(ctx.platform, 'reset-totp@example.org'))!.text, '/password/reset/');
    const form = await c.get(path);
    expect(form.body).toContain('name="code"');
    const without = await c.post(path, { password: 'a new long phrase' });
    expect(without.statusCode).toBe(400);
    expect(without.body).toContain('field-code-error');
    const withCode = await c.post(path, { password: 'a new long phrase', code: codes[1]! });
    expect(withCode.headers.location).toBe('/signin?notice=password-reset');
    // The owner is told (ASVS 2.2.3), with the way back if it was not them.
    const told = await lastMail(ctx.platform, 'reset-totp@example.org');
    expect(told!.subject).toBe('How your account signs in has changed');
    expect(told!.text).toContain('has been reset with a link sent to this address');
    expect(told!.text).toContain('http://ponte.test/password/forgot');
    // Still two steps after the reset.
    expect((await signIn(new Client(ctx.app), 'reset-totp@example.org', 'a new long phrase')).headers.location).toContain('/signin/second-factor');
    // And the link is spent.
    expect((await c.post(path, { password: 'another long phrase', code: codes[2]! })).statusCode).toBe(400);
  });

  it('answers a reset request for an unknown address exactly like a known one', async () => {
    const c = new Client(ctx.app);
    await c.get('/password/forgot');
    const unknown = await c.post('/password/forgot', { email: 'nobody-here@example.org' });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('If an account exists');
    expect(await lastMail(ctx.platform, 'nobody-here@example.org')).toBeNull();
  });
});

describe('security keys (WebAuthn)', () => {
  const ORIGIN = 'http://ponte.test';
  type Options = { challenge: string; rp?: { id: string }; allowCredentials?: { id: string }[]; excludeCredentials?: { id: string }[] };
  const options = async (c: Client, url: string) => {
    const r = await c.json('POST', url, {});
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    return JSON.parse(r.body) as Options;
  };
  async function addKey(c: Client, key: SoftKey, name: string) {
    await c.get('/account/security');
    const o = await options(c, '/account/security/keys/options');
    return c.post('/account/security/keys', { name, credential: JSON.stringify(key.create(o)) });
  }
  /** Signs in with the password, then answers the second step with the key: the answer's status. */
  async function signInWithKey(email: string, key: SoftKey, password = PASSWORD) {
    const c = new Client(ctx.app);
    expect((await signIn(c, email, password)).headers.location).toContain('/signin/second-factor');
    expect((await c.get('/signin/second-factor')).body).toContain('Use your security key');
    const o = await options(c, '/signin/second-factor/key-options');
    return { c, res: await c.post('/signin/second-factor', { credential: JSON.stringify(key.get(o)), next: '/account' }) };
  }
  const userId = async (email: string) => (await ctx.platform.database.db.select().from(users).where(eq(users.email, email)))[0]!.id;

  it('adds a key beside the app, signs in with it, tells the owner, and refuses replays, other sites, other accounts and copied keys', async () => {
    // Without an authenticator app first, no key: its recovery codes are the way back.
    const plain = await verifiedUser('nokey@example.org');
    await signIn(plain, 'nokey@example.org');
    expect((await plain.get('/account/security')).body).toContain('Turn on two-step verification with an authenticator app first');
    expect((await plain.json('POST', '/account/security/keys/options', {})).statusCode).toBe(409);

    const { c, codes } = await enrol('keys@example.org');
    // Turning the app on is told by e-mail too.
    expect((await lastMail(ctx.platform, 'keys@example.org'))!.text).toContain('Two-step verification with an authenticator app has been turned on.');
    const page = await c.get('/account/security');
    expect(page.body).toContain('You have no security key yet.');
    // The form waits for the script (it cannot work without it) and says so meanwhile.
    expect(page.body).toMatch(/<form[^>]*hidden[^>]*data-webauthn="register"/);
    expect(page.body).toContain('Security keys need JavaScript');

    const key = new SoftKey(ORIGIN);
    const o = await options(c, '/account/security/keys/options');
    expect(o.rp!.id).toBe('ponte.test');
    const answer = JSON.stringify(key.create(o));
    // A name is required, and its absence spends nothing: the same answer still works after.
    expect((await c.post('/account/security/keys', { name: ' ', credential: answer })).statusCode).toBe(400);
    const added = await c.post('/account/security/keys', { name: 'Blue <USB> key', credential: answer });
    expect(added.statusCode, added.body).toBe(303);
    expect(added.headers.location).toBe('/account/security?notice=key-added');
    const listed = await c.get('/account/security?notice=key-added');
    expect(listed.body).toContain('The security key has been added.');
    expect(listed.body).toContain('Blue &lt;USB> key');
    expect(listed.body).not.toContain('<USB>');
    expect(listed.body).toContain('Not used yet');
    // The key is part of "download my data".
    expect(JSON.parse((await c.get('/account/export')).body).profile.securityKeys).toEqual([expect.objectContaining({ name: 'Blue <USB> key', lastUsedAt: null })]);
    const mail = await lastMail(ctx.platform, 'keys@example.org');
    expect(mail!.subject).toBe('How your account signs in has changed');
    expect(mail!.text).toContain('A security key named “Blue <USB> key” has been added to your account.');
    // The same answer again: its challenge is spent.
    expect((await c.post('/account/security/keys', { name: 'Again', credential: answer })).statusCode).toBe(400);
    // The key cannot be added twice: the browser is told to skip it.
    expect((await options(c, '/account/security/keys/options')).excludeCredentials!.map((x) => x.id)).toEqual([key.credentialId.toString('base64url')]);
    // Junk in place of an answer is a clear 400.
    await options(c, '/account/security/keys/options');
    for (const junk of ['not json', '{"id":"x"}', JSON.stringify({ id: 'a', rawId: 'a', type: 'public-key', response: { clientDataJSON: 'e30', attestationObject: '' } }), 'x'.repeat(40_000)])
      expect((await c.post('/account/security/keys', { name: 'Junk', credential: junk })).statusCode).toBe(400);

    // Signing in: the key answers the second step.
    const signed = await signInWithKey('keys@example.org', key);
    expect(signed.res.headers.location).toBe('/account');
    expect((await signed.c.get('/account')).statusCode).toBe(200);
    const trail = await ctx.platform.database.db.select().from(auditEvents).where(eq(auditEvents.actorId, await userId('keys@example.org')));
    expect(trail.some((a) => a.action === 'auth.signin' && (a.details as { secondFactor?: string })?.secondFactor === 'security-key')).toBe(true);
    expect((await c.get('/account/security')).body).not.toContain('Not used yet');

    // A signature replayed in another browser: that browser's challenge is another one.
    const thief = new Client(ctx.app);
    await signIn(thief, 'keys@example.org');
    const theirs = await options(thief, '/signin/second-factor/key-options');
    const signature = key.get(theirs);
    expect((await thief.post('/signin/second-factor', { credential: JSON.stringify(signature) })).statusCode).toBe(303);
    const replay = new Client(ctx.app);
    await signIn(replay, 'keys@example.org');
    await options(replay, '/signin/second-factor/key-options');
    expect((await replay.post('/signin/second-factor', { credential: JSON.stringify(signature) })).statusCode).toBe(400);

    // A look-alike site relaying the sign-in: the browser reports the site it is on, and the key signs for that site.
    const phished = new Client(ctx.app);
    await signIn(phished, 'keys@example.org');
    const relayed = await options(phished, '/signin/second-factor/key-options');
    const lookalike = Object.assign(Object.create(Object.getPrototypeOf(key)), key, { origin: 'http://ponte-login.test', rpId: 'ponte-login.test' }) as SoftKey;
    const refused = await phished.post('/signin/second-factor', { credential: JSON.stringify(lookalike.get(relayed)) });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('The security key did not answer, or its answer was not accepted.');
    // Nor does it let the phisher through without a code: still half signed in.
    expect((await phished.get('/account')).statusCode).toBe(303);

    // Another account's key is not this account's.
    const other = await enrol('otherkey@example.org');
    const otherKey = new SoftKey(ORIGIN);
    expect((await addKey(other.c, otherKey, 'Other')).statusCode).toBe(303);
    const wrong = new Client(ctx.app);
    await signIn(wrong, 'keys@example.org');
    const w = await options(wrong, '/signin/second-factor/key-options');
    expect((await wrong.post('/signin/second-factor', { credential: JSON.stringify(otherKey.get({ ...w })) })).statusCode).toBe(400);

    // A copy of the key (its counter behind the original's) is refused.
    key.counter = 1;
    expect((await signInWithKey('keys@example.org', key)).res.statusCode).toBe(400);
    key.counter = 10;
    expect((await signInWithKey('keys@example.org', key)).res.statusCode).toBe(303);

    // Removing it takes a code; the owner is told; the sign-in page then offers codes only.
    const [row] = await ctx.platform.database.db.select().from(securityKeys).where(eq(securityKeys.userId, await userId('keys@example.org')));
    expect((await c.post('/account/security/keys/remove', { key: row!.id, removeCode: '000000' })).statusCode).toBe(400);
    // Someone else's key is not found, and spends no code.
    const [theirKey] = await ctx.platform.database.db.select().from(securityKeys).where(eq(securityKeys.userId, await userId('otherkey@example.org')));
    expect((await c.post('/account/security/keys/remove', { key: theirKey!.id, removeCode: codes[3]! })).statusCode).toBe(400);
    expect((await c.post('/account/security/keys/remove', { key: row!.id, removeCode: codes[3]! })).headers.location).toBe('/account/security?notice=key-removed');
    expect((await lastMail(ctx.platform, 'keys@example.org'))!.text).toContain('The security key named “Blue <USB> key” has been removed from your account.');
    expect(await ctx.platform.database.db.select().from(securityKeys).where(eq(securityKeys.id, theirKey!.id))).toHaveLength(1);
    const after = new Client(ctx.app);
    await signIn(after, 'keys@example.org');
    expect((await after.get('/signin/second-factor')).body).not.toContain('Use your security key');
    expect((await after.json('POST', '/signin/second-factor/key-options', {})).statusCode).toBe(404);
  });

  it('lets a role require a key: its holders add one before anything else, and an app code no longer signs them in', async () => {
    const { c, secret, codes } = await enrol('needs-key@example.org');
    const id = await userId('needs-key@example.org');
    await grantRole(ctx.platform.database.db, id, 'editor', null);
    await ctx.platform.database.db.insert(rolePolicies).values({ role: 'editor', requireTotp: true, requireSecurityKey: true }).onConflictDoUpdate({ target: rolePolicies.role, set: { requireTotp: true, requireSecurityKey: true } });
    try {
      // Signed in already: every page but the security page now leads there, saying why.
      const sent = await c.get('/account');
      expect(sent.headers.location).toBe('/account/security?notice=key-required');
      const security = await c.get('/account/security?notice=key-required');
      expect(security.body).toContain('One of your roles requires a security key. Add one to continue.');
      const key = new SoftKey(ORIGIN);
      expect((await addKey(c, key, 'Office key')).statusCode).toBe(303);
      expect((await c.get('/account')).statusCode).toBe(200);

      // The app's code, right as it is, does not sign them in; a recovery code does (the key was lost); the key does.
      const s = new Client(ctx.app);
      await signIn(s, 'needs-key@example.org');
      const step = await s.get('/signin/second-factor');
      expect(step.body).toContain('Your role requires a security key.');
      expect((await s.post('/signin/second-factor', { code: totpFor(secret, 1) })).statusCode).toBe(400);
      expect((await s.post('/signin/second-factor', { code: codes[0]! })).statusCode).toBe(303);
      expect((await signInWithKey('needs-key@example.org', key)).res.statusCode).toBe(303);
      // Nor does an app code reset the password: the reset asks for a recovery code.
      const r = new Client(ctx.app);
      await r.get('/password/forgot');
      await r.post('/password/forgot', { email: 'needs-key@example.org' });
      const path = linkIn((await lastMail(ctx.platform, 'needs-key@example.org'))!.text, '/password/reset/');
      expect((await r.get(path)).body).toContain('Recovery code');
      expect((await r.post(path, { password: 'a fresh long phrase', code: totpFor(secret, 1) })).statusCode).toBe(400);
      expect((await r.post(path, { password: 'a fresh long phrase', code: codes[1]! })).headers.location).toBe('/signin?notice=password-reset');
    } finally {
      await ctx.platform.database.db.update(rolePolicies).set({ requireSecurityKey: false }).where(eq(rolePolicies.role, 'editor'));
      await revokeRole(ctx.platform.database.db, id, 'editor', null);
    }
  });
});
