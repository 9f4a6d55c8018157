import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { and, asc, eq } from 'drizzle-orm';
import { h } from 'preact';
import { z } from 'zod';
import { HttpError } from '../../platform/http/errors.js';
import { historyRoutes } from '../../platform/http/history-routes.js';
import type { PageVisitor } from '../../platform/http/page-cache.js';
import { documentHistory } from './history.js';
import { fileField, pageParam, parseForm, slugField, text, slugParam as slugSchema } from '../../platform/http/forms.js';
import { isLocale, LOCALES, translator, type Locale } from '../../platform/i18n/index.js';
import type { Platform } from '../../platform/platform.js';
import { isCountry } from '../../platform/i18n/countries.js';
import { sendStoredFile } from '../../platform/http/send-file.js';
import { detectFileType, DOCUMENT_EXTENSIONS } from '../../platform/uploads.js';
import {
  addActivity,
  addDocumentFile,
  deleteActivity,
  createDocument,
  documentFacets,
  downloadDocumentFile,
  getDocument,
  getDocumentForEditing,
  listDocuments,
  listActivities,
  listDocumentsForEditors,
  memberProjects,
  saveDocumentTranslation,
  setDocumentStatus,
  updateDocumentMeta,
  type DocumentFilters,
  type DocumentGroup,
} from './documents.js';
import { buildFeed, FEED_TYPES, type FeedFormat } from './feeds.js';
import { EDITOR_NOTICES } from './news-routes.js';
import { jsonLd } from './json-ld.js';
import { getProject } from './service.js';
import { ACTIVITY_KINDS, DOCUMENT_TYPES, projects, workPackages } from './schema.js';
import { DocumentPage, DocumentsListPage, EditorActivities, EditorDocumentEdit, EditorDocumentNew, EditorDocumentsList } from './views/documents.js';

const PAGE_SIZE = 20;
/** Uploads to the documents library: up to 50 MB each. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
const uuid = z.string().uuid();
const LAST_VISIT_COOKIE = 'ponte_last_visit';
/** A visit ends after 30 minutes without opening the library; the next one marks what changed since. */
const VISIT_GAP_MS = 30 * 60 * 1000;

const optionalText = (max: number) => text({ max, required: false }).transform((v) => v || null);
const metaSchema = z.object({
  projectId: z.string({ message: 'errors.choose' }).uuid('errors.choose'),
  workPackageId: z.union([z.literal(''), z.string().uuid()], { message: 'errors.choose' }).optional(),
  code: optionalText(20).refine((v) => v === null || /^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$/.test(v), 'errors.documentCode'),
  type: z.enum(DOCUMENT_TYPES, { message: 'errors.choose' }),
  level: z.enum(['public', 'members'], { message: 'errors.choose' }),
  publishedOn: optionalText(10).refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), 'errors.date'),
  licence: optionalText(100),
  doi: optionalText(200).refine((v) => v === null || /^10\.\d{4,9}\/\S+$/.test(v), 'errors.doi'),
  externalUrl: optionalText(500).refine((v) => v === null || /^https?:\/\/[^\s]+$/.test(v), 'errors.url'),
});
const docText = { title: text({ max: 300 }), body: text({ max: 5000, required: false }) };

/**
 * "New since your last visit": a first-party cookie holding two times, the start of the previous visit and
 * the last time the library was opened. No identifier, nothing stored on the server. Returns when the visit
 * before this one started (null on a first visit) and the cookie's next value.
 */
function lastVisit(cookie: string | undefined, now = Date.now()): { since: Date | null; next: string } {
  const [prevRaw, lastRaw] = (cookie ?? '').split('.');
  const prev = Number(prevRaw);
  const last = Number(lastRaw);
  const valid = (n: number) => Number.isInteger(n) && n > 0 && n <= now;
  let since: number | null = valid(prev) ? prev : null;
  if (valid(last) && now - last > VISIT_GAP_MS) since = last;
  if (!valid(last)) since = null;
  return { since: since === null || !valid(last) ? null : new Date(since), next: `${since ?? now}.${now}` };
}

