import { and, asc, eq, ilike } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, enrolTotp, lastMail, linkIn, testApp } from '../../../test/helpers.js';
import { DEMO_ADMIN_EMAIL, passwordSetupLink, seedDemo } from '../../demo.js';
import { createUser } from '../../platform/identity/users.js';
import { grantRole } from '../../platform/identity/organisations.js';
import { hashPassword } from '../../platform/auth/password.js';
import { auditEvents, organisations, users } from '../../platform/schema.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let admin: Client;
const PASSWORD = 'lantern river pepper';

async function person(email: string, role?: Parameters<typeof grantRole>[2], orgId: string | null = null) {
  const u = await createUser(ctx.platform.database.db, { email, name: email.split('@')[0]!, passwordHash: await hashPassword(PASSWORD, 14), verified: true });
  await grantRole(ctx.platform.database.db, u.id, 'learner', null);
  if (role) await grantRole(ctx.platform.database.db, u.id, role, orgId);
  return u;
}

async function signedIn(email: string) {
  const c = new Client(ctx.app);
  await c.get('/signin');
  const r = await c.post('/signin', { email, password: PASSWORD });
  expect(r.statusCode).toBe(303);
  return c;
}

beforeAll(async () => {
  ctx = await testApp();
  await seedDemo(ctx.platform);
  // The demo administrator sets a password through the one-time setup link printed at first start.
  const link = new URL((await passwordSetupLink(ctx.platform))!).pathname;
  admin = new Client(ctx.app);
  await admin.get(link);
  expect((await admin.post(link, { password: PASSWORD })).headers.location).toBe('/signin?notice=password-reset');
  await admin.get('/signin');
  expect((await admin.post('/signin', { email: DEMO_ADMIN_EMAIL, password: PASSWORD })).statusCode).toBe(303);
  // Administrators must use a second factor: until they set one up, only the security pages open.
  expect((await admin.get('/admin')).headers.location).toBe('/account/security?notice=totp-required');
  await enrolTotp(admin);
});
afterAll(async () => ctx?.close());

