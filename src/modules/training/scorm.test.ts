import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, TEST_PASSWORD, testApp } from '../../../test/helpers.js';
import { manifest12, manifest2004, manifestMultiSco, scorm12Package, scorm2004Package, scormMultiScoPackage, zip } from '../../../test/scorm.js';
import { translator } from '../../platform/i18n/index.js';
import { storedFiles, users } from '../../platform/schema.js';
import { trainingPersonalData } from './personal-data.js';
import { certificates, enrolments, lessonProgress } from './schema.js';
import { durationSeconds, outcomeOf, parseManifest, readScormPackage, safeEntryPath, signLaunch, verifyLaunch } from './scorm.js';
import { scormAttempts, scormFiles, scormPackages } from './scorm-schema.js';
import { draftSnapshot } from './versions.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const db = () => ctx.platform.database.db;
let author: Client;
let learner: Client;
let other: Client;
const en = translator('en');
const shown = (s: string) => s.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const idAfter = (location: string | undefined, prefix: string) => new RegExp(`${prefix}/([0-9a-f-]{36})`).exec(location ?? '')![1]!;
const MAX_MB = 2;

let courseId: string;
let lessonId: string;
const base = () => `/author/courses/${courseId}`;

/** Every stored byte on disk, to show that a refused upload leaves none behind. */
const filesOnDisk = () => {
  const root = ctx.platform.config.storage.kind === 'directory' ? ctx.platform.config.storage.path : null;
  if (!root) return 0;
  const walk = (dir: string): number => {
    try {
      return readdirSync(dir).reduce((n, name) => (statSync(join(dir, name)).isDirectory() ? n + walk(join(dir, name)) : n + 1), 0);
    } catch {
      return 0;
    }
  };
  return walk(root);
};
const state = async () => ({
  packages: (await db().select({ n: count() }).from(scormPackages))[0]!.n,
  files: (await db().select({ n: count() }).from(scormFiles))[0]!.n,
  stored: (await db().select({ n: count() }).from(storedFiles))[0]!.n,
  disk: filesOnDisk(),
});
const upload = (data: Buffer, name = 'package.zip', title = 'An activity') =>
  author.upload(`${base()}/lessons/${lessonId}/blocks/new`, { kind: 'scorm', title }, { field: 'package', name, type: 'application/zip', data });

beforeAll(async () => {
  ctx = await testApp({ env: { TRAINING_SCORM_MAX_MB: String(MAX_MB) } });
  author = await signedInAs(ctx, 'scorm-author@example.org', 'course-author');
  learner = await signedInAs(ctx, 'scorm-learner@example.org', 'learner', { name: 'Amina Haddad' });
  other = await signedInAs(ctx, 'scorm-other@example.org', 'learner');
  const created = await author.post('/author/courses/new', { slug: 'scorm-course', sourceLocale: 'en', level: 'interdisciplinary', topics: ['communication-and-interpreting'], durationMinutes: '30', title: 'Working with interpreters', summary: 'Two SCORM activities.', outcomes: 'Brief an interpreter', description: 'Interactive.' });
  courseId = idAfter(created.headers.location, '/author/courses');
  await author.post(`${base()}/modules`, { moduleTitle: 'Practice' });
  const moduleId = (await draftSnapshot(db(), courseId))!.modules[0]!.id;
  lessonId = idAfter((await author.post(`${base()}/modules/${moduleId}/lessons`, { lessonTitle: 'Interactive practice', durationMinutes: '10' })).headers.location, '/lessons');
});
afterAll(async () => ctx?.close());