/** Reports and results, dissemination materials and their files, and the editors' side of the library. */
export function documentRoutes(app: FastifyInstance, p: Platform) {
  const pub = { config: { access: 'public' as const } };
  const cached = { config: { access: 'public' as const, pageCache: true as const } };
  const editors = { config: { access: { roles: ['editor'] as const } } };
  const secure = p.config.publicUrl.startsWith('https:');
  // The lists mark what is new since the visitor's last visit: the same page for everyone on a first visit
  // (the cookie is set on the way out either way), the visitor's own page afterwards.
  const lists = {
    config: {
      access: 'public' as const,
      pageCache: {
        cookies: [LAST_VISIT_COOKIE],
        variant(visitor: PageVisitor) {
          const visit = lastVisit(visitor.cookies[LAST_VISIT_COOKIE]);
          visitor.setCookie(LAST_VISIT_COOKIE, visit.next, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 400 * 24 * 3600 });
          return visit.since ? null : '';
        },
      },
    },
  };
  const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
  const str = (v: unknown, max: number) => (typeof v === 'string' && v.length <= max ? v.trim() : undefined);
  const projectOptions = () => p.database.db.select({ id: projects.id, slug: projects.slug, acronym: projects.acronym }).from(projects).orderBy(asc(projects.acronym));

  const filtersOf = (req: FastifyRequest): DocumentFilters => {
    const project = str(q(req).project, 80);
    const wp = str(q(req).wp, 20);
    const type = str(q(req).type, 40);
    const y = Number(q(req).year);
    return {
      project: project && slugSchema.safeParse(project).success ? project : undefined,
      workPackage: wp && /^[A-Za-z0-9.-]+$/.test(wp) ? wp : undefined,
      type: (DOCUMENT_TYPES as readonly string[]).includes(type ?? '') ? (type as DocumentFilters['type']) : undefined,
      year: Number.isInteger(y) && y >= 1990 && y <= 2100 ? y : undefined,
      q: str(q(req).q, 100) || undefined,
    };
  };

  const list = (group: DocumentGroup) => async (req: FastifyRequest, reply: FastifyReply) => {
    const page = pageParam(q(req).page);
    const filters = filtersOf(req);
    const members = await memberProjects(p.database.db, req.principal);
    const { total, items } = await listDocuments(p.database.db, { locale: req.locale, group, filters, members, page, pageSize: PAGE_SIZE });
    const facets = await documentFacets(p.database.db, group, members, filters.project);
    const activities = group === 'dissemination' ? await listActivities(p.database.db, filters.project) : undefined;
    return reply.page(h(DocumentsListPage, { group, items, total, page, pageSize: PAGE_SIZE, filters, since: lastVisit(req.cookies[LAST_VISIT_COOKIE]).since, activities, projects: await projectOptions(), ...facets }));
  };
  app.get('/documents', lists, list('results'));
  app.get('/dissemination', lists, list('dissemination'));

  const found = async (req: FastifyRequest, preview = false) => {
    const slug = (req.params as { slug: string }).slug;
    if (!slugSchema.safeParse(slug).success) throw new HttpError(404, 'error.404.body');
    const members = await memberProjects(p.database.db, req.principal);
    const doc = await getDocument(p.database.db, slug, req.locale, { members, preview });
    if (!doc) throw new HttpError(404, 'error.404.body');
    return doc;
  };
  // Not cached: the page shows the download count, which a visitor expects to rise as soon as they download.
  app.get('/documents/:slug', pub, async (req, reply) => {
    const doc = await found(req);
    return reply.page(h(DocumentPage, { doc, project: await getProject(p.database.db, doc.project.slug, req.locale), canonical: `${p.config.publicUrl}/documents/${doc.document.slug}`, jsonLd: documentJsonLd(p, doc) }), {
      view: { type: 'document', id: doc.document.id },
    });
  });
  app.get('/documents/:slug/files/:file', pub, async (req, reply) => {
    const { slug, file } = req.params as { slug: string; file: string };
    if (!slugSchema.safeParse(slug).success || !uuid.safeParse(file).success) throw new HttpError(404, 'error.404.body');
    const r = await downloadDocumentFile(p.database.db, slug, file, await memberProjects(p.database.db, req.principal));
    if (r.status === 'not-found') throw new HttpError(404, 'error.404.body');
    if (r.status === 'forbidden') {
      if (!req.principal) return reply.redirect(`/signin?next=${encodeURIComponent(`/documents/${slug}`)}`, 303);
      throw new HttpError(403, 'portal.documents.membersOnly');
    }
    // PDFs open in the browser, sandboxed; everything else downloads. Not cached: access may change.
    return sendStoredFile(req, reply, p.storage, r.file, { download: r.file.contentType !== 'application/pdf', cacheControl: 'private, no-store' });
  });

  // Feeds of reports and results, site-wide and per project.
  const feed = async (req: FastifyRequest, format: FeedFormat, projectSlug?: string) => {
    const { items } = await listDocuments(p.database.db, { locale: req.locale, group: 'results', filters: { project: projectSlug }, members: [], page: 1, pageSize: 50 });
    const t = translator(req.locale);
    const selfPath = `${projectSlug ? `/projects/${projectSlug}/documents` : '/documents'}/feed.${format === 'rss' ? 'xml' : format}`;
    const entries = items
      .map((d) => ({ path: `/documents/${d.slug}`, title: d.code ? `${d.code} · ${d.text.value.title}` : d.text.value.title, summary: d.text.value.description, date: d.changedAt, categories: [t(`portal.documents.type.${d.type}`)] }))
      .sort((a, b) => b.date.getTime() - a.date.getTime());
    return buildFeed({ format, baseUrl: p.config.publicUrl, selfPath, linkPath: projectSlug ? `/documents?project=${projectSlug}` : '/documents', title: `${t('portal.documents.title')} · ${projectSlug ?? 'Ponte'}`, description: t('portal.documents.lead'), locale: req.locale, entries });
  };
  for (const [ext, format] of [
    ['xml', 'rss'],
    ['atom', 'atom'],
    ['json', 'json'],
  ] as const) {
    app.get(`/documents/feed.${ext}`, cached, async (req, reply) => reply.header('content-type', FEED_TYPES[format]).send(await feed(req, format)));
    app.get(`/projects/:project/documents/feed.${ext}`, cached, async (req, reply) => {
      const slug = (req.params as { project: string }).project;
      if (!(await projectOptions()).some((x) => x.slug === slug)) throw new HttpError(404, 'error.404.body');
      return reply.header('content-type', FEED_TYPES[format]).send(await feed(req, format, slug));
    });
  }

  // Editors.
  const notice = (req: FastifyRequest) => (typeof q(req).notice === 'string' && EDITOR_NOTICES.has(q(req).notice as string) ? (q(req).notice as string) : null);
  const wpOptions = () => p.database.db.select({ id: workPackages.id, code: workPackages.code, projectId: workPackages.projectId, acronym: projects.acronym }).from(workPackages).innerJoin(projects, eq(projects.id, workPackages.projectId)).orderBy(asc(projects.acronym), asc(workPackages.sort));
  const options = async () => ({ projects: await projectOptions(), workPackages: await wpOptions() });
  /** The work package must belong to the chosen project. */
  const checkMeta = async (d: z.infer<typeof metaSchema>): Promise<Record<string, string> | null> => {
    if (!(await projectOptions()).some((x) => x.id === d.projectId)) return { projectId: 'errors.choose' };
    if (d.workPackageId) {
      const [wp] = await p.database.db.select().from(workPackages).where(and(eq(workPackages.id, d.workPackageId), eq(workPackages.projectId, d.projectId)));
      if (!wp) return { workPackageId: 'errors.workPackage' };
    }
    return null;
  };

  app.get('/editor/documents', editors, async (req, reply) => reply.page(h(EditorDocumentsList, { rows: await listDocumentsForEditors(p.database.db, req.locale), notice: notice(req) })));
  app.get('/editor/documents/new', editors, async (_req, reply) => reply.page(h(EditorDocumentNew, { ...(await options()) })));
  app.post('/editor/documents/new', editors, async (req, reply) => {
    const form = parseForm(metaSchema.extend({ sourceLocale: z.enum(LOCALES, { message: 'errors.choose' }), slug: slugField(), ...docText }), req.body);
    const page = async (errors: Record<string, string>) => reply.page(h(EditorDocumentNew, { values: form.values, errors, ...(await options()) }), { status: 400 });
    if (!form.ok) return page(form.errors);
    const d = form.data;
    const bad = await checkMeta(d);
    if (bad) return page(bad);
    const r = await createDocument(p.database.db, { ...d, workPackageId: d.workPackageId || null, title: d.title, description: d.body ?? '' }, { userId: req.principal!.id });
    if ('error' in r) return page({ slug: 'errors.slugTaken' });
    return reply.redirect(`/editor/documents/${r.id}?notice=created`, 303);
  });

  const editing = async (req: FastifyRequest) => {
    const id = (req.params as { id: string }).id;
    const f = uuid.safeParse(id).success ? await getDocumentForEditing(p.database.db, id) : null;
    if (!f) throw new HttpError(404, 'error.404.body');
    return f;
  };
  type Editing = NonNullable<Awaited<ReturnType<typeof getDocumentForEditing>>>;
  const editPage = async (req: FastifyRequest, f: Editing, locale: string, extra: { values?: Record<string, string>; errors?: Record<string, string>; section?: 'text' | 'meta' | 'file' } = {}) => {
    const row = f.texts.find((x) => x.locale === locale);
    const d = f.document;
    const meta = { projectId: d.projectId, workPackageId: d.workPackageId ?? '', code: d.code ?? '', type: d.type, level: d.level, publishedOn: d.publishedOn ?? '', licence: d.licence ?? '', doi: d.doi ?? '', externalUrl: d.externalUrl ?? '' };
    const values = { title: row?.title ?? '', body: row?.description ?? '', ...meta, ...extra.values };
    return h(EditorDocumentEdit, { found: f, editing: locale, values, errors: extra.errors ?? {}, section: extra.section, notice: notice(req), ...(await options()) });
  };
  app.get('/editor/documents/:id', editors, async (req, reply) => {
    const f = await editing(req);
    return reply.page(await editPage(req, f, isLocale(q(req).edit) ? (q(req).edit as Locale) : f.document.sourceLocale));
  });
  app.post('/editor/documents/:id/text', editors, async (req, reply) => {
    const f = await editing(req);
    const form = parseForm(z.object({ locale: z.enum(LOCALES), ...docText }), req.body);
    const locale = isLocale((req.body as Record<string, unknown>)?.locale) ? ((req.body as Record<string, unknown>).locale as Locale) : f.document.sourceLocale;
    if (!form.ok) return reply.page(await editPage(req, f, locale, { values: form.values, errors: form.errors, section: 'text' }), { status: 400 });
    await saveDocumentTranslation(p.database.db, f.document.id, form.data.locale, { title: form.data.title, description: form.data.body ?? '' }, { userId: req.principal!.id });
    return reply.redirect(`/editor/documents/${f.document.id}?edit=${form.data.locale}&notice=saved`, 303);
  });
  app.post('/editor/documents/:id/meta', editors, async (req, reply) => {
    const f = await editing(req);
    const form = parseForm(metaSchema, req.body);
    const fail = async (errors: Record<string, string>) => reply.page(await editPage(req, f, f.document.sourceLocale, { values: form.values, errors, section: 'meta' }), { status: 400 });
    if (!form.ok) return fail(form.errors);
    const bad = await checkMeta(form.data);
    if (bad) return fail(bad);
    await updateDocumentMeta(p.database.db, f.document.id, { ...form.data, workPackageId: form.data.workPackageId || null }, { userId: req.principal!.id });
    return reply.redirect(`/editor/documents/${f.document.id}?notice=saved`, 303);
  });
  app.post('/editor/documents/:id/files', { config: { access: { roles: ['editor'] as const }, multipartOptions: { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1 } } } }, async (req, reply) => {
    const f = await editing(req);
    const form = parseForm(z.object({ locale: z.enum(LOCALES, { message: 'errors.choose' }), note: text({ max: 300, required: false }), file: fileField() }), req.body);
    const fail = async (errors: Record<string, string>) => reply.page(await editPage(req, f, f.document.sourceLocale, { values: form.values, errors, section: 'file' }), { status: 400 });
    if (!form.ok) return fail(form.errors);
    const type = detectFileType(form.data.file.data, form.data.file.filename, DOCUMENT_EXTENSIONS);
    if (!type) return fail({ file: 'errors.fileType' });
    await addDocumentFile(p.database.db, p.storage, f.document.id, { locale: form.data.locale, note: form.data.note ?? '', name: form.data.file.filename, contentType: type.contentType, bytes: form.data.file.data, userId: req.principal!.id });
    return reply.redirect(`/editor/documents/${f.document.id}?notice=saved`, 303);
  });
  app.post('/editor/documents/:id/state', editors, async (req, reply) => {
    const f = await editing(req);
    const action = (req.body as Record<string, unknown>)?.action;
    if (action !== 'publish' && action !== 'draft') throw new HttpError(400, 'errors.choose');
    await setDocumentStatus(p.database.db, f.document.id, action === 'publish' ? 'published' : 'draft');
    return reply.redirect(`/editor/documents/${f.document.id}?notice=${action === 'publish' ? 'published' : 'unpublished'}`, 303);
  });
  // The log of dissemination activities.
  const activitySchema = z.object({
    projectId: z.string({ message: 'errors.choose' }).uuid('errors.choose'),
    kind: z.enum(ACTIVITY_KINDS, { message: 'errors.choose' }),
    happenedOn: z.string({ message: 'errors.date' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.date').refine((v) => !Number.isNaN(Date.parse(v)), 'errors.date'),
    locale: z.enum(LOCALES, { message: 'errors.choose' }),
    title: text({ max: 300 }),
    venue: text({ max: 200, required: false }),
    country: z.union([z.literal(''), z.string().refine(isCountry)], { message: 'errors.choose' }).optional(),
    url: optionalText(500).refine((v) => v === null || /^https?:\/\/[^\s]+$/.test(v), 'errors.url'),
    audience: z.union([z.literal(''), z.coerce.number().int().min(0).max(100_000_000)], { message: 'errors.audience' }).optional(),
  });
  const activitiesPage = async (req: FastifyRequest, extra: { values?: Record<string, string>; errors?: Record<string, string> } = {}) =>
    h(EditorActivities, { ...(await listActivities(p.database.db)), projects: await projectOptions(), values: extra.values ?? { locale: req.locale }, errors: extra.errors ?? {}, notice: notice(req) });
  app.get('/editor/dissemination', editors, async (req, reply) => reply.page(await activitiesPage(req)));
  app.post('/editor/dissemination', editors, async (req, reply) => {
    const form = parseForm(activitySchema, req.body);
    if (!form.ok) return reply.page(await activitiesPage(req, { values: form.values, errors: form.errors }), { status: 400 });
    const d = form.data;
    if (!(await projectOptions()).some((x) => x.id === d.projectId)) return reply.page(await activitiesPage(req, { values: form.values, errors: { projectId: 'errors.choose' } }), { status: 400 });
    await addActivity(p.database.db, { ...d, venue: d.venue ?? '', country: d.country || null, audience: d.audience === '' || d.audience === undefined ? null : d.audience });
    return reply.redirect('/editor/dissemination?notice=saved', 303);
  });
  app.post('/editor/dissemination/:id/delete', editors, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    if (!uuid.safeParse(id).success || !(await deleteActivity(p.database.db, id))) throw new HttpError(404, 'error.404.body');
    return reply.redirect('/editor/dissemination?notice=deleted', 303);
  });

  historyRoutes(app, p, documentHistory);
  app.get('/editor/documents/:id/preview', editors, async (req, reply) => {
    const f = await editing(req);
    const doc = await getDocument(p.database.db, f.document.slug, isLocale(q(req).lang) ? (q(req).lang as Locale) : req.locale, { members: 'all', preview: true });
    if (!doc) throw new HttpError(404, 'error.404.body');
    return reply.page(h(DocumentPage, { doc, project: await getProject(p.database.db, doc.project.slug, req.locale), preview: true, canonical: `${p.config.publicUrl}/documents/${f.document.slug}`, jsonLd: documentJsonLd(p, doc) }));
  });
}

