import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNull, like, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { CARE_ROLES } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { isCountry } from '../../platform/i18n/countries.js';
import { translatedMail } from '../../platform/mail/html.js';
import type { Translate } from '../../platform/i18n/index.js';
import type { Platform } from '../../platform/platform.js';
import type { RoleChange } from '../../platform/identity/role-changes.js';
import { escapeLike } from '../../platform/identity/users.js';
import { organisations, roleAssignments, users } from '../../platform/schema.js';
import { careOrganisations, openResident, recordCareAccess, type CareActor, type CareBasis, type Resident } from './access.js';
import { openJson, placeOf, sealJson, type CareCipher } from './crypto.js';
import {
  breakGlassGrants,
  careAudit,
  consents,
  vulnerabilityCategories,
  residents,
  RESIDENT_GENDERS,
  type ConsentPurpose,
  type Names,
  type ResidentGender,
  type WithdrawalChannel,
} from './schema.js';

export type Result<T = object> = ({ ok: true } & T) | { ok: false; error: string; field?: string };

/** A BCP 47 language tag as forms take it: "ar", "ti", "prs", "pt-BR". */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** How long a break-glass grant lasts. */
export const BREAK_GLASS_MINUTES = 60;

// ---- Vulnerability categories --------------------------------------------------------------------------

/** The categories of art. 17 of the Italian reception law (d.lgs. 142/2015), seeded as a starting list. */
export const DEFAULT_VULNERABILITIES: { code: string; names: Names }[] = [
  { code: 'minor', names: { en: 'Minor', it: 'Minore', de: 'Minderjährige Person', es: 'Menor de edad', el: 'Ανήλικος/η', ar: 'قاصر' } },
  { code: 'unaccompanied-minor', names: { en: 'Unaccompanied minor', it: 'Minore non accompagnato', de: 'Unbegleitete minderjährige Person', es: 'Menor no acompañado', el: 'Ασυνόδευτος ανήλικος', ar: 'قاصر غير مصحوب' } },
  { code: 'disability', names: { en: 'Person with a disability', it: 'Persona con disabilità', de: 'Person mit Behinderung', es: 'Persona con discapacidad', el: 'Άτομο με αναπηρία', ar: 'شخص ذو إعاقة' } },
  { code: 'elderly', names: { en: 'Older person', it: 'Persona anziana', de: 'Ältere Person', es: 'Persona mayor', el: 'Ηλικιωμένο άτομο', ar: 'شخص مسن' } },
  { code: 'pregnant', names: { en: 'Pregnant woman', it: 'Donna in stato di gravidanza', de: 'Schwangere Frau', es: 'Mujer embarazada', el: 'Έγκυος γυναίκα', ar: 'امرأة حامل' } },
  { code: 'single-parent', names: { en: 'Single parent with minor children', it: 'Genitore singolo con figli minori', de: 'Alleinerziehender Elternteil mit minderjährigen Kindern', es: 'Progenitor solo con hijos menores', el: 'Μονογονέας με ανήλικα τέκνα', ar: 'والد وحيد مع أطفال قاصرين' } },
  { code: 'trafficking', names: { en: 'Victim of trafficking', it: 'Vittima della tratta', de: 'Opfer von Menschenhandel', es: 'Víctima de trata', el: 'Θύμα εμπορίας ανθρώπων', ar: 'ضحية الاتجار بالبشر' } },
  { code: 'serious-illness', names: { en: 'Serious illness or mental disorder', it: 'Malattia grave o disturbo mentale', de: 'Schwere Krankheit oder psychische Störung', es: 'Enfermedad grave o trastorno mental', el: 'Σοβαρή ασθένεια ή ψυχική διαταραχή', ar: 'مرض خطير أو اضطراب نفسي' } },
  { code: 'torture-violence', names: { en: 'Survivor of torture, rape or other serious violence', it: 'Vittima di tortura, stupro o altre forme gravi di violenza', de: 'Überlebende/r von Folter, Vergewaltigung oder anderer schwerer Gewalt', es: 'Superviviente de tortura, violación u otra violencia grave', el: 'Επιζών/ούσα βασανιστηρίων, βιασμού ή άλλης σοβαρής βίας', ar: 'ناجٍ من التعذيب أو الاغتصاب أو غيرهما من أشكال العنف الجسيم' } },
  { code: 'fgm', names: { en: 'Survivor of female genital mutilation', it: 'Vittima di mutilazioni genitali femminili', de: 'Von weiblicher Genitalverstümmelung Betroffene', es: 'Superviviente de mutilación genital femenina', el: 'Επιζώσα ακρωτηριασμού γυναικείων γεννητικών οργάνων', ar: 'ناجية من تشويه الأعضاء التناسلية الأنثوية' } },
];

