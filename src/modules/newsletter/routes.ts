import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod';
import type { Module } from '../../platform/http/app.js';
import { HttpError } from '../../platform/http/errors.js';
import { email, pageParam, parseForm, type UploadedFile } from '../../platform/http/forms.js';
import { safeEqual } from '../../platform/auth/crypto.js';
import { readCsv } from '../../platform/spreadsheet.js';
import { isCountry } from '../../platform/i18n/countries.js';
import { isLocale, LOCALES, translator, type Locale } from '../../platform/i18n/index.js';
import { PROFESSIONS } from '../../platform/identity/users.js';
import { addNav, type Platform } from '../../platform/platform.js';
import { registerPersonalData } from '../../platform/personal-data.js';
import { listProjects } from '../portal/service.js';
import { DISPATCH_QUEUE, dispatchJob, resumeSending, START_QUEUE, startDue } from './campaigns.js';
import { campaignRoutes } from './campaign-routes.js';
import { TOPICS } from './schema.js';
import { newsletterPersonalData } from './personal-data.js';
import {
  applyRetention,
  checkConfirmation,
  confirm,
  consentRecord,
  consentRecordJson,
  erase,
  exportSubscribers,
  importSubscribers,
  listSubscribers,
  monthlyFigures,
  recordDeliveryEvents,
  manageToken,
  savePreferences,
  signUp,
  subscriberByManageToken,
  subscriberCounts,
  TooMany,
  touch,
  unsubscribe,
  type DeliveryEventType,
  type Subscriber,
  type SubscriberFilters,
  type Topic,
} from './service.js';
import { ConfirmPage, EditorSubscriber, EditorSubscribers, ImportPage, ManagePage, MessagePage, SignUpPage } from './views/newsletter.js';
import { contentDisposition } from '../../platform/storage.js';

export const RETENTION_QUEUE = 'newsletter.retention';
const PAGE_SIZE = 50;
const STATUSES = ['pending', 'active', 'unsubscribed', 'bounced', 'complained'] as const;
const BOUNCE_TYPES = ['hard-bounce', 'soft-bounce', 'complaint', 'unsubscribe'] as const;
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional(), instance: z.string().optional() });

/** Repeated checkboxes arrive as a string or an array; only known values are kept. */
const many = <T extends string>(v: unknown, allowed: readonly T[]): T[] => [...new Set(([] as unknown[]).concat(v ?? []).filter((x): x is T => typeof x === 'string' && allowed.includes(x as T)))];

/** Pages behind personal links: never cached, never leaking the link through the Referer header. */
const privateLink = (reply: FastifyReply) => reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');

