import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { audit } from '../../platform/audit.js';
import { executedRows, type DbOrTx } from '../../platform/db/index.js';
import { escapeLike } from '../../platform/identity/users.js';
import { translatedMail } from '../../platform/mail/html.js';
import type { Platform } from '../../platform/platform.js';
import { organisations, regions, roleAssignments, users } from '../../platform/schema.js';
import { getService } from '../directory/service.js';
import { careOrganisations, openReferral, openResident, recordCareAccess, type CareActor, type CareBasis, type Referral, type Resident } from './access.js';
import { placeOf, type CareCipher } from './crypto.js';
import { activeConsent } from './residents.js';
import type { Names } from './instruments.js';
import {
  careAudit,
  consents,
  instruments,
  referralEvents,
  referralMessages,
  referrals,
  screenings,
  urgencyTargets,
  URGENCIES,
  type AppointmentStatus,
  type ReferralStatus,
  type Urgency,
} from './schema.js';

/**
 * Referrals from a reception centre to a health service found in the directory, tracked as a FHIR Task until care
 * starts. Two sides act on a referral: the sender (care operators of the referring centre) and the receiver (care
 * clinicians of the organisation that runs the service). Every read and write goes through `openReferral` /
 * `openResident` (access.ts), so it is allowed in one place and leaves a care_audit row in the caller's transaction.
 *
 * Free text (the reason, an emergency override's reason, transition notes, thread messages) is sealed with the
 * CareCipher, bound to its row. E-mails to the other side say only that something waits in Ponte, with a link.
 *
 * What each side sees (getReferral): both sides see the reason, the history with its notes, the thread, and of an
 * attached screening only the instrument, score and band (never the answers). The reason for an emergency override
 * is shown to the sender and to a break-glass reader (it justifies processing without consent, which is the
 * referring centre's accountability); the receiver sees that the referral was sent without consent, not why.
 */

type Mail = Pick<Platform, 'mailer' | 'config'>;
type Fail<E extends string> = { ok: false; error: E; field?: string };

// ---- Urgency targets ----------------------------------------------------------------------------------

/** Target time to a first appointment, in hours, where a region has not set its own. */
export const DEFAULT_TARGET_HOURS: Readonly<Record<Urgency, number>> = { routine: 30 * 24, urgent: 7 * 24, emergency: 24 };
/** The longest target a region may set: beyond these a "target" no longer means timely care. */
export const MAX_TARGET_HOURS: Readonly<Record<Urgency, number>> = { routine: 180 * 24, urgent: 30 * 24, emergency: 72 };

export async function targetHoursFor(db: DbOrTx, regionId: string | null, urgency: Urgency): Promise<number> {
  if (!regionId) return DEFAULT_TARGET_HOURS[urgency];
  const [row] = await db
    .select({ hours: urgencyTargets.targetHours })
    .from(urgencyTargets)
    .where(and(eq(urgencyTargets.regionId, regionId), eq(urgencyTargets.urgency, urgency)));
  return row?.hours ?? DEFAULT_TARGET_HOURS[urgency];
}

export async function listUrgencyTargets(db: DbOrTx, regionId: string): Promise<{ urgency: Urgency; targetHours: number; isDefault: boolean }[]> {
  const rows = isUuid(regionId) ? await db.select().from(urgencyTargets).where(eq(urgencyTargets.regionId, regionId)) : [];
  const set = new Map(rows.map((r) => [r.urgency, r.targetHours]));
  return URGENCIES.map((urgency) => ({ urgency, targetHours: set.get(urgency) ?? DEFAULT_TARGET_HOURS[urgency], isDefault: !set.has(urgency) }));
}

export type TargetProblem = 'whole-hours' | 'too-large' | 'order';

/**
 * Sets a region's targets (those given; the others keep their value). Whole positive hours, each under its cap, and
 * an emergency never allowed longer than an urgent referral, nor an urgent one longer than a routine one. Who may
 * call it is the route's to declare; the change is in the security audit log.
 */
export async function setUrgencyTargets(
  db: DbOrTx,
  actor: CareActor,
  regionId: string,
  targets: Partial<Record<Urgency, number>>,
): Promise<{ ok: true } | { ok: false; error: 'not-found' } | { ok: false; error: 'invalid-targets'; fields: Partial<Record<Urgency, TargetProblem>> }> {
  if (!isUuid(regionId)) return { ok: false, error: 'not-found' };
  const [region] = await db.select({ id: regions.id }).from(regions).where(eq(regions.id, regionId));
  if (!region) return { ok: false, error: 'not-found' };
  const fields: Partial<Record<Urgency, TargetProblem>> = {};
  for (const u of URGENCIES) {
    const h = targets[u];
    if (h === undefined) continue;
    if (!Number.isInteger(h) || h < 1) fields[u] = 'whole-hours';
    else if (h > MAX_TARGET_HOURS[u]) fields[u] = 'too-large';
  }
  if (Object.keys(fields).length) return { ok: false, error: 'invalid-targets', fields };
  const merged = Object.fromEntries((await listUrgencyTargets(db, regionId)).map((t) => [t.urgency, targets[t.urgency] ?? t.targetHours])) as Record<Urgency, number>;
  if (merged.emergency > merged.urgent) fields[targets.emergency !== undefined ? 'emergency' : 'urgent'] = 'order';
  else if (merged.urgent > merged.routine) fields[targets.urgent !== undefined ? 'urgent' : 'routine'] = 'order';
  if (Object.keys(fields).length) return { ok: false, error: 'invalid-targets', fields };
  const given = URGENCIES.filter((u) => targets[u] !== undefined);
  if (given.length) {
    await db
      .insert(urgencyTargets)
      .values(given.map((urgency) => ({ regionId, urgency, targetHours: targets[urgency]! })))
      .onConflictDoUpdate({ target: [urgencyTargets.regionId, urgencyTargets.urgency], set: { targetHours: sql`excluded.target_hours` } });
    await audit(db, {
      actorId: actor.principal.id,
      action: 'care.urgency-targets.update',
      outcome: 'success',
      targetType: 'region',
      targetId: regionId,
      requestId: actor.requestId,
      details: Object.fromEntries(given.map((u) => [u, targets[u]!])),
    });
  }
  return { ok: true };
}

// ---- Where a referral goes ----------------------------------------------------------------------------

/**
 * The directory service a referral would go to, and the platform organisation whose clinicians receive it (the
 * directory organisation's member organisation). A service whose organisation has not joined Ponte cannot receive
 * a referral through it.
 */
export async function receivingOrganisation(
  db: DbOrTx,
  serviceId: string,
): Promise<{ ok: true; serviceId: string; serviceName: string; organisationId: string; acceptsReferrals: boolean } | Fail<'not-found' | 'not-on-ponte'>> {
  if (!isUuid(serviceId)) return { ok: false, error: 'not-found' };
  const found = await getService(db, serviceId);
  if (!found || found.service.status !== 'active') return { ok: false, error: 'not-found' };
  if (!found.organization.memberOrganisationId) return { ok: false, error: 'not-on-ponte' };
  return { ok: true, serviceId, serviceName: found.service.name, organisationId: found.organization.memberOrganisationId, acceptsReferrals: found.service.acceptsReferrals };
}

// ---- Drafts -------------------------------------------------------------------------------------------