export async function seedVulnerabilityCategories(db: DbOrTx): Promise<void> {
  await db
    .insert(vulnerabilityCategories)
    .values(DEFAULT_VULNERABILITIES.map((v, i) => ({ ...v, sort: i * 10 })))
    .onConflictDoNothing();
}

export async function listVulnerabilityCategories(db: DbOrTx, opts: { includeRetired?: boolean } = {}) {
  return db
    .select()
    .from(vulnerabilityCategories)
    .where(opts.includeRetired ? undefined : eq(vulnerabilityCategories.retired, false))
    .orderBy(asc(vulnerabilityCategories.sort), asc(vulnerabilityCategories.code));
}

/** Adds a category or renames one (names per language); retired categories stay on the records that have them. */
export async function saveVulnerabilityCategory(db: DbOrTx, actorId: string, input: { code: string; names: Names; retired: boolean }): Promise<Result> {
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(input.code)) return { ok: false, error: 'errors.slug', field: 'code' };
  if (!input.names.en?.trim()) return { ok: false, error: 'errors.required', field: 'names.en' };
  const [last] = await db.select({ sort: sql<number>`coalesce(max(${vulnerabilityCategories.sort}), 0)` }).from(vulnerabilityCategories);
  await db
    .insert(vulnerabilityCategories)
    .values({ code: input.code, names: input.names, retired: input.retired, sort: Number(last?.sort ?? 0) + 10 })
    .onConflictDoUpdate({ target: vulnerabilityCategories.code, set: { names: input.names, retired: input.retired } });
  await audit(db, { actorId, action: 'care.vulnerability-category.save', outcome: 'success', targetType: 'care-vulnerability-category', targetId: input.code });
  return { ok: true };
}

// ---- Residents ------------------------------------------------------------------------------------------

export interface ResidentInput {
  caseCode: string;
  name: string;
  birthYear: number | null;
  gender: ResidentGender;
  countryOfOrigin: string | null;
  languages: string[];
  mediatorNeeded: boolean;
  arrivalDate: string | null;
  vulnerabilities: string[];
}

/** A resident as the code shows them: the record with the name (for their own centre) and vulnerabilities opened. */
export type ResidentView = Omit<Resident, 'vulnerabilities'> & { name: string | null; vulnerabilities: string[] };

const namePlace = (id: string) => placeOf('care_residents', 'name_sealed', id);
const vulnerabilitiesPlace = (id: string) => placeOf('care_residents', 'vulnerabilities', id);

/** A resident's vulnerability categories, sealed for their row. */
export const sealVulnerabilities = (cipher: CareCipher, residentId: string, codes: string[]) => sealJson(cipher, [...new Set(codes)], vulnerabilitiesPlace(residentId));
/** A resident's vulnerability categories as stored (sealed, or plain in a row of an earlier version). */
export const openVulnerabilities = (cipher: CareCipher, residentId: string, stored: string) => openJson<string[]>(cipher, stored, vulnerabilitiesPlace(residentId));

