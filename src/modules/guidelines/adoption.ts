import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { hasRole, type Principal } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { contentChanged } from '../../platform/content-version.js';
import { organisations, organisationTypes, regions } from '../../platform/schema.js';
import { ADOPTION_STATUSES, guidelineAdoptions, guidelineEndorsements, guidelineVersions, type AdoptionStatus } from './schema.js';
import type { Errors } from './service.js';

/**
 * Adoption self-assessments (an organisation says, per recommendation of the published version, how far it
 * has put it into practice) with their regional and national views, and organisations' endorsements.
 * Assessments are keyed by the recommendation's stable identifier, so they carry over to the next version.
 */

export const EVIDENCE_MAX = 2000;
export const STATEMENT_MAX = 1000;

// ---- Who may act for an organisation ----------------------------------------------------------------

/** The organisations a user belongs to: those their role assignments are scoped to. */
export const memberships = (p: Principal | null): string[] => [...new Set((p?.roles ?? []).map((g) => g.organisationId).filter((id): id is string => !!id))];

/** A member of the organisation, or an administrator, may speak for it. */
export const canActFor = (p: Principal | null, organisationId: string) => !!p && (hasRole(p, 'administrator') || memberships(p).includes(organisationId));

export interface OrganisationSummary {
  id: string;
  name: string;
  regionCode: string | null;
  regionName: string | null;
  typeCode: string;
  typeNames: Record<string, string>;
}

export async function organisationSummaries(db: DbOrTx, ids: string[]): Promise<OrganisationSummary[]> {
  if (!ids.length) return [];
  return db
    .select({ id: organisations.id, name: organisations.name, regionCode: regions.code, regionName: regions.name, typeCode: organisations.typeCode, typeNames: organisationTypes.names })
    .from(organisations)
    .leftJoin(regions, eq(regions.id, organisations.regionId))
    .innerJoin(organisationTypes, eq(organisationTypes.code, organisations.typeCode))
    .where(inArray(organisations.id, ids))
    .orderBy(asc(organisations.name));
}

// ---- Self-assessment -------------------------------------------------------------------------------------

export type AssessmentRow = typeof guidelineAdoptions.$inferSelect;

/** An organisation's assessments of a guideline, by recommendation identifier. */
export async function loadAssessment(db: DbOrTx, guidelineId: string, organisationId: string): Promise<Map<string, AssessmentRow>> {
  const rows = await db
    .select()
    .from(guidelineAdoptions)
    .where(and(eq(guidelineAdoptions.guidelineId, guidelineId), eq(guidelineAdoptions.organisationId, organisationId)));
  return new Map(rows.map((r) => [r.identifier, r]));
}

