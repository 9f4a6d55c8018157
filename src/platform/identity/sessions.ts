import { and, desc, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '../db/index.js';
import { sha256, randomToken } from '../auth/crypto.js';
import { sessions } from '../schema.js';

/** Time-outs (docs/decisions/0003): privileged roles (care, administration) get the short pair. */
export const SESSION_LIMITS = {
  standard: { idleMs: 24 * 3600_000, absoluteMs: 30 * 24 * 3600_000 },
  privileged: { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 },
  mfa: { idleMs: 10 * 60_000, absoluteMs: 10 * 60_000 },
};
const TOUCH_EVERY_MS = 60_000;

export type Session = typeof sessions.$inferSelect;

export async function createSession(db: DbOrTx, input: { userId: string; stage: 'mfa' | 'full'; userAgent: string; privileged: boolean }): Promise<{ token: string; session: Session }> {
  const token = randomToken();
  const limits = input.stage === 'mfa' ? SESSION_LIMITS.mfa : input.privileged ? SESSION_LIMITS.privileged : SESSION_LIMITS.standard;
  const [session] = await db
    .insert(sessions)
    .values({ id: sha256(token), userId: input.userId, stage: input.stage, userAgent: input.userAgent.slice(0, 300), expiresAt: new Date(Date.now() + limits.absoluteMs) })
    .returning();
  return { token, session: session! };
}

/** The live session for a cookie token, or null; ends it when idle or past its absolute limit. */
export async function resolveSession(db: DbOrTx, token: string, privileged: (userId: string) => Promise<boolean>): Promise<Session | null> {
  if (!token || token.length > 100) return null;
  const id = sha256(token);
  const [s] = await db.select().from(sessions).where(eq(sessions.id, id));
  if (!s) return null;
  const now = Date.now();
  const idleMs = s.stage === 'mfa' ? SESSION_LIMITS.mfa.idleMs : (await privileged(s.userId)) ? SESSION_LIMITS.privileged.idleMs : SESSION_LIMITS.standard.idleMs;
  if (s.expiresAt.getTime() <= now || s.lastSeenAt.getTime() + idleMs <= now) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, id));
  }
  return s;
}

export async function endSession(db: DbOrTx, sessionId: string, userId?: string): Promise<boolean> {
  const where = userId ? and(eq(sessions.id, sessionId), eq(sessions.userId, userId)) : eq(sessions.id, sessionId);
  const r = await db.delete(sessions).where(where).returning({ id: sessions.id });
  return r.length > 0;
}

export async function endAllSessions(db: DbOrTx, userId: string, exceptSessionId?: string): Promise<number> {
  const where = exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId);
  const r = await db.delete(sessions).where(where).returning({ id: sessions.id });
  return r.length;
}

export async function listSessions(db: DbOrTx, userId: string): Promise<Session[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.stage, 'full')))
    .orderBy(desc(sessions.lastSeenAt));
}
