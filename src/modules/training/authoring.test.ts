import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, testApp } from '../../../test/helpers.js';
import { translator } from '../../platform/i18n/index.js';
import { users } from '../../platform/schema.js';
import { seedTrainingDemo } from './demo.js';
import { learnerCourse } from './learning.js';
import { courses, lessonProgress, questions } from './schema.js';
import { draftSnapshot, lessonsInOrder } from './versions.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
let author: Client;
let translatorClient: Client;
let learner: Client;
const en = translator('en');

beforeAll(async () => {
  ctx = await testApp();
  await seedTrainingDemo(db());
  author = await signedInAs(ctx, 'author@example.org', 'course-author');
  translatorClient = await signedInAs(ctx, 'translator@example.org', 'translator');
  learner = await signedInAs(ctx, 'learner@example.org', 'learner');
});
afterAll(async () => ctx?.close());

const courseId = async (slug: string) => (await db().select({ id: courses.id }).from(courses).where(eq(courses.slug, slug)))[0]!.id;
const outline = async (id: string) => (await draftSnapshot(db(), id))!;
/** The id a redirect's location names after `prefix`. */
const idAfter = (location: string | undefined, prefix: string) => new RegExp(`${prefix}/([0-9a-f-]{36})`).exec(location ?? '')![1]!;
/** The HTML of a table row whose link has the given id (the workspace's items). */
const rowOf = (html: string, id: string) => {
  const at = html.indexOf(`id="item-${id}"`);
  return html.slice(html.lastIndexOf('<tr', at), html.indexOf('</tr>', at));
};
/** Text as the page shows it: HTML escapes undone. */
const shown = (s: string) => s.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** A course made through the forms: one module of two lessons, each with a text block. */
async function courseThroughTheForms(slug: string) {
  const created = await author.post('/author/courses/new', { slug, sourceLocale: 'en', level: 'interdisciplinary', topics: ['trauma-and-distress'], durationMinutes: '30', title: `Course ${slug}`, summary: 'A short course.', outcomes: 'Listen\nAsk', description: 'About **it**.' });
  expect(created.statusCode).toBe(303);
  const id = idAfter(created.headers.location, '/author/courses');
  await author.post(`/author/courses/${id}/modules`, { moduleTitle: 'Basics' });
  const moduleId = (await outline(id)).modules[0]!.id;
  const lessons: string[] = [];
  for (const title of ['First contact', 'Closing']) {
    const r = await author.post(`/author/courses/${id}/modules/${moduleId}/lessons`, { lessonTitle: title, durationMinutes: '10' });
    expect(r.statusCode).toBe(303);
    const lessonId = idAfter(r.headers.location, '/lessons');
    lessons.push(lessonId);
    expect((await author.post(`/author/courses/${id}/lessons/${lessonId}/blocks/new`, { kind: 'text', markdown: `What to do in ${title}.` })).statusCode).toBe(303);
  }
  return { id, moduleId, lessons };
}

