import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './index.js';

const migrationsDir = fileURLToPath(new URL('../../../drizzle/', import.meta.url));
/** Any fixed 64-bit number: every node that migrates takes the same advisory lock. */
const MIGRATION_LOCK = 7_270_311_045;

interface Migration {
  tag: string;
  hash: string;
  statements: string[];
}

/** The migrations drizzle-kit generated, in order (drizzle/meta/_journal.json). */
export function readMigrations(): Migration[] {
  const journal = JSON.parse(readFileSync(migrationsDir + 'meta/_journal.json', 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.map(({ tag }) => {
    const text = readFileSync(`${migrationsDir}${tag}.sql`, 'utf8');
    return {
      tag,
      hash: createHash('sha256').update(text).digest('hex'),
      statements: text
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter(Boolean),
    };
  });
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so that several nodes starting
 * at once apply each migration exactly once and the others wait, then find nothing left to do.
 */
export async function migrate(database: Database): Promise<string[]> {
  const migrations = readMigrations();
  return database.rawTransaction(async (q) => {
    await q('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await q(`CREATE TABLE IF NOT EXISTS ponte_migrations (
      tag text PRIMARY KEY, hash text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = new Map((await q('SELECT tag, hash FROM ponte_migrations')).map((r) => [r.tag as string, r.hash as string]));
    const done: string[] = [];
    for (const m of migrations) {
      const previous = applied.get(m.tag);
      if (previous) {
        if (previous !== m.hash) throw new Error(`Migration ${m.tag} was changed after it was applied; add a new migration instead.`);
        continue;
      }
      for (const statement of m.statements) await q(statement);
      await q('INSERT INTO ponte_migrations (tag, hash) VALUES ($1, $2)', [m.tag, m.hash]);
      done.push(m.tag);
    }
    return done;
  }, { untimed: true });
}

/** Migrations in the code that the database has not applied yet (for /readyz). */
export async function pendingMigrations(database: Database): Promise<string[]> {
  const exists = await database.query<{ t: string | null }>(`SELECT to_regclass('ponte_migrations')::text AS t`);
  const applied = new Set(exists[0]?.t ? (await database.query<{ tag: string }>('SELECT tag FROM ponte_migrations')).map((r) => r.tag) : []);
  return readMigrations()
    .map((m) => m.tag)
    .filter((t) => !applied.has(t));
}