describe('reading packages', () => {
  it('reads a SCORM 1.2 manifest: version, title, the first SCO to launch, the mastery score', () => {
    const m = parseManifest(strToU8(manifest12({ mastery: 80 })), 'x.zip');
    expect(m).toEqual({ version: '1.2', edition: null, identifier: 'ponte.test.sco12', title: 'Talking with interpreters', scos: [{ identifier: 'item1', title: 'Briefing an interpreter', launch: 'index.html', masteryScore: 80 }] });
  });

  it('reads a SCORM 2004 manifest: edition, a SCO after an asset, the item parameters joined to the launch address', () => {
    const m = parseManifest(strToU8(manifest2004()), 'x.zip');
    expect(m).toMatchObject({ version: '2004', edition: '4th', title: 'Trauma-informed first contact', scos: [{ identifier: 'item1', title: 'First contact', launch: 'content/start.html?lang=en', masteryScore: null }] });
    // Without a schemaversion, the namespaces tell the version.
    expect(parseManifest(strToU8(manifest2004().replace(/<schemaversion>.*<\/schemaversion>/, '')), 'x.zip').version).toBe('2004');
    expect(parseManifest(strToU8(manifest12().replace(/<schemaversion>.*<\/schemaversion>/, '')), 'x.zip').version).toBe('1.2');
  });

  it('reads every SCO of a package in the organisation’s order, nested items included, each with its own mastery score', () => {
    const m = parseManifest(strToU8(manifestMultiSco()), 'x.zip');
    expect(m.title).toBe('Cultural mediation in three parts');
    expect(m.scos).toEqual([
      { identifier: 'part1', title: 'Preparing the room', launch: 'part1/index.html', masteryScore: null },
      { identifier: 'part2', title: 'Agreeing on roles', launch: 'part2/index.html', masteryScore: 80 },
      { identifier: 'part3', title: 'After the session', launch: 'part3/index.html', masteryScore: null },
    ]);
    // Every SCO's launch file must be in the package, not only the first one's.
    expect(() => readScormPackage(zip({ 'imsmanifest.xml': strToU8(manifestMultiSco()), 'part1/index.html': strToU8('<p>1'), 'part2/index.html': strToU8('<p>2') }), 'x.zip', 1024 * 1024)).toThrow(
      expect.objectContaining({ messageKey: 'training.scorm.errors.launchMissing' }),
    );
  });

  it('normalises entry paths and refuses those that could leave the package', () => {
    expect(safeEntryPath('content/start.html')).toBe('content/start.html');
    expect(safeEntryPath('content/')).toBe('content');
    for (const bad of ['../evil.html', 'a/../../evil.html', '/etc/passwd', 'C:/windows/evil.html', 'c:evil', 'a\\..\\evil.html', 'a\u0000.html', 'a//b.html', './a.html', '']) expect(safeEntryPath(bad), bad).toBeNull();
  });

  it('maps each version’s status and score to completion, success and a fraction', () => {
    expect(outcomeOf('1.2', { 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '85' }, null)).toMatchObject({ completion: 'completed', success: 'passed', score: 0.85 });
    expect(outcomeOf('1.2', { 'cmi.core.lesson_status': 'completed', 'cmi.core.score.raw': '70' }, 80)).toMatchObject({ completion: 'completed', success: 'failed' });
    expect(outcomeOf('1.2', { 'cmi.core.lesson_status': 'incomplete' }, null)).toMatchObject({ completion: 'incomplete', success: 'unknown', score: null });
    expect(outcomeOf('2004', { 'cmi.completion_status': 'completed', 'cmi.success_status': 'failed', 'cmi.score.scaled': '0.4' }, null)).toMatchObject({ completion: 'completed', success: 'failed', score: 0.4 });
    expect(durationSeconds('0000:01:30.00')).toBe(90);
    expect(durationSeconds('PT1H2M3.5S')).toBe(3723);
    expect(durationSeconds('soon')).toBe(0);
  });

  it('signs launch tokens that expire and cannot be altered', () => {
    const secret = 'a'.repeat(64);
    const keys = [secret] as const;
    const claims = { packageId: crypto.randomUUID(), blockId: crypto.randomUUID(), sco: 3, enrolmentId: crypto.randomUUID() };
    const token = signLaunch(secret, claims, 1_000_000_000_000);
    expect(verifyLaunch(keys, token, 1_000_000_000_000)).toMatchObject(claims);
    expect(verifyLaunch(keys, token, 1_000_000_000_000 + 5 * 3600 * 1000)).toBeNull();
    expect(verifyLaunch(['b'.repeat(64)], token, 1_000_000_000_000)).toBeNull();
    // After SECRET_KEY is rotated, a token made with the earlier key works while that key is in SECRET_KEY_PREVIOUS.
    expect(verifyLaunch(['b'.repeat(64), secret], token, 1_000_000_000_000)).toMatchObject(claims);
    const [body, mac] = token.split('.');
    // Another enrolment, or a later expiry, under the same MAC.
    const bytes = Buffer.from(body!, 'base64url');
    bytes[40] ^= 1;
    expect(verifyLaunch(keys, `${bytes.toString('base64url')}.${mac}`, 1_000_000_000_000)).toBeNull();
    // Another SCO of the package.
    const other = Buffer.from(body!, 'base64url');
    other[53] ^= 1;
    expect(verifyLaunch(keys, `${other.toString('base64url')}.${mac}`, 1_000_000_000_000)).toBeNull();
    expect(verifyLaunch(keys, signLaunch(secret, { ...claims, enrolmentId: null }, 1_000_000_000_000), 1_000_000_000_000)).toMatchObject({ enrolmentId: null });
    expect(token.length).toBeLessThanOrEqual(100);
    expect(verifyLaunch(keys, `${body}.${mac}x`, 1_000_000_000_000)).toBeNull();
  });
});

