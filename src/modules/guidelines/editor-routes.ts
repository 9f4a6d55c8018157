import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { h } from 'preact';
import { z } from 'zod';
import { hasRole, type Role } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { HttpError } from '../../platform/http/errors.js';
import { choices, parseForm, repeated, text, type FormValues } from '../../platform/http/forms.js';
import { historyRoutes, type HistorySubject } from '../../platform/http/history-routes.js';
import { isLocale, nameIn, type Locale } from '../../platform/i18n/index.js';
import { getOrganisation, listOrganisations, listOrganisationTypes } from '../../platform/identity/organisations.js';
import type { Platform } from '../../platform/platform.js';
import { isOutOfDate, pickTranslation } from '../../platform/translations.js';
import { courseChoices } from '../training/authoring.js';
import { draftSnapshot } from '../training/versions.js';
import { linkedLessons, linkLesson, unlinkLesson } from './lesson-links.js';
import { EVIDENCE_LEVELS, GUIDELINE_ROLES, guidelineChapters, guidelines, guidelineSections, guidelineTranslations, PATHWAY_STEPS, recommendations, recommendationTranslations, STRENGTHS, type VersionStatus } from './schema.js';
import {
  addChapter,
  addRecommendation,
  addSection,
  canEdit,
  canTranslate,
  compareLabels,
  createDraftVersion,
  createGuideline,
  deleteDraftVersion,
  getVersion,
  listVersions,
  loadVersion,
  moveChapter,
  moveRecommendation,
  moveSection,
  nextIdentifier,
  readVersion,
  removeChapter,
  removeRecommendation,
  removeSection,
  REVISION_TYPES,
  saveTranslation,
  setVersionStatus,
  updateGuidelineSettings,
  updateRecommendation,
  type DisplayVersion,
  type Errors,
  type LoadedVersion,
  type TextFields,
  type TextKind,
} from './service.js';
import {
  EDITOR_NOTICES,
  GuidelinePage,
  GuidelineSettingsPage,
  ManageListPage,
  PartPage,
  RecommendationPage,
  TranslatePage,
  translationField,
  VersionPage,
  type EditorNotice,
  type LessonChoice,
  type MoveForm,
  type RecommendationForm,
  type TranslatableText,
  type TranslationState,
  type VersionHead,
} from './views/editor.js';

/** Who edits guidelines; administrators hold every role. Translators reach the lists and the translation pages. */
export const GUIDELINE_EDITORS = ['editor', 'network-coordinator'] as const satisfies readonly Role[];
const TRANSLATORS = [...GUIDELINE_EDITORS, 'translator'] as const satisfies readonly Role[];
const MANAGE = '/guidelines/manage';
const uuid = z.string().uuid();
/** Most lessons the link form offers at once (narrow them with the search). */
const LESSON_CHOICES_MAX = 200;

type Failure = { ok: false; errors: Errors };
const STATE_ERRORS = new Set(['guidelines.errors.notDraft', 'guidelines.errors.transition', 'guidelines.errors.openVersion']);

/** The status that answers a service's refusal: 404 unknown item, 409 a state that forbids it, else 400. */
function statusOf(r: Failure): 400 | 409 {
  if (r.errors.form === 'guidelines.errors.notFound') throw new HttpError(404, 'error.404.body');
  return Object.values(r.errors).some((k) => STATE_ERRORS.has(k)) ? 409 : 400;
}
/** A service's errors as the views show them: `form` is the whole form's (ErrorSummary's `_form`). */
const shown = (errors: Errors) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === 'form' ? '_form' : k, v]));

const noticeOf = (req: FastifyRequest): EditorNotice | null => {
  const n = (req.query as Record<string, unknown>).notice;
  return (EDITOR_NOTICES as readonly unknown[]).includes(n) ? (n as EditorNotice) : null;
};

const partSchema = z.object({ title: text({ max: 300, required: false }), intro: text({ max: 10000, required: false }) });
const recommendationSchema = (organisationTypes: string[]) =>
  z.object({
    identifier: text({ max: 16, required: false }),
    statement: text({ max: 2000, required: false }),
    rationale: text({ max: 10000, required: false }),
    strength: z.preprocess((v) => v ?? '', z.string({ message: 'errors.choose' })),
    evidence: z.preprocess((v) => v ?? '', z.string({ message: 'errors.choose' })),
    roles: choices(GUIDELINE_ROLES),
    organisationTypes: choices(organisationTypes),
    steps: choices(PATHWAY_STEPS),
  });
const REC_LISTS = ['roles', 'organisationTypes', 'steps'] as const;

const TEXT_FIELDS: Record<TextKind, readonly string[]> = { guideline: ['title', 'summary'], version: ['changeNote'], chapter: ['title', 'intro'], section: ['title', 'intro'], recommendation: ['statement', 'rationale'] };

/** The next label after the latest: 1.0 → 1.1 (editors change it to 2.0 for a major revision). */
function suggestLabel(labels: string[]): string {
  const latest = [...labels].sort(compareLabels).pop();
  if (!latest) return '1.0';
  const [major, minor] = latest.split('.').map(Number) as [number, number];
  return `${major}.${minor + 1}`;
}

