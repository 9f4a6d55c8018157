import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod';
import { HttpError } from '../../platform/http/errors.js';
import { email, parseForm, slugField, slugParam, text } from '../../platform/http/forms.js';
import { COUNTRIES } from '../../platform/i18n/countries.js';
import { isLocale, LOCALES, type Locale } from '../../platform/i18n/index.js';
import { PROFESSIONS } from '../../platform/identity/users.js';
import type { Platform } from '../../platform/platform.js';
import { listProjects } from '../portal/service.js';
import {
  addItem,
  archive,
  candidates,
  clickCounts,
  countRecipients,
  createCampaign,
  deliveryCounts,
  getCampaign,
  listCampaigns,
  recordClick,
  removeItem,
  renderIssue,
  resendUncertain,
  saveCampaignText,
  scheduleCampaign,
  sentCampaignBySlug,
  setCountClicks,
  setSegment,
  testSend,
  unscheduleCampaign,
  type CampaignDetail,
} from './campaigns.js';
import { isItemKind, TOPICS, type Segment } from './schema.js';
import { ArchiveIssuePage, ArchivePage, CampaignEdit, CampaignNew, CampaignsList } from './views/campaigns.js';

const textFields = { subject: text({ max: 200 }), intro: text({ max: 20_000, required: false }) };
const NOTICES = new Set(['created', 'saved', 'scheduled', 'unscheduled', 'tested', 'resent']);
const many = <T extends string>(v: unknown, allowed: readonly T[]): T[] => [...new Set(([] as unknown[]).concat(v ?? []).filter((x): x is T => typeof x === 'string' && allowed.includes(x as T)))];