describe('refused uploads', () => {
  const refusals: [string, () => Buffer, string, number][] = [
    ['path traversal', () => zip({ 'imsmanifest.xml': strToU8(manifest12()), 'index.html': strToU8('<p>hi'), '../evil.html': strToU8('<p>evil') }), 'unsafePath', 400],
    ['an absolute path', () => zip({ 'imsmanifest.xml': strToU8(manifest12()), 'index.html': strToU8('<p>hi'), '/etc/evil.html': strToU8('<p>evil') }), 'unsafePath', 400],
    ['a backslash', () => zip({ 'imsmanifest.xml': strToU8(manifest12()), 'index.html': strToU8('<p>hi'), 'a\\..\\evil.html': strToU8('<p>evil') }), 'unsafePath', 400],
    ['a symbolic link', () => Buffer.from(zipSync({ 'imsmanifest.xml': strToU8(manifest12()), 'index.html': strToU8('<p>hi'), 'link.html': [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] })), 'unsafePath', 400],
    // 64 MB of zeros deflate to some 64 kB: far past the ratio any real content has, and past the unpacked limit.
    ['a zip bomb', () => Buffer.from(zipSync({ 'imsmanifest.xml': strToU8(manifest12()), 'index.html': new Uint8Array(64 * 1024 * 1024) }, { level: 9 })), 'tooLargeUnpacked', 413],
    ['an oversized package', () => zip({ 'imsmanifest.xml': strToU8(manifest12()), 'index.html': strToU8('<p>hi'), 'video.mp4': [randomBytes((MAX_MB + 1) * 1024 * 1024), { level: 0 }] }), 'tooLarge', 413],
    ['a zip without a manifest', () => zip({ 'index.html': strToU8('<p>hi') }), 'noManifest', 400],
    ['a manifest with a DOCTYPE and entities', () => zip({ 'imsmanifest.xml': strToU8(manifest12({ doctype: true })), 'index.html': strToU8('<p>hi') }), 'doctype', 400],
    ['a launch file missing from the package', () => zip({ 'imsmanifest.xml': strToU8(manifest12({ launch: 'missing.html' })), 'index.html': strToU8('<p>hi') }), 'launchMissing', 400],
    ['a launch file outside the package', () => zip({ 'imsmanifest.xml': strToU8(manifest12({ launch: '../index.html' })), 'index.html': strToU8('<p>hi') }), 'launchMissing', 400],
    ['a manifest that is not SCORM', () => zip({ 'imsmanifest.xml': strToU8('<?xml version="1.0"?><manifest identifier="m"><resources/></manifest>'), 'index.html': strToU8('<p>hi') }), 'version', 400],
    ['a file that is not a zip', () => Buffer.from('<html>not a zip</html>'), 'notZip', 400],
  ];
  for (const [what, make, key, status] of refusals) {
    it(`refuses ${what} with a clear message, and keeps nothing`, async () => {
      const before = await state();
      const res = await upload(make(), 'malicious.zip');
      expect(res.statusCode).toBe(400);
      expect(shown(res.body)).toContain(en(`training.scorm.errors.${key}`));
      // What the author typed stays in the form.
      expect(res.body).toContain('value="An activity"');
      expect(await state()).toEqual(before);
      expect(() => readScormPackage(make(), 'x.zip', MAX_MB * 1024 * 1024)).toThrow(expect.objectContaining({ messageKey: `training.scorm.errors.${key}`, status }));
    });
  }
});

function randomBytes(n: number) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

