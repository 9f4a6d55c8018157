import { eq } from 'drizzle-orm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApp } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { hashPassword } from '../../platform/auth/password.js';
import { grantRole } from '../../platform/identity/organisations.js';
import { createUser } from '../../platform/identity/users.js';
import { organisations, storedFiles } from '../../platform/schema.js';
import { simplePdf } from './demo-documents.js';
import { documentFiles, documents } from './schema.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let editor: Client;
const visitor = (lang = 'en') => new Client(ctx.app, { 'accept-language': lang });

async function signedIn(email: string, role: 'editor' | 'learner', organisation: string | null) {
  const db = ctx.platform.database.db;
  const u = await createUser(db, { email, name: email.split('@')[0]!, passwordHash: await hashPassword('lantern river pepper', 14), verified: true });
  const orgId = organisation ? (await db.select().from(organisations).where(eq(organisations.name, organisation)))[0]!.id : null;
  await grantRole(db, u.id, role, orgId);
  const c = new Client(ctx.app);
  await c.get('/signin');
  await c.post('/signin', { email, password: 'lantern river pepper' });
  return c;
}

const downloadsOf = async (slug: string) => (await ctx.platform.database.db.select().from(documents).where(eq(documents.slug, slug)))[0]!.downloads;
const fileLinks = (html: string, slug: string) => [...html.matchAll(new RegExp(`href="(/documents/${slug}/files/[0-9a-f-]{36})"`, 'g'))].map((m) => m[1]!);

beforeAll(async () => {
  ctx = await testApp();
  await seedDemo(ctx.platform);
  editor = await signedIn('docs-editor@example.org', 'editor', null);
});
afterAll(async () => ctx?.close());

