import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_RECOMMENDATIONS } from '../guidelines/demo-content.js';
import { DEMO_GUIDELINE } from '../guidelines/demo.js';
import { type BandInput, checkAnswers, type Instrument, parseQuestionnaire, PONTE_EXTENSIONS, scoreAnswers, textIn, toQuestionnaireResponse } from './instruments.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- FHIR JSON edited in place
const demoJson = (): J => JSON.parse(readFileSync(new URL('./demo-instrument.json', import.meta.url), 'utf8'));
const LANGS = ['en', 'it', 'de', 'es', 'el', 'ar'];

function parsed(json: unknown, opts?: Parameters<typeof parseQuestionnaire>[1]) {
  const r = parseQuestionnaire(json, opts);
  if (!r.ok) throw new Error(`expected the Questionnaire to parse: ${r.errors.join(' | ')}`);
  return r;
}
function refused(json: unknown, opts?: Parameters<typeof parseQuestionnaire>[1]): string[] {
  const r = parseQuestionnaire(json, opts);
  if (r.ok) throw new Error('expected the Questionnaire to be refused');
  return r.errors;
}
const questions = (i: Instrument) => i.items.filter((x) => x.type === 'choice');

// A PHQ-9-SHAPED panel as LOINC publishes such panels (a group of coded questions, LOINC answer codes with
// ordinalValue scores, an unscored difficulty question, a computed total), with placeholder texts: Ponte ships
// no third-party wording.
const LOINC = 'http://loinc.org';
const ANSWERS = [
  ['LA6568-5', 'Answer A', 0],
  ['LA6569-3', 'Answer B', 1],
  ['LA6570-1', 'Answer C', 2],
  ['LA6571-9', 'Answer D', 3],
] as const;
const scoreExt = (url: string, score: number) => ({ url, valueDecimal: score });
function phqShaped(): J {
  const scored = Array.from({ length: 9 }, (_, i) => ({
    linkId: `/4425${i}-0`,
    code: [{ system: LOINC, code: `4425${i}-0` }],
    text: `Item ${i + 1}`,
    type: 'choice',
    required: false,
    answerOption: ANSWERS.map(([code, display, score]) =>
      // The three places published panels put a score: ordinalValue on the option, itemWeight, and the older
      // ISO 21090 extension on the coding.
      i === 7
        ? { valueCoding: { system: LOINC, code, display, extension: [scoreExt('http://hl7.org/fhir/StructureDefinition/iso21090-CO-value', score)] } }
        : { extension: [scoreExt(i === 8 ? 'http://hl7.org/fhir/StructureDefinition/itemWeight' : 'http://hl7.org/fhir/StructureDefinition/ordinalValue', score)], valueCoding: { system: LOINC, code, display } },
    ),
  }));
  return {
    resourceType: 'Questionnaire',
    meta: { profile: ['http://hl7.org/fhir/4.0/StructureDefinition/Questionnaire'] },
    url: 'http://loinc.org/q/44249-1',
    version: '2.72',
    name: 'PHQ9ShapedFixture',
    title: 'Nine-item fixture shaped like a LOINC panel',
    status: 'active',
    language: 'en',
    code: [{ system: LOINC, code: '44249-1' }],
    copyright: 'Placeholder copyright notice of the fixture.',
    item: [
      { linkId: '/44249-1', type: 'group', item: scored },
      {
        linkId: '/69722-7',
        text: 'Item 10',
        type: 'choice',
        required: false,
        answerOption: [
          { valueCoding: { system: LOINC, code: 'LA6572-7', display: 'Answer E' } },
          { valueCoding: { system: LOINC, code: 'LA6573-5', display: 'Answer F' } },
        ],
      },
      {
        linkId: '/44261-6',
        code: [{ system: LOINC, code: '44261-6' }],
        text: 'Total score',
        type: 'decimal',
        readOnly: true,
        required: false,
        extension: [
          { url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-unit', valueCoding: { system: 'http://unitsofmeasure.org', code: '{score}' } },
          { url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression', valueExpression: { language: 'text/fhirpath', expression: '%resource.item.answer.value.weight().sum()' } },
        ],
        item: [{ linkId: '/44261-6-help', type: 'display', text: 'How the total is made.' }],
      },
    ],
  };
}
const PHQ_BANDS: BandInput[] = [
  { code: 'minimal', min: 0, max: 4, label: 'Minimal' },
  { code: 'mild', min: 5, max: 9, label: 'Mild' },
  { code: 'moderate', min: 10, max: 14, label: 'Moderate', recommendations: ['psychosocial-support-refugees-demo#R8'] },
  { code: 'moderately-severe', min: 15, max: 19, label: { en: 'Moderately severe' } },
  { code: 'severe', min: 20, max: 27, label: 'Severe', recommendations: [{ guideline: 'psychosocial-support-refugees-demo', identifier: 'R9' }] },
];

describe('the demo instrument', () => {
  const { instrument, warnings } = parsed(demoJson());

  it('imports cleanly, in all six languages, marked as not validated', () => {
    expect(warnings).toEqual([]);
    expect(instrument.code).toBe('ponte-wellbeing-demo');
    expect(instrument.version).toBe('1.0.0');
    expect(instrument.url).toBe('https://ponte-project.org/fhir/Questionnaire/ponte-wellbeing-demo');
    expect([...instrument.languages].sort()).toEqual([...LANGS].sort());
    expect(instrument.languages[0]).toBe('en');
    expect(instrument.validated).toBe(false);
    for (const lang of LANGS) {
      expect(instrument.title[lang], lang).toBeTruthy();
      expect(instrument.description[lang], lang).toBeTruthy();
      expect(instrument.licence[lang], lang).toBeTruthy();
    }
    expect(instrument.title.en).toMatch(/demo.*not validated/i);
    expect(instrument.description.en).toMatch(/not a validated instrument/i);
    expect(instrument.description.en).toMatch(/must not be used for clinical decisions/i);
  });

  it('has an introduction and eight questions on the last two weeks, each with four options scored 0 to 3', () => {
    expect(instrument.items[0]).toMatchObject({ linkId: 'intro', type: 'display' });
    expect(instrument.items[0]!.text.en).toMatch(/not validated/);
    const qs = questions(instrument);
    expect(qs).toHaveLength(8);
    for (const q of qs) {
      expect(q.required).toBe(true);
      expect(q.text.en).toMatch(/^In the last two weeks/);
      expect(q.options.map((o) => o.score)).toEqual([0, 1, 2, 3]);
      for (const lang of LANGS) {
        expect(q.text[lang], `${q.linkId} ${lang}`).toBeTruthy();
        for (const o of q.options) expect(o.display[lang], `${q.linkId} ${o.code} ${lang}`).toBeTruthy();
      }
      // Arabic is real Arabic script, shown right to left.
      expect(q.text.ar).toMatch(/^[\u0600-\u06FF\s،؟.,()–-]+$/);
    }
    expect(instrument.range).toEqual({ min: 0, max: 24 });
    expect(instrument.totalItem).toMatchObject({ linkId: 'total', type: 'integer' });
  });

  it('does not reuse the answer scales of well-known third-party instruments', () => {
    const labels = questions(instrument).flatMap((q) => q.options.map((o) => o.display.en!.toLowerCase()));
    for (const theirs of ['not at all', 'several days', 'more than half the days', 'nearly every day', 'none of the time', 'a little of the time', 'some of the time', 'all of the time']) {
      expect(labels).not.toContain(theirs);
    }
  });

  it('bands 0–7 low, 8–14 moderate and 15–24 high, with the cut-off at 8', () => {
    expect(instrument.cutoff).toBe(8);
    expect(instrument.bands.map((b) => [b.code, b.min, b.max, b.aboveCutoff])).toEqual([
      ['low', 0, 7, false],
      ['moderate', 8, 14, true],
      ['high', 15, 24, true],
    ]);
    for (const b of instrument.bands) for (const lang of LANGS) expect(b.label[lang], `${b.code} ${lang}`).toBeTruthy();
  });

  it('recommends follow-up from the demo guideline, from its screening, referral and taking-charge steps', () => {
    for (const band of instrument.bands.filter((b) => b.aboveCutoff)) {
      expect(band.recommendations.length).toBeGreaterThan(0);
      for (const ref of band.recommendations) {
        expect(ref.guideline).toBe(DEMO_GUIDELINE.slug);
        const rec = DEMO_RECOMMENDATIONS.find((r) => r.identifier === ref.identifier);
        expect(rec, ref.identifier).toBeDefined();
        expect(rec!.only).toBeUndefined();
        expect(rec!.steps.some((s) => ['screening', 'referral', 'taking-charge'].includes(s)), ref.identifier).toBe(true);
      }
    }
  });
});

describe('importing a published, PHQ-9-shaped panel', () => {
  it('reads the LOINC structure: groups flattened, the three score extensions, the computed total dropped as a question', () => {
    const { instrument, warnings } = parsed(phqShaped(), { bands: PHQ_BANDS, cutoff: 10, requireAll: true });
    expect(instrument.code).toBe('44249-1');
    expect(instrument.version).toBe('2.72');
    expect(instrument.languages).toEqual(['en']);
    expect(instrument.validated).toBe(true);
    expect(instrument.licence).toEqual({ en: 'Placeholder copyright notice of the fixture.' });
    const qs = questions(instrument);
    expect(qs.map((q) => q.linkId)).toEqual([...Array.from({ length: 9 }, (_, i) => `/4425${i}-0`), '/69722-7']);
    expect(qs.every((q) => q.required)).toBe(true);
    for (const q of qs.slice(0, 9)) expect(q.options.map((o) => [o.system, o.code, o.score])).toEqual(ANSWERS.map(([c, , s]) => [LOINC, c, s]));
    // The difficulty question has no scores: asked, not counted.
    expect(qs[9]!.scored).toBe(false);
    expect(warnings.join('\n')).toMatch(/"\/69722-7" has no scores/);
    // The total is the form's own item, for the export; its help text goes with it.
    expect(instrument.items.some((i) => i.linkId === '/44261-6' || i.linkId === '/44261-6-help')).toBe(false);
    expect(instrument.totalItem).toEqual({ linkId: '/44261-6', type: 'decimal', text: { en: 'Total score' }, unit: { system: 'http://unitsofmeasure.org', code: '{score}' } });
    expect(instrument.range).toEqual({ min: 0, max: 27 });
    expect(instrument.cutoff).toBe(10);
    expect(instrument.bands.map((b) => [b.code, b.aboveCutoff])).toEqual([
      ['minimal', false],
      ['mild', false],
      ['moderate', true],
      ['moderately-severe', true],
      ['severe', true],
    ]);
    expect(instrument.bands[2]!.recommendations).toEqual([{ guideline: 'psychosocial-support-refugees-demo', identifier: 'R8' }]);
    expect(instrument.bands[4]!.recommendations).toEqual([{ guideline: 'psychosocial-support-refugees-demo', identifier: 'R9' }]);
  });

  it('without bands it imports with the score only, and says so; optional scored questions are pointed out', () => {
    const { instrument, warnings } = parsed(phqShaped());
    expect(instrument.bands).toEqual([]);
    expect(instrument.cutoff).toBeNull();
    expect(warnings.join('\n')).toMatch(/no score bands and no cut-off/);
    expect(warnings.join('\n')).toMatch(/9 scored question\(s\) are optional/);
    expect(questions(instrument).some((q) => q.required)).toBe(false);
  });

  it('takes a code, version and licence given at import', () => {
    const q = phqShaped();
    delete q.version;
    expect(refused(q).join('\n')).toMatch(/has no version/);
    const { instrument } = parsed(q, { code: 'phq9-shaped', version: '1', licence: 'Used under the publisher’s terms.' });
    expect([instrument.code, instrument.version, instrument.licence]).toEqual(['phq9-shaped', '1', { en: 'Used under the publisher’s terms.' }]);
  });
});

describe('what an import refuses, in words an administrator understands', () => {
  const base = () => phqShaped();

  it('anything but a Questionnaire', () => {
    expect(refused({ resourceType: 'Patient', id: 'x' })).toEqual(['The resource is a Patient, not a Questionnaire.']);
    expect(refused({ item: [] })[0]).toMatch(/no resourceType/);
    expect(refused('text')[0]).toMatch(/not a FHIR resource/);
    expect(refused([1, 2])[0]).toMatch(/not a FHIR resource/);
  });

  it('a Questionnaire without items', () => {
    expect(refused({ ...base(), item: [] })).toContain('The Questionnaire has no items.');
  });

  it('a choice question without options, or with options from a value set', () => {
    const q = base();
    q.item[0].item[2].answerOption = [];
    expect(refused(q)).toContain('Item "/44252-0" is a choice question without answer options.');
    q.item[0].item[2].answerValueSet = 'http://loinc.org/vs/LL358-3';
    delete q.item[0].item[2].answerOption;
    expect(refused(q).join('\n')).toMatch(/Item "\/44252-0" takes its options from a value set/);
  });

  it('an option without a score among scored ones', () => {
    const q = base();
    q.item[0].item[4].answerOption[3].extension = [];
    expect(refused(q).join('\n')).toMatch(/Option "LA6571-9" of item "\/44254-0" has no score/);
  });

  it('a Questionnaire where no question is scored', () => {
    const q = base();
    q.item = [q.item[1]];
    expect(refused(q).join('\n')).toMatch(/No question carries scores/);
  });

  it('two items with the same linkId', () => {
    const q = base();
    q.item[0].item[5].linkId = '/44250-0';
    expect(refused(q)).toContain('Two items have the same linkId "/44250-0".');
  });

  it('a required question Ponte cannot ask; an optional one is left out with a warning', () => {
    const q = base();
    q.item.push({ linkId: 'notes', type: 'text', text: 'Notes', required: true });
    expect(refused(q).join('\n')).toMatch(/Item "notes" asks for a text answer, and is required/);
    q.item[q.item.length - 1].required = false;
    expect(parsed(q).warnings.join('\n')).toMatch(/Item "notes" asks for a text answer and is left out/);
  });

  it('an unknown item type, an option that is not coded', () => {
    const q = base();
    q.item[0].item[0].type = 'slider';
    q.item[0].item[1].answerOption[0] = { valueString: 'yes' };
    const errors = refused(q);
    expect(errors).toContain('Item "/44250-0" has an unknown type "slider".');
    expect(errors).toContain('Option 1 of item "/44251-0" is not a coded answer (valueCoding).');
  });

  it('bands that overlap, leave a gap, or do not reach the ends of the possible scores', () => {
    const bands = (b: [number, number][]) => b.map(([min, max], i) => ({ code: `b${i}`, min, max, label: `Band ${i}` }));
    expect(refused(base(), { bands: bands([[0, 9], [9, 27]]) })).toContain('Bands "b0" (0–9) and "b1" (9–27) overlap.');
    expect(refused(base(), { bands: bands([[0, 9], [11, 27]]) }).join('\n')).toMatch(/No band covers the scores between 9 and 11/);
    expect(refused(base(), { bands: bands([[0, 9], [10, 20]]) }).join('\n')).toMatch(/No band covers the scores from 21 to 27: the possible scores run from 0 to 27/);
    expect(refused(base(), { bands: bands([[1, 9], [10, 27]]) }).join('\n')).toMatch(/No band covers the scores from 0 to 0/);
    expect(refused(base(), { bands: bands([[5, 2], [3, 27]]) }).join('\n')).toMatch(/starts at 5, after its end 2/);
    // Contiguous on the step the scores move in: 0–9 then 10 is no gap.
    expect(parsed(base(), { bands: bands([[0, 9], [10, 27]]) }).instrument.bands).toHaveLength(2);
  });

  it('a cut-off outside the possible scores, or one a band straddles or contradicts', () => {
    expect(refused(base(), { cutoff: 30 })).toContain('The cut-off 30 is outside the possible scores (0 to 27).');
    expect(refused(base(), { cutoff: -1 })).toContain('The cut-off -1 is outside the possible scores (0 to 27).');
    expect(refused(base(), { bands: PHQ_BANDS, cutoff: 12 }).join('\n')).toMatch(/Band "moderate" \(10–14\) spans the cut-off 12/);
    const marked = PHQ_BANDS.map((b) => (b.code === 'mild' ? { ...b, aboveCutoff: true } : b));
    expect(refused(base(), { bands: marked, cutoff: 10 }).join('\n')).toMatch(/Band "mild" \(5–9\) is below the cut-off 10 but is marked as above it/);
  });

  it('bands with malformed recommendations or duplicate codes', () => {
    const errors = refused(base(), { bands: [{ code: 'a', min: 0, max: 10, label: 'A', recommendations: ['not a reference'] }, { code: 'a', min: 11, max: 27, label: 'B' }] });
    expect(errors.join('\n')).toMatch(/recommendation "not a reference" that is not of the form guideline-slug#R3/);
    expect(errors).toContain('Two bands have the code "a".');
  });

  it('very large input: too many items, texts too long', () => {
    const many = base();
    many.item = Array.from({ length: 201 }, (_, i) => ({ linkId: `d${i}`, type: 'display', text: 'x' }));
    expect(refused(many)).toContain('The Questionnaire has too many items (at most 200).');
    const long = base();
    long.item[0].item[0].text = 'x'.repeat(2001);
    expect(refused(long).join('\n')).toMatch(/The text of item "\/44250-0" is too long \(2001 characters; at most 2000\)/);
    expect(refused({ ...base(), padding: 'x'.repeat(2_100_000) })[0]).toMatch(/too large/);
  });
});

describe('languages', () => {
  it('a language missing somewhere is reported by name and not offered', () => {
    const q = demoJson();
    const mood = q.item.find((i: J) => i.linkId === 'mood');
    mood._text.extension = mood._text.extension.filter((e: J) => e.extension[0].valueCode !== 'el');
    const often = q.item.find((i: J) => i.linkId === 'body').answerOption[2].valueCoding;
    often._display.extension = often._display.extension.filter((e: J) => e.extension[0].valueCode !== 'el');
    const { instrument, warnings } = parsed(q);
    expect(instrument.languages).not.toContain('el');
    expect(instrument.languages).toContain('ar');
    expect(warnings).toEqual(['Language "el" is incomplete and is not offered: no text for item mood, item body option often.']);
  });

  it('a translation without a language code is an error; the base language comes from the Questionnaire', () => {
    const q = demoJson();
    q.item[1]._text.extension[0].extension[0].valueCode = '';
    expect(refused(q).join('\n')).toMatch(/The text of item "sleep" has a translation without a valid language code/);
    const it = demoJson();
    it.language = 'it';
    it.title = it._title.extension.find((e: J) => e.extension[0].valueCode === 'it').extension[1].valueString;
    expect(parsed(it).instrument.baseLanguage).toBe('it');
  });

  it('textIn falls back to another variant of the language, then English, then whatever there is', () => {
    expect(textIn({ en: 'Hello', ar: 'مرحبا' }, 'ar')).toBe('مرحبا');
    expect(textIn({ en: 'Hello', 'pt-BR': 'Olá' }, 'pt')).toBe('Olá');
    expect(textIn({ 'en-US': 'Hello' }, 'en')).toBe('Hello');
    expect(textIn({ en: 'Hello', it: 'Ciao' }, 'ti')).toBe('Hello');
    expect(textIn({ it: 'Ciao' }, 'de')).toBe('Ciao');
    expect(textIn(undefined, 'de')).toBe('');
  });
});

describe('scoring', () => {
  const demo = parsed(demoJson()).instrument;
  const all = (code: string) => Object.fromEntries(questions(demo).map((q) => [q.linkId, [code]]));

  it('sums the chosen options, finds the band and the side of the cut-off', () => {
    expect(scoreAnswers(demo, all('never'))).toMatchObject({ ok: true, score: 0, aboveCutoff: false, missing: [] });
    expect(scoreAnswers(demo, all('almost-always'))).toMatchObject({ ok: true, score: 24, band: { code: 'high' }, aboveCutoff: true });
    // 7 is the top of "low", 8 the cut-off and the start of "moderate".
    const seven = { ...all('sometimes'), [questions(demo)[0]!.linkId]: ['never'] };
    expect(scoreAnswers(demo, seven)).toMatchObject({ score: 7, band: { code: 'low' }, aboveCutoff: false });
    expect(scoreAnswers(demo, all('sometimes'))).toMatchObject({ score: 8, band: { code: 'moderate' }, aboveCutoff: true });
  });

  it('names the required questions still unanswered, and gives no band until they are', () => {
    const partial = { sleep: ['often'], mood: ['often'] };
    const r = scoreAnswers(demo, partial);
    expect(r).toMatchObject({ ok: false, score: 4, band: null, aboveCutoff: null });
    expect(r.missing).toEqual(['tension', 'memories', 'loneliness', 'self-care', 'activities', 'body']);
  });

  it('leaves unscored questions out of the total, and adds up every option of a multiple-choice question', () => {
    const q = phqShaped();
    q.item[0].item[0].repeats = true;
    const { instrument } = parsed(q, { bands: [{ code: 'any', min: 0, max: 30, label: 'Any' }] });
    // 0+1+2+3 for the multiple-choice question, 3 for each of the other eight.
    expect(instrument.range).toEqual({ min: 0, max: 30 });
    const r = scoreAnswers(instrument, { '/44250-0': ['LA6569-3', 'LA6571-9'], '/44251-0': ['LA6570-1'], '/69722-7': ['LA6573-5'] });
    expect(r).toMatchObject({ ok: true, score: 6, band: { code: 'any' } });
  });

  it('checks answers: known questions, known options, one option unless the question takes several', () => {
    expect(checkAnswers(demo, { sleep: ['often'], mood: 'never' })).toEqual({ ok: true, answers: { sleep: ['often'], mood: ['never'] } });
    expect(checkAnswers(demo, { sleep: [] })).toEqual({ ok: true, answers: { sleep: [] } });
    const bad = checkAnswers(demo, { nope: ['often'], intro: ['often'], sleep: ['always'], mood: ['often', 'never'], body: [3] });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors).toEqual([
      'Question "nope" is not in this instrument.',
      'Question "intro" is not in this instrument.',
      'Question "sleep" has no option "always".',
      'Question "mood" takes one answer.',
      'Question "body": answers must be option codes.',
    ]);
    expect(checkAnswers(demo, null).ok).toBe(false);
  });
});

describe('the QuestionnaireResponse', () => {
  const demo = parsed(demoJson()).instrument;
  const answers = Object.fromEntries(questions(demo).map((q, i) => [q.linkId, [q.options[i % 4]!.code]]));
  const score = scoreAnswers(demo, answers);

  it('is a FHIR R4 QuestionnaireResponse in the screening language, with the total item and the result', () => {
    const qr = toQuestionnaireResponse(
      demo,
      { status: 'completed', answers, score: score.score, band: score.band!.code, aboveCutoff: score.aboveCutoff },
      { id: 'abc', questionnaireRef: 'https://ponte-project.org/fhir/Questionnaire/ponte-wellbeing-demo|1.0.0', subjectRef: 'Patient/p1', authored: new Date('2025-03-04T10:00:00Z'), language: 'ar' },
    ) as J;
    expect(Object.keys(qr).sort()).toEqual(['authored', 'extension', 'id', 'item', 'language', 'questionnaire', 'resourceType', 'status', 'subject']);
    expect(qr).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      id: 'abc',
      language: 'ar',
      questionnaire: 'https://ponte-project.org/fhir/Questionnaire/ponte-wellbeing-demo|1.0.0',
      status: 'completed',
      subject: { reference: 'Patient/p1' },
      authored: '2025-03-04T10:00:00.000Z',
    });
    // One item per question in the Questionnaire's order, then the total; linkIds unique (qrs-2); an item holds
    // answers or items, never both (qrs-1).
    expect(qr.item.map((i: J) => i.linkId)).toEqual([...questions(demo).map((q) => q.linkId), 'total']);
    for (const item of qr.item) expect(item.item).toBeUndefined();
    expect(qr.item[0]).toEqual({
      linkId: 'sleep',
      text: demo.items[1]!.text.ar,
      answer: [{ valueCoding: { system: 'https://ponte-project.org/fhir/CodeSystem/ponte-wellbeing-demo-frequency', code: 'never', display: 'أبدًا' } }],
    });
    expect(qr.item.at(-1)).toEqual({ linkId: 'total', text: demo.totalItem!.text.ar, answer: [{ valueInteger: score.score }] });
    expect(qr.extension).toEqual([
      {
        url: PONTE_EXTENSIONS.screeningResult,
        extension: [
          { url: 'score', valueDecimal: 12 },
          { url: 'band', valueCode: 'moderate' },
          { url: 'aboveCutoff', valueBoolean: true },
        ],
      },
    ]);
  });

  it('in progress: the answered questions only, no total and no result', () => {
    const qr = toQuestionnaireResponse(demo, { status: 'in-progress', answers: { mood: ['often'] }, score: null, band: null, aboveCutoff: null }, { questionnaireRef: 'q|1', authored: '2025-03-04T10:00:00Z', language: 'de' }) as J;
    expect(qr.status).toBe('in-progress');
    expect(qr.extension).toBeUndefined();
    expect(qr.subject).toBeUndefined();
    expect(qr.item).toEqual([{ linkId: 'mood', text: demo.items[3]!.text.de, answer: [{ valueCoding: expect.objectContaining({ code: 'often', display: 'Oft' }) }] }]);
  });

  it('answers a decimal total item with valueDecimal, for a published panel', () => {
    const { instrument } = parsed(phqShaped(), { bands: PHQ_BANDS });
    const all = Object.fromEntries(questions(instrument).slice(0, 9).map((q) => [q.linkId, ['LA6570-1']]));
    const r = scoreAnswers(instrument, all);
    const qr = toQuestionnaireResponse(instrument, { status: 'completed', answers: all, score: r.score, band: r.band!.code, aboveCutoff: r.aboveCutoff }, { questionnaireRef: 'http://loinc.org/q/44249-1|2.72', authored: '2025-01-01', language: 'en' }) as J;
    expect(qr.item.at(-1)).toEqual({ linkId: '/44261-6', text: 'Total score', answer: [{ valueDecimal: 18 }] });
    expect(qr.item[0].answer[0].valueCoding).toEqual({ system: LOINC, code: 'LA6570-1', display: 'Answer C' });
  });
});
