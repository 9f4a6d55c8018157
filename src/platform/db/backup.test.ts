import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import * as tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { AUDIT_TRAILS, sealAuditChains, verifyAuditChain } from '../audit-chain.js';
import { directoryStorage, saveFile } from '../storage.js';
import { checkBackup, restoreBackup, writeBackup, type BackupManifest } from './backup.js';
import { openDatabase, type Database } from './index.js';

let ctx: Awaited<ReturnType<typeof testPlatform>>;
let work: string;
let archive: string;
const extraDatabases: string[] = [];
const source = () => ctx.platform.database;

/** Every table of every schema: its row count and a hash of its rows in a fixed order. */
async function contents(db: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const tables = await db.query<{ s: string; t: string }>(`select schemaname as s, tablename as t from pg_tables where schemaname not in ('pg_catalog', 'information_schema') order by 1, 2`);
  for (const { s, t } of tables) {
    const [r] = await db.query<{ n: string; h: string }>(`select count(*)::text as n, md5(coalesce(string_agg(x::text, E'\\n' order by x::text), '')) as h from "${s}"."${t}" x`);
    out[`${s}.${t}`] = `${r!.n} ${r!.h}`;
  }
  return out;
}

/** Each sequence's last value (a copy of a running embedded database resumes them up to 32 ahead, as after a crash: gaps, never a clash). */
async function sequences(db: Database): Promise<Record<string, number>> {
  const rows = await db.query<{ s: string; q: string; v: string | null }>(`select schemaname as s, sequencename as q, coalesce(last_value, 0)::text as v from pg_sequences order by 1, 2`);
  return Object.fromEntries(rows.map((r) => [`${r.s}.${r.q}`, Number(r.v)]));
}