export const REASON_MAX = 4000;
export const NOTE_MAX = 2000;
export const MESSAGE_MAX = 4000;
/** An emergency override must say why in at least this many characters. */
export const OVERRIDE_REASON_MIN = 10;

export interface ReferralInput {
  serviceId: string;
  reason: string;
  urgency: Urgency;
  /** A completed screening of the same resident, whose score and band go with the referral. */
  screeningId?: string | null;
  /** BCP 47 tag of the language a cultural mediator is needed in. */
  mediatorLanguage?: string | null;
  /** The resident's consent to share with the receiving organisation (found at sending when not given). */
  consentId?: string | null;
}

type InputError = 'reason-required' | 'too-long' | 'invalid-urgency' | 'invalid-language' | 'invalid-screening' | 'invalid-consent';

const reasonPlace = (id: string) => placeOf('care_referrals', 'reason_sealed', id);
const overridePlace = (id: string) => placeOf('care_referrals', 'override_reason_sealed', id);
const notePlace = (id: number) => placeOf('care_referral_events', 'note_sealed', String(id));
const messagePlace = (id: string) => placeOf('care_referral_messages', 'body_sealed', id);

/** The canonical BCP 47 form of a tag ("ar-sy" → "ar-SY"), or null when it is not one. */
function canonicalTag(tag: string): string | null {
  try {
    const [c] = Intl.getCanonicalLocales(tag.trim());
    return c && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(c) ? c : null;
  } catch {
    return null;
  }
}

/** Checks that need no record: done before the record is opened, so a refused form leaves no "write" audit row. */
function checkStatic(input: ReferralInput): { ok: true; reason: string; mediatorLanguage: string | null } | Fail<InputError> {
  const reason = (input.reason ?? '').trim();
  if (!reason) return { ok: false, error: 'reason-required', field: 'reason' };
  if (reason.length > REASON_MAX) return { ok: false, error: 'too-long', field: 'reason' };
  if (!(URGENCIES as readonly string[]).includes(input.urgency)) return { ok: false, error: 'invalid-urgency', field: 'urgency' };
  let mediatorLanguage: string | null = null;
  if (input.mediatorLanguage && input.mediatorLanguage.trim()) {
    mediatorLanguage = canonicalTag(input.mediatorLanguage);
    if (!mediatorLanguage) return { ok: false, error: 'invalid-language', field: 'mediatorLanguage' };
  }
  if (input.screeningId && !isUuid(input.screeningId)) return { ok: false, error: 'invalid-screening', field: 'screeningId' };
  if (input.consentId && !isUuid(input.consentId)) return { ok: false, error: 'invalid-consent', field: 'consentId' };
  return { ok: true, reason, mediatorLanguage };
}

/** Checks against the resident's own records, once the actor may see them. */
async function checkAttachments(db: DbOrTx, residentId: string, input: ReferralInput, toOrganisationId: string): Promise<{ ok: true } | Fail<InputError>> {
  if (input.screeningId) {
    const [s] = await db
      .select({ id: screenings.id })
      .from(screenings)
      .where(and(eq(screenings.id, input.screeningId), eq(screenings.residentId, residentId), eq(screenings.status, 'completed')));
    if (!s) return { ok: false, error: 'invalid-screening', field: 'screeningId' };
  }
  if (input.consentId && !(await validConsent(db, residentId, toOrganisationId, input.consentId))) return { ok: false, error: 'invalid-consent', field: 'consentId' };
  return { ok: true };
}

/** A live consent to share with the organisation: the one named if it still holds, else the latest one. */
const validConsent = async (db: DbOrTx, residentId: string, toOrganisationId: string, consentId?: string | null): Promise<string | null> =>
  (await activeConsent(db, residentId, 'sharing', toOrganisationId, consentId))?.id ?? null;

/**
 * A draft referral from a resident's record (operators of the resident's centre only; a break-glass reader cannot
 * refer). The region, service name, receiving organisation and target time are stored with it so that the record
 * reads the same if the directory or the region's targets change.
 */
export async function createReferral(
  db: DbOrTx,
  cipher: CareCipher,
  actor: CareActor,
  residentId: string,
  input: ReferralInput,
): Promise<{ ok: true; id: string } | Fail<'not-found' | 'forbidden' | 'resident-closed' | 'not-on-ponte' | InputError>> {
  if (!isUuid(residentId)) return { ok: false, error: 'not-found' };
  const checked = checkStatic(input);
  if (!checked.ok) return checked;
  return db.transaction(async (tx) => {
    const opened = await openResident(tx, actor, residentId, 'referral.create', 'write');
    if (!opened) return { ok: false, error: 'not-found' } as const;
    if (opened.basis !== 'own-organisation') return { ok: false, error: 'forbidden' } as const;
    if (opened.resident.status !== 'open' || opened.resident.anonymisedAt) return { ok: false, error: 'resident-closed' } as const;
    const target = await receivingOrganisation(tx, input.serviceId);
    if (!target.ok) return { ...target, field: 'serviceId' };
    const attached = await checkAttachments(tx, residentId, input, target.organisationId);
    if (!attached.ok) return attached;
    const [from] = await tx.select({ regionId: organisations.regionId }).from(organisations).where(eq(organisations.id, opened.resident.organisationId));
    const regionId = from?.regionId ?? null;
    const id = randomUUID();
    await tx.insert(referrals).values({
      id,
      residentId,
      fromOrganisationId: opened.resident.organisationId,
      regionId,
      serviceId: target.serviceId,
      serviceName: target.serviceName,
      toOrganisationId: target.organisationId,
      urgency: input.urgency,
      targetHours: await targetHoursFor(tx, regionId, input.urgency),
      reasonSealed: cipher.seal(checked.reason, reasonPlace(id)),
      screeningId: input.screeningId || null,
      mediatorLanguage: checked.mediatorLanguage,
      consentId: input.consentId || null,
      createdBy: actor.principal.id,
    });
    await appendEvent(tx, cipher, { referralId: id, actorId: actor.principal.id, organisationId: opened.resident.organisationId, fromStatus: null, toStatus: 'draft', step: 'created' });
    return { ok: true, id } as const;
  });
}

/** Replaces a draft's fields (the sender's, while it is a draft). */
export async function updateDraft(
  db: DbOrTx,
  cipher: CareCipher,
  actor: CareActor,
  referralId: string,
  input: ReferralInput,
): Promise<{ ok: true } | Fail<'not-found' | 'forbidden' | 'invalid-transition' | 'not-on-ponte' | InputError>> {
  if (!isUuid(referralId)) return { ok: false, error: 'not-found' };
  const checked = checkStatic(input);
  if (!checked.ok) return checked;
  return db.transaction(async (tx) => {
    await lockReferral(tx, referralId);
    const opened = await openReferral(tx, actor, referralId, 'referral.update', 'write');
    if (!opened) return { ok: false, error: 'not-found' } as const;
    if (opened.side !== 'sender') return { ok: false, error: 'forbidden' } as const;
    if (opened.referral.status !== 'draft') return { ok: false, error: 'invalid-transition' } as const;
    const target = await receivingOrganisation(tx, input.serviceId);
    if (!target.ok) return { ...target, field: 'serviceId' };
    const attached = await checkAttachments(tx, opened.resident.id, input, target.organisationId);
    if (!attached.ok) return attached;
    await tx
      .update(referrals)
      .set({
        serviceId: target.serviceId,
        serviceName: target.serviceName,
        toOrganisationId: target.organisationId,
        urgency: input.urgency,
        targetHours: await targetHoursFor(tx, opened.referral.regionId, input.urgency),
        reasonSealed: cipher.seal(checked.reason, reasonPlace(referralId)),
        screeningId: input.screeningId || null,
        mediatorLanguage: checked.mediatorLanguage,
        consentId: input.consentId || null,
        updatedAt: new Date(),
      })
      .where(eq(referrals.id, referralId));
    return { ok: true } as const;
  });
}

