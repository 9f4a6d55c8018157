import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform } from '../../test/helpers.js';
import { audit } from './audit.js';
import { AUDIT_TRAILS, sealAuditChains, sealBatch, verifyAuditChain, type AuditTrail } from './audit-chain.js';

let ctx: Awaited<ReturnType<typeof testPlatform>>;
const [events, care] = AUDIT_TRAILS as [AuditTrail, AuditTrail];
const database = () => ctx.platform.database;
const sealedCount = async (chain: string) => Number((await database().query<{ n: string }>(`select count(*)::text as n from audit_chain where chain = $1`, [chain]))[0]!.n);
const logEvent = (action: string, details: Record<string, string | number | boolean | null> = {}) => audit(database().db, { actorId: null, action, outcome: 'success', details });
const logCareAccess = (action: string) => database().query(`insert into care_audit (action, access, basis, outcome) values ($1, 'read', 'own-organisation', 'success') returning id::text`, [action]).then((r) => r[0]!.id as string);
/** What only someone who can switch the append-only triggers off could do. */
const behindTheTriggers = (table: string, statement: string) => database().exec(`alter table ${table} disable trigger user; ${statement}; alter table ${table} enable trigger user;`);

/**
 * Seals until `done` says the entries written are sealed, adding up each round. Sealing waits for every older
 * transaction of the server to end (pg_snapshot_xmin), and on a shared test server another test file's long
 * transaction (seeding the demo, say) can hold that back for a while: the rounds go on until it ends.
 */
async function sealUntil(done: (sealed: { audit: number; care: number }) => boolean) {
  const total = { audit: 0, care: 0 };
  let heads = await sealAuditChains(database());
  for (let round = 0; ; round++) {
    total.audit += heads[0]!.sealed;
    total.care += heads[1]!.sealed;
    if (done(total) || round > 600) return { ...total, heads };
    await new Promise((resolve) => setTimeout(resolve, 200));
    heads = await sealAuditChains(database());
  }
}

beforeAll(async () => {
  ctx = await testPlatform();
});
afterAll(async () => {
  await ctx.close();
});

