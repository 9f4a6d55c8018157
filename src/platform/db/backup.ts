import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import * as tar from 'tar-stream';
import type { Storage } from '../storage.js';
import { isSealed, openStream, SEALED_HEADER_BYTES, SealError, sealStream } from './backup-seal.js';
import { openPglite, type Database } from './index.js';
import { readMigrations } from './migrate.js';

/**
 * `ponte backup` and `ponte restore`: one gzipped tar archive holding the database and every stored file it
 * names, so that one file is the whole instance (apart from the keys, kept apart on purpose).
 *
 *   ponte-backup.json   the manifest: format, when, database kind, migrations applied, checksums, counts
 *   database.pgdump     pg_dump's custom format (PostgreSQL), or
 *   database.pglite.tgz the embedded database's data directory (PGlite)
 *   files/ab/cd/<key>   each stored file, under its content hash, as the storage lays it out
 *
 * On PostgreSQL the file list is read in the snapshot pg_dump dumps (`pg_export_snapshot`), so every file the
 * dump names is in the archive. Restoring checks the whole archive first (manifest, database checksum, each
 * file's content against its hash) and writes nothing when any of it is wrong.
 *
 * With a key (BACKUP_KEY) the gzipped archive is sealed as it is written (backup-seal.ts): an encrypted backup
 * opens only with that key, and any change to it is found before anything is restored.
 */
export const BACKUP_FORMAT = 'ponte-backup/1';
const MANIFEST = 'ponte-backup.json';
const DATABASE_ENTRY = { postgres: 'database.pgdump', pglite: 'database.pglite.tgz' } as const;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  database: { kind: Database['kind']; entry: string; size: number; sha256: string };
  /** The migrations the database had applied, in order: a restore refuses a backup newer than its code. */
  migrations: string[];
  files: { count: number; bytes: number };
  /** Files the database names that the storage did not have when the backup was made. */
  missing: string[];
}

/** Thrown for a backup that cannot be made or restored, with a message for the operator. */
export class BackupError extends Error {}

