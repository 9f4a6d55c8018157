import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod';
import type { Module } from '../../platform/http/app.js';
import { HttpError } from '../../platform/http/errors.js';
import { addNav, type Platform } from '../../platform/platform.js';
import { getPage, getProject, listProjects, organisationHome, pageMenu } from './service.js';
import { newsRoutes } from './news-routes.js';
import { organisationJsonLd, projectJsonLd } from './json-ld.js';
import { pageEditorRoutes } from './pages-routes.js';
import { documentRoutes } from './documents-routes.js';
import { eventRoutes } from './events-routes.js';
import { newsCoverUses, publishDue, PUBLISH_QUEUE } from './news.js';
import { registerImageUsage } from '../media/service.js';
import { registerPersonalData } from '../../platform/personal-data.js';
import { portalPersonalData } from './personal-data.js';
import { OrganisationPage, PortalHome, ProjectPage, ProjectsPage, ProjectStaticPage, SitePage } from './views/pages.js';
import { slugParam as slug } from '../../platform/http/forms.js';

const uuid = z.string().uuid();

/** The public portal: the funded projects, their pages, partners and work packages, and site pages. */
export const portalModule: Module = {
  name: 'portal',
  setup(p) {
    // Scheduled news: a job at the publication time, and a sweep every minute in case a job was lost.
    p.jobs.define({ name: PUBLISH_QUEUE, schedule: '* * * * *', retryLimit: 3, handler: async () => void (await publishDue(p.database.db)) });
    // News covers come from the media library, which lists where each image is used and keeps those.
    registerImageUsage(p, newsCoverUses);
    registerPersonalData(p, 'portal', portalPersonalData);
  },
  routes(app, p: Platform) {
    addNav(p.navigation.primary, { href: '/projects', labelKey: 'portal.projects.title' });
    addNav(p.navigation.primary, { href: '/news', labelKey: 'portal.news.title' });
    addNav(p.navigation.primary, { href: '/documents', labelKey: 'portal.documents.title' });
    addNav(p.navigation.primary, { href: '/dissemination', labelKey: 'portal.dissemination.title' });
    addNav(p.navigation.primary, { href: '/events', labelKey: 'portal.events.title' });
    addNav(p.navigation.primary, { href: '/editor/news', labelKey: 'portal.editor.news', role: 'editor' });
    addNav(p.navigation.primary, { href: '/editor/pages', labelKey: 'portal.editor.pages', role: 'editor' });
    addNav(p.navigation.primary, { href: '/editor/documents', labelKey: 'portal.editor.documents', role: 'editor' });
    addNav(p.navigation.primary, { href: '/editor/dissemination', labelKey: 'portal.editor.dissemination', role: 'editor' });
    addNav(p.navigation.primary, { href: '/editor/events', labelKey: 'portal.editor.events', role: 'editor' });
    newsRoutes(app, p);
    pageEditorRoutes(app, p);
    documentRoutes(app, p);
    eventRoutes(app, p);
    // The site's own pages (accessibility statement, privacy notice, contact…) form the footer menu that editors manage.
    p.navigation.footerSources.push(async (locale) => (await pageMenu(p.database.db, null, locale)).map((m) => ({ href: `/pages/${m.slug}`, label: m.title })));

    // Public pages are the same for every anonymous visitor in a language, so they are kept in the page cache.
    const pub = { config: { access: 'public' as const, pageCache: true as const } };
    const param = (req: FastifyRequest, name: string, schema: z.ZodType<string>) => {
      const v = (req.params as Record<string, string>)[name];
      if (!schema.safeParse(v).success) throw new HttpError(404, 'error.404.body');
      return v!;
    };
    const project = async (req: FastifyRequest) => {
      const detail = await getProject(p.database.db, param(req, 'project', slug), req.locale);
      if (!detail) throw new HttpError(404, 'error.404.body');
      return detail;
    };

    app.get('/', pub, async (req, reply) => reply.page(h(PortalHome, { projects: await listProjects(p.database.db, req.locale) })));
    app.get('/projects', pub, async (req, reply) => reply.page(h(ProjectsPage, { projects: await listProjects(p.database.db, req.locale) })));
    app.get('/projects/:project', pub, async (req, reply) => {
      const detail = await project(req);
      return reply.page(h(ProjectPage, { detail, jsonLd: projectJsonLd(p.config.publicUrl, detail) }), { view: { type: 'project', id: detail.id } });
    });
    app.get('/projects/:project/:page', pub, async (req, reply) => {
      const detail = await project(req);
      const pageSlug = param(req, 'page', slug);
      const found = await getPage(p.database.db, detail.id, pageSlug, req.locale);
      if (!found) throw new HttpError(404, 'error.404.body');
      return reply.page(h(ProjectStaticPage, { detail, title: found.text.value.title, body: found.text.value.body, picked: found.text, slug: pageSlug }), { view: { type: 'page', id: found.page.id } });
    });
    app.get('/pages/:page', pub, async (req, reply) => {
      const found = await getPage(p.database.db, null, param(req, 'page', slug), req.locale);
      if (!found) throw new HttpError(404, 'error.404.body');
      return reply.page(h(SitePage, { title: found.text.value.title, body: found.text.value.body, picked: found.text }), { view: { type: 'page', id: found.page.id } });
    });
    app.get('/organisations/:id', pub, async (req, reply) => {
      const id = param(req, 'id', uuid);
      const data = await organisationHome(p.database.db, id, req.locale);
      if (!data) throw new HttpError(404, 'error.404.body');
      return reply.page(h(OrganisationPage, { data, jsonLd: organisationJsonLd(p.config.publicUrl, id, data.organisation) }));
    });
  },
};
