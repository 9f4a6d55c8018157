import { z } from 'zod';
import { checkbox, choices, optionalFileField, slugField, text, type FormValues, type UploadedFile } from '../../platform/http/forms.js';
import { detectFileType } from '../../platform/uploads.js';
import { LOCALES } from '../../platform/i18n/index.js';
import { PROFESSIONS, type Profession } from '../../platform/identity/users.js';
import { questionProblems, type Assessment, type AssessmentSettings } from './assessments.js';
import { blockProblems, type CourseText } from './authoring.js';
import type { ItemText, TranslatableItem } from './translating.js';
import { normaliseVtt, parseVtt } from './webvtt.js';
import { COURSE_LEVELS, CREDIT_SCHEMES, SHORT_ANSWER_GRADINGS, TOPICS, type AssessmentKind, type BlockData, type BlockKind, type BlockText, type CourseFileRef, type CreditScheme, type QuestionData, type QuestionKind, type QuestionText } from './content.js';

/*
 * The authoring and translation forms: their fields, how they are read into the domain's shapes (validated
 * with zod, messages are catalogue keys), and how the domain's shapes fill them again.
 */

/** How many option rows (items, pairs) an author's form offers: ECM's four and room for more. */
export const MAX_OPTIONS = 8;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
type Ctx = z.core.$RefinementCtx;
type Fields = Record<string, unknown>;

const wholeNumber = (min: number, max: number, message: string) =>
  z
    .string({ message })
    .trim()
    .regex(/^\d{1,6}$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);

/** A text area read one item per line (learning outcomes, reflection prompts, keywords). */
const lines = (required: boolean) =>
  text({ max: 10_000, required: false })
    .transform((s) =>
      s
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every((x) => x.length <= 500), 'errors.tooLong')
    .refine((list) => !required || list.length > 0, 'errors.required');

// ——— Courses ———

export const courseTextSchema = z.object({ title: text({ max: 200 }), summary: text({ max: 1000, required: false }), outcomes: lines(false), description: text({ max: 20_000, required: false }) });
export const courseFactsSchema = z.object({ level: z.enum(COURSE_LEVELS, { message: 'errors.choose' }), topics: choices(TOPICS), durationMinutes: wholeNumber(1, 6000, 'errors.minutes'), ecm: checkbox() });
export const newCourseSchema = z.object({ slug: slugField(), sourceLocale: z.enum(LOCALES, { message: 'errors.choose' }), ...courseFactsSchema.shape, ...courseTextSchema.shape });

export const courseTextValues = (t: CourseText | undefined): FormValues => ({ title: t?.title ?? '', summary: t?.summary ?? '', outcomes: (t?.outcomes ?? []).join('\n'), description: t?.description ?? '' });

/** The field of the credits a profession gets in a scheme. */
export const creditField = (profession: Profession, scheme: CreditScheme) => `credit.${profession}.${scheme}`;
const creditAmount = z
  .string({ message: 'errors.credits' })
  .trim()
  .regex(/^(\d{1,3}([.,]\d)?)?$/, 'errors.credits')
  .transform((s) => (s ? Number(s.replace(',', '.')) : null))
  .refine((n) => n === null || n > 0, 'errors.credits')
  .optional();

/** Target professions, credits per profession and scheme (only for target professions), prerequisites among `courseIds`. */
export const audienceSchema = (courseIds: string[]) =>
  z
    .object({
      professions: choices(PROFESSIONS),
      prerequisites: choices(courseIds),
      ...Object.fromEntries(PROFESSIONS.flatMap((p) => CREDIT_SCHEMES.map((s) => [creditField(p, s), creditAmount]))),
    })
    .transform((d, ctx) => {
      const credits: { profession: Profession; scheme: CreditScheme; amount: number }[] = [];
      for (const profession of PROFESSIONS)
        for (const scheme of CREDIT_SCHEMES) {
          const amount = (d as Fields)[creditField(profession, scheme)] as number | null | undefined;
          if (amount == null) continue;
          if (!d.professions.includes(profession)) ctx.addIssue({ code: 'custom', path: [creditField(profession, scheme)], message: 'errors.creditProfession' });
          credits.push({ profession, scheme, amount });
        }
      return { professions: d.professions, prerequisites: d.prerequisites, credits };
    });

