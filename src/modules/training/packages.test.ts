import { readdirSync } from 'node:fs';
import { count, eq, inArray } from 'drizzle-orm';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testedCourse } from '../../../test/training.js';
import { Client, signedInAs, testApp } from '../../../test/helpers.js';
import { translator } from '../../platform/i18n/index.js';
import { storedFiles } from '../../platform/schema.js';
import { mediaImages, mediaImageTexts } from '../media/schema.js';
import { saveBlockText, saveLessonTitle, saveModuleTitle } from './authoring.js';
import { questionBank, saveQuestionText } from './assessments.js';
import { unpack } from './packages.js';
import { courseFiles, courses } from './schema.js';
import { draftSnapshot, lessonsInOrder, type CourseSnapshot } from './versions.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
let author: Client;
let autrice: Client;
let learner: Client;
let sourceId: string;
let pkg: Buffer;
const en = translator('en');
const it_ = translator('it');
/** Text as the page shows it: HTML escapes undone. */
const shown = (s: string) => s.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const idAfter = (location: string | undefined, prefix: string) => new RegExp(`${prefix}/([0-9a-f-]{36})`).exec(location ?? '')![1]!;
const pdf = () => Buffer.from('%PDF-1.4\n% a handout\n%%EOF\n');
/** An MP4's first bytes (its `ftyp` box), then filler: enough for the upload checks, which read content. */
const mp4 = () => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(4084, 7)]);
const CAPTIONS = ['WEBVTT', '', '00:00:01.000 --> 00:00:04.000', 'Good morning.', ''].join('\n');
/** Every stored file in the instance's file directory (what an import might leave behind). */
const filesOnDisk = () => {
  const root = (ctx.platform.config.storage as { path: string }).path;
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length;
  } catch {
    return 0;
  }
};
const counts = async () => ({
  courses: (await db().select({ n: count() }).from(courses))[0]!.n,
  stored: (await db().select({ n: count() }).from(storedFiles))[0]!.n,
  images: (await db().select({ n: count() }).from(mediaImages))[0]!.n,
  disk: filesOnDisk(),
});
const importing = (client: Client, data: Buffer | Uint8Array, slug = '') => client.upload('/author/courses/import', { slug }, { field: 'package', name: 'course.ponte-course.zip', type: 'application/zip', data: Buffer.from(data) });
/** The package with some entries changed (JSON entries as objects). */
const altered = (change: (entries: Record<string, Uint8Array>, json: { manifest: Record<string, unknown>; course: Record<string, unknown> }) => void) => {
  const entries = unzipSync(pkg);
  const json = { manifest: JSON.parse(strFromU8(entries['manifest.json']!)) as Record<string, unknown>, course: JSON.parse(strFromU8(entries['course.json']!)) as Record<string, unknown> };
  change(entries, json);
  return Buffer.from(zipSync({ ...entries, 'manifest.json': strToU8(JSON.stringify(json.manifest)), 'course.json': strToU8(JSON.stringify(json.course)) } as Zippable));
};

/** Every id of a draft's modules, lessons and blocks. */
const idsOf = (s: CourseSnapshot) => s.modules.flatMap((m) => [m.id, ...m.lessons.flatMap((l) => [l.id, ...l.blocks.map((b) => b.id)])]);
/** A draft without its ids: what must be the same after a round trip (file and image ids are compared apart). */
const withoutIds = (s: CourseSnapshot) =>
  s.modules.map((m) => ({
    texts: m.texts,
    lessons: m.lessons.map((l) => ({
      durationMinutes: l.durationMinutes,
      texts: l.texts,
      blocks: l.blocks.map((b) => ({ kind: b.kind, texts: b.texts.map((t) => ({ ...t, content: t.content.kind === 'resource' ? { ...t.content, file: { ...t.content.file, id: 'x' } } : t.content })) })),
    })),
  }));

