import { nameIn } from '../../platform/i18n/index.js';

/**
 * The screening instrument engine: instruments are data. An instrument is imported from a FHIR R4 Questionnaire
 * (items, answer options with their scores, languages through the FHIR translation extension), and Ponte keeps
 * what it needs to administer and score it as an `Instrument`.
 */

export type Names = Record<string, string>;

export interface AnswerOption {
  code: string;
  /** The coding system of the option, kept for the QuestionnaireResponse export. */
  system?: string;
  display: Names;
  score: number;
}

export interface InstrumentItem {
  linkId: string;
  /** `display` items are text shown between questions; `choice` items are answered with one option. */
  type: 'choice' | 'display';
  text: Names;
  required: boolean;
  options: AnswerOption[];
  /** More than one option may be chosen (FHIR `repeats`); each chosen option's score counts. */
  repeats?: boolean;
  /** False for a question whose options carry no score: it is asked, and left out of the total. */
  scored?: boolean;
}

/** A score band: [min, max] inclusive. Bands that are above the cut-off call for follow-up. */
export interface ScoreBand {
  code: string;
  min: number;
  max: number;
  label: Names;
  aboveCutoff: boolean;
  /** Guideline recommendations that apply to a result in this band (follow-up suggestions). */
  recommendations: { guideline: string; identifier: string }[];
}

/** The Questionnaire's own total-score item (computed, never asked), so the export can answer it. */
export interface TotalScoreItem {
  linkId: string;
  type: 'decimal' | 'integer' | 'quantity';
  text: Names;
  unit?: { system?: string; code?: string; display?: string };
}

