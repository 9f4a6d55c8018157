import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApp } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { hashPassword } from '../../platform/auth/password.js';
import { grantRole } from '../../platform/identity/organisations.js';
import { createUser } from '../../platform/identity/users.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let editor: Client;
const visitor = (lang = 'en') => new Client(ctx.app, { 'accept-language': lang });
const footer = (html: string) => /<nav class="site-footer__nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';

beforeAll(async () => {
  ctx = await testApp();
  await seedDemo(ctx.platform);
  const u = await createUser(ctx.platform.database.db, { email: 'pages@example.org', name: 'Paola Pages', passwordHash: await hashPassword('lantern river pepper', 14), verified: true });
  await grantRole(ctx.platform.database.db, u.id, 'editor', null);
  editor = new Client(ctx.app);
  await editor.get('/signin');
  await editor.post('/signin', { email: 'pages@example.org', password: 'lantern river pepper' });
});
afterAll(async () => ctx?.close());

async function create(fields: Record<string, string>) {
  await editor.get('/editor/pages/new');
  const res = await editor.post('/editor/pages/new', { projectId: '', sourceLocale: 'en', body: 'Body text.', ...fields });
  expect(res.statusCode).toBe(303);
  return /\/editor\/pages\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
}

describe('pages and menus editor', () => {
  it('lists site and project pages with their languages, for editors only', async () => {
    const list = await editor.get('/editor/pages');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Accessibility statement');
    expect(list.body).toContain('Regional networks');
    expect(list.body).toMatch(/<span lang="it">IT<\/span>/);
    expect((await visitor().get('/editor/pages')).statusCode).toBe(303);
  });

  it('validates a new page and keeps what was typed', async () => {
    await editor.get('/editor/pages/new');
    const bad = await editor.post('/editor/pages/new', { projectId: 'not-a-project', sourceLocale: 'xx', slug: 'Bad Slug', title: '' });
    expect(bad.statusCode).toBe(400);
    for (const f of ['slug', 'title', 'sourceLocale']) expect(bad.body).toContain(`field-${f}-error`);
    expect(bad.body).toContain('value="Bad Slug"');
    const taken = await editor.post('/editor/pages/new', { projectId: '', sourceLocale: 'en', slug: 'privacy', title: 'Another privacy page' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('field-slug-error');
  });

  it('adds a site page to the footer menu of every page, in the reader’s language, and takes it out again', async () => {
    const id = await create({ slug: 'cookies', title: 'Cookie policy', body: 'Only **necessary** cookies.' });
    const home = await visitor().get('/');
    expect(footer(home.body)).toContain('<a href="/pages/cookies">Cookie policy</a>');
    expect((await visitor().get('/pages/cookies')).body).toContain('<strong>necessary</strong>');

    await editor.get(`/editor/pages/${id}?edit=it`);
    expect((await editor.post(`/editor/pages/${id}/text`, { locale: 'it', title: 'Informativa sui cookie', body: 'Solo cookie necessari.' })).statusCode).toBe(303);
    expect(footer((await visitor('it').get('/news')).body)).toContain('Informativa sui cookie');
    // A language without a translation falls back to the original, marked.
    const es = await visitor('es').get('/pages/cookies');
    expect(es.body).toContain('class="translation-notice"');

    // Position and visibility in the menu.
    const badSort = await editor.post(`/editor/pages/${id}/meta`, { sort: 'first', inMenu: 'on' });
    expect(badSort.statusCode).toBe(400);
    expect(badSort.body).toContain('field-sort-error');
    await editor.post(`/editor/pages/${id}/meta`, { sort: '0', inMenu: 'on' });
    const nav = footer((await visitor().get('/')).body);
    expect(nav.indexOf('/pages/cookies')).toBeLessThan(nav.indexOf('/pages/accessibility'));
    await editor.post(`/editor/pages/${id}/meta`, { sort: '5' });
    expect(footer((await visitor().get('/')).body)).not.toContain('/pages/cookies');
    // Out of the menu, the page stays online at its address.
    expect((await visitor().get('/pages/cookies')).statusCode).toBe(200);
  });

  it('marks translations out of date when the original changes', async () => {
    const id = await create({ slug: 'how-to-reach-us', title: 'How to reach us', body: 'By train.' });
    await editor.post(`/editor/pages/${id}/text`, { locale: 'it', title: 'Come raggiungerci', body: 'In treno.' });
    expect((await visitor('it').get('/pages/how-to-reach-us')).body).not.toContain('class="translation-notice"');
    await editor.post(`/editor/pages/${id}/text`, { locale: 'en', title: 'How to reach us', body: 'By train or bus.' });
    expect((await visitor('it').get('/pages/how-to-reach-us')).body).toContain('class="translation-notice"');
    expect((await editor.get('/editor/pages')).body).toMatch(/IT<\/span> \([^)]+\)/);
  });

  it('adds a project page to that project’s menu only', async () => {
    const edit = await editor.get('/editor/pages/new');
    const projectId = /<option value="([0-9a-f-]{36})"[^>]*>EU-MiCare<\/option>/.exec(edit.body)![1]!;
    await create({ projectId, slug: 'partners-meeting', title: 'Partners’ meeting' });
    expect((await visitor().get('/projects/eu-micare')).body).toContain('href="/projects/eu-micare/partners-meeting"');
    expect((await visitor().get('/projects/eu-micare/partners-meeting')).statusCode).toBe(200);
    expect((await visitor().get('/projects/psychcare')).body).not.toContain('partners-meeting');
    expect((await visitor().get('/pages/partners-meeting')).statusCode).toBe(404);
  });

  it('answers 404 for unknown or malformed page ids', async () => {
    expect((await editor.get('/editor/pages/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await editor.get('/editor/pages/nope')).statusCode).toBe(404);
    expect((await editor.post('/editor/pages/nope/text', { locale: 'en', title: 'x' })).statusCode).toBe(404);
  });
});
