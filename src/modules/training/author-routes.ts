import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod';
import { HttpError } from '../../platform/http/errors.js';
import { parseForm, repeated, type FormValues } from '../../platform/http/forms.js';
import { isLocale, LOCALES, type Locale } from '../../platform/i18n/index.js';
import type { Platform } from '../../platform/platform.js';
import type { FieldErrors } from '../../platform/ui/components.js';
import { addQuestion, ecmProblems, editQuestion, getAssessment, questionBank, setAssessment, setQuestionRetired } from './assessments.js';
import {
  assessmentSchema,
  assessmentValues,
  audienceSchema,
  blockForm,
  blockValues,
  courseFactsSchema,
  courseTextSchema,
  courseTextValues,
  creditValues,
  directionSchema,
  itemValues,
  lessonSchema,
  moduleSchema,
  newCourseSchema,
  newLessonSchema,
  newModuleSchema,
  questionForm,
  questionValues,
  translationForm,
} from './author-forms.js';
import {
  addBlock,
  addLesson,
  addModule,
  courseChoices,
  courseForAuthoring,
  createCourse,
  deleteBlock,
  deleteLesson,
  deleteModule,
  listCoursesForAuthors,
  markBlockReviewed,
  moveBlock,
  moveLesson,
  moveModule,
  saveCourseText,
  saveModuleTitle,
  setCourseAudience,
  updateBlock,
  updateCourseFacts,
  updateLesson,
  type CourseForAuthoring,
} from './authoring.js';
import { ASSESSMENT_KINDS, BLOCK_KINDS, QUESTION_KINDS, type AssessmentKind, type BlockKind, type QuestionKind } from './content.js';
import { captionsIn, lessonMedia, MAX_COURSE_FILE_BYTES, resolveBlockUploads } from './files.js';
import { readerChoices } from './lesson-query.js';
import { scormLaunches } from './scorm.js';
import { displayImages } from '../media/service.js';
import { sendCaptions } from './media-routes.js';
import { ITEM_KINDS, saveTranslation, statesIn, translatableCourse, translationOverview, type ItemText, type TranslatableCourse } from './translating.js';
import { lessonsInOrder, previewPublication, publishCourse } from './versions.js';
import { AuthorCoursesPage, BlockPage, CoursePage, LessonAuthoringPage, ModulePage, NewCoursePage, PreviewPage, QuestionPage, QuestionsPage, TestSettingsPage, type CourseSection, type PublishRefusal } from './views/author.js';
import { itemText, TranslateItemPage, TranslationsPage, WorkspacePage } from './views/translate.js';

/** Confirmations after an author's or translator's action (training.author.notice.*). */
export const AUTHOR_NOTICES = ['created', 'saved', 'added', 'moved', 'deleted', 'published', 'unchanged', 'retired', 'restored', 'translated', 'reviewed', 'imported'] as const;
/** Why publishing was refused (training.author.publish.*). */
export const PUBLISH_REFUSALS: readonly PublishRefusal[] = ['empty', 'untranslated', 'ecm'];

const uuid = z.string().uuid();
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | undefined => (typeof v === 'string' && (list as readonly string[]).includes(v) ? (v as T) : undefined);
const notFound = () => new HttpError(404, 'error.404.body');

/**
 * Course authoring (`course-author`) and the translation workspace (`course-author`, `translator`). Every id
 * in a URL is looked up within the course of the URL: another course's lesson is not found.
 */
