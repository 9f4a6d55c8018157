import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, testApp } from '../../../test/helpers.js';
import { issueCredentials, Lrs } from '../../../test/xapi.js';
import { auditEvents } from '../../platform/schema.js';
import { xapiClients } from './schema.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let admin: Client;

const statement = { actor: { mbox: 'mailto:someone@example.org' }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: 'http://example.org/a' } };

beforeAll(async () => {
  ctx = await testApp();
  admin = await signedInAs(ctx, 'admin@example.org', 'administrator');
});
afterAll(async () => ctx?.close());

describe('credentials issued by administrators', () => {
  it('shows the secret once and keeps only its hash; the list shows the client afterwards without it', async () => {
    const { key, secret, page } = await issueCredentials(admin, { name: 'Moodle of a partner' });
    expect(page).toContain('http://ponte.test/xapi/');
    const [row] = await ctx.platform.database.db.select().from(xapiClients).where(eq(xapiClients.key, key));
    expect(row!.secretHash).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(secret);
    const list = await admin.get('/admin/xapi');
    expect(list.body).toContain('Moodle of a partner');
    expect(list.body).toContain(key);
    expect(list.body).not.toContain(secret);
    const audit = await ctx.platform.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'xapi.client.issue'));
    expect(audit).toHaveLength(1);
  });

  it('refuses a client with no scope or a malformed authority, keeping what was typed', async () => {
    const none = await admin.post('/admin/xapi', { name: 'Nothing allowed', authority: '' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose what the client may do');
    const bad = await admin.post('/admin/xapi', { name: 'Bad authority', canRead: 'on', authority: '{"name": "no identifier"}' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="Bad authority"');
  });

  it('is for administrators only', async () => {
    const learner = await signedInAs(ctx, 'learner@example.org', 'learner');
    expect((await learner.get('/admin/xapi')).statusCode).toBe(403);
    expect((await learner.post('/admin/xapi', { name: 'x', canRead: 'on' })).statusCode).toBe(403);
  });
});

describe('Basic authentication of /xapi/', () => {
  it('answers 401 with WWW-Authenticate without credentials, with a wrong secret, an unknown key or a malformed header', async () => {
    const { key } = await issueCredentials(admin, { name: 'Player' });
    for (const credentials of [null, { key, secret: 'wrong' }, { key: 'unknown', secret: 'x' }]) {
      const res = await new Lrs(ctx.app, credentials).get('statements');
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
      expect(res.headers['x-experience-api-version']).toBe('1.0.3');
    }
    const malformed = await ctx.app.inject({ method: 'GET', url: '/xapi/statements', headers: { authorization: 'Bearer abc', 'x-experience-api-version': '1.0.3' } });
    expect(malformed.statusCode).toBe(401);
  });

  it('stops answering revoked credentials at once', async () => {
    const creds = await issueCredentials(admin, { name: 'Old authoring tool' });
    const lrs = new Lrs(ctx.app, creds);
    expect((await lrs.get('statements')).statusCode).toBe(200);
    const [row] = await ctx.platform.database.db.select().from(xapiClients).where(eq(xapiClients.key, creds.key));
    const revoked = await admin.post(`/admin/xapi/${row!.id}/revoke`);
    expect(revoked.statusCode).toBe(303);
    expect((await lrs.get('statements')).statusCode).toBe(401);
    expect((await admin.get('/admin/xapi')).body).toContain('Revoked on');
  });

  it('keeps read-only clients from writing and write-only clients from reading (403)', async () => {
    const reader = new Lrs(ctx.app, await issueCredentials(admin, { name: 'Report tool', canWrite: false }));
    expect((await reader.request('POST', 'statements', { json: statement })).statusCode).toBe(403);
    expect((await reader.request('PUT', 'activities/state', { query: { activityId: 'http://example.org/a', agent: statement.actor, stateId: 's' }, json: {} })).statusCode).toBe(403);
    expect((await reader.get('statements')).statusCode).toBe(200);
    const writer = new Lrs(ctx.app, await issueCredentials(admin, { name: 'Sender', canRead: false }));
    expect((await writer.request('POST', 'statements', { json: statement })).statusCode).toBe(200);
    expect((await writer.get('statements')).statusCode).toBe(403);
  });

  it('sets the authority of stored statements from the credentials: the issued agent, or an account named after the key', async () => {
    const creds = await issueCredentials(admin, { name: 'Kiosk' });
    const lrs = new Lrs(ctx.app, creds);
    const [id] = await lrs.store(statement);
    const got = (await lrs.get('statements', { statementId: id! })).json();
    expect(got.authority).toEqual({ objectType: 'Agent', name: 'Kiosk', account: { homePage: 'http://ponte.test', name: `xapi-client:${creds.key}` } });
  });

  it('lets content on another origin call it (CORS preflight and headers, without cookies)', async () => {
    const preflight = await ctx.app.inject({
      method: 'OPTIONS',
      url: '/xapi/statements',
      headers: { origin: 'https://content.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, content-type, x-experience-api-version' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    const lrs = new Lrs(ctx.app, await issueCredentials(admin, { name: 'cmi5 player' }));
    const res = await lrs.get('statements', {}, { origin: 'https://content.example' });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toMatch(/X-Experience-API-Consistent-Through/);
  });

  it('rate-limits failed attempts from an address (429), as sign-in does', async () => {
    const { key } = await issueCredentials(admin, { name: 'Target' });
    const attacker = new Lrs(ctx.app, { key, secret: 'guess' }, '192.0.2.77');
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) codes.push((await attacker.get('statements')).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
    expect(codes.slice(31)).toEqual([429]);
  });
});
