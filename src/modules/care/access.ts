import { and, eq, gt } from 'drizzle-orm';
import type { Principal } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { breakGlassGrants, careAudit, referrals, residents } from './schema.js';

/**
 * Who may reach which care record, decided in one place, and the audit row every decision leaves.
 *
 * - A care operator works for reception centres: they read and write the residents of the organisations they hold
 *   the role in (basis `own-organisation`), and the referrals those residents have.
 * - A care clinician works for a health service: they read the referrals addressed to their organisation and the
 *   minimum of the resident attached to them (basis `referral-recipient`), never the resident's name.
 * - Nobody else opens a record: administrators only through break-glass (basis `break-glass`), with a reason,
 *   for a limited time; coordinators see aggregates only.
 *
 * Unlike `hasRole`, nothing here lets an administrator through by holding "every role": care roles count only
 * where they are granted for an organisation.
 */

export type CareRole = 'care-operator' | 'care-clinician' | 'data-protection' | 'mediation-agency';
export type CareBasis = 'own-organisation' | 'referral-recipient' | 'break-glass' | 'data-subject-request' | 'retention' | 'administration' | 'monitoring';

export interface CareActor {
  principal: Principal;
  requestId?: string;
}

/** The organisations where the principal holds the care role (instance-wide grants give none: care is local). */
export function careOrganisations(p: Principal | null, role: CareRole): string[] {
  if (!p) return [];
  return p.roles.filter((g) => g.role === role && g.organisationId !== null).map((g) => g.organisationId!);
}

/** A data-protection contact for the whole instance (null grant) or for some organisations. */
export function dataProtectionScope(p: Principal | null): 'all' | string[] {
  if (!p) return [];
  const grants = p.roles.filter((g) => g.role === 'data-protection');
  return grants.some((g) => g.organisationId === null) ? 'all' : grants.map((g) => g.organisationId!);
}

export interface CareAuditEntry {
  actor: CareActor | null;
  action: string;
  access: 'read' | 'write';
  basis: CareBasis | 'none';
  outcome: 'success' | 'denied';
  /** The organisation the actor acted for. */
  organisationId?: string | null;
  /** The organisation that holds the record. */
  ownerOrganisationId?: string | null;
  residentId?: string | null;
  referralId?: string | null;
}

/** One row in the care audit trail; pass the transaction of the access so both land or neither. */
export async function recordCareAccess(db: DbOrTx, e: CareAuditEntry): Promise<void> {
  await db.insert(careAudit).values({
    actorId: e.actor?.principal.id ?? null,
    organisationId: e.organisationId ?? null,
    ownerOrganisationId: e.ownerOrganisationId ?? null,
    residentId: e.residentId ?? null,
    referralId: e.referralId ?? null,
    action: e.action,
    access: e.access,
    basis: e.basis,
    outcome: e.outcome,
    requestId: e.actor?.requestId ?? null,
  });
}

export type Resident = typeof residents.$inferSelect;
export type Referral = typeof referrals.$inferSelect;

/** An active break-glass grant of this user for this resident. */
async function breakGlass(db: DbOrTx, userId: string, residentId: string): Promise<boolean> {
  const [g] = await db
    .select({ id: breakGlassGrants.id })
    .from(breakGlassGrants)
    .where(and(eq(breakGlassGrants.userId, userId), eq(breakGlassGrants.residentId, residentId), gt(breakGlassGrants.expiresAt, new Date())))
    .limit(1);
  return !!g;
}

/**
 * Opens a resident's record for an operator of the resident's centre, or for an administrator holding a live
 * break-glass grant; audits the access either way. Null when there is no such resident or it is not the
 * actor's to open (callers answer 404 alike, so identifiers cannot be probed).
 */
export async function openResident(db: DbOrTx, actor: CareActor, residentId: string, action: string, access: 'read' | 'write' = 'read'): Promise<{ resident: Resident; basis: CareBasis } | null> {
  const [resident] = await db.select().from(residents).where(eq(residents.id, residentId));
  const own = resident && careOrganisations(actor.principal, 'care-operator').includes(resident.organisationId);
  const basis: CareBasis | null = !resident ? null : own ? 'own-organisation' : (await breakGlass(db, actor.principal.id, resident.id)) ? 'break-glass' : null;
  await recordCareAccess(db, {
    actor,
    action,
    access,
    basis: basis ?? 'none',
    outcome: basis ? 'success' : 'denied',
    organisationId: own ? resident!.organisationId : null,
    ownerOrganisationId: resident?.organisationId ?? null,
    residentId: resident ? resident.id : null,
  });
  return basis ? { resident: resident!, basis } : null;
}

/**
 * Opens a referral for the referring centre's operators (basis own-organisation), the receiving organisation's
 * clinicians (referral-recipient; drafts stay the sender's), or a break-glass grant on its resident; audited
 * either way. `side` says which side the actor is on, for what they may do next.
 */
export async function openReferral(
  db: DbOrTx,
  actor: CareActor,
  referralId: string,
  action: string,
  access: 'read' | 'write' = 'read',
): Promise<{ referral: Referral; resident: Resident; basis: CareBasis; side: 'sender' | 'receiver' | 'break-glass' } | null> {
  const [row] = await db.select({ referral: referrals, resident: residents }).from(referrals).innerJoin(residents, eq(residents.id, referrals.residentId)).where(eq(referrals.id, referralId));
  let side: 'sender' | 'receiver' | 'break-glass' | null = null;
  if (row) {
    if (careOrganisations(actor.principal, 'care-operator').includes(row.referral.fromOrganisationId)) side = 'sender';
    else if (row.referral.status !== 'draft' && careOrganisations(actor.principal, 'care-clinician').includes(row.referral.toOrganisationId)) side = 'receiver';
    else if (await breakGlass(db, actor.principal.id, row.resident.id)) side = 'break-glass';
  }
  const basis: CareBasis | null = side === 'sender' ? 'own-organisation' : side === 'receiver' ? 'referral-recipient' : side ? 'break-glass' : null;
  await recordCareAccess(db, {
    actor,
    action,
    access,
    basis: basis ?? 'none',
    outcome: basis ? 'success' : 'denied',
    organisationId: side === 'sender' ? row!.referral.fromOrganisationId : side === 'receiver' ? row!.referral.toOrganisationId : null,
    ownerOrganisationId: row?.resident.organisationId ?? null,
    residentId: row?.resident.id ?? null,
    referralId: row ? row.referral.id : null,
  });
  return basis && row ? { ...row, basis, side: side! } : null;
}