beforeAll(async () => {
  // A small limit, so that oversized packages and zip bombs are cheap to make.
  ctx = await testApp({ env: { TRAINING_PACKAGE_MAX_MB: '2' } });
  author = await signedInAs(ctx, 'package-author@example.org', 'course-author');
  autrice = await signedInAs(ctx, 'package-autrice@example.org', 'course-author');
  await autrice.post('/language', { locale: 'it' });
  learner = await signedInAs(ctx, 'package-learner@example.org', 'learner');

  // A course in English and Italian, with a question bank, a pre-test and a post-test, an image and a handout.
  const c = await testedCourse(db(), 'exchange-course', { italianTitle: 'Corso di scambio', n: 6 });
  sourceId = c.id;
  const s = (await draftSnapshot(db(), sourceId))!;
  await saveModuleTitle(db(), s.modules[0]!.id, 'it', 'Modulo');
  await saveLessonTitle(db(), c.lesson, 'it', 'Lezione');
  await saveBlockText(db(), s.modules[0]!.lessons[0]!.blocks[0]!.id, 'it', { kind: 'text', markdown: 'Testo in italiano' });
  for (const q of await questionBank(db(), sourceId)) {
    const source = q.texts.find((t) => t.locale === 'en')!.content;
    if (source.kind === 'single') await saveQuestionText(db(), q.id, 'it', { ...source, stem: `${source.stem} (it)`.replace('Question', 'Domanda') });
  }
  const png = await sharp({ create: { width: 800, height: 400, channels: 3, background: { r: 20, g: 120, b: 200 } } }).png().toBuffer();
  const url = `/author/courses/${sourceId}/lessons/${c.lesson}/blocks/new`;
  expect((await author.upload(url, { kind: 'image', alt: 'A reception desk', caption: 'Reception' }, { field: 'image', name: 'desk.png', type: 'image/png', data: png })).statusCode).toBe(303);
  expect((await author.upload(url, { kind: 'resource', title: 'Worksheet', description: 'Print it.' }, { field: 'file', name: 'worksheet.pdf', type: 'application/pdf', data: pdf() })).statusCode).toBe(303);
  expect((await author.upload(url, { kind: 'video', title: 'Greeting', captions: CAPTIONS, transcript: '' }, { field: 'media', name: 'greeting.mp4', type: 'video/mp4', data: mp4() })).statusCode).toBe(303);
});
afterAll(async () => ctx?.close());

