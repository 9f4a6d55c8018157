import { h } from 'preact';
import type { Module } from '../../platform/http/app.js';
import { pageParam } from '../../platform/http/forms.js';
import { isLocale } from '../../platform/i18n/index.js';
import { pruneSearchWords, search } from '../../platform/search.js';
import { listProjects } from '../portal/service.js';
import { SearchPage } from './views/search.js';

const PAGE_SIZE = 20;
/** Daily: the words of the spelling corrections that no indexed item holds any more go (platform/search.ts). */
export const PRUNE_WORDS_QUEUE = 'search.prune-words';
export const SEARCH_TYPES = ['project', 'page', 'news', 'document', 'event', 'recommendation'] as const;

/** Site-wide search over the index every module writes to (platform/search.ts). */
export const searchModule: Module = {
  name: 'search',
  routes(app, p) {
    p.jobs.define({ name: PRUNE_WORDS_QUEUE, schedule: '31 4 * * *', retryLimit: 3, handler: async () => void (await pruneSearchWords(p.database)) });
    app.get('/search', { config: { access: 'public' } }, async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      const q = typeof query.q === 'string' ? query.q.slice(0, 200) : '';
      const type = SEARCH_TYPES.find((x) => x === query.type);
      // A full-text query over every document: on the read replica when there is one.
      const database = await p.reads.forRequest(req);
      const projects = await listProjects(database.db, req.locale);
      const project = projects.find((x) => x.slug === query.project);
      const language = isLocale(query.language) ? query.language : undefined;
      const page = pageParam(query.page);
      const result = q.trim() ? await search(database, { q, locale: req.locale, type, projectId: project?.id, language, page, pageSize: PAGE_SIZE }) : { total: 0, hits: [] };
      return reply.page(
        h(SearchPage, {
          q,
          filters: { type: type ?? '', project: project?.slug ?? '', language: language ?? '' },
          types: [...SEARCH_TYPES],
          projects: projects.map((x) => ({ slug: x.slug, acronym: x.acronym, id: x.id })),
          ...result,
          page,
          pageSize: PAGE_SIZE,
        }),
      );
    });
  },
};
