import { and, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/index.js';
import { randomToken, sha256 } from '../auth/crypto.js';
import { emailTokens } from '../schema.js';

export type TokenPurpose = 'verify' | 'reset' | 'change-email';
export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  verify: 48 * 3600_000,
  reset: 3600_000,
  'change-email': 24 * 3600_000,
};

/** A single-use link token; earlier unused tokens of the same purpose for this user stop working. */
export async function createEmailToken(db: DbOrTx, userId: string, purpose: TokenPurpose, opts: { newEmail?: string; ttlMs?: number } = {}): Promise<string> {
  await db
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
  const token = randomToken();
  await db.insert(emailTokens).values({
    id: sha256(token),
    userId,
    purpose,
    newEmail: opts.newEmail ?? null,
    expiresAt: new Date(Date.now() + (opts.ttlMs ?? TOKEN_TTL_MS[purpose])),
  });
  return token;
}

/** The token's row if it is valid, without using it up. */
export async function peekEmailToken(db: DbOrTx, token: string, purpose: TokenPurpose) {
  if (!token || token.length > 100) return null;
  const [row] = await db
    .select()
    .from(emailTokens)
    .where(and(eq(emailTokens.id, sha256(token)), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, new Date())));
  return row ?? null;
}

/** Uses the token up, atomically: of two concurrent uses only one succeeds. */
export async function consumeEmailToken(db: DbOrTx, token: string, purpose: TokenPurpose) {
  if (!token || token.length > 100) return null;
  const [row] = await db
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(emailTokens.id, sha256(token)), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, new Date())))
    .returning();
  return row ?? null;
}