/** Deletes a draft (the sender's); a sent referral is cancelled instead, and stays on record. */
export async function deleteDraft(db: DbOrTx, actor: CareActor, referralId: string): Promise<{ ok: true } | Fail<'not-found' | 'forbidden' | 'invalid-transition'>> {
  if (!isUuid(referralId)) return { ok: false, error: 'not-found' };
  return db.transaction(async (tx) => {
    await lockReferral(tx, referralId);
    const opened = await openReferral(tx, actor, referralId, 'referral.delete', 'write');
    if (!opened) return { ok: false, error: 'not-found' } as const;
    if (opened.side !== 'sender') return { ok: false, error: 'forbidden' } as const;
    if (opened.referral.status !== 'draft') return { ok: false, error: 'invalid-transition' } as const;
    await tx.delete(referrals).where(and(eq(referrals.id, referralId), eq(referrals.status, 'draft')));
    return { ok: true } as const;
  });
}

// ---- The life cycle -----------------------------------------------------------------------------------

export type ReferralSide = 'sender' | 'receiver';

export const REFERRAL_ACTIONS = ['send', 'cancel', 'accept', 'reject', 'schedule', 'attended', 'missed', 'hold', 'resume', 'fail', 'complete'] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

/** Coded reasons and outcomes (labels under `care.referral.<list>.<code>`); `other` needs a note. */
export const REJECT_REASONS = ['outside-catchment-area', 'service-not-appropriate', 'capacity', 'incomplete-information', 'duplicate', 'other'] as const;
export const CANCEL_REASONS = ['resident-moved', 'resident-declined', 'no-longer-needed', 'referred-elsewhere', 'entered-in-error', 'other'] as const;
export const HOLD_REASONS = ['awaiting-information', 'awaiting-mediator', 'resident-unavailable', 'resident-hospitalised', 'other'] as const;
export const FAIL_REASONS = ['resident-moved', 'resident-declined', 'unreachable', 'repeated-missed-appointments', 'other'] as const;
export const OUTCOMES = ['taken-in-charge', 'assessed-no-follow-up-needed', 'referred-onwards', 'other'] as const;

/** Statuses where nothing more happens. */
export const CLOSED_STATUSES: readonly ReferralStatus[] = ['rejected', 'cancelled', 'failed', 'completed'];
/** Sent and not closed: what an inbox shows by default. */
export const OPEN_STATUSES: readonly ReferralStatus[] = ['requested', 'accepted', 'in-progress', 'on-hold'];

/**
 * Who may do what from which status (FHIR Task). `to` is the status after the action; 'previous' (resume) goes back
 * to the status the referral was put on hold from. Appointment steps keep the referral in progress.
 */
export const TRANSITIONS: Readonly<
  Record<ReferralAction, { side: ReferralSide; from: readonly ReferralStatus[]; to: ReferralStatus | 'previous'; reasons?: readonly string[]; notify: 'receiver' | 'sender' }>
> = {
  send: { side: 'sender', from: ['draft'], to: 'requested', notify: 'receiver' },
  cancel: { side: 'sender', from: ['requested', 'accepted', 'on-hold'], to: 'cancelled', reasons: CANCEL_REASONS, notify: 'receiver' },
  accept: { side: 'receiver', from: ['requested'], to: 'accepted', notify: 'sender' },
  reject: { side: 'receiver', from: ['requested'], to: 'rejected', reasons: REJECT_REASONS, notify: 'sender' },
  schedule: { side: 'receiver', from: ['accepted', 'in-progress'], to: 'in-progress', notify: 'sender' },
  attended: { side: 'receiver', from: ['in-progress'], to: 'in-progress', notify: 'sender' },
  missed: { side: 'receiver', from: ['in-progress'], to: 'in-progress', notify: 'sender' },
  hold: { side: 'receiver', from: ['requested', 'accepted', 'in-progress'], to: 'on-hold', reasons: HOLD_REASONS, notify: 'sender' },
  resume: { side: 'receiver', from: ['on-hold'], to: 'previous', notify: 'sender' },
  fail: { side: 'receiver', from: ['accepted', 'in-progress', 'on-hold'], to: 'failed', reasons: FAIL_REASONS, notify: 'sender' },
  complete: { side: 'receiver', from: ['in-progress'], to: 'completed', notify: 'sender' },
};

/** How far back an appointment may be entered (recording one that just took place), and how far ahead. */
const APPOINTMENT_PAST_MS = 86_400_000;
const APPOINTMENT_AHEAD_MS = 2 * 365 * 86_400_000;
/** Attendance can be recorded from this long before the appointment's time (the same day), not earlier. */
const ATTENDANCE_EARLY_MS = 12 * 3_600_000;

/** What a referral in this state still needs before the action makes sense, or null. */
function precondition(action: ReferralAction, r: Pick<Referral, 'appointmentStatus' | 'firstAppointmentAt'>): 'no-scheduled-appointment' | 'no-attended-appointment' | null {
  if ((action === 'attended' || action === 'missed') && r.appointmentStatus !== 'scheduled') return 'no-scheduled-appointment';
  if (action === 'complete' && !r.firstAppointmentAt) return 'no-attended-appointment';
  return null;
}

/** The actions a side may take now (for the page's buttons); a break-glass reader takes none. */
export function allowedActions(side: ReferralSide | 'break-glass', r: Pick<Referral, 'status' | 'appointmentStatus' | 'firstAppointmentAt'>): ReferralAction[] {
  return REFERRAL_ACTIONS.filter((a) => TRANSITIONS[a].side === side && TRANSITIONS[a].from.includes(r.status) && !precondition(a, r));
}

export interface TransitionPayload {
  /** The coded reason, for cancel, reject, hold and fail. */
  reason?: string | null;
  /** The coded outcome, for complete. */
  outcome?: string | null;
  /** For schedule: when the appointment is. */
  appointmentAt?: Date | string | null;
  /** Free text that goes into the history, sealed. */
  note?: string | null;
  /** For send: why an emergency referral goes without consent. */
  overrideReason?: string | null;
}

type PayloadError =
  | 'reason-required'
  | 'invalid-reason'
  | 'outcome-required'
  | 'invalid-outcome'
  | 'note-required'
  | 'too-long'
  | 'appointment-required'
  | 'invalid-appointment'
  | 'appointment-in-past'
  | 'appointment-too-far';

export type TransitionError =
  | 'not-found'
  | 'forbidden'
  | 'invalid-transition'
  | 'no-scheduled-appointment'
  | 'no-attended-appointment'
  | 'appointment-not-yet'
  | 'no-consent'
  | 'override-reason-too-short'
  | 'not-on-ponte'
  | PayloadError;

type Checked = { code: string | null; note: string | null; appointmentAt: Date | null };