describe('running packages', () => {
  let block12: string;
  let block2004: string;
  let src12: string;
  let src2004: string;
  const token = (src: string) => /^\/scorm\/([^/]+)\//.exec(src)![1]!;
  const anonymous = () => new Client(ctx.app);
  const commit = (src: string, body: unknown, terminate = false) =>
    ctx.app.inject({ method: 'POST', url: `/scorm/${token(src)}/commit${terminate ? '?terminate=true' : ''}`, headers: { 'content-type': 'application/json', origin: 'null' }, payload: JSON.stringify(body) });

  it('stores an uploaded SCORM 1.2 and SCORM 2004 package as blocks of the lesson', async () => {
    const before = await state();
    const a = await upload(scorm12Package(), 'interpreters.zip', 'Briefing an interpreter');
    expect(a.statusCode).toBe(303);
    const b = await upload(scorm2004Package(), 'first-contact.zip', 'First contact');
    expect(b.statusCode).toBe(303);
    const blocks = (await draftSnapshot(db(), courseId))!.modules[0]!.lessons[0]!.blocks;
    expect(blocks.map((x) => x.kind)).toEqual(['scorm', 'scorm']);
    [block12, block2004] = blocks.map((x) => x.id) as [string, string];
    const pkgs = await db().select().from(scormPackages).orderBy(scormPackages.createdAt);
    expect(pkgs.map((x) => [x.version, x.edition, x.title, x.scos.map((s) => s.launch).join(), x.fileCount])).toEqual([
      ['1.2', null, 'Talking with interpreters', 'index.html', 3],
      ['2004', '4th', 'Trauma-informed first contact', 'content/start.html?lang=en', 4],
    ]);
    expect((await state()).files).toBe(before.files + 7);
    // The author's preview launches it too, and says nothing is kept.
    const preview = await author.get(`${base()}/preview/lessons/${lessonId}`);
    expect(shown(preview.body)).toContain(en('training.scorm.preview'));
    const previewSrc = /<iframe class="scorm-frame" src="([^"]+)"/.exec(preview.body)![1]!;
    const start = await anonymous().get(`/scorm/${token(shown(previewSrc))}/start`);
    expect(JSON.parse(start.body)).toMatchObject({ version: '1.2', commit: null });
  });

  it('shows the learner each activity in a sandboxed frame, with a note for browsers without scripts', async () => {
    expect((await author.post(`${base()}/publish`)).statusCode).toBe(303);
    await learner.post('/training/courses/scorm-course/enrol');
    await other.post('/training/courses/scorm-course/enrol');
    const page = await learner.get(`/learn/scorm-course/lessons/${lessonId}`);
    expect(page.statusCode).toBe(200);
    const frames = [...page.body.matchAll(/<iframe class="scorm-frame" src="([^"]+)" title="([^"]+)" sandbox="allow-scripts allow-forms allow-popups allow-modals"/g)];
    expect(frames).toHaveLength(2);
    [src12, src2004] = frames.map((f) => shown(f[1]!)) as [string, string];
    expect(src12).toMatch(/^\/scorm\/[^/]+\/p\/index\.html$/);
    expect(src2004).toMatch(/^\/scorm\/[^/]+\/p\/content\/start\.html\?lang=en$/);
    expect(shown(page.body)).toContain(`<p class="card__meta scorm-needs-js">${en('training.scorm.needsScript')}</p>`);
  });

  it('serves the package’s files sandboxed, framable by Ponte only, each HTML page starting with the runtime', async () => {
    const res = await anonymous().get(src12);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe("sandbox allow-scripts allow-forms allow-popups allow-modals; frame-ancestors 'self'");
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.body).toMatch(new RegExp(`^<!doctype html>\\s*<html lang="en">\\s*<head><script src="/scorm/runtime\\.js\\?v=[0-9a-f]{12}" data-launch="/scorm/${token(src12)}/"></script><meta charset="utf-8">`));
    const js = await anonymous().get(src12.replace('index.html', 'sco.js'));
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toContain('LMSInitialize');
    const runtime = await anonymous().get(/src="(\/scorm\/runtime\.js\?v=[0-9a-f]+)"/.exec(res.body)![1]!);
    expect(runtime.statusCode).toBe(200);
    expect(runtime.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(runtime.body).toContain('API_1484_11');
    // Nothing outside the package, and nothing of another package, is reachable through the address.
    expect((await anonymous().get(`/scorm/${token(src12)}/p/..%2Fimsmanifest.xml`)).statusCode).toBe(404);
    expect((await anonymous().get(`/scorm/${token(src12)}/p/content/start.html`)).statusCode).toBe(404);
    expect((await anonymous().get(`/scorm/${token(src12)}/p/imsmanifest.xml`)).statusCode).toBe(200);
  });

  it('refuses a tampered, foreign or expired token without content', async () => {
    const t = token(src12);
    const [body, mac] = t.split('.') as [string, string];
    const claims = verifyLaunch(ctx.platform.config.secretKeys, t)!;
    const bytes = Buffer.from(body, 'base64url');
    Buffer.from(block2004.replace(/-/g, ''), 'hex').copy(bytes, 16);
    const swapped = `${bytes.toString('base64url')}.${mac}`;
    for (const bad of [swapped, `${body}.${mac.slice(0, -2)}AA`, 'nonsense', signLaunch('x'.repeat(64), { packageId: claims.packageId, blockId: block12, sco: 0, enrolmentId: null })]) {
      const file = await anonymous().get(`/scorm/${bad}/p/index.html`);
      expect(file.statusCode).toBe(403);
      expect(file.body).toBe('');
      expect((await anonymous().get(`/scorm/${bad}/start`)).statusCode).toBe(403);
      expect((await commit(`/scorm/${bad}/p/index.html`, { 'cmi.core.lesson_status': 'passed' })).statusCode).toBe(403);
    }
    // Genuinely signed, but the block does not run that package, or the enrolment does not exist.
    const wrong = signLaunch(ctx.platform.config.secretKey, { packageId: claims.packageId, blockId: block2004, sco: 0, enrolmentId: claims.enrolmentId });
    expect((await anonymous().get(`/scorm/${wrong}/start`)).statusCode).toBe(404);
    expect((await commit(`/scorm/${wrong}/p/x`, { 'cmi.core.lesson_status': 'passed' })).statusCode).toBe(404);
    const gone = signLaunch(ctx.platform.config.secretKey, { packageId: claims.packageId, blockId: block12, sco: 0, enrolmentId: crypto.randomUUID() });
    expect((await anonymous().get(`/scorm/${gone}/start`)).statusCode).toBe(404);
    // An expired token.
    const expired = signLaunch(ctx.platform.config.secretKey, { packageId: claims.packageId, blockId: block12, sco: 0, enrolmentId: claims.enrolmentId }, Date.now() - 5 * 3600 * 1000);

    // A SCO the package does not have.
    const beyond = signLaunch(ctx.platform.config.secretKey, { packageId: claims.packageId, blockId: block12, sco: 1, enrolmentId: claims.enrolmentId });
    expect((await anonymous().get(`/scorm/${beyond}/start`)).statusCode).toBe(404);
    expect((await commit(`/scorm/${beyond}/p/x`, { 'cmi.core.lesson_status': 'passed' })).statusCode).toBe(404);
    expect((await anonymous().get(`/scorm/${expired}/p/index.html`)).statusCode).toBe(403);
    expect((await anonymous().get(`/scorm/${wrong}/start`)).statusCode).toBe(404);
    expect((await commit(`/scorm/${wrong}/p/x`, { 'cmi.core.lesson_status': 'passed' })).statusCode).toBe(404);
  });

  it('starts afresh, keeps a suspended session and resumes it, and refuses a body that is not CMI data', async () => {
    const start = async (src: string) => JSON.parse((await anonymous().get(`/scorm/${token(src)}/start`)).body) as { version: string; cmi: Record<string, string>; commit: string };
    const first = await start(src12);
    expect(first.version).toBe('1.2');
    expect(first.cmi['cmi.core.entry']).toBe('ab-initio');
    expect(first.cmi['cmi.core.student_name']).toBe('Amina Haddad');
    expect(first.commit).toBe(`/scorm/${token(src12)}/commit`);
    const preflight = await ctx.app.inject({ method: 'OPTIONS', url: first.commit, headers: { origin: 'null', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    const saved = await commit(src12, { 'cmi.core.lesson_status': 'incomplete', 'cmi.core.lesson_location': 'page-2', 'cmi.suspend_data': 'step=2', 'cmi.core.exit': 'suspend', 'cmi.core.student_name': 'Someone else', 'cmi.core.session_time': '0000:00:20' }, true);
    expect(saved.statusCode).toBe(200);
    expect(JSON.parse(saved.body)).toEqual({ result: true, errorCode: 0 });
    const again = await start(src12);
    expect(again.cmi).toMatchObject({ 'cmi.core.entry': 'resume', 'cmi.core.lesson_location': 'page-2', 'cmi.suspend_data': 'step=2', 'cmi.core.lesson_status': 'incomplete', 'cmi.core.student_name': 'Amina Haddad' });
    // The other learner starts afresh: data is per enrolment.
    const page = await other.get(`/learn/scorm-course/lessons/${lessonId}`);
    const otherSrc = shown(/<iframe class="scorm-frame" src="([^"]+)"/.exec(page.body)![1]!);
    expect((await start(otherSrc)).cmi['cmi.core.entry']).toBe('ab-initio');
    for (const bad of ['[1,2]', '{"cmi.core.lesson_status": {"x": 1}}', '{"cmi.core.lesson_status": ["passed"]}']) {
      const res = await ctx.app.inject({ method: 'POST', url: first.commit, headers: { 'content-type': 'application/json' }, payload: bad });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    // sendBeacon posts text: read as JSON too.
    const text = await ctx.app.inject({ method: 'POST', url: first.commit, headers: { 'content-type': 'text/plain;charset=UTF-8' }, payload: 'not json' });
    expect(text.statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'POST', url: first.commit, headers: { 'content-type': 'application/json' }, payload: '{' })).statusCode).toBe(400);
    // Nor does the lesson's button: the activities complete it.
    expect(shown((await learner.get(`/learn/scorm-course/lessons/${lessonId}`)).body)).toContain(en('training.scorm.completesItself'));
    expect((await learner.post(`/learn/scorm-course/lessons/${lessonId}/complete`)).statusCode).toBe(409);
    // An incomplete activity does not complete the lesson.
    const [progress] = await db().select().from(lessonProgress).where(eq(lessonProgress.lessonId, lessonId));
    expect(progress?.completedAt ?? null).toBeNull();
  });

  it('completes the lesson, the course and its certificate once every activity of the lesson is done, not before', async () => {
    const done12 = await commit(src12, { 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '85', 'cmi.core.score.max': '100', 'cmi.core.score.min': '0', 'cmi.core.exit': '', 'cmi.core.session_time': '0000:01:30.00' }, true);
    expect(done12.statusCode).toBe(200);
    const [enrolment] = await db().select().from(enrolments).innerJoin(scormAttempts, eq(scormAttempts.enrolmentId, enrolments.id)).where(eq(scormAttempts.blockId, block12)).limit(1);
    const enrolmentId = enrolment!.training_enrolments.id;
    const progress = async () => (await db().select().from(lessonProgress).where(eq(lessonProgress.enrolmentId, enrolmentId)))[0];
    expect((await progress())?.completedAt ?? null).toBeNull();
    // A failed SCORM 2004 activity does not complete the lesson either.
    await commit(src2004, { 'cmi.completion_status': 'completed', 'cmi.success_status': 'failed', 'cmi.score.scaled': '0.3' });
    expect((await progress())?.completedAt ?? null).toBeNull();
    const done = await commit(src2004, { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed', 'cmi.score.scaled': '0.9', 'cmi.session_time': 'PT2M' }, true);
    expect(done.statusCode).toBe(200);
    expect((await progress())?.completedAt).toBeInstanceOf(Date);
    const attempts = await db().select().from(scormAttempts).where(eq(scormAttempts.enrolmentId, enrolmentId)).orderBy(scormAttempts.createdAt);
    expect(attempts.map((a) => [a.completion, a.success, a.score])).toEqual([
      ['completed', 'passed', 0.85],
      ['completed', 'passed', expect.closeTo(0.9, 5)],
    ]);
    // Session time counts (bounded by the real time since the attempt was last written).
    expect((await progress())!.secondsSpent).toBeGreaterThanOrEqual(0);
    const [e] = await db().select().from(enrolments).where(eq(enrolments.id, enrolmentId));
    expect(e!.status).toBe('completed');
    expect(await db().select().from(certificates).where(eq(certificates.enrolmentId, enrolmentId))).toHaveLength(1);
    const page = await learner.get(`/learn/scorm-course/lessons/${lessonId}`);
    expect(shown(page.body)).toContain(`${en('training.scorm.status.passed')} ${en('training.scorm.score', { score: 85 })}`);
  });

  it('travels in course packages: exported with its files, imported as new packages of the new course', async () => {
    const exported = await author.get(`${base()}/package`);
    expect(exported.statusCode).toBe(200);
    const imported = await author.upload('/author/courses/import', { slug: 'scorm-course-copy' }, { field: 'package', name: 'scorm-course.ponte-course.zip', type: 'application/zip', data: exported.rawPayload });
    expect(imported.statusCode).toBe(303);
    const copyId = idAfter(imported.headers.location, '/author/courses');
    const copied = (await draftSnapshot(db(), copyId))!.modules[0]!.lessons[0]!.blocks;
    const original = (await draftSnapshot(db(), courseId))!.modules[0]!.lessons[0]!.blocks;
    expect(copied.map((b) => b.kind)).toEqual(['scorm', 'scorm']);
    const ids = copied.map((b) => (b.data.kind === 'scorm' ? b.data.packageId : ''));
    expect(ids.some((id) => original.some((o) => o.data.kind === 'scorm' && o.data.packageId === id))).toBe(false);
    const pkgs = await db().select().from(scormPackages).where(eq(scormPackages.courseId, copyId)).orderBy(scormPackages.version);
    expect(pkgs.map((x) => [x.version, x.scos.map((s) => s.launch).join(), x.fileCount])).toEqual([
      ['1.2', 'index.html', 3],
      ['2004', 'content/start.html?lang=en', 4],
    ]);
    // A course package whose SCORM files lost their launch file is refused whole, leaving nothing.
    const { unzipSync } = await import('fflate');
    const entries = unzipSync(new Uint8Array(exported.rawPayload));
    delete entries['scorm/s1/index.html'];
    const before = await state();
    const broken = await author.upload('/author/courses/import', { slug: 'scorm-course-broken' }, { field: 'package', name: 'broken.zip', type: 'application/zip', data: Buffer.from(zipSync(entries)) });
    expect(broken.statusCode).toBe(400);
    expect(shown(broken.body)).toContain(en('training.scorm.errors.launchMissing'));
    expect(await state()).toEqual(before);
  });

  it('lists the CMI data in the learner’s download of their data, and deletes it with their account', async () => {
    const data = JSON.stringify(await trainingPersonalData(db(), (await db().select({ id: users.id }).from(users).where(eq(users.email, 'scorm-learner@example.org')))[0]!.id));
    const out = JSON.parse(data) as { enrolments: { scormActivities: { package: string; scormVersion: string; completion: string; success: string; cmi: Record<string, string> }[] }[] };
    const activities = out.enrolments[0]!.scormActivities;
    expect(activities.map((a) => [a.package, a.scormVersion, a.completion, a.success])).toEqual([
      ['Talking with interpreters', '1.2', 'completed', 'passed'],
      ['Trauma-informed first contact', '2004', 'completed', 'passed'],
    ]);
    expect(activities[0]!.cmi['cmi.suspend_data']).toBe('step=2');
    const before = (await db().select({ n: count() }).from(scormAttempts))[0]!.n;
    expect((await learner.post('/account/delete', { password: TEST_PASSWORD, confirm: 'scorm-learner@example.org' })).statusCode).toBeLessThan(400);
    expect((await db().select({ n: count() }).from(scormAttempts))[0]!.n).toBe(before - 2);
  });
});