/** Every file under a directory, by its path there, with a hash of its content. */
function filesIn(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** A restore target: an empty database (a new one on the PostgreSQL server, or a new embedded one) and an empty storage. */
async function target() {
  const dir = mkdtempSync(join(work, 'target-'));
  let url: string | null = null;
  if (ctx.platform.config.databaseUrl) {
    const name = `ponte_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    extraDatabases.push(name);
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const isEmpty = async () => {
    if (!url) return !existsSync(join(dir, 'pgdata'));
    const db = await openDatabase({ url, dataDir: null });
    try {
      return !(await db.query(`select 1 from pg_tables where schemaname not in ('pg_catalog', 'information_schema') limit 1`)).length;
    } finally {
      await db.close();
    }
  };
  return { dir, url, files: join(dir, 'files'), isEmpty, restore: (path: string, key?: Buffer) => restoreBackup({ path, databaseUrl: url, dataDir: dir, storage: directoryStorage(join(dir, 'files')), isEmpty, key }), open: () => openDatabase({ url, dataDir: dir }) };
}

/** A copy of a backup with its manifest or one entry's bytes changed. */
async function tampered(change: (name: string, bytes: Buffer) => Buffer): Promise<string> {
  const out = join(work, `tampered-${randomBytes(4).toString('hex')}.tar.gz`);
  const extract = tar.extract();
  const pack = tar.pack();
  const written = pipeline(pack, createGzip(), createWriteStream(out));
  createReadStream(archive).pipe(createGunzip()).pipe(extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    const bytes = change(entry.header.name, Buffer.concat(chunks));
    await new Promise<void>((resolve, reject) => pack.entry({ name: entry.header.name, size: bytes.length }, bytes, (err) => (err ? reject(err) : resolve())));
  }
  pack.finalize();
  await written;
  return out;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ponte-backup-test-'));
  ctx = await testPlatform();
  await seedDemo(ctx.platform);
  // A file with a name and type of its own, besides the demo's handouts and images.
  await saveFile(source().db, ctx.platform.storage, { name: 'notes.txt', contentType: 'text/plain', bytes: Buffer.from('kept across a restore'), createdBy: null });
  await sealAuditChains(source());
  archive = join(work, 'ponte.tar.gz');
}, 240_000);

afterAll(async () => {
  await ctx.close();
  for (const name of extraDatabases) {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
});

describe('ponte backup and ponte restore', () => {
  let manifest: BackupManifest;

  it('writes one archive of the database and every stored file', async () => {
    manifest = await writeBackup({ database: source(), databaseUrl: ctx.platform.config.databaseUrl, storage: ctx.platform.storage, out: archive });
    const stored = await source().query<{ n: string }>(`select count(distinct key)::text as n from stored_files`);
    expect(manifest.files.count).toBe(Number(stored[0]!.n));
    expect(manifest.files.count).toBeGreaterThan(1);
    expect(manifest.missing).toEqual([]);
    expect(manifest.database.kind).toBe(source().kind);
    expect(manifest.migrations).toContain('0029_audit_chain');
    expect(existsSync(`${archive}.partial`)).toBe(false);
    expect(await checkBackup(archive)).toEqual(manifest);
  });

  it('restores every table and every file as they were, with the audit chains intact', async () => {
    const t = await target();
    await t.restore(archive);
    const restored = await t.open();
    try {
      expect(await contents(restored)).toEqual(await contents(source()));
      const [before, after] = [await sequences(source()), await sequences(restored)];
      expect(Object.keys(after)).toEqual(Object.keys(before));
      for (const [name, value] of Object.entries(before)) expect(after[name], name).toBeGreaterThanOrEqual(value);
      for (const trail of AUDIT_TRAILS) expect(await verifyAuditChain(restored, trail)).toEqual(await verifyAuditChain(source(), trail));
    } finally {
      await restored.close();
    }
    const { storage } = ctx.platform.config;
    expect(storage.kind === 'directory' && filesIn(t.files)).toEqual(storage.kind === 'directory' && filesIn(storage.path));
    // A second restore into the same target is refused: it is no longer empty.
    await expect(t.restore(archive)).rejects.toThrow(/not empty/);
  });

  it('refuses a damaged or foreign archive and writes nothing', async () => {
    const damagedFile = await tampered((name, bytes) => (name.startsWith('files/') ? Buffer.concat([bytes, Buffer.from('x')]) : bytes));
    const damagedDatabase = await tampered((name, bytes) => (name.startsWith('database.') ? Buffer.concat([bytes.subarray(0, -1), Buffer.from([bytes.at(-1)! ^ 1])]) : bytes));
    const newer = await tampered((name, bytes) => (name === 'ponte-backup.json' ? Buffer.from(JSON.stringify({ ...manifest, migrations: [...manifest.migrations, '9999_from_the_future'] })) : bytes));
    const lessFiles = await tampered((name, bytes) => (name === 'ponte-backup.json' ? Buffer.from(JSON.stringify({ ...manifest, files: { ...manifest.files, count: manifest.files.count + 1 } })) : bytes));
    const notABackup = join(work, 'not-a-backup.tar.gz');
    await pipeline(createReadStream(join(import.meta.dirname, 'backup.ts')), createGzip(), createWriteStream(notABackup));
    const cases: [string, RegExp][] = [
      [damagedFile, /stored file [0-9a-f]{64} .* is damaged/],
      [damagedDatabase, /database in .* is damaged/],
      [newer, /newer version of Ponte \(migrations 9999_from_the_future\)/],
      [lessFiles, /incomplete/],
      [notABackup, /is not a Ponte backup/],
      [join(work, 'nowhere.tar.gz'), /does not exist/],
    ];
    for (const [path, message] of cases) {
      const t = await target();
      await expect(t.restore(path)).rejects.toThrow(message);
      expect(await t.isEmpty()).toBe(true);
      expect(filesIn(t.files)).toEqual({});
    }
  });
  it('encrypts with BACKUP_KEY: restores with that key only, and refuses a changed, cut or lengthened archive, writing nothing', async () => {
    const key = randomBytes(32);
    const sealed = join(work, 'sealed.ponte');
    const m = await writeBackup({ database: source(), databaseUrl: ctx.platform.config.databaseUrl, storage: ctx.platform.storage, out: sealed, key });
    expect(m.files).toEqual(manifest.files);
    const bytes = readFileSync(sealed);
    expect(bytes.subarray(0, 17).toString()).toBe('PONTE-BACKUP-ENC1');
    // After the 32-byte header, neither a gzip stream nor the plain text of any stored file.
    expect(bytes.subarray(32, 35).equals(Buffer.from([0x1f, 0x8b, 0x08]))).toBe(false);
    expect(bytes.length).toBeGreaterThan(2 * 65_552);
    expect(bytes.includes(Buffer.from('kept across a restore'))).toBe(false);
    expect(await checkBackup(sealed, key)).toEqual(m);

    const t = await target();
    await t.restore(sealed, key);
    const restored = await t.open();
    try {
      expect(await contents(restored)).toEqual(await contents(source()));
    } finally {
      await restored.close();
    }
    const { storage } = ctx.platform.config;
    expect(storage.kind === 'directory' && filesIn(t.files)).toEqual(storage.kind === 'directory' && filesIn(storage.path));

    const write = (name: string, b: Buffer) => {
      const path = join(work, name);
      writeFileSync(path, b);
      return path;
    };
    const middle = Math.floor(bytes.length / 2);
    const flipped = Buffer.from(bytes);
    flipped[middle] = flipped[middle]! ^ 1;
    const cases: [string, Buffer | undefined, RegExp][] = [
      [sealed, undefined, /is encrypted: set BACKUP_KEY to the key it was made with/],
      [sealed, randomBytes(32), /cannot be decrypted with BACKUP_KEY: it was encrypted with another key \(key id [0-9a-f]{16}; BACKUP_KEY has [0-9a-f]{16}\)/],
      [write('flipped.ponte', flipped), key, /cannot be decrypted with BACKUP_KEY: part \d+ does not open/],
      [write('cut.ponte', bytes.subarray(0, bytes.length - 70_000)), key, /cannot be decrypted with BACKUP_KEY: its end does not open/],
      [write('longer.ponte', Buffer.concat([bytes, randomBytes(100)])), key, /cannot be decrypted with BACKUP_KEY: (its end|part \d+) does not open/],
      [write('header-only.ponte', bytes.subarray(0, 20)), key, /cannot be decrypted with BACKUP_KEY: it is cut short/],
    ];
    for (const [path, k, message] of cases) {
      const t2 = await target();
      await expect(t2.restore(path, k)).rejects.toThrow(message);
      expect(await t2.isEmpty()).toBe(true);
      expect(filesIn(t2.files)).toEqual({});
    }
    // A plain backup still restores where a key is set (backups made before it was).
    expect(await checkBackup(archive, key)).toEqual(manifest);
  });
});