function checkPayload(action: ReferralAction, p: TransitionPayload, now: Date): { ok: true; value: Checked } | Fail<PayloadError> {
  const note = (p.note ?? '').trim() || null;
  if (note && note.length > NOTE_MAX) return { ok: false, error: 'too-long', field: 'note' };
  let code: string | null = null;
  const list = TRANSITIONS[action].reasons;
  if (list) {
    code = (p.reason ?? '').trim() || null;
    if (!code) return { ok: false, error: 'reason-required', field: 'reason' };
    if (!list.includes(code)) return { ok: false, error: 'invalid-reason', field: 'reason' };
  } else if (action === 'complete') {
    code = (p.outcome ?? '').trim() || null;
    if (!code) return { ok: false, error: 'outcome-required', field: 'outcome' };
    if (!(OUTCOMES as readonly string[]).includes(code)) return { ok: false, error: 'invalid-outcome', field: 'outcome' };
  }
  // "Other" says nothing on its own: the note says what it was.
  if (code === 'other' && !note) return { ok: false, error: 'note-required', field: 'note' };
  let appointmentAt: Date | null = null;
  if (action === 'schedule') {
    if (p.appointmentAt === undefined || p.appointmentAt === null || p.appointmentAt === '') return { ok: false, error: 'appointment-required', field: 'appointmentAt' };
    appointmentAt = p.appointmentAt instanceof Date ? p.appointmentAt : new Date(p.appointmentAt);
    if (Number.isNaN(appointmentAt.getTime())) return { ok: false, error: 'invalid-appointment', field: 'appointmentAt' };
    if (appointmentAt.getTime() < now.getTime() - APPOINTMENT_PAST_MS) return { ok: false, error: 'appointment-in-past', field: 'appointmentAt' };
    if (appointmentAt.getTime() > now.getTime() + APPOINTMENT_AHEAD_MS) return { ok: false, error: 'appointment-too-far', field: 'appointmentAt' };
  }
  return { ok: true, value: { code, note, appointmentAt } };
}

/** Serialises transitions of one referral: the second of two concurrent clicks sees the first one's result. */
async function lockReferral(tx: DbOrTx, referralId: string) {
  await tx.execute(sql`SELECT 1 FROM care_referrals WHERE id = ${referralId} FOR UPDATE`);
}

async function appendEvent(
  tx: DbOrTx,
  cipher: CareCipher,
  e: { referralId: string; actorId: string; organisationId: string; fromStatus: ReferralStatus | null; toStatus: ReferralStatus; step: string; reason?: string | null; appointmentAt?: Date | null; note?: string | null; at?: Date },
) {
  // The note is sealed to its row, whose id must be known first.
  let id: number | undefined;
  if (e.note) {
    const [row] = executedRows<{ id: string }>(await tx.execute(sql`SELECT nextval(pg_get_serial_sequence('care_referral_events', 'id'))::text AS id`));
    id = Number(row!.id);
  }
  await tx.insert(referralEvents).values({
    ...(id !== undefined ? { id } : {}),
    referralId: e.referralId,
    at: e.at ?? new Date(),
    actorId: e.actorId,
    organisationId: e.organisationId,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    step: e.step,
    reason: e.reason ?? null,
    appointmentAt: e.appointmentAt ?? null,
    noteSealed: id !== undefined ? cipher.seal(e.note!, notePlace(id)) : null,
  });
}

/**
 * Sends a draft (draft → requested). It needs the resident's live consent to share with the receiving
 * organisation (linked as the referral's consent). Without one, only an emergency referral goes, with the reason
 * for overriding consent: sealed, flagged on the referral, and audited in the care trail and the security log.
 * The clock to the target starts now: dueAt = now + the region's current target for the urgency.
 */
export async function sendReferral(
  p: Mail,
  db: DbOrTx,
  cipher: CareCipher,
  actor: CareActor,
  referralId: string,
  opts: { overrideReason?: string | null; note?: string | null } = {},
  now = new Date(),
): Promise<{ ok: true; overridden: boolean } | Fail<TransitionError>> {
  if (!isUuid(referralId)) return { ok: false, error: 'not-found' };
  const override = (opts.overrideReason ?? '').trim();
  if (override.length > NOTE_MAX) return { ok: false, error: 'too-long', field: 'overrideReason' };
  const note = (opts.note ?? '').trim() || null;
  if (note && note.length > NOTE_MAX) return { ok: false, error: 'too-long', field: 'note' };
  return db.transaction(async (tx) => {
    await lockReferral(tx, referralId);
    const opened = await openReferral(tx, actor, referralId, 'referral.send', 'write');
    if (!opened) return { ok: false, error: 'not-found' } as const;
    if (opened.side !== 'sender') return { ok: false, error: 'forbidden' } as const;
    const r = opened.referral;
    if (r.status !== 'draft') return { ok: false, error: 'invalid-transition' } as const;
    // The directory may have changed since the draft: the service must still be on Ponte, with the same people.
    let toOrganisationId = r.toOrganisationId;
    let serviceName = r.serviceName;
    if (r.serviceId) {
      const target = await receivingOrganisation(tx, r.serviceId);
      if (!target.ok) return { ok: false, error: target.error === 'not-on-ponte' ? 'not-on-ponte' : 'not-found', field: 'serviceId' } as const;
      toOrganisationId = target.organisationId;
      serviceName = target.serviceName;
    }
    // The consent the draft names if it still holds, else the resident's latest live one for this recipient.
    const consentId = (r.consentId && (await validConsent(tx, opened.resident.id, toOrganisationId, r.consentId))) || (await validConsent(tx, opened.resident.id, toOrganisationId));
    let overridden = false;
    if (!consentId) {
      if (r.urgency !== 'emergency' || !override) return { ok: false, error: 'no-consent', ...(r.urgency === 'emergency' ? { field: 'overrideReason' } : {}) } as const;
      if (override.length < OVERRIDE_REASON_MIN) return { ok: false, error: 'override-reason-too-short', field: 'overrideReason' } as const;
      overridden = true;
    }
    const targetHours = await targetHoursFor(tx, r.regionId, r.urgency);
    await tx
      .update(referrals)
      .set({
        status: 'requested',
        toOrganisationId,
        serviceName,
        consentId,
        overrideReasonSealed: overridden ? cipher.seal(override, overridePlace(r.id)) : null,
        targetHours,
        requestedAt: now,
        dueAt: new Date(now.getTime() + targetHours * 3_600_000),
        updatedAt: now,
      })
      .where(eq(referrals.id, r.id));
    await appendEvent(tx, cipher, {
      referralId: r.id,
      actorId: actor.principal.id,
      organisationId: r.fromOrganisationId,
      fromStatus: 'draft',
      toStatus: 'requested',
      step: overridden ? 'sent-without-consent' : 'sent',
      note,
      at: now,
    });
    if (overridden) {
      await recordCareAccess(tx, {
        actor,
        action: 'referral.override',
        access: 'write',
        basis: 'own-organisation',
        outcome: 'success',
        organisationId: r.fromOrganisationId,
        ownerOrganisationId: opened.resident.organisationId,
        residentId: opened.resident.id,
        referralId: r.id,
      });
      await audit(tx, {
        actorId: actor.principal.id,
        action: 'care.referral.override',
        outcome: 'success',
        targetType: 'care-referral',
        targetId: r.id,
        requestId: actor.requestId,
        details: { residentId: opened.resident.id, fromOrganisationId: r.fromOrganisationId, toOrganisationId },
      });
    }
    await notify(p, tx, { ...r, toOrganisationId }, 'receiver', 'new', actor.principal.id);
    return { ok: true, overridden } as const;
  });
}