const SCHEMA_TYPES: Record<string, string> = { report: 'Report', dataset: 'Dataset', video: 'VideoObject', 'policy-brief': 'Report', guideline: 'CreativeWork', article: 'Article', poster: 'Poster', presentation: 'PresentationDigitalDocument' };

/** schema.org Report / Dataset / CreativeWork…. */
function documentJsonLd(p: Platform, doc: NonNullable<Awaited<ReturnType<typeof getDocument>>>): string {
  const d = doc.document;
  const url = `${p.config.publicUrl}/documents/${d.slug}`;
  const data: Record<string, unknown> = {
    '@type': SCHEMA_TYPES[d.type] ?? 'CreativeWork',
    name: doc.text.value.title,
    description: doc.text.value.description,
    inLanguage: doc.text.locale,
    url,
    datePublished: d.publishedOn ?? undefined,
    dateModified: d.changedAt.toISOString(),
    isAccessibleForFree: d.level === 'public',
    license: d.licence ?? undefined,
    identifier: [d.code, d.doi ? `https://doi.org/${d.doi}` : null].filter(Boolean),
    isPartOf: { '@type': 'ResearchProject', name: doc.project.acronym, url: `${p.config.publicUrl}/projects/${doc.project.slug}` },
    ...(doc.allowed ? { encoding: doc.current.map((f) => ({ '@type': 'MediaObject', contentUrl: `${url}/files/${f.id}`, encodingFormat: f.contentType, inLanguage: f.locale, contentSize: String(f.size) })) } : {}),
  };
  if (d.type === 'report' && d.code) data.reportNumber = d.code;
  return jsonLd(data);
}