describe('reports and results', () => {
  it('lists published documents with filters by project, work package, type, year and words', async () => {
    const all = await visitor().get('/documents');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('D1.1 · Mapping report');
    expect(all.body).toContain('Guidelines for the provision of psychosocial services');
    // Dissemination materials have their own page.
    expect(all.body).not.toContain('EU-MiCare leaflet');
    const wp2 = await visitor().get('/documents?project=eu-micare&wp=WP2');
    expect(wp2.body).toContain('D2.1');
    expect(wp2.body).not.toContain('D1.1');
    const guidelines = await visitor().get('/documents?type=guideline');
    expect(guidelines.body).toContain('psychcare-guidelines');
    expect(guidelines.body).not.toContain('D2.1');
    expect((await visitor().get('/documents?year=2023')).body).not.toContain('D2.1');
    // Words match in any language, accents folded.
    expect((await visitor().get('/documents?q=linee%20di%20indirizzo')).body).toContain('psychcare-guidelines');
    expect((await visitor().get('/documents?q=curriculo')).body).toContain('D2.1');
    // Odd filter values are ignored rather than failing.
    expect((await visitor().get('/documents?type=%3Cscript%3E&year=abc&page=-3&wp=..%2F')).statusCode).toBe(200);
  });

  it('shows each document in the reader’s language with its files, facts, funding statement and JSON-LD', async () => {
    const it_ = await visitor('it').get('/documents/eu-micare-mapping-report');
    expect(it_.statusCode).toBe(200);
    expect(it_.body).toContain('Rapporto di mappatura');
    expect(it_.body).toContain('class="funding funding--eu"');
    const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(it_.body)![1]!);
    expect(ld['@type']).toBe('Report');
    expect(ld.reportNumber).toBe('D1.1');
    expect(ld.inLanguage).toBe('it');
    expect(ld.encoding.map((e: { inLanguage: string }) => e.inLanguage).sort()).toEqual(['en', 'it']);
    // German readers get the English text, marked, and the files in the languages there are.
    const de = await visitor('de').get('/documents/eu-micare-focus-groups');
    expect(de.body).toContain('class="translation-notice"');
    expect(fileLinks(de.body, 'eu-micare-focus-groups')).toHaveLength(1);
  });

  it('counts downloads and serves the file with a safe disposition', async () => {
    const page = await visitor().get('/documents/eu-micare-mapping-report');
    const [link] = fileLinks(page.body, 'eu-micare-mapping-report');
    const before = await downloadsOf('eu-micare-mapping-report');
    const file = await visitor().get(link!);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.headers['content-disposition']).toMatch(/^inline; filename="eu-micare-mapping-report-(en|it)\.pdf"/);
    expect(file.headers['content-security-policy']).toContain('sandbox');
    expect(await downloadsOf('eu-micare-mapping-report')).toBe(before + 1);
    // A file id of another document is not served under this one.
    const other = fileLinks((await visitor().get('/documents/eu-micare-focus-groups')).body, 'eu-micare-focus-groups')[0]!;
    expect((await visitor().get(other.replace('eu-micare-focus-groups', 'eu-micare-mapping-report'))).statusCode).toBe(404);
  });

  it('keeps members-only documents to the consortium', async () => {
    const slug = 'eu-micare-consortium-minutes-milan';
    expect((await visitor().get('/documents')).body).not.toContain(slug);
    // Its page says who may have it, and offers no file.
    const page = await visitor().get(`/documents/${slug}`);
    expect(page.body).toContain('for members of the project');
    expect(fileLinks(page.body, slug)).toEqual([]);
    const [row] = await ctx.platform.database.db.select({ id: documentFiles.id }).from(documentFiles).innerJoin(documents, eq(documents.id, documentFiles.documentId)).where(eq(documents.slug, slug));
    const anonymous = await visitor().get(`/documents/${slug}/files/${row!.id}`);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/signin');
    // Someone from an organisation outside the consortium sees nothing; a partner's member downloads.
    const outsider = await signedIn('outsider@example.org', 'learner', 'IPRS – Istituto Psicoanalitico per le Ricerche Sociali');
    expect((await outsider.get(`/documents/${slug}/files/${row!.id}`)).statusCode).toBe(403);
    const partner = await signedIn('partner@example.org', 'learner', 'Zadig');
    expect((await partner.get('/documents')).body).toContain(slug);
    expect((await partner.get(`/documents/${slug}/files/${row!.id}`)).statusCode).toBe(200);
    // Not in the public search.
    expect((await visitor().get('/search?q=minutes%20consortium')).body).not.toContain(slug);
  });

  it('finds a report through site search despite a typo', async () => {
    const res = await visitor().get('/search?q=mappng%20reprt');
    expect(res.body).toContain('/documents/eu-micare-mapping-report');
    expect((await visitor().get('/search?q=mapping&type=document')).body).toContain('/documents/eu-micare-mapping-report');
  });

  it('publishes feeds of reports and results, site-wide and per project', async () => {
    const parser = new XMLParser({ ignoreAttributes: false });
    const rss = await visitor().get('/documents/feed.xml');
    expect(XMLValidator.validate(rss.body)).toBe(true);
    const items = parser.parse(rss.body).rss.channel.item as { link: string }[];
    expect(items.map((i) => i.link)).toContain('http://ponte.test/documents/eu-micare-mapping-report');
    const atom = await visitor().get('/projects/psychcare/documents/feed.atom');
    expect(XMLValidator.validate(atom.body)).toBe(true);
    expect(atom.body).toContain('psychcare-guidelines');
    expect(atom.body).not.toContain('eu-micare-mapping-report');
    const json = JSON.parse((await visitor().get('/documents/feed.json')).body);
    expect(json.version).toMatch(/jsonfeed/);
    expect((await visitor().get('/projects/nope/documents/feed.xml')).statusCode).toBe(404);
  });

  it('marks what is new since the visitor’s last visit', async () => {
    const v = visitor();
    const first = await v.get('/documents');
    expect(first.body).not.toContain('badge--new');
    // The previous visit was at the start of 2024: what changed since is new.
    v.cookies.set('ponte_last_visit', `${Date.parse('2024-01-01T00:00:00Z')}.${Date.parse('2024-01-01T00:10:00Z')}`);
    const later = await v.get('/documents');
    expect(later.body).toContain('badge--new');
    const newOnes = [...later.body.matchAll(/badge--new[\s\S]*?<\/p>/g)].length;
    expect(newOnes).toBe(1); // of the public reports and results, only D2.1 (March 2024) changed since
    expect(later.body).toMatch(/badge--new[^<]*<\/strong>[^<]*Training material/);
    // Within the same visit the marks stay.
    expect((await v.get('/documents')).body).toContain('badge--new');
  });
});