async function checkResident(db: DbOrTx, input: ResidentInput): Promise<Result> {
  const year = new Date().getUTCFullYear();
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/.test(input.caseCode)) return { ok: false, error: 'care.errors.caseCode', field: 'caseCode' };
  if (input.birthYear !== null && (input.birthYear < year - 120 || input.birthYear > year)) return { ok: false, error: 'care.errors.birthYear', field: 'birthYear' };
  if (!(RESIDENT_GENDERS as readonly string[]).includes(input.gender)) return { ok: false, error: 'errors.choose', field: 'gender' };
  if (input.countryOfOrigin !== null && !isCountry(input.countryOfOrigin)) return { ok: false, error: 'errors.choose', field: 'countryOfOrigin' };
  if (input.languages.length > 10 || !input.languages.every((l) => LANGUAGE_TAG.test(l))) return { ok: false, error: 'care.errors.languages', field: 'languages' };
  if (input.arrivalDate !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(input.arrivalDate) || Number.isNaN(Date.parse(input.arrivalDate)) || input.arrivalDate > new Date().toISOString().slice(0, 10)))
    return { ok: false, error: 'care.errors.arrivalDate', field: 'arrivalDate' };
  if (input.vulnerabilities.length) {
    const known = await db.select({ code: vulnerabilityCategories.code }).from(vulnerabilityCategories).where(inArray(vulnerabilityCategories.code, input.vulnerabilities));
    if (known.length !== new Set(input.vulnerabilities).size) return { ok: false, error: 'errors.choose', field: 'vulnerabilities' };
  }
  if (input.name.length > 200) return { ok: false, error: 'errors.tooLong', field: 'name' };
  return { ok: true };
}

/** Records a resident in a centre where the actor is a care operator; the case code is unique in the centre. */
export async function createResident(db: DbOrTx, cipher: CareCipher, actor: CareActor, organisationId: string, input: ResidentInput): Promise<Result<{ id: string }>> {
  if (!careOrganisations(actor.principal, 'care-operator').includes(organisationId)) {
    await recordCareAccess(db, { actor, action: 'resident.create', access: 'write', basis: 'none', outcome: 'denied', ownerOrganisationId: organisationId });
    return { ok: false, error: 'forbidden' };
  }
  const checked = await checkResident(db, input);
  if (!checked.ok) return checked;
  const id = randomUUID();
  const [row] = await db
    .insert(residents)
    .values({
      id,
      organisationId,
      caseCode: input.caseCode,
      nameSealed: cipher.sealOptional(input.name.trim(), namePlace(id)),
      birthYear: input.birthYear,
      gender: input.gender,
      countryOfOrigin: input.countryOfOrigin,
      languages: input.languages,
      mediatorNeeded: input.mediatorNeeded,
      arrivalDate: input.arrivalDate,
      vulnerabilities: sealVulnerabilities(cipher, id, input.vulnerabilities),
      createdBy: actor.principal.id,
    })
    .onConflictDoNothing()
    .returning({ id: residents.id });
  if (!row) return { ok: false, error: 'care.errors.caseCodeTaken', field: 'caseCode' };
  await recordCareAccess(db, { actor, action: 'resident.create', access: 'write', basis: 'own-organisation', outcome: 'success', organisationId, ownerOrganisationId: organisationId, residentId: id });
  return { ok: true, id };
}

/** The resident's record for its own centre (name opened) or a break-glass reader (name withheld); audited. */
export async function getResident(db: DbOrTx, cipher: CareCipher, actor: CareActor, id: string): Promise<{ resident: ResidentView; basis: CareBasis } | null> {
  const opened = await openResident(db, actor, id, 'resident.read');
  if (!opened) return null;
  const name = opened.basis === 'own-organisation' ? cipher.openOptional(opened.resident.nameSealed, namePlace(id)) : null;
  return { resident: { ...opened.resident, name, vulnerabilities: openVulnerabilities(cipher, id, opened.resident.vulnerabilities) }, basis: opened.basis };
}