export function editorRoutes(app: FastifyInstance, p: Platform) {
  const db = () => p.database.db;
  const editors = { config: { access: { roles: GUIDELINE_EDITORS } } };
  const translators = { config: { access: { roles: TRANSLATORS } } };
  const isEditor = (req: FastifyRequest) => GUIDELINE_EDITORS.some((r) => hasRole(req.principal, r));
  const idParam = (req: FastifyRequest, name = 'id') => {
    const v = (req.params as Record<string, string>)[name];
    if (!uuid.safeParse(v).success) throw new HttpError(404, 'error.404.body');
    return v!;
  };
  const by = (req: FastifyRequest) => ({ userId: req.principal!.id });
  const seeOther = (reply: FastifyReply, url: string) => reply.redirect(url, 303);

  // ---- The list, and a new guideline ----------------------------------------------------------------
  const organisationChoices = async () => (await listOrganisations(db(), { page: 1, pageSize: 1000 })).rows.map((o) => ({ id: o.id, name: o.name }));
  const listPage = async (req: FastifyRequest, reply: FastifyReply, values: FormValues, errors: Record<string, string>, status = 200) => {
    const rows = await db().select().from(guidelines).orderBy(guidelines.slug);
    const texts = await db().select().from(guidelineTranslations);
    const all = await Promise.all(rows.map((g) => listVersions(db(), g.id)));
    const items = rows.map((g, i) => {
      const title = pickTranslation(
        texts.filter((t) => t.guidelineId === g.id),
        req.locale,
        g.sourceLocale,
      );
      return { id: g.id, slug: g.slug, title: title?.value.title ?? g.slug, titleLocale: title?.locale ?? g.sourceLocale, versions: all[i]!.map((v) => ({ id: v.id, label: v.label, status: v.status })) };
    });
    return reply.page(h(ManageListPage, { guidelines: items, organisations: isEditor(req) ? await organisationChoices() : [], values, errors, canEdit: isEditor(req) }), { status });
  };
  app.get(MANAGE, translators, async (req, reply) => listPage(req, reply, { sourceLocale: 'en' }, {}));
  app.post(MANAGE, editors, async (req, reply) => {
    const form = parseForm(
      z.object({ slug: text({ max: 80, required: false }), sourceLocale: text({ max: 5, required: false }), title: text({ max: 300, required: false }), summary: text({ max: 5000, required: false }), organisationId: text({ max: 36, required: false }) }),
      req.body,
    );
    if (!form.ok) return listPage(req, reply, form.values, form.errors, 400);
    const d = form.data;
    const organisationId = d.organisationId ? (uuid.safeParse(d.organisationId).success ? d.organisationId : null) : null;
    if (d.organisationId && !organisationId) return listPage(req, reply, form.values, { organisationId: 'errors.choose' }, 400);
    const r = await createGuideline(db(), { slug: d.slug.toLowerCase(), sourceLocale: d.sourceLocale, organisationId, title: d.title, summary: d.summary }, by(req));
    if (!r.ok) return listPage(req, reply, form.values, shown(r.errors), statusOf(r));
    return seeOther(reply, `${MANAGE}/${r.id}?notice=created`);
  });

  // ---- One guideline: versions and their lifecycle ----------------------------------------------------
  const guidelineOf = async (id: string) => {
    const [g] = await db().select().from(guidelines).where(eq(guidelines.id, id));
    if (!g) throw new HttpError(404, 'error.404.body');
    return g;
  };
  const guidelinePage = async (req: FastifyRequest, reply: FastifyReply, guidelineId: string, values: FormValues, errors: Record<string, string>, status = 200) => {
    const g = await guidelineOf(guidelineId);
    const [versions, texts] = await Promise.all([listVersions(db(), g.id), db().select().from(guidelineTranslations).where(eq(guidelineTranslations.guidelineId, g.id))]);
    const title = pickTranslation(texts, req.locale, g.sourceLocale);
    const organisation = g.organisationId ? ((await getOrganisation(db(), g.organisationId))?.name ?? null) : null;
    const head = { id: g.id, slug: g.slug, sourceLocale: g.sourceLocale, title: title?.value.title ?? g.slug, titleLocale: title?.locale ?? g.sourceLocale, organisation };
    return reply.page(h(GuidelinePage, { guideline: head, versions, suggestedLabel: suggestLabel(versions.map((v) => v.label)), values, errors, canEdit: isEditor(req), notice: status === 200 ? noticeOf(req) : null }), { status });
  };
  app.get(`${MANAGE}/:id`, translators, async (req, reply) => guidelinePage(req, reply, idParam(req), {}, {}));

  // The guideline's own settings: its title and summary in the original language, and who issues it. The
  // slug stays as created (permalinks and citations depend on it).
  const settingsPage = async (req: FastifyRequest, reply: FastifyReply, guidelineId: string, values: FormValues | null, errors: Record<string, string>, status = 200) => {
    const g = await guidelineOf(guidelineId);
    const texts = await db().select().from(guidelineTranslations).where(eq(guidelineTranslations.guidelineId, g.id));
    const title = pickTranslation(texts, req.locale, g.sourceLocale);
    const src = sourceText(texts, g.sourceLocale);
    const head = { id: g.id, slug: g.slug, sourceLocale: g.sourceLocale, title: title?.value.title ?? g.slug, titleLocale: title?.locale ?? g.sourceLocale, organisation: null };
    const current = { title: src?.title ?? '', summary: src?.summary ?? '', organisationId: g.organisationId ?? '' };
    return reply.page(h(GuidelineSettingsPage, { guideline: head, organisations: await organisationChoices(), values: values ?? current, errors }), { status });
  };
  app.get(`${MANAGE}/:id/settings`, editors, async (req, reply) => settingsPage(req, reply, idParam(req), null, {}));
  app.post(`${MANAGE}/:id/settings`, editors, async (req, reply) => {
    const g = await guidelineOf(idParam(req));
    const form = parseForm(z.object({ title: text({ max: 300, required: false }), summary: text({ max: 5000, required: false }), organisationId: text({ max: 36, required: false }) }), req.body);
    if (!form.ok) return settingsPage(req, reply, g.id, form.values, form.errors, 400);
    const d = form.data;
    if (d.organisationId && !uuid.safeParse(d.organisationId).success) return settingsPage(req, reply, g.id, form.values, { organisationId: 'errors.choose' }, 400);
    const r = await db().transaction(async (tx) => {
      const done = await updateGuidelineSettings(tx, g.id, { title: d.title, summary: d.summary, organisationId: d.organisationId || null }, by(req));
      if (done.ok && done.changed.length) {
        const details = Object.fromEntries(done.changed.map((c) => [c, true]));
        await audit(tx, { actorId: req.principal!.id, action: 'guidelines.guideline.settings', outcome: 'success', targetType: 'guideline', targetId: g.id, requestId: req.id, details: { ...details, organisationId: d.organisationId || null } });
      }
      return done;
    });
    if (!r.ok) return settingsPage(req, reply, g.id, form.values, shown(r.errors), statusOf(r));
    return seeOther(reply, `${MANAGE}/${g.id}?notice=saved`);
  });

  app.post(`${MANAGE}/:id/versions`, editors, async (req, reply) => {
    const g = await guidelineOf(idParam(req));
    const form = parseForm(z.object({ label: text({ max: 20, required: false }), changeNote: text({ max: 5000, required: false }) }), req.body);
    if (!form.ok) return guidelinePage(req, reply, g.id, form.values, form.errors, 400);
    // A new draft starts as a copy of the latest version, so that editors change what is there.
    const latest = (await listVersions(db(), g.id))[0];
    const r = await createDraftVersion(db(), g.id, { label: form.data.label, changeNote: form.data.changeNote, copyFromId: latest?.id ?? null }, by(req));
    if (!r.ok) return guidelinePage(req, reply, g.id, form.values, shown(r.errors), statusOf(r));
    return seeOther(reply, `${MANAGE}/versions/${r.id}?notice=created`);
  });

  const versionRowOf = async (req: FastifyRequest) => {
    const v = await getVersion(db(), idParam(req));
    if (!v) throw new HttpError(404, 'error.404.body');
    return v;
  };

  app.post(`${MANAGE}/versions/:id/status`, editors, async (req, reply) => {
    const v = await versionRowOf(req);
    const form = parseForm(
      z.object({
        to: z.enum(['draft', 'consultation', 'published'], { message: 'errors.choose' }),
        consultationStartsOn: text({ max: 10, required: false }),
        consultationEndsOn: text({ max: 10, required: false }),
        confirm: z.enum(['on', 'true'], { message: 'errors.invalid' }).optional(),
      }),
      req.body,
    );
    if (!form.ok) return guidelinePage(req, reply, v.guidelineId, form.values, form.errors, 400);
    const to: VersionStatus = form.data.to;
    // Publishing replaces what readers see now: the editor says so explicitly.
    if (to === 'published' && !form.data.confirm && (await listVersions(db(), v.guidelineId)).some((x) => x.status === 'published')) {
      return guidelinePage(req, reply, v.guidelineId, form.values, { confirm: 'guidelines.errors.confirmSupersede' }, 400);
    }
    const opts = to === 'consultation' ? { consultationStartsOn: form.data.consultationStartsOn || undefined, consultationEndsOn: form.data.consultationEndsOn } : {};
    const r = await db().transaction(async (tx) => {
      const done = await setVersionStatus(tx, v.id, to, opts);
      if (done.ok) await audit(tx, { actorId: req.principal!.id, action: 'guidelines.version.status', outcome: 'success', targetType: 'guideline-version', targetId: v.id, requestId: req.id, details: { from: v.status, to } });
      return done;
    });
    if (!r.ok) return guidelinePage(req, reply, v.guidelineId, form.values, shown(r.errors), statusOf(r));
    return seeOther(reply, `${MANAGE}/${v.guidelineId}?notice=${to}`);
  });

  app.post(`${MANAGE}/versions/:id/delete`, editors, async (req, reply) => {
    const v = await versionRowOf(req);
    const r = await db().transaction(async (tx) => {
      const done = await deleteDraftVersion(tx, v.id);
      if (done.ok) await audit(tx, { actorId: req.principal!.id, action: 'guidelines.version.delete', outcome: 'success', targetType: 'guideline-version', targetId: v.id, requestId: req.id, details: { label: v.label } });
      return done;
    });
    if (!r.ok) return guidelinePage(req, reply, v.guidelineId, {}, shown(r.errors), statusOf(r));
    return seeOther(reply, `${MANAGE}/${v.guidelineId}?notice=deleted`);
  });

  // ---- A version's structure ----------------------------------------------------------------------------
  const displayOf = async (req: FastifyRequest, versionId: string): Promise<DisplayVersion> => {
    const d = await readVersion(db(), versionId, req.locale);
    if (!d) throw new HttpError(404, 'error.404.body');
    return d;
  };
  const versionPage = async (req: FastifyRequest, reply: FastifyReply, versionId: string, values: FormValues, errors: Record<string, string>, status = 200) => {
    const d = await displayOf(req, versionId);
    return reply.page(h(VersionPage, { display: d, editable: canEdit(d.version), values, errors, notice: status === 200 ? noticeOf(req) : null }), { status });
  };
  app.get(`${MANAGE}/versions/:id`, editors, async (req, reply) => versionPage(req, reply, idParam(req), {}, {}));

  app.post(`${MANAGE}/versions/:id/chapters`, editors, async (req, reply) => {
    const v = await versionRowOf(req);
    const form = parseForm(partSchema, req.body);
    if (!form.ok) return versionPage(req, reply, v.id, form.values, form.errors, 400);
    const r = await addChapter(db(), v.id, form.data, { by: by(req) });
    if (!r.ok) return versionPage(req, reply, v.id, form.values, shown(r.errors), statusOf(r));
    return seeOther(reply, `${MANAGE}/versions/${v.id}?notice=added#chapter-${r.id}`);
  });

  /** Where an item sits in its version: the version's content, the item's siblings and its place among them. */
  const located = async (kind: 'chapter' | 'section' | 'recommendation', id: string) => {
    const table = kind === 'chapter' ? guidelineChapters : kind === 'section' ? guidelineSections : recommendations;
    const [row] = await db().select({ versionId: table.versionId }).from(table).where(eq(table.id, id));
    const l = row ? await loadVersion(db(), row.versionId) : null;
    if (!l) throw new HttpError(404, 'error.404.body');
    if (kind === 'chapter') return { l, parentId: l.version.id, siblings: l.chapters.map((c) => c.id) };
    if (kind === 'section') {
      const s = l.sections.find((x) => x.id === id)!;
      return { l, parentId: s.chapterId, siblings: l.sections.filter((x) => x.chapterId === s.chapterId).map((x) => x.id) };
    }
    const r = l.recs.find((x) => x.id === id)!;
    return { l, parentId: r.sectionId, siblings: l.recs.filter((x) => x.sectionId === r.sectionId).map((x) => x.id) };
  };
  const headOf = (l: LoadedVersion, locale: Locale): VersionHead => {
    const title = pickTranslation(l.guidelineTexts, locale, l.guideline.sourceLocale);
    return { guidelineId: l.guideline.id, guidelineTitle: title?.value.title ?? l.guideline.slug, titleLocale: title?.locale ?? l.guideline.sourceLocale, versionId: l.version.id, label: l.version.label, status: l.version.status, sourceLocale: l.guideline.sourceLocale };
  };
  const sourceText = <T extends { locale: string }>(rows: readonly T[], sourceLocale: string): T | undefined => rows.find((r) => r.locale === sourceLocale);

  for (const kind of ['chapter', 'section', 'recommendation'] as const) {
    const base = `${MANAGE}/${kind === 'chapter' ? 'chapters' : kind === 'section' ? 'sections' : 'recommendations'}/:id`;
    app.post(`${base}/move`, editors, async (req, reply) => {
      const id = idParam(req);
      const { l, parentId, siblings } = await located(kind, id);
      const direction = (req.body as Record<string, unknown> | undefined)?.direction;
      if (direction !== 'up' && direction !== 'down') return versionPage(req, reply, l.version.id, {}, { _form: 'errors.choose' }, 400);
      const position = siblings.indexOf(id) + (direction === 'up' ? -1 : 1);
      const r =
        kind === 'chapter' ? await moveChapter(db(), id, position) : kind === 'section' ? await moveSection(db(), id, { chapterId: parentId, position }) : await moveRecommendation(db(), id, { sectionId: parentId, position });
      if (!r.ok) return versionPage(req, reply, l.version.id, {}, shown(r.errors), statusOf(r));
      return seeOther(reply, `${MANAGE}/versions/${l.version.id}?notice=moved#${kind === 'recommendation' ? 'rec' : kind}-${id}`);
    });
    app.post(`${base}/remove`, editors, async (req, reply) => {
      const id = idParam(req);
      const { l } = await located(kind, id);
      const r = kind === 'chapter' ? await removeChapter(db(), id) : kind === 'section' ? await removeSection(db(), id) : await removeRecommendation(db(), id);
      if (!r.ok) return versionPage(req, reply, l.version.id, {}, shown(r.errors), r.errors.form === 'guidelines.errors.notEmpty' ? 409 : statusOf(r));
      return seeOther(reply, `${MANAGE}/versions/${l.version.id}?notice=removed`);
    });
  }

  /**
   * The form that moves a draft's section to another chapter, or a recommendation to another section (at the
   * end there): the draft's other chapters or sections, numbered and titled in the editor's language.
   */
  const moveForm = (req: FastifyRequest, l: LoadedVersion, kind: 'section' | 'recommendation', id: string): MoveForm | undefined => {
    if (!canEdit(l.version)) return undefined;
    const titled = (rows: { locale: string; revision: number; sourceRevision: number; title: string }[], fallback: string) => pickTranslation(rows, req.locale, l.guideline.sourceLocale)?.value.title ?? fallback;
    if (kind === 'section') {
      const current = l.sections.find((s) => s.id === id)!.chapterId;
      const options = l.chapters.flatMap((c, ci) => (c.id === current ? [] : [{ value: c.id, label: `${ci + 1} ${titled(l.chapterTexts.filter((t) => t.chapterId === c.id), c.key)}` }]));
      return { action: `${MANAGE}/sections/${id}/move-to-chapter`, name: 'chapterId', options };
    }
    const current = l.recs.find((r) => r.id === id)!.sectionId;
    const options = l.chapters.flatMap((c, ci) =>
      l.sections
        .filter((s) => s.chapterId === c.id)
        .flatMap((s, si) => (s.id === current ? [] : [{ value: s.id, label: `${ci + 1}.${si + 1} ${titled(l.sectionTexts.filter((t) => t.sectionId === s.id), s.key)}` }])),
    );
    return { action: `${MANAGE}/recommendations/${id}/move-to-section`, name: 'sectionId', options };
  };
  /** The chosen new parent: one of the draft's others (else a field error), for moveSection/moveRecommendation to check again. */
  const targetOf = (body: unknown, field: 'chapterId' | 'sectionId', current: string) => {
    const form = parseForm(z.object({ [field]: text({ max: 36, required: false }) }), body);
    const value = form.ok ? String((form.data as Record<string, string>)[field]) : '';
    // A select offers only the others: anything else (empty, not an id, the current one) is not a choice.
    return { ok: uuid.safeParse(value).success && value !== current, value, values: form.values, errors: { [field]: 'errors.choose' } };
  };

  // Chapters' and sections' texts (source language), and new sections.
  const partPage = (reply: FastifyReply, head: VersionHead, kind: 'chapter' | 'section', heading: string, action: string, values: FormValues, errors: Record<string, string>, status = 200, move?: MoveForm) =>
    reply.page(h(PartPage, { head, kind, heading, action, values, errors, move }), { status });
  const refuseFrozen = (l: LoadedVersion) => {
    if (!canEdit(l.version)) throw new HttpError(409, 'guidelines.errors.notDraft');
  };
  const numberOf = (l: LoadedVersion, kind: 'chapter' | 'section', id: string): string => {
    if (kind === 'chapter') return `${l.chapters.findIndex((c) => c.id === id) + 1}`;
    const s = l.sections.find((x) => x.id === id)!;
    return `${numberOf(l, 'chapter', s.chapterId)}.${l.sections.filter((x) => x.chapterId === s.chapterId).findIndex((x) => x.id === id) + 1}`;
  };
  for (const kind of ['chapter', 'section'] as const) {
    const path = `${MANAGE}/${kind === 'chapter' ? 'chapters' : 'sections'}/:id`;
    const textsOf = (l: LoadedVersion, id: string): { locale: string; title: string; intro: string }[] => (kind === 'chapter' ? l.chapterTexts.filter((t) => t.chapterId === id) : l.sectionTexts.filter((t) => t.sectionId === id));
    const heading = (req: FastifyRequest, l: LoadedVersion, id: string) => req.t(`guidelines.editor.edit${kind === 'chapter' ? 'Chapter' : 'Section'}`, { number: numberOf(l, kind, id) });
    app.get(path, editors, async (req, reply) => {
      const id = idParam(req);
      const { l } = await located(kind, id);
      refuseFrozen(l);
      const src = sourceText(textsOf(l, id), l.guideline.sourceLocale);
      return partPage(reply, headOf(l, req.locale), kind, heading(req, l, id), path.replace(':id', id), { title: src?.title ?? '', intro: src?.intro ?? '' }, {}, 200, kind === 'section' ? moveForm(req, l, 'section', id) : undefined);
    });
    app.post(path, editors, async (req, reply) => {
      const id = idParam(req);
      const { l } = await located(kind, id);
      const form = parseForm(partSchema, req.body);
      const again = (values: FormValues, errors: Record<string, string>, status: number) =>
        partPage(reply, headOf(l, req.locale), kind, heading(req, l, id), path.replace(':id', id), values, errors, status, kind === 'section' ? moveForm(req, l, 'section', id) : undefined);
      if (!form.ok) return again(form.values, form.errors, 400);
      const r = await saveTranslation(db(), kind, id, l.guideline.sourceLocale, form.data, by(req));
      if (!r.ok) return again(form.values, shown(r.errors), statusOf(r));
      return seeOther(reply, `${MANAGE}/versions/${l.version.id}?notice=saved#${kind}-${id}`);
    });
  }

  app.post(`${MANAGE}/sections/:id/move-to-chapter`, editors, async (req, reply) => {
    const id = idParam(req);
    const { l, parentId } = await located('section', id);
    refuseFrozen(l);
    const target = targetOf(req.body, 'chapterId', parentId);
    const again = (errors: Record<string, string>, status: number) => {
      const src = sourceText(
        l.sectionTexts.filter((t) => t.sectionId === id),
        l.guideline.sourceLocale,
      );
      const values = { title: src?.title ?? '', intro: src?.intro ?? '', ...target.values };
      return partPage(reply, headOf(l, req.locale), 'section', req.t('guidelines.editor.editSection', { number: numberOf(l, 'section', id) }), `${MANAGE}/sections/${id}`, values, errors, status, moveForm(req, l, 'section', id));
    };
    if (!target.ok) return again(target.errors, 400);
    const r = await moveSection(db(), id, { chapterId: target.value, position: l.sections.filter((s) => s.chapterId === target.value).length });
    if (!r.ok) return again(shown(r.errors), statusOf(r));
    return seeOther(reply, `${MANAGE}/versions/${l.version.id}?notice=moved#section-${id}`);
  });

  app.get(`${MANAGE}/chapters/:id/sections/new`, editors, async (req, reply) => {
    const id = idParam(req);
    const { l } = await located('chapter', id);
    refuseFrozen(l);
    return partPage(reply, headOf(l, req.locale), 'section', req.t('guidelines.editor.addSectionTo', { number: numberOf(l, 'chapter', id) }), `${MANAGE}/chapters/${id}/sections`, {}, {});
  });
  app.post(`${MANAGE}/chapters/:id/sections`, editors, async (req, reply) => {
    const id = idParam(req);
    const { l } = await located('chapter', id);
    const form = parseForm(partSchema, req.body);
    const again = (values: FormValues, errors: Record<string, string>, status: number) =>
      partPage(reply, headOf(l, req.locale), 'section', req.t('guidelines.editor.addSectionTo', { number: numberOf(l, 'chapter', id) }), `${MANAGE}/chapters/${id}/sections`, values, errors, status);
    if (!form.ok) return again(form.values, form.errors, 400);
    const r = await addSection(db(), id, form.data, { by: by(req) });
    if (!r.ok) return again(form.values, shown(r.errors), statusOf(r));
    return seeOther(reply, `${MANAGE}/versions/${l.version.id}?notice=added#section-${r.id}`);
  });

  // ---- Recommendations ----------------------------------------------------------------------------------
  /** Lessons of every course (authors' current content), titled in the editor's language, optionally narrowed by a search. */
  const lessonChoices = async (locale: Locale, query = '', only?: string[]): Promise<LessonChoice[]> => {
    const out: LessonChoice[] = [];
    const q = query.trim().toLocaleLowerCase(locale);
    for (const course of await courseChoices(db(), locale, '')) {
      const s = await draftSnapshot(db(), course.id);
      for (const m of s?.modules ?? [])
        for (const lesson of m.lessons) {
          const title = pickTranslation(lesson.texts, locale, s!.sourceLocale)?.value.title ?? '';
          if (only ? only.includes(lesson.id) : !q || title.toLocaleLowerCase(locale).includes(q) || course.title.toLocaleLowerCase(locale).includes(q)) out.push({ id: lesson.id, title, course: course.title });
        }
    }
    return only ? out : out.slice(0, LESSON_CHOICES_MAX);
  };
  const organisationTypeRows = () => listOrganisationTypes(db());
  const emptyLists = { roles: [] as string[], organisationTypes: [] as string[], steps: [] as string[] };
  const recPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    l: LoadedVersion,
    opts: { heading: string; action: string; form: RecommendationForm; saved?: { id: string; identifier: string }; linkErrors?: Record<string, string>; status?: number },
  ) => {
    const orgTypes = await organisationTypeRows();
    let saved;
    if (opts.saved) {
      const lessonQuery = typeof (req.query as Record<string, unknown>).lq === 'string' ? ((req.query as Record<string, string>).lq ?? '').slice(0, 100) : '';
      const linkedIds = await linkedLessons(db(), l.guideline.id, opts.saved.identifier);
      const [linked, choicesList] = await Promise.all([lessonChoices(req.locale, '', linkedIds), lessonChoices(req.locale, lessonQuery)]);
      saved = { ...opts.saved, linked, choices: choicesList, lessonQuery, linkErrors: opts.linkErrors ?? {} };
    }
    const move = opts.saved ? moveForm(req, l, 'recommendation', opts.saved.id) : undefined;
    return reply.page(h(RecommendationPage, { head: headOf(l, req.locale), heading: opts.heading, action: opts.action, editable: canEdit(l.version), form: opts.form, organisationTypes: orgTypes, saved, move }), { status: opts.status ?? 200 });
  };
  const parseRecommendation = async (body: unknown) => {
    const form = parseForm(recommendationSchema((await organisationTypeRows()).map((o) => o.code)), body);
    const b = (body ?? {}) as Record<string, unknown>;
    const lists = Object.fromEntries(REC_LISTS.map((k) => [k, repeated(b[k])])) as RecommendationForm['lists'];
    return { form, lists };
  };

  app.get(`${MANAGE}/sections/:id/recommendations/new`, editors, async (req, reply) => {
    const id = idParam(req);
    const { l } = await located('section', id);
    refuseFrozen(l);
    const values = { identifier: await nextIdentifier(db(), l.guideline.id), strength: '', evidence: '' };
    return recPage(req, reply, l, { heading: req.t('guidelines.editor.newRecommendation', { number: numberOf(l, 'section', id) }), action: `${MANAGE}/sections/${id}/recommendations`, form: { values, lists: emptyLists, errors: {} } });
  });
  app.post(`${MANAGE}/sections/:id/recommendations`, editors, async (req, reply) => {
    const id = idParam(req);
    const { l } = await located('section', id);
    const { form, lists } = await parseRecommendation(req.body);
    const again = (errors: Record<string, string>, status: number) =>
      recPage(req, reply, l, { heading: req.t('guidelines.editor.newRecommendation', { number: numberOf(l, 'section', id) }), action: `${MANAGE}/sections/${id}/recommendations`, form: { values: form.values, lists, errors }, status });
    if (!form.ok) return again(form.errors, 400);
    const d = form.data;
    const r = await addRecommendation(db(), id, { identifier: d.identifier, statement: d.statement, rationale: d.rationale, strength: d.strength, evidence: d.evidence || null, roles: d.roles, organisationTypes: d.organisationTypes, steps: d.steps }, { by: by(req) });
    if (!r.ok) return again(shown(r.errors), statusOf(r));
    return seeOther(reply, `${MANAGE}/versions/${l.version.id}?notice=added#rec-${r.id}`);
  });

  const recOf = async (req: FastifyRequest) => {
    const id = idParam(req);
    const { l } = await located('recommendation', id);
    return { id, l, rec: l.recs.find((r) => r.id === id)! };
  };
  const recHeading = (req: FastifyRequest, identifier: string) => req.t('guidelines.editor.recommendation', { identifier });
  app.get(`${MANAGE}/recommendations/:id`, editors, async (req, reply) => {
    const { id, l, rec } = await recOf(req);
    const src = sourceText(
      l.recTexts.filter((t) => t.recommendationId === id),
      l.guideline.sourceLocale,
    );
    const values = { statement: src?.statement ?? '', rationale: src?.rationale ?? '', strength: rec.strength, evidence: rec.evidence ?? '' };
    const lists = { roles: rec.roles, organisationTypes: rec.organisationTypes, steps: rec.steps };
    return recPage(req, reply, l, { heading: recHeading(req, rec.identifier), action: `${MANAGE}/recommendations/${id}`, form: { values, lists, errors: {} }, saved: { id, identifier: rec.identifier } });
  });
  app.post(`${MANAGE}/recommendations/:id`, editors, async (req, reply) => {
    const { id, l, rec } = await recOf(req);
    const { form, lists } = await parseRecommendation(req.body);
    const again = (errors: Record<string, string>, status: number) => recPage(req, reply, l, { heading: recHeading(req, rec.identifier), action: `${MANAGE}/recommendations/${id}`, form: { values: form.values, lists, errors }, saved: { id, identifier: rec.identifier }, status });
    if (!form.ok) return again(form.errors, 400);
    const d = form.data;
    const r = await updateRecommendation(db(), id, { statement: d.statement, rationale: d.rationale, strength: d.strength, evidence: d.evidence || null, roles: d.roles, organisationTypes: d.organisationTypes, steps: d.steps }, by(req));
    if (!r.ok) return again(shown(r.errors), statusOf(r));
    return seeOther(reply, `${MANAGE}/versions/${l.version.id}?notice=saved#rec-${id}`);
  });

  app.post(`${MANAGE}/recommendations/:id/move-to-section`, editors, async (req, reply) => {
    const { id, l, rec } = await recOf(req);
    refuseFrozen(l);
    const target = targetOf(req.body, 'sectionId', rec.sectionId);
    const again = (errors: Record<string, string>, status: number) => {
      const src = sourceText(
        l.recTexts.filter((t) => t.recommendationId === id),
        l.guideline.sourceLocale,
      );
      const values = { statement: src?.statement ?? '', rationale: src?.rationale ?? '', strength: rec.strength, evidence: rec.evidence ?? '', ...target.values };
      const lists = { roles: rec.roles, organisationTypes: rec.organisationTypes, steps: rec.steps };
      return recPage(req, reply, l, { heading: recHeading(req, rec.identifier), action: `${MANAGE}/recommendations/${id}`, form: { values, lists, errors }, saved: { id, identifier: rec.identifier }, status });
    };
    if (!target.ok) return again(target.errors, 400);
    const r = await moveRecommendation(db(), id, { sectionId: target.value, position: l.recs.filter((x) => x.sectionId === target.value).length });
    if (!r.ok) return again(shown(r.errors), statusOf(r));
    return seeOther(reply, `${MANAGE}/versions/${l.version.id}?notice=moved#rec-${id}`);
  });

  // Lesson links: by the guideline and the recommendation's identifier, so they hold in later versions.
  app.post(`${MANAGE}/recommendations/:id/lessons`, editors, async (req, reply) => {
    const { id, l, rec } = await recOf(req);
    const lessonId = (req.body as Record<string, unknown> | undefined)?.lessonId;
    const refuse = async () => {
      const src = sourceText(
        l.recTexts.filter((t) => t.recommendationId === id),
        l.guideline.sourceLocale,
      );
      const form = { values: { statement: src?.statement ?? '', rationale: src?.rationale ?? '', strength: rec.strength, evidence: rec.evidence ?? '' }, lists: { roles: rec.roles, organisationTypes: rec.organisationTypes, steps: rec.steps }, errors: {} };
      return recPage(req, reply, l, { heading: recHeading(req, rec.identifier), action: `${MANAGE}/recommendations/${id}`, form, saved: { id, identifier: rec.identifier }, linkErrors: { lessonId: 'errors.choose' }, status: 400 });
    };
    if (typeof lessonId !== 'string' || !uuid.safeParse(lessonId).success) return refuse();
    const r = await linkLesson(db(), { guidelineId: l.guideline.id, identifier: rec.identifier, lessonId });
    if (!r.ok) return refuse();
    return seeOther(reply, `${MANAGE}/recommendations/${id}?notice=linked#lessons`);
  });
  app.post(`${MANAGE}/recommendations/:id/lessons/:lesson/unlink`, editors, async (req, reply) => {
    const { id, l, rec } = await recOf(req);
    const r = await unlinkLesson(db(), { guidelineId: l.guideline.id, identifier: rec.identifier, lessonId: idParam(req, 'lesson') });
    if (!r.ok) throw new HttpError(404, 'error.404.body');
    return seeOther(reply, `${MANAGE}/recommendations/${id}?notice=unlinked#lessons`);
  });

  historyRoutes(app, p, recommendationHistory);

  // ---- Translations ------------------------------------------------------------------------------------
  const translatable = (req: FastifyRequest, l: LoadedVersion, lang: string): TranslatableText[] => {
    const src = l.guideline.sourceLocale;
    const item = <R extends { locale: string; revision: number; sourceRevision: number }>(kind: TextKind, id: string, label: string, rows: R[]): TranslatableText => {
      const fields = TEXT_FIELDS[kind];
      const pick = (r: R | undefined) => (r ? Object.fromEntries(fields.map((f) => [f, String((r as unknown as Record<string, unknown>)[f] ?? '')])) : null);
      const source = rows.find((r) => r.locale === src);
      const target = rows.find((r) => r.locale === lang);
      const state: TranslationState = !target ? 'missing' : isOutOfDate(target, source, src) ? 'out-of-date' : 'up-to-date';
      return { kind, id, label, fields, source: pick(source), target: pick(target), state };
    };
    const items: TranslatableText[] = [item('guideline', l.guideline.id, req.t('guidelines.editor.item.guideline'), l.guidelineTexts), item('version', l.version.id, req.t('guidelines.editor.item.changeNote'), l.versionTexts)];
    l.chapters.forEach((c, ci) => {
      items.push(item('chapter', c.id, req.t('guidelines.editor.item.chapter', { number: `${ci + 1}` }), l.chapterTexts.filter((t) => t.chapterId === c.id)));
      l.sections
        .filter((s) => s.chapterId === c.id)
        .forEach((s, si) => {
          items.push(item('section', s.id, req.t('guidelines.editor.item.section', { number: `${ci + 1}.${si + 1}` }), l.sectionTexts.filter((t) => t.sectionId === s.id)));
          for (const r of l.recs.filter((x) => x.sectionId === s.id))
            items.push(
              item(
                'recommendation',
                r.id,
                r.identifier,
                l.recTexts.filter((t) => t.recommendationId === r.id),
              ),
            );
        });
    });
    // A version without a change note in the original has nothing to translate there.
    return items.filter((i) => i.source);
  };
  const translationOf = async (req: FastifyRequest) => {
    const l = await loadVersion(db(), idParam(req));
    const lang = (req.params as { locale: string }).locale;
    if (!l || !isLocale(lang)) throw new HttpError(404, 'error.404.body');
    return { l, lang };
  };
  const mayTranslate = (req: FastifyRequest, l: LoadedVersion, lang: string) => canTranslate(l.version, lang, l.guideline.sourceLocale) && (isEditor(req) || lang !== l.guideline.sourceLocale);
  const translatePage = (req: FastifyRequest, reply: FastifyReply, l: LoadedVersion, lang: Locale, values: FormValues, errors: Record<string, string>, status = 200) => {
    const savedId = (req.query as Record<string, unknown>).saved;
    return reply.page(h(TranslatePage, { head: headOf(l, req.locale), lang, items: translatable(req, l, lang), editable: mayTranslate(req, l, lang), values, errors, savedId: status === 200 && typeof savedId === 'string' ? savedId : null }), { status });
  };
  app.get(`${MANAGE}/versions/:id/translate/:locale`, translators, async (req, reply) => {
    const { l, lang } = await translationOf(req);
    // The original is written in the structure editor.
    if (lang === l.guideline.sourceLocale) return seeOther(reply, `${MANAGE}/versions/${l.version.id}`);
    return translatePage(req, reply, l, lang, {}, {});
  });
  app.post(`${MANAGE}/versions/:id/translate/:locale`, translators, async (req, reply) => {
    const { l, lang } = await translationOf(req);
    if (lang === l.guideline.sourceLocale && !isEditor(req)) throw new HttpError(403, 'error.403.body');
    if (!canTranslate(l.version, lang, l.guideline.sourceLocale)) throw new HttpError(409, 'guidelines.errors.notDraft');
    const b = (req.body ?? {}) as Record<string, unknown>;
    const item = translatable(req, l, lang).find((i) => i.kind === b.kind && i.id === b.id);
    if (!item) throw new HttpError(404, 'error.404.body');
    const schema = z.object(Object.fromEntries(item.fields.map((f) => [translationField(item.id, f), text({ max: f === 'title' ? 300 : 10000, required: false })])));
    const form = parseForm(schema, b);
    if (!form.ok) return translatePage(req, reply, l, lang, form.values, form.errors, 400);
    const data = form.data as Record<string, string>;
    const fields = Object.fromEntries(item.fields.map((f) => [f, data[translationField(item.id, f)] ?? '']));
    const r = await saveTranslation(db(), item.kind, item.id, lang, fields as unknown as TextFields[typeof item.kind], by(req));
    if (!r.ok) {
      const errors = Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [k === 'form' ? '_form' : translationField(item.id, k), v]));
      return translatePage(req, reply, l, lang, form.values, errors, statusOf(r));
    }
    return seeOther(reply, `${MANAGE}/versions/${l.version.id}/translate/${lang}?saved=${item.id}#item-${item.id}`);
  });
}