/**
 * One step of the life cycle. Checks the input, then (in one transaction) opens the referral for writing
 * (audited), checks the actor's side (`forbidden` otherwise: they may see it but not do this) and the current
 * status (`invalid-transition`), updates it, appends the event with its time, actor and sealed note, closes it on
 * a terminal status, and tells the other side that something waits. `send` is `sendReferral`.
 */
export async function transition(
  p: Mail,
  db: DbOrTx,
  cipher: CareCipher,
  actor: CareActor,
  referralId: string,
  action: ReferralAction,
  payload: TransitionPayload = {},
  now = new Date(),
): Promise<{ ok: true; status: ReferralStatus } | Fail<TransitionError>> {
  if (action === 'send') {
    const sent = await sendReferral(p, db, cipher, actor, referralId, { overrideReason: payload.overrideReason, note: payload.note }, now);
    return sent.ok ? { ok: true, status: 'requested' } : sent;
  }
  if (!(REFERRAL_ACTIONS as readonly string[]).includes(action)) return { ok: false, error: 'invalid-transition' };
  if (!isUuid(referralId)) return { ok: false, error: 'not-found' };
  const checked = checkPayload(action, payload, now);
  if (!checked.ok) return checked;
  const { code, note, appointmentAt } = checked.value;
  const rule = TRANSITIONS[action];

  return db.transaction(async (tx) => {
    await lockReferral(tx, referralId);
    const opened = await openReferral(tx, actor, referralId, `referral.${action}`, 'write');
    if (!opened) return { ok: false, error: 'not-found' } as const;
    if (opened.side !== rule.side) return { ok: false, error: 'forbidden' } as const;
    const r = opened.referral;
    if (!rule.from.includes(r.status)) return { ok: false, error: 'invalid-transition' } as const;
    const missing = precondition(action, r);
    if (missing) return { ok: false, error: missing } as const;
    if ((action === 'attended' || action === 'missed') && r.appointmentAt && r.appointmentAt.getTime() > now.getTime() + ATTENDANCE_EARLY_MS) return { ok: false, error: 'appointment-not-yet' } as const;

    let to: ReferralStatus = rule.to === 'previous' ? 'requested' : rule.to;
    if (rule.to === 'previous') {
      const [held] = await tx
        .select({ from: referralEvents.fromStatus })
        .from(referralEvents)
        .where(and(eq(referralEvents.referralId, r.id), eq(referralEvents.toStatus, 'on-hold')))
        .orderBy(desc(referralEvents.id))
        .limit(1);
      to = (held?.from as ReferralStatus | undefined) ?? (r.appointmentAt ? 'in-progress' : r.acceptedAt ? 'accepted' : 'requested');
    }
    const patch: Partial<typeof referrals.$inferInsert> = { status: to, updatedAt: now };
    let step: string = action;
    switch (action) {
      case 'accept':
        patch.acceptedAt = now;
        step = 'accepted';
        break;
      case 'reject':
      case 'cancel':
      case 'fail':
        patch.statusReason = code;
        step = action === 'reject' ? 'rejected' : action === 'cancel' ? 'cancelled' : 'failed';
        break;
      case 'hold':
        patch.statusReason = code;
        step = 'put-on-hold';
        break;
      case 'resume':
        patch.statusReason = null;
        step = 'resumed';
        break;
      case 'schedule':
        patch.appointmentAt = appointmentAt;
        patch.appointmentStatus = 'scheduled';
        step = r.appointmentStatus === 'scheduled' ? 'appointment-rescheduled' : 'appointment-scheduled';
        break;
      case 'attended':
        patch.appointmentStatus = 'attended';
        // The end of "time to care": the first appointment that took place.
        if (!r.firstAppointmentAt) patch.firstAppointmentAt = r.appointmentAt;
        step = 'appointment-attended';
        break;
      case 'missed':
        patch.appointmentStatus = 'missed';
        // Only the first appointment counts for the indicator; the referral waits for a new date.
        if (!r.firstAppointmentAt && !r.firstAppointmentMissed) patch.firstAppointmentMissed = true;
        step = 'appointment-missed';
        break;
      case 'complete':
        patch.outcome = code;
        step = 'completed';
        break;
    }
    if (CLOSED_STATUSES.includes(to)) patch.closedAt = now;
    await tx.update(referrals).set(patch).where(eq(referrals.id, r.id));
    await appendEvent(tx, cipher, {
      referralId: r.id,
      actorId: actor.principal.id,
      organisationId: rule.side === 'sender' ? r.fromOrganisationId : r.toOrganisationId,
      fromStatus: r.status,
      toStatus: to,
      step,
      reason: code,
      appointmentAt: action === 'schedule' ? appointmentAt : action === 'attended' || action === 'missed' ? r.appointmentAt : null,
      note,
      at: now,
    });
    await notify(p, tx, r, rule.notify, 'update', actor.principal.id);
    return { ok: true, status: to } as const;
  });
}

// ---- Notifications ------------------------------------------------------------------------------------

/** The page a notification links to (the routes serve it here). */
export const referralPath = (id: string) => `/care/referrals/${id}`;

/**
 * Tells the other side's people that something waits, in their language, with a link to the referral: nothing
 * else, no case code, reason, service or any health data (the mail leaves the care record's protection).
 */
async function notify(p: Mail, tx: DbOrTx, r: Pick<Referral, 'id' | 'fromOrganisationId' | 'toOrganisationId'>, to: ReferralSide, kind: 'new' | 'update' | 'message', actorId: string) {
  const [organisationId, role] = to === 'receiver' ? [r.toOrganisationId, 'care-clinician'] : [r.fromOrganisationId, 'care-operator'];
  const people = await tx
    .selectDistinct({ id: users.id, email: users.email, locale: users.locale })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.organisationId, organisationId), eq(roleAssignments.role, role), eq(users.status, 'active')));
  for (const u of people) {
    if (u.id === actorId) continue;
    // The link follows its label, so that no message loses it to a missing placeholder.
    const mail = translatedMail(u.locale, (t) => ({
      subject: t(`care.referral.mail.${kind}.subject`),
      text: [t(`care.referral.mail.${kind}.body`), `${t('care.referral.mail.link')} ${p.config.publicUrl}${referralPath(r.id)}`].join('\n\n'),
    }));
    await p.mailer.send(tx, { to: u.email, ...mail });
  }
}

// ---- The thread ---------------------------------------------------------------------------------------

/** A message in the referral's thread (either side, once sent), sealed; the other side is told that it waits. */
export async function addMessage(
  p: Mail,
  db: DbOrTx,
  cipher: CareCipher,
  actor: CareActor,
  referralId: string,
  body: string,
): Promise<{ ok: true; id: string } | Fail<'not-found' | 'forbidden' | 'invalid-transition' | 'message-required' | 'too-long'>> {
  if (!isUuid(referralId)) return { ok: false, error: 'not-found' };
  const text = (body ?? '').trim();
  if (!text) return { ok: false, error: 'message-required', field: 'body' };
  if (text.length > MESSAGE_MAX) return { ok: false, error: 'too-long', field: 'body' };
  return db.transaction(async (tx) => {
    const opened = await openReferral(tx, actor, referralId, 'referral.message', 'write');
    if (!opened) return { ok: false, error: 'not-found' } as const;
    if (opened.side === 'break-glass') return { ok: false, error: 'forbidden' } as const;
    const r = opened.referral;
    // A draft has no one to talk to yet.
    if (r.status === 'draft') return { ok: false, error: 'invalid-transition' } as const;
    const id = randomUUID();
    await tx.insert(referralMessages).values({
      id,
      referralId: r.id,
      authorId: actor.principal.id,
      organisationId: opened.side === 'sender' ? r.fromOrganisationId : r.toOrganisationId,
      bodySealed: cipher.seal(text, messagePlace(id)),
    });
    await notify(p, tx, r, opened.side === 'sender' ? 'receiver' : 'sender', 'message', actor.principal.id);
    return { ok: true, id } as const;
  });
}

