import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-rules.js';
import { hmac, safeEqual, type SecretKeys } from './crypto.js';

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password.normalize('NFKC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));

// Each scrypt at N=2^17 holds 128 MiB: bound how many run at once so sign-in bursts cannot exhaust memory.
const MAX_CONCURRENT_HASHES = 2;
let running = 0;
const waiting: (() => void)[] = [];
async function bounded<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const MAXMEM = 288 * 1024 * 1024;

const PEPPER_PURPOSE = 'password-pepper';

/**
 * scrypt, stored in PHC string form: $scrypt$ln=17,r=8,p=1$<salt>$<hash> (docs/decisions/0002). With a `pepper`
 * (SECRET_KEY and the earlier keys still accepted, ASVS 2.4.5) what is stored is scrypt's output keyed once more
 * with the first key (HMAC-SHA-256), marked `pep=1`: a copy of the database alone gives nothing to brute-force.
 */
export async function hashPassword(password: string, cost = 17, pepper?: SecretKeys): Promise<string> {
  const salt = randomBytes(16);
  const key = (await bounded(() => scrypt(password, salt, 32, { N: 2 ** cost, r: 8, p: 1, maxmem: MAXMEM }))).toString('base64url');
  return pepper ? `$scrypt$ln=${cost},r=8,p=1,pep=1$${salt.toString('base64url')}$${hmac(pepper[0], PEPPER_PURPOSE, key)}` : `$scrypt$ln=${cost},r=8,p=1$${salt.toString('base64url')}$${key}`;
}

const PHC = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)(,pep=1)?\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/**
 * Whether the password is the one stored: 'current', 'stale' when it is but its hash should be made again (made
 * without the pepper, or peppered with an earlier key that a rotation of SECRET_KEY will drop), or false.
 */
export type PasswordMatch = false | 'current' | 'stale';

export async function verifyPassword(password: string, stored: string, pepper?: SecretKeys): Promise<PasswordMatch> {
  const m = PHC.exec(stored);
  if (!m) return false;
  const [, ln, r, p, peppered, salt, hash] = m;
  if (peppered && !pepper) return false;
  const length = peppered ? 32 : Buffer.from(hash!, 'base64url').length;
  const key = await bounded(() => scrypt(password, Buffer.from(salt!, 'base64url'), length, { N: 2 ** Number(ln), r: Number(r), p: Number(p), maxmem: MAXMEM }));
  if (!peppered) return timingSafeEqual(key, Buffer.from(hash!, 'base64url')) ? (pepper ? 'stale' : 'current') : false;
  const matches = pepper!.map((secret) => safeEqual(hash!, hmac(secret, PEPPER_PURPOSE, key.toString('base64url'))));
  return matches[0] ? 'current' : matches.some(Boolean) ? 'stale' : false;
}

/** True when a stored hash was made with weaker parameters than today's: rehash at next sign-in. */
export function needsRehash(stored: string, cost: number): boolean {
  const m = PHC.exec(stored);
  return !m || Number(m[1]) < cost || m[2] !== '8' || m[3] !== '1';
}

let dummyHash: Promise<string> | null = null;
/** Spends the time of a real verification, so that an unknown e-mail answers as slowly as a known one. */
export async function verifyAgainstDummy(password: string, cost: number, pepper?: SecretKeys): Promise<void> {
  dummyHash ??= hashPassword('dummy password for timing', cost, pepper);
  await verifyPassword(password, await dummyHash, pepper);
}

const common = new Set(dictionary['passwords-common']);

export type PasswordProblem = 'too-short' | 'too-long' | 'common' | 'like-email';

/** NIST SP 800-63B: length, no composition rules, refuse known-breached and context-specific passwords. */
export function checkPassword(password: string, context: { email?: string } = {}): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too-short';
  if (length > PASSWORD_MAX_LENGTH) return 'too-long';
  const lower = password.toLowerCase();
  if (common.has(lower) || /^(.)\1+$/.test(password) || /^(0123456789|1234567890|abcdefgh)/.test(lower)) return 'common';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'like-email';
  return null;
}
