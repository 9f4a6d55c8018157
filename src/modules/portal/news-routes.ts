import type { FastifyInstance, FastifyRequest } from 'fastify';
import { asc } from 'drizzle-orm';
import { h } from 'preact';
import { z } from 'zod';
import { HttpError } from '../../platform/http/errors.js';
import { pageParam, parseForm, slugField, text, slugParam as slugSchema } from '../../platform/http/forms.js';
import { isLocale, LOCALES, translator, type Locale } from '../../platform/i18n/index.js';
import type { Platform } from '../../platform/platform.js';
import { buildFeed, FEED_TYPES, robots, sitemap, type FeedFormat } from './feeds.js';
import { historyRoutes } from '../../platform/http/history-routes.js';
import { displayImages, imageChoices, imageExists } from '../media/service.js';
import { newsHistory } from './history.js';
import { createNews, getNews, getNewsForEditing, listNewsForEditors, listPublishedNews, newsFacets, saveNewsTranslation, setNewsState, updateNewsMeta } from './news.js';
import { jsonLd } from './json-ld.js';
import { getProject } from './service.js';
import { projects } from './schema.js';
import { EditorNewsEdit, EditorNewsList, EditorNewsNew, NewsItemPage, NewsListPage } from './views/news.js';

const PAGE_SIZE = 12;
const uuid = z.string().uuid();
export const EDITOR_NOTICES = new Set(['created', 'saved', 'published', 'scheduled', 'unpublished', 'deleted', 'cancelled']);
const coverField = z.union([z.literal(''), uuid], { message: 'errors.choose' }).optional();

const tagsField = z
  .string()
  .max(300, 'errors.tooLong')
  .optional()
  .transform((v) =>
    [
      ...new Set(
        (v ?? '')
          .split(',')
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean),
      ),
    ].slice(0, 20),
  )
  .refine((tags) => tags.every((x) => /^[\p{L}\p{N}][\p{L}\p{N} -]{0,40}$/u.test(x)), 'errors.tags');
export const textFields = { title: text({ max: 200 }), summary: text({ max: 1000, required: false }), body: text({ max: 100_000, required: false }) };
export const projectField = z.union([z.literal(''), uuid], { message: 'errors.choose' }).optional();

