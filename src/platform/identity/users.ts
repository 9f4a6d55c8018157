import { and, asc, count, desc, eq, ilike, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/index.js';
import { isRole, type Principal, type RoleGrant } from '../access.js';
import type { NamedPersonalDataSource } from '../personal-data.js';
import { auditEvents, organisations, roleAssignments, securityKeys, sessions, users } from '../schema.js';

export const PROFESSIONS = [
  'psychologist',
  'psychiatrist',
  'social-worker',
  'physician',
  'nurse',
  'cultural-mediator',
  'interpreter',
  'counsellor',
  'reception-centre-operator',
  'volunteer',
  'other',
] as const;
export type Profession = (typeof PROFESSIONS)[number];

/** What a user may say of their gender in the profile (optional; "undisclosed" when they would rather not say). */
export const GENDERS = ['woman', 'man', 'non-binary', 'undisclosed'] as const;

export type User = typeof users.$inferSelect;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: DbOrTx, email: string): Promise<User | null> {
  const [u] = await db.select().from(users).where(eq(users.email, normaliseEmail(email)));
  return u ?? null;
}

export async function getUser(db: DbOrTx, id: string): Promise<User | null> {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  return u ?? null;
}

export async function createUser(
  db: DbOrTx,
  input: { email: string; passwordHash: string | null; name: string; locale?: string | null; country?: string | null; profession?: string | null; verified?: boolean },
): Promise<User> {
  const [u] = await db
    .insert(users)
    .values({
      email: normaliseEmail(input.email),
      passwordHash: input.passwordHash,
      name: input.name,
      locale: input.locale ?? null,
      country: input.country ?? null,
      profession: input.profession ?? null,
      emailVerifiedAt: input.verified ? new Date() : null,
    })
    .returning();
  return u!;
}

export async function updateUser(db: DbOrTx, id: string, patch: Partial<Omit<User, 'id' | 'createdAt'>>): Promise<void> {
  await db
    .update(users)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(users.id, id));
}

export async function roleGrants(db: DbOrTx, userId: string): Promise<RoleGrant[]> {
  const rows = await db.select({ role: roleAssignments.role, organisationId: roleAssignments.organisationId }).from(roleAssignments).where(eq(roleAssignments.userId, userId));
  return rows.filter((r) => isRole(r.role)) as RoleGrant[];
}

export async function principalOf(db: DbOrTx, user: User): Promise<Principal> {
  return { id: user.id, email: user.email, name: user.name, locale: user.locale, roles: await roleGrants(db, user.id), totpEnabled: !!user.totpEnabledAt };
}

export async function listUsers(db: DbOrTx, opts: { q?: string; page: number; pageSize: number }) {
  const where = opts.q ? or(ilike(users.email, `%${escapeLike(opts.q)}%`), ilike(users.name, `%${escapeLike(opts.q)}%`)) : undefined;
  const [{ total }] = (await db.select({ total: count() }).from(users).where(where)) as [{ total: number }];
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, status: users.status, emailVerifiedAt: users.emailVerifiedAt, createdAt: users.createdAt })
    .from(users)
    .where(where)
    .orderBy(asc(users.email))
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  return { total, rows };
}

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/**
 * Everything Ponte holds about one person, for "download my data" (GDPR art. 15 and 20): the platform's own
 * records, then what each module holds, under the name its source was registered with (platform/personal-data.ts).
 * A source that fails fails the export: an incomplete copy must not pass for a complete one.
 */
export async function exportUserData(db: DbOrTx, userId: string, sources: readonly NamedPersonalDataSource[] = []) {
  const user = await getUser(db, userId);
  if (!user) return null;
  const grants = await db
    .select({ role: roleAssignments.role, organisation: organisations.name, since: roleAssignments.createdAt })
    .from(roleAssignments)
    .leftJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(eq(roleAssignments.userId, userId));
  const sess = await db
    .select({ createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, userAgent: sessions.userAgent })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.stage, 'full')));
  const keys = await db
    .select({ name: securityKeys.name, addedAt: securityKeys.createdAt, lastUsedAt: securityKeys.lastUsedAt })
    .from(securityKeys)
    .where(eq(securityKeys.userId, userId));
  const events = await db
    .select({ at: auditEvents.at, action: auditEvents.action, outcome: auditEvents.outcome })
    .from(auditEvents)
    .where(eq(auditEvents.actorId, userId))
    .orderBy(desc(auditEvents.at))
    .limit(10_000);
  const modules: Record<string, unknown> = {};
  for (const { name, source } of sources) modules[name] = await source(db, userId);
  return {
    exportedAt: new Date().toISOString(),
    profile: {
      email: user.email,
      emailVerifiedAt: user.emailVerifiedAt,
      name: user.name,
      preferredLanguage: user.locale,
      country: user.country,
      profession: user.profession,
      gender: user.gender,
      status: user.status,
      twoFactorEnabledAt: user.totpEnabledAt,
      securityKeys: keys,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    },
    roles: grants,
    sessions: sess,
    securityEvents: events,
    ...modules,
  };
}

/** Deletes the account and everything that cascades from it; audit rows keep only the bare id. */
export async function deleteUser(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(users).where(eq(users.id, userId));
}
