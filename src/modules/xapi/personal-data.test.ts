import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, testApp, TEST_PASSWORD, type Client } from '../../../test/helpers.js';
import { testedCourse } from '../../../test/training.js';
import { issueCredentials, Lrs } from '../../../test/xapi.js';
import { createUser } from '../../platform/identity/users.js';
import { users } from '../../platform/schema.js';
import { publishCourse } from '../training/versions.js';
import { xapiDocuments, xapiLearners } from './schema.js';

type Json = Record<string, unknown>;
let ctx: Awaited<ReturnType<typeof testApp>>;
let lrs: Lrs;
let learner: Client;
const EMAIL = 'mira.records@example.org';
const db = () => ctx.platform.database.db;
const verb = { id: 'http://adlnet.gov/expapi/verbs/experienced' };
const object = (n: string) => ({ id: `http://example.org/activities/${n}` });
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

beforeAll(async () => {
  ctx = await testApp();
  const admin = await signedInAs(ctx, 'admin.records@example.org', 'administrator');
  // A client whose authority is the learner's own address: statements it vouches for are not about her.
  lrs = new Lrs(ctx.app, await issueCredentials(admin, { name: 'Player', authority: JSON.stringify({ objectType: 'Agent', mbox: `mailto:${EMAIL}` }) }));
  learner = await signedInAs(ctx, EMAIL, 'learner', { name: 'Mira Records' });
  const course = await testedCourse(db(), 'records-course', { n: 3, perAttempt: 3 });
  expect(await publishCourse(db(), course.id, null)).toMatchObject({ ok: true });
  await learner.post('/training/courses/records-course/enrol');
  await learner.post(`/learn/records-course/lessons/${course.lesson}/complete`);
});
afterAll(async () => ctx?.close());

let theirs: string[];
let others: string[];

describe('xAPI records in "download my data" and account deletion', () => {
  it('gives the person Ponte’s statements about them and those received naming their verified address, not others', async () => {
    theirs = await lrs.store([
      { actor: { mbox: `mailto:${EMAIL.toUpperCase()}` }, verb, object: object('mbox') },
      { actor: { mbox_sha1sum: sha1(`mailto:${EMAIL}`) }, verb, object: object('sha1') },
      { actor: { objectType: 'Group', member: [{ mbox: `mailto:${EMAIL}` }, { mbox: 'mailto:colleague@example.org' }] }, verb, object: object('group') },
      { actor: { mbox: 'mailto:colleague@example.org' }, verb, object: object('instructed'), context: { instructor: { mbox: `mailto:${EMAIL}` } } },
    ]);
    others = await lrs.store([
      { actor: { mbox: 'mailto:colleague@example.org' }, verb, object: object('someone-else') },
      { actor: { mbox: 'mailto:unverified@example.org' }, verb, object: object('unverified') },
    ]);
    const agent = JSON.stringify({ mbox: `mailto:${EMAIL}` });
    expect((await lrs.request('PUT', 'activities/state', { query: { activityId: 'http://example.org/activities/mbox', agent, stateId: 'bookmark' }, body: '{"page":3}', headers: { 'content-type': 'application/json' } })).statusCode).toBe(204);
    expect((await lrs.request('PUT', 'agents/profile', { query: { agent, profileId: 'avatar' }, body: Buffer.from([0, 1, 2]), headers: { 'content-type': 'application/octet-stream', 'if-none-match': '*' } })).statusCode).toBe(204);

    const r = await learner.get('/account/export');
    expect(r.statusCode).toBe(200);
    const x = JSON.parse(r.body).xapi as Json;
    const [pseudonym] = await db().select().from(xapiLearners);
    expect(x.agent).toEqual({ objectType: 'Agent', account: { homePage: 'http://ponte.test', name: pseudonym!.account } });
    expect(x.identifiers).toEqual([`account:["http://ponte.test","${pseudonym!.account}"]`, `mbox:mailto:${EMAIL}`, `mbox_sha1sum:${sha1(`mailto:${EMAIL}`)}`]);
    const statements = x.statements as Json[];
    const own = statements.filter((s) => (s.authority as Json).name === 'Ponte');
    expect(own.map((s) => (s.verb as Json).id)).toEqual(['http://adlnet.gov/expapi/verbs/launched', 'http://adlnet.gov/expapi/verbs/completed']);
    expect(statements.filter((s) => (s.authority as Json).name !== 'Ponte').map((s) => s.id)).toEqual(theirs);
    expect(statements.every((s) => s.voided === false)).toBe(true);
    expect(x.documents).toEqual([
      { kind: 'agent-profile', activityId: null, registration: null, id: 'avatar', contentType: 'application/octet-stream', updated: expect.any(String), contentBase64: 'AAEC' },
      { kind: 'state', activityId: 'http://example.org/activities/mbox', registration: null, id: 'bookmark', contentType: 'application/json', updated: expect.any(String), content: '{"page":3}' },
    ]);
  });

  it('matches an e-mail address only once it is verified', async () => {
    const u = await createUser(db(), { email: 'unverified@example.org', name: 'Not yet', passwordHash: null, verified: false });
    const { xapiPersonalData } = await import('./personal-data.js');
    expect(await xapiPersonalData(db(), u.id, ctx.platform.config.publicUrl)).toEqual({ agent: null, identifiers: [], statements: [], documents: [] });
  });

  it('deletes them with the account, and the pseudonym with them; other people’s records stay', async () => {
    const [u] = await db().select({ id: users.id }).from(users).where(eq(users.email, EMAIL));
    const reader = lrs;
    const r = await learner.post('/account/delete', { password: TEST_PASSWORD, confirm: EMAIL });
    expect(r.statusCode).toBe(200);
    expect(await db().select().from(users).where(eq(users.id, u!.id))).toEqual([]);
    for (const id of theirs) expect((await reader.get('statements', { statementId: id })).statusCode).toBe(404);
    for (const id of others) expect((await reader.get('statements', { statementId: id })).statusCode).toBe(200);
    const left = (await reader.get('statements', { limit: '0' }).then((res) => res.json())) as { statements: Json[] };
    expect(left.statements.map((s) => s.id).sort()).toEqual([...others].sort());
    expect(await db().select().from(xapiDocuments)).toEqual([]);
    expect(await db().select().from(xapiLearners).where(eq(xapiLearners.userId, u!.id))).toEqual([]);
  });
});