/** News: the public list and pages, feeds, sitemap and robots.txt, and the editors' workspace. */
export function newsRoutes(app: FastifyInstance, p: Platform) {
  const pub = { config: { access: 'public' as const, pageCache: true as const } };
  const editors = { config: { access: { roles: ['editor'] as const } } };
  const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
  const projectOptions = () => p.database.db.select({ id: projects.id, slug: projects.slug, acronym: projects.acronym }).from(projects).orderBy(asc(projects.acronym));

  const filtersOf = (req: FastifyRequest) => {
    const project = typeof q(req).project === 'string' && slugSchema.safeParse(q(req).project).success ? (q(req).project as string) : undefined;
    const tag = typeof q(req).tag === 'string' && (q(req).tag as string).length <= 40 ? (q(req).tag as string) : undefined;
    const y = Number(q(req).year);
    return { project, tag: tag || undefined, year: Number.isInteger(y) && y >= 1990 && y <= 2100 ? y : undefined };
  };

  app.get('/news', pub, async (req, reply) => {
    const page = pageParam(q(req).page);
    const filters = filtersOf(req);
    const { total, items } = await listPublishedNews(p.database.db, req.locale, filters, page, PAGE_SIZE);
    const facets = await newsFacets(p.database.db);
    return reply.page(h(NewsListPage, { items, total, page, pageSize: PAGE_SIZE, filters, projects: await projectOptions(), ...facets }));
  });

  app.get('/news/:slug', pub, async (req, reply) => {
    const slug = (req.params as { slug: string }).slug;
    if (!slugSchema.safeParse(slug).success) throw new HttpError(404, 'error.404.body');
    const found = await getNews(p.database.db, slug, req.locale);
    if (!found) throw new HttpError(404, 'error.404.body');
    const project = found.item.project ? await getProject(p.database.db, found.item.project.slug, req.locale) : null;
    return reply.page(h(NewsItemPage, { item: found.item, related: found.related, project, publicUrl: p.config.publicUrl, canonical: `${p.config.publicUrl}/news/${slug}`, jsonLd: newsJsonLd(p, found.item) }), {
      view: { type: 'news', id: found.news.id },
    });
  });

  // Feeds: site-wide and per project, in RSS 2.0, Atom and JSON Feed, in the reader's language (?lang=).
  const feed = async (req: FastifyRequest, format: FeedFormat, projectSlug?: string) => {
    const { items } = await listPublishedNews(p.database.db, req.locale, { project: projectSlug }, 1, 50);
    const t = translator(req.locale);
    const selfPath = `${projectSlug ? `/projects/${projectSlug}/news` : '/news'}/feed.${format === 'rss' ? 'xml' : format}`;
    const entries = items.map((n) => ({ path: `/news/${n.slug}`, title: n.text.value.title, summary: n.text.value.summary, body: n.text.value.body, date: n.publishedAt ?? new Date(0), categories: n.tags }));
    return buildFeed({ format, baseUrl: p.config.publicUrl, selfPath, linkPath: '/news', title: projectSlug ? `${t('portal.news.title')} · ${projectSlug}` : `${t('portal.news.title')} · Ponte`, description: t('home.lead'), locale: req.locale, entries });
  };
  for (const [ext, format] of [
    ['xml', 'rss'],
    ['atom', 'atom'],
    ['json', 'json'],
  ] as const) {
    app.get(`/news/feed.${ext}`, pub, async (req, reply) => reply.header('content-type', FEED_TYPES[format]).send(await feed(req, format)));
    app.get(`/projects/:project/news/feed.${ext}`, pub, async (req, reply) => {
      const slug = (req.params as { project: string }).project;
      const exists = (await projectOptions()).some((x) => x.slug === slug);
      if (!exists) throw new HttpError(404, 'error.404.body');
      return reply.header('content-type', FEED_TYPES[format]).send(await feed(req, format, slug));
    });
  }
  app.get('/sitemap.xml', pub, async (_req, reply) => reply.header('content-type', 'application/xml; charset=utf-8').send(await sitemap(p.database.db, p.config.publicUrl)));
  app.get('/robots.txt', pub, async (_req, reply) => reply.header('content-type', 'text/plain; charset=utf-8').send(robots(p.config.publicUrl)));

  // Editors.
  const editorNotice = (req: FastifyRequest) => (typeof q(req).notice === 'string' && EDITOR_NOTICES.has(q(req).notice as string) ? (q(req).notice as string) : null);
  app.get('/editor/news', editors, async (req, reply) => reply.page(h(EditorNewsList, { rows: await listNewsForEditors(p.database.db, req.locale), notice: editorNotice(req) })));

  const newSchema = z.object({
    sourceLocale: z.enum(LOCALES, { message: 'errors.choose' }),
    slug: slugField(),
    projectId: projectField,
    tags: tagsField,
    ...textFields,
  });
  app.get('/editor/news/new', editors, async (_req, reply) => reply.page(h(EditorNewsNew, { projects: await projectOptions() })));
  app.post('/editor/news/new', editors, async (req, reply) => {
    const form = parseForm(newSchema, req.body);
    if (!form.ok) return reply.page(h(EditorNewsNew, { values: form.values, errors: form.errors, projects: await projectOptions() }), { status: 400 });
    const d = form.data;
    if (d.projectId && !(await projectOptions()).some((x) => x.id === d.projectId)) return reply.page(h(EditorNewsNew, { values: form.values, errors: { projectId: 'errors.choose' }, projects: await projectOptions() }), { status: 400 });
    const r = await createNews(p, req.principal!.id, { ...d, projectId: d.projectId || null, summary: d.summary ?? '', body: d.body ?? '' });
    if ('error' in r) return reply.page(h(EditorNewsNew, { values: form.values, errors: { slug: 'errors.slugTaken' }, projects: await projectOptions() }), { status: 400 });
    return reply.redirect(`/editor/news/${r.id}?notice=created`, 303);
  });

  const editing = async (req: FastifyRequest) => {
    const id = (req.params as { id: string }).id;
    if (!uuid.safeParse(id).success) throw new HttpError(404, 'error.404.body');
    const found = await getNewsForEditing(p.database.db, id);
    if (!found) throw new HttpError(404, 'error.404.body');
    return found;
  };
  const editPage = async (req: FastifyRequest, found: NonNullable<Awaited<ReturnType<typeof getNewsForEditing>>>, locale: Locale, extra: { values?: Record<string, string>; errors?: Record<string, string> } = {}) => {
    const row = found.texts.find((x) => x.locale === locale);
    return h(EditorNewsEdit, {
      news: found.news,
      texts: found.texts,
      editing: locale,
      values: { title: row?.title ?? '', summary: row?.summary ?? '', body: row?.body ?? '', projectId: found.news.projectId ?? '', tags: found.news.tags.join(', '), coverImageId: found.news.coverImageId ?? '', publishAt: found.news.publishAt?.toISOString().slice(0, 16).replace('T', ' ') ?? '', ...extra.values },
      errors: extra.errors,
      notice: editorNotice(req),
      projects: await projectOptions(),
      images: await imageChoices(p.database.db, req.locale),
      cover: found.news.coverImageId ? ((await displayImages(p.database.db, [found.news.coverImageId], req.locale)).get(found.news.coverImageId) ?? null) : null,
    });
  };
  app.get('/editor/news/:id', editors, async (req, reply) => {
    const found = await editing(req);
    const locale = isLocale(q(req).edit) ? (q(req).edit as Locale) : (found.news.sourceLocale as Locale);
    return reply.page(await editPage(req, found, locale));
  });
  app.post('/editor/news/:id/text', editors, async (req, reply) => {
    const found = await editing(req);
    const form = parseForm(z.object({ locale: z.enum(LOCALES), ...textFields }), req.body);
    const locale = isLocale((req.body as Record<string, unknown>).locale) ? ((req.body as Record<string, unknown>).locale as Locale) : (found.news.sourceLocale as Locale);
    if (!form.ok) return reply.page(await editPage(req, found, locale, { values: form.values, errors: form.errors }), { status: 400 });
    await saveNewsTranslation(p.database.db, found.news.id, form.data.locale, { title: form.data.title, summary: form.data.summary ?? '', body: form.data.body ?? '' }, { userId: req.principal!.id });
    return reply.redirect(`/editor/news/${found.news.id}?edit=${form.data.locale}&notice=saved`, 303);
  });
  app.post('/editor/news/:id/meta', editors, async (req, reply) => {
    const found = await editing(req);
    const form = parseForm(z.object({ projectId: projectField, tags: tagsField, coverImageId: coverField }), req.body);
    const fail = async (errors: Record<string, string>) => reply.page(await editPage(req, found, found.news.sourceLocale as Locale, { values: form.values, errors }), { status: 400 });
    if (!form.ok) return fail(form.errors);
    const d = form.data;
    if (d.projectId && !(await projectOptions()).some((x) => x.id === d.projectId)) return fail({ projectId: 'errors.choose' });
    if (d.coverImageId && !(await imageExists(p.database.db, d.coverImageId))) return fail({ coverImageId: 'errors.choose' });
    await updateNewsMeta(p.database.db, found.news.id, { projectId: d.projectId || null, tags: d.tags, coverImageId: d.coverImageId || null }, { userId: req.principal!.id });
    return reply.redirect(`/editor/news/${found.news.id}?notice=saved`, 303);
  });
  app.post('/editor/news/:id/state', editors, async (req, reply) => {
    const found = await editing(req);
    const body = req.body as Record<string, unknown>;
    const action = body.action;
    if (action === 'schedule') {
      const raw = typeof body.publishAt === 'string' ? body.publishAt.trim() : '';
      const at = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/.test(raw) ? new Date(`${raw.replace(' ', 'T')}:00Z`) : null;
      if (!at || Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) {
        return reply.page(await editPage(req, found, found.news.sourceLocale as Locale, { values: { publishAt: raw }, errors: { publishAt: 'errors.futureDate' } }), { status: 400 });
      }
      await setNewsState(p, found.news.id, { status: 'scheduled', at });
      return reply.redirect(`/editor/news/${found.news.id}?notice=scheduled`, 303);
    }
    if (action === 'publish' || action === 'draft') {
      await setNewsState(p, found.news.id, { status: action === 'publish' ? 'published' : 'draft' });
      return reply.redirect(`/editor/news/${found.news.id}?notice=${action === 'publish' ? 'published' : 'unpublished'}`, 303);
    }
    throw new HttpError(400, 'errors.choose');
  });
  historyRoutes(app, p, newsHistory);
  app.get('/editor/news/:id/preview', editors, async (req, reply) => {
    const found = await editing(req);
    const locale = isLocale(q(req).lang) ? (q(req).lang as Locale) : req.locale;
    const preview = await getNews(p.database.db, found.news.slug, locale, { preview: true });
    if (!preview) throw new HttpError(404, 'error.404.body');
    const project = preview.item.project ? await getProject(p.database.db, preview.item.project.slug, req.locale) : null;
    return reply.page(h(NewsItemPage, { item: preview.item, related: [], preview: true, project, publicUrl: p.config.publicUrl, canonical: `${p.config.publicUrl}/news/${found.news.slug}`, jsonLd: newsJsonLd(p, preview.item) }));
  });
}

/** schema.org NewsArticle. */
function newsJsonLd(p: Platform, item: Awaited<ReturnType<typeof listPublishedNews>>['items'][number]): string {
  return jsonLd({
    '@type': 'NewsArticle',
    headline: item.text.value.title,
    description: item.text.value.summary,
    inLanguage: item.text.locale,
    datePublished: item.publishedAt?.toISOString(),
    url: `${p.config.publicUrl}/news/${item.slug}`,
    keywords: item.tags.join(', '),
    image: item.cover ? `${p.config.publicUrl}${item.cover.largest.url}` : undefined,
    publisher: { '@type': 'Organization', name: 'Ponte', url: p.config.publicUrl },
  });
}