export interface ReferralMessageView {
  id: string;
  at: Date;
  /** Null when it cannot be opened (a key no longer configured). */
  body: string | null;
  authorName: string | null;
  organisationId: string;
  organisationName: string;
  /** Written by the reader's side. */
  own: boolean;
}

/** The thread, oldest first, opened; audited as a read of the referral. Null when the actor may not see it. */
export async function listMessages(db: DbOrTx, cipher: CareCipher, actor: CareActor, referralId: string): Promise<ReferralMessageView[] | null> {
  if (!isUuid(referralId)) return null;
  const opened = await openReferral(db, actor, referralId, 'referral.messages', 'read');
  if (!opened) return null;
  const ownOrg = opened.side === 'sender' ? opened.referral.fromOrganisationId : opened.side === 'receiver' ? opened.referral.toOrganisationId : null;
  const rows = await db
    .select({ m: referralMessages, authorName: users.name, organisationName: organisations.name })
    .from(referralMessages)
    .innerJoin(organisations, eq(organisations.id, referralMessages.organisationId))
    .leftJoin(users, eq(users.id, referralMessages.authorId))
    .where(eq(referralMessages.referralId, referralId))
    .orderBy(asc(referralMessages.createdAt), asc(referralMessages.id));
  return rows.map(({ m, authorName, organisationName }) => ({
    id: m.id,
    at: m.createdAt,
    body: cipher.open(m.bodySealed, messagePlace(m.id)),
    authorName,
    organisationId: m.organisationId,
    organisationName,
    own: m.organisationId === ownOrg,
  }));
}

// ---- Reading a referral -------------------------------------------------------------------------------

export interface ReferralEventView {
  id: number;
  at: Date;
  actorName: string | null;
  organisationId: string | null;
  organisationName: string | null;
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus;
  step: string | null;
  reason: string | null;
  appointmentAt: Date | null;
  note: string | null;
}

export interface ReferralView {
  id: string;
  side: ReferralSide | 'break-glass';
  basis: CareBasis;
  /** What the reader may do next. */
  actions: ReferralAction[];
  status: ReferralStatus;
  urgency: Urgency;
  targetHours: number;
  serviceId: string | null;
  serviceName: string;
  fromOrganisation: { id: string; name: string };
  toOrganisation: { id: string; name: string };
  regionId: string | null;
  reason: string | null;
  /** Sent without consent in an emergency: shown wherever the referral shows. */
  overridden: boolean;
  /** Why (sender and break-glass only). */
  overrideReason: string | null;
  statusReason: string | null;
  outcome: string | null;
  mediatorLanguage: string | null;
  appointmentAt: Date | null;
  appointmentStatus: AppointmentStatus | null;
  requestedAt: Date | null;
  dueAt: Date | null;
  /** Hours to the target (negative when past it); null once care started or the referral closed. */
  timeLeftHours: number | null;
  overdue: boolean;
  acceptedAt: Date | null;
  firstAppointmentAt: Date | null;
  firstAppointmentMissed: boolean;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** The minimum of the resident; `id` only for the sender and break-glass (the receiver cannot open the record). */
  resident: { id: string | null; caseCode: string; birthYear: number | null; gender: Resident['gender']; languages: string[]; mediatorNeeded: boolean };
  consent: { id: string; givenOn: string; language: string; mediatorPresent: boolean; withdrawn: boolean } | null;
  /** Score and band only: never the answers. */
  screening: { id: string; instrumentCode: string; instrumentVersion: string; title: Names; score: number | null; band: string | null; bandLabel: Names | null; aboveCutoff: boolean | null; completedAt: Date | null } | null;
  events: ReferralEventView[];
}

function timeLeft(r: { dueAt: Date | null; firstAppointmentAt: Date | null; closedAt: Date | null }, now: Date): { timeLeftHours: number | null; overdue: boolean } {
  if (!r.dueAt || r.firstAppointmentAt || r.closedAt) return { timeLeftHours: null, overdue: false };
  const hours = Math.floor((r.dueAt.getTime() - now.getTime()) / 3_600_000);
  return { timeLeftHours: hours, overdue: r.dueAt.getTime() < now.getTime() };
}

/**
 * A referral as the reader's side sees it, audited as a read (`referral.read`); null when there is no such referral
 * or it is not the reader's to open (a draft, for the receiver), which leaves a denial in the audit trail.
 */
export async function getReferral(db: DbOrTx, cipher: CareCipher, actor: CareActor, referralId: string, now = new Date()): Promise<ReferralView | null> {
  if (!isUuid(referralId)) return null;
  const opened = await openReferral(db, actor, referralId, 'referral.read', 'read');
  if (!opened) return null;
  return referralView(db, cipher, opened, now);
}