// ---- History of a recommendation ------------------------------------------------------------------------

const REC_TEXT_LABELS = { statement: 'guidelines.editor.field.statement', rationale: 'guidelines.editor.field.rationale' };
const REC_SETTING_LABELS = {
  strength: 'guidelines.editor.field.strength',
  evidence: 'guidelines.editor.field.evidence',
  roles: 'guidelines.editor.field.roles',
  organisationTypes: 'guidelines.editor.field.organisationTypes',
  steps: 'guidelines.editor.field.steps',
};

async function recommendationState(db: DbOrTx, id: string) {
  const [row] = await db.select().from(recommendations).where(eq(recommendations.id, id));
  if (!row) return null;
  const l = await loadVersion(db, row.versionId);
  if (!l) return null;
  const texts = await db.select().from(recommendationTranslations).where(eq(recommendationTranslations.recommendationId, id));
  return { row, l, texts };
}

/**
 * The history of one recommendation of one version (its text per language, and its attributes). A new draft
 * copies recommendations into new rows, so each version's recommendation has a history of its own.
 */
const recommendationHistory: HistorySubject = {
  itemType: REVISION_TYPES.recommendation,
  base: `${MANAGE}/recommendations`,
  sectionLabelKey: 'guidelines.editor.title',
  roles: GUIDELINE_EDITORS,
  textFields: REC_TEXT_LABELS,
  settingsFields: REC_SETTING_LABELS,
  async load(db, id, t) {
    const s = await recommendationState(db, id);
    if (!s) return null;
    const current = new Map<string | null, { fields: Record<string, string | string[] | null>; sourceRevision?: number | null }>();
    for (const x of s.texts) current.set(x.locale, { fields: { statement: x.statement, rationale: x.rationale }, sourceRevision: x.locale === s.l.guideline.sourceLocale ? null : x.sourceRevision });
    current.set(null, { fields: { strength: s.row.strength, evidence: s.row.evidence, roles: s.row.roles, organisationTypes: s.row.organisationTypes, steps: s.row.steps } });
    return { title: `${t('guidelines.editor.versionLabel', { label: s.l.version.label })} · ${s.row.identifier}`, sourceLocale: s.l.guideline.sourceLocale, current };
  },
  async describeSettings(db, fields, t, locale) {
    const types = await listOrganisationTypes(db);
    const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
    return {
      strength: typeof fields.strength === 'string' && (STRENGTHS as readonly string[]).includes(fields.strength) ? t(`guidelines.strength.${fields.strength}`) : '',
      evidence: typeof fields.evidence === 'string' && (EVIDENCE_LEVELS as readonly string[]).includes(fields.evidence) ? t(`guidelines.level.${fields.evidence}`) : '',
      roles: list(fields.roles)
        .map((r) => t(`guidelines.role.${r}`))
        .join(', '),
      organisationTypes: list(fields.organisationTypes)
        .map((c) => nameIn(types.find((x) => x.code === c)?.names, locale, c))
        .join(', '),
      steps: list(fields.steps)
        .map((s) => t(`guidelines.step.${s}`))
        .join(', '),
    };
  },
  async restore(p, id, revision, userId) {
    const db = p.database.db;
    const s = await recommendationState(db, id);
    if (!s) return { error: 'error.404.body' };
    const f = revision.fields;
    if (revision.locale === null) {
      const src = s.texts.find((x) => x.locale === s.l.guideline.sourceLocale);
      const r = await updateRecommendation(
        db,
        id,
        { statement: src?.statement ?? '', rationale: src?.rationale ?? '', strength: String(f.strength ?? ''), evidence: typeof f.evidence === 'string' ? f.evidence : null, roles: (f.roles as string[]) ?? [], organisationTypes: (f.organisationTypes as string[]) ?? [], steps: (f.steps as string[]) ?? [] },
        { userId, restoredFrom: revision.number },
      );
      return r.ok ? { ok: true } : { error: r.errors.form ?? Object.values(r.errors)[0]! };
    }
    const r = await saveTranslation(db, 'recommendation', id, revision.locale, { statement: String(f.statement ?? ''), rationale: String(f.rationale ?? '') }, { userId, restoredFrom: revision.number, translatedFrom: revision.sourceRevision });
    return r.ok ? { ok: true } : { error: r.errors.form ?? Object.values(r.errors)[0]! };
  },
};