export const creditValues = (credits: { profession: Profession; scheme: CreditScheme; amount: number }[]): FormValues => Object.fromEntries(credits.map((c) => [creditField(c.profession, c.scheme), String(c.amount)]));

// ——— The outline ———

export const newModuleSchema = z.object({ moduleTitle: text({ max: 200 }) });
export const moduleSchema = z.object({ title: text({ max: 200 }) });
export const newLessonSchema = z.object({ lessonTitle: text({ max: 200 }), durationMinutes: wholeNumber(1, 600, 'errors.minutes') });
export const lessonSchema = z.object({ title: text({ max: 200 }), durationMinutes: wholeNumber(1, 600, 'errors.minutes') });
export const directionSchema = z.object({ direction: z.enum(['up', 'down'], { message: 'errors.choose' }) });

// ——— Options, items and pairs ———

/**
 * Rows `${name}${i}`: an author's form offers MAX_OPTIONS rows and skips the empty ones; a translator's has
 * the source's rows, in the same order, each required.
 */
const rows = (names: { name: string; max: number; optional?: boolean }[], count: number, translating: boolean) =>
  Object.fromEntries(range(count).flatMap((i) => names.map((f) => [`${f.name}${i}`, text({ max: f.max, required: translating && !f.optional })]))) as Record<string, z.ZodType<string>>;

/** The filled option rows, and which row each option came from (answers name rows). */
function optionRows(d: Fields, count: number, ctx: Ctx) {
  const options: { text: string; feedback: string }[] = [];
  const rowOf: number[] = [];
  for (const i of range(count)) {
    const [text, feedback] = [d[`option${i}`] as string, d[`feedback${i}`] as string];
    if (!text) {
      if (feedback) ctx.addIssue({ code: 'custom', path: [`option${i}`], message: 'errors.required' });
      continue;
    }
    options.push({ text, feedback });
    rowOf.push(i);
  }
  return { options, rowOf };
}

/** The option the `answer` radio button names, as an index among the filled rows. */
function oneAnswer(d: Fields, rowOf: number[], ctx: Ctx): number {
  const i = rowOf.indexOf(Number(d.answer));
  if (i < 0) ctx.addIssue({ code: 'custom', path: ['answer'], message: 'errors.answer' });
  return i;
}

const answerField = z.string({ message: 'errors.answer' }).regex(/^\d{1,2}$/, 'errors.answer').optional();
const answerBoxes = () => Object.fromEntries(range(MAX_OPTIONS).map((i) => [`answer${i}`, checkbox()]));

/** Reports the domain's problems with a text (blockProblems, questionProblems) beside the fields that hold them. */
function reportProblems(problems: string[], fields: Record<string, [string, string]>, ctx: Ctx): boolean {
  for (const p of problems) {
    const [path, message] = fields[p] ?? ['_form', 'errors.invalid'];
    ctx.addIssue({ code: 'custom', path: [path], message });
  }
  return problems.length === 0;
}

// ——— Blocks ———

/** Files sent with a block's form, stored by the route (resolveBlockUploads) once the form is valid. */
export interface BlockUploads {
  image?: UploadedFile;
  media?: UploadedFile;
  low?: UploadedFile;
  file?: UploadedFile;
  /** A SCORM package (zip), checked and stored by resolveBlockUploads. */
  package?: UploadedFile;
}
export interface BlockInput {
  data: BlockData;
  content: BlockText;
  uploads: BlockUploads;
}
/** Stands for a file sent with the form until it is stored (PENDING) or for one that is missing (NONE). */
const PENDING = 'pending';
const pendingFile = (): CourseFileRef => ({ id: PENDING, name: '', size: 0, contentType: '' });
const noFile = (): CourseFileRef => ({ id: '', name: '', size: 0, contentType: '' });
const BLOCK_PROBLEMS: Record<string, [string, string]> = {
  markdown: ['markdown', 'errors.required'],
  title: ['title', 'errors.required'],
  prompts: ['prompts', 'errors.required'],
  question: ['question', 'errors.required'],
  options: ['option0', 'errors.options'],
  correct: ['answer', 'errors.answer'],
  image: ['image', 'errors.file'],
  alt: ['alt', 'errors.altRequired'],
  media: ['media', 'errors.file'],
  captions: ['captions', 'errors.captionsRequired'],
  transcript: ['transcript', 'errors.transcriptRequired'],
  file: ['file', 'errors.file'],
  package: ['package', 'errors.file'],
};
const VTT_PROBLEMS = { header: 'errors.vttHeader', timing: 'errors.vttTiming', empty: 'errors.vttEmpty' } as const;

