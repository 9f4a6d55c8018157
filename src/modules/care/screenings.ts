import { readFileSync } from 'node:fs';
import { and, asc, desc, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit.js';
import { contentChanged } from '../../platform/content-version.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { type CareActor, type CareBasis, openResident, recordCareAccess, type Resident } from './access.js';
import { activeConsent } from './residents.js';
import { type Answers, checkAnswers, type Instrument, languageTag, parseQuestionnaire, type ParseOptions, type ScoreBand, scoreAnswers, toQuestionnaireResponse } from './instruments.js';
import { instruments, SCREENING_MODES, type ScreeningMode, screenings } from './schema.js';
import { type CareCipher, openJson, placeOf, sealJson } from './crypto.js';

/**
 * Screening: instruments imported as FHIR Questionnaires and kept side by side by (code, version), and a
 * resident's screenings administered in their language, scored, and exported as QuestionnaireResponse.
 * A screening belongs to its resident's record: every read or write of one opens the resident through access.ts,
 * which leaves the care_audit row in the same transaction.
 */

export type InstrumentRow = typeof instruments.$inferSelect;
/** A screening as the code uses it: its answers opened. */
export type Screening = Omit<typeof screenings.$inferSelect, 'answers'> & { answers: Answers };

const answersPlace = (screeningId: string) => placeOf('care_screenings', 'answers', screeningId);

/** A screening's answers, sealed for its row. */
export const sealAnswers = (cipher: CareCipher, screeningId: string, answers: Answers) => sealJson(cipher, answers, answersPlace(screeningId));
/** A screening's answers as stored (sealed, or plain in a row of an earlier version). */
export const openAnswers = (cipher: CareCipher, screeningId: string, stored: string) => openJson<Answers>(cipher, stored, answersPlace(screeningId));

const opened = (cipher: CareCipher, row: typeof screenings.$inferSelect): Screening => ({ ...row, answers: openAnswers(cipher, row.id, row.answers) });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

// ---------------------------------------------------------------------------------------------------------------
// Instruments

export type ImportResult = { ok: true; instrument: InstrumentRow; warnings: string[] } | { ok: false; error: 'invalid' | 'exists'; errors: string[] };

/**
 * Imports a Questionnaire as an instrument. A code and version already held is refused (a published version never
 * changes under the screenings that used it); a new version of a known code is added beside the older ones.
 */
export async function importInstrument(db: DbOrTx, actor: CareActor | null, json: unknown, opts: ParseOptions = {}): Promise<ImportResult> {
  const parsed = parseQuestionnaire(json, opts);
  if (!parsed.ok) return { ok: false, error: 'invalid', errors: parsed.errors };
  const { code, version } = parsed.instrument;
  const exists = () => ({ ok: false as const, error: 'exists' as const, errors: [`Version ${version} of instrument "${code}" is already imported: give the new one another version.`] });
  const [held] = await db
    .select({ id: instruments.id })
    .from(instruments)
    .where(and(eq(instruments.code, code), eq(instruments.version, version)));
  if (held) return exists();
  // Two imports at once: the unique (code, version) decides; the loser gets the same answer as above.
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(instruments)
      .values({ code, version, definition: parsed.instrument, questionnaire: json as Record<string, unknown>, importedBy: actor?.principal.id ?? null })
      .onConflictDoNothing()
      .returning();
    if (inserted) {
      await audit(tx, { actorId: actor?.principal.id ?? null, action: 'care.instrument-import', outcome: 'success', targetType: 'care-instrument', targetId: inserted.id, requestId: actor?.requestId, details: { code, version } });
      // Recommendation pages list the instruments that suggest them: cached copies must go.
      await contentChanged(tx);
    }
    return inserted;
  });
  if (!row) return exists();
  return { ok: true, instrument: row, warnings: parsed.warnings };
}

