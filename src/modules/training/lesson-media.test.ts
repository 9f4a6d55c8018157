import { count } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, testApp, type UploadPart } from '../../../test/helpers.js';
import { translator } from '../../platform/i18n/index.js';
import { deleteImage } from '../media/service.js';
import { courseFiles } from './schema.js';
import { draftSnapshot } from './versions.js';
import { parseVtt, transcriptOf } from './webvtt.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
let author: Client;
let translatorClient: Client;
let learner: Client;
let stranger: Client;
const en = translator('en');
/** Text as the page shows it: HTML escapes undone. */
const shown = (s: string) => s.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const idAfter = (location: string | undefined, prefix: string) => new RegExp(`${prefix}/([0-9a-f-]{36})`).exec(location ?? '')![1]!;

/** An MP4's first bytes (its `ftyp` box), then filler: enough for the upload checks, which read content, not names. */
const mp4 = (size = 4096) => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(size - 12, 7)]);
const mp3 = () => Buffer.concat([Buffer.from('ID3'), Buffer.alloc(2000, 1)]);
const pdf = () => Buffer.from('%PDF-1.4\n% a handout\n%%EOF\n');
const CAPTIONS = ['WEBVTT', '', '1', '00:00:01.000 --> 00:00:04.000', '<v Nurse>Good morning, I am here to help.', '', '00:00:04.500 --> 00:00:07.000', 'Can you tell me &amp; the mediator how you slept?', '', '00:00:12.000 --> 00:00:15.000', 'We will meet again on Monday.', ''].join('\n');
const files = (...parts: UploadPart[]) => parts;

let courseId: string;
let lessonId: string;
const base = () => `/author/courses/${courseId}`;
const blocksNow = async () => (await draftSnapshot(db(), courseId))!.modules[0]!.lessons[0]!.blocks;
const fileCount = async () => (await db().select({ n: count() }).from(courseFiles))[0]!.n;

beforeAll(async () => {
  ctx = await testApp();
  author = await signedInAs(ctx, 'media-author@example.org', 'course-author');
  translatorClient = await signedInAs(ctx, 'media-translator@example.org', 'translator');
  learner = await signedInAs(ctx, 'media-learner@example.org', 'learner');
  stranger = await signedInAs(ctx, 'media-stranger@example.org', 'learner');
  const created = await author.post('/author/courses/new', { slug: 'media-course', sourceLocale: 'en', level: 'interdisciplinary', topics: ['trauma-and-distress'], durationMinutes: '30', title: 'Listening with media', summary: 'Recordings and handouts.', outcomes: 'Listen', description: 'With **media**.' });
  courseId = idAfter(created.headers.location, '/author/courses');
  await author.post(`${base()}/modules`, { moduleTitle: 'Recordings' });
  const moduleId = (await draftSnapshot(db(), courseId))!.modules[0]!.id;
  lessonId = idAfter((await author.post(`${base()}/modules/${moduleId}/lessons`, { lessonTitle: 'A first conversation', durationMinutes: '10' })).headers.location, '/lessons');
});
afterAll(async () => ctx?.close());