/** The view of a referral already opened (and audited) by the caller: for getReferral and the FHIR export. */
export async function referralView(db: DbOrTx, cipher: CareCipher, opened: NonNullable<Awaited<ReturnType<typeof openReferral>>>, now = new Date()): Promise<ReferralView> {
  const { referral: r, resident, side, basis } = opened;
  const orgs = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, [r.fromOrganisationId, r.toOrganisationId]));
  const nameOf = (id: string) => orgs.find((o) => o.id === id)?.name ?? '';
  const eventRows = await db
    .select({ e: referralEvents, actorName: users.name, organisationName: organisations.name })
    .from(referralEvents)
    .leftJoin(users, eq(users.id, referralEvents.actorId))
    .leftJoin(organisations, eq(organisations.id, referralEvents.organisationId))
    .where(eq(referralEvents.referralId, r.id))
    // In the order they were written (ids), whatever the clocks of the nodes that wrote them.
    .orderBy(asc(referralEvents.id));
  let consent: ReferralView['consent'] = null;
  if (r.consentId) {
    const [c] = await db.select().from(consents).where(eq(consents.id, r.consentId));
    if (c) consent = { id: c.id, givenOn: c.givenOn, language: c.language, mediatorPresent: c.mediatorPresent, withdrawn: !!c.withdrawnAt };
  }
  let screening: ReferralView['screening'] = null;
  if (r.screeningId) {
    const [s] = await db
      .select({ id: screenings.id, score: screenings.score, band: screenings.band, aboveCutoff: screenings.aboveCutoff, completedAt: screenings.completedAt, definition: instruments.definition })
      .from(screenings)
      .innerJoin(instruments, eq(instruments.id, screenings.instrumentId))
      .where(eq(screenings.id, r.screeningId));
    if (s)
      screening = {
        id: s.id,
        instrumentCode: s.definition.code,
        instrumentVersion: s.definition.version,
        title: s.definition.title,
        score: s.score,
        band: s.band,
        bandLabel: s.definition.bands.find((b) => b.code === s.band)?.label ?? null,
        aboveCutoff: s.aboveCutoff,
        completedAt: s.completedAt,
      };
  }
  return {
    id: r.id,
    side,
    basis,
    actions: allowedActions(side, r),
    status: r.status,
    urgency: r.urgency,
    targetHours: r.targetHours,
    serviceId: r.serviceId,
    serviceName: r.serviceName,
    fromOrganisation: { id: r.fromOrganisationId, name: nameOf(r.fromOrganisationId) },
    toOrganisation: { id: r.toOrganisationId, name: nameOf(r.toOrganisationId) },
    regionId: r.regionId,
    reason: cipher.open(r.reasonSealed, reasonPlace(r.id)),
    overridden: !!r.overrideReasonSealed,
    overrideReason: side !== 'receiver' ? cipher.openOptional(r.overrideReasonSealed, overridePlace(r.id)) : null,
    statusReason: r.statusReason,
    outcome: r.outcome,
    mediatorLanguage: r.mediatorLanguage,
    appointmentAt: r.appointmentAt,
    appointmentStatus: r.appointmentStatus,
    requestedAt: r.requestedAt,
    dueAt: r.dueAt,
    ...timeLeft(r, now),
    acceptedAt: r.acceptedAt,
    firstAppointmentAt: r.firstAppointmentAt,
    firstAppointmentMissed: r.firstAppointmentMissed,
    closedAt: r.closedAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    resident: {
      id: side === 'receiver' ? null : resident.id,
      caseCode: resident.caseCode,
      birthYear: resident.birthYear,
      gender: resident.gender,
      languages: resident.languages,
      mediatorNeeded: resident.mediatorNeeded,
    },
    consent,
    screening,
    events: eventRows.map(({ e, actorName, organisationName }) => ({
      id: e.id,
      at: e.at,
      actorName,
      organisationId: e.organisationId,
      organisationName,
      fromStatus: e.fromStatus as ReferralStatus | null,
      toStatus: e.toStatus as ReferralStatus,
      step: e.step,
      reason: e.reason,
      appointmentAt: e.appointmentAt,
      note: e.noteSealed ? cipher.open(e.noteSealed, notePlace(e.id)) : null,
    })),
  };
}

// ---- Lists --------------------------------------------------------------------------------------------