export interface AssessmentEntry {
  identifier: string;
  /** '' leaves the recommendation unassessed (and removes an earlier assessment of it). */
  status: string;
  evidence: string;
  /** YYYY-MM-DD; '' means today. */
  assessedOn: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const isStatus = (s: string): s is AdoptionStatus => (ADOPTION_STATUSES as readonly string[]).includes(s);

/** Field names of one recommendation's row in the assessment form. */
export const assessmentField = (kind: 'status' | 'evidence' | 'assessedOn', identifier: string) => `${kind}-${identifier}`;

/**
 * Saves an organisation's whole assessment in one transaction: every entry is checked first (a date may not
 * lie after `latest`, by default `today`, which is also the date of an entry without one), and nothing is
 * written when one is wrong. `identifiers` are those of the published version.
 */
export async function saveAssessment(
  db: DbOrTx,
  input: { guidelineId: string; organisationId: string; identifiers: string[]; entries: AssessmentEntry[]; today: string; latest?: string },
  by: { userId: string; requestId?: string },
): Promise<{ ok: true; saved: number; removed: number } | { ok: false; errors: Errors }> {
  const errors: Errors = {};
  const known = new Set(input.identifiers);
  const clean: { identifier: string; status: AdoptionStatus | null; evidence: string; assessedOn: string }[] = [];
  for (const e of input.entries) {
    if (!known.has(e.identifier)) continue;
    const status = e.status.trim();
    const evidence = e.evidence.trim();
    const assessedOn = e.assessedOn.trim() || input.today;
    if (status && !isStatus(status)) errors[assessmentField('status', e.identifier)] = 'errors.choose';
    if (evidence.length > EVIDENCE_MAX) errors[assessmentField('evidence', e.identifier)] = 'errors.tooLong';
    else if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(evidence)) errors[assessmentField('evidence', e.identifier)] = 'errors.invalid';
    if (!isDate(assessedOn)) errors[assessmentField('assessedOn', e.identifier)] = 'errors.date';
    else if (assessedOn > (input.latest ?? input.today)) errors[assessmentField('assessedOn', e.identifier)] = 'guidelines.errors.assessedInFuture';
    else if (assessedOn < '1990-01-01') errors[assessmentField('assessedOn', e.identifier)] = 'errors.date';
    clean.push({ identifier: e.identifier, status: status && isStatus(status) ? status : null, evidence, assessedOn });
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return db.transaction(async (tx) => {
    const now = new Date();
    const set = clean.filter((c) => c.status);
    const cleared = clean.filter((c) => !c.status).map((c) => c.identifier);
    for (const c of set)
      await tx
        .insert(guidelineAdoptions)
        .values({ guidelineId: input.guidelineId, organisationId: input.organisationId, identifier: c.identifier, status: c.status!, evidence: c.evidence, assessedOn: c.assessedOn, assessedById: by.userId, updatedAt: now })
        .onConflictDoUpdate({
          target: [guidelineAdoptions.guidelineId, guidelineAdoptions.organisationId, guidelineAdoptions.identifier],
          set: { status: c.status!, evidence: c.evidence, assessedOn: c.assessedOn, assessedById: by.userId, updatedAt: now },
        });
    const removed = cleared.length
      ? await tx
          .delete(guidelineAdoptions)
          .where(and(eq(guidelineAdoptions.guidelineId, input.guidelineId), eq(guidelineAdoptions.organisationId, input.organisationId), inArray(guidelineAdoptions.identifier, cleared)))
          .returning({ identifier: guidelineAdoptions.identifier })
      : [];
    await audit(tx, {
      actorId: by.userId,
      action: 'guidelines.adoption.save',
      outcome: 'success',
      targetType: 'organisation',
      targetId: input.organisationId,
      requestId: by.requestId,
      details: { guidelineId: input.guidelineId, assessed: set.length, removed: removed.length },
    });
    await contentChanged(tx);
    return { ok: true as const, saved: set.length, removed: removed.length };
  });
}

// ---- The heat map ----------------------------------------------------------------------------------------

export interface Cell {
  implemented: number;
  partly: number;
  planned: number;
  notApplicable: number;
  /** Organisations that assessed the recommendation as applicable to them: the share's denominator. */
  applicable: number;
  /** (implemented + partly / 2) / applicable, or null when no organisation assessed it as applicable. */
  share: number | null;
}

const emptyCell = (): Cell => ({ implemented: 0, partly: 0, planned: 0, notApplicable: 0, applicable: 0, share: null });
const add = (c: Cell, status: AdoptionStatus) => {
  if (status === 'implemented') c.implemented += 1;
  else if (status === 'partly') c.partly += 1;
  else if (status === 'planned') c.planned += 1;
  else c.notApplicable += 1;
  c.applicable = c.implemented + c.partly + c.planned;
  c.share = c.applicable ? (c.implemented + c.partly / 2) / c.applicable : null;
};

export interface HeatMap {
  regions: { id: string; code: string; name: string }[];
  /** identifier → region code → cell; `''` holds every organisation of the country, with a region or not. */
  cells: Map<string, Map<string, Cell>>;
  /** How many organisations assessed at least one recommendation, per region code ('' for all). */
  organisations: Map<string, number>;
}

/** Region code of the whole country's column. */
export const ALL = '';

/**
 * The share of assessed organisations that implemented each recommendation, per region and for all
 * organisations. Organisations that did not assess a recommendation are not counted; an organisation that
 * found it not applicable is counted apart and left out of the share.
 */
export async function heatMap(db: DbOrTx, guidelineId: string, identifiers: string[]): Promise<HeatMap> {
  const regionRows = await db.select({ id: regions.id, code: regions.code, name: regions.name }).from(regions).orderBy(asc(regions.name));
  const rows = identifiers.length
    ? await db
        .select({ identifier: guidelineAdoptions.identifier, status: guidelineAdoptions.status, organisationId: guidelineAdoptions.organisationId, regionCode: regions.code })
        .from(guidelineAdoptions)
        .innerJoin(organisations, eq(organisations.id, guidelineAdoptions.organisationId))
        .leftJoin(regions, eq(regions.id, organisations.regionId))
        .where(and(eq(guidelineAdoptions.guidelineId, guidelineId), inArray(guidelineAdoptions.identifier, identifiers)))
    : [];
  const cells = new Map<string, Map<string, Cell>>(identifiers.map((i) => [i, new Map([ALL, ...regionRows.map((r) => r.code)].map((code) => [code, emptyCell()]))]));
  const orgs = new Map<string, Set<string>>();
  for (const r of rows) {
    const byRegion = cells.get(r.identifier)!;
    for (const code of r.regionCode ? [ALL, r.regionCode] : [ALL]) {
      add(byRegion.get(code)!, r.status);
      orgs.set(code, (orgs.get(code) ?? new Set()).add(r.organisationId));
    }
  }
  return { regions: regionRows, cells, organisations: new Map([...orgs].map(([k, v]) => [k, v.size])) };
}

/** The colour classes of the heat map: five steps of a colour-blind-safe sequential scale (ColorBrewer YlGnBu). */
export const HEAT_SCALE = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'] as const;
/** The step of a share (0 … 4): 0–19 %, 20–39 %, 40–59 %, 60–79 %, 80–100 %. */
export const heatStep = (share: number) => Math.min(HEAT_SCALE.length - 1, Math.floor(share * HEAT_SCALE.length + 1e-9));

const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
/** WCAG contrast ratio of two colours. */
export const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};
/** Black or white, whichever reads better on the background. */
export const textOn = (background: string) => (contrast(background, '#000000') >= contrast(background, '#ffffff') ? '#000000' : '#ffffff');