describe('packages of several SCOs', () => {
  let multiCourse: string;
  let multiLesson: string;
  let blockId: string;
  let pupil: Client;
  const mbase = () => `/author/courses/${multiCourse}`;
  const page = async (query = '') => shown((await pupil.get(`/learn/scorm-multi/lessons/${multiLesson}${query}`)).body);
  const frameSrc = (html: string) => /<iframe class="scorm-frame" src="([^"]+)" title="([^"]+)"/.exec(html)!;
  const tokenOf = (src: string) => /^\/scorm\/([^/]+)\//.exec(src)![1]!;
  const commitTo = (src: string, body: unknown) =>
    ctx.app.inject({ method: 'POST', url: `/scorm/${tokenOf(src)}/commit?terminate=true`, headers: { 'content-type': 'application/json', origin: 'null' }, payload: JSON.stringify(body) });
  const lessonDone = async () => {
    const rows = await db().select().from(lessonProgress).where(eq(lessonProgress.lessonId, multiLesson));
    return rows[0]?.completedAt instanceof Date;
  };

  beforeAll(async () => {
    const created = await author.post('/author/courses/new', { slug: 'scorm-multi', sourceLocale: 'en', level: 'interdisciplinary', topics: ['communication-and-interpreting'], durationMinutes: '30', title: 'Cultural mediation', summary: 'One package, three parts.', outcomes: 'Prepare a mediated session', description: 'Interactive.' });
    multiCourse = idAfter(created.headers.location, '/author/courses');
    await author.post(`${mbase()}/modules`, { moduleTitle: 'Parts' });
    const moduleId = (await draftSnapshot(db(), multiCourse))!.modules[0]!.id;
    multiLesson = idAfter((await author.post(`${mbase()}/modules/${moduleId}/lessons`, { lessonTitle: 'Mediated sessions', durationMinutes: '10' })).headers.location, '/lessons');
    const added = await author.upload(`${mbase()}/lessons/${multiLesson}/blocks/new`, { kind: 'scorm', title: 'Mediation' }, { field: 'package', name: 'mediation.zip', type: 'application/zip', data: scormMultiScoPackage() });
    expect(added.statusCode).toBe(303);
    blockId = (await draftSnapshot(db(), multiCourse))!.modules[0]!.lessons[0]!.blocks[0]!.id;
    expect((await author.post(`${mbase()}/publish`)).statusCode).toBe(303);
    pupil = await signedInAs(ctx, 'scorm-multi@example.org', 'learner', { name: 'Luca Bianchi' });
    await pupil.post('/training/courses/scorm-multi/enrol');
  });

  it('lists the parts, runs the one chosen (a link, so without scripts too), and starts with the first not done', async () => {
    const html = await page();
    const links = [...html.matchAll(/<a href="([^"]+)"( aria-current="step")?>([^<]+)<\/a>/g)].filter((m) => m[1]!.includes('sco='));
    expect(links.map((m) => [m[3], !!m[2]])).toEqual([
      ['Preparing the room', true],
      ['Agreeing on roles', false],
      ['After the session', false],
    ]);
    expect(links[1]![1]).toBe(`/learn/scorm-multi/lessons/${multiLesson}?scorm=${blockId}&sco=1#block-${blockId}`);
    const [, src, title] = frameSrc(html);
    expect(src).toMatch(/\/p\/part1\/index\.html$/);
    expect(title).toBe(en('training.scorm.frameTitle', { title: 'Mediation: Preparing the room' }));
    expect(frameSrc(await page(`?scorm=${blockId}&sco=2`))[1]).toMatch(/\/p\/part3\/index\.html$/);
    // A part that does not exist, or another block's, leaves the choice to Ponte.
    expect(frameSrc(await page(`?scorm=${blockId}&sco=7`))[1]).toMatch(/\/p\/part1\/index\.html$/);
    expect(frameSrc(await page(`?scorm=${crypto.randomUUID()}&sco=2`))[1]).toMatch(/\/p\/part1\/index\.html$/);
    // Each part's runtime is its own: the shared script is served from the package's root.
    const start = JSON.parse((await new Client(ctx.app).get(`/scorm/${tokenOf(src!)}/start`)).body) as { cmi: Record<string, string> };
    expect(start.cmi['cmi.core.student_name']).toBe('Luca Bianchi');
    expect((await new Client(ctx.app).get(src!.replace('part1/index.html', 'sco.js'))).statusCode).toBe(200);
  });

  it('keeps each part’s data apart, judges each against its own mastery score, and completes the lesson when every part is done', async () => {
    const part = async (i: number) => frameSrc(await page(`?scorm=${blockId}&sco=${i}`))[1]!;
    expect((await commitTo(await part(0), { 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '70', 'cmi.suspend_data': 'room=ready' })).statusCode).toBe(200);
    expect(await lessonDone()).toBe(false);
    // Part one done: the page now opens part two, and the list says part one passed.
    let html = await page();
    expect(frameSrc(html)[1]).toMatch(/\/p\/part2\/index\.html$/);
    expect(html).toContain(`Preparing the room</a><span class="scorm-toc__state" data-scorm-state="passed"> (${en('training.scorm.part.passed')})</span>`);
    expect(html).toContain(`<p class="scorm-status" data-scorm-state="incomplete">${en('training.scorm.status.incomplete')} ${en('training.scorm.score', { score: 70 })}</p>`);
    // Part two's mastery score is 80: 75 fails it, and the block shows it failed.
    expect((await commitTo(await part(1), { 'cmi.core.lesson_status': 'completed', 'cmi.core.score.raw': '75' })).statusCode).toBe(200);
    html = await page();
    expect(html).toContain(`data-scorm-state="failed">${en('training.scorm.status.failed')}`);
    expect((await commitTo(await part(1), { 'cmi.core.lesson_status': 'completed', 'cmi.core.score.raw': '90' })).statusCode).toBe(200);
    expect((await commitTo(await part(2), { 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '100' })).statusCode).toBe(200);
    expect(await lessonDone()).toBe(true);
    html = await page();
    expect(html).toContain(`${en('training.scorm.status.passed')} ${en('training.scorm.score', { score: Math.round(((0.7 + 0.9 + 1) / 3) * 100) })}`);
    // Part one's data came back to part one only.
    const again = JSON.parse((await new Client(ctx.app).get(`/scorm/${tokenOf(await part(0))}/start`)).body) as { cmi: Record<string, string> };
    expect(again.cmi['cmi.suspend_data']).toBe('room=ready');
    const second = JSON.parse((await new Client(ctx.app).get(`/scorm/${tokenOf(await part(1))}/start`)).body) as { cmi: Record<string, string> };
    expect(second.cmi['cmi.suspend_data']).toBeUndefined();
    expect(second.cmi['cmi.student_data.mastery_score']).toBe('80');
    const [e] = await db().select().from(enrolments).where(eq(enrolments.courseId, multiCourse));
    expect(e!.status).toBe('completed');
    const userId = (await db().select({ id: users.id }).from(users).where(eq(users.email, 'scorm-multi@example.org')))[0]!.id;
    const mine = (await trainingPersonalData(db(), userId)) as unknown as { enrolments: { scormActivities: { part: string; success: string }[] }[] };
    expect(mine.enrolments[0]!.scormActivities.map((a) => [a.part, a.success])).toEqual([
      ['Preparing the room', 'passed'],
      ['Agreeing on roles', 'passed'],
      ['After the session', 'passed'],
    ]);
  });
});