/**
 * Captions typed or pasted (`captions`), or uploaded as a .vtt file (`captionsFile`, which wins): checked as
 * WebVTT, kept with Unix line ends.
 */
function captionsOf(d: Fields, ctx: Ctx): string {
  const upload = d.captionsFile as UploadedFile | undefined;
  let source = (d.captions as string) ?? '';
  if (upload) {
    if (!detectFileType(upload.data, upload.filename, ['vtt'])) {
      ctx.addIssue({ code: 'custom', path: ['captionsFile'], message: 'errors.vttFile' });
      return '';
    }
    source = upload.data.toString('utf8');
  }
  source = normaliseVtt(source).trim();
  if (!source) return '';
  const parsed = parseVtt(source);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', path: [upload ? 'captionsFile' : 'captions'], message: VTT_PROBLEMS[parsed.problem] });
  return `${source}\n`;
}

/**
 * A block's form: an author's (`current`: the block as it is, when editing; a file left empty keeps the one
 * it has) or, with `translating`, a translator's (the source's options in the same order; the block's data
 * stays as it is; a handout without a file of its own keeps the translation's or the source's).
 */
export function blockForm(kind: BlockKind, translating?: { source: BlockText; data: BlockData; current?: BlockText | null }, current?: { data: BlockData; content: BlockText }): z.ZodType<BlockInput> {
  const done = (data: BlockData, content: BlockText, ctx: Ctx, uploads: BlockUploads = {}) => (reportProblems(blockProblems(data, content), BLOCK_PROBLEMS, ctx) ? { data, content, uploads } : z.NEVER);
  const kept = translating?.data ?? current?.data;
  switch (kind) {
    case 'text':
      return z.object({ markdown: text({ max: 20_000 }) }).transform((d, ctx) => done(kept ?? { kind }, { kind, markdown: d.markdown }, ctx));
    case 'vignette':
      return z.object({ title: text({ max: 200 }), markdown: text({ max: 20_000 }), prompts: lines(true) }).transform((d, ctx) => done(kept ?? { kind }, { kind, ...d }, ctx));
    case 'check': {
      const count = translating?.source.kind === 'check' ? translating.source.options.length : MAX_OPTIONS;
      return z
        .object({ question: text({ max: 1000 }), ...rows([{ name: 'option', max: 500 }, { name: 'feedback', max: 1000, optional: true }], count, !!translating), ...(translating ? {} : { answer: answerField }) })
        .transform((d, ctx) => {
          const { options, rowOf } = optionRows(d, count, ctx);
          const data: BlockData = translating?.data ?? { kind, correct: [oneAnswer(d, rowOf, ctx)] };
          return ctx.issues.length ? z.NEVER : done(data, { kind, question: d.question, options }, ctx);
        });
    }
    case 'image':
      return z
        .object({ alt: text({ max: 250, required: false }), caption: text({ max: 500, required: false }), ...(translating ? {} : { image: optionalFileField() }) })
        .transform((d, ctx) => {
          const upload = d.image as UploadedFile | undefined;
          const data: BlockData = upload ? { kind, imageId: PENDING } : (kept ?? { kind, imageId: '' });
          return done(data, { kind, alt: d.alt, caption: d.caption }, ctx, { image: upload });
        });
    case 'video':
    case 'audio':
      return z
        .object({
          title: text({ max: 200 }),
          captions: text({ max: 150_000, required: false }),
          captionsFile: optionalFileField(),
          transcript: text({ max: 50_000, required: false }),
          ...(translating ? {} : { media: optionalFileField(), low: optionalFileField(), removeLow: checkbox() }),
        })
        .transform((d, ctx) => {
          const captions = captionsOf(d, ctx);
          if (ctx.issues.length) return z.NEVER;
          const was = kept?.kind === kind ? kept : null;
          const uploads = { media: d.media as UploadedFile | undefined, low: d.low as UploadedFile | undefined };
          const data: BlockData = translating ? translating.data : { kind, media: uploads.media ? pendingFile() : (was?.media ?? noFile()), low: uploads.low ? pendingFile() : d.removeLow ? null : (was?.low ?? null) };
          return done(data, { kind, title: d.title, captions, transcript: d.transcript }, ctx, uploads);
        });
    case 'resource':
      return z.object({ title: text({ max: 200 }), description: text({ max: 1000, required: false }), file: optionalFileField() }).transform((d, ctx) => {
        const upload = d.file as UploadedFile | undefined;
        const had = [translating?.current, current?.content, translating?.source].find((x) => x?.kind === 'resource');
        const file = upload ? pendingFile() : had?.kind === 'resource' ? had.file : noFile();
        return done(kept ?? { kind }, { kind, title: d.title, description: d.description, file }, ctx, { file: upload });
      });
    case 'scorm':
      // The package is the block's (a translator translates the title only); a new upload replaces it.
      return z.object({ title: text({ max: 200 }), ...(translating ? {} : { package: optionalFileField() }) }).transform((d, ctx) => {
        const upload = d.package as UploadedFile | undefined;
        const data: BlockData = translating ? translating.data : upload ? { kind, packageId: PENDING } : kept?.kind === 'scorm' ? kept : { kind, packageId: '' };
        return done(data, { kind, title: d.title }, ctx, { package: upload });
      });
  }
}