// ---- The regional view -----------------------------------------------------------------------------------

export interface RegionalView {
  organisations: OrganisationSummary[];
  /** organisation id → identifier → status */
  statuses: Map<string, Map<string, { status: AdoptionStatus; assessedOn: string }>>;
}

/** Organisations of a region that assessed the guideline, with each of their statuses. */
export async function regionalView(db: DbOrTx, guidelineId: string, regionId: string, identifiers: string[]): Promise<RegionalView> {
  const rows = identifiers.length
    ? await db
        .select({ organisationId: guidelineAdoptions.organisationId, identifier: guidelineAdoptions.identifier, status: guidelineAdoptions.status, assessedOn: guidelineAdoptions.assessedOn })
        .from(guidelineAdoptions)
        .innerJoin(organisations, eq(organisations.id, guidelineAdoptions.organisationId))
        .where(and(eq(guidelineAdoptions.guidelineId, guidelineId), eq(organisations.regionId, regionId), inArray(guidelineAdoptions.identifier, identifiers)))
    : [];
  const statuses = new Map<string, Map<string, { status: AdoptionStatus; assessedOn: string }>>();
  for (const r of rows) statuses.set(r.organisationId, (statuses.get(r.organisationId) ?? new Map()).set(r.identifier, { status: r.status, assessedOn: r.assessedOn }));
  return { organisations: await organisationSummaries(db, [...statuses.keys()]), statuses };
}