describe('editing the library', () => {
  let id: string;

  it('validates a new document and keeps what was typed', async () => {
    const form = await editor.get('/editor/documents/new');
    const projectId = /<option value="([0-9a-f-]{36})"[^>]*>PsychCare<\/option>/.exec(form.body)![1]!;
    const wpOfMicare = /<option value="([0-9a-f-]{36})"[^>]*>EU-MiCare · WP2<\/option>/.exec(form.body)![1]!;
    const bad = await editor.post('/editor/documents/new', { sourceLocale: 'en', slug: 'x y', title: '', projectId, workPackageId: wpOfMicare, code: 'D 1', type: 'novel', level: 'public', doi: 'doi:abc', publishedOn: '2024-13-45' });
    expect(bad.statusCode).toBe(400);
    for (const f of ['slug', 'title', 'code', 'type', 'doi', 'publishedOn']) expect(bad.body).toContain(`field-${f}-error`);
    expect(bad.body).toContain('value="doi:abc"');
    expect(bad.body).toContain('value="D 1"');
    // A work package of another project is refused.
    const wrongWp = await editor.post('/editor/documents/new', { sourceLocale: 'en', slug: 'policy-brief-networks', title: 'Policy brief on regional networks', projectId, workPackageId: wpOfMicare, type: 'policy-brief', level: 'public' });
    expect(wrongWp.statusCode).toBe(400);
    expect(wrongWp.body).toContain('field-workPackageId-error');
    const ok = await editor.post('/editor/documents/new', { sourceLocale: 'en', slug: 'policy-brief-networks', title: 'Policy brief on regional networks', body: 'What regional networks need from health authorities.', projectId, type: 'policy-brief', level: 'public', code: 'D3.2', licence: 'CC BY 4.0' });
    expect(ok.statusCode).toBe(303);
    id = /\/editor\/documents\/([0-9a-f-]{36})/.exec(ok.headers.location as string)![1]!;
    expect((await visitor().get('/documents/policy-brief-networks')).statusCode).toBe(404);
  });

  it('refuses files whose content is not an accepted format, and writes nothing', async () => {
    const count = async () => (await ctx.platform.database.db.select().from(storedFiles)).length;
    const before = await count();
    const html = await editor.upload(`/editor/documents/${id}/files`, { locale: 'en' }, { field: 'file', name: 'brief.pdf', type: 'application/pdf', data: Buffer.from('<!doctype html><script>alert(1)</script>') });
    expect(html.statusCode).toBe(400);
    expect(html.body).toContain('field-file-error');
    const svg = await editor.upload(`/editor/documents/${id}/files`, { locale: 'en' }, { field: 'file', name: 'brief.svg', type: 'image/svg+xml', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
    expect(svg.statusCode).toBe(400);
    const none = await editor.upload(`/editor/documents/${id}/files`, { locale: 'en' }, { field: 'file', name: '', type: 'application/octet-stream', data: Buffer.alloc(0) });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('field-file-error');
    expect(await count()).toBe(before);
    // Uploads go only where a route accepts them.
    const elsewhere = await editor.upload(`/editor/documents/${id}/meta`, {}, { field: 'file', name: 'a.pdf', type: 'application/pdf', data: simplePdf('x', []) });
    expect(elsewhere.statusCode).toBe(415);
  });

  it('adds files per language as versions, translates, publishes and unpublishes', async () => {
    const up = (locale: string, note: string, title: string) => editor.upload(`/editor/documents/${id}/files`, { locale, note }, { field: 'file', name: `C:\\fakepath\\brief*${locale}.pdf`, type: 'application/pdf', data: simplePdf(title, ['text']) });
    expect((await up('en', '', 'Brief v1')).statusCode).toBe(303);
    expect((await up('en', 'corrected figures', 'Brief v2')).statusCode).toBe(303);
    expect((await up('it', '', 'Nota')).statusCode).toBe(303);
    await editor.get(`/editor/documents/${id}?edit=it`);
    expect((await editor.post(`/editor/documents/${id}/text`, { locale: 'it', title: 'Nota sulle reti regionali', body: 'Che cosa serve alle reti.' })).statusCode).toBe(303);
    expect((await editor.post(`/editor/documents/${id}/state`, { action: 'publish' })).headers.location).toContain('notice=published');

    const page = await visitor().get('/documents/policy-brief-networks');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('version 2');
    expect(page.body).toContain('corrected figures');
    const links = fileLinks(page.body, 'policy-brief-networks');
    expect(links).toHaveLength(3); // two current files and one earlier version
    const file = await visitor().get(links[0]!);
    // The offered name has no path and no quotes.
    expect(file.headers['content-disposition']).toMatch(/filename="brief(en|it)\.pdf"/);
    expect((await visitor('it').get('/documents?project=psychcare')).body).toContain('Nota sulle reti regionali');
    expect((await visitor().get('/search?q=regional%20networks%20brief')).body).toContain('/documents/policy-brief-networks');

    await editor.post(`/editor/documents/${id}/state`, { action: 'draft' });
    expect((await visitor().get('/documents/policy-brief-networks')).statusCode).toBe(404);
    expect((await visitor().get('/search?q=regional%20networks%20brief')).body).not.toContain('/documents/policy-brief-networks');
    expect((await editor.get(`/editor/documents/${id}/preview`)).statusCode).toBe(200);
  });

  it('keeps the library to editors', async () => {
    const learner = await signedIn('learner-docs@example.org', 'learner', null);
    expect((await learner.get('/editor/documents')).statusCode).toBe(403);
    expect((await learner.upload(`/editor/documents/${id}/files`, { locale: 'en' }, { field: 'file', name: 'a.pdf', type: 'application/pdf', data: simplePdf('x', []) })).statusCode).toBe(403);
    expect((await editor.get('/editor/documents/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
  });
});

describe('dissemination', () => {
  it('shows materials and the activity log with the audience reached', async () => {
    const res = await visitor().get('/dissemination');
    expect(res.body).toContain('EU-MiCare leaflet');
    expect(res.body).toContain('Press release: Italian closing event in Milan');
    expect(res.body).not.toContain('D1.1 · Mapping report');
    expect(res.body).toContain('Focus groups with professionals on migrant and refugee mental health');
    expect(res.body).toContain('60 people reached in total');
  });

  it('lets editors record and delete activities, with clear errors', async () => {
    const form = await editor.get('/editor/dissemination');
    const projectId = /<option value="([0-9a-f-]{36})"[^>]*>EU-MiCare<\/option>/.exec(form.body)![1]!;
    const bad = await editor.post('/editor/dissemination', { projectId, kind: 'rumour', happenedOn: 'yesterday', locale: 'en', title: '', audience: 'many', url: 'javascript:alert(1)' });
    expect(bad.statusCode).toBe(400);
    for (const f of ['kind', 'happenedOn', 'title', 'audience', 'url']) expect(bad.body).toContain(`field-${f}-error`);
    const ok = await editor.post('/editor/dissemination', { projectId, kind: 'conference', happenedOn: '2025-05-20', locale: 'de', title: 'Vortrag über die Schulungsmodule', venue: 'Hannover', country: 'DE', audience: '140' });
    expect(ok.statusCode).toBe(303);
    const list = await visitor().get('/dissemination?project=eu-micare');
    expect(list.body).toContain('<span lang="de">Vortrag über die Schulungsmodule');
    expect(list.body).toContain('200 people reached in total');
    const id = /action="\/editor\/dissemination\/([0-9a-f-]{36})\/delete"/.exec((await editor.get('/editor/dissemination')).body)![1]!;
    expect((await editor.post(`/editor/dissemination/${id}/delete`)).statusCode).toBe(303);
    expect((await editor.post(`/editor/dissemination/${id}/delete`)).statusCode).toBe(404);
  });
});
