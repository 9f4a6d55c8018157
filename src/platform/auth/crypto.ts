import { createCipheriv, createDecipheriv, createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';

// Random bytes are drawn from the CSPRNG in blocks: every first visit needs a token, and one call per token
// showed as about 5 % of the CPU profile of serving cached pages. Each byte is used once.
const POOL_SIZE = 32 * 256;
let pool = Buffer.alloc(0);
let next = 0;

/** A random token for cookies and links: 256 bits, URL-safe. */
export const randomToken = () => {
  if (next + 32 > pool.length) {
    pool = randomBytes(POOL_SIZE);
    next = 0;
  }
  next += 32;
  return pool.toString('base64url', next - 32, next);
};

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The inner and outer padded keys of HMAC-SHA-256 (RFC 2104) for each secret in use, computed once. */
const pads = new Map<string, { inner: Buffer; outer: Buffer }>();
function padsOf(secret: string) {
  let p = pads.get(secret);
  if (!p) {
    let key: Buffer = Buffer.from(secret);
    if (key.length > 64) key = hash('sha256', key, 'buffer') as unknown as Buffer;
    const pad = (byte: number) => {
      const b = Buffer.alloc(64, byte);
      for (let i = 0; i < key.length; i++) b[i]! ^= key[i]!;
      return b;
    };
    p = { inner: pad(0x36), outer: pad(0x5c) };
    if (pads.size > 16) pads.clear();
    pads.set(secret, p);
  }
  return p;
}

/**
 * HMAC-SHA-256 of `purpose` NUL `value`, base64url. Computed as RFC 2104 defines it, with two one-shot hashes
 * over the padded keys: `createHmac` makes a native object per call, whose setup and collection cost a cached
 * page a fifth of its throughput (every answer derives the visitor's CSRF token; docs/performance.md).
 * Equal to createHmac's result (tested).
 */
export function hmac(secret: string, purpose: string, value: string): string {
  const { inner, outer } = padsOf(secret);
  const innerHash = hash('sha256', Buffer.concat([inner, Buffer.from(`${purpose}\u0000${value}`)]), 'buffer') as unknown as Buffer;
  return hash('sha256', Buffer.concat([outer, innerHash]), 'base64url');
}

/**
 * SECRET_KEY, then the earlier keys still accepted after a rotation (SECRET_KEY_PREVIOUS): links, tokens and
 * sealed values are made with the first and checked against each (docs/operations.md, "Rotating SECRET_KEY").
 */
export type SecretKeys = readonly [string, ...string[]];

/** Whether `mac` is `hmac(key, purpose, value)` (its first `length` characters) under one of the keys. */
export function hmacMatches(keys: readonly string[], purpose: string, value: string, mac: string, length?: number): boolean {
  let matched = false;
  for (const key of keys) matched = safeEqual(mac, hmac(key, purpose, value).slice(0, length)) || matched;
  return matched;
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

const keyFor = (secret: string, purpose: string) => createHash('sha256').update(`${purpose}\u0000${secret}`).digest();

/** AES-256-GCM with a key derived from SECRET_KEY per purpose; output is base64url(iv|tag|ciphertext). */
export function seal(secret: string, purpose: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/**
 * Opens what seal() made, under the key given or the first of the keys that opens it; null when none does, it
 * was tampered with or sealed for another purpose.
 */
export function unseal(secret: string | readonly string[], purpose: string, sealed: string): string | null {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < 29) return null;
  for (const key of typeof secret === 'string' ? [secret] : secret) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', keyFor(key, purpose), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      // not this key
    }
  }
  return null;
}