describe('the audit trails’ hash chains', () => {
  it('seals committed entries in order, with hashes that link each entry to the one before', async () => {
    await logEvent('test.first', { note: 'über', n: 1 });
    await logEvent('test.second', { nested: null, z: true });
    await logCareAccess('resident.read');
    const before = await sealedCount('audit');
    const { audit: sealed, care: sealedCare, heads } = await sealUntil((t) => t.audit >= 2 && t.care >= 1);
    const [a] = heads;
    expect(sealed).toBeGreaterThanOrEqual(2);
    expect(sealedCare).toBe(1);
    expect(await sealedCount('audit')).toBe(before + sealed);
    // Nothing new: a second round seals nothing and the head stays.
    const [again] = await sealAuditChains(database());
    expect(again!.sealed).toBe(0);
    expect(again!.head).toEqual(a!.head);
    const report = await verifyAuditChain(database(), events);
    expect(report).toEqual({ chain: 'audit', entries: a!.head!.seq, head: a!.head!.hash, broken: null });
    expect((await verifyAuditChain(database(), care)).broken).toBeNull();
  });

  it('is sealed by the scheduled job every minute', async () => {
    await logEvent('test.by-the-job');
    const before = await sealedCount('audit');
    for (let round = 0; round < 600 && (await sealedCount('audit')) === before; round++) {
      await ctx.platform.jobs.send('maintenance.audit-seal', {});
      expect(await ctx.platform.jobs.drain('maintenance.audit-seal')).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await sealedCount('audit')).toBe(before + 1);
  });

  it('leaves the entries of a transaction still running for a later round', async () => {
    // Sealing inside the writing transaction: its own entries are not final yet.
    const inside = await database().rawTransaction(async (q) => {
      await q(`insert into audit_events (action, outcome) values ('test.running', 'success')`);
      return sealBatch(q, events);
    });
    expect(inside).toBe(0);
    expect((await sealUntil((t) => t.audit >= 1)).audit).toBe(1);
    if (database().kind === 'postgres') {
      // Another connection holds a transaction open with an entry written; a later entry commits meanwhile.
      const other = new pg.Client({ connectionString: ctx.platform.config.databaseUrl! });
      await other.connect();
      try {
        await other.query('begin');
        await other.query(`insert into audit_events (action, outcome) values ('test.slow', 'success')`);
        await logEvent('test.fast');
        expect((await sealAuditChains(database()))[0]!.sealed).toBe(0);
        await other.query('commit');
        expect((await sealUntil((t) => t.audit >= 2)).audit).toBe(2);
        const order = await database().query<{ action: string }>(`select e.action from audit_chain c join audit_events e on e.id = c.row_id where c.chain = 'audit' order by c.seq desc limit 2`);
        expect(order.map((r) => r.action).sort()).toEqual(['test.fast', 'test.slow']);
      } finally {
        await other.end();
      }
    }
    expect((await verifyAuditChain(database(), events)).broken).toBeNull();
  });

  it('refuses to change or remove a seal, as the trails refuse', async () => {
    await expect(database().query(`update audit_chain set hash = 'x'`)).rejects.toThrow(/append-only/);
    await expect(database().query(`delete from audit_chain`)).rejects.toThrow(/append-only/);
    await expect(database().query(`truncate audit_chain`)).rejects.toThrow(/append-only/);
  });

  it('names the first broken link when an entry is altered, and is whole again when it is put back', async () => {
    const [target] = await database().query<{ id: string; seq: string; action: string }>(
      `select c.row_id::text as id, c.seq::text, e.action from audit_chain c join audit_events e on e.id = c.row_id where c.chain = 'audit' order by c.seq limit 1 offset 1`,
    );
    await behindTheTriggers('audit_events', `update audit_events set action = 'test.forged' where id = ${target!.id}`);
    const r = await verifyAuditChain(database(), events);
    expect(r.broken).toEqual({ kind: 'altered', seq: Number(target!.seq), rowId: Number(target!.id) });
    expect(r.entries).toBe(Number(target!.seq) - 1);
    await behindTheTriggers('audit_events', `update audit_events set action = '${target!.action}' where id = ${target!.id}`);
    expect((await verifyAuditChain(database(), events)).broken).toBeNull();
    // A changed detail or time stamp breaks it just the same.
    await behindTheTriggers('audit_events', `update audit_events set at = at + interval '1 microsecond' where id = ${target!.id}`);
    expect((await verifyAuditChain(database(), events)).broken).toMatchObject({ kind: 'altered', rowId: Number(target!.id) });
    await behindTheTriggers('audit_events', `update audit_events set at = at - interval '1 microsecond' where id = ${target!.id}`);
    expect((await verifyAuditChain(database(), events)).broken).toBeNull();
  });

  it('covers a column added to a trail later once it holds a value, leaving older entries their hashes', async () => {
    // Care-role grants name their grantee in care_audit.subject_user_id, a column added after the chain began.
    const subject = '6f1c1d9e-2b8a-4c55-9d1e-0a6b7c8d9e0f';
    const [{ id: granted }] = (await database().query(
      `insert into care_audit (action, access, basis, outcome, subject_user_id) values ('care-clinician.grant', 'write', 'administration', 'success', $1) returning id::text`,
      [subject],
    )) as [{ id: string }];
    const plain = await logCareAccess('resident.read');
    await sealUntil((t) => t.care >= 2);
    expect((await verifyAuditChain(database(), care)).broken).toBeNull();
    await behindTheTriggers('care_audit', `update care_audit set subject_user_id = gen_random_uuid() where id = ${granted}`);
    expect((await verifyAuditChain(database(), care)).broken).toMatchObject({ kind: 'altered', rowId: Number(granted) });
    await behindTheTriggers('care_audit', `update care_audit set subject_user_id = '${subject}' where id = ${granted}`);
    expect((await verifyAuditChain(database(), care)).broken).toBeNull();
    // Naming someone on an entry that named nobody breaks it too.
    await behindTheTriggers('care_audit', `update care_audit set subject_user_id = '${subject}' where id = ${plain}`);
    expect((await verifyAuditChain(database(), care)).broken).toMatchObject({ kind: 'altered', rowId: Number(plain) });
    await behindTheTriggers('care_audit', `update care_audit set subject_user_id = null where id = ${plain}`);
    expect((await verifyAuditChain(database(), care)).broken).toBeNull();
  });

  it('names a removed entry, a removed seal and an entry slipped in behind the head', async () => {
    const id = await logCareAccess('referral.read');
    await logCareAccess('referral.accept');
    await sealUntil((t) => t.care >= 2);
    const [{ seq }] = (await database().query<{ seq: string }>(`select seq::text from audit_chain where chain = 'care' and row_id = $1`, [id])) as [{ seq: string }];
    // The entry goes: its seal points at nothing.
    const [row] = await database().query<Record<string, unknown>>(`select *, at::text as at_text, xact::text as xact_text from care_audit where id = $1`, [id]);
    await behindTheTriggers('care_audit', `delete from care_audit where id = ${id}`);
    expect((await verifyAuditChain(database(), care)).broken).toEqual({ kind: 'missing', seq: Number(seq), rowId: Number(id) });
    // Put back as it was (same id, same transaction id): whole again.
    await database().query(`insert into care_audit (id, at, action, access, basis, outcome, xact) values ($1, $2, $3, $4, $5, $6, $7)`, [id, row!.at_text, row!.action, row!.access, row!.basis, row!.outcome, row!.xact_text]);
    expect((await verifyAuditChain(database(), care)).broken).toBeNull();
    // Its seal goes instead: the chain skips a position.
    const [seal] = await database().query<Record<string, unknown>>(`select seq::text, row_id::text, xact::text, hash from audit_chain where chain = 'care' and seq = $1`, [seq]);
    await behindTheTriggers('audit_chain', `delete from audit_chain where chain = 'care' and seq = ${seq}`);
    expect((await verifyAuditChain(database(), care)).broken).toEqual({ kind: 'gap', seq: Number(seq) });
    await database().query(`insert into audit_chain (chain, seq, row_id, xact, hash) values ('care', $1, $2, $3, $4)`, [seal!.seq, seal!.row_id, seal!.xact, seal!.hash]);
    expect((await verifyAuditChain(database(), care)).broken).toBeNull();
    // An entry written with the transaction id of one already sealed sits behind the head without a seal.
    const [forged] = await database().query<{ id: string }>(`insert into care_audit (action, access, basis, outcome, xact) values ('resident.read', 'read', 'break-glass', 'success', $1) returning id::text`, [row!.xact_text]);
    expect((await verifyAuditChain(database(), care)).broken).toEqual({ kind: 'unsealed', rowId: Number(forged!.id) });
  });
});