/** Campaigns: composing, previewing, test sending and scheduling for editors; the public archive of sent issues. */
export function campaignRoutes(app: FastifyInstance, p: Platform) {
  const pub = { config: { access: 'public' as const } };
  const editors = { config: { access: { roles: ['editor'] as const } } };
  const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
  const notice = (req: FastifyRequest) => (typeof q(req).notice === 'string' && NOTICES.has(q(req).notice as string) ? (q(req).notice as string) : null);

  app.get('/newsletter/archive', pub, async (req, reply) => reply.page(h(ArchivePage, { issues: await archive(p.database.db, req.locale) })));
  app.get('/newsletter/archive/:slug', pub, async (req, reply) => {
    const slug = (req.params as { slug: string }).slug;
    const detail = slugParam.safeParse(slug).success ? await sentCampaignBySlug(p.database.db, slug) : null;
    if (!detail) throw new HttpError(404, 'error.404.body');
    const issue = await renderIssue(p, detail, req.locale, { web: true });
    return reply.page(h(ArchiveIssuePage, { issue, sentAt: detail.campaign.finishedAt ?? detail.campaign.startedAt ?? detail.campaign.createdAt }));
  });

  // An item link of an issue that counts clicks: counted (anonymously) and redirected to the item, in the language of the e-mail.
  app.get('/newsletter/go/:id/:kind/:slug', pub, async (req, reply) => {
    const { id, kind, slug } = req.params as { id: string; kind: string; slug: string };
    const path = z.string().uuid().safeParse(id).success && isItemKind(kind) && slugParam.safeParse(slug).success ? await recordClick(p.database.db, id, kind, slug) : null;
    if (!path) throw new HttpError(404, 'error.404.body');
    const lang = q(req).lang;
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(isLocale(lang) ? `${path}?lang=${lang}` : path, 302);
  });

  app.get('/editor/newsletter/campaigns', editors, async (req, reply) => reply.page(h(CampaignsList, { rows: await listCampaigns(p.database.db, req.locale) })));
  app.get('/editor/newsletter/campaigns/new', editors, async (req, reply) => reply.page(h(CampaignNew, { values: { sourceLocale: req.locale }, errors: {} })));
  app.post('/editor/newsletter/campaigns/new', editors, async (req, reply) => {
    const form = parseForm(z.object({ slug: slugField(), sourceLocale: z.enum(LOCALES, { message: 'errors.choose' }), ...textFields }), req.body);
    if (!form.ok) return reply.page(h(CampaignNew, { values: form.values, errors: form.errors }), { status: 400 });
    const r = await createCampaign(p.database.db, { ...form.data, intro: form.data.intro ?? '', userId: req.principal!.id });
    if ('error' in r) return reply.page(h(CampaignNew, { values: form.values, errors: { slug: 'errors.slugTaken' } }), { status: 400 });
    return reply.redirect(`/editor/newsletter/campaigns/${r.id}?notice=created`, 303);
  });

  const found = async (req: FastifyRequest) => {
    const id = (req.params as { id: string }).id;
    const d = z.string().uuid().safeParse(id).success ? await getCampaign(p.database.db, id) : null;
    if (!d) throw new HttpError(404, 'error.404.body');
    return d;
  };
  /** Only a draft (or a scheduled issue, which goes back to draft first) can be changed. */
  const editable = (d: CampaignDetail) => {
    if (d.campaign.status !== 'draft') throw new HttpError(409, 'newsletter.campaign.locked');
  };
  const projectOptions = async (locale: Locale) => (await listProjects(p.database.db, locale)).map((x) => ({ value: x.id, label: `${x.acronym} · ${x.text.value.name}` }));
  const editPage = async (req: FastifyRequest, d: CampaignDetail, extra: { editing?: Locale; values?: Record<string, string | string[]>; errors?: Record<string, string>; section?: string } = {}) => {
    const editing = extra.editing ?? (isLocale(q(req).edit) ? (q(req).edit as Locale) : (d.campaign.sourceLocale as Locale));
    const row = d.texts.find((x) => x.locale === editing);
    return h(CampaignEdit, {
      detail: d,
      editing,
      values: { subject: row?.subject ?? '', intro: row?.intro ?? '', testTo: req.principal!.email, ...extra.values },
      errors: extra.errors ?? {},
      section: extra.section,
      notice: notice(req),
      candidates: await candidates(p.database.db, req.locale),
      projects: await projectOptions(req.locale),
      recipients: await countRecipients(p.database.db, d.campaign.segment),
      counts: (await deliveryCounts(p.database.db, [d.campaign.id]))(d.campaign.id),
      clicks: await clickCounts(p.database.db, d.campaign.id),
    });
  };
  app.get('/editor/newsletter/campaigns/:id', editors, async (req, reply) => reply.header('cache-control', 'no-store').page(await editPage(req, await found(req))));
  app.post('/editor/newsletter/campaigns/:id/text', editors, async (req, reply) => {
    const d = await found(req);
    editable(d);
    const form = parseForm(z.object({ locale: z.enum(LOCALES), ...textFields }), req.body);
    const locale = isLocale((req.body as Record<string, unknown>)?.locale) ? ((req.body as Record<string, unknown>).locale as Locale) : (d.campaign.sourceLocale as Locale);
    if (!form.ok) return reply.page(await editPage(req, d, { editing: locale, values: form.values, errors: form.errors, section: 'text' }), { status: 400 });
    await saveCampaignText(p.database.db, d.campaign.id, form.data.locale, { subject: form.data.subject, intro: form.data.intro ?? '' });
    return reply.redirect(`/editor/newsletter/campaigns/${d.campaign.id}?edit=${form.data.locale}&notice=saved`, 303);
  });
  app.post('/editor/newsletter/campaigns/:id/items', editors, async (req, reply) => {
    const d = await found(req);
    editable(d);
    const raw = String((req.body as Record<string, unknown>)?.item ?? '');
    const [kind, slug] = raw.split(':');
    const known = (await candidates(p.database.db, req.locale)).some((c) => c.kind === kind && c.slug === slug);
    if (!known || !isItemKind(kind)) return reply.page(await editPage(req, d, { errors: { item: 'errors.choose' }, section: 'items' }), { status: 400 });
    await addItem(p.database.db, d.campaign.id, kind, slug!);
    return reply.redirect(`/editor/newsletter/campaigns/${d.campaign.id}?notice=saved#items-title`, 303);
  });
  app.post('/editor/newsletter/campaigns/:id/items/:kind/:slug/delete', editors, async (req, reply) => {
    const d = await found(req);
    editable(d);
    const { kind, slug } = req.params as { kind: string; slug: string };
    if (!isItemKind(kind)) throw new HttpError(404, 'error.404.body');
    await removeItem(p.database.db, d.campaign.id, kind, slug);
    return reply.redirect(`/editor/newsletter/campaigns/${d.campaign.id}?notice=saved#items-title`, 303);
  });
  app.post('/editor/newsletter/campaigns/:id/clicks', editors, async (req, reply) => {
    const d = await found(req);
    editable(d);
    await setCountClicks(p.database.db, d.campaign.id, (req.body as Record<string, unknown>)?.countClicks === 'on');
    return reply.redirect(`/editor/newsletter/campaigns/${d.campaign.id}?notice=saved#items-title`, 303);
  });
  app.post('/editor/newsletter/campaigns/:id/segment', editors, async (req, reply) => {
    const d = await found(req);
    editable(d);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const segment: Segment = {
      languages: many(body.languages, LOCALES),
      projects: many(body.projects, (await projectOptions(req.locale)).map((x) => x.value)),
      topics: many(body.topics, TOPICS),
      countries: many(body.countries, COUNTRIES),
      professions: many(body.professions, PROFESSIONS),
    };
    await setSegment(p.database.db, d.campaign.id, segment);
    return reply.redirect(`/editor/newsletter/campaigns/${d.campaign.id}?notice=saved#segment-title`, 303);
  });
  app.get('/editor/newsletter/campaigns/:id/preview', editors, async (req, reply) => {
    const d = await found(req);
    const issue = await renderIssue(p, d, isLocale(q(req).lang) ? (q(req).lang as Locale) : (d.campaign.sourceLocale as Locale));
    // The e-mail as it will be sent; shown sandboxed, as untrusted markup.
    const csp = "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'";
    if (q(req).format === 'text') return reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send(issue.text);
    return reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', csp).header('cache-control', 'no-store').send(issue.html);
  });
  app.post('/editor/newsletter/campaigns/:id/test', editors, async (req, reply) => {
    const d = await found(req);
    const form = parseForm(z.object({ testTo: email(), testLocale: z.enum(LOCALES, { message: 'errors.choose' }) }), req.body);
    if (!form.ok) return reply.page(await editPage(req, d, { values: form.values, errors: form.errors, section: 'test' }), { status: 400 });
    await testSend(p, d.campaign.id, form.data.testLocale, form.data.testTo);
    return reply.redirect(`/editor/newsletter/campaigns/${d.campaign.id}?notice=tested`, 303);
  });
  app.post('/editor/newsletter/campaigns/:id/schedule', editors, async (req, reply) => {
    const d = await found(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.action === 'unschedule') {
      await unscheduleCampaign(p, d.campaign.id);
      return reply.redirect(`/editor/newsletter/campaigns/${d.campaign.id}?notice=unscheduled`, 303);
    }
    editable(d);
    if (!d.items.length) return reply.page(await editPage(req, d, { errors: { sendAt: 'newsletter.campaign.noItems' }, section: 'schedule' }), { status: 400 });
    let at = new Date();
    if (body.action === 'at') {
      const raw = typeof body.sendAt === 'string' ? body.sendAt.trim() : '';
      const parsed = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/.test(raw) ? new Date(`${raw.replace(' ', 'T')}:00Z`) : null;
      if (!parsed || Number.isNaN(parsed.getTime()) || parsed.getTime() <= Date.now()) return reply.page(await editPage(req, d, { values: { sendAt: raw }, errors: { sendAt: 'errors.futureDate' }, section: 'schedule' }), { status: 400 });
      at = parsed;
    }
    await scheduleCampaign(p, d.campaign.id, at);
    return reply.redirect(`/editor/newsletter/campaigns/${d.campaign.id}?notice=scheduled`, 303);
  });
  app.post('/editor/newsletter/campaigns/:id/resend-uncertain', editors, async (req, reply) => {
    const d = await found(req);
    if (!(await resendUncertain(p, d.campaign.id))) throw new HttpError(409, 'newsletter.campaign.nothingUncertain');
    return reply.redirect(`/editor/newsletter/campaigns/${d.campaign.id}?notice=resent`, 303);
  });
}