export async function findRegion(db: DbOrTx, code: string) {
  const [r] = await db.select().from(regions).where(eq(regions.code, code));
  return r ?? null;
}

// ---- Endorsements ------------------------------------------------------------------------------------------

export interface EndorsementItem {
  organisation: OrganisationSummary;
  versionLabel: string | null;
  statement: string;
  endorsedAt: Date;
}

export async function listEndorsements(db: DbOrTx, guidelineId: string): Promise<EndorsementItem[]> {
  const rows = await db
    .select({ organisationId: guidelineEndorsements.organisationId, statement: guidelineEndorsements.statement, endorsedAt: guidelineEndorsements.endorsedAt, label: guidelineVersions.label })
    .from(guidelineEndorsements)
    .leftJoin(guidelineVersions, eq(guidelineVersions.id, guidelineEndorsements.versionId))
    .where(eq(guidelineEndorsements.guidelineId, guidelineId));
  const orgs = new Map((await organisationSummaries(db, rows.map((r) => r.organisationId))).map((o) => [o.id, o]));
  return rows
    .filter((r) => orgs.has(r.organisationId))
    .map((r) => ({ organisation: orgs.get(r.organisationId)!, versionLabel: r.label, statement: r.statement, endorsedAt: r.endorsedAt }))
    .sort((a, b) => a.organisation.name.localeCompare(b.organisation.name));
}

/**
 * An organisation endorses the guideline's published version (endorsing again renews it: the newer version
 * and statement replace the earlier ones). The caller has checked that the user may act for the organisation.
 */
export async function endorse(
  db: DbOrTx,
  input: { guidelineId: string; organisationId: string; statement: string },
  by: { userId: string; requestId?: string },
): Promise<{ ok: true } | { ok: false; errors: Errors }> {
  const statement = input.statement.trim();
  if (statement.length > STATEMENT_MAX) return { ok: false, errors: { statement: 'errors.tooLong' } };
  return db.transaction(async (tx) => {
    const [published] = await tx
      .select({ id: guidelineVersions.id })
      .from(guidelineVersions)
      .where(and(eq(guidelineVersions.guidelineId, input.guidelineId), eq(guidelineVersions.status, 'published'), isNotNull(guidelineVersions.publishedAt)));
    if (!published) return { ok: false as const, errors: { _form: 'guidelines.errors.nothingPublished' } };
    const now = new Date();
    await tx
      .insert(guidelineEndorsements)
      .values({ guidelineId: input.guidelineId, organisationId: input.organisationId, versionId: published.id, statement, endorsedById: by.userId, endorsedAt: now })
      .onConflictDoUpdate({ target: [guidelineEndorsements.guidelineId, guidelineEndorsements.organisationId], set: { versionId: published.id, statement, endorsedById: by.userId, endorsedAt: now } });
    await audit(tx, { actorId: by.userId, action: 'guidelines.endorsement.create', outcome: 'success', targetType: 'organisation', targetId: input.organisationId, requestId: by.requestId, details: { guidelineId: input.guidelineId, versionId: published.id } });
    await contentChanged(tx);
    return { ok: true as const };
  });
}

/** Withdraws an organisation's endorsement; false when there was none. */
export async function withdrawEndorsement(db: DbOrTx, guidelineId: string, organisationId: string, by: { userId: string; requestId?: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(guidelineEndorsements)
      .where(and(eq(guidelineEndorsements.guidelineId, guidelineId), eq(guidelineEndorsements.organisationId, organisationId)))
      .returning({ id: guidelineEndorsements.organisationId });
    if (!gone.length) return false;
    await audit(tx, { actorId: by.userId, action: 'guidelines.endorsement.withdraw', outcome: 'success', targetType: 'organisation', targetId: organisationId, requestId: by.requestId, details: { guidelineId } });
    await contentChanged(tx);
    return true;
  });
}
