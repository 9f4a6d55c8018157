import { createHash } from 'node:crypto';
import type { Database } from './db/index.js';

/**
 * Hash chains over the audit trails. Each trail's entries are sealed in the order their transactions ended:
 * an entry's hash is SHA-256 of the previous hash and the entry's canonical JSON, stored in `audit_chain`
 * (append-only, like the trails). Changing, removing or reordering a sealed entry, or removing a seal, breaks
 * the chain from there on, and `verifyAuditChain` names the first broken link.
 *
 * Order: every entry carries its writing transaction's id (`xact`). Entries of transactions older than the
 * oldest one still running are final (committed, or never visible), so the sealer takes them in (xact, id)
 * order and nothing can appear behind them later; entries of running transactions wait for the next round.
 *
 * What the chain proves: that the entries up to the head are those that were sealed. Someone able to disable
 * the triggers could rewrite a trail and recompute the whole chain; the head hash, written to the log at each
 * seal and printed by `ponte audit verify`, is what to keep elsewhere to show that too.
 */
export interface AuditTrail {
  /** The chain's name in audit_chain. */
  chain: string;
  table: string;
  /** The columns an entry's hash covers. */
  columns: readonly string[];
  /**
   * Columns added after entries were chained: covered when they hold a value, so that the entries made before
   * (where they are null) keep their hashes. A column added later and named nowhere here is not covered.
   */
  laterColumns?: readonly string[];
}

export const AUDIT_TRAILS: readonly AuditTrail[] = [
  { chain: 'audit', table: 'audit_events', columns: ['id', 'at', 'actor_id', 'action', 'target_type', 'target_id', 'outcome', 'request_id', 'details', 'xact'] },
  {
    chain: 'care',
    table: 'care_audit',
    columns: ['id', 'at', 'actor_id', 'organisation_id', 'owner_organisation_id', 'resident_id', 'referral_id', 'action', 'access', 'basis', 'outcome', 'request_id', 'xact'],
    laterColumns: ['subject_user_id'],
  },
];

/** How many entries one sealing transaction takes. */
const BATCH = 2000;

type Query = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** The previous hash of a chain's first entry. */
export const genesis = (chain: string) => sha256(`ponte audit chain ${chain}`);

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted at every level, so that equal values give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * An entry's hash. The row is PostgreSQL's to_jsonb of it, read with the session's time zone set to UTC, so
 * that timestamps have one spelling (a dump and restore keeps them to the microsecond).
 */
export function entryHash(trail: AuditTrail, prev: string, row: Record<string, unknown>): string {
  const covered = [...trail.columns.map((c) => [c, row[c] ?? null]), ...(trail.laterColumns ?? []).filter((c) => row[c] != null).map((c) => [c, row[c]])];
  return sha256(`${prev}\n${canonical(Object.fromEntries(covered))}`);
}

interface Head {
  seq: number;
  rowId: number;
  xact: number;
  hash: string;
}

async function head(q: Query, trail: AuditTrail): Promise<Head | null> {
  const [h] = await q(`select seq::text, row_id::text, xact::text, hash from audit_chain where chain = $1 order by seq desc limit 1`, [trail.chain]);
  return h ? { seq: Number(h.seq), rowId: Number(h.row_id), xact: Number(h.xact), hash: String(h.hash) } : null;
}

/**
 * Seals one batch of a trail's final entries inside the caller's transaction (which takes the chain's lock, so
 * nodes sealing at once wait for each other). Returns how many entries it sealed.
 */
