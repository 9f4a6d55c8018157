import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, signedInAs, testApp } from '../../../test/helpers.js';
import { audit } from '../../platform/audit.js';
import { auditEvents, mailOutbox } from '../../platform/schema.js';
import { detectSecurityAnomalies } from './anomalies.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let admin: Client;
let curious: Client;
beforeAll(async () => {
  ctx = await testApp();
  admin = await signedInAs(ctx, 'watch-admin@example.org', 'administrator');
  curious = await signedInAs(ctx, 'curious-editor@example.org', 'editor');
});
afterAll(async () => ctx?.close());

const db = () => ctx.platform.database.db;
const userId = async (email: string) => (await ctx.platform.database.query<{ id: string }>(`SELECT id::text FROM users WHERE email = $1`, [email]))[0]!.id;
const mailsToAdmin = () => db().select().from(mailOutbox).where(eq(mailOutbox.recipient, 'watch-admin@example.org')).orderBy(mailOutbox.createdAt);

describe('unusual activity outside the care records', () => {
  it('tells the administrators once when one account is refused again and again, naming it in the audit trail only', async () => {
    // An editor tries the administration pages, one after another.
    for (let i = 0; i < 20; i++) expect((await curious.get(i % 2 ? '/admin/users' : '/admin/audit')).statusCode).toBe(403);
    const who = await userId('curious-editor@example.org');
    const before = (await mailsToAdmin()).length;
    const found = await detectSecurityAnomalies(ctx.platform);
    expect(found).toContainEqual({ kind: 'refusals', subject: who, count: expect.any(Number) });
    const [entry] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'anomaly.refusals'), eq(auditEvents.targetId, who)));
    expect(entry).toMatchObject({ actorId: null, targetType: 'user', outcome: 'success' });
    const mails = await mailsToAdmin();
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)!.subject).toBe('Unusual activity on Ponte');
    expect(mails.at(-1)!.text).toMatch(/\d+ refused requests by one account within 15 minutes\./);
    expect(mails.at(-1)!.text).not.toMatch(/curious/);
    // The administrator finds the account in the trail; the same finding is not reported again within the hour.
    expect((await admin.get('/admin/audit?action=anomaly.refusals')).body).toContain('anomaly.refusals');
    expect((await detectSecurityAnomalies(ctx.platform)).filter((a) => a.subject === who)).toEqual([]);
    expect(await mailsToAdmin()).toHaveLength(before + 1);
  });

  it('notices one account’s password guessed from many places, and many unknown addresses tried, but not a few mistakes', async () => {
    const target = await userId('curious-editor@example.org');
    const failedSignIn = (details: { reason: string }, targetId?: string) =>
      audit(db(), { actorId: null, action: 'auth.signin', outcome: 'failure', targetType: targetId ? 'user' : undefined, targetId, details });
    // Nine wrong passwords are a forgetful person, not an attack.
    for (let i = 0; i < 9; i++) await failedSignIn({ reason: 'password' }, target);
    expect((await detectSecurityAnomalies(ctx.platform)).map((a) => a.kind)).not.toContain('password-guessing');
    await failedSignIn({ reason: 'password' }, target);
    for (let i = 0; i < 50; i++) await failedSignIn({ reason: 'unknown-account' });
    const found = await detectSecurityAnomalies(ctx.platform);
    expect(found).toContainEqual({ kind: 'password-guessing', subject: target, count: 10 });
    expect(found).toContainEqual({ kind: 'unknown-accounts', subject: 'instance', count: 50 });
    const texts = (await mailsToAdmin()).map((m) => m.text).join('\n');
    expect(texts).toContain('10 wrong passwords for one account within 15 minutes.');
    expect(texts).toContain('50 sign-in attempts with addresses that have no account within 15 minutes.');
  });
});