/** Retires an instrument (no new screenings with it; past ones keep it) or brings it back. */
export async function setInstrumentStatus(db: DbOrTx, actor: CareActor | null, id: string, status: 'active' | 'retired'): Promise<{ ok: true } | { ok: false; error: 'not-found' }> {
  if (!isUuid(id) || (status !== 'active' && status !== 'retired')) return { ok: false, error: 'not-found' };
  return db.transaction(async (tx) => {
    const rows = await tx.update(instruments).set({ status }).where(eq(instruments.id, id)).returning({ id: instruments.id, code: instruments.code, version: instruments.version });
    if (!rows.length) return { ok: false, error: 'not-found' } as const;
    await audit(tx, { actorId: actor?.principal.id ?? null, action: `care.instrument-${status === 'retired' ? 'retire' : 'reactivate'}`, outcome: 'success', targetType: 'care-instrument', targetId: id, requestId: actor?.requestId, details: { code: rows[0]!.code, version: rows[0]!.version } });
    await contentChanged(tx);
    return { ok: true } as const;
  });
}

export interface InstrumentSummary {
  id: string;
  code: string;
  version: string;
  status: 'active' | 'retired';
  definition: Instrument;
  importedAt: Date;
}

/** Instruments by code, newest version first; retired ones only when asked. */
export async function listInstruments(db: DbOrTx, opts: { includeRetired?: boolean } = {}): Promise<InstrumentSummary[]> {
  return db
    .select({ id: instruments.id, code: instruments.code, version: instruments.version, status: instruments.status, definition: instruments.definition, importedAt: instruments.importedAt })
    .from(instruments)
    .where(opts.includeRetired ? undefined : eq(instruments.status, 'active'))
    .orderBy(asc(instruments.code), desc(instruments.importedAt));
}

export async function getInstrument(db: DbOrTx, id: string): Promise<InstrumentRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(instruments).where(eq(instruments.id, id));
  return row ?? null;
}

export const DEMO_INSTRUMENT_CODE = 'ponte-wellbeing-demo';