/** The newsletter: double opt-in sign-up with a consent ledger, preferences and one-click unsubscribe, and the editors' list. */
export const newsletterModule: Module = {
  name: 'newsletter',
  setup(p) {
    registerPersonalData(p, 'newsletter', newsletterPersonalData);
    p.jobs.define({ name: RETENTION_QUEUE, schedule: '17 3 * * *', retryLimit: 3, handler: async () => void (await applyRetention(p.database.db, p.config.newsletter)) });
    // Scheduled campaigns: a job at the time, and a sweep every minute in case one was lost or a sender died.
    p.jobs.define({
      name: START_QUEUE,
      schedule: '* * * * *',
      retryLimit: 3,
      handler: async () => {
        await startDue(p);
        await resumeSending(p);
      },
    });
    p.jobs.define<{ id: string }>({ name: DISPATCH_QUEUE, retryLimit: 10, handler: dispatchJob(p) });
  },
  routes(app, p: Platform) {
    addNav(p.navigation.footer, { href: '/newsletter', labelKey: 'newsletter.title' });
    addNav(p.navigation.primary, { href: '/editor/newsletter/campaigns', labelKey: 'newsletter.campaign.title', role: 'editor' });
    addNav(p.navigation.primary, { href: '/editor/newsletter/subscribers', labelKey: 'newsletter.editor.title', role: 'editor' });
    campaignRoutes(app, p);
    const pub = { config: { access: 'public' as const } };
    const editors = { config: { access: { roles: ['editor'] as const } } };
    const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
    const projectOptions = async (locale: Locale) => (await listProjects(p.database.db, locale)).map((x) => ({ id: x.id, slug: x.slug, label: `${x.acronym} · ${x.text.value.name}` }));

    // Sign-up, site-wide or for one project (`?project=slug`, from the project's pages).
    const signUpPage = async (req: FastifyRequest, extra: { values?: Record<string, string | string[]>; errors?: Record<string, string> } = {}) => {
      const projects = await projectOptions(req.locale);
      const slug = typeof q(req).project === 'string' ? (q(req).project as string) : typeof (req.body as Record<string, unknown>)?.project === 'string' ? ((req.body as Record<string, unknown>).project as string) : '';
      const project = projects.find((x) => x.slug === slug) ?? null;
      const values = extra.values ?? { locale: req.locale, projects: project ? [project.id] : [], topics: [...TOPICS] };
      return h(SignUpPage, { projects, project, values, errors: extra.errors ?? {} });
    };
    app.get('/newsletter', pub, async (req, reply) => reply.page(await signUpPage(req)));
    app.post('/newsletter', pub, async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const form = parseForm(z.object({ email: email(), locale: z.enum(LOCALES, { message: 'errors.choose' }), consent: z.literal('on', { message: 'errors.newsletterConsent' }) }), body);
      const projects = await projectOptions(req.locale);
      const chosen = { projects: many(body.projects, projects.map((x) => x.id)), topics: many(body.topics, TOPICS) };
      if (!form.ok) return reply.page(await signUpPage(req, { values: { ...form.values, ...chosen }, errors: form.errors }), { status: 400 });
      const project = projects.find((x) => x.slug === body.project);
      try {
        await signUp(p, {
          email: form.data.email,
          locale: form.data.locale,
          ...chosen,
          consentText: translator(req.locale)('newsletter.consent'),
          consentLocale: req.locale,
          form: project ? `project:${project.slug}` : 'site',
          page: project ? `/newsletter?project=${project.slug}` : '/newsletter',
          ip: req.ip,
        });
      } catch (err) {
        if (err instanceof TooMany) throw new HttpError(429, 'error.429.body', String(err.retryAfterSeconds));
        throw err;
      }
      return reply.page(h(MessagePage, { titleKey: 'newsletter.sent.title', bodyKey: 'newsletter.sent.body', values: { email: form.data.email } }));
    });

    // Confirmation: the link opens a page, and only its button confirms, so that a link scanner cannot subscribe anyone.
    const confirmation = async (req: FastifyRequest) => {
      const token = (req.params as { token: string }).token;
      const s = await checkConfirmation(p, token);
      if (!s) throw new HttpError(404, 'newsletter.errors.link');
      return { s, token };
    };
    app.get('/newsletter/confirm/:token', pub, async (req, reply) => {
      const { s, token } = await confirmation(req);
      return privateLink(reply).page(h(ConfirmPage, { email: s.email, token, already: s.status === 'active' }));
    });
    app.post('/newsletter/confirm/:token', pub, async (req, reply) => {
      const { token } = await confirmation(req);
      const s = await confirm(p, token, req.ip);
      if (!s) throw new HttpError(404, 'newsletter.errors.link');
      return privateLink(reply).page(h(MessagePage, { titleKey: 'newsletter.confirmed.title', bodyKey: 'newsletter.confirmed.body', link: { href: `/newsletter/manage/${manageToken(p, s.id)}`, labelKey: 'newsletter.manage.title' } }));
    });

    // Preferences, reached from every e-mail.
    const managed = async (req: FastifyRequest) => {
      const token = (req.params as { token: string }).token;
      const s = await subscriberByManageToken(p, token);
      if (!s) throw new HttpError(404, 'newsletter.errors.link');
      return { s, token };
    };
    const managePage = async (req: FastifyRequest, s: Subscriber, token: string, extra: { values?: Record<string, string | string[]>; errors?: Record<string, string>; saved?: boolean } = {}) =>
      h(ManagePage, {
        subscriber: s,
        token,
        projects: await projectOptions(req.locale),
        values: extra.values ?? { locale: s.locale, projects: s.projects, topics: s.topics, country: s.country ?? '', profession: s.profession ?? '' },
        errors: extra.errors ?? {},
        saved: extra.saved ?? false,
      });
    app.get('/newsletter/manage/:token', pub, async (req, reply) => {
      const { s, token } = await managed(req);
      await touch(p, s.id);
      return privateLink(reply).page(await managePage(req, s, token, { saved: q(req).saved === '1' }));
    });
    app.post('/newsletter/manage/:token', pub, async (req, reply) => {
      const { s, token } = await managed(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const form = parseForm(
        z.object({
          locale: z.enum(LOCALES, { message: 'errors.choose' }),
          country: z.union([z.literal(''), z.string().refine(isCountry)], { message: 'errors.choose' }).optional(),
          profession: z.union([z.literal(''), z.enum(PROFESSIONS, { message: 'errors.choose' })]).optional(),
        }),
        body,
      );
      const chosen = { projects: many(body.projects, (await projectOptions(req.locale)).map((x) => x.id)), topics: many(body.topics, TOPICS) as Topic[] };
      if (!form.ok) return privateLink(reply).page(await managePage(req, s, token, { values: { ...form.values, ...chosen }, errors: form.errors }), { status: 400 });
      await savePreferences(p, s.id, { locale: form.data.locale, country: form.data.country || null, profession: form.data.profession || null, ...chosen }, req.ip);
      return reply.redirect(`/newsletter/manage/${token}?saved=1`, 303);
    });
    app.post('/newsletter/manage/:token/unsubscribe', pub, async (req, reply) => {
      const { s } = await managed(req);
      await unsubscribe(p, s.id, 'preferences', req.ip);
      return privateLink(reply).page(h(MessagePage, { titleKey: 'newsletter.unsubscribed.title', bodyKey: 'newsletter.unsubscribed.body' }));
    });
    app.post('/newsletter/manage/:token/erase', pub, async (req, reply) => {
      const { s } = await managed(req);
      await erase(p, s.id, { actorId: null, requestId: req.id });
      return privateLink(reply).page(h(MessagePage, { titleKey: 'newsletter.erased.title', bodyKey: 'newsletter.erased.body' }));
    });
    app.get('/newsletter/manage/:token/consent.json', pub, async (req, reply) => {
      const { s } = await managed(req);
      return privateLink(reply)
        .header('content-disposition', contentDisposition('attachment', 'newsletter-consent.json'))
        .send(consentRecordJson((await consentRecord(p.database.db, s.id))!));
    });

    /**
     * Unsubscribing. A POST (RFC 8058 one-click, sent by the mail client from the List-Unsubscribe header, without
     * cookies or CSRF token) unsubscribes at once. The visible link does so too when a person follows it (the
     * browser says so with Sec-Fetch-User: ?1); a link scanner or prefetcher gets the page with a button instead.
     */
    const unsubscribeRoute = async (req: FastifyRequest, reply: FastifyReply, channel: 'one-click' | 'link') => {
      const token = (req.params as { token: string }).token;
      const s = await subscriberByManageToken(p, token);
      if (!s) throw new HttpError(404, 'newsletter.errors.link');
      await unsubscribe(p, s.id, channel, req.ip);
      return privateLink(reply).page(h(MessagePage, { titleKey: 'newsletter.unsubscribed.title', bodyKey: 'newsletter.unsubscribed.body', link: { href: '/newsletter', labelKey: 'newsletter.resubscribe' } }));
    };
    app.post('/newsletter/unsubscribe/:token', { config: { access: 'public', csrf: false } }, async (req, reply) => unsubscribeRoute(req, reply, (req.body as Record<string, unknown>)?.via === 'page' ? 'link' : 'one-click'));
    app.get('/newsletter/unsubscribe/:token', pub, async (req, reply) => {
      if (req.headers['sec-fetch-user'] === '?1' && req.headers['sec-fetch-mode'] === 'navigate') return unsubscribeRoute(req, reply, 'link');
      const token = (req.params as { token: string }).token;
      if (!(await subscriberByManageToken(p, token))) throw new HttpError(404, 'newsletter.errors.link');
      return privateLink(reply).page(h(MessagePage, { titleKey: 'newsletter.unsubscribe.title', bodyKey: 'newsletter.unsubscribe.body', form: { action: `/newsletter/unsubscribe/${token}`, labelKey: 'newsletter.unsubscribe.button' } }));
    });

    // Editors: subscribers, their consent records, erasure.
    app.get('/editor/newsletter/subscribers', editors, async (req, reply) => {
      const f: SubscriberFilters = {
        q: typeof q(req).q === 'string' && (q(req).q as string).length <= 254 ? (q(req).q as string).trim() || undefined : undefined,
        status: STATUSES.find((x) => x === q(req).status),
        locale: isLocale(q(req).language) ? (q(req).language as string) : undefined,
      };
      const page = pageParam(q(req).page);
      const { total, rows } = await listSubscribers(p.database.db, f, page, PAGE_SIZE);
      return reply.header('cache-control', 'no-store').page(h(EditorSubscribers, { rows, total, page, pageSize: PAGE_SIZE, filters: f, counts: await subscriberCounts(p.database.db), months: await monthlyFigures(p.database.db), notice: q(req).notice === 'erased' ? 'erased' : null }));
    });
    const record = async (req: FastifyRequest) => {
      const id = (req.params as { id: string }).id;
      const r = z.string().uuid().safeParse(id).success ? await consentRecord(p.database.db, id) : null;
      if (!r) throw new HttpError(404, 'error.404.body');
      return r;
    };
    for (const format of ['csv', 'xlsx'] as const) {
      app.get(`/editor/newsletter/subscribers.${format}`, editors, async (req, reply) =>
        reply
          .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', contentDisposition('attachment', `newsletter-subscribers.${format}`))
          .header('cache-control', 'no-store')
          .send(await exportSubscribers(p, format, { actorId: req.principal!.id, requestId: req.id })),
      );
    }
    app.get('/editor/newsletter/import', editors, async (_req, reply) => reply.page(h(ImportPage, { kind: 'subscribers' })));
    app.post('/editor/newsletter/import', { config: { access: { roles: ['editor'] as const }, multipartOptions: { limits: { fileSize: 10 * 1024 * 1024, files: 1 } } } }, async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const kind = body.kind === 'bounces' ? 'bounces' : 'subscribers';
      const file = body.file as UploadedFile | undefined;
      if (!file?.data?.length) return reply.page(h(ImportPage, { kind, errors: { file: 'errors.file' } }), { status: 400 });
      let rows: Record<string, string>[];
      try {
        rows = await readCsv(file.data);
      } catch {
        return reply.page(h(ImportPage, { kind, errors: { file: 'newsletter.import.unreadable' } }), { status: 400 });
      }
      if (kind === 'bounces') {
        const events = rows.filter((r) => r.email && (BOUNCE_TYPES as readonly string[]).includes(r.type ?? '')).map((r) => ({ email: r.email!, type: r.type as DeliveryEventType }));
        const r = await recordDeliveryEvents(p, events);
        return reply.page(h(ImportPage, { kind, result: { ...r, skipped: rows.length - events.length } }));
      }
      const r = await importSubscribers(p, rows, { actorId: req.principal!.id, requestId: req.id, file: file.filename });
      if (!r.ok) return reply.page(h(ImportPage, { kind, problems: r.problems }), { status: 400 });
      return reply.page(h(ImportPage, { kind, imported: r }));
    });

    // Bounces, complaints and unsubscribe mails reported by the mail service, authorised by a shared secret.
    app.post(
      '/api/newsletter/events',
      {
        config: { access: 'public', csrf: false },
        // The shared secret is checked before the body is even read.
        preValidation: async (req) => {
          const token = p.config.newsletter.webhookToken;
          const sent = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
          if (!token || !safeEqual(sent, token)) throw new HttpError(401);
        },
        schema: {
          summary: 'Report bounces, complaints and unsubscribe mails from the mail service',
          tags: ['newsletter'],
          security: [{ webhook: [] }],
          body: z.object({ events: z.array(z.object({ email: z.string().max(254), type: z.enum(BOUNCE_TYPES) })).min(1).max(10_000) }),
          response: { 200: z.object({ suppressed: z.number().int(), unsubscribed: z.number().int(), ignored: z.number().int() }), 400: problem, 401: problem },
        },
      },
      async (req) => recordDeliveryEvents(p, (req.body as { events: { email: string; type: DeliveryEventType }[] }).events),
    );

    app.get('/editor/newsletter/subscribers/:id', editors, async (req, reply) => reply.header('cache-control', 'no-store').page(h(EditorSubscriber, { record: await record(req) })));
    app.get('/editor/newsletter/subscribers/:id/consent.json', editors, async (req, reply) => {
      const r = await record(req);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', contentDisposition('attachment', `newsletter-consent-${r.subscriber.id}.json`))
        .send(consentRecordJson(r));
    });
    app.post('/editor/newsletter/subscribers/:id/unsubscribe', editors, async (req, reply) => {
      const r = await record(req);
      await unsubscribe(p, r.subscriber.id, 'administrator', null);
      return reply.redirect(`/editor/newsletter/subscribers/${r.subscriber.id}`, 303);
    });
    app.post('/editor/newsletter/subscribers/:id/erase', editors, async (req, reply) => {
      const r = await record(req);
      await erase(p, r.subscriber.id, { actorId: req.principal!.id, requestId: req.id });
      return reply.redirect('/editor/newsletter/subscribers?notice=erased', 303);
    });
  },
};
