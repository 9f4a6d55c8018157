import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Encrypted backups (BACKUP_KEY): the gzipped archive cut into chunks of 64 KiB, each sealed with AES-256-GCM
 * under a nonce made of a random prefix, the chunk's number and a last-chunk flag (the STREAM construction that
 * age uses). A chunk changed, removed, moved or added, or an archive cut short, fails to open: nothing is read
 * from a chunk before its tag is checked. The key is never in the file; its id (a hash) is, so that a wrong key
 * gets a clear message.
 *
 *   "PONTE-BACKUP-ENC1" (17 bytes) | key id (8 bytes) | nonce prefix (7 bytes) | sealed chunks (each + 16-byte tag)
 */
const MAGIC = Buffer.from('PONTE-BACKUP-ENC1');
const KEY_ID_BYTES = 8;
const PREFIX_BYTES = 7;
export const SEALED_HEADER_BYTES = MAGIC.length + KEY_ID_BYTES + PREFIX_BYTES;
const CHUNK = 64 * 1024;
const TAG = 16;

/** Why a sealed archive could not be opened, for BackupError's message. */
export class SealError extends Error {}

/** The key's id as the header holds it (hex): not the key, and no use without it. */
export const backupKeyId = (key: Buffer) => createHash('sha256').update('ponte backup key\u0000').update(key).digest().subarray(0, KEY_ID_BYTES).toString('hex');

/** True when the first bytes of a file are a sealed archive's. */
export const isSealed = (head: Buffer) => head.length >= MAGIC.length && head.subarray(0, MAGIC.length).equals(MAGIC);

const nonce = (prefix: Buffer, counter: number, last: boolean) => {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(counter, PREFIX_BYTES);
  n[11] = last ? 1 : 0;
  return n;
};

/** Seals what flows through it. */
export function sealStream(key: Buffer): Transform {
  const prefix = randomBytes(PREFIX_BYTES);
  const header = Buffer.concat([MAGIC, Buffer.from(backupKeyId(key), 'hex'), prefix]);
  let pending = Buffer.alloc(0);
  let counter = 0;
  const seal = (plain: Buffer, last: boolean) => {
    if (counter > 0xffffffff) throw new SealError('the archive is too large to seal (over 256 TiB)');
    const cipher = createCipheriv('aes-256-gcm', key, nonce(prefix, counter++, last));
    cipher.setAAD(header);
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };
  let started = false;
  const start = (t: Transform) => {
    if (!started) t.push(header);
    started = true;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      start(this);
      pending = Buffer.concat([pending, chunk]);
      // A full chunk goes out only once more bytes follow it: the last chunk, full or not, carries the flag.
      try {
        while (pending.length > CHUNK) {
          this.push(seal(pending.subarray(0, CHUNK), false));
          pending = pending.subarray(CHUNK);
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done: TransformCallback) {
      start(this);
      try {
        this.push(seal(pending, true));
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}

/** Opens what `sealStream` sealed with this key; fails (SealError) on a wrong key or any change to the bytes. */
export function openStream(key: Buffer): Transform {
  let header: Buffer | null = null;
  let pending = Buffer.alloc(0);
  let counter = 0;
  const open = (sealed: Buffer, last: boolean) => {
    if (sealed.length < TAG) throw new SealError('it is cut short');
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(header!.subarray(MAGIC.length + KEY_ID_BYTES), counter++, last));
    decipher.setAAD(header!);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG)), decipher.final()]);
    } catch {
      throw new SealError(last ? 'its end does not open (cut short or changed)' : `part ${counter} does not open (changed, moved or cut short)`);
    }
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      pending = Buffer.concat([pending, chunk]);
      try {
        if (!header) {
          if (pending.length < SEALED_HEADER_BYTES) return done();
          header = pending.subarray(0, SEALED_HEADER_BYTES);
          pending = pending.subarray(SEALED_HEADER_BYTES);
          if (!isSealed(header)) throw new SealError('it is not an encrypted Ponte backup');
          const id = header.subarray(MAGIC.length, MAGIC.length + KEY_ID_BYTES).toString('hex');
          if (id !== backupKeyId(key)) throw new SealError(`it was encrypted with another key (key id ${id}; BACKUP_KEY has ${backupKeyId(key)})`);
        }
        while (pending.length > CHUNK + TAG) {
          this.push(open(pending.subarray(0, CHUNK + TAG), false));
          pending = pending.subarray(CHUNK + TAG);
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        if (!header) throw new SealError('it is cut short');
        this.push(open(pending, true));
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}