describe('administration area', () => {
  it('is reachable by administrators only', async () => {
    expect((await admin.get('/admin')).statusCode).toBe(200);
    await person('learner@example.org');
    const learner = await signedIn('learner@example.org');
    for (const path of ['/admin', '/admin/users', '/admin/audit', '/admin/outbox', '/admin/jobs', '/admin/roles', '/admin/organisations']) {
      expect((await learner.get(path)).statusCode, path).toBe(403);
      expect((await new Client(ctx.app).get(path)).statusCode, path).toBe(303);
    }
    const forged = await learner.post('/admin/roles', { 'totp.learner': 'on' });
    expect(forged.statusCode).toBe(403);
  });

  it('lists and searches users and organisations with pagination', async () => {
    for (let i = 0; i < 30; i++) await person(`bulk${String(i).padStart(2, '0')}@example.org`);
    const p1 = await admin.get('/admin/users?q=bulk');
    expect(p1.body).toContain('30 users');
    expect(p1.body).toContain('bulk00@example.org');
    expect(p1.body).not.toContain('bulk29@example.org');
    expect(p1.body).toContain('href="/admin/users?q=bulk&amp;page=2"');
    const p2 = await admin.get('/admin/users?q=bulk&page=2');
    expect(p2.body).toContain('bulk29@example.org');
    // Odd paging input falls back to the first page rather than failing.
    expect((await admin.get('/admin/users?page=-3')).statusCode).toBe(200);
    expect((await admin.get('/admin/users?q=%25')).statusCode).toBe(200);
    const api = await admin.get('/api/organisations?q=villa%20esempio&size=2');
    expect(api.json()).toMatchObject({ total: 1, page: 1, size: 2, items: [expect.objectContaining({ name: 'CAS Villa Esempio (demo)', type: 'reception-centre', country: 'IT', region: 'Lazio' })] });
    // The demo's organisations whose name holds "esempio", a page of two at a time, in name order.
    const named = (await ctx.platform.database.db.select({ name: organisations.name }).from(organisations).where(ilike(organisations.name, '%esempio%')).orderBy(asc(organisations.name))).map((o) => o.name);
    expect(named.length).toBeGreaterThan(3);
    const second = await admin.get('/api/organisations?q=esempio&size=2&page=2');
    expect(second.json()).toMatchObject({ total: named.length, page: 2, size: 2, items: named.slice(2, 4).map((name) => expect.objectContaining({ name })) });
    expect((await admin.get('/api/organisations?size=1000')).statusCode).toBe(400);
    const orgs = await admin.get('/admin/organisations?q=Esempio');
    expect(orgs.body).toContain('CAS Villa Esempio (demo)');
    expect(orgs.body).toContain('Reception centre (e.g. CAS)');
  });

  it('creates and edits organisations, validating every field', async () => {
    const bad = await admin.post('/admin/organisations/new', { name: '', typeCode: 'spaceport', country: 'XX', website: 'javascript:alert(1)' });
    expect(bad.statusCode).toBe(400);
    for (const f of ['name', 'country', 'website']) expect(bad.body).toContain(`field-${f}-error`);
    const lazio = (await ctx.platform.database.query<{ id: string }>(`SELECT id FROM regions WHERE code = 'IT-62'`))[0]!.id;
    const wrongRegion = await admin.post('/admin/organisations/new', { name: 'Centro Nuovo', typeCode: 'reception-centre', country: 'DE', regionId: lazio });
    expect(wrongRegion.body).toContain('field-regionId-error');
    const ok = await admin.post('/admin/organisations/new', { name: 'Centro Nuovo', typeCode: 'reception-centre', country: 'IT', regionId: lazio, website: 'https://centro.example.org' });
    expect(ok.statusCode).toBe(303);
    const id = /\/admin\/organisations\/([0-9a-f-]{36})/.exec(ok.headers.location as string)![1]!;
    const edit = await admin.post(`/admin/organisations/${id}`, { name: 'Centro Rinnovato', typeCode: 'reception-centre', country: 'IT', regionId: '' });
    expect(edit.statusCode).toBe(303);
    const [org] = await ctx.platform.database.db.select().from(organisations).where(eq(organisations.id, id));
    expect(org).toMatchObject({ name: 'Centro Rinnovato', regionId: null, website: null });
    expect((await admin.get('/admin/organisations/not-a-uuid')).statusCode).toBe(404);
    expect((await admin.get('/admin/organisations/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('grants and revokes roles per organisation, audits them, and keeps the last administrator', async () => {
    const u = await person('operator@example.org');
    const [cas] = await ctx.platform.database.db.select().from(organisations).where(eq(organisations.name, 'CAS Villa Esempio (demo)'));
    const r = await admin.post(`/admin/users/${u.id}/roles`, { role: 'trainer', organisationId: cas!.id, password: PASSWORD });
    expect(r.headers.location).toBe(`/admin/users/${u.id}?notice=role-granted`);
    expect((await admin.post(`/admin/users/${u.id}/roles`, { role: 'trainer', organisationId: cas!.id, password: PASSWORD })).headers.location).toContain('role-exists');
    expect((await admin.post(`/admin/users/${u.id}/roles`, { role: 'emperor', organisationId: '', password: PASSWORD })).statusCode).toBe(400);
    const members = await admin.get(`/admin/organisations/${cas!.id}`);
    expect(members.body).toContain('operator@example.org');
    const operator = await signedIn('operator@example.org');
    expect((await operator.get('/api/me')).json().roles).toEqual(expect.arrayContaining([{ role: 'trainer', organisationId: cas!.id }]));
    await admin.post(`/admin/users/${u.id}/roles/revoke`, { role: 'trainer', organisationId: cas!.id });
    expect((await operator.get('/api/me')).json().roles).not.toEqual(expect.arrayContaining([{ role: 'trainer', organisationId: cas!.id }]));
    const grants = await ctx.platform.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, u.id));
    expect(grants.map((g) => g.action)).toEqual(expect.arrayContaining(['admin.role-grant', 'admin.role-revoke']));

    const [me] = await ctx.platform.database.db.select().from(users).where(eq(users.email, DEMO_ADMIN_EMAIL));
    // An administrator cannot open care records by granting themselves a care role; another administrator can.
    const self = await admin.post(`/admin/users/${me!.id}/roles`, { role: 'care-operator', organisationId: cas!.id, password: PASSWORD });
    expect(self.statusCode).toBe(403);
    expect(self.body).toContain('another administrator must grant it');
    expect((await ctx.platform.database.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, me!.id), eq(auditEvents.action, 'admin.role-grant')))).length).toBe(0);
    expect((await admin.post(`/admin/users/${u.id}/roles`, { role: 'care-operator', organisationId: cas!.id, password: PASSWORD })).headers.location).toContain('role-granted');
    const last = await admin.post(`/admin/users/${me!.id}/roles/revoke`, { role: 'administrator', organisationId: '' });
    expect(last.headers.location).toContain('error-last-admin');
    expect((await admin.get('/admin')).statusCode).toBe(200);
  });

  it('disabling an account ends its sessions at once and blocks sign-in', async () => {
    const u = await person('disabled@example.org');
    const c = await signedIn('disabled@example.org');
    expect((await c.get('/account')).statusCode).toBe(200);
    expect((await admin.post(`/admin/users/${u.id}/status`, { status: 'disabled' })).headers.location).toContain('user-disabled');
    expect((await c.get('/account')).statusCode).toBe(303);
    const again = new Client(ctx.app);
    await again.get('/signin');
    expect((await again.post('/signin', { email: 'disabled@example.org', password: PASSWORD })).statusCode).toBe(400);
    await admin.post(`/admin/users/${u.id}/status`, { status: 'active' });
    await signedIn('disabled@example.org');
  });

  it('removes the second factor of someone who lost it: sessions end, the owner is told, a privileged role asks for a new one', async () => {
    const u = await person('lost-phone@example.org', 'care-clinician');
    const c = await signedIn('lost-phone@example.org');
    await enrolTotp(c);
    expect((await c.get('/account')).statusCode).toBe(200);
    const page = await admin.get(`/admin/users/${u.id}`);
    expect(page.body).toContain(`action="/admin/users/${u.id}/second-factor/reset"`);
    expect((await admin.post(`/admin/users/${u.id}/second-factor/reset`)).headers.location).toBe(`/admin/users/${u.id}?notice=second-factor-reset`);
    // Signed out everywhere; the next sign-in asks for a new second factor, as the role requires one.
    expect((await c.get('/account')).statusCode).toBe(303);
    expect((await (await signedIn('lost-phone@example.org')).get('/account')).headers.location).toBe('/account/security?notice=totp-required');
    const [row] = await ctx.platform.database.db.select().from(users).where(eq(users.id, u.id));
    expect([row!.totpSecret, row!.totpEnabledAt]).toEqual([null, null]);
    const mail = await lastMail(ctx.platform, 'lost-phone@example.org');
    expect(mail?.subject).toBe('The second factor of your account has been removed');
    expect(mail?.text).toContain('/account/security');
    const [entry] = await ctx.platform.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'admin.second-factor-reset'), eq(auditEvents.targetId, u.id)));
    expect(entry?.outcome).toBe('success');
    // Nothing to remove any more; and an administrator's own is changed on their security page, not here.
    const again = await admin.post(`/admin/users/${u.id}/second-factor/reset`);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This account has no second factor to remove.');
    const me = (await ctx.platform.database.db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ADMIN_EMAIL)))[0]!;
    expect((await admin.post(`/admin/users/${me.id}/second-factor/reset`)).headers.location).toBe(`/admin/users/${me.id}?notice=error-self`);
    expect((await admin.get('/account')).statusCode).toBe(200);
  });

  it('enforces two-step verification for a role once the policy asks for it, and always for privileged roles', async () => {
    // Privileged roles administer the instance, coordinate networks or reach care records: the policy cannot
    // release them, whatever the form says.
    expect((await admin.post('/admin/roles', { 'totp.administrator': '', 'totp.network-coordinator': '', 'totp.care-clinician': '' })).headers.location).toBe('/admin/roles?notice=saved');
    const roles = (await admin.get('/admin/roles')).body;
    for (const role of ['administrator', 'network-coordinator', 'care-operator', 'care-clinician', 'data-protection']) {
      expect(roles, role).toMatch(new RegExp(`name="totp.${role}" value="on" checked(="")? disabled`));
    }
    expect(roles).toMatch(/name="totp.editor" value="on"(?! checked)/);
    for (const [email, role] of [
      ['clinician@example.org', 'care-clinician'],
      ['coordinator@example.org', 'network-coordinator'],
      ['second-admin@example.org', 'administrator'],
    ] as const) {
      await person(email, role);
      const c = await signedIn(email);
      expect((await c.get('/account')).headers.location, role).toBe('/account/security?notice=totp-required');
      expect((await c.get('/api/me')).statusCode, role).toBe(403);
    }

    // Any other role: when the policy asks for it.
    await person('editor@example.org', 'editor');
    expect((await (await signedIn('editor@example.org')).get('/account')).statusCode).toBe(200);
    expect((await admin.post('/admin/roles', { 'totp.editor': 'on' })).headers.location).toBe('/admin/roles?notice=saved');
    const c = await signedIn('editor@example.org');
    expect((await c.get('/account')).headers.location).toBe('/account/security?notice=totp-required');
    expect((await c.get('/api/me')).statusCode).toBe(403);
    const totp = await enrolTotp(c);
    expect((await c.get('/account')).statusCode).toBe(200);
    // Required by the role: it cannot be turned off.
    const off = await c.post('/account/security/recovery-codes', { code: totp.generate({ timestamp: Date.now() + 30_000 }), action: 'disable' });
    expect(off.statusCode).toBe(400);
    await admin.post('/admin/roles', {});
  });

  it('shows the outbox and the audit log, and audits the reading of a message', async () => {
    const c = new Client(ctx.app);
    await c.get('/password/forgot');
    await c.post('/password/forgot', { email: 'learner@example.org' });
    const mail = await lastMail(ctx.platform, 'learner@example.org');
    const list = await admin.get('/admin/outbox');
    expect(list.body).toContain('No SMTP server is configured');
    expect(list.body).toContain(`/admin/outbox/${mail!.id}`);
    const msg = await admin.get(`/admin/outbox/${mail!.id}`);
    expect(msg.body).toContain(linkIn(mail!.text, '/password/reset/'));
    const audit = await admin.get('/admin/audit?action=admin.outbox');
    expect(audit.body).toContain('admin.outbox-read');
    expect((await admin.get('/admin/audit?outcome=failure&actor=not-a-uuid')).statusCode).toBe(200);
    expect((await admin.get('/admin/jobs')).statusCode).toBe(200);
  });
});
