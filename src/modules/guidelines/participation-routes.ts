import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod';
import { hasRole } from '../../platform/access.js';
import { HttpError } from '../../platform/http/errors.js';
import { parseForm, text, type FormValues } from '../../platform/http/forms.js';
import type { Platform } from '../../platform/platform.js';
import { sheet } from '../../platform/spreadsheet.js';
import { contentDisposition } from '../../platform/storage.js';
import { COMMENT_STATUSES, PATHWAY_STEPS, type CommentStatus } from './schema.js';
import { findVersion, getGuideline, getVersion, readVersion, type DisplayVersion, type GuidelineRow } from './service.js';
import {
  ANSWER_MAX,
  COMMENT_MAX,
  COMMENT_RATE_LIMIT,
  answerComment,
  closeComment,
  consultationRecord,
  consultationVersion,
  consultedVersion,
  flatRecommendations,
  getComment,
  listComments,
  organisationNames,
  postComment,
  versionsWithComments,
} from './consultation.js';
import {
  ALL,
  STATEMENT_MAX,
  assessmentField,
  canActFor,
  endorse,
  findRegion,
  heatMap,
  listEndorsements,
  loadAssessment,
  memberships,
  organisationSummaries,
  regionalView,
  saveAssessment,
  withdrawEndorsement,
} from './adoption.js';
import { AdoptionPage, AssessPage, ChooseOrganisationPage, ConsultationPage, EndorsementsPage, ManageCommentsPage, RegionPage, type GuidelineHead, type ManageVersion, type RecItem } from './views/participation.js';

/**
 * Participation in a guideline: the public consultation (members comment, editors answer and close, the
 * record is exported), adoption self-assessments with the national heat map and regional views, and
 * organisations' endorsements. Paths stay under /guidelines/:slug/{consultation,adoption,endorsements} and
 * /guidelines/manage/comments, clear of the reading routes' /guidelines/:slug/:label.
 */

const editors = ['editor', 'network-coordinator'] as const;
const uuid = z.string().uuid();
const REGION_CODE = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

/** The latest calendar date anywhere on Earth (UTC+14): an assessment dated later is in the future for everyone. */
const latestToday = () => new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 10);
const utcToday = () => new Date().toISOString().slice(0, 10);

const recItems = (d: DisplayVersion): RecItem[] =>
  flatRecommendations(d).map((r) => ({ id: r.id, identifier: r.identifier, number: r.number, statement: r.text ? { ...r.text, value: { statement: r.text.value.statement } } : null, permalink: r.permalink, steps: r.steps }));
const headOf = (d: DisplayVersion): GuidelineHead => ({ slug: d.guideline.slug, title: d.guideline.text?.value.title ?? d.guideline.slug });

const commentSchema = z.object({
  version: z.string({ message: 'errors.invalid' }).max(20, 'errors.invalid'),
  recommendation: z.string({ message: 'errors.choose' }).max(20, 'errors.choose'),
  body: text({ max: COMMENT_MAX }),
  organisation: z.preprocess((v) => (v === '' ? undefined : v), z.string({ message: 'errors.choose' }).uuid('errors.choose').optional()),
});
const answerSchema = z.object({ answer: text({ max: ANSWER_MAX }) });
const endorseSchema = z.object({ organisation: z.string({ message: 'errors.choose' }).uuid('errors.choose'), statement: text({ max: STATEMENT_MAX, required: false }) });

