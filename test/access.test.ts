import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApp } from './helpers.js';
import { hashPassword } from '../src/platform/auth/password.js';
import { grantRole } from '../src/platform/identity/organisations.js';
import { createUser } from '../src/platform/identity/users.js';
import { describeAccess } from '../src/platform/access.js';

/**
 * Every route and who may call it. A new route fails this test until it is added here: access is a
 * decision made on purpose, not a default.
 */
const EXPECTED: Record<string, string> = {
  'GET /guidelines/manage': 'roles:editor|network-coordinator|translator',
  'POST /guidelines/manage': 'roles:editor|network-coordinator',
  'GET /guidelines/manage/:id': 'roles:editor|network-coordinator|translator',
  'POST /guidelines/manage/:id/versions': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/versions/:id/status': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/versions/:id/delete': 'roles:editor|network-coordinator',
  'GET /guidelines/manage/versions/:id': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/versions/:id/chapters': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/chapters/:id/move': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/chapters/:id/remove': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/sections/:id/move': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/sections/:id/remove': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/recommendations/:id/move': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/recommendations/:id/remove': 'roles:editor|network-coordinator',
  'GET /guidelines/manage/chapters/:id': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/chapters/:id': 'roles:editor|network-coordinator',
  'GET /guidelines/manage/sections/:id': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/sections/:id': 'roles:editor|network-coordinator',
  'GET /guidelines/manage/chapters/:id/sections/new': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/chapters/:id/sections': 'roles:editor|network-coordinator',
  'GET /guidelines/manage/sections/:id/recommendations/new': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/sections/:id/recommendations': 'roles:editor|network-coordinator',
  'GET /guidelines/manage/recommendations/:id': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/recommendations/:id': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/recommendations/:id/lessons': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/recommendations/:id/lessons/:lesson/unlink': 'roles:editor|network-coordinator',
  'GET /guidelines/manage/recommendations/:id/history': 'roles:editor|network-coordinator',
  'GET /guidelines/manage/recommendations/:id/history/:revision': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/recommendations/:id/history/:revision/restore': 'roles:editor|network-coordinator',
  'GET /guidelines/manage/versions/:id/translate/:locale': 'roles:editor|network-coordinator|translator',
  'POST /guidelines/manage/versions/:id/translate/:locale': 'roles:editor|network-coordinator|translator',
  'GET /guidelines/:slug/consultation': 'public',
  'POST /guidelines/:slug/consultation': 'signed-in',
  'GET /guidelines/manage/comments': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/comments/:id/answer': 'roles:editor|network-coordinator',
  'POST /guidelines/manage/comments/:id/close': 'roles:editor|network-coordinator',
  'GET /guidelines/manage/versions/:id/comments.csv': 'roles:editor|network-coordinator',
  'GET /guidelines/manage/versions/:id/comments.xlsx': 'roles:editor|network-coordinator',
  'GET /guidelines/:slug/adoption': 'public',
  'GET /guidelines/:slug/adoption/export.csv': 'public',
  'GET /guidelines/:slug/adoption/regions/:regionCode': 'public',
  'GET /guidelines/:slug/adoption/assess': 'signed-in',
  'POST /guidelines/:slug/adoption/assess': 'signed-in',
  'GET /guidelines/:slug/endorsements': 'public',
  'POST /guidelines/:slug/endorsements': 'signed-in',
  'POST /guidelines/:slug/endorsements/:organisationId/withdraw': 'signed-in',
  'GET /guidelines': 'public',
  'GET /guidelines/:slug': 'public',
  'GET /guidelines/:slug/diff': 'public',
  'GET /guidelines/:slug/:label.pdf': 'public',
  'GET /guidelines/:slug/:label': 'public',
  'GET /guidelines/:slug/:label/recommendations/:identifier': 'public',
  'GET /guidelines/:slug/:label/recommendations/:identifier/cite.ris': 'public',
  'GET /guidelines/:slug/:label/recommendations/:identifier/cite.bib': 'public',
  'GET /networks': 'public',
  'GET /networks/:slug': 'public',
  'GET /networks/new': 'roles:administrator',
  'POST /networks/new': 'roles:administrator',
  'GET /networks/regions': 'roles:administrator',
  'POST /networks/regions': 'roles:administrator',
  'GET /networks/:slug/space': 'signed-in',
  'GET /networks/:slug/meetings/:id': 'signed-in',
  'GET /networks/:slug/meetings/:id.ics': 'signed-in',
  'GET /networks/:slug/agreements/:id/file': 'signed-in',
  'POST /networks/:slug/actions/:id/done': 'signed-in',
  'GET /networks/:slug/edit': 'signed-in',
  'POST /networks/:slug/edit': 'signed-in',
  'GET /networks/:slug/members': 'signed-in',
  'POST /networks/:slug/members': 'signed-in',
  'POST /networks/:slug/members/:organisation': 'signed-in',
  'GET /networks/:slug/meetings/new': 'signed-in',
  'POST /networks/:slug/meetings/new': 'signed-in',
  'GET /networks/:slug/meetings/:id/edit': 'signed-in',
  'POST /networks/:slug/meetings/:id/edit': 'signed-in',
  'POST /networks/:slug/meetings/:id/attendance': 'signed-in',
  'POST /networks/:slug/meetings/:id/decisions': 'signed-in',
  'POST /networks/:slug/meetings/:id/actions': 'signed-in',
  'GET /networks/:slug/agreements/new': 'signed-in',
  'POST /networks/:slug/agreements/new': 'signed-in',
  'GET /networks/:slug/news/new': 'signed-in',
  'POST /networks/:slug/news/new': 'signed-in',
  'GET /assets/:name': 'public',
  'GET /sw.js': 'public',
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'metrics',
  'GET /api/openapi.json': 'public',
  'GET /api/me': 'signed-in',
  'GET /api/organisations': 'signed-in',
  'GET /': 'public',
  'GET /projects': 'public',
  'GET /projects/:project': 'public',
  'GET /projects/:project/:page': 'public',
  'GET /pages/:page': 'public',
  'GET /organisations/:id': 'public',
  'GET /news': 'public',
  'GET /news/:slug': 'public',
  'GET /news/feed.xml': 'public',
  'GET /news/feed.atom': 'public',
  'GET /news/feed.json': 'public',
  'GET /projects/:project/news/feed.xml': 'public',
  'GET /projects/:project/news/feed.atom': 'public',
  'GET /projects/:project/news/feed.json': 'public',
  'GET /sitemap.xml': 'public',
  'GET /search': 'public',
  'GET /directory': 'public',
  'GET /directory/export.csv': 'public',
  'GET /directory/services/:id': 'public',
  'GET /directory/verify/:token': 'public',
  'POST /directory/verify/:token': 'public',
  'GET /directory/verify/:token/services/:id': 'public',
  'POST /directory/verify/:token/services/:id': 'public',
  'GET /api/hsds/': 'public',
  'GET /api/hsds/services': 'public',
  'GET /api/hsds/services/:id': 'public',
  'GET /api/hsds/organizations': 'public',
  'GET /api/hsds/organizations/:id': 'public',
  'GET /api/hsds/locations': 'public',
  'GET /api/hsds/locations/:id': 'public',
  'GET /api/hsds/service_at_locations': 'public',
  'GET /api/hsds/service_at_locations/:id': 'public',
  'GET /api/hsds/taxonomies': 'public',
  'GET /api/hsds/taxonomies/:id': 'public',
  'GET /api/hsds/taxonomy_terms': 'public',
  'GET /api/hsds/taxonomy_terms/:id': 'public',
  'GET /directory/services/:id/propose': 'signed-in',
  'POST /directory/services/:id/propose': 'signed-in',
  'GET /directory/manage': 'roles:network-coordinator',
  'GET /directory/manage/proposals/:id': 'roles:network-coordinator',
  'POST /directory/manage/proposals/:id': 'roles:network-coordinator',
  'GET /directory/manage/services/:id': 'roles:network-coordinator',
  'POST /directory/manage/services/:id': 'roles:network-coordinator',
  'POST /directory/manage/services/:id/verified': 'roles:network-coordinator',
  'GET /directory/manage/services/:id/history': 'roles:network-coordinator',
  'GET /directory/manage/services/:id/history/:revision': 'roles:network-coordinator',
  'POST /directory/manage/services/:id/history/:revision/restore': 'roles:network-coordinator',
  'GET /directory/manage/organizations/:id': 'roles:network-coordinator',
  'POST /directory/manage/organizations/:id': 'roles:network-coordinator',
  'POST /directory/manage/organizations/:id/request': 'roles:network-coordinator',
  'GET /directory/manage/import': 'roles:network-coordinator',
  'GET /directory/manage/organizations/new': 'roles:network-coordinator',
  'POST /directory/manage/organizations/new': 'roles:network-coordinator',
  'GET /directory/manage/organizations/:id/services/new': 'roles:network-coordinator',
  'POST /directory/manage/organizations/:id/services/new': 'roles:network-coordinator',
  'POST /directory/manage/import': 'roles:network-coordinator',
  'POST /api/hsds/import': 'roles:network-coordinator',
  'GET /robots.txt': 'public',
  'GET /editor/news': 'roles:editor',
  'GET /editor/news/new': 'roles:editor',
  'POST /editor/news/new': 'roles:editor',
  'GET /editor/news/:id': 'roles:editor',
  'POST /editor/news/:id/text': 'roles:editor',
  'POST /editor/news/:id/meta': 'roles:editor',
  'POST /editor/news/:id/state': 'roles:editor',
  'GET /editor/news/:id/preview': 'roles:editor',
  'GET /editor/news/:id/history': 'roles:editor',
  'GET /editor/news/:id/history/:revision': 'roles:editor',
  'POST /editor/news/:id/history/:revision/restore': 'roles:editor',
  'GET /editor/pages': 'roles:editor',
  'GET /editor/pages/new': 'roles:editor',
  'POST /editor/pages/new': 'roles:editor',
  'GET /editor/pages/:id': 'roles:editor',
  'POST /editor/pages/:id/text': 'roles:editor',
  'POST /editor/pages/:id/meta': 'roles:editor',
  'GET /editor/pages/:id/history': 'roles:editor',
  'GET /editor/pages/:id/history/:revision': 'roles:editor',
  'POST /editor/pages/:id/history/:revision/restore': 'roles:editor',
  'GET /documents': 'public',
  'GET /dissemination': 'public',
  'GET /documents/:slug': 'public',
  'GET /documents/:slug/files/:file': 'public',
  'GET /documents/feed.xml': 'public',
  'GET /documents/feed.atom': 'public',
  'GET /documents/feed.json': 'public',
  'GET /projects/:project/documents/feed.xml': 'public',
  'GET /projects/:project/documents/feed.atom': 'public',
  'GET /projects/:project/documents/feed.json': 'public',
  'GET /editor/documents': 'roles:editor',
  'GET /editor/documents/new': 'roles:editor',
  'POST /editor/documents/new': 'roles:editor',
  'GET /editor/documents/:id': 'roles:editor',
  'POST /editor/documents/:id/text': 'roles:editor',
  'POST /editor/documents/:id/meta': 'roles:editor',
  'POST /editor/documents/:id/files': 'roles:editor',
  'POST /editor/documents/:id/state': 'roles:editor',
  'GET /editor/documents/:id/preview': 'roles:editor',
  'GET /editor/documents/:id/history': 'roles:editor',
  'GET /editor/documents/:id/history/:revision': 'roles:editor',
  'POST /editor/documents/:id/history/:revision/restore': 'roles:editor',
  'GET /editor/media': 'roles:editor',
  'POST /editor/media': 'roles:editor',
  'GET /editor/media/:id': 'roles:editor',
  'POST /editor/media/:id/alt': 'roles:editor',
  'POST /editor/media/:id/delete': 'roles:editor',
  'GET /media/:id/:file': 'public',
  'GET /editor/dissemination': 'roles:editor',
  'POST /editor/dissemination': 'roles:editor',
  'POST /editor/dissemination/:id/delete': 'roles:editor',
  'GET /events': 'public',
  'GET /events/:slug': 'public',
  'GET /events/:slug/calendar.ics': 'public',
  'GET /events/calendar.ics': 'public',
  'GET /projects/:project/events/calendar.ics': 'public',
  'POST /events/:slug/register': 'public',
  'GET /events/registrations/:token': 'public',
  'POST /events/registrations/:token/cancel': 'public',
  'GET /editor/events': 'roles:editor',
  'GET /editor/events/new': 'roles:editor',
  'POST /editor/events/new': 'roles:editor',
  'GET /editor/events/:id': 'roles:editor',
  'POST /editor/events/:id/text': 'roles:editor',
  'POST /editor/events/:id/meta': 'roles:editor',
  'POST /editor/events/:id/state': 'roles:editor',
  'POST /editor/events/:id/materials': 'roles:editor',
  'POST /editor/events/:id/materials/:document/delete': 'roles:editor',
  'GET /editor/events/:id/preview': 'roles:editor',
  'GET /editor/events/:id/registrations': 'roles:editor',
  'POST /editor/events/:id/registrations/:registration/cancel': 'roles:editor',
  'GET /editor/events/:id/registrations.csv': 'roles:editor',
  'GET /editor/events/:id/registrations.xlsx': 'roles:editor',
  'GET /newsletter': 'public',
  'POST /newsletter': 'public',
  'GET /newsletter/confirm/:token': 'public',
  'POST /newsletter/confirm/:token': 'public',
  'GET /newsletter/manage/:token': 'public',
  'POST /newsletter/manage/:token': 'public',
  'POST /newsletter/manage/:token/unsubscribe': 'public',
  'POST /newsletter/manage/:token/erase': 'public',
  'GET /newsletter/manage/:token/consent.json': 'public',
  'GET /newsletter/unsubscribe/:token': 'public',
  'POST /newsletter/unsubscribe/:token': 'public',
  'GET /editor/newsletter/subscribers': 'roles:editor',
  'GET /editor/newsletter/subscribers/:id': 'roles:editor',
  'GET /editor/newsletter/subscribers/:id/consent.json': 'roles:editor',
  'POST /editor/newsletter/subscribers/:id/unsubscribe': 'roles:editor',
  'POST /editor/newsletter/subscribers/:id/erase': 'roles:editor',
  'GET /newsletter/archive': 'public',
  'GET /newsletter/archive/:slug': 'public',
  'GET /newsletter/go/:id/:kind/:slug': 'public',
  'GET /editor/newsletter/campaigns': 'roles:editor',
  'GET /editor/newsletter/campaigns/new': 'roles:editor',
  'POST /editor/newsletter/campaigns/new': 'roles:editor',
  'GET /editor/newsletter/campaigns/:id': 'roles:editor',
  'POST /editor/newsletter/campaigns/:id/text': 'roles:editor',
  'POST /editor/newsletter/campaigns/:id/items': 'roles:editor',
  'POST /editor/newsletter/campaigns/:id/items/:kind/:slug/delete': 'roles:editor',
  'POST /editor/newsletter/campaigns/:id/clicks': 'roles:editor',
  'POST /editor/newsletter/campaigns/:id/segment': 'roles:editor',
  'GET /editor/newsletter/campaigns/:id/preview': 'roles:editor',
  'POST /editor/newsletter/campaigns/:id/test': 'roles:editor',
  'POST /editor/newsletter/campaigns/:id/schedule': 'roles:editor',
  'GET /editor/newsletter/subscribers.csv': 'roles:editor',
  'GET /editor/newsletter/subscribers.xlsx': 'roles:editor',
  'GET /editor/newsletter/import': 'roles:editor',
  'POST /editor/newsletter/import': 'roles:editor',
  'POST /api/newsletter/events': 'public',
  'GET /training': 'public',
  'GET /training/paths/:profession': 'public',
  'GET /training/courses/:slug': 'public',
  'POST /training/courses/:slug/enrol': 'signed-in',
  'GET /learn': 'signed-in',
  'GET /learn/:slug': 'signed-in',
  'GET /learn/:slug/lessons/:lesson': 'signed-in',
  'GET /learn/:slug/lessons/:lesson/captions/:block/:file': 'signed-in',
  'POST /learn/light': 'signed-in',
  'GET /training/files/:id': 'signed-in',
  'POST /learn/:slug/lessons/:lesson/complete': 'signed-in',
  'GET /learn/:slug/tests/:kind': 'signed-in',
  'POST /learn/:slug/tests/:kind/start': 'signed-in',
  'GET /learn/:slug/attempts/:attempt': 'signed-in',
  'POST /learn/:slug/attempts/:attempt': 'signed-in',
  'POST /api/learning/time': 'signed-in',
  'GET /trainer': 'roles:trainer',
  'GET /trainer/cohorts/new': 'roles:trainer',
  'POST /trainer/cohorts/new': 'roles:trainer',
  'GET /trainer/cohorts/:id': 'roles:trainer',
  'GET /trainer/courses/:id/report': 'roles:trainer',
  'GET /trainer/courses/:id/report.csv': 'roles:trainer',
  'GET /trainer/courses/:id/report.xlsx': 'roles:trainer',
  'GET /trainer/grading': 'roles:trainer',
  'GET /trainer/grading/:attempt': 'roles:trainer',
  'POST /trainer/grading/:attempt': 'roles:trainer',
  'GET /trainer/sessions/new': 'roles:trainer',
  'POST /trainer/sessions/new': 'roles:trainer',
  'GET /trainer/sessions/:id': 'roles:trainer',
  'POST /trainer/sessions/:id/attendance': 'roles:trainer',
  'GET /trainer/sessions/:id/attend/:enrolment/:token': 'roles:trainer',
  'POST /trainer/sessions/:id/attend/:enrolment/:token': 'roles:trainer',
  'GET /learn/:slug/sessions/:session': 'signed-in',
  'POST /learn/:slug/sessions/:session/register': 'signed-in',
  'POST /learn/:slug/sessions/:session/cancel': 'signed-in',
  'GET /training/join': 'signed-in',
  'POST /training/join': 'signed-in',
  'GET /learn/:slug/questionnaires/:kind': 'signed-in',
  'POST /learn/:slug/questionnaires/:kind': 'signed-in',
  'GET /learn/certificates/:code/pdf': 'signed-in',
  'GET /certificates': 'public',
  'GET /certificates/:code': 'public',
  'POST /certificates/:code/revoke': 'roles:administrator',
  'GET /author/courses': 'roles:course-author',
  'GET /author/courses/new': 'roles:course-author',
  'POST /author/courses/new': 'roles:course-author',
  'GET /author/courses/:id': 'roles:course-author',
  'POST /author/courses/:id/text': 'roles:course-author',
  'POST /author/courses/:id/facts': 'roles:course-author',
  'POST /author/courses/:id/audience': 'roles:course-author',
  'POST /author/courses/:id/publish': 'roles:course-author',
  'POST /author/courses/:id/modules': 'roles:course-author',
  'GET /author/courses/:id/modules/:module': 'roles:course-author',
  'POST /author/courses/:id/modules/:module': 'roles:course-author',
  'POST /author/courses/:id/modules/:module/move': 'roles:course-author',
  'POST /author/courses/:id/modules/:module/delete': 'roles:course-author',
  'POST /author/courses/:id/modules/:module/lessons': 'roles:course-author',
  'GET /author/courses/:id/lessons/:lesson': 'roles:course-author',
  'POST /author/courses/:id/lessons/:lesson': 'roles:course-author',
  'POST /author/courses/:id/lessons/:lesson/move': 'roles:course-author',
  'POST /author/courses/:id/lessons/:lesson/delete': 'roles:course-author',
  'GET /author/courses/:id/lessons/:lesson/blocks/new': 'roles:course-author',
  'POST /author/courses/:id/lessons/:lesson/blocks/new': 'roles:course-author',
  'GET /author/courses/:id/blocks/:block': 'roles:course-author',
  'POST /author/courses/:id/blocks/:block': 'roles:course-author',
  'POST /author/courses/:id/blocks/:block/move': 'roles:course-author',
  'POST /author/courses/:id/blocks/:block/delete': 'roles:course-author',
  'GET /author/courses/:id/preview/lessons/:lesson': 'roles:course-author',
  'GET /author/courses/:id/preview/lessons/:lesson/captions/:block/:file': 'roles:course-author',
  'GET /author/courses/:id/questions': 'roles:course-author',
  'GET /author/courses/:id/questions/new': 'roles:course-author',
  'POST /author/courses/:id/questions/new': 'roles:course-author',
  'GET /author/courses/:id/questions/:question': 'roles:course-author',
  'POST /author/courses/:id/questions/:question': 'roles:course-author',
  'POST /author/courses/:id/questions/:question/retire': 'roles:course-author',
  'GET /author/courses/:id/tests/:kind': 'roles:course-author',
  'POST /author/courses/:id/tests/:kind': 'roles:course-author',
  'GET /author/translations': 'roles:course-author|translator',
  'GET /author/courses/:id/translate': 'roles:course-author|translator',
  'GET /author/courses/:id/translate/:kind/:item': 'roles:course-author|translator',
  'POST /author/courses/:id/translate/:kind/:item': 'roles:course-author|translator',
  'POST /author/courses/:id/translate/:kind/:item/review': 'roles:course-author|translator',
  'POST /language': 'public',
  'GET /signup': 'public',
  'POST /signup': 'public',
  'GET /signup/sent': 'public',
  'GET /verify/:token': 'public',
  'POST /verify/:token': 'public',
  'GET /signin': 'public',
  'POST /signin': 'public',
  'GET /signin/second-factor': 'mfa-pending',
  'POST /signin/second-factor': 'mfa-pending',
  'POST /signout': 'public',
  'GET /password/forgot': 'public',
  'POST /password/forgot': 'public',
  'GET /password/reset/:token': 'public',
  'POST /password/reset/:token': 'public',
  'GET /account': 'signed-in',
  'POST /account': 'signed-in',
  'GET /account/email': 'signed-in',
  'POST /account/email': 'signed-in',
  'GET /account/email/confirm/:token': 'signed-in',
  'POST /account/email/confirm/:token': 'signed-in',
  'GET /account/password': 'signed-in',
  'POST /account/password': 'signed-in',
  'GET /account/security': 'signed-in',
  'GET /account/security/totp': 'signed-in',
  'POST /account/security/totp': 'signed-in',
  'POST /account/security/recovery-codes': 'signed-in',
  'GET /account/sessions': 'signed-in',
  'POST /account/sessions/:id/end': 'signed-in',
  'POST /account/sessions/end-others': 'signed-in',
  'GET /account/data': 'signed-in',
  'GET /account/export': 'signed-in',
  'POST /account/delete': 'signed-in',
  'GET /admin': 'roles:administrator',
  'GET /admin/users': 'roles:administrator',
  'GET /admin/users/:id': 'roles:administrator',
  'POST /admin/users/:id/roles': 'roles:administrator',
  'POST /admin/users/:id/roles/revoke': 'roles:administrator',
  'POST /admin/users/:id/status': 'roles:administrator',
  'GET /admin/organisations': 'roles:administrator',
  'GET /admin/organisations/new': 'roles:administrator',
  'POST /admin/organisations/new': 'roles:administrator',
  'GET /admin/organisations/:id': 'roles:administrator',
  'POST /admin/organisations/:id': 'roles:administrator',
  'GET /admin/roles': 'roles:administrator',
  'POST /admin/roles': 'roles:administrator',
  'GET /admin/outbox': 'roles:administrator',
  'GET /admin/outbox/:id': 'roles:administrator',
  'POST /admin/outbox/:id/requeue': 'roles:administrator',
  'GET /admin/jobs': 'roles:administrator',
  'GET /admin/audit': 'roles:administrator',
};