describe('captions', () => {
  it('reads WebVTT cues, with speakers and character references, and finds what is wrong with bad files', () => {
    const parsed = parseVtt(CAPTIONS.replace(/\n/g, '\r\n'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.cues.map((c) => c.text)).toEqual(['Nurse: Good morning, I am here to help.', 'Can you tell me & the mediator how you slept?', 'We will meet again on Monday.']);
    // A new paragraph where the speaker changes or after a pause.
    expect(transcriptOf(parsed.cues)).toEqual(['Nurse: Good morning, I am here to help. Can you tell me & the mediator how you slept?', 'We will meet again on Monday.']);
    expect(parseVtt('1\n00:00:01.000 --> 00:00:02.000\nHello')).toEqual({ ok: false, problem: 'header', line: 1 });
    expect(parseVtt('WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nBackwards')).toEqual({ ok: false, problem: 'timing', line: 3 });
    expect(parseVtt('WEBVTT\n\nNOTE only a note\n')).toMatchObject({ ok: false, problem: 'empty' });
  });
});

describe('media blocks', () => {
  let videoBlock: string;
  let imageId: string;

  it('refuses a video without captions, with broken captions, or that is not a video, and stores nothing', async () => {
    const before = await fileCount();
    const url = `${base()}/lessons/${lessonId}/blocks/new`;
    const noCaptions = await author.upload(url, { kind: 'video', title: 'Greeting a new resident', captions: '', transcript: '' }, files({ field: 'media', name: 'greeting.mp4', type: 'video/mp4', data: mp4() }));
    expect(noCaptions.statusCode).toBe(400);
    expect(shown(noCaptions.body)).toContain(en('errors.captionsRequired'));
    const badTiming = await author.upload(url, { kind: 'video', title: 'Greeting a new resident', captions: 'WEBVTT\n\n00:00:01 --> soon\nHello', transcript: '' }, files({ field: 'media', name: 'greeting.mp4', type: 'video/mp4', data: mp4() }));
    expect(badTiming.statusCode).toBe(400);
    expect(shown(badTiming.body)).toContain(en('errors.vttTiming'));
    // What was typed comes back in the form.
    expect(shown(badTiming.body)).toContain('00:00:01 --> soon');
    const notVideo = await author.upload(url, { kind: 'video', title: 'Greeting', captions: CAPTIONS, transcript: '' }, files({ field: 'media', name: 'greeting.mp4', type: 'video/mp4', data: Buffer.from('<!doctype html><script>alert(1)</script>') }));
    expect(notVideo.statusCode).toBe(400);
    expect(shown(notVideo.body)).toContain(en('errors.videoType'));
    // A good recording with a bad smaller copy: neither is kept.
    const badLow = await author.upload(url, { kind: 'video', title: 'Greeting', captions: CAPTIONS, transcript: '' }, files({ field: 'media', name: 'greeting.mp4', type: 'video/mp4', data: mp4() }, { field: 'low', name: 'small.mp4', type: 'video/mp4', data: pdf() }));
    expect(badLow.statusCode).toBe(400);
    const noFile = await author.post(url, { kind: 'video', title: 'Greeting', captions: CAPTIONS, transcript: '' });
    expect(noFile.statusCode).toBe(400);
    expect(shown(noFile.body)).toContain(en('errors.file'));
    expect(await fileCount()).toBe(before);
    expect(await blocksNow()).toHaveLength(0);
  });

  it('adds a video with a smaller copy and captions, an audio with a transcript, an image with alt text and a handout', async () => {
    const url = `${base()}/lessons/${lessonId}/blocks/new`;
    const video = await author.upload(
      url,
      { kind: 'video', title: 'Greeting a new resident', captions: CAPTIONS, transcript: '' },
      files({ field: 'media', name: 'greeting.mp4', type: 'video/mp4', data: mp4(8192) }, { field: 'low', name: 'greeting-small.mp4', type: 'video/mp4', data: mp4(2048) }),
    );
    expect(video.statusCode).toBe(303);
    const audio = await author.upload(url, { kind: 'audio', title: 'A mediator explains', captions: '', transcript: 'The mediator explains **why** words matter.' }, files({ field: 'media', name: 'mediator.mp3', type: 'audio/mpeg', data: mp3() }));
    expect(audio.statusCode).toBe(303);
    const png = await sharp({ create: { width: 1200, height: 600, channels: 3, background: { r: 200, g: 220, b: 240 } } }).png().toBuffer();
    const noAlt = await author.upload(url, { kind: 'image', alt: ' ', caption: '' }, files({ field: 'image', name: 'pathway.png', type: 'image/png', data: png }));
    expect(noAlt.statusCode).toBe(400);
    expect(shown(noAlt.body)).toContain(en('errors.altRequired'));
    const image = await author.upload(url, { kind: 'image', alt: 'The care pathway in four steps, from reception to treatment', caption: 'The pathway' }, files({ field: 'image', name: 'pathway.png', type: 'image/png', data: png }));
    expect(image.statusCode).toBe(303);
    const handout = await author.upload(url, { kind: 'resource', title: 'Reflection worksheet', description: 'Print it before the session.' }, files({ field: 'file', name: 'worksheet.pdf', type: 'application/pdf', data: pdf() }));
    expect(handout.statusCode).toBe(303);

    const blocks = await blocksNow();
    expect(blocks.map((b) => b.kind)).toEqual(['video', 'audio', 'image', 'resource']);
    videoBlock = blocks[0]!.id;
    const data = blocks[0]!.data;
    expect(data.kind === 'video' && data.media.size === 8192 && data.low?.size === 2048).toBe(true);
    imageId = blocks[2]!.data.kind === 'image' ? blocks[2]!.data.imageId : '';
    // The library keeps the image while a lesson shows it.
    expect(await deleteImage(ctx.platform, imageId, 'en')).toBe('in-use');

    // Editing without a new file keeps the recording (a browser sends empty file inputs as nameless, empty parts); the smaller copy can be removed.
    const empty = (field: string) => ({ field, name: '', type: 'application/octet-stream', data: Buffer.alloc(0) });
    const edit = await author.upload(`${base()}/blocks/${videoBlock}`, { title: 'Greeting a new resident (revised)', captions: CAPTIONS, transcript: '', removeLow: 'on' }, files(empty('media'), empty('low'), empty('captionsFile')));
    expect(edit.statusCode).toBe(303);
    const edited = (await blocksNow())[0]!.data;
    expect(edited.kind === 'video' && edited.media.size === 8192 && edited.low === null).toBe(true);
    const form = await author.get(`${base()}/blocks/${videoBlock}`);
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(shown(form.body)).toContain(en('training.author.currentFile', { name: 'greeting.mp4', size: '8 kB' }));
  });

  it('shows learners a player with captions, the transcript from the captions, the image and the handout, and serves the files to them only', async () => {
    expect((await author.post(`${base()}/publish`)).statusCode).toBe(303);
    await learner.post('/training/courses/media-course/enrol');
    const page = await learner.get(`/learn/media-course/lessons/${lessonId}`);
    expect(page.statusCode).toBe(200);
    const body = page.body;
    const video = (await blocksNow())[0]!;
    const media = video.data.kind === 'video' ? video.data.media : null;
    expect(body).toMatch(/<video class="player" controls(="")? preload="none">/);
    expect(body).toContain(`<source src="/training/files/${media!.id}" type="video/mp4"/>`);
    const track = `/learn/media-course/lessons/${lessonId}/captions/${video.id}/en.vtt`;
    expect(body).toMatch(new RegExp(`<track kind="captions" src="${track}" srclang="en" label="English" default`));
    expect(shown(body)).toContain('Nurse: Good morning, I am here to help. Can you tell me & the mediator how you slept?');
    expect(body).toContain('<strong>why</strong>');
    expect(body).toContain('alt="The care pathway in four steps, from reception to treatment"');
    expect(body).toContain('<figcaption>The pathway</figcaption>');
    expect(shown(body)).toContain('Download worksheet.pdf');

    const vtt = await learner.get(track);
    expect(vtt.statusCode).toBe(200);
    expect(vtt.headers['content-type']).toBe('text/vtt; charset=utf-8');
    expect(vtt.body).toBe(`${CAPTIONS.trim()}\n`);

    const file = `/training/files/${media!.id}`;
    const whole = await learner.get(file);
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(mp4(8192))).toBe(true);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    // Players seek by asking for ranges.
    const part = await learner.get(file, { range: 'bytes=4-11' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 4-11/8192');
    expect(part.body).toBe('ftypmp42');
    expect((await learner.get(file, { range: 'bytes=-100' })).rawPayload.length).toBe(100);
    expect((await learner.get(file, { range: 'bytes=9000-' })).statusCode).toBe(416);
    expect((await learner.get(`${file}?download=1`)).headers['content-disposition']).toMatch(/^attachment; filename="greeting.mp4"/);
    // Someone not enrolled, or not signed in, cannot tell the file exists.
    expect((await stranger.get(file)).statusCode).toBe(404);
    expect((await stranger.get(track)).statusCode).toBe(404);
    const anonymous = await new Client(ctx.app).get(file);
    expect([302, 303]).toContain(anonymous.statusCode);
  });

  it('offers a light version that loads no recording, opens transcripts and shows the smallest image', async () => {
    const url = `/learn/media-course/lessons/${lessonId}`;
    expect(shown((await learner.get(url)).body)).toContain(en('training.light.turnOn'));
    const on = await learner.post('/learn/light', { light: 'on', next: url });
    expect(on.statusCode).toBe(303);
    expect(on.headers.location).toBe(url);
    const light = await learner.get(url);
    expect(light.body).not.toContain('<video');
    expect(light.body).not.toContain('<audio');
    expect(shown(light.body)).toContain(en('training.block.lightMedia'));
    expect(light.body).toMatch(/<details class="transcript" open/);
    expect(light.body).toMatch(/<img src="\/media\/[0-9a-f-]+\/480\.png"/);
    // Downloads stay.
    expect(light.body).toContain('/training/files/');
    await learner.post('/learn/light', { light: 'off', next: url });
    expect((await learner.get(url)).body).toContain('<video');
    // Only local addresses are followed back.
    expect((await learner.post('/learn/light', { light: 'on', next: 'https://elsewhere.example/' })).headers.location).toBe('/learn');
    expect((await learner.post('/learn/light', { light: 'maybe' })).statusCode).toBe(400);
  });

  it('lets a translator give captions and a title in another language, keeping the original handout, offered to learners with its language said', async () => {
    const blocks = await blocksNow();
    const video = blocks[0]!;
    const handout = blocks[3]!;
    const italianCaptions = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nBuongiorno, sono qui per aiutarla.\n';
    const bad = await translatorClient.upload(`${base()}/translate/block/${video.id}`, { locale: 'it', title: 'Accogliere', captions: 'not captions', transcript: '' }, []);
    expect(bad.statusCode).toBe(400);
    expect(shown(bad.body)).toContain(en('errors.vttHeader'));
    const ok = await translatorClient.upload(`${base()}/translate/block/${video.id}`, { locale: 'it', title: 'Accogliere un nuovo ospite', captions: '', transcript: '' }, files({ field: 'captionsFile', name: 'accoglienza.vtt', type: 'text/vtt', data: Buffer.from(italianCaptions) }));
    expect(ok.statusCode).toBe(303);
    const res = await translatorClient.upload(`${base()}/translate/block/${handout.id}`, { locale: 'it', title: 'Scheda di riflessione', description: 'Da stampare prima della sessione.' }, []);
    expect(res.statusCode).toBe(303);
    const translated = (await blocksNow())[3]!.texts.find((x) => x.locale === 'it')!.content;
    const original = handout.texts.find((x) => x.locale === 'en')!.content;
    expect(translated.kind === 'resource' && original.kind === 'resource' && translated.file.id === original.file.id).toBe(true);

    await author.post(`${base()}/publish`);
    const italian = await signedInAs(ctx, 'media-discente@example.org', 'learner');
    await italian.post('/language', { locale: 'it' });
    await italian.post('/training/courses/media-course/enrol');
    const page = await italian.get(`/learn/media-course/lessons/${lessonId}`);
    expect(page.body).toContain('Accogliere un nuovo ospite');
    expect(page.body).toMatch(/<track kind="captions" src="[^"]+\/it\.vtt" srclang="it" label="Italiano" default/);
    expect(page.body).toMatch(/<track kind="captions" src="[^"]+\/en\.vtt" srclang="en" label="English"\/>/);
    expect(page.body).toContain('Buongiorno, sono qui per aiutarla.');
    expect(shown(page.body)).toContain(translator('it')('training.block.fileIn', { language: 'English' }));
  });

  it('lets translators reach a course\'s files and keeps them from editors, who do not work on courses', async () => {
    const video = (await blocksNow())[0]!;
    const file = `/training/files/${video.data.kind === 'video' ? video.data.media.id : ''}`;
    expect((await translatorClient.get(file)).statusCode).toBe(200);
    const editor = await signedInAs(ctx, 'media-editor@example.org', 'editor');
    expect((await editor.get(file)).statusCode).toBe(404);
  });

  it('keeps an image in the library while a published version shows it, even once the draft no longer does', async () => {
    const image = (await blocksNow()).find((b) => b.kind === 'image')!;
    const imageId = image.data.kind === 'image' ? image.data.imageId : '';
    expect((await author.post(`${base()}/blocks/${image.id}/delete`, { confirm: 'on' })).statusCode).toBe(303);
    expect((await blocksNow()).some((b) => b.kind === 'image')).toBe(false);
    expect(await deleteImage(ctx.platform, imageId, 'en')).toBe('in-use');
  });
});