const sha256File = async (path: string) => {
  const h = createHash('sha256');
  await pipeline(createReadStream(path), h);
  return h.digest('hex');
};
const fileEntry = (key: string) => `files/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
const KEY_ENTRY = /^files\/[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})$/;

async function appliedMigrations(q: (text: string) => Promise<Record<string, unknown>[]>): Promise<string[]> {
  return (await q(`select tag from ponte_migrations order by tag`)).map((r) => String(r.tag));
}

/** pg_dump or pg_restore, with the machine's PostgreSQL client tools. */
function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.on('error', (err) => reject(new BackupError(`${tool} could not run (${err.message}); install the PostgreSQL client tools`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new BackupError(`${tool} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`))));
  });
}

/** Adds a stream of known size to the archive. */
function addEntry(pack: tar.Pack, name: string, size: number, source: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const entry = pack.entry({ name, size, mode: 0o640 }, (err) => (err ? reject(err) : resolve()));
    source.on('error', reject);
    source.pipe(entry);
  });
}

/**
 * Writes a backup of the database and the stored files to `out` (atomically: a failed backup leaves no file).
 * PostgreSQL is backed up while Ponte runs; the embedded database must not be in use by a running Ponte.
 */
export async function writeBackup(opts: { database: Database; databaseUrl: string | null; storage: Storage; out: string; key?: Buffer | null }): Promise<BackupManifest> {
  const { database, storage } = opts;
  const work = mkdtempSync(join(tmpdir(), 'ponte-backup-'));
  const partial = `${opts.out}.partial`;
  try {
    const dumpPath = join(work, 'database');
    let keys: { key: string; size: number }[];
    let migrations: string[];
    if (database.kind === 'postgres') {
      if (!opts.databaseUrl) throw new BackupError('DATABASE_URL is needed to back up PostgreSQL');
      [keys, migrations] = await database.rawTransaction(async (q) => {
        await q('set transaction isolation level repeatable read, read only');
        const [{ snapshot }] = (await q('select pg_export_snapshot() as snapshot')) as [{ snapshot: string }];
        const files = await q(`select key, max(size)::text as size from stored_files group by key order by key`);
        const applied = await appliedMigrations(q);
        await runPgTool('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, `--file=${dumpPath}`, opts.databaseUrl!]);
        return [files.map((r) => ({ key: String(r.key), size: Number(r.size) })), applied];
      });
    } else {
      const files = await database.query<{ key: string; size: string }>(`select key, max(size)::text as size from stored_files group by key order by key`);
      keys = files.map((r) => ({ key: r.key, size: Number(r.size) }));
      migrations = await appliedMigrations((t) => database.query(t));
      const dump = await database.dumpDataDir!();
      writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      database: { kind: database.kind, entry: DATABASE_ENTRY[database.kind], size: statSync(dumpPath).size, sha256: await sha256File(dumpPath) },
      migrations,
      files: { count: 0, bytes: 0 },
      missing: [],
    };
    // Which files the storage has, before the manifest is written (it comes first in the archive).
    const present: typeof keys = [];
    for (const f of keys) {
      const s = await storage.open(f.key, { start: 0, end: 0 });
      if (s) {
        s.destroy();
        present.push(f);
      } else manifest.missing.push(f.key);
    }
    manifest.files = { count: present.length, bytes: present.reduce((n, f) => n + f.size, 0) };

    const pack = tar.pack();
    const written = opts.key ? pipeline(pack, createGzip(), sealStream(opts.key), createWriteStream(partial)) : pipeline(pack, createGzip(), createWriteStream(partial));
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2));
    await new Promise<void>((resolve, reject) => pack.entry({ name: MANIFEST, size: manifestBytes.length, mode: 0o640 }, manifestBytes, (err) => (err ? reject(err) : resolve())));
    await addEntry(pack, manifest.database.entry, manifest.database.size, createReadStream(dumpPath));
    for (const f of present) {
      const source = await storage.open(f.key);
      if (!source) throw new BackupError(`The stored file ${f.key} disappeared while the backup was being written; run the backup again`);
      await addEntry(pack, fileEntry(f.key), f.size, source);
    }
    pack.finalize();
    await written;
    renameSync(partial, opts.out);
    return manifest;
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Reads the archive's entries in order (opening it with the key if it is sealed); `onEntry` gets each entry's name and its bytes as a stream. */
async function readArchive(path: string, key: Buffer | null, onEntry: (name: string, body: AsyncIterable<Buffer>) => Promise<void>): Promise<void> {
  const head = Buffer.alloc(SEALED_HEADER_BYTES);
  const fd = openSync(path, 'r');
  const read = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const sealed = isSealed(head.subarray(0, read));
  if (sealed && !key) throw new BackupError(`${path} is encrypted: set BACKUP_KEY to the key it was made with`);
  const extract = tar.extract();
  let source: Readable = createReadStream(path);
  for (const stage of [...(sealed ? [openStream(key!)] : []), createGunzip()]) {
    source.on('error', (err: Error) => extract.destroy(err));
    source = source.pipe(stage);
  }
  source.on('error', (err: Error) => extract.destroy(err));
  source.pipe(extract);
  const entries = extract[Symbol.asyncIterator]();
  for (;;) {
    const next = await unreadable(path, entries.next());
    if (next.done) return;
    await onEntry(next.value.header.name, readable(path, next.value as AsyncIterable<Buffer>));
  }
}

/** A gzip or tar error reads as "not a backup" (the file is something else, or damaged); a sealed one's as "cannot be opened". */
const unreadable = <T>(path: string, p: Promise<T>) =>
  p.catch((err: Error) =>
    Promise.reject(new BackupError(err instanceof SealError ? `${path} cannot be decrypted with BACKUP_KEY: ${err.message}` : `${path} is not a Ponte backup, or it is damaged (${err.message})`)),
  );

async function* readable(path: string, body: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const it = body[Symbol.asyncIterator]();
  for (;;) {
    const next = await unreadable(path, it.next());
    if (next.done) return;
    yield next.value;
  }
}

async function drain(body: AsyncIterable<Buffer>, sink?: (chunk: Buffer) => void): Promise<void> {
  for await (const chunk of body) sink?.(chunk);
}

/** Checks every part of a backup without writing anything; returns its manifest. */
export async function checkBackup(path: string, key: Buffer | null = null): Promise<BackupManifest> {
  if (!existsSync(path)) throw new BackupError(`${path} does not exist`);
  let manifest: BackupManifest | null = null;
  let databaseChecked = false;
  let files = 0;
  await readArchive(path, key, async (name, body) => {
    if (!manifest) {
      if (name !== MANIFEST) throw new BackupError(`${path} is not a Ponte backup (no ${MANIFEST} first)`);
      const chunks: Buffer[] = [];
      await drain(body, (c) => chunks.push(c));
      const m = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BackupManifest;
      if (m.format !== BACKUP_FORMAT) throw new BackupError(`${path} is a backup in the format ${String(m.format)}; this version of Ponte reads ${BACKUP_FORMAT}`);
      const known = new Set(readMigrations().map((x) => x.tag));
      const newer = m.migrations.filter((t) => !known.has(t));
      if (newer.length) throw new BackupError(`The backup was made by a newer version of Ponte (migrations ${newer.join(', ')}); restore it with that version or a later one`);
      manifest = m;
      return;
    }
    const m: BackupManifest = manifest;
    if (name === m.database.entry) {
      const h = createHash('sha256');
      await drain(body, (c) => h.update(c));
      if (h.digest('hex') !== m.database.sha256) throw new BackupError(`The database in ${path} is damaged (its checksum does not match)`);
      databaseChecked = true;
      return;
    }
    const key = KEY_ENTRY.exec(name)?.[1];
    if (!key) throw new BackupError(`${path} holds an entry Ponte does not know: ${name}`);
    const h = createHash('sha256');
    await drain(body, (c) => h.update(c));
    if (h.digest('hex') !== key) throw new BackupError(`The stored file ${key} in ${path} is damaged (its content does not match its hash)`);
    files++;
  });
  if (!manifest) throw new BackupError(`${path} is empty`);
  const m: BackupManifest = manifest;
  if (!databaseChecked) throw new BackupError(`${path} has no database`);
  if (files !== m.files.count) throw new BackupError(`${path} holds ${files} stored files where its manifest says ${m.files.count}: it is incomplete`);
  return m;
}

/**
 * Restores a backup into an empty database (PostgreSQL at `databaseUrl`, or the embedded one under `dataDir`)
 * and the configured storage, after checking the whole archive. The caller applies pending migrations after.
 */
export async function restoreBackup(opts: { path: string; databaseUrl: string | null; dataDir: string; storage: Storage; isEmpty: () => Promise<boolean>; key?: Buffer | null }): Promise<BackupManifest> {
  const manifest = await checkBackup(opts.path, opts.key ?? null);
  const kind = opts.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.database.kind !== kind) throw new BackupError(`The backup holds ${manifest.database.kind === 'postgres' ? 'a PostgreSQL' : 'an embedded (PGlite)'} database; set ${kind === 'postgres' ? 'no DATABASE_URL' : 'DATABASE_URL'} to restore it`);
  const pgdata = join(opts.dataDir, 'pgdata');
  if (kind === 'pglite' ? existsSync(pgdata) && readdirSync(pgdata).length > 0 : !(await opts.isEmpty())) {
    throw new BackupError(kind === 'pglite' ? `${pgdata} is not empty: move it aside first` : 'The database at DATABASE_URL is not empty: restore into a new, empty database');
  }
  const work = mkdtempSync(join(tmpdir(), 'ponte-restore-'));
  try {
    const dumpPath = join(work, 'database');
    await readArchive(opts.path, opts.key ?? null, async (name, body) => {
      if (name === manifest.database.entry) {
        await pipeline(Readable.from(body), createWriteStream(dumpPath));
        if (kind === 'postgres') await runPgTool('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${opts.databaseUrl!}`, dumpPath]);
        else await restorePglite(dumpPath, pgdata);
        return;
      }
      const key = KEY_ENTRY.exec(name)?.[1];
      if (!key) return drain(body);
      const chunks: Buffer[] = [];
      await drain(body, (c) => chunks.push(c));
      await opts.storage.put(Buffer.concat(chunks));
    });
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Loads a data directory dumped by PGlite into `dir`. */
async function restorePglite(tarball: string, dir: string): Promise<void> {
  const db = await openPglite(dir, new Blob([readFileSync(tarball)]));
  await db.close();
}