let ctx: Awaited<ReturnType<typeof testApp>>;
const clients: Record<'anonymous' | 'learner' | 'administrator', Client> = {} as never;

beforeAll(async () => {
  ctx = await testApp();
  const db = ctx.platform.database.db;
  for (const role of ['learner', 'administrator'] as const) {
    const u = await createUser(db, { email: `${role}@example.org`, name: role, passwordHash: await hashPassword('lantern river pepper', 14), verified: true });
    await grantRole(db, u.id, role, null);
    const c = new Client(ctx.app);
    await c.get('/signin');
    await c.post('/signin', { email: `${role}@example.org`, password: 'lantern river pepper' });
    clients[role] = c;
  }
  clients.anonymous = new Client(ctx.app);
});
afterAll(async () => ctx?.close());

const registered = () =>
  Object.fromEntries(
    ctx.app.routeTable.filter((r) => r.method !== 'HEAD').map((r) => [`${r.method} ${r.url}`, r.access ? describeAccess(r.access) : 'MISSING']),
  );

describe('access control', () => {
  it('declares who may call every registered route, exactly as expected', () => {
    expect(registered()).toEqual(EXPECTED);
  });

  it('refuses to register a route without a declaration', async () => {
    const { buildApp } = await import('../src/platform/http/app.js');
    await expect(buildApp(ctx.platform, [{ name: 'careless', routes: (app) => void app.get('/careless', async () => 'open') }])).rejects.toThrow(
      /GET \/careless has no access declaration/,
    );
  });

  // Each GET page without parameters, as each kind of caller: the answer follows from its declaration.
  const expectedStatus = (access: string, who: keyof typeof clients, path: string): number[] => {
    if (access === 'public') {
      if (who !== 'anonymous' && (path === '/signup' || path === '/signin')) return [303];
      return [200];
    }
    if (access === 'metrics') return [403];
    if (access === 'mfa-pending') return [303];
    if (who === 'anonymous') return path.startsWith('/api/') ? [401] : [303];
    if (access === 'signed-in') return [200];
    return who === 'administrator' ? [200] : [403];
  };

  for (const who of ['anonymous', 'learner', 'administrator'] as const) {
    it(`answers every parameterless page as its declaration says, for ${who}`, async () => {
      const results: string[] = [];
      for (const [key, access] of Object.entries(EXPECTED)) {
        const [method, path] = key.split(' ') as [string, string];
        if (method !== 'GET' || path.includes(':')) continue;
        const res = await clients[who].get(path);
        const want = expectedStatus(access, who, path);
        if (!want.includes(res.statusCode)) results.push(`${path}: got ${res.statusCode}, want ${want.join('|')}`);
      }
      expect(results).toEqual([]);
    });
  }

  // RFC 8058 one-click unsubscribe is posted by mail programs, without cookies or token; the link's own
  // keyed hash is what authorises it, so an unknown link changes nothing (404).
  // The bounce webhook is called by the mail service with a bearer secret instead: without it, 401.
  const CSRF_EXEMPT = new Map([
    ['POST /newsletter/unsubscribe/:token', 404],
    ['POST /api/newsletter/events', 401],
  ]);

  it('refuses every state-changing route without a CSRF token, whoever calls', async () => {
    const failures: string[] = [];
    for (const key of Object.keys(EXPECTED)) {
      const [method, path] = key.split(' ') as [string, string];
      if (method !== 'POST') continue;
      const url = path.replace(/:[a-z]+/g, '00000000-0000-4000-8000-000000000000');
      for (const who of ['anonymous', 'administrator'] as const) {
        const res = await clients[who].request('POST', url, { any: 'thing' });
        if (CSRF_EXEMPT.has(key)) {
          if (res.statusCode !== CSRF_EXEMPT.get(key)) failures.push(`${who} ${url}: ${res.statusCode} (exempt route must refuse callers without their own credential)`);
          continue;
        }
        // 403 from the CSRF check, or earlier from access control (a redirect to sign in, or 401/403).
        if (![401, 403, 303].includes(res.statusCode)) failures.push(`${who} ${url}: ${res.statusCode}`);
        if (res.statusCode === 200) failures.push(`${who} ${url}: accepted`);
      }
    }
    expect(failures).toEqual([]);
  });
});