export function participationRoutes(app: FastifyInstance, p: Platform) {
  const db = () => p.database.db;
  const cached = { config: { access: 'public' as const, pageCache: true as const } };
  const pub = { config: { access: 'public' as const } };
  const signedIn = { config: { access: 'signed-in' as const } };
  const managers = { config: { access: { roles: editors } } };
  const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const canManage = (req: FastifyRequest) => editors.some((r) => hasRole(req.principal, r));

  const guidelineOf = async (req: FastifyRequest): Promise<GuidelineRow> => {
    const slug = (req.params as { slug: string }).slug;
    const g = /^[a-z0-9][a-z0-9-]{0,79}$/.test(slug) ? await getGuideline(db(), slug) : null;
    if (!g) throw new HttpError(404, 'error.404.body');
    return g;
  };
  /** The version under consultation, or 409: there is nothing to comment on now. */
  const consultationOf = async (req: FastifyRequest) => {
    const g = await guidelineOf(req);
    const v = await consultationVersion(db(), g.id);
    if (!v) throw new HttpError(409, 'guidelines.errors.noConsultation');
    return { g, v, open: true, display: (await readVersion(db(), v.id, req.locale))! };
  };
  /** The consultation a visitor reads: the open one, else the record of the last one; 404 when there never was one. */
  const consultationToRead = async (req: FastifyRequest) => {
    const g = await guidelineOf(req);
    const found = await consultedVersion(db(), g.id);
    if (!found) throw new HttpError(404, 'error.404.body');
    return { g, v: found.version, open: found.open, display: (await readVersion(db(), found.version.id, req.locale))! };
  };
  /** The published version, or 404: a guideline that was never published has nothing to adopt. */
  const publishedOf = async (req: FastifyRequest) => {
    const g = await guidelineOf(req);
    const found = await findVersion(db(), g.slug, 'current');
    if (!found) throw new HttpError(404, 'error.404.body');
    return { g, v: found.version, display: (await readVersion(db(), found.version.id, req.locale))! };
  };
  const myOrganisations = (req: FastifyRequest) => organisationNames(db(), memberships(req.principal));

  // ---- Consultation -----------------------------------------------------------------------------------
  const consultationPage = async (req: FastifyRequest, reply: FastifyReply, c: Awaited<ReturnType<typeof consultationToRead>>, form: { values: FormValues; errors: Record<string, string> } | null, status = 200) => {
    const recs = recItems(c.display);
    const chosen = str(q(req).recommendation);
    const values = form?.values ?? { recommendation: recs.some((r) => r.identifier === chosen) ? chosen! : (recs[0]?.identifier ?? '') };
    const notice = q(req).notice === 'commented' ? 'commented' : null;
    return reply.page(
      h(ConsultationPage, {
        guideline: headOf(c.display),
        version: { label: c.v.label, endsOn: c.v.consultationEndsOn },
        versionId: c.v.id,
        recommendations: recs,
        comments: await listComments(db(), c.v.id),
        open: c.open,
        form: req.principal && c.open ? { organisations: await myOrganisations(req), values, errors: form?.errors ?? {} } : null,
        notice,
        canManage: canManage(req),
      }),
      { status },
    );
  };

  app.get('/guidelines/:slug/consultation', cached, async (req, reply) => consultationPage(req, reply, await consultationToRead(req), null));

  app.post('/guidelines/:slug/consultation', signedIn, async (req, reply) => {
    const c = await consultationOf(req);
    const form = parseForm(commentSchema, req.body);
    if (!form.ok) return consultationPage(req, reply, c, form, 400);
    // A comment written on one version never lands on the next one.
    if (form.data.version !== c.v.label) throw new HttpError(409, 'guidelines.errors.noConsultation');
    const wait = await p.limiter.hit(COMMENT_RATE_LIMIT, req.principal!.id);
    if (wait) throw new HttpError(429, 'error.429.body', String(wait));
    const r = await postComment(
      db(),
      { versionId: c.v.id, identifier: form.data.recommendation, body: form.data.body, organisationId: form.data.organisation ?? null, locale: req.locale },
      { userId: req.principal!.id, memberOf: memberships(req.principal), requestId: req.id },
    );
    if (!r.ok && 'closed' in r) throw new HttpError(409, 'guidelines.errors.noConsultation');
    if (!r.ok) return consultationPage(req, reply, c, { values: form.values, errors: r.errors }, 400);
    return reply.redirect(`/guidelines/${c.g.slug}/consultation?notice=commented#rec-${encodeURIComponent(form.data.recommendation)}`, 303);
  });

  // ---- Editors: answering, closing and exporting comments ------------------------------------------------
  const managedVersion = async (req: FastifyRequest) => {
    const id = str(q(req).version);
    const v = id && uuid.safeParse(id).success ? await getVersion(db(), id) : null;
    return v;
  };
  const managePage = async (req: FastifyRequest, reply: FastifyReply, extra: { errors?: Record<string, string>; values?: FormValues; versionId?: string; status?: number } = {}) => {
    const versions: ManageVersion[] = await versionsWithComments(db());
    const v = extra.versionId ? await getVersion(db(), extra.versionId) : await managedVersion(req);
    if (str(q(req).version) && !v) throw new HttpError(404, 'error.404.body');
    const chosen = v ? (versions.find((x) => x.id === v.id) ?? null) : null;
    const display = v ? await readVersion(db(), v.id, req.locale) : null;
    const recs = display ? recItems(display) : [];
    const status = (COMMENT_STATUSES as readonly string[]).includes(str(q(req).status) ?? '') ? (str(q(req).status) as CommentStatus) : undefined;
    const recommendation = recs.some((r) => r.identifier === str(q(req).recommendation)) ? str(q(req).recommendation) : undefined;
    const comments = v ? await listComments(db(), v.id, { status, identifier: recommendation }) : [];
    const noticeKey = str(q(req).notice);
    const notice = noticeKey === 'answered' || noticeKey === 'closed' ? noticeKey : null;
    return reply.page(
      h(ManageCommentsPage, {
        versions,
        version: chosen ?? (v && display ? { id: v.id, label: v.label, status: v.status, slug: display.guideline.slug, comments: 0 } : null),
        recommendations: recs,
        comments,
        filters: { status, recommendation },
        errors: extra.errors ?? {},
        values: extra.values ?? {},
        notice,
      }),
      { status: extra.status ?? 200 },
    );
  };
  app.get('/guidelines/manage/comments', managers, async (req, reply) => managePage(req, reply));

  const commentOf = async (req: FastifyRequest) => {
    const id = (req.params as { id: string }).id;
    const c = uuid.safeParse(id).success ? await getComment(db(), id) : null;
    if (!c) throw new HttpError(404, 'error.404.body');
    return c;
  };
  const backToList = (versionId: string, notice: string) => `/guidelines/manage/comments?version=${versionId}&notice=${notice}`;
  app.post('/guidelines/manage/comments/:id/answer', managers, async (req, reply) => {
    const c = await commentOf(req);
    const form = parseForm(answerSchema, req.body);
    const field = `answer-${c.comment.id}`;
    if (!form.ok) return managePage(req, reply, { versionId: c.comment.versionId, errors: { [field]: form.errors.answer ?? 'errors.invalid' }, values: { [field]: form.values.answer ?? '' }, status: 400 });
    const r = await answerComment(db(), c.comment.id, form.data.answer, { userId: req.principal!.id, requestId: req.id });
    if (!r.ok && 'notFound' in r) throw new HttpError(404, 'error.404.body');
    if (!r.ok) return managePage(req, reply, { versionId: c.comment.versionId, errors: { [field]: r.errors.answer ?? 'errors.invalid' }, values: { [field]: form.values.answer ?? '' }, status: 400 });
    return reply.redirect(`${backToList(c.comment.versionId, 'answered')}#comment-${c.comment.id}`, 303);
  });
  app.post('/guidelines/manage/comments/:id/close', managers, async (req, reply) => {
    const c = await commentOf(req);
    if (!(await closeComment(db(), c.comment.id, { userId: req.principal!.id, requestId: req.id }))) throw new HttpError(404, 'error.404.body');
    return reply.redirect(backToList(c.comment.versionId, 'closed'), 303);
  });

  const exportRecord = async (req: FastifyRequest, reply: FastifyReply, format: 'csv' | 'xlsx') => {
    const id = (req.params as { id: string }).id;
    const v = uuid.safeParse(id).success ? await getVersion(db(), id) : null;
    if (!v) throw new HttpError(404, 'error.404.body');
    const [rows, display] = await Promise.all([consultationRecord(db(), v.id, req.locale), readVersion(db(), v.id, req.locale)]);
    const t = req.t;
    const body = await sheet(
      format,
      t('guidelines.participation.consultationRecord'),
      [
        { header: t('guidelines.participation.identifier'), key: 'identifier', width: 10 },
        { header: t('guidelines.participation.number'), key: 'number', width: 8 },
        { header: t('guidelines.participation.statement'), key: 'statement', width: 60 },
        { header: t('guidelines.participation.comment'), key: 'comment', width: 60 },
        { header: t('guidelines.participation.organisation'), key: 'organisation', width: 30 },
        { header: t('guidelines.participation.date'), key: 'date', width: 12 },
        { header: t('guidelines.participation.status'), key: 'status', width: 12 },
        { header: t('guidelines.participation.answer'), key: 'answer', width: 60 },
        { header: t('guidelines.participation.answeredAt'), key: 'answeredAt', width: 12 },
      ],
      rows.map((r) => ({ ...r, status: t(`guidelines.participation.commentStatus.${r.status}`) })),
    );
    const name = `${display?.guideline.slug ?? 'guideline'}-${v.label}-consultation.${format}`;
    const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return reply.header('content-type', type).header('content-disposition', contentDisposition('attachment', name)).send(body);
  };
  app.get('/guidelines/manage/versions/:id/comments.csv', managers, async (req, reply) => exportRecord(req, reply, 'csv'));
  app.get('/guidelines/manage/versions/:id/comments.xlsx', managers, async (req, reply) => exportRecord(req, reply, 'xlsx'));

  // ---- Adoption: the national and regional views ------------------------------------------------------------
  const stepOf = (req: FastifyRequest) => {
    const s = str(q(req).step);
    return s && (PATHWAY_STEPS as readonly string[]).includes(s) ? s : null;
  };
  const adoptionData = async (req: FastifyRequest) => {
    const pub = await publishedOf(req);
    const step = stepOf(req);
    const recs = recItems(pub.display).filter((r) => !step || r.steps.includes(step));
    const map = await heatMap(db(), pub.g.id, recs.map((r) => r.identifier));
    return { ...pub, step, recs, map };
  };

  app.get('/guidelines/:slug/adoption', cached, async (req, reply) => {
    const d = await adoptionData(req);
    const assessFor = req.principal ? (hasRole(req.principal, 'administrator') ? [] : await myOrganisations(req)) : [];
    return reply.page(h(AdoptionPage, { guideline: headOf(d.display), version: { label: d.v.label }, recommendations: d.recs, map: d.map, step: d.step, assessFor }));
  });

  app.get('/guidelines/:slug/adoption/export.csv', pub, async (req, reply) => {
    const d = await adoptionData(req);
    const t = req.t;
    const columns = [
      { header: t('guidelines.participation.identifier'), key: 'identifier', width: 10 },
      { header: t('guidelines.participation.statement'), key: 'statement', width: 60 },
      ...[...d.map.regions.map((r) => ({ code: r.code, name: r.name })), { code: ALL, name: t('guidelines.participation.allRegions') }].flatMap((r) => [
        { header: `${r.name} · ${t('guidelines.participation.share')}`, key: `share:${r.code}` },
        { header: `${r.name} · ${t('guidelines.participation.adoptionStatus.implemented')}`, key: `implemented:${r.code}` },
        { header: `${r.name} · ${t('guidelines.participation.adoptionStatus.partly')}`, key: `partly:${r.code}` },
        { header: `${r.name} · ${t('guidelines.participation.adoptionStatus.planned')}`, key: `planned:${r.code}` },
        { header: `${r.name} · ${t('guidelines.participation.adoptionStatus.not-applicable')}`, key: `notApplicable:${r.code}` },
      ]),
    ];
    const rows = d.recs.map((rec) => {
      const row: Record<string, string | number | null> = { identifier: rec.identifier, statement: rec.statement?.value.statement ?? '' };
      for (const [code, cell] of d.map.cells.get(rec.identifier)!) {
        row[`share:${code}`] = cell.share === null ? null : Math.round(cell.share * 1000) / 10;
        row[`implemented:${code}`] = cell.implemented;
        row[`partly:${code}`] = cell.partly;
        row[`planned:${code}`] = cell.planned;
        row[`notApplicable:${code}`] = cell.notApplicable;
      }
      return row;
    });
    const body = await sheet('csv', t('guidelines.participation.adoptionTitle'), columns, rows);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', contentDisposition('attachment', `${d.g.slug}-${d.v.label}-adoption.csv`)).send(body);
  });

  app.get('/guidelines/:slug/adoption/regions/:regionCode', cached, async (req, reply) => {
    const code = (req.params as { regionCode: string }).regionCode;
    const region = REGION_CODE.test(code) ? await findRegion(db(), code) : null;
    if (!region) throw new HttpError(404, 'error.404.body');
    const d = await adoptionData(req);
    const view = await regionalView(db(), d.g.id, region.id, d.recs.map((r) => r.identifier));
    const row = new Map(d.recs.map((r) => [r.identifier, d.map.cells.get(r.identifier)!.get(region.code)!]));
    return reply.page(h(RegionPage, { guideline: headOf(d.display), version: { label: d.v.label }, region, recommendations: d.recs, view, row }));
  });

  // ---- Adoption: an organisation's self-assessment ------------------------------------------------------
  const assessTarget = async (req: FastifyRequest) => {
    const d = await publishedOf(req);
    const id = str(q(req).organisation);
    if (!id) return { d, organisation: null };
    const [organisation] = uuid.safeParse(id).success ? await organisationSummaries(db(), [id]) : [];
    if (!organisation) throw new HttpError(404, 'error.404.body');
    if (!canActFor(req.principal, organisation.id)) throw new HttpError(403, 'guidelines.errors.notMember');
    return { d, organisation };
  };
  const assessPage = async (req: FastifyRequest, reply: FastifyReply, t: Awaited<ReturnType<typeof assessTarget>> & { organisation: NonNullable<Awaited<ReturnType<typeof assessTarget>>['organisation']> }, form: { values: FormValues; errors: Record<string, string> } | null) =>
    reply.page(
      h(AssessPage, {
        guideline: headOf(t.d.display),
        version: { label: t.d.v.label },
        organisation: t.organisation,
        recommendations: recItems(t.d.display),
        current: await loadAssessment(db(), t.d.g.id, t.organisation.id),
        values: form?.values ?? null,
        errors: form?.errors ?? {},
        today: utcToday(),
        notice: q(req).notice === 'saved' ? 'saved' : null,
      }),
      { status: form ? 400 : 200 },
    );

  app.get('/guidelines/:slug/adoption/assess', signedIn, async (req, reply) => {
    const target = await assessTarget(req);
    if (!target.organisation) {
      const mine = await myOrganisations(req);
      if (mine.length === 1) return reply.redirect(`/guidelines/${target.d.g.slug}/adoption/assess?organisation=${mine[0]!.id}`, 303);
      return reply.page(h(ChooseOrganisationPage, { guideline: headOf(target.d.display), organisations: mine }));
    }
    return assessPage(req, reply, { ...target, organisation: target.organisation }, null);
  });

  app.post('/guidelines/:slug/adoption/assess', signedIn, async (req, reply) => {
    const target = await assessTarget(req);
    if (!target.organisation) throw new HttpError(404, 'error.404.body');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const identifiers = recItems(target.d.display).map((r) => r.identifier);
    const entries = identifiers.map((identifier) => ({
      identifier,
      status: field(assessmentField('status', identifier)),
      evidence: field(assessmentField('evidence', identifier)),
      assessedOn: field(assessmentField('assessedOn', identifier)),
    }));
    const values: FormValues = Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string') as [string, string][]);
    const r = await saveAssessment(db(), { guidelineId: target.d.g.id, organisationId: target.organisation.id, identifiers, entries, today: utcToday(), latest: latestToday() }, { userId: req.principal!.id, requestId: req.id });
    if (!r.ok) return assessPage(req, reply, { ...target, organisation: target.organisation }, { values, errors: r.errors });
    return reply.redirect(`/guidelines/${target.d.g.slug}/adoption/assess?organisation=${target.organisation.id}&notice=saved`, 303);
  });

  // ---- Endorsements ----------------------------------------------------------------------------------------
  const endorsementsPage = async (req: FastifyRequest, reply: FastifyReply, form: { values: FormValues; errors: Record<string, string> } | null, status = 200) => {
    const g = await guidelineOf(req);
    const published = await findVersion(db(), g.slug, 'current');
    const display = await readVersion(db(), published?.version.id ?? (await anyPublicVersion(g.id)), req.locale);
    if (!display) throw new HttpError(404, 'error.404.body');
    const items = await listEndorsements(db(), g.id);
    const mine = req.principal ? await myOrganisations(req) : [];
    const admin = hasRole(req.principal, 'administrator');
    const noticeKey = str(q(req).notice);
    return reply.page(
      h(EndorsementsPage, {
        guideline: headOf(display),
        published: published ? { label: published.version.label } : null,
        items,
        form: req.principal ? { organisations: mine, values: form?.values ?? {}, errors: form?.errors ?? {} } : null,
        canWithdraw: items.map((i) => i.organisation.id).filter((id) => admin || mine.some((o) => o.id === id)),
        notice: noticeKey === 'endorsed' || noticeKey === 'withdrawn' ? noticeKey : null,
      }),
      { status },
    );
  };
  /** A guideline with no published version still has a page of endorsements (empty) when it is public at all. */
  const anyPublicVersion = async (guidelineId: string) => {
    const v = await consultationVersion(db(), guidelineId);
    if (!v) throw new HttpError(404, 'error.404.body');
    return v.id;
  };

  app.get('/guidelines/:slug/endorsements', cached, async (req, reply) => endorsementsPage(req, reply, null));

  app.post('/guidelines/:slug/endorsements', signedIn, async (req, reply) => {
    const g = await guidelineOf(req);
    const form = parseForm(endorseSchema, req.body);
    if (!form.ok) return endorsementsPage(req, reply, form, 400);
    if (!canActFor(req.principal, form.data.organisation)) throw new HttpError(403, 'guidelines.errors.notMember');
    const r = await endorse(db(), { guidelineId: g.id, organisationId: form.data.organisation, statement: form.data.statement }, { userId: req.principal!.id, requestId: req.id });
    if (!r.ok) return endorsementsPage(req, reply, { values: form.values, errors: r.errors }, r.errors._form ? 409 : 400);
    return reply.redirect(`/guidelines/${g.slug}/endorsements?notice=endorsed`, 303);
  });

  app.post('/guidelines/:slug/endorsements/:organisationId/withdraw', signedIn, async (req, reply) => {
    const g = await guidelineOf(req);
    const organisationId = (req.params as { organisationId: string }).organisationId;
    if (!uuid.safeParse(organisationId).success) throw new HttpError(404, 'error.404.body');
    if (!canActFor(req.principal, organisationId)) throw new HttpError(403, 'guidelines.errors.notMember');
    if (!(await withdrawEndorsement(db(), g.id, organisationId, { userId: req.principal!.id, requestId: req.id }))) throw new HttpError(404, 'error.404.body');
    return reply.redirect(`/guidelines/${g.slug}/endorsements?notice=withdrawn`, 303);
  });
}