export interface Instrument {
  code: string;
  version: string;
  /** The Questionnaire's canonical URL, when it has one. */
  url: string | null;
  title: Names;
  description: Names;
  /** Languages every item is available in. */
  languages: string[];
  /** Licence and attribution, shown wherever the instrument is. */
  licence: Names;
  /** False for instruments that are not validated (the demo one): shown as a warning on every result. */
  validated: boolean;
  items: InstrumentItem[];
  /** The total is the sum of the chosen options' scores; the cut-off is the lowest score that is above it. */
  cutoff: number | null;
  bands: ScoreBand[];
  /** The language of the Questionnaire's own texts (its `language`). */
  baseLanguage?: string;
  /** The lowest and highest total the answers can give. */
  range?: { min: number; max: number };
  totalItem?: TotalScoreItem | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Extensions

const PONTE_SD = 'https://ponte-project.org/fhir/StructureDefinition/';
export const PONTE_EXTENSIONS = {
  /** On Questionnaire, repeating: code, min, max, label (+ translations), aboveCutoff, recommendation ("slug#R3"). */
  scoreBand: `${PONTE_SD}score-band`,
  /** On Questionnaire: valueDecimal or valueInteger, the lowest total that is above the cut-off. */
  scoreCutoff: `${PONTE_SD}score-cutoff`,
  /** On Questionnaire: valueBoolean true for an instrument that is not validated. */
  notValidated: `${PONTE_SD}not-validated`,
  /** On QuestionnaireResponse: score (valueDecimal), band (valueCode), aboveCutoff (valueBoolean). */
  screeningResult: `${PONTE_SD}screening-result`,
} as const;

const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';
/** Where published Questionnaires put an option's score: the current extension, R5's, and the older ISO 21090 one. */
const SCORE_EXTENSIONS = ['http://hl7.org/fhir/StructureDefinition/ordinalValue', 'http://hl7.org/fhir/StructureDefinition/itemWeight', 'http://hl7.org/fhir/StructureDefinition/iso21090-CO-value'];
const UNIT_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/questionnaire-unit';
/** An item whose value is computed (SDC calculatedExpression, or the older CQF one) is a score, not a question. */
const isCalculationUrl = (url: string) => url.endsWith('calculatedExpression') || url.endsWith('cqf-calculatedValue');

const FHIR_ITEM_TYPES = new Set(['group', 'display', 'question', 'boolean', 'decimal', 'integer', 'date', 'dateTime', 'time', 'string', 'text', 'url', 'choice', 'open-choice', 'attachment', 'reference', 'quantity']);

/** Bounds on what an import may hold: a screening instrument is short, and the definition is read on every answer. */
export const INSTRUMENT_LIMITS = {
  inputChars: 2_000_000,
  items: 200,
  depth: 8,
  optionsPerItem: 50,
  textChars: 2_000,
  /** Description and copyright. */
  longTextChars: 10_000,
  titleChars: 300,
  codeChars: 100,
  languages: 40,
  bands: 20,
  recommendationsPerBand: 20,
  maxAbsScore: 1_000,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Parsing

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const extensions = (o: unknown): J[] => (isObj(o) ? arr(o.extension).filter(isObj) : []);
const extValueNumber = (e: J): number | null => num(e.valueDecimal) ?? num(e.valueInteger);

/** A BCP 47 tag in canonical form ("en-us" → "en-US"), or null when it is not one. */
export function languageTag(v: unknown): string | null {
  if (typeof v !== 'string' || !v.trim() || v.length > 35) return null;
  try {
    return Intl.getCanonicalLocales(v.trim())[0] ?? null;
  } catch {
    return null;
  }
}

/** A band as an administrator gives it at import, for a published Questionnaire that carries none. */
export interface BandInput {
  code: string;
  min: number;
  max: number;
  /** A plain string is taken to be in the Questionnaire's language. */
  label: Names | string;
  /** Derived from the cut-off when left out. */
  aboveCutoff?: boolean;
  /** "guideline-slug#R3", or the parts. */
  recommendations?: (string | { guideline: string; identifier: string })[];
}

export interface ParseOptions {
  bands?: BandInput[];
  cutoff?: number;
  licence?: Names | string;
  /** The instrument's code, when the Questionnaire's url, id and name do not give a good one. */
  code?: string;
  /** The version, for a Questionnaire that states none. */
  version?: string;
  /** Treat every question as required (published Questionnaires often mark none, but a total needs them all). */
  requireAll?: boolean;
}

export type ParseResult = { ok: true; instrument: Instrument; warnings: string[] } | { ok: false; errors: string[] };

const RECOMMENDATION = /^([a-z0-9][a-z0-9-]{0,99})#([A-Za-z0-9][A-Za-z0-9._-]{0,39})$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** "guideline-slug#R3" → its parts, or null. */
export function parseRecommendationRef(v: unknown): { guideline: string; identifier: string } | null {
  if (isObj(v)) return typeof v.guideline === 'string' && typeof v.identifier === 'string' ? parseRecommendationRef(`${v.guideline}#${v.identifier}`) : null;
  const m = typeof v === 'string' ? RECOMMENDATION.exec(v.trim()) : null;
  return m ? { guideline: m[1]!, identifier: m[2]! } : null;
}

/**
 * Reads a FHIR R4 Questionnaire into an instrument, or says in plain words what stops it (which item, which
 * option, which band). What does not stop it — a language some text lacks, a free-text item left out — comes
 * back as warnings.
 */
export function parseQuestionnaire(json: unknown, opts: ParseOptions = {}): ParseResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const fail = (): ParseResult => ({ ok: false, errors: [...new Set(errors)].slice(0, 50) });

  let size = 0;
  try {
    size = JSON.stringify(json)?.length ?? 0;
  } catch {
    return { ok: false, errors: ['The file is not a JSON document.'] };
  }
  if (size > INSTRUMENT_LIMITS.inputChars) return { ok: false, errors: [`The Questionnaire is too large (${Math.round(size / 1000)} kB; at most ${INSTRUMENT_LIMITS.inputChars / 1000} kB).`] };
  if (!isObj(json)) return { ok: false, errors: ['The file is not a FHIR resource (a JSON object was expected).'] };
  if (json.resourceType !== 'Questionnaire') {
    return { ok: false, errors: [typeof json.resourceType === 'string' ? `The resource is a ${json.resourceType.slice(0, 60)}, not a Questionnaire.` : 'The resource has no resourceType: a FHIR Questionnaire was expected.'] };
  }

  let base = languageTag(json.language);
  if (json.language !== undefined && !base) errors.push(`The Questionnaire's language "${String(json.language).slice(0, 40)}" is not a language code.`);
  if (!base) {
    base = 'en';
    if (json.language === undefined) warnings.push('The Questionnaire states no language: its texts are taken to be in English (en).');
  }
  const baseLang = base;

  /** Every text a resident or operator sees, so each language can be checked for completeness. */
  const required: { where: string; names: Names }[] = [];

  /** A string element with its translations (`_field`), checked for length. */
  const readText = (parent: J, field: string, where: string, max: number = INSTRUMENT_LIMITS.textChars): Names | null => {
    const value = str(parent[field]);
    if (value === null) return null;
    const names: Names = { [baseLang]: value };
    if (value.length > max) errors.push(`${where} is too long (${value.length} characters; at most ${max}).`);
    for (const e of extensions(parent[`_${field}`])) {
      if (e.url !== TRANSLATION) continue;
      const subs = extensions(e);
      const lang = languageTag(subs.find((s) => s.url === 'lang')?.valueCode);
      const content = str(subs.find((s) => s.url === 'content')?.valueString) ?? str(subs.find((s) => s.url === 'content')?.valueMarkdown);
      if (!lang || content === null) {
        errors.push(`${where} has a translation without a valid language code or text.`);
        continue;
      }
      if (content.length > max) errors.push(`${where} in "${lang}" is too long (${content.length} characters; at most ${max}).`);
      if (lang !== baseLang) names[lang] = content;
    }
    return names;
  };

  const title = (json.title !== undefined ? readText(json, 'title', 'The title', INSTRUMENT_LIMITS.titleChars) : null) ?? (str(json.name) ? { [baseLang]: str(json.name)! } : null);
  if (!title) errors.push('The Questionnaire has no title or name.');
  else required.push({ where: 'the title', names: title });
  const description = readText(json, 'description', 'The description', INSTRUMENT_LIMITS.longTextChars) ?? {};

  // The code and version identify the instrument: re-importing the same pair is refused, a new version sits beside.
  const url = str(json.url);
  if (url && (url.length > 500 || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(url))) errors.push('The Questionnaire url is not a URL.');
  const urlTail = url ? url.replace(/[|#?].*$/, '').split('/').filter(Boolean).pop() : undefined;
  const code = str(opts.code) ?? (urlTail && CODE.test(urlTail) ? urlTail : null) ?? str(json.id) ?? (str(json.name) ? str(json.name)!.toLowerCase() : null);
  if (!code) errors.push('The Questionnaire has no url, id or name to identify it: give a code.');
  else if (!CODE.test(code)) errors.push(`The code "${code.slice(0, 70)}" may hold only letters, digits, dots, dashes and underscores (at most 64).`);
  const version = str(opts.version) ?? str(json.version);
  if (!version) errors.push('The Questionnaire has no version: give one, so that later versions can sit beside it.');
  else if (version.length > 40) errors.push('The version is too long (at most 40 characters).');
  if (json.status === 'retired') errors.push('The Questionnaire is retired (status "retired").');

  // Items, groups flattened in order.
  const items: InstrumentItem[] = [];
  const linkIds = new Set<string>();
  let totalItem: TotalScoreItem | null = null;
  let count = 0;
  let tooMany = false;

  const walk = (list: unknown, depth: number, parentLabel: string) => {
    if (depth > INSTRUMENT_LIMITS.depth) {
      errors.push(`Items are nested too deeply under ${parentLabel} (at most ${INSTRUMENT_LIMITS.depth} levels).`);
      return;
    }
    for (const [i, raw] of arr(list).entries()) {
      if (++count > INSTRUMENT_LIMITS.items) {
        if (!tooMany) errors.push(`The Questionnaire has too many items (at most ${INSTRUMENT_LIMITS.items}).`);
        tooMany = true;
        return;
      }
      if (!isObj(raw)) {
        errors.push(`Item ${i + 1} under ${parentLabel} is not an object.`);
        continue;
      }
      const linkId = str(raw.linkId);
      if (!linkId) {
        errors.push(`Item ${i + 1} under ${parentLabel} has no linkId.`);
        continue;
      }
      const label = `Item "${linkId.slice(0, 60)}"`;
      if (linkId.length > INSTRUMENT_LIMITS.codeChars) errors.push(`${label} has a linkId longer than ${INSTRUMENT_LIMITS.codeChars} characters.`);
      if (linkIds.has(linkId)) errors.push(`Two items have the same linkId "${linkId.slice(0, 60)}".`);
      linkIds.add(linkId);
      const type = typeof raw.type === 'string' ? raw.type : '';
      if (!FHIR_ITEM_TYPES.has(type)) {
        errors.push(`${label} has ${type ? `an unknown type "${type.slice(0, 30)}"` : 'no type'}.`);
        continue;
      }
      const computed = raw.readOnly === true || extensions(raw).some((e) => typeof e.url === 'string' && isCalculationUrl(e.url));
      const text = readText(raw, 'text', `The text of ${label.toLowerCase()}`);
      const conditional = arr(raw.enableWhen).length > 0;

      if (type === 'group' || type === 'display') {
        if (text) {
          items.push({ linkId, type: 'display', text, required: false, options: [] });
          required.push({ where: `item ${linkId}`, names: text });
        }
        walk(raw.item, depth + 1, label.toLowerCase());
        continue;
      }
      if (computed) {
        // A total (or sub-total) the form computes: Ponte computes the total itself; the first one is kept for the export.
        if (!totalItem && (type === 'decimal' || type === 'integer' || type === 'quantity')) {
          const unit = extensions(raw).find((e) => e.url === UNIT_EXTENSION);
          const coding = isObj(unit?.valueCoding) ? unit.valueCoding : isObj(unit?.valueCodeableConcept) ? arr(unit.valueCodeableConcept.coding).find(isObj) : undefined;
          totalItem = {
            linkId,
            type,
            text: text ?? {},
            ...(coding ? { unit: { system: str(coding.system) ?? undefined, code: str(coding.code) ?? undefined, display: str(coding.display) ?? undefined } } : {}),
          };
        }
        continue;
      }
      if (type !== 'choice' && type !== 'open-choice') {
        if (raw.required === true && !conditional) errors.push(`${label} asks for a ${type} answer, and is required: screenings take coded answers only (choice items).`);
        else warnings.push(`${label} asks for a ${type} answer and is left out: screenings take coded answers only.`);
        continue;
      }

      if (!text) errors.push(`${label} has no text.`);
      else required.push({ where: `item ${linkId}`, names: text });
      if (type === 'open-choice') warnings.push(`${label} also allows free text; only its options are offered.`);
      const rawOptions = arr(raw.answerOption);
      if (!rawOptions.length) {
        errors.push(raw.answerValueSet ? `${label} takes its options from a value set (answerValueSet): list them as answerOption with their scores.` : `${label} is a choice question without answer options.`);
        continue;
      }
      if (rawOptions.length > INSTRUMENT_LIMITS.optionsPerItem) errors.push(`${label} has too many answer options (at most ${INSTRUMENT_LIMITS.optionsPerItem}).`);
      const options: AnswerOption[] = [];
      const unscored: string[] = [];
      const codes = new Set<string>();
      for (const [j, o] of rawOptions.slice(0, INSTRUMENT_LIMITS.optionsPerItem).entries()) {
        const coding = isObj(o) && isObj(o.valueCoding) ? o.valueCoding : null;
        if (!coding) {
          errors.push(`Option ${j + 1} of ${label.toLowerCase()} is not a coded answer (valueCoding).`);
          continue;
        }
        const optionCode = str(coding.code);
        if (!optionCode) {
          errors.push(`Option ${j + 1} of ${label.toLowerCase()} has no code.`);
          continue;
        }
        const optLabel = `Option "${optionCode.slice(0, 40)}" of ${label.toLowerCase()}`;
        if (optionCode.length > INSTRUMENT_LIMITS.codeChars) errors.push(`${optLabel} has a code longer than ${INSTRUMENT_LIMITS.codeChars} characters.`);
        if (codes.has(optionCode)) errors.push(`${label} has two options with the code "${optionCode.slice(0, 40)}".`);
        codes.add(optionCode);
        const display = readText(coding, 'display', optLabel);
        if (!display) errors.push(`${optLabel} has no display text.`);
        else required.push({ where: `item ${linkId} option ${optionCode}`, names: display });
        const scoreExt = [...extensions(o), ...extensions(coding)].find((e) => SCORE_EXTENSIONS.includes(e.url as string));
        const score = scoreExt ? extValueNumber(scoreExt) : null;
        if (scoreExt && score === null) errors.push(`${optLabel} has a score that is not a number.`);
        if (score !== null && Math.abs(score) > INSTRUMENT_LIMITS.maxAbsScore) errors.push(`${optLabel} has a score out of bounds (at most ±${INSTRUMENT_LIMITS.maxAbsScore}).`);
        if (score === null) unscored.push(optionCode);
        const system = str(coding.system);
        options.push({ code: optionCode, ...(system ? { system } : {}), display: display ?? {}, score: score ?? 0 });
      }
      let scored = true;
      if (unscored.length === options.length && options.length) {
        scored = false;
        warnings.push(`${label} has no scores on its options: it is asked but does not count in the total.`);
      } else if (unscored.length) {
        for (const c of unscored) errors.push(`Option "${c.slice(0, 40)}" of ${label.toLowerCase()} has no score (an ordinalValue, itemWeight or iso21090-CO-value extension), while the other options have one.`);
      }
      if (conditional) warnings.push(`${label} is shown only under a condition (enableWhen); Ponte asks it always, as optional.`);
      const isRequired = !conditional && (raw.required === true || opts.requireAll === true);
      items.push({ linkId, type: 'choice', text: text ?? {}, required: isRequired, options, ...(raw.repeats === true ? { repeats: true } : {}), ...(scored ? {} : { scored: false }) });
      walk(raw.item, depth + 1, label.toLowerCase());
    }
  };
  if (!Array.isArray(json.item) || !json.item.length) return { ok: false, errors: [...errors, 'The Questionnaire has no items.'] };
  walk(json.item, 1, 'the Questionnaire');

  const questions = items.filter((i) => i.type === 'choice');
  const scoredQuestions = questions.filter((i) => i.scored !== false);
  if (!questions.length) errors.push('The Questionnaire has no choice questions that Ponte can ask.');
  else if (!scoredQuestions.length) errors.push('No question carries scores on its options, so no result can be computed.');
  const optionalScored = scoredQuestions.filter((i) => !i.required);
  if (optionalScored.length) warnings.push(`${optionalScored.length} scored question(s) are optional (${optionalScored.slice(0, 5).map((i) => i.linkId).join(', ')}${optionalScored.length > 5 ? ', …' : ''}): an unanswered one counts 0. Import with "every question required" to prevent that.`);

  // The totals the answers can give, and the step between them (scores in tenths step by 0.1).
  const range = { min: 0, max: 0 };
  let decimals = 0;
  for (const item of scoredQuestions) {
    const scores = item.options.map((o) => o.score);
    for (const s of scores) decimals = Math.max(decimals, (String(s).split('.')[1] ?? '').length);
    if (item.repeats) {
      const negatives = scores.filter((s) => s < 0).reduce((a, b) => a + b, 0);
      const positives = scores.filter((s) => s > 0).reduce((a, b) => a + b, 0);
      range.min += item.required && !negatives ? Math.min(...scores) : negatives;
      range.max += item.required && !positives ? Math.max(...scores) : positives;
    } else {
      range.min += item.required ? Math.min(...scores) : Math.min(0, ...scores);
      range.max += item.required ? Math.max(...scores) : Math.max(0, ...scores);
    }
  }
  const step = 10 ** -Math.min(decimals, 6);
  range.min = round(range.min);
  range.max = round(range.max);

  // Bands and cut-off: the admin's at import, or the Questionnaire's own Ponte extensions.
  const qExt = extensions(json);
  const cutoffExt = qExt.find((e) => e.url === PONTE_EXTENSIONS.scoreCutoff);
  let cutoff: number | null = opts.cutoff !== undefined ? num(opts.cutoff) : cutoffExt ? extValueNumber(cutoffExt) : null;
  if (opts.cutoff !== undefined && cutoff === null) errors.push('The cut-off given is not a number.');
  if (opts.cutoff === undefined && cutoffExt && cutoff === null) errors.push('The score-cutoff extension has no number (valueDecimal or valueInteger).');

  type Draft = { code: string; min: number; max: number; label: Names; aboveCutoff?: boolean; recommendations: { guideline: string; identifier: string }[] };
  const drafts: Draft[] = [];
  const bandExts = qExt.filter((e) => e.url === PONTE_EXTENSIONS.scoreBand);
  if (opts.bands) {
    if (bandExts.length) warnings.push('The bands given at import replace those in the Questionnaire.');
    for (const [i, b] of opts.bands.entries()) {
      const where = `Band ${i + 1}${isObj(b) && typeof b.code === 'string' ? ` ("${b.code.slice(0, 40)}")` : ''}`;
      if (!isObj(b)) {
        errors.push(`${where} is not an object.`);
        continue;
      }
      const label: Names | null = typeof b.label === 'string' ? (str(b.label) ? { [baseLang]: str(b.label)! } : null) : isObj(b.label) ? namesOf(b.label) : null;
      const recs = arr(b.recommendations).map((r) => {
        const ref = parseRecommendationRef(r);
        if (!ref) errors.push(`${where} has a recommendation "${String(isObj(r) ? `${String(r.guideline)}#${String(r.identifier)}` : r).slice(0, 80)}" that is not of the form guideline-slug#R3.`);
        return ref;
      });
      drafts.push({ code: String(b.code ?? ''), min: num(b.min) ?? NaN, max: num(b.max) ?? NaN, label: label ?? {}, ...(typeof b.aboveCutoff === 'boolean' ? { aboveCutoff: b.aboveCutoff } : {}), recommendations: recs.filter((r) => r !== null) });
      if (!label) errors.push(`${where} has no label.`);
    }
  } else {
    for (const [i, e] of bandExts.entries()) {
      const subs = extensions(e);
      const sub = (name: string) => subs.find((s) => s.url === name);
      const bandCode = str(sub('code')?.valueCode) ?? str(sub('code')?.valueString) ?? '';
      const where = `Band ${i + 1}${bandCode ? ` ("${bandCode.slice(0, 40)}")` : ''}`;
      const labelExt = sub('label');
      const label = labelExt ? readText(labelExt, 'valueString', `The label of ${where.toLowerCase()}`, INSTRUMENT_LIMITS.titleChars) : null;
      if (!label) errors.push(`${where} has no label.`);
      const above = sub('aboveCutoff')?.valueBoolean;
      const recs = subs
        .filter((s) => s.url === 'recommendation')
        .map((s) => {
          const ref = parseRecommendationRef(s.valueString);
          if (!ref) errors.push(`${where} has a recommendation "${String(s.valueString).slice(0, 80)}" that is not of the form guideline-slug#R3.`);
          return ref;
        });
      const min = sub('min') ? extValueNumber(sub('min')!) : null;
      const max = sub('max') ? extValueNumber(sub('max')!) : null;
      drafts.push({ code: bandCode, min: min ?? NaN, max: max ?? NaN, label: label ?? {}, ...(typeof above === 'boolean' ? { aboveCutoff: above } : {}), recommendations: recs.filter((r) => r !== null) });
    }
  }
  if (drafts.length > INSTRUMENT_LIMITS.bands) errors.push(`There are too many bands (at most ${INSTRUMENT_LIMITS.bands}).`);

  const bandCodes = new Set<string>();
  for (const [i, b] of drafts.entries()) {
    const where = `Band ${i + 1}${b.code ? ` ("${b.code.slice(0, 40)}")` : ''}`;
    if (!CODE.test(b.code)) errors.push(`${where} needs a code of letters, digits and dashes.`);
    if (bandCodes.has(b.code)) errors.push(`Two bands have the code "${b.code.slice(0, 40)}".`);
    bandCodes.add(b.code);
    if (Number.isNaN(b.min) || Number.isNaN(b.max)) errors.push(`${where} needs a minimum and a maximum score (numbers).`);
    else if (b.min > b.max) errors.push(`${where} starts at ${b.min}, after its end ${b.max}.`);
    if (b.recommendations.length > INSTRUMENT_LIMITS.recommendationsPerBand) errors.push(`${where} lists too many recommendations (at most ${INSTRUMENT_LIMITS.recommendationsPerBand}).`);
    if (Object.keys(b.label).length) required.push({ where: `band ${b.code}`, names: b.label });
  }

  const bandsValid = drafts.length > 0 && drafts.every((b) => !Number.isNaN(b.min) && !Number.isNaN(b.max) && b.min <= b.max);
  const sorted = [...drafts].sort((a, b) => a.min - b.min);
  if (bandsValid && scoredQuestions.length) {
    const fmt = (n: number) => String(round(n));
    const first = sorted[0]!;
    const last = sorted[sorted.length - 1]!;
    if (first.min > range.min + 1e-9) errors.push(`No band covers the scores from ${fmt(range.min)} to ${fmt(first.min - step)}: the possible scores run from ${fmt(range.min)} to ${fmt(range.max)}.`);
    if (last.max < range.max - 1e-9) errors.push(`No band covers the scores from ${fmt(last.max + step)} to ${fmt(range.max)}: the possible scores run from ${fmt(range.min)} to ${fmt(range.max)}.`);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const next = sorted[i]!;
      if (next.min <= prev.max + 1e-9) errors.push(`Bands "${prev.code}" (${fmt(prev.min)}–${fmt(prev.max)}) and "${next.code}" (${fmt(next.min)}–${fmt(next.max)}) overlap.`);
      else {
        // The next total the answers can reach after prev.max must be in the next band.
        const nextReachable = (Math.floor(prev.max / step + 1e-9) + 1) * step;
        if (nextReachable < next.min - 1e-9) errors.push(`No band covers the scores between ${fmt(prev.max)} and ${fmt(next.min)} (bands "${prev.code}" and "${next.code}" leave a gap).`);
      }
    }
  }

  if (cutoff === null && drafts.some((b) => b.aboveCutoff)) {
    const above = drafts.filter((b) => b.aboveCutoff && !Number.isNaN(b.min));
    if (above.length) cutoff = Math.min(...above.map((b) => b.min));
  }
  if (cutoff !== null && scoredQuestions.length && (cutoff < range.min - 1e-9 || cutoff > range.max + 1e-9)) {
    errors.push(`The cut-off ${round(cutoff)} is outside the possible scores (${range.min} to ${range.max}).`);
  }
  const bands: ScoreBand[] = sorted.map((b) => {
    let aboveCutoff = b.aboveCutoff ?? false;
    if (cutoff !== null && !Number.isNaN(b.min)) {
      const side = b.min >= cutoff - 1e-9 ? true : b.max < cutoff - 1e-9 ? false : null;
      if (side === null) errors.push(`Band "${b.code}" (${b.min}–${b.max}) spans the cut-off ${cutoff}: a band must lie wholly below or above it.`);
      else if (b.aboveCutoff !== undefined && b.aboveCutoff !== side) errors.push(`Band "${b.code}" (${b.min}–${b.max}) is ${side ? 'at or above' : 'below'} the cut-off ${cutoff} but is marked as ${b.aboveCutoff ? 'above' : 'below'} it.`);
      else aboveCutoff = side;
    }
    return { code: b.code, min: b.min, max: b.max, label: b.label, aboveCutoff, recommendations: b.recommendations };
  });
  if (!drafts.length && cutoff === null) warnings.push('There are no score bands and no cut-off: results show the score only.');

  const licence: Names = typeof opts.licence === 'string' ? (str(opts.licence) ? { [baseLang]: str(opts.licence)! } : {}) : isObj(opts.licence) ? namesOf(opts.licence) : (readText(json, 'copyright', 'The copyright', INSTRUMENT_LIMITS.longTextChars) ?? {});
  if (!Object.keys(licence).length) warnings.push('The Questionnaire states no licence or copyright: check that you may use it.');
  const notValidated = qExt.find((e) => e.url === PONTE_EXTENSIONS.notValidated)?.valueBoolean === true;

  // A language is offered only if every text the resident sees is in it.
  const all = new Set<string>([baseLang]);
  for (const t of required) for (const lang of Object.keys(t.names)) all.add(lang);
  if (all.size > INSTRUMENT_LIMITS.languages) errors.push(`The Questionnaire has too many languages (at most ${INSTRUMENT_LIMITS.languages}).`);
  const languages: string[] = [];
  for (const lang of all) {
    const missing = required.filter((t) => !t.names[lang]).map((t) => t.where);
    if (!missing.length) languages.push(lang);
    else warnings.push(`Language "${lang}" is incomplete and is not offered: no text for ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}.`);
  }

  if (errors.length) return fail();
  return {
    ok: true,
    warnings,
    instrument: {
      code: code!,
      version: version!,
      url: url ? url.replace(/\|.*$/, '') : null,
      title: title!,
      description,
      languages: [baseLang, ...languages.filter((l) => l !== baseLang).sort()],
      licence,
      validated: !notValidated,
      items,
      cutoff: cutoff === null ? null : round(cutoff),
      bands,
      baseLanguage: baseLang,
      range,
      totalItem,
    },
  };
}

/** Names given by an administrator as an object: language tags to non-empty strings. */
function namesOf(o: J): Names {
  const out: Names = {};
  for (const [k, v] of Object.entries(o)) {
    const lang = languageTag(k);
    const text = str(v);
    if (lang && text) out[lang] = text.slice(0, INSTRUMENT_LIMITS.titleChars);
  }
  return out;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

// ---------------------------------------------------------------------------------------------------------------
// Answers and scoring

export type Answers = Record<string, string[]>;

/**
 * Checks answers sent for an instrument: known questions, known options, one option unless the question repeats.
 * An empty list clears a question's answer.
 */
export function checkAnswers(instrument: Instrument, input: unknown): { ok: true; answers: Answers } | { ok: false; errors: string[] } {
  if (!isObj(input)) return { ok: false, errors: ['Answers must be an object of question → chosen option codes.'] };
  const errors: string[] = [];
  const answers: Answers = {};
  const entries = Object.entries(input);
  if (entries.length > INSTRUMENT_LIMITS.items) return { ok: false, errors: ['Too many answers.'] };
  for (const [linkId, raw] of entries) {
    const item = instrument.items.find((i) => i.linkId === linkId);
    const label = `Question "${linkId.slice(0, 60)}"`;
    if (!item || item.type !== 'choice') {
      errors.push(`${label} is not in this instrument.`);
      continue;
    }
    const codes = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : null;
    if (!codes || !codes.every((c): c is string => typeof c === 'string')) {
      errors.push(`${label}: answers must be option codes.`);
      continue;
    }
    const unique = [...new Set(codes)];
    if (unique.length > 1 && !item.repeats) errors.push(`${label} takes one answer.`);
    for (const c of unique) if (!item.options.some((o) => o.code === c)) errors.push(`${label} has no option "${c.slice(0, 40)}".`);
    answers[linkId] = unique;
  }
  return errors.length ? { ok: false, errors } : { ok: true, answers };
}

export interface ScoreResult {
  /** Every required question is answered: the score, band and cut-off are final. */
  ok: boolean;
  score: number;
  band: ScoreBand | null;
  aboveCutoff: boolean | null;
  /** Required questions without an answer. */
  missing: string[];
}

/** The total of the chosen options' scores, its band and which side of the cut-off it falls; unknown codes are ignored. */
export function scoreAnswers(instrument: Instrument, answers: Answers): ScoreResult {
  let score = 0;
  const missing: string[] = [];
  for (const item of instrument.items) {
    if (item.type !== 'choice') continue;
    const chosen = (answers[item.linkId] ?? []).filter((c) => item.options.some((o) => o.code === c));
    if (!chosen.length) {
      if (item.required) missing.push(item.linkId);
      continue;
    }
    if (item.scored === false) continue;
    for (const c of item.repeats ? chosen : chosen.slice(0, 1)) score += item.options.find((o) => o.code === c)!.score;
  }
  score = round(score);
  const ok = missing.length === 0;
  const band = ok ? (instrument.bands.find((b) => b.min <= score + 1e-9 && score <= b.max + 1e-9) ?? null) : null;
  const aboveCutoff = !ok ? null : instrument.cutoff !== null ? score >= instrument.cutoff - 1e-9 : band ? band.aboveCutoff : null;
  return { ok, score, band, aboveCutoff, missing };
}

/** A text in the locale, else in another variant of its language, else English, else whichever there is. */
export function textIn(names: Names | undefined | null, locale: string): string {
  if (!names) return '';
  if (names[locale]) return names[locale]!;
  const primary = locale.split('-')[0]!.toLowerCase();
  const variant = Object.keys(names).find((k) => names[k] && k.split('-')[0]!.toLowerCase() === primary);
  if (variant) return names[variant]!;
  return nameIn(names, locale, Object.values(names).find(Boolean) ?? '');
}

// ---------------------------------------------------------------------------------------------------------------
// FHIR QuestionnaireResponse

export interface ScreeningData {
  status: 'in-progress' | 'completed';
  answers: Answers;
  score: number | null;
  band: string | null;
  aboveCutoff: boolean | null;
}

export interface ResponseOptions {
  /** The Questionnaire's canonical, with `|version`. */
  questionnaireRef: string;
  subjectRef?: string;
  authored: Date | string;
  /** The language the screening was administered in: texts and option displays are given in it. */
  language: string;
  id?: string;
}

type FhirJson = Record<string, unknown>;

/**
 * A FHIR R4 QuestionnaireResponse for a screening: one item per answered question (linkIds unique, answers as
 * Coding with the display in the screening's language), the total as the Questionnaire's total-score item when it
 * has one, and the result (score, band, cut-off) as a Ponte extension once completed.
 */
export function toQuestionnaireResponse(instrument: Instrument, data: ScreeningData, opts: ResponseOptions): FhirJson {
  const lang = opts.language;
  const item: FhirJson[] = [];
  for (const q of instrument.items) {
    if (q.type !== 'choice') continue;
    const chosen = (data.answers[q.linkId] ?? []).map((c) => q.options.find((o) => o.code === c)).filter((o): o is AnswerOption => !!o);
    if (!chosen.length) continue;
    item.push({
      linkId: q.linkId,
      text: textIn(q.text, lang),
      answer: chosen.map((o) => ({ valueCoding: { ...(o.system ? { system: o.system } : {}), code: o.code, display: textIn(o.display, lang) } })),
    });
  }
  const completed = data.status === 'completed' && data.score !== null;
  const total = instrument.totalItem;
  if (completed && total) {
    const value =
      total.type === 'quantity'
        ? { valueQuantity: { value: data.score, ...(total.unit?.display || total.unit?.code ? { unit: total.unit.display ?? total.unit.code } : {}), ...(total.unit?.system ? { system: total.unit.system } : {}), ...(total.unit?.code ? { code: total.unit.code } : {}) } }
        : total.type === 'integer' && Number.isInteger(data.score)
          ? { valueInteger: data.score }
          : { valueDecimal: data.score };
    const text = textIn(total.text, lang);
    item.push({ linkId: total.linkId, ...(text ? { text } : {}), answer: [value] });
  }
  const result: FhirJson[] = [];
  if (completed) {
    result.push({ url: 'score', valueDecimal: data.score });
    if (data.band) result.push({ url: 'band', valueCode: data.band });
    if (data.aboveCutoff !== null) result.push({ url: 'aboveCutoff', valueBoolean: data.aboveCutoff });
  }
  const authored = opts.authored instanceof Date ? opts.authored.toISOString() : opts.authored;
  return {
    resourceType: 'QuestionnaireResponse',
    ...(opts.id ? { id: opts.id } : {}),
    language: lang,
    ...(result.length ? { extension: [{ url: PONTE_EXTENSIONS.screeningResult, extension: result }] } : {}),
    questionnaire: opts.questionnaireRef,
    status: data.status === 'completed' ? 'completed' : 'in-progress',
    ...(opts.subjectRef ? { subject: { reference: opts.subjectRef } } : {}),
    authored,
    ...(item.length ? { item } : {}),
  };
}
