import type { FastifyInstance, FastifyRequest } from 'fastify';
import { asc } from 'drizzle-orm';
import { h } from 'preact';
import { z } from 'zod';
import { HttpError } from '../../platform/http/errors.js';
import { historyRoutes } from '../../platform/http/history-routes.js';
import { pageHistory } from './history.js';
import { checkbox, parseForm, slugField } from '../../platform/http/forms.js';
import { isLocale, LOCALES, type Locale } from '../../platform/i18n/index.js';
import type { Platform } from '../../platform/platform.js';
import { EDITOR_NOTICES, projectField, textFields } from './news-routes.js';
import { createPage, getPageForEditing, listPagesForEditors, savePageTranslation, updatePageMeta } from './pages.js';
import { projects } from './schema.js';
import { EditorPageEdit, EditorPageNew, EditorPagesList } from './views/page-editor.js';

const uuid = z.string().uuid();
const pageText = { title: textFields.title, body: textFields.body };
const sortField = z.coerce.number({ message: 'errors.number' }).int('errors.number').min(0, 'errors.number').max(1000, 'errors.number');

/** Editors manage site pages (accessibility statement, privacy notice, contact…) and project pages and menus. */
export function pageEditorRoutes(app: FastifyInstance, p: Platform) {
  const editors = { config: { access: { roles: ['editor'] as const } } };
  const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
  const notice = (req: FastifyRequest) => (typeof q(req).notice === 'string' && EDITOR_NOTICES.has(q(req).notice as string) ? (q(req).notice as string) : null);
  const projectOptions = () => p.database.db.select({ id: projects.id, acronym: projects.acronym }).from(projects).orderBy(asc(projects.acronym));
  const found = async (req: FastifyRequest) => {
    const id = (req.params as { id: string }).id;
    const f = uuid.safeParse(id).success ? await getPageForEditing(p.database.db, id) : null;
    if (!f) throw new HttpError(404, 'error.404.body');
    return f;
  };
  const editPage = (req: FastifyRequest, f: NonNullable<Awaited<ReturnType<typeof getPageForEditing>>>, locale: string, extra: { values?: Record<string, string>; errors?: Record<string, string> } = {}) => {
    const row = f.texts.find((x) => x.locale === locale);
    return h(EditorPageEdit, { found: f, editing: locale, values: { title: row?.title ?? '', body: row?.body ?? '', ...extra.values }, errors: extra.errors, notice: notice(req) });
  };

  app.get('/editor/pages', editors, async (req, reply) => reply.page(h(EditorPagesList, { rows: await listPagesForEditors(p.database.db, req.locale), notice: notice(req) })));
  app.get('/editor/pages/new', editors, async (_req, reply) => reply.page(h(EditorPageNew, { projects: await projectOptions() })));
  app.post('/editor/pages/new', editors, async (req, reply) => {
    const form = parseForm(z.object({ projectId: projectField, sourceLocale: z.enum(LOCALES, { message: 'errors.choose' }), slug: slugField(), ...pageText }), req.body);
    const page = async (errors: Record<string, string>) => reply.page(h(EditorPageNew, { values: form.values, errors, projects: await projectOptions() }), { status: 400 });
    if (!form.ok) return page(form.errors);
    const d = form.data;
    if (d.projectId && !(await projectOptions()).some((x) => x.id === d.projectId)) return page({ projectId: 'errors.choose' });
    const r = await createPage(p.database.db, { projectId: d.projectId || null, slug: d.slug, sourceLocale: d.sourceLocale, sort: 100, inMenu: true, title: d.title, body: d.body ?? '' }, { userId: req.principal!.id });
    if ('error' in r) return page({ slug: 'errors.slugTaken' });
    return reply.redirect(`/editor/pages/${r.id}?notice=created`, 303);
  });
  app.get('/editor/pages/:id', editors, async (req, reply) => {
    const f = await found(req);
    return reply.page(editPage(req, f, isLocale(q(req).edit) ? (q(req).edit as Locale) : f.page.sourceLocale));
  });
  app.post('/editor/pages/:id/text', editors, async (req, reply) => {
    const f = await found(req);
    const form = parseForm(z.object({ locale: z.enum(LOCALES), ...pageText }), req.body);
    const locale = isLocale((req.body as Record<string, unknown>).locale) ? ((req.body as Record<string, unknown>).locale as Locale) : f.page.sourceLocale;
    if (!form.ok) return reply.page(editPage(req, f, locale, { values: form.values, errors: form.errors }), { status: 400 });
    await savePageTranslation(p.database.db, f.page.id, form.data.locale, { title: form.data.title, body: form.data.body ?? '' }, { userId: req.principal!.id });
    return reply.redirect(`/editor/pages/${f.page.id}?edit=${form.data.locale}&notice=saved`, 303);
  });
  app.post('/editor/pages/:id/meta', editors, async (req, reply) => {
    const f = await found(req);
    const form = parseForm(z.object({ sort: sortField, inMenu: checkbox() }), req.body);
    if (!form.ok) return reply.page(editPage(req, f, f.page.sourceLocale, { errors: form.errors }), { status: 400 });
    await updatePageMeta(p.database.db, f.page.id, form.data, { userId: req.principal!.id });
    return reply.redirect(`/editor/pages/${f.page.id}?notice=saved`, 303);
  });
  historyRoutes(app, p, pageHistory);
}