describe('creating a course', () => {
  it('lists every course for authors, refuses a bad form with its errors beside the fields and what was typed, then creates a draft', async () => {
    const list = await author.get('/author/courses');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Migration, culture and mental health');
    expect(list.body).toContain('href="/author/courses/new"');
    // The navigation leads there.
    expect(list.body).toMatch(/<nav class="primary-nav"[\s\S]*href="\/author\/courses"/);

    const bad = await author.post('/author/courses/new', { slug: 'Not A Slug', sourceLocale: 'en', level: '', durationMinutes: 'soon', title: '', outcomes: 'One' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="field-slug-error"');
    expect(bad.body).toContain(shown(en('errors.slug')).replace(/&/g, '&amp;'));
    expect(bad.body).toContain('id="field-durationMinutes-error"');
    expect(bad.body).toContain('id="field-title-error"');
    expect(bad.body).toContain('value="Not A Slug"');
    expect(bad.body).toContain('>One</textarea>');
    // In the author's language.
    const autrice = await signedInAs(ctx, 'autrice@example.org', 'course-author');
    await autrice.post('/language', { locale: 'it' });
    const italian = await autrice.post('/author/courses/new', { slug: 'x y', sourceLocale: 'en', level: 'specialised', durationMinutes: '10', title: 'T' });
    expect(italian.statusCode).toBe(400);
    expect(shown(italian.body)).toContain(translator('it')('errors.slug'));

    const taken = await author.post('/author/courses/new', { slug: 'migration-culture-mental-health', sourceLocale: 'en', level: 'specialised', durationMinutes: '10', title: 'Again' });
    expect(taken.statusCode).toBe(400);
    expect(shown(taken.body)).toContain(en('errors.slugTaken'));

    const created = await author.post('/author/courses/new', {
      slug: 'listening-first',
      sourceLocale: 'en',
      level: 'interdisciplinary',
      topics: ['trauma-and-distress', 'self-care'],
      durationMinutes: '45',
      ecm: 'on',
      title: 'Listening first',
      summary: 'Listening before anything else.',
      outcomes: 'Listen\n\n  Ask open questions  \n',
      description: 'Why **listening** comes first.',
    });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toMatch(/^\/author\/courses\/[0-9a-f-]{36}\?notice=created$/);
    const page = await author.get(created.headers.location!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(en('training.author.notice.created'));
    const [c] = await db().select().from(courses).where(eq(courses.slug, 'listening-first'));
    expect(c).toMatchObject({ status: 'draft', ecm: true, durationMinutes: 45, topics: ['trauma-and-distress', 'self-care'] });
    // A draft is not in the catalogue.
    expect((await learner.get('/training/courses/listening-first')).statusCode).toBe(404);
  });
});

describe('the outline', () => {
  it('adds, renames, reorders and deletes modules, lessons and blocks', async () => {
    const c = await courseThroughTheForms('outline-course');
    const base = `/author/courses/${c.id}`;
    await author.post(`${base}/modules`, { moduleTitle: 'Going further' });
    let o = await outline(c.id);
    expect(o.modules.map((m) => m.texts[0]!.title)).toEqual(['Basics', 'Going further']);
    const second = o.modules[1]!.id;

    // Modules: the second moves up; moving the first one up again changes nothing.
    const moved = await author.post(`${base}/modules/${second}/move`, { direction: 'up' });
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toBe(`${base}?notice=moved#module-${second}`);
    expect((await author.post(`${base}/modules/${second}/move`, { direction: 'up' })).statusCode).toBe(303);
    o = await outline(c.id);
    expect(o.modules.map((m) => m.id)).toEqual([second, c.moduleId]);
    expect((await author.post(`${base}/modules/${second}`, { title: 'Further on' })).statusCode).toBe(303);
    expect((await outline(c.id)).modules[0]!.texts[0]!.title).toBe('Further on');

    // Lessons: the second moves up, from the module's page; the title and the duration change.
    const up = await author.post(`${base}/lessons/${c.lessons[1]}/move`, { direction: 'up', from: 'module' });
    expect(up.headers.location).toBe(`${base}/modules/${c.moduleId}?notice=moved#lesson-${c.lessons[1]}`);
    expect((await outline(c.id)).modules[1]!.lessons.map((l) => l.id)).toEqual([c.lessons[1], c.lessons[0]]);
    expect((await author.post(`${base}/lessons/${c.lessons[0]}`, { title: 'The first contact', durationMinutes: '15' })).statusCode).toBe(303);
    const lesson = lessonsInOrder(await outline(c.id)).find((x) => x.lesson.id === c.lessons[0])!.lesson;
    expect([lesson.texts[0]!.title, lesson.durationMinutes]).toEqual(['The first contact', 15]);

    // Blocks of every kind; a knowledge check with a single option is refused, beside its fields.
    const lessonBase = `${base}/lessons/${c.lessons[0]}`;
    const form = await author.get(`${lessonBase}/blocks/new?kind=check`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="option3"');
    const oneOption = await author.post(`${lessonBase}/blocks/new`, { kind: 'check', question: 'What first?', option0: 'Greet', answer: '0' });
    expect(oneOption.statusCode).toBe(400);
    expect(oneOption.body).toContain('id="field-option0-error"');
    expect(oneOption.body).toContain('>What first?</textarea>');
    const check = await author.post(`${lessonBase}/blocks/new`, { kind: 'check', question: 'What first?', option0: 'Greet', feedback0: 'Yes.', option1: 'Diagnose', feedback1: 'Not yet.', answer: '0' });
    expect(check.statusCode).toBe(303);
    const vignette = await author.post(`${lessonBase}/blocks/new`, { kind: 'vignette', title: 'Amina', markdown: 'Amina arrives.', prompts: 'What does she need?\nWho else?' });
    expect(vignette.statusCode).toBe(303);
    let blocks = lessonsInOrder(await outline(c.id)).find((x) => x.lesson.id === c.lessons[0])!.lesson.blocks;
    expect(blocks.map((b) => b.kind)).toEqual(['text', 'check', 'vignette']);
    expect(blocks[1]!.data).toEqual({ kind: 'check', correct: [0] });
    expect(blocks[2]!.texts[0]!.content).toEqual({ kind: 'vignette', title: 'Amina', markdown: 'Amina arrives.', prompts: ['What does she need?', 'Who else?'] });
    // The right option changes with the text.
    expect((await author.post(`${base}/blocks/${blocks[1]!.id}`, { question: 'What first?', option0: 'Greet', option1: 'Diagnose', option2: 'Listen', answer: '2' })).statusCode).toBe(303);
    // The vignette moves up, then the text block is deleted.
    expect((await author.post(`${base}/blocks/${blocks[2]!.id}/move`, { direction: 'up' })).headers.location).toBe(`${lessonBase}?notice=moved#block-${blocks[2]!.id}`);
    // Deleting asks for the ticked box; without it nothing is deleted.
    const unconfirmed = await author.post(`${base}/blocks/${blocks[0]!.id}/delete`);
    expect(unconfirmed.statusCode).toBe(400);
    expect(shown(unconfirmed.body)).toContain(en('training.author.deleteUnconfirmed'));
    expect(lessonsInOrder(await outline(c.id)).find((x) => x.lesson.id === c.lessons[0])!.lesson.blocks).toHaveLength(3);
    expect((await author.post(`${base}/blocks/${blocks[0]!.id}/delete`, { confirm: 'on' })).headers.location).toBe(`${lessonBase}?notice=deleted`);
    blocks = lessonsInOrder(await outline(c.id)).find((x) => x.lesson.id === c.lessons[0])!.lesson.blocks;
    expect(blocks.map((b) => b.kind)).toEqual(['vignette', 'check']);
    expect(blocks[1]!.data).toEqual({ kind: 'check', correct: [2] });

    // The lesson page lists them; the course page shows the outline in its order.
    const lessonPage = await author.get(lessonBase);
    expect(lessonPage.body.indexOf('Amina')).toBeLessThan(lessonPage.body.indexOf('What first?'));
    const coursePage = await author.get(base);
    expect(coursePage.body.indexOf('Further on')).toBeLessThan(coursePage.body.indexOf('Basics'));

    // Deleting a lesson and a module.
    expect((await author.post(`${base}/lessons/${c.lessons[1]}/delete`, { confirm: 'on' })).headers.location).toBe(`${base}/modules/${c.moduleId}?notice=deleted`);
    expect((await author.post(`${base}/modules/${second}/delete`, { confirm: 'on' })).statusCode).toBe(303);
    o = await outline(c.id);
    expect(o.modules.map((m) => m.id)).toEqual([c.moduleId]);
    expect(o.modules[0]!.lessons.map((l) => l.id)).toEqual([c.lessons[0]]);
  });

  it('publishes, says when nothing changed, and says why a course cannot be published', async () => {
    const c = await courseThroughTheForms('publish-course');
    const base = `/author/courses/${c.id}`;
    expect(shown((await author.get(base)).body)).toContain(en('training.author.outlook.first', { version: '1.0' }));
    const first = await author.post(`${base}/publish`);
    expect(first.headers.location).toBe(`${base}?notice=published&version=1.0`);
    expect((await author.get(first.headers.location!)).body).toContain(en('training.author.notice.published', { version: '1.0' }));
    expect((await author.post(`${base}/publish`)).headers.location).toBe(`${base}?notice=unchanged&version=1.0`);
    expect((await learner.get('/training/courses/publish-course')).statusCode).toBe(200);

    const empty = await author.post('/author/courses/new', { slug: 'empty-draft', sourceLocale: 'en', level: 'specialised', durationMinutes: '10', title: 'Empty' });
    const emptyBase = `/author/courses/${idAfter(empty.headers.location, '/author/courses')}`;
    const refused = await author.post(`${emptyBase}/publish`);
    expect(refused.headers.location).toBe(`${emptyBase}?refused=empty`);
    expect(shown((await author.get(refused.headers.location!)).body)).toContain(en('training.author.publish.empty'));
  });

  it('keeps a learner enrolled on version 1 on it after a structural change is published as version 2', async () => {
    const c = await courseThroughTheForms('versions-through-forms');
    const base = `/author/courses/${c.id}`;
    await author.post(`${base}/publish`);
    expect((await learner.post('/training/courses/versions-through-forms/enrol')).statusCode).toBe(303);

    // A new lesson changes the structure: the page says so before publishing.
    const added = await author.post(`${base}/modules/${c.moduleId}/lessons`, { lessonTitle: 'Afterwards', durationMinutes: '5' });
    await author.post(`${base}/lessons/${idAfter(added.headers.location, '/lessons')}/blocks/new`, { kind: 'text', markdown: 'Write it down.' });
    expect(shown((await author.get(base)).body)).toContain(en('training.author.outlook.major', { version: '2.0', kept: 1 }));
    expect((await author.post(`${base}/publish`)).headers.location).toBe(`${base}?notice=published&version=2.0`);

    const [user] = await db().select().from(users).where(eq(users.email, 'learner@example.org'));
    const mine = (await learnerCourse(db(), user!.id, 'versions-through-forms', 'en'))!;
    expect([mine.version.major, mine.version.minor]).toEqual([1, 0]);
    expect(lessonsInOrder(mine.snapshot)).toHaveLength(2);
    expect((await learner.get('/learn/versions-through-forms')).body).toContain(en('training.version', { version: '1.0' }));
    // A new learner gets version 2.
    const other = await signedInAs(ctx, 'newcomer@example.org', 'learner');
    await other.post('/training/courses/versions-through-forms/enrol');
    expect((await other.get('/learn/versions-through-forms')).body).toContain(en('training.version', { version: '2.0' }));
  });
});

describe('translation', () => {
  const slug = 'migration-culture-mental-health';

  it('marks the Italian translation of a block out of date when its English text changes: in the workspace and on the learner’s Italian lesson', async () => {
    const id = await courseId(slug);
    const first = lessonsInOrder(await outline(id))[0]!.lesson;
    const block = first.blocks[0]!;
    const workspace = `/author/courses/${id}/translate?lang=it`;
    expect(rowOf((await author.get(workspace)).body, block.id)).toContain(`>${en('training.author.state.translated')}<`);
    await learner.post(`/training/courses/${slug}/enrol`);
    const lessonPage = `/learn/${slug}/lessons/${first.id}?lang=it`;
    const before = await learner.get(lessonPage);
    expect(before.statusCode).toBe(200);
    expect(before.body).not.toContain('class="translation-notice"');

    // The author rewrites the English text and publishes (a minor version: the structure is the same).
    const english = block.texts.find((t) => t.locale === 'en')!.content;
    expect(english.kind).toBe('text');
    const edited = await author.post(`/author/courses/${id}/blocks/${block.id}`, { markdown: `${english.kind === 'text' ? english.markdown : ''}\n\nA sentence added in English.` });
    expect(edited.statusCode).toBe(303);
    const blockPage = await author.get(`/author/courses/${id}/blocks/${block.id}`);
    expect(blockPage.body).toMatch(/lang="it">Italiano<\/a>: out of date/);
    const ws = await author.get(workspace);
    expect(rowOf(ws.body, block.id)).toContain(`>${en('training.author.state.out-of-date')}<`);
    const published = await author.post(`/author/courses/${id}/publish`);
    expect(published.headers.location).toMatch(/notice=published&version=1\.1$/);

    const after = await learner.get(lessonPage);
    expect(after.body).toContain('class="translation-notice"');
    expect(shown(after.body)).toContain(translator('it')('portal.translation.outOfDate'));

    // A translator brings the Italian up to date, and a reviewer confirms it.
    const item = `/author/courses/${id}/translate/block/${block.id}`;
    const form = await translatorClient.get(`${item}?lang=it`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('A sentence added in English.');
    expect(form.body).toContain('class="side-by-side"');
    const saved = await translatorClient.post(item, { locale: 'it', markdown: 'Testo italiano aggiornato, con la frase aggiunta.' });
    expect(saved.headers.location).toBe(`/author/courses/${id}/translate?lang=it&notice=translated#item-${block.id}`);
    expect(rowOf((await translatorClient.get(workspace)).body, block.id)).toContain(`>${en('training.author.state.translated')}<`);
    expect((await translatorClient.post(`${item}/review`, { locale: 'it' })).statusCode).toBe(303);
    expect(rowOf((await translatorClient.get(workspace)).body, block.id)).toContain(`>${en('training.author.state.reviewed')}<`);
    // Saving the translation again needs a new review.
    await translatorClient.post(item, { locale: 'it', markdown: 'Testo italiano aggiornato ancora.' });
    expect(rowOf((await translatorClient.get(workspace)).body, block.id)).toContain(`>${en('training.author.state.translated')}<`);
  });

  it('shows every translatable text with its state and a progress count per language, and keeps translations to the source’s shape', async () => {
    const id = await courseId(slug);
    const ws = await translatorClient.get(`/author/courses/${id}/translate?lang=ar`);
    expect(ws.statusCode).toBe(200);
    // ?lang= is the language translated into: the page stays in the translator's (a learner's ?lang=it is the page's).
    expect(ws.body).toContain('<html lang="en" dir="ltr"');
    const o = await outline(id);
    const bank = await db().select().from(questions).where(eq(questions.courseId, id));
    const total = 1 + o.modules.length + lessonsInOrder(o).length + lessonsInOrder(o).reduce((n, x) => n + x.lesson.blocks.length, 0) + bank.filter((q) => !q.retired).length;
    expect(ws.body).toContain(`العربية · 0/${total}`);
    expect(shown(ws.body)).toContain(en('training.author.progress', { done: 0, total, language: 'العربية' }));
    expect((ws.body.match(/id="item-/g) ?? []).length).toBe(total);

    // The course's own texts, a module title and a question, in Arabic.
    const course = await translatorClient.post(`/author/courses/${id}/translate/course/${id}`, { locale: 'ar', title: 'الهجرة والثقافة والصحة النفسية', summary: 'ملخص', outcomes: 'أولًا\nثانيًا', description: 'وصف' });
    expect(course.statusCode).toBe(303);
    expect((await translatorClient.post(`/author/courses/${id}/translate/module/${o.modules[0]!.id}`, { locale: 'ar', title: 'الوحدة الأولى' })).statusCode).toBe(303);
    const q = bank[0]!;
    const qForm = await translatorClient.get(`/author/courses/${id}/translate/question/${q.id}?lang=ar`);
    expect(qForm.body).toContain('name="option3"');
    expect(qForm.body).not.toContain('name="option4"');
    expect(qForm.body).not.toContain('name="answer"');
    // A translation that leaves out one of the source's options is refused beside it.
    const partial = await translatorClient.post(`/author/courses/${id}/translate/question/${q.id}`, { locale: 'ar', stem: 'سؤال', option0: 'أ', option1: 'ب', option2: 'ج' });
    expect(partial.statusCode).toBe(400);
    expect(partial.body).toContain('id="field-option3-error"');
    expect(partial.body).toContain('value="ج"');
    expect((await translatorClient.post(`/author/courses/${id}/translate/question/${q.id}`, { locale: 'ar', stem: 'سؤال', option0: 'أ', option1: 'ب', option2: 'ج', option3: 'د' })).statusCode).toBe(303);
    expect((await translatorClient.get(`/author/courses/${id}/translate?lang=ar`)).body).toContain(`العربية · 3/${total}`);
    // The source language is not translated into.
    expect((await translatorClient.post(`/author/courses/${id}/translate/module/${o.modules[0]!.id}`, { locale: 'en', title: 'Overwritten' })).statusCode).toBe(400);
    expect((await translatorClient.post(`/author/courses/${id}/translate/module/${o.modules[0]!.id}`, { locale: 'xx', title: 'Overwritten' })).statusCode).toBe(400);
    // Translators reach the list of courses from the navigation.
    const list = await translatorClient.get('/author/translations');
    expect(list.statusCode).toBe(200);
    expect(list.body).toMatch(/<nav class="primary-nav"[\s\S]*href="\/author\/translations"/);
    expect(list.body).toContain(`href="/author/courses/${id}/translate?lang=ar"`);
  });
});

describe('who may do what', () => {
  it('lets translators translate but not author, and keeps learners out of both', async () => {
    const id = await courseId('recognising-distress-and-trauma');
    const o = await outline(id);
    const lesson = lessonsInOrder(o)[0]!.lesson;
    const authoring = [`/author/courses`, `/author/courses/new`, `/author/courses/${id}`, `/author/courses/${id}/lessons/${lesson.id}`, `/author/courses/${id}/questions`, `/author/courses/${id}/preview/lessons/${lesson.id}`];
    const translating = ['/author/translations', `/author/courses/${id}/translate`, `/author/courses/${id}/translate/lesson/${lesson.id}?lang=de`];
    for (const path of authoring) {
      expect((await translatorClient.get(path)).statusCode, path).toBe(403);
      expect((await learner.get(path)).statusCode, path).toBe(403);
    }
    for (const path of translating) {
      expect((await translatorClient.get(path)).statusCode, path).toBe(200);
      expect((await learner.get(path)).statusCode, path).toBe(403);
    }
    expect((await translatorClient.post(`/author/courses/${id}/publish`)).statusCode).toBe(403);
    expect((await translatorClient.post(`/author/courses/${id}/lessons/${lesson.id}`, { title: 'Mine now', durationMinutes: '5' })).statusCode).toBe(403);
    expect((await learner.post(`/author/courses/${id}/translate/lesson/${lesson.id}`, { locale: 'de', title: 'Meins' })).statusCode).toBe(403);
    expect((await translatorClient.post(`/author/courses/${id}/translate/lesson/${lesson.id}`, { locale: 'de', title: 'Erster Kontakt' })).statusCode).toBe(303);
    // Translators see no links to the authoring pages.
    expect((await translatorClient.get(`/author/courses/${id}/translate`)).body).not.toContain(`href="/author/courses/${id}"`);
  });
});

describe('odd input', () => {
  it('answers odd ids with 404, bad values with 400 and the form, never 500', async () => {
    const mine = await courseThroughTheForms('odd-input-course');
    const other = await courseId('psychcare-guidelines');
    const otherOutline = await outline(other);
    const otherLesson = lessonsInOrder(otherOutline)[0]!.lesson;
    const otherBlock = otherLesson.blocks[0]!;
    const [otherQuestion] = await db().select().from(questions).where(eq(questions.courseId, other));
    const base = `/author/courses/${mine.id}`;

    // Ids that are not ids, ids of nothing, and ids of another course.
    const notFound = [
      ['GET', '/author/courses/not-a-uuid'],
      ['GET', `/author/courses/${randomUUID()}`],
      ['GET', `${base}/lessons/${otherLesson.id}`],
      ['GET', `${base}/preview/lessons/${otherLesson.id}`],
      ['GET', `${base}/modules/${otherOutline.modules[0]!.id}`],
      ['GET', `${base}/blocks/${otherBlock.id}`],
      ['GET', `${base}/questions/${otherQuestion!.id}`],
      ['GET', `${base}/tests/mid-test`],
      ['GET', `${base}/translate/block/${otherBlock.id}?lang=it`],
      ['GET', `${base}/translate/chapter/${mine.lessons[0]}?lang=it`],
      ['GET', `${base}/translate/module/${mine.lessons[0]}?lang=it`],
      ['POST', `${base}/lessons/${otherLesson.id}/move`],
      ['POST', `${base}/lessons/${otherLesson.id}/delete`],
      ['POST', `${base}/lessons/${otherLesson.id}`],
      ['POST', `${base}/blocks/${otherBlock.id}`],
      ['POST', `${base}/blocks/${otherBlock.id}/delete`],
      ['POST', `${base}/modules/${otherOutline.modules[0]!.id}/delete`],
      ['POST', `${base}/modules/${otherOutline.modules[0]!.id}/lessons`],
      ['POST', `${base}/questions/${otherQuestion!.id}/retire`],
      ['POST', `${base}/translate/block/${otherBlock.id}`],
      ['POST', `${base}/translate/lesson/${mine.lessons[0]}/review`],
    ] as const;
    for (const [method, path] of notFound) {
      const r = method === 'GET' ? await author.get(path) : await author.post(path, { direction: 'up', title: 'x', durationMinutes: '5', markdown: 'x', retired: 'true', locale: 'it', lessonTitle: 'x' });
      expect(r.statusCode, `${method} ${path}`).toBe(404);
    }
    // The other course is untouched.
    expect(lessonsInOrder(await outline(other))[0]!.lesson.id).toBe(otherLesson.id);

    // Arrays where strings belong, very long strings, values out of range: 400 with the form again.
    const long = 'x'.repeat(30_000);
    const bad: [string, Record<string, string | string[]>, string][] = [
      [`${base}/text`, { title: ['One', 'Two'] }, 'field-title-error'],
      [`${base}/text`, { title: long }, 'field-title-error'],
      [`${base}/facts`, { level: 'specialised', topics: ['guidelines', 'astrology'], durationMinutes: '10' }, 'field-topics-error'],
      [`${base}/facts`, { level: ['specialised', 'other'], durationMinutes: ['10', '20'] }, 'field-durationMinutes-error'],
      [`${base}/audience`, { professions: ['nurse', 'astronaut'] }, 'field-professions-error'],
      [`${base}/audience`, { professions: 'nurse', 'credit.nurse.ecm': 'lots' }, 'field-credit.nurse.ecm-error'],
      [`${base}/audience`, { professions: 'nurse', 'credit.physician.cpd': '2' }, 'field-credit.physician.cpd-error'],
      [`${base}/audience`, { prerequisites: [randomUUID()] }, 'field-prerequisites-error'],
      [`${base}/modules`, { moduleTitle: '' }, 'field-moduleTitle-error'],
      [`${base}/modules/${mine.moduleId}/lessons`, { lessonTitle: 'L', durationMinutes: '-3' }, 'field-durationMinutes-error'],
      [`${base}/lessons/${mine.lessons[0]}`, { title: long, durationMinutes: '5' }, 'field-title-error'],
      [`${base}/lessons/${mine.lessons[0]}/blocks/new`, { kind: 'text', markdown: ['a', 'b'] }, 'field-markdown-error'],
      [`${base}/lessons/${mine.lessons[0]}/blocks/new`, { kind: 'text', markdown: long }, 'field-markdown-error'],
      [`${base}/lessons/${mine.lessons[0]}/blocks/new`, { kind: 'check', question: 'Q', option0: 'a', option1: 'b', answer: '5' }, 'field-answer-error'],
      [`${base}/questions/new`, { kind: 'single', competence: 'C 1', stem: 'Q', option0: 'a', option1: 'b', answer: '0' }, 'field-competence-error'],
      [`${base}/questions/new`, { kind: 'ordering', competence: 'C1', stem: 'Q', item0: 'only one' }, 'field-item0-error'],
      [`${base}/tests/post-test`, { questionsPerAttempt: '0', passMark: '101', maxAttempts: 'many' }, 'field-passMark-error'],
      [`${base}/translate/lesson/${mine.lessons[0]}`, { locale: 'it', title: ['a', 'b'] }, 'field-title-error'],
    ];
    for (const [path, form, field] of bad) {
      const r = await author.post(path, form);
      expect(r.statusCode, path).toBe(400);
      expect(r.body, `${path} ${JSON.stringify(form).slice(0, 80)}`).toContain(`id="${field}"`);
    }
    // Values no form offers: 400.
    expect((await author.get(`${base}/lessons/${mine.lessons[0]}/blocks/new?kind=hologram`)).statusCode).toBe(400);
    expect((await author.post(`${base}/questions/new`, { kind: 'essay', stem: 'Q' })).statusCode).toBe(400);
    expect((await author.post(`${base}/modules/${mine.moduleId}/move`, { direction: 'sideways' })).statusCode).toBe(400);
    expect((await author.post(`${base}/modules/${mine.moduleId}/move`, { direction: ['up', 'down'] })).statusCode).toBe(400);
    expect((await author.post(`${base}/translate/lesson/${mine.lessons[0]}`, { locale: ['it', 'de'], title: 'x' })).statusCode).toBe(400);
  });
});

describe('questions, tests and the ECM rules', () => {
  it('adds every kind of question, edits and retires them, sets up the tests, and lists the ECM problems in words', async () => {
    const c = await courseThroughTheForms('ecm-course');
    const base = `/author/courses/${c.id}`;
    expect((await author.post(`${base}/facts`, { level: 'specialised', durationMinutes: '30', ecm: 'on' })).statusCode).toBe(303);
    let page = shown((await author.get(`${base}/questions`)).body);
    expect(page).toContain(en('training.author.ecm.noPostTest'));

    const add = (form: Record<string, string>) => author.post(`${base}/questions/new`, { competence: 'C1', stem: 'Which?', ...form });
    expect((await add({ kind: 'single', option0: 'a', option1: 'b', option2: 'c', option3: 'd', answer: '2' })).statusCode).toBe(303);
    expect((await add({ kind: 'multiple', option0: 'a', option1: 'b', option2: 'c', answer0: 'on', answer2: 'on' })).statusCode).toBe(303);
    expect((await add({ kind: 'true-false', answer: 'false', feedbackTrue: 'No.', feedbackFalse: 'Yes.' })).statusCode).toBe(303);
    expect((await add({ kind: 'ordering', item0: 'first', item1: 'second', item2: 'third' })).statusCode).toBe(303);
    expect((await add({ kind: 'matching', pairLeft0: 'A', pairRight0: 'a', pairLeft1: 'B', pairRight1: 'b' })).statusCode).toBe(303);
    expect((await add({ kind: 'short-answer', keywords: 'mediator\ninterpreter', feedback: 'Ask for one.' })).statusCode).toBe(303);
    const bank = await db().select().from(questions).where(eq(questions.courseId, c.id));
    expect(bank.map((q) => q.kind).sort()).toEqual(['matching', 'multiple', 'ordering', 'short-answer', 'single', 'true-false']);
    expect(bank.find((q) => q.kind === 'multiple')!.data).toEqual({ kind: 'multiple', correct: [0, 2] });

    // Editing keeps the kind and changes the answer with the text.
    const single = bank.find((q) => q.kind === 'single')!;
    const edit = await author.get(`${base}/questions/${single.id}`);
    expect(edit.body).toContain('value="C1"');
    expect((await author.post(`${base}/questions/${single.id}`, { competence: 'C2', stem: 'Which one?', option0: 'a', option1: 'b', option2: 'c', option3: 'd', answer: '3' })).statusCode).toBe(303);
    expect((await db().select().from(questions).where(eq(questions.id, single.id)))[0]).toMatchObject({ competence: 'C2', data: { kind: 'single', correct: 3 } });

    // Tests: settings refused, then saved; the ECM problems follow them.
    const badTest = await author.post(`${base}/tests/post-test`, { questionsPerAttempt: '5', passMark: 'most', maxAttempts: '' });
    expect(badTest.statusCode).toBe(400);
    expect(badTest.body).toContain('value="most"');
    // Six questions of which five per attempt, 60 % to pass, no limit on attempts: three of the ECM rules are not met.
    expect((await author.post(`${base}/tests/post-test`, { questionsPerAttempt: '5', passMark: '60', maxAttempts: '' })).statusCode).toBe(303);
    page = shown((await author.get(`${base}/questions`)).body);
    expect(page).not.toContain(en('training.author.ecm.noPostTest'));
    expect(page).toContain(en('training.author.ecm.singleFour'));
    expect(page).toContain(en('training.author.ecm.passMark'));
    expect(page).toContain(en('training.author.ecm.attempts'));
    expect(page).not.toContain(en('training.author.ecm.bankTooSmall'));

    // Publishing is refused and the course page lists why.
    const refused = await author.post(`${base}/publish`);
    expect(refused.headers.location).toBe(`${base}?refused=ecm`);
    const coursePage = shown((await author.get(refused.headers.location!)).body);
    expect(coursePage).toContain(en('training.author.publish.ecm'));
    expect(coursePage).toContain(en('training.author.ecm.passMark'));

    // Retiring every question but the single-choice one and meeting the rules lets it publish.
    for (const q of bank.filter((x) => x.id !== single.id)) expect((await author.post(`${base}/questions/${q.id}/retire`, { retired: 'true' })).headers.location).toBe(`${base}/questions?notice=retired`);
    expect((await author.post(`${base}/tests/post-test`, { questionsPerAttempt: '1', passMark: '75', maxAttempts: '5', shuffleQuestions: 'on' })).statusCode).toBe(303);
    expect(shown((await author.get(`${base}/questions`)).body)).toContain(en('training.author.ecmOk'));
    expect((await author.post(`${base}/publish`)).headers.location).toBe(`${base}?notice=published&version=1.0`);
    // A retired question comes back.
    const multiple = bank.find((q) => q.kind === 'multiple')!;
    expect((await author.post(`${base}/questions/${multiple.id}/retire`, { retired: 'false' })).headers.location).toBe(`${base}/questions?notice=restored`);
  });
});

describe('preview', () => {
  it('shows a draft lesson as learners will see it, in the language asked for, and records nothing', async () => {
    const id = await courseId('transcultural-assessment-and-treatment');
    const lesson = lessonsInOrder(await outline(id))[0]!.lesson;
    const check = lesson.blocks.find((b) => b.kind === 'check')!;
    const before = await db().select().from(lessonProgress).where(eq(lessonProgress.lessonId, lesson.id));
    const page = await author.get(`/author/courses/${id}/preview/lessons/${lesson.id}?lang=it`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="en"');
    expect(shown(page.body)).toContain(en('training.author.previewNote'));
    const italian = lesson.texts.find((t) => t.locale === 'it')!.title;
    expect(shown(page.body)).toContain(italian);
    expect(page.body).not.toContain('data-lesson=');
    // The knowledge check answers without scripts and keeps the preview's language.
    expect(page.body).toContain('name="lang" value="it"');
    const answered = await author.get(`/author/courses/${id}/preview/lessons/${lesson.id}?lang=it&check=${check.id}&option=0`);
    expect(answered.body).toMatch(/alert--(success|warning)/);
    // Arabic has no text yet: the page says which language it shows instead.
    const arabic = shown((await author.get(`/author/courses/${id}/preview/lessons/${lesson.id}?lang=ar`)).body);
    expect(arabic).toContain(en('portal.translation.fallback', { shown: 'English', wanted: 'العربية' }));
    expect(await db().select().from(lessonProgress).where(eq(lessonProgress.lessonId, lesson.id))).toEqual(before);
  });
});