export function authorRoutes(app: FastifyInstance, p: Platform) {
  p.navigation.primary.push({ href: '/author/courses', labelKey: 'training.author.title', role: 'course-author' });
  p.navigation.primary.push({ href: '/author/translations', labelKey: 'training.author.translations.title', role: 'translator' });
  const db = p.database.db;
  const authors = { config: { access: { roles: ['course-author'] as const } } };
  const translators = { config: { access: { roles: ['course-author', 'translator'] as const } } };
  // Block forms may carry files: a recording and its smaller copy, or an image, or a handout (and captions).
  const uploading = (roles: readonly ('course-author' | 'translator')[]) => ({ config: { access: { roles }, multipartOptions: { limits: { fileSize: Math.max(MAX_COURSE_FILE_BYTES, p.config.training.scormMaxMb * 1024 * 1024), files: 3 } } } });
  // On previews and translation pages ?lang= is the language of the content: the page stays in the reader's.
  const previewing = { config: { ...authors.config, contentLanguage: true } };
  const translatingInto = { config: { ...translators.config, contentLanguage: true } };
  const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
  const body = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
  const param = (req: FastifyRequest, name: string) => {
    const v = (req.params as Record<string, string>)[name];
    if (!uuid.safeParse(v).success) throw notFound();
    return v!;
  };
  const notice = (req: FastifyRequest) => oneOf(AUTHOR_NOTICES, q(req).notice) ?? null;
  const version = (req: FastifyRequest) => (typeof q(req).version === 'string' && /^\d{1,5}\.\d{1,5}$/.test(q(req).version as string) ? (q(req).version as string) : null);
  const base = (found: { course: { id: string } }) => `/author/courses/${found.course.id}`;

  const authoring = async (req: FastifyRequest) => {
    const found = await courseForAuthoring(db, param(req, 'id'));
    if (!found) throw notFound();
    return found;
  };
  const moduleIn = (found: CourseForAuthoring, id: string) => found.outline.modules.find((m) => m.id === id) ?? null;
  const lessonIn = (found: CourseForAuthoring, id: string) => lessonsInOrder(found.outline).find((x) => x.lesson.id === id)?.lesson ?? null;
  const blockIn = (found: CourseForAuthoring, id: string) => {
    for (const { lesson } of lessonsInOrder(found.outline)) {
      const block = lesson.blocks.find((b) => b.id === id);
      if (block) return { lesson, block };
    }
    return null;
  };
  /** Deleting asks for a ticked box, so that a stray click deletes nothing. */
  const confirmed = (req: FastifyRequest) => {
    if (body(req).confirm !== 'on') throw new HttpError(400, 'training.author.deleteUnconfirmed');
  };
  const found404 = <T>(x: T | null | undefined): T => {
    if (!x) throw notFound();
    return x;
  };

  // ——— Courses ———

  app.get('/author/courses', authors, async (req, reply) => reply.page(h(AuthorCoursesPage, { rows: await listCoursesForAuthors(db, req.locale), notice: notice(req) })));

  app.get('/author/courses/new', authors, async (_req, reply) => reply.page(h(NewCoursePage, { values: { durationMinutes: '60' } })));
  app.post('/author/courses/new', authors, async (req, reply) => {
    const form = parseForm(newCourseSchema, req.body);
    const fail = (errors: FieldErrors) => reply.page(h(NewCoursePage, { values: form.values, errors, topics: repeated(body(req).topics) }), { status: 400 });
    if (!form.ok) return fail(form.errors);
    const r = await createCourse(db, form.data);
    if ('error' in r) return fail({ slug: 'errors.slugTaken' });
    return reply.redirect(`/author/courses/${r.id}?notice=created`, 303);
  });

  const coursePage = async (req: FastifyRequest, found: CourseForAuthoring, extra: { values?: FormValues; errors?: FieldErrors; section?: CourseSection; chosen?: { topics?: string[]; professions?: string[]; prerequisites?: string[] } } = {}) => {
    const c = found.course;
    const [publication, ecm, others] = await Promise.all([previewPublication(db, c.id), c.ecm ? ecmProblems(db, c.id) : [], courseChoices(db, req.locale, c.id)]);
    const values = { ...courseTextValues(found.texts.find((t) => t.locale === c.sourceLocale)), level: c.level, durationMinutes: String(c.durationMinutes), ecm: c.ecm ? 'on' : '', ...creditValues(found.credits), ...extra.values };
    const chosen = { topics: c.topics, professions: found.professions, prerequisites: found.prerequisites, ...extra.chosen };
    return h(CoursePage, { found, publication, ecm, others, values, errors: extra.errors ?? {}, section: extra.section, chosen, notice: notice(req), version: version(req), refused: oneOf(PUBLISH_REFUSALS, q(req).refused) ?? null });
  };
  app.get('/author/courses/:id', authors, async (req, reply) => reply.page(await coursePage(req, await authoring(req))));

  app.post('/author/courses/:id/text', authors, async (req, reply) => {
    const found = await authoring(req);
    const form = parseForm(courseTextSchema, req.body);
    if (!form.ok) return reply.page(await coursePage(req, found, { values: form.values, errors: form.errors, section: 'text' }), { status: 400 });
    await saveCourseText(db, found.course.id, found.course.sourceLocale, form.data);
    return reply.redirect(`${base(found)}?notice=saved#text-title`, 303);
  });
  app.post('/author/courses/:id/facts', authors, async (req, reply) => {
    const found = await authoring(req);
    const form = parseForm(courseFactsSchema, req.body);
    // An unticked box is not sent: what was typed is the form without it.
    if (!form.ok) return reply.page(await coursePage(req, found, { values: { ecm: '', ...form.values }, errors: form.errors, section: 'facts', chosen: { topics: repeated(body(req).topics) } }), { status: 400 });
    await updateCourseFacts(db, found.course.id, form.data);
    return reply.redirect(`${base(found)}?notice=saved#facts-title`, 303);
  });
  app.post('/author/courses/:id/audience', authors, async (req, reply) => {
    const found = await authoring(req);
    const others = await courseChoices(db, req.locale, found.course.id);
    const form = parseForm(
      audienceSchema(others.map((o) => o.id)),
      req.body,
    );
    if (!form.ok) return reply.page(await coursePage(req, found, { values: form.values, errors: form.errors, section: 'audience', chosen: { professions: repeated(body(req).professions), prerequisites: repeated(body(req).prerequisites) } }), { status: 400 });
    await setCourseAudience(db, found.course.id, form.data);
    return reply.redirect(`${base(found)}?notice=saved#audience-title`, 303);
  });
  app.post('/author/courses/:id/publish', authors, async (req, reply) => {
    const found = await authoring(req);
    const r = await publishCourse(db, found.course.id, req.principal!.id);
    if (!r.ok) {
      if (r.reason === 'not-found') throw notFound();
      return reply.redirect(`${base(found)}?refused=${r.reason}`, 303);
    }
    return reply.redirect(`${base(found)}?notice=${r.unchanged ? 'unchanged' : 'published'}&version=${r.major}.${r.minor}`, 303);
  });

  // ——— The outline ———

  const direction = (req: FastifyRequest) => {
    const form = parseForm(directionSchema, req.body);
    if (!form.ok) throw new HttpError(400, 'errors.choose');
    return form.data.direction;
  };

  app.post('/author/courses/:id/modules', authors, async (req, reply) => {
    const found = await authoring(req);
    const form = parseForm(newModuleSchema, req.body);
    if (!form.ok) return reply.page(await coursePage(req, found, { values: form.values, errors: form.errors, section: 'module' }), { status: 400 });
    const id = await addModule(db, found.course.id, found.course.sourceLocale, form.data.moduleTitle);
    return reply.redirect(`${base(found)}?notice=added#module-${id}`, 303);
  });
  const modulePage = (req: FastifyRequest, found: CourseForAuthoring, id: string, extra: { values?: FormValues; errors?: FieldErrors; section?: 'title' | 'lesson' } = {}) =>
    h(ModulePage, { found, module: found404(moduleIn(found, id)), values: extra.values ?? {}, errors: extra.errors ?? {}, section: extra.section, notice: notice(req) });
  app.get('/author/courses/:id/modules/:module', authors, async (req, reply) => reply.page(modulePage(req, await authoring(req), param(req, 'module'))));
  app.post('/author/courses/:id/modules/:module', authors, async (req, reply) => {
    const found = await authoring(req);
    const m = found404(moduleIn(found, param(req, 'module')));
    const form = parseForm(moduleSchema, req.body);
    if (!form.ok) return reply.page(modulePage(req, found, m.id, { values: form.values, errors: form.errors, section: 'title' }), { status: 400 });
    await saveModuleTitle(db, m.id, found.course.sourceLocale, form.data.title);
    return reply.redirect(`${base(found)}/modules/${m.id}?notice=saved`, 303);
  });
  app.post('/author/courses/:id/modules/:module/move', authors, async (req, reply) => {
    const found = await authoring(req);
    const id = param(req, 'module');
    if (!(await moveModule(db, found.course.id, id, direction(req)))) throw notFound();
    return reply.redirect(`${base(found)}?notice=moved#module-${id}`, 303);
  });
  app.post('/author/courses/:id/modules/:module/delete', authors, async (req, reply) => {
    const found = await authoring(req);
    const m = found404(moduleIn(found, param(req, 'module')));
    confirmed(req);
    if (!(await deleteModule(db, found.course.id, m.id))) throw notFound();
    return reply.redirect(`${base(found)}?notice=deleted#outline-title`, 303);
  });
  app.post('/author/courses/:id/modules/:module/lessons', authors, async (req, reply) => {
    const found = await authoring(req);
    const m = found404(moduleIn(found, param(req, 'module')));
    const form = parseForm(newLessonSchema, req.body);
    if (!form.ok) return reply.page(modulePage(req, found, m.id, { values: form.values, errors: form.errors, section: 'lesson' }), { status: 400 });
    const id = await addLesson(db, m.id, { durationMinutes: form.data.durationMinutes, locale: found.course.sourceLocale, title: form.data.lessonTitle });
    return reply.redirect(`${base(found)}/lessons/${id}?notice=added`, 303);
  });

  const lessonPage = (req: FastifyRequest, found: CourseForAuthoring, id: string, extra: { values?: FormValues; errors?: FieldErrors } = {}) => {
    const lesson = found404(lessonIn(found, id));
    const title = lesson.texts.find((t) => t.locale === found.course.sourceLocale)?.title ?? '';
    return h(LessonAuthoringPage, { found, lesson, values: extra.values ?? { title, durationMinutes: String(lesson.durationMinutes) }, errors: extra.errors ?? {}, notice: notice(req) });
  };
  app.get('/author/courses/:id/lessons/:lesson', authors, async (req, reply) => reply.page(lessonPage(req, await authoring(req), param(req, 'lesson'))));
  app.post('/author/courses/:id/lessons/:lesson', authors, async (req, reply) => {
    const found = await authoring(req);
    const lesson = found404(lessonIn(found, param(req, 'lesson')));
    const form = parseForm(lessonSchema, req.body);
    if (!form.ok) return reply.page(lessonPage(req, found, lesson.id, { values: form.values, errors: form.errors }), { status: 400 });
    await updateLesson(db, lesson.id, { locale: found.course.sourceLocale, ...form.data });
    return reply.redirect(`${base(found)}/lessons/${lesson.id}?notice=saved`, 303);
  });
  app.post('/author/courses/:id/lessons/:lesson/move', authors, async (req, reply) => {
    const found = await authoring(req);
    const id = param(req, 'lesson');
    const moduleId = lessonsInOrder(found.outline).find((x) => x.lesson.id === id)?.module.id;
    if (!moduleId || !(await moveLesson(db, found.course.id, id, direction(req)))) throw notFound();
    // Back to the page the buttons were on: the module's, or the course's outline.
    return reply.redirect(`${base(found)}${body(req).from === 'module' ? `/modules/${moduleId}` : ''}?notice=moved#lesson-${id}`, 303);
  });
  app.post('/author/courses/:id/lessons/:lesson/delete', authors, async (req, reply) => {
    const found = await authoring(req);
    const id = param(req, 'lesson');
    const moduleId = lessonsInOrder(found.outline).find((x) => x.lesson.id === id)?.module.id;
    if (!moduleId) throw notFound();
    confirmed(req);
    if (!(await deleteLesson(db, found.course.id, id))) throw notFound();
    return reply.redirect(`${base(found)}/modules/${moduleId}?notice=deleted`, 303);
  });

  // ——— Blocks ———

  const blockKind = (v: unknown) => {
    const kind = oneOf<BlockKind>(BLOCK_KINDS, v);
    if (!kind) throw new HttpError(400, 'errors.choose');
    return kind;
  };
  app.get('/author/courses/:id/lessons/:lesson/blocks/new', authors, async (req, reply) => {
    const found = await authoring(req);
    const lesson = found404(lessonIn(found, param(req, 'lesson')));
    return reply.page(h(BlockPage, { found, lesson, block: null, kind: blockKind(q(req).kind), values: {}, errors: {}, states: [] }));
  });
  app.post('/author/courses/:id/lessons/:lesson/blocks/new', uploading(['course-author']), async (req, reply) => {
    const found = await authoring(req);
    const lesson = found404(lessonIn(found, param(req, 'lesson')));
    const kind = blockKind(body(req).kind);
    const form = parseForm(blockForm(kind), req.body);
    const fail = (errors: FieldErrors) => reply.page(h(BlockPage, { found, lesson, block: null, kind, values: form.values, errors, states: [] }), { status: 400 });
    if (!form.ok) return fail(form.errors);
    const stored = await resolveBlockUploads(p, found.course, form.data, req.principal!.id);
    if (!stored.ok) return fail(stored.errors);
    const id = await addBlock(db, lesson.id, { ...stored, locale: found.course.sourceLocale });
    return reply.redirect(`${base(found)}/lessons/${lesson.id}?notice=added#block-${id}`, 303);
  });
  const blockPage = (req: FastifyRequest, found: CourseForAuthoring, id: string, extra: { values?: FormValues; errors?: FieldErrors } = {}) => {
    const { lesson, block } = found404(blockIn(found, id));
    const src = found.course.sourceLocale;
    return h(BlockPage, { found, lesson, block, kind: block.kind, values: extra.values ?? blockValues(block.texts.find((t) => t.locale === src)?.content, block.data), errors: extra.errors ?? {}, notice: notice(req), states: statesIn(block.texts, src) });
  };
  app.get('/author/courses/:id/blocks/:block', authors, async (req, reply) => reply.page(blockPage(req, await authoring(req), param(req, 'block'))));
  app.post('/author/courses/:id/blocks/:block', uploading(['course-author']), async (req, reply) => {
    const found = await authoring(req);
    const { block } = found404(blockIn(found, param(req, 'block')));
    const content = block.texts.find((t) => t.locale === found.course.sourceLocale)?.content;
    const form = parseForm(blockForm(block.kind, undefined, content && { data: block.data, content }), req.body);
    const fail = (errors: FieldErrors) => reply.page(blockPage(req, found, block.id, { values: form.values, errors }), { status: 400 });
    if (!form.ok) return fail(form.errors);
    const stored = await resolveBlockUploads(p, found.course, form.data, req.principal!.id);
    if (!stored.ok) return fail(stored.errors);
    await updateBlock(db, block.id, { ...stored, locale: found.course.sourceLocale });
    return reply.redirect(`${base(found)}/blocks/${block.id}?notice=saved`, 303);
  });
  app.post('/author/courses/:id/blocks/:block/move', authors, async (req, reply) => {
    const found = await authoring(req);
    const { lesson, block } = found404(blockIn(found, param(req, 'block')));
    if (!(await moveBlock(db, found.course.id, block.id, direction(req)))) throw notFound();
    return reply.redirect(`${base(found)}/lessons/${lesson.id}?notice=moved#block-${block.id}`, 303);
  });
  app.post('/author/courses/:id/blocks/:block/delete', authors, async (req, reply) => {
    const found = await authoring(req);
    const { lesson, block } = found404(blockIn(found, param(req, 'block')));
    confirmed(req);
    if (!(await deleteBlock(db, found.course.id, block.id))) throw notFound();
    return reply.redirect(`${base(found)}/lessons/${lesson.id}?notice=deleted`, 303);
  });

  // Preview: the draft lesson as learners will see it, in any language; nothing is recorded.
  app.get('/author/courses/:id/preview/lessons/:lesson', previewing, async (req, reply) => {
    const found = await authoring(req);
    const lesson = found404(lessonIn(found, param(req, 'lesson')));
    const asked = q(req).lang;
    const lang = isLocale(asked) ? asked : req.locale;
    const { check, sco } = readerChoices(q(req));
    const page = `${base(found)}/preview/lessons/${lesson.id}`;
    const media = await lessonMedia((ids, l) => displayImages(db, ids, l), lesson, lang, false, (block, locale) => `${page}/captions/${block}/${locale}.vtt`);
    media.scorm = await scormLaunches(db, p.config.secretKey, lesson, null, sco);
    return reply.page(h(PreviewPage, { found, lesson, lang, check, media }));
  });
  app.get('/author/courses/:id/preview/lessons/:lesson/captions/:block/:file', authors, async (req, reply) => {
    const found = await authoring(req);
    const lesson = found404(lessonIn(found, param(req, 'lesson')));
    return sendCaptions(reply, found404(captionsIn(lesson, param(req, 'block'), (req.params as { file: string }).file)));
  });

  // ——— Questions and tests ———

  const questionKind = (v: unknown) => {
    const kind = oneOf<QuestionKind>(QUESTION_KINDS, v);
    if (!kind) throw new HttpError(400, 'errors.choose');
    return kind;
  };
  app.get('/author/courses/:id/questions', authors, async (req, reply) => {
    const found = await authoring(req);
    const id = found.course.id;
    const [bank, pre, post, ecm] = await Promise.all([questionBank(db, id), getAssessment(db, id, 'pre-test'), getAssessment(db, id, 'post-test'), found.course.ecm ? ecmProblems(db, id) : []]);
    return reply.page(h(QuestionsPage, { found, bank, tests: { 'pre-test': pre, 'post-test': post }, ecm, notice: notice(req) }));
  });
  app.get('/author/courses/:id/questions/new', authors, async (req, reply) => reply.page(h(QuestionPage, { found: await authoring(req), question: null, kind: questionKind(q(req).kind), values: {}, errors: {}, states: [] })));
  app.post('/author/courses/:id/questions/new', authors, async (req, reply) => {
    const found = await authoring(req);
    const kind = questionKind(body(req).kind);
    const form = parseForm(questionForm(kind, undefined, { ecm: found.course.ecm }), req.body);
    if (!form.ok) return reply.page(h(QuestionPage, { found, question: null, kind, values: form.values, errors: form.errors, states: [] }), { status: 400 });
    await addQuestion(db, found.course.id, { ...form.data, locale: found.course.sourceLocale });
    return reply.redirect(`${base(found)}/questions?notice=added`, 303);
  });
  const questionIn = async (found: CourseForAuthoring, id: string) => found404((await questionBank(db, found.course.id)).find((x) => x.id === id));
  const questionPage = async (req: FastifyRequest, found: CourseForAuthoring, id: string, extra: { values?: FormValues; errors?: FieldErrors } = {}) => {
    const question = await questionIn(found, id);
    const src = found.course.sourceLocale;
    return h(QuestionPage, { found, question, kind: question.kind, values: extra.values ?? questionValues(question.texts.find((t) => t.locale === src)?.content, question.data, question.competence), errors: extra.errors ?? {}, notice: notice(req), states: statesIn(question.texts, src) });
  };
  app.get('/author/courses/:id/questions/:question', authors, async (req, reply) => reply.page(await questionPage(req, await authoring(req), param(req, 'question'))));
  app.post('/author/courses/:id/questions/:question', authors, async (req, reply) => {
    const found = await authoring(req);
    const question = await questionIn(found, param(req, 'question'));
    const form = parseForm(questionForm(question.kind, undefined, { ecm: found.course.ecm }), req.body);
    if (!form.ok) return reply.page(await questionPage(req, found, question.id, { values: form.values, errors: form.errors }), { status: 400 });
    await editQuestion(db, question.id, { ...form.data, locale: found.course.sourceLocale });
    return reply.redirect(`${base(found)}/questions/${question.id}?notice=saved`, 303);
  });
  app.post('/author/courses/:id/questions/:question/retire', authors, async (req, reply) => {
    const found = await authoring(req);
    const retired = oneOf(['true', 'false'], body(req).retired);
    if (!retired) throw new HttpError(400, 'errors.choose');
    if (!(await setQuestionRetired(db, found.course.id, param(req, 'question'), retired === 'true'))) throw notFound();
    return reply.redirect(`${base(found)}/questions?notice=${retired === 'true' ? 'retired' : 'restored'}`, 303);
  });

  const testKind = (req: FastifyRequest) => found404(oneOf<AssessmentKind>(ASSESSMENT_KINDS, (req.params as { kind: string }).kind));
  app.get('/author/courses/:id/tests/:kind', authors, async (req, reply) => {
    const found = await authoring(req);
    const kind = testKind(req);
    return reply.page(h(TestSettingsPage, { found, kind, values: assessmentValues(await getAssessment(db, found.course.id, kind)), errors: {} }));
  });
  app.post('/author/courses/:id/tests/:kind', authors, async (req, reply) => {
    const found = await authoring(req);
    const kind = testKind(req);
    const form = parseForm(assessmentSchema(kind), req.body);
    if (!form.ok) return reply.page(h(TestSettingsPage, { found, kind, values: { shuffleQuestions: '', shuffleOptions: '', ...form.values }, errors: form.errors }), { status: 400 });
    await setAssessment(db, found.course.id, kind, form.data);
    return reply.redirect(`${base(found)}/questions?notice=saved`, 303);
  });

  // ——— Translation ———

  app.get('/author/translations', translators, async (req, reply) => reply.page(h(TranslationsPage, { rows: await translationOverview(db, req.locale) })));

  const translating = async (req: FastifyRequest) => found404(await translatableCourse(db, param(req, 'id')));
  /** The language to translate into: the one asked for, else the reader's, else the first that is not the original. */
  const targetOf = (course: TranslatableCourse, asked: unknown): Locale => {
    if (isLocale(asked) && asked !== course.sourceLocale) return asked;
    return LOCALES.find((l) => l !== course.sourceLocale)!;
  };
  app.get('/author/courses/:id/translate', translatingInto, async (req, reply) => {
    const course = await translating(req);
    const lang = targetOf(course, q(req).lang ?? (req.locale !== course.sourceLocale ? req.locale : undefined));
    return reply.page(h(WorkspacePage, { course, lang, notice: notice(req) }));
  });
  const itemOf = (req: FastifyRequest, course: TranslatableCourse) => {
    const kind = oneOf(ITEM_KINDS, (req.params as { kind: string }).kind);
    const id = param(req, 'item');
    return found404(course.items.find((x) => x.kind === kind && x.id === id));
  };
  app.get('/author/courses/:id/translate/:kind/:item', translatingInto, async (req, reply) => {
    const course = await translating(req);
    const item = itemOf(req, course);
    const lang = targetOf(course, q(req).lang);
    return reply.page(h(TranslateItemPage, { course, item, lang, values: itemValues(itemText(item, lang)), errors: {}, notice: notice(req) }));
  });
  /** The language a translation form was for: one of the course's other languages, or the request is bad. */
  const postedLocale = (req: FastifyRequest, course: TranslatableCourse): Locale => {
    const l = body(req).locale;
    if (!isLocale(l) || l === course.sourceLocale) throw new HttpError(400, 'errors.choose');
    return l;
  };
  app.post('/author/courses/:id/translate/:kind/:item', uploading(['course-author', 'translator']), async (req, reply) => {
    const course = await translating(req);
    const item = itemOf(req, course);
    const lang = postedLocale(req, course);
    const source = found404(itemText(item, course.sourceLocale));
    const form = parseForm(translationForm(item, source, itemText(item, lang)), req.body);
    const fail = (errors: FieldErrors) => reply.page(h(TranslateItemPage, { course, item, lang, values: form.values, errors }), { status: 400 });
    if (!form.ok) return fail(form.errors);
    let text: ItemText = form.data;
    if (form.data.kind === 'block' && item.kind === 'block') {
      // A translation brings its own captions and handout, never the recording or image (they are the block's).
      const stored = await resolveBlockUploads(p, { id: course.id, sourceLocale: course.sourceLocale }, { data: item.data, content: form.data.value, uploads: form.data.uploads ?? {} }, req.principal!.id);
      if (!stored.ok) return fail(stored.errors);
      text = { kind: 'block', value: stored.content };
    }
    await saveTranslation(db, item, lang, text);
    return reply.redirect(`/author/courses/${course.id}/translate?lang=${lang}&notice=translated#item-${item.id}`, 303);
  });
  app.post('/author/courses/:id/translate/:kind/:item/review', translators, async (req, reply) => {
    const course = await translating(req);
    const item = itemOf(req, course);
    if (item.kind !== 'block') throw notFound();
    const lang = postedLocale(req, course);
    // Only an up-to-date translation can be confirmed; the page offers the button only for one.
    if (!(await markBlockReviewed(db, item.id, lang))) throw new HttpError(409, 'training.author.reviewRefused');
    return reply.redirect(`/author/courses/${course.id}/translate/block/${item.id}?lang=${lang}&notice=reviewed`, 303);
  });
}