export async function updateResident(db: DbOrTx, cipher: CareCipher, actor: CareActor, id: string, input: ResidentInput): Promise<Result> {
  const opened = await openResident(db, actor, id, 'resident.update', 'write');
  if (!opened || opened.basis !== 'own-organisation') return { ok: false, error: 'not-found' };
  if (opened.resident.anonymisedAt) return { ok: false, error: 'care.errors.anonymised' };
  const checked = await checkResident(db, input);
  if (!checked.ok) return checked;
  const r = await db
    .update(residents)
    .set({
      caseCode: input.caseCode,
      nameSealed: cipher.sealOptional(input.name.trim(), namePlace(id)),
      birthYear: input.birthYear,
      gender: input.gender,
      countryOfOrigin: input.countryOfOrigin,
      languages: input.languages,
      mediatorNeeded: input.mediatorNeeded,
      arrivalDate: input.arrivalDate,
      vulnerabilities: sealVulnerabilities(cipher, id, input.vulnerabilities),
      updatedAt: new Date(),
    })
    .where(and(eq(residents.id, id), sql`NOT EXISTS (SELECT 1 FROM care_residents o WHERE o.organisation_id = ${opened.resident.organisationId} AND o.case_code = ${input.caseCode} AND o.id <> ${id})`))
    .returning({ id: residents.id });
  if (!r.length) return { ok: false, error: 'care.errors.caseCodeTaken', field: 'caseCode' };
  return { ok: true };
}

/** Closes a case (retention counts from this day) or opens it again. */
export async function setResidentStatus(db: DbOrTx, actor: CareActor, id: string, status: 'open' | 'closed'): Promise<Result> {
  const opened = await openResident(db, actor, id, status === 'closed' ? 'resident.close' : 'resident.reopen', 'write');
  if (!opened || opened.basis !== 'own-organisation') return { ok: false, error: 'not-found' };
  if (opened.resident.anonymisedAt) return { ok: false, error: 'care.errors.anonymised' };
  await db
    .update(residents)
    .set({ status, closedOn: status === 'closed' ? new Date().toISOString().slice(0, 10) : null, updatedAt: new Date() })
    .where(eq(residents.id, id));
  return { ok: true };
}

export interface ResidentFilters {
  q?: string;
  status?: 'open' | 'closed';
  page: number;
  pageSize: number;
}

/**
 * A centre's residents, for its operators: case code prefix search (names are sealed and not searchable, on
 * purpose), newest first. Every listed record leaves a read row in the care audit.
 */
