import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/platform/boot.js';
import { organisations, organisationTypes } from '../src/platform/schema.js';
import { seedVulnerabilityCategories } from '../src/modules/care/residents.js';
import { Client, lastMail, linkIn, signedInAs, testApp } from './helpers.js';

/**
 * ASVS 7.1.1/7.1.2: the logs hold no personal data and no credentials. The platform's own logger (its serialisers
 * and redaction, at debug level, more than production writes) records a stretch of ordinary use by people whose
 * e-mail address, name, password, network address, searches and care record are known to the test, which then
 * looks for each of them in everything written.
 */
const lines: string[] = [];
let ctx: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  ctx = await testApp({ log: createLogger({ logLevel: 'debug' }, { write: (line: string) => void lines.push(line) }) });
});
afterAll(async () => ctx?.close());

const PERSON = { email: 'zainab.qasimi@example.org', name: 'Zainab Qasimi', password: 'saffron harbour lantern' };
const RESIDENT = { name: 'Yonas Tesfamariam', caseCode: 'LOG-2026-417' };
const ADDRESS = '203.0.113.77';

describe('the logs', () => {
  it('hold no e-mail address, name, password, network address, search, session or care record of the people using Ponte', async () => {
    const c = new Client(ctx.app, {}, ADDRESS);
    await c.get('/signup');
    expect((await c.post('/signup', { name: PERSON.name, email: PERSON.email, password: PERSON.password, locale: 'en' })).statusCode).toBe(303);
    const verify = linkIn((await lastMail(ctx.platform, PERSON.email))!.text, '/verify/');
    await c.get(verify);
    await c.post(verify);
    await c.get('/signin');
    expect((await c.post('/signin', { email: PERSON.email, password: 'a wrong guess entirely' })).statusCode).toBe(400);
    expect((await c.post('/signin', { email: PERSON.email, password: PERSON.password })).statusCode).toBe(303);
    const session = c.cookies.get('ponte_session')!;
    expect(session).toBeTruthy();
    await c.get(`/search?q=${encodeURIComponent('Qasimi asylum appointment')}`);
    await c.get(`/directory?q=${encodeURIComponent('Tesfamariam')}`);
    await c.get(`/no-such-page/${encodeURIComponent(PERSON.email)}`);
    await c.get('/password/forgot');
    await c.post('/password/forgot', { email: PERSON.email });
    await c.get('/account/export');

    // A care operator records a resident with a name, which is sealed in the database and must not leak here either.
    await ctx.platform.database.db.insert(organisationTypes).values({ code: 'reception-centre', names: { en: 'Reception centre' } }).onConflictDoNothing();
    const [centre] = await ctx.platform.database.db.insert(organisations).values({ name: 'CAS Log Test', typeCode: 'reception-centre', country: 'IT' }).returning();
    await seedVulnerabilityCategories(ctx.platform.database.db);
    const operator = await signedInAs(ctx, 'operator.log@example.org', 'care-operator', { organisationId: centre!.id });
    await operator.get(`/care/centres/${centre!.id}/residents/new`);
    const created = await operator.post(`/care/centres/${centre!.id}/residents/new`, { caseCode: RESIDENT.caseCode, name: RESIDENT.name, birthYear: '1990', gender: 'male', languages: 'ti' });
    expect(created.statusCode).toBe(303);
    expect((await operator.get(created.headers.location as string)).body).toContain(RESIDENT.name);

    // Something was logged (one line per request at least), and none of it is anybody's.
    const written = lines.join('\n');
    expect(lines.length).toBeGreaterThan(15);
    expect(written).toContain('"route":"/signin"');
    for (const secret of [PERSON.email, 'zainab', 'Qasimi', PERSON.password, 'wrong guess', ADDRESS, 'asylum appointment', 'Tesfamariam', RESIDENT.caseCode, 'operator.log@', session, verify.split('/').pop()!])
      expect(written.toLowerCase(), secret).not.toContain(secret.toLowerCase());
  });
});