export interface ReferralFilters {
  /** A status, or `open` (sent and not closed), `closed`, or `all`. The inbox shows `open` by default. */
  status?: ReferralStatus | 'open' | 'closed' | 'all';
  urgency?: Urgency;
  /** Only those past their target with no first appointment yet. */
  overdue?: boolean;
  /** The start of a case code. */
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface ReferralListRow {
  id: string;
  caseCode: string;
  birthYear: number | null;
  urgency: Urgency;
  status: ReferralStatus;
  serviceName: string;
  fromOrganisationId: string;
  fromOrganisationName: string;
  toOrganisationId: string;
  toOrganisationName: string;
  createdAt: Date;
  requestedAt: Date | null;
  dueAt: Date | null;
  timeLeftHours: number | null;
  overdue: boolean;
  mediatorLanguage: string | null;
  appointmentAt: Date | null;
  appointmentStatus: AppointmentStatus | null;
  overridden: boolean;
}

export interface ReferralList {
  rows: ReferralListRow[];
  /** Counted up to COUNT_CAP; `capped` says there are more. */
  total: number;
  capped: boolean;
  page: number;
  pageSize: number;
}

/** Lists count matching referrals up to this many: enough for the pager, without counting a whole region. */
export const COUNT_CAP = 1000;
export const PAGE_SIZE_MAX = 100;
/** No page starts further than this (a list that long is searched, not paged through). */
const OFFSET_MAX = 10_000;

function statusesOf(filter: ReferralFilters['status'], includeDrafts: boolean): ReferralStatus[] {
  const sent: ReferralStatus[] = [...OPEN_STATUSES, ...CLOSED_STATUSES];
  if (!filter || filter === 'open') return [...OPEN_STATUSES];
  if (filter === 'closed') return [...CLOSED_STATUSES];
  if (filter === 'all') return includeDrafts ? ['draft', ...sent] : sent;
  return filter === 'draft' && !includeDrafts ? [] : [filter];
}

function paging(f: ReferralFilters) {
  const pageSize = Math.min(PAGE_SIZE_MAX, Math.max(1, Math.floor(f.pageSize ?? 25)));
  const page = Math.max(1, Math.min(Math.floor(f.page ?? 1), Math.floor(OFFSET_MAX / pageSize) + 1));
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** Conditions on `r` (care_referrals) and, when `q` is given, `res` (care_residents). */
function listConditions(f: ReferralFilters, now: Date): SQL[] {
  const c: SQL[] = [];
  if (f.urgency && (URGENCIES as readonly string[]).includes(f.urgency)) c.push(sql`r.urgency = ${f.urgency}`);
  if (f.overdue) c.push(sql`r.due_at < ${now.toISOString()}::timestamptz AND r.first_appointment_at IS NULL AND r.closed_at IS NULL`);
  const q = (f.q ?? '').trim();
  if (q) c.push(sql`res.case_code ILIKE ${`${escapeLike(q.slice(0, 100))}%`}`);
  return c;
}

/** Residents are joined only to search case codes (no index serves a prefix across centres: the planner chooses). */
const residentJoin = (f: ReferralFilters) => ((f.q ?? '').trim() ? sql`JOIN care_residents res ON res.id = r.resident_id` : sql``);
const whereAll = (conds: SQL[]) => sql.join(conds, sql` AND `);

type ListRow = {
  id: string;
  status: ReferralStatus;
  urgency: Urgency;
  service_name: string;
  from_organisation_id: string;
  from_name: string;
  to_organisation_id: string;
  to_name: string;
  created_at: Date | string;
  requested_at: Date | string | null;
  due_at: Date | string | null;
  first_appointment_at: Date | string | null;
  closed_at: Date | string | null;
  mediator_language: string | null;
  appointment_at: Date | string | null;
  appointment_status: AppointmentStatus | null;
  overridden: boolean;
  resident_id: string;
  case_code: string;
  birth_year: number | null;
  owner_id: string;
};

const toDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

/** The rows of the picked referrals (`picked`: a query giving id and the sort keys), in `order`. */
async function hydrate(db: DbOrTx, picked: SQL, order: SQL, now: Date): Promise<(ReferralListRow & { residentId: string; ownerId: string })[]> {
  const rows = executedRows<ListRow>(
    await db.execute(sql`
      SELECT r.id, r.status, r.urgency, r.service_name, r.from_organisation_id, fo.name AS from_name, r.to_organisation_id, tor.name AS to_name,
             r.created_at, r.requested_at, r.due_at, r.first_appointment_at, r.closed_at, r.mediator_language, r.appointment_at, r.appointment_status,
             (r.override_reason_sealed IS NOT NULL) AS overridden, r.resident_id, res.case_code, res.birth_year, res.organisation_id AS owner_id
      FROM (${picked}) s
      JOIN care_referrals r ON r.id = s.id
      JOIN care_residents res ON res.id = r.resident_id
      JOIN organisations fo ON fo.id = r.from_organisation_id
      JOIN organisations tor ON tor.id = r.to_organisation_id
      ORDER BY ${order}`),
  );
  return rows.map((x) => {
    const dates = { dueAt: toDate(x.due_at), firstAppointmentAt: toDate(x.first_appointment_at), closedAt: toDate(x.closed_at) };
    return {
      id: x.id,
      caseCode: x.case_code,
      birthYear: x.birth_year === null ? null : Number(x.birth_year),
      urgency: x.urgency,
      status: x.status,
      serviceName: x.service_name,
      fromOrganisationId: x.from_organisation_id,
      fromOrganisationName: x.from_name,
      toOrganisationId: x.to_organisation_id,
      toOrganisationName: x.to_name,
      createdAt: toDate(x.created_at)!,
      requestedAt: toDate(x.requested_at),
      dueAt: dates.dueAt,
      ...timeLeft(dates, now),
      mediatorLanguage: x.mediator_language,
      appointmentAt: toDate(x.appointment_at),
      appointmentStatus: x.appointment_status,
      overridden: x.overridden,
      residentId: x.resident_id,
      ownerId: x.owner_id,
    };
  });
}

async function cappedCount(db: DbOrTx, from: SQL, conds: SQL[]): Promise<{ total: number; capped: boolean }> {
  const [row] = executedRows<{ n: number | string }>(await db.execute(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${whereAll(conds)} LIMIT ${COUNT_CAP + 1}) c`));
  const n = Number(row?.n ?? 0);
  return { total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

/** One care_audit read row per listed referral, in one statement. */
async function auditListed(db: DbOrTx, actor: CareActor, action: string, basis: CareBasis, organisationId: string | null, rows: { id: string; residentId: string; ownerId: string }[]) {
  if (!rows.length) return;
  await db.insert(careAudit).values(
    rows.map((r) => ({
      actorId: actor.principal.id,
      organisationId,
      ownerOrganisationId: r.ownerId,
      residentId: r.residentId,
      referralId: r.id,
      action,
      access: 'read' as const,
      basis,
      outcome: 'success' as const,
      requestId: actor.requestId ?? null,
    })),
  );
}

const strip = ({ residentId: _r, ownerId: _o, ...row }: ReferralListRow & { residentId: string; ownerId: string }): ReferralListRow => row;

/**
 * The receiving organisation's inbox, for its care clinicians: sent referrals (never drafts), soonest due first,
 * with the time left to the target. Null (and a denial in the audit trail) for anyone else.
 *
 * Built for the inbox index (to_organisation_id, status, due_at): each status is read in due order up to the page's
 * end and the parts merged, so a page costs a few index range scans whatever the organisation's history; the total
 * is counted up to COUNT_CAP.
 */
export async function inbox(db: DbOrTx, actor: CareActor, organisationId: string, f: ReferralFilters = {}, now = new Date()): Promise<ReferralList | null> {
  const allowed = isUuid(organisationId) && careOrganisations(actor.principal, 'care-clinician').includes(organisationId);
  if (!allowed) {
    await recordCareAccess(db, { actor, action: 'referral.inbox', access: 'read', basis: 'none', outcome: 'denied', ownerOrganisationId: isUuid(organisationId) ? organisationId : null });
    return null;
  }
  const { page, pageSize, offset } = paging(f);
  const statuses = statusesOf(f.status, false);
  if (!statuses.length) return { rows: [], total: 0, capped: false, page, pageSize };
  const extra = listConditions(f, now);
  const join = residentJoin(f);
  // Ordered by due_at alone, each part is a plain range scan of the index that stops after n rows; WITH TIES keeps
  // every row due at the same instant as the last, so the merged order (due_at, id) pages without gaps.
  const n = sql.raw(String(offset + pageSize));
  const parts = statuses.map(
    (s) =>
      sql`(SELECT r.id, r.due_at FROM care_referrals r ${join} WHERE ${whereAll([sql`r.to_organisation_id = ${organisationId}`, sql`r.status = ${s}`, ...extra])} ORDER BY r.due_at FETCH FIRST ${n} ROWS WITH TIES)`,
  );
  const picked = sql`SELECT u.id, u.due_at FROM (${sql.join(parts, sql` UNION ALL `)}) u ORDER BY u.due_at, u.id LIMIT ${pageSize} OFFSET ${offset}`;
  const rows = await hydrate(db, picked, sql`s.due_at, s.id`, now);
  const count =
    offset === 0 && rows.length < pageSize
      ? { total: rows.length, capped: false }
      : await cappedCount(db, sql`care_referrals r ${join}`, [sql`r.to_organisation_id = ${organisationId}`, sql`r.status IN (${sql.join(statuses.map((s) => sql`${s}`), sql`, `)})`, ...extra]);
  await auditListed(db, actor, 'referral.list', 'referral-recipient', organisationId, rows);
  return { rows: rows.map(strip), ...count, page, pageSize };
}

/** The referring centre's referrals (drafts included), newest first, for its care operators; null for anyone else. */
export async function sentReferrals(db: DbOrTx, actor: CareActor, organisationId: string, f: ReferralFilters = {}, now = new Date()): Promise<ReferralList | null> {
  const allowed = isUuid(organisationId) && careOrganisations(actor.principal, 'care-operator').includes(organisationId);
  if (!allowed) {
    await recordCareAccess(db, { actor, action: 'referral.outbox', access: 'read', basis: 'none', outcome: 'denied', ownerOrganisationId: isUuid(organisationId) ? organisationId : null });
    return null;
  }
  const { page, pageSize, offset } = paging(f);
  const statuses = statusesOf(f.status ?? 'all', true);
  if (!statuses.length) return { rows: [], total: 0, capped: false, page, pageSize };
  const conds = [sql`r.from_organisation_id = ${organisationId}`, sql`r.status IN (${sql.join(statuses.map((s) => sql`${s}`), sql`, `)})`, ...listConditions(f, now)];
  const from = sql`care_referrals r ${residentJoin(f)}`;
  const picked = sql`SELECT r.id, r.created_at FROM ${from} WHERE ${whereAll(conds)} ORDER BY r.created_at DESC, r.id DESC LIMIT ${pageSize} OFFSET ${offset}`;
  const rows = await hydrate(db, picked, sql`s.created_at DESC, s.id DESC`, now);
  const count = offset === 0 && rows.length < pageSize ? { total: rows.length, capped: false } : await cappedCount(db, from, conds);
  await auditListed(db, actor, 'referral.list', 'own-organisation', organisationId, rows);
  return { rows: rows.map(strip), ...count, page, pageSize };
}

/** A resident's referrals, newest first, for whoever may open the resident's record; null otherwise. */
export async function residentReferrals(db: DbOrTx, actor: CareActor, residentId: string, now = new Date()): Promise<ReferralListRow[] | null> {
  if (!isUuid(residentId)) return null;
  const opened = await openResident(db, actor, residentId, 'referral.list', 'read');
  if (!opened) return null;
  const picked = sql`SELECT r.id, r.created_at FROM care_referrals r WHERE r.resident_id = ${residentId}`;
  const rows = await hydrate(db, picked, sql`s.created_at DESC, s.id DESC`, now);
  await auditListed(db, actor, 'referral.list', opened.basis, opened.basis === 'own-organisation' ? opened.resident.organisationId : null, rows);
  return rows.map(strip);
}

// ---- Helpers ------------------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids come from URLs and forms: a malformed one is "not found", not a database error. */
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