export async function listResidents(db: DbOrTx, cipher: CareCipher, actor: CareActor, organisationId: string, f: ResidentFilters): Promise<{ rows: ResidentView[]; total: number } | null> {
  if (!careOrganisations(actor.principal, 'care-operator').includes(organisationId)) {
    await recordCareAccess(db, { actor, action: 'resident.list', access: 'read', basis: 'none', outcome: 'denied', ownerOrganisationId: organisationId });
    return null;
  }
  const where = and(
    eq(residents.organisationId, organisationId),
    f.status ? eq(residents.status, f.status) : undefined,
    f.q ? like(residents.caseCode, `${escapeLike(f.q)}%`) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select().from(residents).where(where).orderBy(desc(residents.createdAt), asc(residents.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(residents).where(where),
  ]);
  if (rows.length) {
    await db.insert(careAudit).values(
      rows.map((r) => ({ actorId: actor.principal.id, organisationId, ownerOrganisationId: organisationId, residentId: r.id, action: 'resident.list', access: 'read' as const, basis: 'own-organisation', outcome: 'success' as const, requestId: actor.requestId ?? null })),
    );
  }
  return { rows: rows.map((r) => ({ ...r, name: cipher.openOptional(r.nameSealed, namePlace(r.id)), vulnerabilities: openVulnerabilities(cipher, r.id, r.vulnerabilities) })), total: total?.n ?? 0 };
}

/** The organisations the actor records residents for (care-operator grants), by name. */
export async function operatorOrganisations(db: DbOrTx, actor: CareActor) {
  const ids = careOrganisations(actor.principal, 'care-operator');
  if (!ids.length) return [];
  return db.select({ id: organisations.id, name: organisations.name, regionId: organisations.regionId }).from(organisations).where(inArray(organisations.id, ids)).orderBy(asc(organisations.name));
}

// ---- Consent -------------------------------------------------------------------------------------------

export interface ConsentInput {
  purpose: ConsentPurpose;
  recipientOrganisationId: string | null;
  givenOn: string;
  language: string;
  mediatorPresent: boolean;
}

export type Consent = typeof consents.$inferSelect;

export async function recordConsent(db: DbOrTx, actor: CareActor, residentId: string, input: ConsentInput): Promise<Result<{ id: string }>> {
  const opened = await openResident(db, actor, residentId, 'consent.record', 'write');
  if (!opened || opened.basis !== 'own-organisation') return { ok: false, error: 'not-found' };
  if (opened.resident.anonymisedAt) return { ok: false, error: 'care.errors.anonymised' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.givenOn) || Number.isNaN(Date.parse(input.givenOn)) || input.givenOn > new Date().toISOString().slice(0, 10)) return { ok: false, error: 'care.errors.consentDate', field: 'givenOn' };
  if (!LANGUAGE_TAG.test(input.language)) return { ok: false, error: 'care.errors.language', field: 'language' };
  if (input.purpose === 'sharing') {
    if (!input.recipientOrganisationId) return { ok: false, error: 'care.errors.recipient', field: 'recipientOrganisationId' };
    const [org] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, input.recipientOrganisationId));
    if (!org) return { ok: false, error: 'care.errors.recipient', field: 'recipientOrganisationId' };
  }
  const [row] = await db
    .insert(consents)
    .values({
      residentId,
      purpose: input.purpose,
      recipientOrganisationId: input.purpose === 'sharing' ? input.recipientOrganisationId : null,
      givenOn: input.givenOn,
      language: input.language,
      mediatorPresent: input.mediatorPresent,
      recordedBy: actor.principal.id,
    })
    .returning({ id: consents.id });
  return { ok: true, id: row!.id };
}

export async function withdrawConsent(db: DbOrTx, actor: CareActor, residentId: string, consentId: string, channel: WithdrawalChannel): Promise<Result> {
  const opened = await openResident(db, actor, residentId, 'consent.withdraw', 'write');
  if (!opened || opened.basis !== 'own-organisation') return { ok: false, error: 'not-found' };
  const r = await db
    .update(consents)
    .set({ withdrawnAt: new Date(), withdrawnBy: actor.principal.id, withdrawalChannel: channel })
    .where(and(eq(consents.id, consentId), eq(consents.residentId, residentId), isNull(consents.withdrawnAt)))
    .returning({ id: consents.id });
  return r.length ? { ok: true } : { ok: false, error: 'not-found' };
}

/** The consents of a resident whose record the caller has already opened (newest first). */
export async function consentsOf(db: DbOrTx, residentId: string) {
  return db
    .select({ consent: consents, recipient: organisations.name })
    .from(consents)
    .leftJoin(organisations, eq(organisations.id, consents.recipientOrganisationId))
    .where(eq(consents.residentId, residentId))
    .orderBy(desc(consents.recordedAt));
}

/** The live (not withdrawn) consent for a purpose, and recipient for sharing: the one named if it still holds, else the latest; or null. */
export async function activeConsent(db: DbOrTx, residentId: string, purpose: ConsentPurpose, recipientOrganisationId?: string, consentId?: string | null): Promise<Consent | null> {
  const [c] = await db
    .select()
    .from(consents)
    .where(
      and(
        eq(consents.residentId, residentId),
        eq(consents.purpose, purpose),
        isNull(consents.withdrawnAt),
        recipientOrganisationId ? eq(consents.recipientOrganisationId, recipientOrganisationId) : undefined,
        consentId ? eq(consents.id, consentId) : undefined,
      ),
    )
    .orderBy(desc(consents.recordedAt))
    .limit(1);
  return c ?? null;
}

