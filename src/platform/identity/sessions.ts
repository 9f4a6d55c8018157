import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { prepared, type DbOrTx } from '../db/index.js';
import { sha256, randomToken } from '../auth/crypto.js';
import { isRole, PRIVILEGED_ROLES, type Principal, type RoleGrant } from '../access.js';
import { roleAssignments, rolePolicies, sessions, sessionVersion, users } from '../schema.js';
import type { VersionWatcher } from '../content-version.js';
import { hasSecurityKeySql, securityKeyRequiredSql } from './security-keys.js';

/** Time-outs (docs/decisions/0003): privileged roles (care, administration) get the short pair. */
export const SESSION_LIMITS = {
  standard: { idleMs: 24 * 3600_000, absoluteMs: 30 * 24 * 3600_000 },
  privileged: { idleMs: 15 * 60_000, absoluteMs: 12 * 3600_000 },
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

/** The session, its user, the user's roles and whether one of them requires a second factor or a security key, in one round trip (it runs on every request). */
const sessionQuery = (db: DbOrTx) =>
  db
    .select({
      session: sessions,
      user: users,
      roles: sql<RoleGrant[] | null>`(select json_agg(json_build_object('role', ra.role, 'organisationId', ra.organisation_id)) from ${roleAssignments} ra where ra.user_id = ${users.id})`,
      totpRequired: sql<boolean>`exists (select 1 from ${roleAssignments} ra join ${rolePolicies} rp on rp.role = ra.role where ra.user_id = ${users.id} and rp.require_totp) or exists (select 1 from ${roleAssignments} ra where ra.user_id = ${users.id} and ra.role in (${sql.raw(PRIVILEGED_ROLES.map((r) => `'${r}'`).join(', '))}))`,
      securityKeyRequired: securityKeyRequiredSql,
      hasSecurityKey: hasSecurityKeySql,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare('ponte_authenticate');

export type OwedSecondFactor = false | 'totp' | 'security-key';

export interface Authenticated {
  session: Session;
  principal: Principal;
  /** A role of theirs requires a second factor they have not set up: an authenticator app, or a security key. */
  owesSecondFactor: OwedSecondFactor;
}

/**
 * Sessions a web node keeps between requests, so that a signed-in page view does not read its session each time.
 * An entry holds while the session version (raised by PostgreSQL triggers whenever a session ends or changes, an
 * account or its roles change; migration 0028) is the one read before the entry was: every node polls it, and the
 * node that made a change reads it before answering. Privileged sessions (care, administration) are never kept:
 * they are read on every request. Callers use the cache for reads only (GET, HEAD): every write reads the session.
 */
export interface SessionCache {
  readonly version: Pick<VersionWatcher, 'current'>;
  readonly entries: Map<string, Authenticated & { user: { status: string }; version: number }>;
  readonly max: number;
}
export const createSessionCache = (version: Pick<VersionWatcher, 'current'>, max = 10_000): SessionCache => ({ version, entries: new Map(), max });

export async function readSessionVersion(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ version: sessionVersion.version }).from(sessionVersion).where(eq(sessionVersion.id, 1));
  return row?.version ?? 0;
}

/**
 * The live session for a cookie token, its user's principal, and whether the user owes a second factor (a role
 * of theirs requires one they have not set up), or null. A session past its absolute limit or idle too long
 * (shorter for privileged roles) is deleted; so is one whose account is disabled. With a cache, a session kept
 * there at the current session version is not read again.
 */
export async function authenticate(db: DbOrTx, token: string, cache?: SessionCache): Promise<Authenticated | null> {
  if (!token || token.length > 100) return null;
  const id = sha256(token);
  // The version before the read: a change that commits after it raises the version, which retires the entry.
  const version = cache?.version.current ?? null;
  const kept = version === null ? undefined : cache!.entries.get(id);
  const now = Date.now();
  // A kept entry that looks expired is read again: another node may have seen the session since.
  const found = kept?.version === version && live(kept, now) ? kept : await readSession(db, id);
  if (!found) return null;
  const { session } = found;
  if (!live(found, now)) {
    cache?.entries.delete(id);
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    // A touch does not raise the session version: the kept entry is brought up to date in place.
    await db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, id));
    session.lastSeenAt = new Date(now);
  }
  if (cache && version !== null && found !== kept && session.stage === 'full' && !privileged(found.principal)) {
    cache.entries.set(id, { ...found, version });
    if (cache.entries.size > cache.max) cache.entries.delete(cache.entries.keys().next().value!);
  }
  return { session, principal: found.principal, owesSecondFactor: found.owesSecondFactor };
}

const privileged = (p: Principal) => p.roles.some((g) => PRIVILEGED_ROLES.includes(g.role));

/**
 * Active account, within the absolute limit, and not idle too long (shorter for privileged roles). A session
 * begun before its user was given a privileged role is held to that role's absolute limit from its start.
 */
function live({ session, principal, user }: { session: Session; principal: Principal; user: { status: string } }, now: number): boolean {
  const limits = session.stage === 'mfa' ? SESSION_LIMITS.mfa : privileged(principal) ? SESSION_LIMITS.privileged : SESSION_LIMITS.standard;
  const expires = Math.min(session.expiresAt.getTime(), session.createdAt.getTime() + limits.absoluteMs);
  return user.status === 'active' && expires > now && session.lastSeenAt.getTime() + limits.idleMs > now;
}

async function readSession(db: DbOrTx, id: string) {
  const [row] = await prepared(db, 'ponte_authenticate', sessionQuery).execute({ id });
  if (!row) return null;
  const { session, user } = row;
  const principal: Principal = { id: user.id, email: user.email, name: user.name, locale: user.locale, roles: (row.roles ?? []).filter((g) => isRole(g.role)), totpEnabled: !!user.totpEnabledAt };
  const owesSecondFactor: OwedSecondFactor = !principal.totpEnabled && row.totpRequired === true ? 'totp' : row.securityKeyRequired === true && row.hasSecurityKey !== true ? 'security-key' : false;
  return { session, principal, user: { status: user.status }, owesSecondFactor };
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