describe('exporting a course', () => {
  it('downloads the draft as one zip with a manifest, the course in every language, its question bank and its media, and none of its ids', async () => {
    const page = await author.get(`/author/courses/${sourceId}`);
    expect(page.body).toContain(`href="/author/courses/${sourceId}/package"`);
    expect((await author.get('/author/courses')).body).toContain('href="/author/courses/import"');

    const r = await author.get(`/author/courses/${sourceId}/package`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    expect(r.headers['content-disposition']).toContain('exchange-course.ponte-course.zip');
    pkg = r.rawPayload;
    const entries = unzipSync(pkg);
    const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as Record<string, unknown>;
    expect(manifest).toMatchObject({ format: 'ponte-course-package', formatVersion: 1, source: 'http://ponte.test', slug: 'exchange-course', content: 'draft' });
    expect(Date.parse(manifest.exportedAt as string)).toBeGreaterThan(Date.now() - 60_000);
    const course = strFromU8(entries['course.json']!);
    const body = JSON.parse(course) as { texts: { locale: string; title: string }[]; questions: { texts: { locale: string }[] }[]; assessments: unknown[]; files: { entry: string }[]; images: { entry: string; texts: { alt: string }[] }[] };
    expect(body.texts.map((t) => [t.locale, t.title]).sort()).toEqual([
      ['en', 'exchange-course'],
      ['it', 'Corso di scambio'],
    ]);
    expect(body.questions).toHaveLength(6);
    expect(body.questions.every((q) => q.texts.map((t) => t.locale).sort().join() === 'en,it')).toBe(true);
    expect(body.assessments).toHaveLength(2);
    expect(body.images[0]!.texts[0]!.alt).toBe('A reception desk');
    for (const f of [...body.files, ...body.images]) expect(entries[f.entry]!.length).toBeGreaterThan(0);
    expect(Buffer.from(entries[body.files[0]!.entry]!).equals(pdf())).toBe(true);
    // Nothing names the source instance's rows.
    const s = (await draftSnapshot(db(), sourceId))!;
    const bank = await questionBank(db(), sourceId);
    const fileIds = (await db().select({ id: courseFiles.id }).from(courseFiles).where(eq(courseFiles.courseId, sourceId))).map((f) => f.id);
    for (const id of [sourceId, ...idsOf(s), ...bank.map((q) => q.id), ...fileIds]) expect(course).not.toContain(id);
  });

  it('is for authors only: a learner is refused, an unknown course is not found', async () => {
    expect((await learner.get(`/author/courses/${sourceId}/package`)).statusCode).toBe(403);
    expect((await author.get('/author/courses/00000000-0000-4000-8000-000000000000/package')).statusCode).toBe(404);
  });
});

describe('importing a package', () => {
  let importedId: string;
  let importedSlug: string;

  it('offers a form that works without scripts', async () => {
    const form = await author.get('/author/courses/import');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toContain('name="_csrf"');
    expect(form.body).toContain('type="file"');
    expect((await learner.get('/author/courses/import')).statusCode).toBe(403);
  });

  it('makes a new draft course with new ids, a free slug, every language, the question bank and the media stored again', async () => {
    const before = await counts();
    const r = await importing(author, pkg);
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toMatch(/\?notice=imported$/);
    importedId = idAfter(r.headers.location, '/author/courses');
    expect(importedId).not.toBe(sourceId);
    const [c] = await db().select().from(courses).where(eq(courses.id, importedId));
    // The slug was taken (by the source course): a number is added.
    expect(c).toMatchObject({ slug: 'exchange-course-2', status: 'draft', sourceLocale: 'en' });
    importedSlug = c!.slug;
    expect((await author.get(r.headers.location!)).body).toContain(en('training.author.notice.imported'));

    const [from, to] = [(await draftSnapshot(db(), sourceId))!, (await draftSnapshot(db(), importedId))!];
    expect(withoutIds(to)).toEqual(withoutIds(from));
    expect(idsOf(to).filter((id) => idsOf(from).includes(id))).toEqual([]);
    const blocksOf = (s: CourseSnapshot) => lessonsInOrder(s)[0]!.lesson.blocks;
    const [image, newImage] = [blocksOf(from)[1]!.data, blocksOf(to)[1]!.data];
    expect(image.kind === 'image' && newImage.kind === 'image' && newImage.imageId !== image.imageId).toBe(true);
    if (newImage.kind === 'image') expect((await db().select().from(mediaImageTexts).where(eq(mediaImageTexts.imageId, newImage.imageId)))[0]!.alt).toBe('A reception desk');
    const [file, newFile] = [blocksOf(from)[2]!.texts[0]!.content, blocksOf(to)[2]!.texts[0]!.content];
    expect(file.kind === 'resource' && newFile.kind === 'resource' && newFile.file.id !== file.file.id && newFile.file.size === file.file.size).toBe(true);
    const [video, newVideo] = [blocksOf(from)[3]!.data, blocksOf(to)[3]!.data];
    expect(video.kind === 'video' && newVideo.kind === 'video' && newVideo.media.id !== video.media.id && newVideo.media.size === video.media.size).toBe(true);
    // The handout and the recording, as files of the new course.
    expect((await db().select().from(courseFiles).where(eq(courseFiles.courseId, importedId))).length).toBe(2);

    const [bank, newBank] = [await questionBank(db(), sourceId), await questionBank(db(), importedId)];
    // Questions written in one transaction share a creation time: compared in a fixed order.
    const asWritten = (b: typeof bank) => b.map((q) => JSON.stringify([q.competence, q.kind, q.data, q.retired, q.texts.map((t) => [t.locale, t.content, t.revision, t.sourceRevision])])).sort();
    expect(asWritten(newBank)).toEqual(asWritten(bank));
    expect(newBank).toHaveLength(6);
    expect(newBank.map((q) => q.id).filter((id) => bank.some((q) => q.id === id))).toEqual([]);
    const after = await counts();
    expect(after.courses).toBe(before.courses + 1);
    // One handout and the image's re-encoded copies.
    expect(after.images).toBe(before.images + 1);
    expect(after.stored).toBeGreaterThan(before.stored + 1);
    // A draft: not in the catalogue.
    expect((await learner.get(`/training/courses/${importedSlug}`)).statusCode).toBe(404);
  });

  it('gives two independent courses when the same package is imported twice, and takes the slug asked for', async () => {
    const again = await importing(author, pkg);
    expect(again.statusCode).toBe(303);
    const id = idAfter(again.headers.location, '/author/courses');
    expect(id).not.toBe(importedId);
    expect((await db().select().from(courses).where(eq(courses.id, id)))[0]!.slug).toBe('exchange-course-3');
    const named = await importing(author, pkg, 'Partner-Course');
    expect(named.statusCode).toBe(303);
    expect((await db().select().from(courses).where(eq(courses.id, idAfter(named.headers.location, '/author/courses'))))[0]!.slug).toBe('partner-course');
    // Each has its own rows: changing one changes nothing in the other.
    const first = (await draftSnapshot(db(), importedId))!;
    await saveBlockText(db(), lessonsInOrder(first)[0]!.lesson.blocks[0]!.id, 'en', { kind: 'text', markdown: 'Changed in the first copy' });
    expect(JSON.stringify(await draftSnapshot(db(), id))).not.toContain('Changed in the first copy');
    expect(JSON.stringify(await draftSnapshot(db(), sourceId))).not.toContain('Changed in the first copy');
  });

  it('is published by an author, then a learner takes it: lessons in both languages, its question bank', async () => {
    const published = await author.post(`/author/courses/${importedId}/publish`);
    expect(published.headers.location).toContain('notice=published');
    expect((await learner.get(`/training/courses/${importedSlug}`)).statusCode).toBe(200);
    expect((await learner.post(`/training/courses/${importedSlug}/enrol`)).statusCode).toBe(303);
    const lesson = lessonsInOrder((await draftSnapshot(db(), importedId))!)[0]!.lesson;
    const page = await learner.get(`/learn/${importedSlug}/lessons/${lesson.id}`);
    expect(page.statusCode).toBe(200);
    expect(shown(page.body)).toContain('Changed in the first copy');
    expect(shown(page.body)).toContain('A reception desk');
    expect(shown(page.body)).toContain('Worksheet');
    expect(shown(page.body)).toContain('Greeting');
    const pre = await learner.post(`/learn/${importedSlug}/tests/pre-test/start`);
    expect(pre.headers.location).toMatch(/\/attempts\//);
    const attempt = await learner.get(pre.headers.location!);
    expect(attempt.body).toMatch(/Question \d/);

    await learner.post('/language', { locale: 'it' });
    const italian = await learner.get(`/learn/${importedSlug}/lessons/${lesson.id}`);
    expect(shown(italian.body)).toContain('Lezione');
    expect(shown(italian.body)).toContain('Corso di scambio');
    const inItalian = await learner.get(pre.headers.location!);
    // The attempt keeps the language it was started in; a new learner in Italian draws Italian questions.
    expect(inItalian.statusCode).toBe(200);
    const italianLearner = await signedInAs(ctx, 'package-discente@example.org', 'learner');
    await italianLearner.post('/language', { locale: 'it' });
    await italianLearner.post(`/training/courses/${importedSlug}/enrol`);
    const start = await italianLearner.post(`/learn/${importedSlug}/tests/pre-test/start`);
    expect((await italianLearner.get(start.headers.location!)).body).toMatch(/Domanda \d \(it\)/);
  });
});

describe('bad packages', () => {
  /** Sends a package as the Italian author and expects a refusal in Italian, leaving no course and no stored file. */
  const refused = async (data: Buffer | Uint8Array, status: number, key: string, slug = '') => {
    const before = await counts();
    const r = await importing(autrice, data, slug);
    expect(r.statusCode).toBe(status);
    expect(shown(r.body)).toContain(it_(key));
    // Beside the field it concerns (a file too large is refused before the form is read: an error page).
    if (status !== 413 || key !== 'error.413.body') expect(r.body).toContain(`id="field-${key === 'errors.slugTaken' ? 'slug' : 'package'}-error"`);
    expect(await counts()).toEqual(before);
  };

  it('refuses a file that is not a package, a zip that is not one, and a damaged zip', async () => {
    await refused(pdf(), 400, 'training.packages.errors.notPackage');
    await refused(zipSync({ 'notes.txt': strToU8('hello') }), 400, 'training.packages.errors.notPackage');
    await refused(pkg.subarray(0, pkg.length - 200), 400, 'training.packages.errors.corrupt');
    await refused(Buffer.concat([Buffer.from('PK'), Buffer.alloc(100, 1)]), 400, 'training.packages.errors.corrupt');
  });

  it('refuses a zip bomb before unpacking it, names that leave the package, and an oversized file', async () => {
    // 10 MB of zeros in a few kilobytes: more than twice the 2 MB limit once unpacked.
    const bomb = zipSync({ 'manifest.json': strToU8('{}'), 'media/f1.pdf': new Uint8Array(10 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    await refused(bomb, 413, 'training.packages.errors.tooLargeUnpacked');
    // A bomb whose headers lie about its size: it unpacks to no more than it declares.
    const liar = Buffer.from(zipSync({ 'media/f1.pdf': new Uint8Array(20 * 1024 * 1024) }, { level: 9 }));
    const central = liar.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    liar.writeUInt32LE(1000, central + 24);
    expect(unpack(liar, 2 * 1024 * 1024).get('media/f1.pdf')!.length).toBe(1000);
    await refused(altered((e) => void (e['../../etc/cron.d/evil'] = strToU8('* * * * * root true'))), 400, 'training.packages.errors.unsafeName');
    await refused(altered((e) => void (e['media/..\\..\\evil.txt'] = strToU8('x'))), 400, 'training.packages.errors.unsafeName');
    await refused(altered((e) => void (e['/etc/passwd'] = strToU8('x'))), 400, 'training.packages.errors.unsafeName');
    // Larger than the instance takes: refused while it arrives.
    await refused(Buffer.alloc(3 * 1024 * 1024, 1), 413, 'error.413.body');
  });

  it('refuses a package from a newer format version, and content that is not as Ponte writes it', async () => {
    await refused(altered((_e, j) => void (j.manifest.formatVersion = 2)), 400, 'training.packages.errors.newerFormat');
    await refused(altered((_e, j) => void (j.course.modules = 'none')), 400, 'training.packages.errors.invalid');
    await refused(zipSync({ 'manifest.json': unzipSync(pkg)['manifest.json']! }), 400, 'training.packages.errors.invalid');
    // A block naming a file the package does not carry.
    await refused(
      altered((_e, j) => {
        const files = j.course.files as { ref: string }[];
        files[0]!.ref = 'f99';
      }),
      400,
      'training.packages.errors.invalid',
    );
    // A NUL character (PostgreSQL keeps none) and two texts in one language.
    await refused(altered((_e, j) => void ((j.course.texts as { title: string }[])[0]!.title = 'a\u0000b')), 400, 'training.packages.errors.invalid');
    await refused(
      altered((_e, j) => {
        const texts = j.course.texts as { locale: string }[];
        texts.push({ ...texts[0]! });
      }),
      400,
      'training.packages.errors.invalid',
    );
  });

  it('refuses a slug that exists, beside the field', async () => {
    await refused(pkg, 409, 'errors.slugTaken', 'exchange-course');
  });

  it('removes the media it had stored when a later one is refused: nothing half-written', async () => {
    const broken = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 3)]);
    // A new image first (stored, then rolled back), then one that is not an image after all.
    const other = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 250, g: 10, b: 10 } } }).png().toBuffer();
    const data = altered((e, j) => {
      const images = j.course.images as { ref: string; entry: string; name: string; sourceLocale: string; texts: unknown[] }[];
      e['media/i8.png'] = other;
      e['media/i9.png'] = broken;
      images.push({ ...images[0]!, ref: 'i8', entry: 'media/i8.png' }, { ...images[0]!, ref: 'i9', entry: 'media/i9.png' });
    });
    const storedBefore = (await db().select({ key: storedFiles.key }).from(storedFiles)).map((f) => f.key);
    await refused(data, 400, 'training.packages.errors.mediaType');
    expect((await db().select({ key: storedFiles.key }).from(storedFiles).where(inArray(storedFiles.key, storedBefore))).length).toBe(storedBefore.length);
  });
});
