import { and, asc, count, eq, ilike, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/index.js';
import { PRIVILEGED_ROLES, ROLES, type Principal, type Role } from '../access.js';
import { organisations, organisationTypes, regions, roleAssignments, rolePolicies, users } from '../schema.js';
import { escapeLike } from './users.js';
import { contentChanged } from '../content-version.js';
import { audit } from '../audit.js';

export type Organisation = typeof organisations.$inferSelect;

export async function listOrganisationTypes(db: DbOrTx) {
  return db.select().from(organisationTypes).orderBy(asc(organisationTypes.sort), asc(organisationTypes.code));
}

export async function listRegions(db: DbOrTx) {
  return db.select().from(regions).orderBy(asc(regions.country), asc(regions.name));
}

/** Adds a region (regions are data: any country's, by ISO 3166-2 code); false when the country already has one with this code. */
export async function createRegion(db: DbOrTx, input: { country: string; code: string; name: string }, actorId: string): Promise<boolean> {
  const [r] = await db.insert(regions).values(input).onConflictDoNothing().returning({ id: regions.id });
  if (!r) return false;
  await audit(db, { actorId, action: 'region.create', outcome: 'success', targetType: 'region', targetId: r.id, details: { country: input.country, code: input.code } });
  // Regions are named on public pages (directory filters, networks, the heat map).
  await contentChanged(db);
  return true;
}

export async function listOrganisations(db: DbOrTx, opts: { q?: string; page: number; pageSize: number }) {
  const where = opts.q ? ilike(organisations.name, `%${escapeLike(opts.q)}%`) : undefined;
  const [{ total }] = (await db.select({ total: count() }).from(organisations).where(where)) as [{ total: number }];
  const rows = await db
    .select({ id: organisations.id, name: organisations.name, typeCode: organisations.typeCode, country: organisations.country, region: regions.name, members: sql<number>`(SELECT count(DISTINCT user_id)::int FROM role_assignments ra WHERE ra.organisation_id = ${organisations.id})` })
    .from(organisations)
    .leftJoin(regions, eq(regions.id, organisations.regionId))
    .where(where)
    .orderBy(asc(organisations.name))
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  return { total, rows };
}

export async function getOrganisation(db: DbOrTx, id: string): Promise<Organisation | null> {
  const [o] = await db.select().from(organisations).where(eq(organisations.id, id));
  return o ?? null;
}

/** An organisation named by its id or by its exact name (when only one has it): how an operator names it on the command line. */
export async function findOrganisation(db: DbOrTx, idOrName: string): Promise<Organisation | null> {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName)) return getOrganisation(db, idOrName);
  const found = await db.select().from(organisations).where(eq(organisations.name, idOrName)).limit(2);
  return found.length === 1 ? found[0]! : null;
}

export interface OrganisationInput {
  name: string;
  typeCode: string;
  country: string;
  regionId: string | null;
  website: string | null;
}

// Organisations appear on public pages (partners, organisation homes): a change is a content change.
export async function createOrganisation(db: DbOrTx, input: OrganisationInput): Promise<Organisation> {
  const [o] = await db.insert(organisations).values(input).returning();
  await contentChanged(db);
  return o!;
}

export async function updateOrganisation(db: DbOrTx, id: string, input: OrganisationInput): Promise<void> {
  await db.update(organisations).set(input).where(eq(organisations.id, id));
  await contentChanged(db);
}

export async function members(db: DbOrTx, organisationId: string) {
  return db
    .select({ assignmentId: roleAssignments.id, userId: users.id, email: users.email, name: users.name, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(eq(roleAssignments.organisationId, organisationId))
    .orderBy(asc(users.email), asc(roleAssignments.role));
}

export async function grantsWithOrganisations(db: DbOrTx, userId: string) {
  return db
    .select({ id: roleAssignments.id, role: roleAssignments.role, organisationId: roleAssignments.organisationId, organisation: organisations.name })
    .from(roleAssignments)
    .leftJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(eq(roleAssignments.userId, userId))
    .orderBy(asc(roleAssignments.role));
}

/** Grants a role; granting one the user already holds changes nothing. */
export async function grantRole(db: DbOrTx, userId: string, role: Role, organisationId: string | null): Promise<boolean> {
  const r = await db.insert(roleAssignments).values({ userId, role, organisationId }).onConflictDoNothing().returning({ id: roleAssignments.id });
  return r.length > 0;
}

export async function revokeRole(db: DbOrTx, userId: string, role: Role, organisationId: string | null): Promise<boolean> {
  const r = await db
    .delete(roleAssignments)
    .where(and(eq(roleAssignments.userId, userId), eq(roleAssignments.role, role), organisationId ? eq(roleAssignments.organisationId, organisationId) : isNull(roleAssignments.organisationId)))
    .returning({ id: roleAssignments.id });
  return r.length > 0;
}

export interface RolePolicy {
  role: Role;
  requireTotp: boolean;
  /** Sign in with a security key; implies a second factor (the app, whose recovery codes are the way back). */
  requireSecurityKey: boolean;
}

export async function listRolePolicies(db: DbOrTx): Promise<RolePolicy[]> {
  const rows = await db.select().from(rolePolicies);
  const byRole = new Map(rows.map((r) => [r.role, r]));
  return ROLES.map((role) => {
    const row = byRole.get(role);
    const requireSecurityKey = row?.requireSecurityKey ?? false;
    return { role, requireTotp: PRIVILEGED_ROLES.includes(role) || requireSecurityKey || (row?.requireTotp ?? false), requireSecurityKey };
  });
}

export async function setRolePolicy(db: DbOrTx, { role, requireTotp, requireSecurityKey }: RolePolicy): Promise<void> {
  const set = { requireTotp: requireTotp || requireSecurityKey || PRIVILEGED_ROLES.includes(role), requireSecurityKey };
  await db
    .insert(rolePolicies)
    .values({ role, ...set })
    .onConflictDoUpdate({ target: rolePolicies.role, set });
}

/** True when one of the principal's roles requires a second factor. */
export async function totpRequiredFor(db: DbOrTx, p: Principal): Promise<boolean> {
  // Most signed-in users (learners) hold no role: no policy can apply, and this runs on every request they make.
  if (!p.roles.length) return false;
  const policies = await db.select().from(rolePolicies).where(eq(rolePolicies.requireTotp, true));
  const required = new Set<string>([...PRIVILEGED_ROLES, ...policies.map((x) => x.role)]);
  return p.roles.some((g) => required.has(g.role));
}