export async function sealBatch(q: Query, trail: AuditTrail): Promise<number> {
  await q(`set local timezone = 'UTC'`);
  await q(`select pg_advisory_xact_lock(hashtext($1))`, [`ponte.audit-chain.${trail.chain}`]);
  const h = await head(q, trail);
  const rows = await q(
    `select e.id::text, e.xact::text, to_jsonb(e)::text as entry from ${trail.table} e
     where (e.xact, e.id) > ($1::bigint, $2::bigint) and e.xact < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
     order by e.xact, e.id limit ${BATCH}`,
    [h?.xact ?? -1, h?.rowId ?? -1],
  );
  if (!rows.length) return 0;
  let prev = h?.hash ?? genesis(trail.chain);
  let seq = h?.seq ?? 0;
  const values: unknown[] = [];
  for (const r of rows) {
    prev = entryHash(trail, prev, JSON.parse(String(r.entry)) as Record<string, unknown>);
    values.push(trail.chain, ++seq, r.id, r.xact, prev);
  }
  const tuples = rows.map((_, i) => `($${i * 5 + 1}, $${i * 5 + 2}::bigint, $${i * 5 + 3}::bigint, $${i * 5 + 4}::bigint, $${i * 5 + 5})`);
  await q(`insert into audit_chain (chain, seq, row_id, xact, hash) values ${tuples.join(', ')}`, values);
  return rows.length;
}

export interface SealResult {
  chain: string;
  sealed: number;
  head: Head | null;
}

/** Seals every final entry of every trail, a batch per transaction. */
export async function sealAuditChains(database: Database): Promise<SealResult[]> {
  const out: SealResult[] = [];
  for (const trail of AUDIT_TRAILS) {
    let sealed = 0;
    for (;;) {
      const n = await database.rawTransaction((q) => sealBatch(q, trail));
      sealed += n;
      if (n < BATCH) break;
    }
    out.push({ chain: trail.chain, sealed, head: await database.rawTransaction((q) => head(q, trail)) });
  }
  return out;
}

export type ChainBreak =
  /** A seal is missing: the chain skips from one position to a later one. */
  | { kind: 'gap'; seq: number }
  /** A sealed entry is gone from its trail. */
  | { kind: 'missing'; seq: number; rowId: number }
  /** A sealed entry (or its seal) was changed: the hash no longer matches. */
  | { kind: 'altered'; seq: number; rowId: number }
  /** An entry sits among sealed ones without a seal of its own: slipped in behind the head, or its seal was removed. */
  | { kind: 'unsealed'; rowId: number };

export interface ChainReport {
  chain: string;
  /** Sealed entries checked. */
  entries: number;
  /** The last good hash (the head, when the chain is intact). */
  head: string;
  broken: ChainBreak | null;
}

/** Recomputes a trail's chain from its first entry and reports the first broken link. Reads only. */
export async function verifyAuditChain(database: Database, trail: AuditTrail): Promise<ChainReport> {
  let prev = genesis(trail.chain);
  let seq = 0;
  let last: { rowId: number; xact: number } | null = null;
  const report = (broken: ChainBreak | null): ChainReport => ({ chain: trail.chain, entries: seq, head: prev, broken });
  for (;;) {
    const rows = await database.rawTransaction(async (q) => {
      await q(`set local timezone = 'UTC'`);
      return q(
        `select c.seq::text, c.row_id::text, c.xact::text, c.hash, to_jsonb(e)::text as entry
         from audit_chain c left join ${trail.table} e on e.id = c.row_id
         where c.chain = $1 and c.seq > $2::bigint order by c.seq limit ${BATCH}`,
        [trail.chain, seq],
      );
    });
    for (const r of rows) {
      const at = Number(r.seq);
      if (at !== seq + 1) return report({ kind: 'gap', seq: seq + 1 });
      const rowId = Number(r.row_id);
      if (r.entry === null) return report({ kind: 'missing', seq: at, rowId });
      const entry = JSON.parse(String(r.entry)) as Record<string, unknown>;
      const hash = entryHash(trail, prev, entry);
      if (hash !== r.hash || String(entry.xact) !== r.xact) return report({ kind: 'altered', seq: at, rowId });
      [prev, seq, last] = [hash, at, { rowId, xact: Number(r.xact) }];
    }
    if (rows.length < BATCH) break;
  }
  if (last) {
    const [stray] = await database.query<{ id: string }>(
      `select e.id::text from ${trail.table} e
       where (e.xact, e.id) <= ($1::bigint, $2::bigint) and not exists (select 1 from audit_chain c where c.chain = $3 and c.row_id = e.id)
       order by e.xact, e.id limit 1`,
      [last.xact, last.rowId, trail.chain],
    );
    if (stray) return report({ kind: 'unsealed', rowId: Number(stray.id) });
  }
  return report(null);
}