// ---- Break-glass and the audit trail --------------------------------------------------------------------

/** People to tell about what happens in an organisation's care records: its data-protection contacts and those of the whole instance. */
export async function dataProtectionContacts(db: DbOrTx, organisationId: string | null) {
  return db
    .selectDistinct({ email: users.email, locale: users.locale })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, 'data-protection'), eq(users.status, 'active'), or(isNull(roleAssignments.organisationId), organisationId ? eq(roleAssignments.organisationId, organisationId) : undefined)));
}

/** An e-mail to each data-protection contact of an organisation (and of the instance), written in their language, in `db`'s transaction. */
export async function tellDataProtectionContacts(p: Platform, db: DbOrTx, organisationId: string | null, write: (t: Translate) => { subject: string; text: string }): Promise<void> {
  for (const contact of await dataProtectionContacts(db, organisationId)) {
    await p.mailer.send(db, { to: contact.email, ...translatedMail(contact.locale, write) });
  }
}

/**
 * A role that opens care records (or their audit trail) granted or taken, on the administration pages or with
 * `ponte user`: a row in the care audit trail naming the account, seen by the organisation's data-protection
 * contacts, and an e-mail to them, in the change's transaction. One administrator cannot grant themselves such
 * a role (admin/service.ts); this keeps two of them, or someone on the server, from doing it unseen.
 */
export async function recordCareRoleChange(p: Platform, db: DbOrTx, c: RoleChange): Promise<void> {
  if (!CARE_ROLES.includes(c.role)) return;
  await db.insert(careAudit).values({
    actorId: c.actorId,
    ownerOrganisationId: c.organisationId,
    subjectUserId: c.userId,
    action: `${c.role}.${c.change}`,
    access: 'write',
    basis: 'administration',
    outcome: 'success',
    requestId: c.requestId ?? null,
  });
  const [org] = c.organisationId ? await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, c.organisationId)) : [];
  await tellDataProtectionContacts(p, db, c.organisationId, (t) => ({
    subject: t(`care.roleChange.mail.subject.${c.change}`),
    text: t(`care.roleChange.mail.body.${c.change}`, {
      role: t(`role.${c.role}`),
      organisation: org?.name ?? t('care.roleChange.mail.everywhere'),
      by: t(c.actorId ? 'care.roleChange.mail.byAdministrator' : 'care.roleChange.mail.byServer'),
      url: `${p.config.publicUrl}/care/audit`,
    }),
  }));
}

/**
 * An administrator opens one resident's record for a limited time, giving a reason (sealed). The grant is audited
 * in both logs and every data-protection contact concerned is told by e-mail (which names no resident).
 */
export async function breakGlass(p: Platform, db: DbOrTx, cipher: CareCipher, actor: CareActor, residentId: string, reason: string): Promise<Result<{ expiresAt: Date }>> {
  if (!actor.principal.roles.some((g) => g.role === 'administrator')) return { ok: false, error: 'forbidden' };
  const clean = reason.trim();
  if (clean.length < 10) return { ok: false, error: 'care.errors.breakGlassReason', field: 'reason' };
  if (clean.length > 2000) return { ok: false, error: 'errors.tooLong', field: 'reason' };
  const [resident] = await db.select({ id: residents.id, organisationId: residents.organisationId }).from(residents).where(eq(residents.id, residentId));
  if (!resident) return { ok: false, error: 'not-found' };
  const id = randomUUID();
  const grantedAt = new Date();
  const expiresAt = new Date(grantedAt.getTime() + BREAK_GLASS_MINUTES * 60_000);
  await db.insert(breakGlassGrants).values({ id, userId: actor.principal.id, residentId, reasonSealed: cipher.seal(clean, placeOf('care_break_glass', 'reason_sealed', id)), grantedAt, expiresAt });
  await recordCareAccess(db, { actor, action: 'break-glass.grant', access: 'read', basis: 'break-glass', outcome: 'success', ownerOrganisationId: resident.organisationId, residentId });
  await audit(db, { actorId: actor.principal.id, action: 'care.break-glass', outcome: 'success', targetType: 'care-break-glass', targetId: id, requestId: actor.requestId });
  await tellDataProtectionContacts(p, db, resident.organisationId, (t) => ({ subject: t('care.breakGlass.mail.subject'), text: t('care.breakGlass.mail.body', { url: `${p.config.publicUrl}/care/audit` }) }));
  return { ok: true, expiresAt };
}