export function blockValues(content: BlockText | undefined, data?: BlockData): FormValues {
  if (!content) return {};
  switch (content.kind) {
    case 'text':
      return { markdown: content.markdown };
    case 'vignette':
      return { title: content.title, markdown: content.markdown, prompts: content.prompts.join('\n') };
    case 'check':
      return {
        question: content.question,
        ...Object.fromEntries(content.options.flatMap((o, i) => [[`option${i}`, o.text], [`feedback${i}`, o.feedback]])),
        ...(data?.kind === 'check' && data.correct.length ? { answer: String(data.correct[0]) } : {}),
      };
    case 'image':
      return { alt: content.alt, caption: content.caption };
    case 'video':
    case 'audio':
      return { title: content.title, captions: content.captions, transcript: content.transcript };
    case 'resource':
      return { title: content.title, description: content.description };
    case 'scorm':
      return { title: content.title };
  }
}

// ——— Questions ———

export interface QuestionInput {
  competence: string;
  data: QuestionData;
  content: QuestionText;
}
const QUESTION_PROBLEMS: Record<string, [string, string]> = {
  stem: ['stem', 'errors.required'],
  options: ['option0', 'errors.options'],
  correct: ['answer', 'errors.answer'],
  items: ['item0', 'errors.items'],
  pairs: ['pairLeft0', 'errors.pairs'],
  keywords: ['keywords', 'errors.keywords'],
  grading: ['grading', 'errors.choose'],
};
/** What a question tests, as a short code shared by the pre-test and the post-test (C2, 2.1…). */
const competenceField = z.string({ message: 'errors.competence' }).trim().regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,39}$/u, 'errors.competence');

/**
 * A question's form: an author's (competence, and which answers are right) or, with `translating`, a
 * translator's (the source's options, items or pairs in the same order; data and competence stay).
 * In an ECM course (`ecm`) a short answer cannot be left to a trainer: ECM tests are marked at once.
 */
