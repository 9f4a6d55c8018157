import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError, PROBLEM_TITLES, type Problem } from '../../platform/http/errors.js';
import type { Platform } from '../../platform/platform.js';
import {
  importHsds,
  importJson,
  locationById,
  locationJson,
  locationsPage,
  organizationById,
  organizationJson,
  organizationsPage,
  pageJson,
  serviceAtLocationById,
  serviceAtLocationJson,
  serviceAtLocationsPage,
  serviceById,
  serviceJson,
  servicesPage,
  taxonomiesPage,
  taxonomyById,
  taxonomyJson,
  taxonomyTermById,
  taxonomyTermJson,
  taxonomyTermsPage,
  vocabulary,
  type HsdsFilters,
  type Paging,
} from './hsds.js';
import { LANGUAGE_CODE } from './service.js';

const HSDS_VERSION = '3.0';
/** As the import page's file: a region's directory fits well within it. */
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const TAG = 'directory (HSDS 3.0)';

const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
const GUID = z.guid();

// Query parameters of the HSDS openapi.json, plus Ponte's own filters. Anything malformed answers 400.
const words = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\u0000-\u001F\u007F]*$/, 'must not contain control characters');
const flag = z.enum(['true', 'false']).optional();
const paging = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(25),
  format: z.literal('json').optional(),
};
const place = {
  region: z
    .string()
    .regex(/^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$/, 'must be an ISO 3166-2 code such as IT-82')
    .optional(),
  city: words(100).optional(),
};
const serviceQuery = z.object({
  ...paging,
  ...place,
  search: words(200).optional(),
  organization_id: z.guid().optional(),
  modified_after: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
  taxonomy_term_id: z.guid().optional(),
  taxonomy_id: z.guid().optional(),
  need: words(100).optional(),
  language: z.string().regex(LANGUAGE_CODE, 'must be a BCP 47 language code').optional(),
  full: flag,
});
type ServiceQuery = z.infer<typeof serviceQuery>;

const pagingOf = (q: { page: number; per_page: number }): Paging => ({ page: q.page, perPage: q.per_page });
const filtersOf = (q: Partial<ServiceQuery>): HsdsFilters => ({
  search: q.search || undefined,
  organizationId: q.organization_id,
  modifiedAfter: q.modified_after ? new Date(q.modified_after) : undefined,
  taxonomyTermId: q.taxonomy_term_id,
  taxonomyId: q.taxonomy_id,
  need: q.need || undefined,
  language: q.language,
  region: q.region,
  city: q.city || undefined,
});

/** A single item, or 404 for an unknown or malformed id (never a database error). */
async function found<T>(req: FastifyRequest, load: (id: string) => Promise<T | null> | T | null): Promise<T> {
  const { id } = req.params as { id: string };
  const item = GUID.safeParse(id).success ? await load(id) : null;
  if (!item) throw new HttpError(404, 'error.404.body');
  return item;
}

/**
 * The directory as an Open Referral HSDS 3.0 API (the paths of HSDS's openapi.json under /api/hsds, plus
 * locations), public and read-only; and the import of HSDS JSON for network coordinators.
 */
