import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform } from '../../test/helpers.js';
import { seedDemo } from '../demo.js';
import { createImage, saveAltTexts } from '../modules/media/service.js';
import { simplePdf } from '../modules/portal/demo-documents.js';
import { addActivity, addDocumentFile, createDocument, deleteActivity, downloadDocumentFile, saveDocumentTranslation, setDocumentStatus, updateDocumentMeta } from '../modules/portal/documents.js';
import { createNews, publishDue, saveNewsTranslation, setNewsState, updateNewsMeta } from '../modules/portal/news.js';
import { createPage, savePageTranslation, updatePageMeta } from '../modules/portal/pages.js';
import { attachMaterial, cancelRegistration, createEvent, detachMaterial, registerForEvent, saveEventTranslation, setEventStatus, updateEventMeta } from '../modules/portal/events.js';
import { disseminationActivities, documentFiles, eventRegistrations, news, projects } from '../modules/portal/schema.js';
import { perContentVersion, perContentVersionByKey, readContentVersion } from './content-version.js';
import { createOrganisation, createRegion, updateOrganisation } from './identity/organisations.js';
import { regions } from './schema.js';
import { createUser } from './identity/users.js';
import type { Platform } from './platform.js';

let ctx: Awaited<ReturnType<typeof testPlatform>>;
let p: Platform;
beforeAll(async () => {
  ctx = await testPlatform();
  p = ctx.platform;
  await seedDemo(p);
});
afterAll(async () => ctx?.close());

const version = () => readContentVersion(p.database.db);
async function changes(what: string, fn: () => Promise<unknown>) {
  const before = await version();
  await fn();
  expect(await version(), what).toBeGreaterThan(before);
}
async function keeps(what: string, fn: () => Promise<unknown>) {
  const before = await version();
  await fn();
  expect(await version(), what).toBe(before);
}