export function questionForm(kind: QuestionKind, translating?: { source: QuestionText; data: QuestionData; competence: string }, opts: { ecm?: boolean } = {}): z.ZodType<QuestionInput> {
  const base = { stem: text({ max: 1000 }), ...(translating ? {} : { competence: competenceField }) };
  const done = (d: Fields, data: QuestionData, content: QuestionText, ctx: Ctx) =>
    !ctx.issues.length && reportProblems(questionProblems(data, content), QUESTION_PROBLEMS, ctx) ? { competence: translating?.competence ?? (d.competence as string), data, content } : z.NEVER;
  const source = translating?.source;
  const feedback = text({ max: 1000, required: false });
  switch (kind) {
    case 'single':
    case 'multiple': {
      const count = source?.kind === kind ? source.options.length : MAX_OPTIONS;
      const answers = translating ? {} : kind === 'single' ? { answer: answerField } : answerBoxes();
      return z.object({ ...base, ...rows([{ name: 'option', max: 500 }, { name: 'feedback', max: 1000, optional: true }], count, !!translating), ...answers }).transform((d: Fields, ctx) => {
        const { options, rowOf } = optionRows(d, count, ctx);
        const chosen = rowOf.flatMap((row, i) => (d[`answer${row}`] ? [i] : []));
        if (!translating && kind === 'multiple' && range(MAX_OPTIONS).some((row) => d[`answer${row}`] && !rowOf.includes(row))) ctx.addIssue({ code: 'custom', path: ['answer'], message: 'errors.answer' });
        const data: QuestionData = translating?.data ?? (kind === 'single' ? { kind, correct: oneAnswer(d, rowOf, ctx) } : { kind, correct: chosen });
        return done(d, data, { kind, stem: d.stem as string, options }, ctx);
      });
    }
    case 'true-false':
      return z
        .object({ ...base, feedbackTrue: feedback, feedbackFalse: feedback, ...(translating ? {} : { answer: z.enum(['true', 'false'], { message: 'errors.answer' }) }) })
        .transform((d: Fields, ctx) => done(d, translating?.data ?? { kind, correct: d.answer === 'true' }, { kind, stem: d.stem as string, feedbackTrue: d.feedbackTrue as string, feedbackFalse: d.feedbackFalse as string }, ctx));
    case 'ordering': {
      const count = source?.kind === kind ? source.items.length : MAX_OPTIONS;
      return z.object({ ...base, ...rows([{ name: 'item', max: 500 }], count, !!translating), feedback }).transform((d: Fields, ctx) => {
        const items = range(count)
          .map((i) => d[`item${i}`] as string)
          .filter(Boolean);
        return done(d, { kind }, { kind, stem: d.stem as string, items, feedback: d.feedback as string }, ctx);
      });
    }
    case 'matching': {
      const count = source?.kind === kind ? source.pairs.length : MAX_OPTIONS;
      return z.object({ ...base, ...rows([{ name: 'pairLeft', max: 500 }, { name: 'pairRight', max: 500 }], count, !!translating), feedback }).transform((d: Fields, ctx) => {
        const pairs = range(count).flatMap((i) => {
          const [left, right] = [d[`pairLeft${i}`] as string, d[`pairRight${i}`] as string];
          if (left && !right) ctx.addIssue({ code: 'custom', path: [`pairRight${i}`], message: 'errors.required' });
          if (right && !left) ctx.addIssue({ code: 'custom', path: [`pairLeft${i}`], message: 'errors.required' });
          return left && right ? [{ left, right }] : [];
        });
        return done(d, { kind }, { kind, stem: d.stem as string, pairs, feedback: d.feedback as string }, ctx);
      });
    }
    case 'short-answer':
      // Keywords are needed only for automatic grading (questionProblems says so); guidance only helps trainers.
      return z
        .object({ ...base, keywords: lines(false), guidance: text({ max: 4000, required: false }), feedback, ...(translating ? {} : { grading: z.enum(SHORT_ANSWER_GRADINGS, { message: 'errors.choose' }).default('keywords') }) })
        .transform((d: Fields, ctx) => {
          const data: QuestionData = translating?.data ?? (d.grading === 'trainer' ? { kind, grading: 'trainer' } : { kind });
          if (!translating && opts.ecm && d.grading === 'trainer') ctx.addIssue({ code: 'custom', path: ['grading'], message: 'errors.ecmTrainerGraded' });
          const content: QuestionText = { kind, stem: d.stem as string, keywords: d.keywords as string[], feedback: d.feedback as string, ...(d.guidance ? { guidance: d.guidance as string } : {}) };
          return done(d, data, content, ctx);
        });
  }
}

