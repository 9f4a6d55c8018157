import { and, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '../../platform/platform.js';
import { CARE_ROLES, type Role } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import { endAllSessions } from '../../platform/identity/sessions.js';
import { roleChanged } from '../../platform/identity/role-changes.js';
import { createOrganisation, getOrganisation, grantRole, revokeRole, setRolePolicy, updateOrganisation, type OrganisationInput, type RolePolicy } from '../../platform/identity/organisations.js';
import { getUser, updateUser } from '../../platform/identity/users.js';
import { resetSecondFactor } from '../accounts/service.js';
import { MAIL_QUEUE } from '../../platform/mail/index.js';
import { auditEvents, mailOutbox, organisations, roleAssignments, users } from '../../platform/schema.js';

export interface Actor {
  id: string;
  requestId: string;
}

export async function overview(p: Platform) {
  const db = p.database.db;
  const [u] = await db.select({ n: count() }).from(users);
  const [o] = await db.select({ n: count() }).from(organisations);
  const mail = await db.select({ status: mailOutbox.status, n: count() }).from(mailOutbox).groupBy(mailOutbox.status);
  const jobs = await p.jobs.summary();
  return {
    users: u!.n,
    organisations: o!.n,
    mail: Object.fromEntries(mail.map((m) => [m.status, m.n])) as Record<string, number>,
    failedJobs: jobs.filter((j) => j.state === 'failed').reduce((a, j) => a + j.count, 0),
    transport: p.mailer.transport,
  };
}

export type GrantOutcome = 'granted' | 'exists' | 'no-user' | 'no-organisation' | 'self-care-role';

export async function grant(p: Platform, actor: Actor, userId: string, role: Role, organisationId: string | null): Promise<GrantOutcome> {
  // A role that opens care records is granted by another administrator, never to oneself: an administrator
  // alone cannot reach residents' names outside break-glass (four eyes, docs/dpia.md).
  if (userId === actor.id && CARE_ROLES.includes(role)) return 'self-care-role';
  return p.database.db.transaction(async (tx) => {
    if (!(await getUser(tx, userId))) return 'no-user' as const;
    if (organisationId && !(await getOrganisation(tx, organisationId))) return 'no-organisation' as const;
    const added = await grantRole(tx, userId, role, organisationId);
    if (added) {
      await audit(tx, { actorId: actor.id, action: 'admin.role-grant', outcome: 'success', targetType: 'user', targetId: userId, requestId: actor.requestId, details: { role, organisationId } });
      await roleChanged(p, tx, { change: 'grant', userId, role, organisationId, actorId: actor.id, requestId: actor.requestId });
    }
    return added ? ('granted' as const) : ('exists' as const);
  });
}

/** Revokes a role; the last instance-wide administrator cannot be removed (the instance would lock itself out). */
export async function revoke(p: Platform, actor: Actor, userId: string, role: Role, organisationId: string | null): Promise<'revoked' | 'absent' | 'last-admin'> {
  return p.database.db.transaction(async (tx) => {
    if (role === 'administrator' && !organisationId) {
      const [r] = await tx
        .select({ n: count() })
        .from(roleAssignments)
        .innerJoin(users, eq(users.id, roleAssignments.userId))
        .where(and(eq(roleAssignments.role, 'administrator'), isNull(roleAssignments.organisationId), eq(users.status, 'active')));
      if (r!.n <= 1) return 'last-admin' as const;
    }
    const removed = await revokeRole(tx, userId, role, organisationId);
    if (removed) {
      await audit(tx, { actorId: actor.id, action: 'admin.role-revoke', outcome: 'success', targetType: 'user', targetId: userId, requestId: actor.requestId, details: { role, organisationId } });
      await roleChanged(p, tx, { change: 'revoke', userId, role, organisationId, actorId: actor.id, requestId: actor.requestId });
    }
    return removed ? ('revoked' as const) : ('absent' as const);
  });
}

/** Disabling ends every session of the account at once. */
export async function setUserStatus(p: Platform, actor: Actor, userId: string, status: 'active' | 'disabled'): Promise<'done' | 'self' | 'no-user'> {
  if (userId === actor.id) return 'self';
  return p.database.db.transaction(async (tx) => {
    if (!(await getUser(tx, userId))) return 'no-user' as const;
    await updateUser(tx, userId, { status });
    if (status === 'disabled') await endAllSessions(tx, userId);
    await audit(tx, { actorId: actor.id, action: status === 'disabled' ? 'admin.user-disable' : 'admin.user-enable', outcome: 'success', targetType: 'user', targetId: userId, requestId: actor.requestId });
    return 'done' as const;
  });
}

/** An administrator removes another account's second factor (a lost phone and lost recovery codes); see resetSecondFactor. */
export async function resetUserSecondFactor(p: Platform, actor: Actor, userId: string): Promise<'done' | 'none' | 'self' | 'no-user'> {
  if (userId === actor.id) return 'self';
  return p.database.db.transaction(async (tx) => {
    const user = await getUser(tx, userId);
    if (!user) return 'no-user' as const;
    return (await resetSecondFactor(p, tx, user, { actorId: actor.id, action: 'admin.second-factor-reset', requestId: actor.requestId })) ? ('done' as const) : ('none' as const);
  });
}

export async function saveOrganisation(p: Platform, actor: Actor, id: string | null, input: OrganisationInput): Promise<string> {
  return p.database.db.transaction(async (tx) => {
    let orgId = id;
    if (orgId) await updateOrganisation(tx, orgId, input);
    else orgId = (await createOrganisation(tx, input)).id;
    await audit(tx, { actorId: actor.id, action: id ? 'admin.organisation-update' : 'admin.organisation-create', outcome: 'success', targetType: 'organisation', targetId: orgId, requestId: actor.requestId });
    return orgId;
  });
}

export async function savePolicies(p: Platform, actor: Actor, policies: RolePolicy[]) {
  await p.database.db.transaction(async (tx) => {
    for (const x of policies) await setRolePolicy(tx, x);
    const roles = (which: keyof RolePolicy) => policies.filter((x) => x[which]).map((x) => x.role).join(',');
    await audit(tx, { actorId: actor.id, action: 'admin.role-policy', outcome: 'success', requestId: actor.requestId, details: { requireTotp: roles('requireTotp'), requireSecurityKey: roles('requireSecurityKey') } });
  });
}

export const OUTBOX_STATUSES = mailOutbox.status.enumValues;

export async function listOutbox(p: Platform, opts: { status?: (typeof OUTBOX_STATUSES)[number]; page: number; pageSize: number }) {
  const where = opts.status ? eq(mailOutbox.status, opts.status) : undefined;
  const [{ total }] = (await p.database.db.select({ total: count() }).from(mailOutbox).where(where)) as [{ total: number }];
  const rows = await p.database.db
    .select({ id: mailOutbox.id, recipient: mailOutbox.recipient, subject: mailOutbox.subject, status: mailOutbox.status, attempts: mailOutbox.attempts, createdAt: mailOutbox.createdAt })
    .from(mailOutbox)
    .where(where)
    .orderBy(desc(mailOutbox.createdAt))
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  return { total, rows };
}

/** Reading a message in the outbox is audited: it may hold a personal link. */
export async function readOutboxMessage(p: Platform, actor: Actor, id: string) {
  const [m] = await p.database.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  if (m) await audit(p.database.db, { actorId: actor.id, action: 'admin.outbox-read', outcome: 'success', targetType: 'mail', targetId: id, requestId: actor.requestId });
  return m ?? null;
}

/** An administrator's decision to send again a message that failed or whose delivery is uncertain. */
export async function requeue(p: Platform, actor: Actor, id: string): Promise<boolean> {
  if (p.mailer.transport !== 'smtp') return false;
  const ok = await p.database.db.transaction(async (tx) => {
    const r = await tx
      .update(mailOutbox)
      .set({ status: 'queued' })
      .where(and(eq(mailOutbox.id, id), sql`${mailOutbox.status} IN ('failed', 'uncertain')`))
      .returning({ id: mailOutbox.id });
    if (!r.length) return false;
    await p.jobs.send(MAIL_QUEUE, { id }, { singletonKey: `${id}:${Date.now()}`, db: tx });
    await audit(tx, { actorId: actor.id, action: 'admin.outbox-requeue', outcome: 'success', targetType: 'mail', targetId: id, requestId: actor.requestId });
    return true;
  });
  return ok;
}

export async function listAudit(p: Platform, opts: { action?: string; outcome?: 'success' | 'failure' | 'denied'; actorId?: string; page: number; pageSize: number }) {
  const conditions: SQL[] = [];
  if (opts.action) conditions.push(sql`${auditEvents.action} LIKE ${opts.action.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`);
  if (opts.outcome) conditions.push(eq(auditEvents.outcome, opts.outcome));
  if (opts.actorId) conditions.push(eq(auditEvents.actorId, opts.actorId));
  const where = conditions.length ? and(...conditions) : undefined;
  const [{ total }] = (await p.database.db.select({ total: count() }).from(auditEvents).where(where)) as [{ total: number }];
  const rows = await p.database.db
    .select()
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.id))
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  return { total, rows };
}