describe('content version', () => {
  it('rises with every change editors make to public content, so that every node’s page cache lets go', async () => {
    const [project] = await p.database.db.select().from(projects).where(eq(projects.slug, 'eu-micare'));
    const user = await createUser(p.database.db, { email: 'e@example.org', name: 'E', passwordHash: null, verified: true });

    let newsId = '';
    await changes('news created', async () => (newsId = ((await createNews(p, user.id, { slug: 'n', projectId: null, tags: [], sourceLocale: 'en', title: 'T', summary: '', body: '' })) as { id: string }).id));
    await changes('news translated', () => saveNewsTranslation(p.database.db, newsId, 'it', { title: 'T', summary: '', body: '' }));
    await changes('news tags changed', () => updateNewsMeta(p.database.db, newsId, { projectId: project!.id, tags: ['x'], coverImageId: null }));
    await changes('news published', () => setNewsState(p, newsId, { status: 'published' }));
    await changes('news withdrawn', () => setNewsState(p, newsId, { status: 'draft' }));
    await changes('news scheduled', () => setNewsState(p, newsId, { status: 'scheduled', at: new Date(Date.now() + 3600_000) }));
    await p.database.db.update(news).set({ publishAt: new Date(Date.now() - 1000) }).where(eq(news.id, newsId));
    await changes('scheduled news published by the job', () => publishDue(p.database.db));
    // The sweep runs every minute: when nothing is due, the caches keep their pages.
    await keeps('sweep with nothing due', () => publishDue(p.database.db));

    let pageId = '';
    await changes('page created', async () => (pageId = ((await createPage(p.database.db, { projectId: null, slug: 'pg', sourceLocale: 'en', sort: 5, inMenu: true, title: 'P', body: '' })) as { id: string }).id));
    await changes('page translated', () => savePageTranslation(p.database.db, pageId, 'de', { title: 'P', body: 'B' }));
    await changes('page moved out of the menu', () => updatePageMeta(p.database.db, pageId, { sort: 1, inMenu: false }));

    const meta = { projectId: project!.id, workPackageId: null, code: 'D9.9', type: 'report' as const, level: 'public' as const, publishedOn: null, licence: null, doi: null, externalUrl: null };
    let docId = '';
    await changes('document created', async () => (docId = ((await createDocument(p.database.db, { ...meta, slug: 'doc', sourceLocale: 'en', title: 'D', description: '' })) as { id: string }).id));
    await changes('document translated', () => saveDocumentTranslation(p.database.db, docId, 'es', { title: 'D', description: 'd' }));
    await changes('document described', () => updateDocumentMeta(p.database.db, docId, { ...meta, licence: 'CC BY 4.0' }));
    await changes('document file added', () => addDocumentFile(p.database.db, p.storage, docId, { locale: 'en', note: '', name: 'd.pdf', contentType: 'application/pdf', bytes: simplePdf('D', ['d']), userId: user.id }));
    await changes('document published', () => setDocumentStatus(p.database.db, docId, 'published'));
    // Download counts change too often to drop every page for them; cached pages show them at most a minute late.
    const [file] = await p.database.db.select().from(documentFiles).where(eq(documentFiles.documentId, docId));
    await keeps('document downloaded', () => downloadDocumentFile(p.database.db, 'doc', file!.id, []));
    await changes('document unpublished', () => setDocumentStatus(p.database.db, docId, 'draft'));

    await changes('dissemination activity recorded', () => addActivity(p.database.db, { projectId: project!.id, kind: 'talk', happenedOn: '2025-01-01', locale: 'en', title: 'Talk', venue: '', country: null, url: null, audience: 10 }));
    const [activity] = await p.database.db.select().from(disseminationActivities).where(eq(disseminationActivities.title, 'Talk'));
    await changes('dissemination activity deleted', () => deleteActivity(p.database.db, activity!.id));

    const when = { startsAt: new Date(Date.now() + 7 * 86400_000), endsAt: new Date(Date.now() + 7 * 86400_000 + 7200_000) };
    const eventMeta = { projectId: project!.id, kind: 'webinar' as const, ...when, timeZone: 'Europe/Rome', mode: 'online' as const, venue: '', address: '', city: '', country: null, onlineUrl: 'https://meet.example.org/x', capacity: 1, registrationOpen: true };
    let eventId = '';
    await changes('event created', async () => (eventId = ((await createEvent(p.database.db, { ...eventMeta, slug: 'ev', sourceLocale: 'en', title: 'E', summary: '', body: '' })) as { id: string }).id));
    await changes('event translated', () => saveEventTranslation(p.database.db, eventId, 'it', { title: 'E', summary: '', body: '' }));
    await changes('event moved', () => updateEventMeta(p, eventId, { ...eventMeta, capacity: 2 }));
    await changes('event published', () => setEventStatus(p, eventId, 'published'));
    await changes('material attached', () => attachMaterial(p.database.db, eventId, docId));
    await changes('material detached', () => detachMaterial(p.database.db, eventId, docId));
    // The event's page shows the places left.
    const registrant = { name: 'R', email: 'r@example.org', organisation: '', country: null, profession: null, locale: 'en' as const, userId: null };
    await changes('registration', () => registerForEvent(p, 'ev', registrant));
    const [registration] = await p.database.db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, eventId));
    await changes('registration cancelled', () => cancelRegistration(p, { id: registration!.id, eventId }));
    await changes('event cancelled', () => setEventStatus(p, eventId, 'cancelled'));

    // Alt texts of images are read on public pages (news covers).
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 120, b: 180 } } }).png().toBuffer();
    const image = (await createImage(p, { name: 'cover.png', format: 'png', bytes: png, sourceLocale: 'en', alt: 'A cover', userId: user.id })) as { id: string };
    await changes('alt text changed', () => saveAltTexts(p.database.db, image.id, { en: 'A better cover', it: 'Una copertina' }));

    let orgId = '';
    await changes('organisation created', async () => (orgId = (await createOrganisation(p.database.db, { name: 'O', typeCode: 'ngo', country: 'IT', regionId: null, website: null })).id));
    await changes('organisation renamed', () => updateOrganisation(p.database.db, orgId, { name: 'O2', typeCode: 'ngo', country: 'IT', regionId: null, website: null }));
    const admin = await createUser(p.database.db, { email: 'regions@example.org', name: 'R', passwordHash: null, verified: true });
    await changes('region added', () => createRegion(p.database.db, { country: 'ES', code: 'ES-CN', name: 'Canarias' }, admin.id));
  });

  it('keeps a value read from content until the version changes, and reads it each time while the version is unknown', async () => {
    const watcher: { current: number | null } = { current: 1 };
    let reads = 0;
    const regionCount = perContentVersion(watcher, async () => {
      reads++;
      return (await readRegions()).length;
    });
    const readRegions = () => p.database.db.select().from(regions);
    const first = await regionCount();
    expect(await regionCount()).toBe(first);
    expect(reads).toBe(1);
    const admin = await createUser(p.database.db, { email: 'regions2@example.org', name: 'R', passwordHash: null, verified: true });
    await createRegion(p.database.db, { country: 'PT', code: 'PT-20', name: 'Açores' }, admin.id);
    // Until the node learns of the new version it answers what it read; then it reads again.
    expect(await regionCount()).toBe(first);
    watcher.current = await version();
    expect(await regionCount()).toBe(first + 1);
    expect(reads).toBe(2);
    watcher.current = null;
    await regionCount();
    await regionCount();
    expect(reads).toBe(4);
  });

  it('keeps values by key until the version changes, forgets a failed read, and stays within its bound', async () => {
    const watcher: { current: number | null } = { current: 1 };
    const reads: string[] = [];
    let failNext = false;
    const byKey = perContentVersionByKey(
      watcher,
      async (key) => {
        reads.push(key);
        if (failNext) {
          failNext = false;
          throw new Error('database unavailable');
        }
        return `${key}@${watcher.current}`;
      },
      3,
    );
    expect(await byKey('a')).toBe('a@1');
    expect(await byKey('b')).toBe('b@1');
    expect(await byKey('a')).toBe('a@1');
    expect(reads).toEqual(['a', 'b']);
    watcher.current = 2;
    expect(await byKey('a')).toBe('a@2');
    expect(reads).toEqual(['a', 'b', 'a']);
    failNext = true;
    await expect(byKey('c')).rejects.toThrow('database unavailable');
    expect(await byKey('c')).toBe('c@2');
    expect(reads.filter((k) => k === 'c')).toHaveLength(2);
    // Beyond three keys the kept values start afresh.
    await byKey('d');
    await byKey('e');
    const before = reads.length;
    await byKey('a');
    expect(reads.length).toBe(before + 1);
  });

  it('does not rise when the transaction that changed content rolls back', async () => {
    const before = await version();
    await expect(
      p.database.db.transaction(async (tx) => {
        await saveNewsTranslation(tx, (await tx.select().from(news))[0]!.id, 'el', { title: 'Τ', summary: '', body: '' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await version()).toBe(before);
  });
});