/** The demo instrument's Questionnaire, as shipped. */
export function demoQuestionnaire(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('./demo-instrument.json', import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** Imports the demo instrument once; later calls return the one held. */
export async function seedDemoInstrument(db: DbOrTx): Promise<InstrumentRow> {
  const q = demoQuestionnaire();
  const [held] = await db
    .select()
    .from(instruments)
    .where(and(eq(instruments.code, DEMO_INSTRUMENT_CODE), eq(instruments.version, String(q.version))));
  if (held) return held;
  const r = await importInstrument(db, null, q);
  if (r.ok) return r.instrument;
  const [row] = await db
    .select()
    .from(instruments)
    .where(and(eq(instruments.code, DEMO_INSTRUMENT_CODE), eq(instruments.version, String(q.version))));
  if (!row) throw new Error(`the demo instrument does not import: ${r.errors.join(' ')}`);
  return row;
}

// ---------------------------------------------------------------------------------------------------------------
// Screenings

type Refusal<E extends string> = { ok: false; error: E };

/** A screening opened through its resident's record (audited); null when there is none or it is not the actor's. */
async function openScreening(db: DbOrTx, cipher: CareCipher, actor: CareActor, screeningId: string, action: string, access: 'read' | 'write'): Promise<{ screening: Screening; resident: Resident; basis: CareBasis } | null> {
  const [screening] = isUuid(screeningId) ? await db.select().from(screenings).where(eq(screenings.id, screeningId)) : [];
  if (!screening) {
    await recordCareAccess(db, { actor, action, access, basis: 'none', outcome: 'denied' });
    return null;
  }
  const resident = await openResident(db, actor, screening.residentId, action, access);
  return resident ? { screening: opened(cipher, screening), ...resident } : null;
}

const hasScreeningConsent = async (db: DbOrTx, residentId: string): Promise<boolean> => !!(await activeConsent(db, residentId, 'screening'));

/**
 * Where the care pathway applies a guideline recommendation: the bands of active instruments whose results suggest
 * it (shown on the recommendation's page, which links the care steps back).
 */
export async function instrumentBandsSuggesting(db: DbOrTx, guideline: string, identifier: string): Promise<{ code: string; version: string; title: Record<string, string>; validated: boolean; band: Record<string, string> }[]> {
  const id = identifier.toLowerCase();
  return (await listInstruments(db)).flatMap((i) =>
    i.definition.bands
      .filter((b) => b.recommendations.some((r) => r.guideline === guideline && r.identifier.toLowerCase() === id))
      .map((b) => ({ code: i.code, version: i.version, title: i.definition.title, validated: i.definition.validated, band: b.label })),
  );
}

export interface StartInput {
  instrumentId: string;
  language: string;
  mode: ScreeningMode;
  mediatorLanguage?: string | null;
}

export type StartError = 'not-found' | 'no-consent' | 'resident-closed' | 'instrument-not-found' | 'instrument-retired' | 'language-unavailable' | 'invalid-mode' | 'mediator-language-required';

/**
 * Starts a screening of a resident in one of the instrument's languages: only with the resident's screening
 * consent (not withdrawn), with an active instrument, and with the mediator's language when a mediator helps.
 */
export async function startScreening(db: DbOrTx, actor: CareActor, residentId: string, input: StartInput): Promise<{ ok: true; screening: Screening } | Refusal<StartError>> {
  if (!(SCREENING_MODES as readonly string[]).includes(input.mode)) return { ok: false, error: 'invalid-mode' };
  const mediatorLanguage = input.mode === 'operator-with-mediator' ? languageTag(input.mediatorLanguage) : null;
  if (input.mode === 'operator-with-mediator' && !mediatorLanguage) return { ok: false, error: 'mediator-language-required' };
  if (!isUuid(residentId)) {
    await recordCareAccess(db, { actor, action: 'screening.start', access: 'write', basis: 'none', outcome: 'denied' });
    return { ok: false, error: 'not-found' };
  }
  return db.transaction(async (tx) => {
    const opened = await openResident(tx, actor, residentId, 'screening.start', 'write');
    if (!opened) return { ok: false, error: 'not-found' } as const;
    if (opened.resident.status === 'closed' || opened.resident.anonymisedAt) return { ok: false, error: 'resident-closed' } as const;
    if (!(await hasScreeningConsent(tx, residentId))) return { ok: false, error: 'no-consent' } as const;
    const instrument = await getInstrument(tx, input.instrumentId);
    if (!instrument) return { ok: false, error: 'instrument-not-found' } as const;
    if (instrument.status !== 'active') return { ok: false, error: 'instrument-retired' } as const;
    const language = languageTag(input.language);
    if (!language || !instrument.definition.languages.includes(language)) return { ok: false, error: 'language-unavailable' } as const;
    const [screening] = await tx
      .insert(screenings)
      .values({
        residentId,
        organisationId: opened.resident.organisationId,
        instrumentId: instrument.id,
        language,
        mode: input.mode,
        mediatorLanguage,
        administeredBy: actor.principal.id,
      })
      .returning();
    return { ok: true, screening: { ...screening!, answers: {} } } as const;
  });
}

async function instrumentOf(db: DbOrTx, screening: Screening): Promise<InstrumentRow> {
  const [row] = await db.select().from(instruments).where(eq(instruments.id, screening.instrumentId));
  return row!;
}

/**
 * Saves answers while the screening is in progress, a page at a time: the given questions replace what was
 * there (an empty list clears one), the others stay.
 */
export async function saveAnswers(
  db: DbOrTx,
  cipher: CareCipher,
  actor: CareActor,
  screeningId: string,
  answers: unknown,
): Promise<{ ok: true; screening: Screening } | Refusal<'not-found' | 'completed' | 'no-consent'> | { ok: false; error: 'invalid-answers'; errors: string[] }> {
  return db.transaction(async (tx) => {
    const opened = await openScreening(tx, cipher, actor, screeningId, 'screening.answer', 'write');
    if (!opened) return { ok: false, error: 'not-found' } as const;
    if (opened.screening.status !== 'in-progress') return { ok: false, error: 'completed' } as const;
    if (!(await hasScreeningConsent(tx, opened.resident.id))) return { ok: false, error: 'no-consent' } as const;
    const instrument = await instrumentOf(tx, opened.screening);
    const checked = checkAnswers(instrument.definition, answers);
    if (!checked.ok) return { ok: false, error: 'invalid-answers', errors: checked.errors } as const;
    const merged: Answers = { ...opened.screening.answers };
    for (const [linkId, codes] of Object.entries(checked.answers)) {
      if (codes.length) merged[linkId] = codes;
      else delete merged[linkId];
    }
    const [screening] = await tx
      .update(screenings)
      .set({ answers: sealAnswers(cipher, opened.screening.id, merged) })
      .where(and(eq(screenings.id, opened.screening.id), eq(screenings.status, 'in-progress')))
      .returning();
    if (!screening) return { ok: false, error: 'completed' } as const;
    return { ok: true, screening: { ...screening, answers: merged } } as const;
  });
}

export interface ScreeningResult {
  score: number;
  band: ScoreBand | null;
  aboveCutoff: boolean | null;
  /** The guideline recommendations that apply to the band (follow-up suggestions). */
  recommendations: { guideline: string; identifier: string }[];
}

/** Scores the screening and closes it; refused while a required question has no answer. A completed screening never changes. */
export async function completeScreening(
  db: DbOrTx,
  cipher: CareCipher,
  actor: CareActor,
  screeningId: string,
): Promise<{ ok: true; screening: Screening; result: ScreeningResult } | Refusal<'not-found' | 'completed' | 'no-consent'> | { ok: false; error: 'missing'; missing: string[] }> {
  return db.transaction(async (tx) => {
    const opened = await openScreening(tx, cipher, actor, screeningId, 'screening.complete', 'write');
    if (!opened) return { ok: false, error: 'not-found' } as const;
    if (opened.screening.status !== 'in-progress') return { ok: false, error: 'completed' } as const;
    if (!(await hasScreeningConsent(tx, opened.resident.id))) return { ok: false, error: 'no-consent' } as const;
    const instrument = await instrumentOf(tx, opened.screening);
    const scored = scoreAnswers(instrument.definition, opened.screening.answers);
    if (!scored.ok) return { ok: false, error: 'missing', missing: scored.missing } as const;
    const [screening] = await tx
      .update(screenings)
      .set({ status: 'completed', score: scored.score, band: scored.band?.code ?? null, aboveCutoff: scored.aboveCutoff, completedAt: new Date() })
      .where(and(eq(screenings.id, opened.screening.id), eq(screenings.status, 'in-progress')))
      .returning();
    if (!screening) return { ok: false, error: 'completed' } as const;
    return { ok: true, screening: { ...screening, answers: opened.screening.answers }, result: { score: scored.score, band: scored.band, aboveCutoff: scored.aboveCutoff, recommendations: scored.band?.recommendations ?? [] } } as const;
  });
}

export interface ScreeningView {
  screening: Screening;
  instrument: { id: string; code: string; version: string; status: 'active' | 'retired'; definition: Instrument };
  /** For a completed screening: its band, with the recommendations that apply. */
  band: ScoreBand | null;
  basis: CareBasis;
}

/** One screening with its instrument, for the actor who may open the resident (audited as screening.read). */
export async function getScreening(db: DbOrTx, cipher: CareCipher, actor: CareActor, screeningId: string): Promise<{ ok: true } & ScreeningView | Refusal<'not-found'>> {
  return db.transaction(async (tx) => {
    const opened = await openScreening(tx, cipher, actor, screeningId, 'screening.read', 'read');
    if (!opened) return { ok: false, error: 'not-found' } as const;
    const instrument = await instrumentOf(tx, opened.screening);
    const band = opened.screening.band ? (instrument.definition.bands.find((b) => b.code === opened.screening.band) ?? null) : null;
    return {
      ok: true,
      screening: opened.screening,
      instrument: { id: instrument.id, code: instrument.code, version: instrument.version, status: instrument.status, definition: instrument.definition },
      band,
      basis: opened.basis,
    } as const;
  });
}

export interface ScreeningListItem {
  id: string;
  instrumentId: string;
  instrumentCode: string;
  instrumentVersion: string;
  instrumentTitle: Record<string, string>;
  validated: boolean;
  language: string;
  mode: ScreeningMode;
  mediatorLanguage: string | null;
  status: 'in-progress' | 'completed';
  score: number | null;
  band: string | null;
  aboveCutoff: boolean | null;
  startedAt: Date;
  completedAt: Date | null;
}

/** A resident's screenings, newest first (audited as screening.list). */
export async function listScreenings(db: DbOrTx, actor: CareActor, residentId: string): Promise<{ ok: true; screenings: ScreeningListItem[] } | Refusal<'not-found'>> {
  if (!isUuid(residentId)) {
    await recordCareAccess(db, { actor, action: 'screening.list', access: 'read', basis: 'none', outcome: 'denied' });
    return { ok: false, error: 'not-found' };
  }
  return db.transaction(async (tx) => {
    const opened = await openResident(tx, actor, residentId, 'screening.list', 'read');
    if (!opened) return { ok: false, error: 'not-found' } as const;
    const rows = await tx
      .select({ screening: screenings, code: instruments.code, version: instruments.version, definition: instruments.definition })
      .from(screenings)
      .innerJoin(instruments, eq(instruments.id, screenings.instrumentId))
      .where(eq(screenings.residentId, residentId))
      .orderBy(desc(screenings.startedAt));
    return {
      ok: true,
      screenings: rows.map(({ screening: s, code, version, definition }) => ({
        id: s.id,
        instrumentId: s.instrumentId,
        instrumentCode: code,
        instrumentVersion: version,
        instrumentTitle: definition.title,
        validated: definition.validated,
        language: s.language,
        mode: s.mode,
        mediatorLanguage: s.mediatorLanguage,
        status: s.status,
        score: s.score,
        band: s.band,
        aboveCutoff: s.aboveCutoff,
        startedAt: s.startedAt,
        completedAt: s.completedAt,
      })),
    } as const;
  });
}

/**
 * The screening as a FHIR R4 QuestionnaireResponse (audited as screening.export). The Questionnaire is named by
 * its canonical URL, or by this instance's URL for it when it has none, with `|version`.
 */
export async function screeningAsFhir(db: DbOrTx, cipher: CareCipher, actor: CareActor, screeningId: string, baseUrl: string): Promise<{ ok: true; resource: Record<string, unknown> } | Refusal<'not-found'>> {
  return db.transaction(async (tx) => {
    const opened = await openScreening(tx, cipher, actor, screeningId, 'screening.export', 'read');
    if (!opened) return { ok: false, error: 'not-found' } as const;
    const { screening } = opened;
    const instrument = await instrumentOf(tx, screening);
    const base = baseUrl.replace(/\/+$/, '');
    const canonical = instrument.definition.url ?? `${base}/fhir/Questionnaire/${instrument.code}`;
    const resource = toQuestionnaireResponse(
      instrument.definition,
      { status: screening.status, answers: screening.answers, score: screening.score, band: screening.band, aboveCutoff: screening.aboveCutoff },
      {
        id: screening.id,
        questionnaireRef: `${canonical}|${instrument.version}`,
        subjectRef: `Patient/${screening.residentId}`,
        authored: screening.completedAt ?? screening.startedAt,
        language: screening.language,
      },
    );
    return { ok: true, resource } as const;
  });
}