/** The reasons given for break-glass grants, for the data-protection contacts who review them. */
export async function breakGlassGrantsFor(db: DbOrTx, cipher: CareCipher, scope: 'all' | string[], limit = 50) {
  if (scope !== 'all' && !scope.length) return [];
  const rows = await db
    .select({ grant: breakGlassGrants, user: users.email, organisationId: residents.organisationId, caseCode: residents.caseCode })
    .from(breakGlassGrants)
    .innerJoin(residents, eq(residents.id, breakGlassGrants.residentId))
    .innerJoin(users, eq(users.id, breakGlassGrants.userId))
    .where(scope === 'all' ? undefined : inArray(residents.organisationId, scope))
    .orderBy(desc(breakGlassGrants.grantedAt))
    .limit(limit);
  return rows.map((r) => ({ ...r, reason: cipher.open(r.grant.reasonSealed, placeOf('care_break_glass', 'reason_sealed', r.grant.id)) }));
}

/** Residents with this case code in the organisations of a scope (a case code is unique within one centre only). */
export async function residentIdsByCaseCode(db: DbOrTx, scope: 'all' | string[], caseCode: string): Promise<string[]> {
  if (scope !== 'all' && !scope.length) return [];
  const rows = await db
    .select({ id: residents.id })
    .from(residents)
    .where(and(eq(residents.caseCode, caseCode), scope === 'all' ? undefined : inArray(residents.organisationId, scope)));
  return rows.map((r) => r.id);
}

export interface AuditFilters {
  residentIds?: string[];
  actorId?: string;
  from?: string;
  to?: string;
  outcome?: 'success' | 'denied';
  page: number;
  pageSize: number;
}

/** The account a care-role change or an anomaly concerns, beside the acting one. */
const subjects = alias(users, 'subject');

/** The care audit trail within a data-protection contact's scope (their organisations' records, or all). */
export async function careAuditTrail(db: DbOrTx, scope: 'all' | string[], f: AuditFilters) {
  if (scope !== 'all' && !scope.length) return { rows: [], total: 0 };
  const where = and(
    scope === 'all' ? undefined : inArray(careAudit.ownerOrganisationId, scope),
    f.residentIds ? inArray(careAudit.residentId, f.residentIds) : undefined,
    f.actorId ? eq(careAudit.actorId, f.actorId) : undefined,
    f.outcome ? eq(careAudit.outcome, f.outcome) : undefined,
    f.from ? sql`${careAudit.at} >= ${f.from}::date` : undefined,
    f.to ? lt(careAudit.at, sql`(${f.to}::date + 1)`) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ entry: careAudit, actor: users.email, caseCode: residents.caseCode, subject: subjects.email })
      .from(careAudit)
      .leftJoin(users, eq(users.id, careAudit.actorId))
      .leftJoin(subjects, eq(subjects.id, careAudit.subjectUserId))
      .leftJoin(residents, eq(residents.id, careAudit.residentId))
      .where(where)
      .orderBy(desc(careAudit.at), desc(careAudit.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(careAudit).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}
