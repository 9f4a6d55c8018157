import { randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import type { DbOrTx } from '../db/index.js';
import { seal, sha256, unseal, type SecretKeys } from '../auth/crypto.js';
import type { SealedColumn } from '../auth/reseal.js';
import { recoveryCodes, securityKeys, users } from '../schema.js';

const PERIOD = 30;
const SEAL_PURPOSE = 'totp-secret';

export const newTotpSecret = () => new OTPAuth.Secret({ size: 20 }).base32;

export function totpUri(secretBase32: string, account: string, issuer: string): string {
  return new OTPAuth.TOTP({ issuer, label: account, secret: OTPAuth.Secret.fromBase32(secretBase32), period: PERIOD, digits: 6, algorithm: 'SHA1' }).toString();
}

/** The time step a code belongs to, allowing one step of clock drift either way; null if it matches none. */
export function matchTotp(secretBase32: string, code: string, now = Date.now()): number | null {
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return null;
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secretBase32), period: PERIOD, digits: 6, algorithm: 'SHA1' });
  const delta = totp.validate({ token: clean, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

/** Where TOTP secrets are sealed under SECRET_KEY (`ponte secret reseal`). */
export const TOTP_SECRETS: SealedColumn = { name: 'TOTP secrets', table: users, id: users.id, sealed: users.totpSecret, purpose: SEAL_PURPOSE };

export const sealTotpSecret = (key: string, secret: string) => seal(key, SEAL_PURPOSE, secret);
export const unsealTotpSecret = (keys: SecretKeys, sealed: string) => unseal(keys, SEAL_PURPOSE, sealed);

/**
 * Checks a TOTP code of an enrolled user and records its time step, so that each code is accepted once:
 * a code seen before (or an older one) is refused even inside its 30-second window.
 */
export async function acceptTotp(db: DbOrTx, keys: SecretKeys, userId: string, code: string): Promise<boolean> {
  const [u] = await db.select({ secret: users.totpSecret }).from(users).where(eq(users.id, userId));
  const secret = u?.secret ? unsealTotpSecret(keys, u.secret) : null;
  if (!secret) return false;
  const step = matchTotp(secret, code);
  if (step === null) return false;
  const r = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return r.length === 1;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A recovery code: 120 random bits (ASVS 2.6.2 asks at least 112), as 24 base32 letters and digits in groups of four. */
function recoveryCode(): string {
  let out = '';
  let value = 0;
  let bits = 0;
  for (const byte of randomBytes(15)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(value >>> bits) & 31];
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)!.join('-');
}

/**
 * A code as typed, in the form it was issued, or null: any case, with or without the hyphens and spaces. Codes
 * issued by earlier versions (ten hexadecimal digits, 40 bits) still work until the user makes new ones.
 */
function recoveryCodeAsIssued(typed: string): string | null {
  const bare = typed.toLowerCase().replace(/[\s-]/g, '');
  if (/^[a-z2-7]{24}$/.test(bare)) return bare.match(/.{4}/g)!.join('-');
  if (/^[0-9a-f]{10}$/.test(bare)) return `${bare.slice(0, 5)}-${bare.slice(5)}`;
  return null;
}

/** Ten single-use recovery codes, shown once; only their hashes are kept. */
export async function replaceRecoveryCodes(db: DbOrTx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: 10 }, recoveryCode);
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: sha256(c) })));
  return codes;
}

export async function useRecoveryCode(db: DbOrTx, userId: string, code: string): Promise<boolean> {
  const issued = recoveryCodeAsIssued(code);
  if (!issued) return false;
  const r = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, sha256(issued)), isNull(recoveryCodes.usedAt)))
    .returning({ userId: recoveryCodes.userId });
  return r.length === 1;
}

/** How many unused recovery codes are left, and whether some of them are of the weak 40-bit kind (to be replaced). */
export async function recoveryCodeStatus(db: DbOrTx, userId: string): Promise<{ remaining: number; weak: boolean }> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int`, weak: sql<boolean>`coalesce(bool_or(not ${recoveryCodes.strong}), false)` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return { remaining: r!.n, weak: r!.weak };
}

/** A TOTP code or, failing that, a recovery code. */
export async function acceptSecondFactor(db: DbOrTx, keys: SecretKeys, userId: string, code: string): Promise<'totp' | 'recovery' | null> {
  if (await acceptTotp(db, keys, userId, code)) return 'totp';
  if (await useRecoveryCode(db, userId, code)) return 'recovery';
  return null;
}

/** Removes an account's second factor: the app's secret, the recovery codes and the security keys added beside them. */
export async function removeSecondFactor(db: DbOrTx, userId: string): Promise<void> {
  await db.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, userId));
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.delete(securityKeys).where(eq(securityKeys.userId, userId));
}