export function questionValues(content: QuestionText | undefined, data?: QuestionData, competence?: string): FormValues {
  const values: FormValues = competence ? { competence } : {};
  if (!content) return values;
  values.stem = content.stem;
  switch (content.kind) {
    case 'single':
    case 'multiple':
      content.options.forEach((o, i) => Object.assign(values, { [`option${i}`]: o.text, [`feedback${i}`]: o.feedback }));
      if (data?.kind === 'single') values.answer = String(data.correct);
      if (data?.kind === 'multiple') for (const i of data.correct) values[`answer${i}`] = 'on';
      break;
    case 'true-false':
      Object.assign(values, { feedbackTrue: content.feedbackTrue, feedbackFalse: content.feedbackFalse });
      if (data?.kind === 'true-false') values.answer = String(data.correct);
      break;
    case 'ordering':
      content.items.forEach((x, i) => (values[`item${i}`] = x));
      values.feedback = content.feedback;
      break;
    case 'matching':
      content.pairs.forEach((p, i) => Object.assign(values, { [`pairLeft${i}`]: p.left, [`pairRight${i}`]: p.right }));
      values.feedback = content.feedback;
      break;
    case 'short-answer':
      Object.assign(values, { keywords: content.keywords.join('\n'), feedback: content.feedback, guidance: content.guidance ?? '' });
      if (data?.kind === 'short-answer') values.grading = data.grading ?? 'keywords';
      break;
  }
  return values;
}

// ——— Tests ———

/** A test's settings; a pre-test is not graded and is taken once, so it has neither pass mark nor attempts. */
export const assessmentSchema = (kind: AssessmentKind): z.ZodType<AssessmentSettings> =>
  z
    .object({
      questionsPerAttempt: wholeNumber(1, 200, 'errors.questionsPerAttempt'),
      shuffleQuestions: checkbox(),
      shuffleOptions: checkbox(),
      ...(kind === 'post-test'
        ? {
            passMark: wholeNumber(0, 100, 'errors.percent'),
            maxAttempts: z
              .preprocess((v) => v ?? '', z.string({ message: 'errors.attempts' }))
              .pipe(z.string().trim().regex(/^(\d{1,3})?$/, 'errors.attempts'))
              .transform((s) => (s ? Number(s) : null))
              .refine((n) => n === null || (n >= 1 && n <= 100), 'errors.attempts'),
          }
        : {}),
    })
    .transform((d: Fields) => ({
      questionsPerAttempt: d.questionsPerAttempt as number,
      shuffleQuestions: d.shuffleQuestions as boolean,
      shuffleOptions: d.shuffleOptions as boolean,
      passMark: kind === 'post-test' ? (d.passMark as number) : 0,
      maxAttempts: kind === 'post-test' ? (d.maxAttempts as number | null) : 1,
    }));

export const assessmentValues = (a: Assessment | null): FormValues =>
  a
    ? { questionsPerAttempt: String(a.questionsPerAttempt), passMark: String(a.passMark), maxAttempts: a.maxAttempts === null ? '' : String(a.maxAttempts), shuffleQuestions: a.shuffleQuestions ? 'on' : '', shuffleOptions: a.shuffleOptions ? 'on' : '' }
    : { questionsPerAttempt: '10', passMark: '75', maxAttempts: '5', shuffleQuestions: 'on', shuffleOptions: 'on' };

// ——— Translations ———

/** A translator's form for one item, shaped by its original (`source`), over its translation so far (`current`): it reads into the item's text. */
export function translationForm(item: TranslatableItem, source: ItemText, current: ItemText | null): z.ZodType<ItemText & { uploads?: BlockUploads }> {
  switch (item.kind) {
    case 'course':
      return courseTextSchema.transform((value) => ({ kind: 'course' as const, value }));
    case 'module':
    case 'lesson':
      return moduleSchema.transform((value) => ({ kind: item.kind, value }));
    case 'block': {
      const s = source.value as BlockText;
      return blockForm(s.kind, { source: s, data: item.data, current: current?.value as BlockText | undefined }).transform((b) => ({ kind: 'block' as const, value: b.content, uploads: b.uploads }));
    }
    case 'question': {
      const s = source.value as QuestionText;
      return questionForm(s.kind, { source: s, data: item.data, competence: item.competence }).transform((q) => ({ kind: 'question' as const, value: q.content }));
    }
  }
}

/** The fields of an item's text in one language (empty when there is none yet). */
export function itemValues(text: ItemText | null): FormValues {
  if (!text) return {};
  switch (text.kind) {
    case 'course':
      return courseTextValues(text.value);
    case 'module':
    case 'lesson':
      return { title: text.value.title };
    case 'block':
      return blockValues(text.value);
    case 'question':
      return questionValues(text.value);
  }
}
