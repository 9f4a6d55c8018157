import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { CareKey } from '../../platform/config.js';

/**
 * Application-level encryption of care names and free text: AES-256-GCM under the configured key ring.
 * A sealed value reads `c1.<key id>.<base64url(iv | tag | ciphertext)>`; the first key seals, every key opens
 * what it sealed, and `needsResealing` tells which values the rotation job must seal again under the first key.
 * The additional data binds a value to its place (table, column, row), so a sealed value copied to another
 * record does not open there.
 */
export class CareCipher {
  private readonly byId: Map<string, Buffer>;
  constructor(private readonly keys: CareKey[]) {
    if (!keys.length) throw new Error('no care data key configured (CARE_DATA_KEYS)');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get activeKeyId(): string {
    return this.keys[0]!.id;
  }

  seal(plaintext: string, place: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0]!.key, iv);
    cipher.setAAD(Buffer.from(place));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `c1.${this.keys[0]!.id}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The plaintext, or null if the value was tampered with, moved, or sealed under a key no longer configured. */
  open(sealed: string, place: string): string | null {
    const [version, keyId, data] = sealed.split('.');
    const key = keyId ? this.byId.get(keyId) : undefined;
    if (version !== 'c1' || !key || !data) return null;
    try {
      const raw = Buffer.from(data, 'base64url');
      if (raw.length < 28) return null;
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(place));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  sealOptional(plaintext: string | null | undefined, place: string): string | null {
    return plaintext ? this.seal(plaintext, place) : null;
  }

  openOptional(sealed: string | null | undefined, place: string): string | null {
    return sealed ? this.open(sealed, place) : null;
  }

  needsResealing(sealed: string): boolean {
    return !sealed.startsWith(`c1.${this.activeKeyId}.`);
  }
}

/** Where a sealed value lives: its table, column and row, bound into the ciphertext. */
export const placeOf = (table: string, column: string, id: string) => `${table}.${column}:${id}`;

/** A JSON value sealed at its place (a column sealed since an earlier version holds plain JSON until reseal). */
export const sealJson = (cipher: CareCipher, value: unknown, place: string) => cipher.seal(JSON.stringify(value), place);

/**
 * A JSON value as a column sealed since an earlier version stores it: sealed, or plain JSON in a row written
 * before (until `ponte care reseal`). A sealed value no configured key opens is an error: its key is missing
 * from CARE_DATA_KEYS, and the record cannot be shown as it is.
 */
export function openJson<T>(cipher: CareCipher, stored: string, place: string): T {
  if (!stored.startsWith('c1.')) return JSON.parse(stored) as T;
  const plain = cipher.open(stored, place);
  if (plain === null) throw new Error(`${place} opens with no configured care key`);
  return JSON.parse(plain) as T;
}

const ciphers = new WeakMap<object, CareCipher>();
/** The instance's cipher, built once from its configuration. */
export function careCipher(config: { care: { keys: CareKey[] } }): CareCipher {
  let c = ciphers.get(config);
  if (!c) ciphers.set(config, (c = new CareCipher(config.care.keys)));
  return c;
}
