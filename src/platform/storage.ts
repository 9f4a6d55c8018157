import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Config } from './config.js';
import { eq, inArray, sql } from 'drizzle-orm';
import { HttpError } from './http/errors.js';
import type { Db, DbOrTx, Tx } from './db/index.js';
import { s3Client, type S3Location } from './s3.js';
import { storedFiles } from './schema.js';

/** Where uploaded bytes live. Keys are the SHA-256 of the content, so a file is written once however often it is uploaded. */
export interface Storage {
  put(bytes: Buffer): Promise<string>;
  /** The bytes, or the inclusive byte range `start`–`end` of them. */
  open(key: string, range?: { start: number; end: number }): Promise<Readable | null>;
  /** Deletes bytes no record names any more (the caller checks that none does). */
  remove(key: string): Promise<void>;
  /** Throws when the storage cannot be reached or written (for /readyz). */
  check(): Promise<void>;
  /** How many bytes of files one account may have stored (UPLOAD_QUOTA_MB; saveFile checks it); unset: no limit. */
  readonly quotaBytes?: number;
}

/** A key's place: two levels of fan-out by its first characters (`ab/cd/abcd…`), in a directory or a bucket alike. */
const placeOf = (key: string) => {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('invalid storage key');
  return `${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
};

/** A directory (the default, `DATA_DIR/files`): files under two levels of fan-out, written atomically by rename. */
export function directoryStorage(root: string): Storage {
  const pathOf = (key: string) => join(root, placeOf(key));
  return {
    async check() {
      await mkdir(root, { recursive: true });
      await access(root, constants.W_OK);
    },
    async put(bytes) {
      const key = createHash('sha256').update(bytes).digest('hex');
      const path = pathOf(key);
      const exists = await stat(path).then(
        (s) => s.size === bytes.length,
        () => false,
      );
      if (exists) return key;
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, bytes, { mode: 0o640 });
        await rename(tmp, path);
      } catch (err) {
        // A disk that fills up mid-write leaves no partial file behind (the caller's transaction rolls back).
        await rm(tmp, { force: true });
        throw err;
      }
      return key;
    },
    async open(key, range) {
      const path = pathOf(key);
      return (await stat(path).catch(() => null)) ? createReadStream(path, range) : null;
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

/**
 * A bucket of an S3-compatible object store, laid out as the directory is (so either can be copied to the other).
 * An object is written once: its key is its content's hash, so a PUT that lands is complete and never replaced.
 */
export function s3Storage(location: S3Location): Storage {
  const s3 = s3Client(location);
  return {
    check: () => s3.checkBucket(),
    async put(bytes) {
      const key = createHash('sha256').update(bytes).digest('hex');
      if ((await s3.size(placeOf(key))) === bytes.length) return key;
      await s3.put(placeOf(key), bytes, key);
      return key;
    },
    async open(key, range) {
      return s3.get(placeOf(key), range);
    },
    async remove(key) {
      await s3.delete(placeOf(key));
    },
  };
}

export function createStorage(config: Config): Storage {
  const storage = config.storage.kind === 's3' ? s3Storage(config.storage.location) : directoryStorage(config.storage.path);
  return config.uploadQuotaMb ? { ...storage, quotaBytes: config.uploadQuotaMb * 1024 * 1024 } : storage;
}

/** A file name safe to offer on download: no path, no control or reserved characters, at most 120 characters. */
export function safeFileName(name: string, fallback = 'file'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f"*:<>?|]/g, '')
    .replace(/^\.+/, '')
    .trim();
  return (cleaned || fallback).slice(-120);
}

/** An account's files would pass its storage quota (ASVS 12.1.3): refused (413) with a message, nothing stored. */
export class QuotaExceeded extends HttpError {
  constructor() {
    super(413, 'errors.uploadQuota');
  }
}

/**
 * Stores the bytes and records the file; run it inside the transaction that links the file to its owner. The
 * files an account has stored count against its quota, taken under a lock per account so that uploads at the same
 * time cannot pass it together.
 */
export async function saveFile(db: DbOrTx, storage: Storage, file: { name: string; contentType: string; bytes: Buffer; createdBy: string | null }) {
  if (storage.quotaBytes && file.createdBy) {
    await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`ponte-quota:${file.createdBy}`}, 0))`);
    const [used] = await db.select({ bytes: sql<string>`coalesce(sum(${storedFiles.size}), 0)` }).from(storedFiles).where(eq(storedFiles.createdBy, file.createdBy));
    if (Number(used!.bytes) + file.bytes.length > storage.quotaBytes) throw new QuotaExceeded();
  }
  const key = await storage.put(file.bytes);
  const [row] = await db.insert(storedFiles).values({ key, name: safeFileName(file.name), contentType: file.contentType, size: file.bytes.length, createdBy: file.createdBy }).returning();
  return row!;
}

/**
 * Runs `change` in a transaction; the stored files it names in `fileIds` (no longer referenced by then) lose
 * their records in the same transaction, and after the commit their bytes, unless another record shares
 * them (the same content uploaded twice is stored once).
 */
export async function withFilesDeleted<T>(db: Db, storage: Storage, change: (tx: Tx) => Promise<{ fileIds: string[]; result: T }>): Promise<T> {
  const { keys, result } = await db.transaction(async (tx) => {
    const r = await change(tx);
    const rows = r.fileIds.length ? await tx.delete(storedFiles).where(inArray(storedFiles.id, r.fileIds)).returning({ key: storedFiles.key }) : [];
    return { keys: [...new Set(rows.map((x) => x.key))], result: r.result };
  });
  await removeUnreferenced(db, storage, keys);
  return result;
}

/** Removes the bytes of keys that no file record names (the same content may be stored for something else). */
export async function removeUnreferenced(db: Db, storage: Storage, keys: Iterable<string>) {
  for (const key of new Set(keys)) {
    const [still] = await db.select({ id: storedFiles.id }).from(storedFiles).where(eq(storedFiles.key, key)).limit(1);
    if (!still) await storage.remove(key);
  }
}

/** A storage that remembers the keys it wrote, so that a write that fails can remove what it stored. */
export function recordingStorage(storage: Storage): Storage & { written: string[] } {
  const written: string[] = [];
  return { ...storage, written, put: async (bytes) => { const key = await storage.put(bytes); written.push(key); return key; } };
}

/** `Content-Disposition` for a download, with an ASCII fallback and the UTF-8 name (RFC 6266 / 8187). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