export function hsdsRoutes(app: FastifyInstance, p: Platform) {
  const db = () => p.database.db;
  const terms = (req: FastifyRequest) => vocabulary(db(), req.locale);
  const list = (summary: string, querystring: z.ZodType, item: z.ZodType) => ({
    config: { access: 'public' as const },
    schema: { summary, tags: [TAG], querystring, response: { 200: pageJson(item), 400: problem } },
  });
  const one = (summary: string, item: z.ZodType, querystring?: z.ZodType) => ({
    config: { access: 'public' as const },
    schema: { summary, tags: [TAG], params: z.object({ id: z.string() }), ...(querystring ? { querystring } : {}), response: { 200: item, 400: problem, 404: problem } },
  });

  app.get(
    '/api/hsds/',
    { config: { access: 'public' }, schema: { summary: 'Which HSDS version this API follows, and where it is described', tags: [TAG], response: { 200: z.object({ version: z.string(), openapi_url: z.url() }) } } },
    async () => ({ version: HSDS_VERSION, openapi_url: `${p.config.publicUrl}/api/openapi.json` }),
  );

  app.get('/api/hsds/services', list('Services, one page (full=true nests phones, schedules, places, languages and attributes)', serviceQuery, serviceJson), async (req) => {
    const q = req.query as ServiceQuery;
    return servicesPage(db(), await terms(req), filtersOf(q), pagingOf(q), q.full === 'true');
  });
  app.get('/api/hsds/services/:id', one('A service, fully nested', serviceJson), async (req) => {
    const v = await terms(req);
    return found(req, (id) => serviceById(db(), v, id));
  });

  const organizationQuery = z.object({ ...paging, ...place, search: words(200).optional(), full: flag, full_service: flag });
  app.get('/api/hsds/organizations', list('Organisations, one page (full=true nests phones, locations and services)', organizationQuery, organizationJson), async (req) => {
    const q = req.query as z.infer<typeof organizationQuery>;
    return organizationsPage(db(), await terms(req), filtersOf(q), pagingOf(q), { full: q.full === 'true', fullServices: q.full_service === 'true' });
  });
  const fullService = z.object({ full_service: flag });
  app.get('/api/hsds/organizations/:id', one('An organisation with its phones, locations and services (full_service=true nests the services fully)', organizationJson, fullService), async (req) => {
    const v = await terms(req);
    return found(req, (id) => organizationById(db(), v, id, (req.query as z.infer<typeof fullService>).full_service === 'true'));
  });

  const locationQuery = z.object({ ...paging, ...place, search: words(200).optional(), organization_id: z.guid().optional() });
  app.get('/api/hsds/locations', list('Locations, one page, with their address, phones and accessibility', locationQuery, locationJson), async (req) => {
    const q = req.query as z.infer<typeof locationQuery>;
    return locationsPage(db(), filtersOf(q), pagingOf(q));
  });
  app.get('/api/hsds/locations/:id', one('A location', locationJson), async (req) => found(req, (id) => locationById(db(), id)));

  app.get('/api/hsds/service_at_locations', list('Services at their locations, one page (region and city filter the location)', serviceQuery, serviceAtLocationJson), async (req) => {
    const q = req.query as ServiceQuery;
    return serviceAtLocationsPage(db(), await terms(req), filtersOf(q), pagingOf(q), q.full === 'true');
  });
  app.get('/api/hsds/service_at_locations/:id', one('A service at a location, with both fully nested', serviceAtLocationJson), async (req) => {
    const v = await terms(req);
    return found(req, (id) => serviceAtLocationById(db(), v, id));
  });

  const taxonomyQuery = z.object({ ...paging, search: words(200).optional() });
  app.get('/api/hsds/taxonomies', list("Ponte's taxonomies: service types, needs, and the features that extend HSDS", taxonomyQuery, taxonomyJson), async (req) => {
    const q = req.query as z.infer<typeof taxonomyQuery>;
    return taxonomiesPage(await terms(req), q.search || undefined, pagingOf(q));
  });
  app.get('/api/hsds/taxonomies/:id', one('A taxonomy', taxonomyJson), async (req) => {
    const v = await terms(req);
    return found(req, (id) => taxonomyById(v, id));
  });
  const termQuery = z.object({ ...paging, search: words(200).optional(), taxonomy_id: z.guid().optional() });
  app.get('/api/hsds/taxonomy_terms', list('Taxonomy terms, one page, named in the language asked for where the data has it', termQuery, taxonomyTermJson), async (req) => {
    const q = req.query as z.infer<typeof termQuery>;
    return taxonomyTermsPage(await terms(req), { search: q.search || undefined, taxonomyId: q.taxonomy_id }, pagingOf(q));
  });
  app.get('/api/hsds/taxonomy_terms/:id', one('A taxonomy term', taxonomyTermJson), async (req) => {
    const v = await terms(req);
    return found(req, (id) => taxonomyTermById(v, id));
  });

  const counts = z.object({ organizations: z.number().int(), services: z.number().int(), locations: z.number().int(), phones: z.number().int(), schedules: z.number().int() });
  app.post(
    '/api/hsds/import',
    {
      config: { access: { roles: ['network-coordinator'] } },
      bodyLimit: MAX_IMPORT_BYTES,
      // importHsds checks the body and lists every problem found (422); the schema describes it in the API document.
      validatorCompiler: () => (data) => ({ value: data }),
      schema: {
        summary: 'Import HSDS JSON: an organisation with its services and locations nested, or a list of them. Entries are upserted by id; an invalid file changes nothing. Send the X-CSRF-Token header of a page.',
        tags: [TAG],
        security: [{ session: [] }],
        body: importJson,
        response: { 200: counts, 400: problem, 401: problem, 403: problem, 413: problem, 415: problem, 422: problem },
      },
    },
    async (req, reply) => {
      const result = await importHsds(db(), req.body, req.principal!.id);
      if (result.ok) return result.counts;
      const body: Problem = { type: 'about:blank', title: PROBLEM_TITLES[422]!, status: 422, detail: req.t('directory.import.invalid'), instance: req.id, errors: result.errors };
      return reply.code(422).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify(body));
    },
  );
}
