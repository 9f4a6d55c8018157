import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inArray } from 'drizzle-orm';
import { h } from 'preact';
import { readContentVersion } from '../../platform/content-version.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { HttpError } from '../../platform/http/errors.js';
import { formatDate, nameIn, type Locale } from '../../platform/i18n/index.js';
import { listOrganisationTypes } from '../../platform/identity/organisations.js';
import type { Platform } from '../../platform/platform.js';
import { contentDisposition } from '../../platform/storage.js';
import { pickTranslation } from '../../platform/translations.js';
import { diffVersions } from './diff.js';
import { lessonsTeaching } from './lesson-links.js';
import { instrumentBandsSuggesting } from '../care/screenings.js';
import { versionPdf } from './pdf.js';
import { guidelineVersionTranslations } from './schema.js';
import {
  citationParts,
  findRecommendation,
  findVersion,
  formatCitation,
  getGuideline,
  IDENTIFIER,
  isPublic,
  LABEL,
  listGuidelines,
  listVersions,
  readVersion,
  recommendationPath,
  versionPath,
  type CitationParts,
  type CitationWords,
  type GuidelineRow,
  type VersionRow,
} from './service.js';
import { DiffPage, GuidelineHomePage, GuidelinesPage, RecommendationPage, VersionPage, type PublicVersion, type TypeNames } from './views/reading.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** A guideline's public versions (drafts are the editors' alone), newest first, each with its change note in `locale`. */
async function publicVersions(db: DbOrTx, g: GuidelineRow, locale: Locale): Promise<(VersionRow & Pick<PublicVersion, 'changeNote'>)[]> {
  const versions = (await listVersions(db, g.id)).filter(isPublic);
  if (!versions.length) return [];
  const notes = await db
    .select()
    .from(guidelineVersionTranslations)
    .where(inArray(guidelineVersionTranslations.versionId, versions.map((v) => v.id)));
  return versions.map((v) => {
    const picked = pickTranslation(notes.filter((n) => n.versionId === v.id), locale, g.sourceLocale);
    return { ...v, changeNote: picked && { ...picked, value: { changeNote: picked.value.changeNote } } };
  });
}

const toPublic = (v: VersionRow & Pick<PublicVersion, 'changeNote'>): PublicVersion => ({
  label: v.label,
  status: v.status,
  publishedAt: v.publishedAt,
  supersededAt: v.supersededAt,
  consultationStartsOn: v.consultationStartsOn,
  consultationEndsOn: v.consultationEndsOn,
  changeNote: v.changeNote,
});

/** The words of a citation in the reader's language. */
const citationWords = (t: FastifyRequest['t']): CitationWords => ({
  version: t('guidelines.cite.version'),
  recommendation: t('guidelines.cite.recommendation'),
  status: { draft: t('guidelines.cite.status.draft'), consultation: t('guidelines.cite.status.consultation'), superseded: t('guidelines.cite.status.superseded') },
});

/** File names from parts that are already restricted to safe characters (slug, label, identifier). */
const fileName = (...parts: string[]) => parts.join('-').replace(/[^A-Za-z0-9.-]/g, '_');

function ris(c: CitationParts, statement: string): string {
  const line = (tag: string, value: string) => `${tag}  - ${value.replace(/[\r\n]+/g, ' ')}`;
  return [
    line('TY', 'GEN'),
    line('TI', `${c.title}, version ${c.label}, recommendation ${c.identifier}`),
    line('T2', c.title),
    ...(c.organisation ? [line('AU', c.organisation), line('PB', c.organisation)] : []),
    line('PY', String(c.year)),
    line('ET', c.label),
    line('UR', c.url),
    line('AB', statement),
    'ER  - ',
    '',
  ].join('\r\n');
}

/** BibTeX's special characters, escaped so a title or statement cannot break the entry. */
const bibEscape = (s: string) => s.replace(/[\\{}%&$#_^~]/g, (ch) => (ch === '\\' ? '\\textbackslash{}' : ch === '^' ? '\\^{}' : ch === '~' ? '\\~{}' : `\\${ch}`)).replace(/[\r\n]+/g, ' ');

function bibtex(c: CitationParts, slug: string): string {
  const key = fileName(slug, c.label, c.identifier).replace(/[^A-Za-z0-9-]/g, '-');
  const fields = [
    ['title', `${bibEscape(c.title)}, version ${bibEscape(c.label)}, recommendation ${bibEscape(c.identifier)}`],
    ...(c.organisation ? [['author', `{${bibEscape(c.organisation)}}`]] : []),
    ['year', String(c.year)],
    ['version', bibEscape(c.label)],
    ['url', c.url.replace(/[{}]/g, '')],
    ['howpublished', `\\url{${c.url.replace(/[{}]/g, '')}}`],
  ];
  return `@misc{${key},\n${fields.map(([k, v]) => `  ${k} = {${v}}`).join(',\n')}\n}\n`;
}

/**
 * The public reading side of guidelines: the list, each guideline's home, a version as a document and as a
 * PDF, a recommendation's permalink with its citation, and the comparison of two versions. Drafts are never
 * shown here (404, as for something that does not exist).
 */
export function readingRoutes(app: FastifyInstance, p: Platform) {
  const db = p.database.db;
  const cached = { config: { access: 'public' as const, pageCache: true as const } };
  const pub = { config: { access: 'public' as const } };

  const params = (req: FastifyRequest) => req.params as Record<string, string>;
  const slugOf = (req: FastifyRequest) => {
    const slug = params(req).slug ?? '';
    if (!SLUG.test(slug)) throw new HttpError(404, 'error.404.body');
    return slug;
  };
  /** A public version by slug and label; `current` stands for the published one. */
  const publicVersion = async (req: FastifyRequest, label = params(req).label ?? '') => {
    const slug = slugOf(req);
    if (label !== 'current' && !LABEL.test(label)) throw new HttpError(404, 'error.404.body');
    const found = await findVersion(db, slug, label);
    if (!found || !isPublic(found.version)) throw new HttpError(404, 'error.404.body');
    return found;
  };
  const typeNames = async (): Promise<TypeNames> => Object.fromEntries((await listOrganisationTypes(db)).map((x) => [x.code, x.names]));
  const currentOf = async (guidelineId: string) => (await listVersions(db, guidelineId)).find((v) => v.status === 'published') ?? null;

  app.get('/guidelines', cached, async (req, reply) => {
    const items = await listGuidelines(db, req.locale, { publicOnly: true });
    const cards = await Promise.all(
      items.map(async (g) => {
        const open = g.open?.status === 'consultation' ? (await listVersions(db, g.id)).find((v) => v.id === g.open!.id) : null;
        return { ...g, open: open ? g.open : null, consultation: open ? { label: open.label, endsOn: open.consultationEndsOn } : null };
      }),
    );
    return reply.page(h(GuidelinesPage, { items: cards }));
  });

  app.get('/guidelines/:slug', cached, async (req, reply) => {
    const g = await getGuideline(db, slugOf(req));
    if (!g) throw new HttpError(404, 'error.404.body');
    const versions = await publicVersions(db, g, req.locale);
    // The published version leads; before the first publication, the one in consultation.
    const lead = versions.find((v) => v.status === 'published') ?? versions.find((v) => v.status === 'consultation');
    if (!lead) throw new HttpError(404, 'error.404.body');
    const display = await readVersion(db, lead.id, req.locale);
    if (!display) throw new HttpError(404, 'error.404.body');
    return reply.page(h(GuidelineHomePage, { display, versions: versions.map(toPublic) }), { view: { type: 'guideline', id: g.id } });
  });

  app.get('/guidelines/:slug/diff', cached, async (req, reply) => {
    const g = await getGuideline(db, slugOf(req));
    if (!g) throw new HttpError(404, 'error.404.body');
    const versions = await publicVersions(db, g, req.locale);
    if (!versions.length) throw new HttpError(404, 'error.404.body');
    const title = (await readVersion(db, versions[0]!.id, req.locale))?.guideline.text?.value.title ?? g.slug;
    const query = req.query as Record<string, unknown>;
    const from = typeof query.from === 'string' ? query.from.slice(0, 20) : '';
    const to = typeof query.to === 'string' ? query.to.slice(0, 20) : '';
    // Only public versions can be compared: a draft's label is as unknown here as a label that never was.
    const fromV = versions.find((v) => v.label === from);
    const toV = versions.find((v) => v.label === to);
    const frame = { guideline: { slug: g.slug, title }, versions: versions.map(toPublic), from, to, typeNames: await typeNames() };
    if (!fromV || !toV || fromV.id === toV.id) return reply.page(h(DiffPage, { ...frame, diff: null, error: from || to ? 'guidelines.errors.diffLabels' : undefined }), { status: from || to ? 400 : 200 });
    const diff = await diffVersions(db, fromV.id, toV.id, req.locale);
    if (!diff) throw new HttpError(404, 'error.404.body');
    return reply.page(h(DiffPage, { ...frame, diff }));
  });

  // Laying out a long guideline takes a second of CPU: the last few PDFs are kept until any content changes.
  const pdfs = new Map<string, Buffer>();
  const PDFS_KEPT = 12;
  app.get('/guidelines/:slug/:label.pdf', pub, async (req, reply) => {
    const found = await publicVersion(req);
    const key = `${found.version.id}|${req.locale}|${await readContentVersion(db)}`;
    let pdf = pdfs.get(key);
    if (!pdf) {
      const display = await readVersion(db, found.version.id, req.locale);
      if (!display) throw new HttpError(404, 'error.404.body');
      const types = await typeNames();
      pdf = await versionPdf(display, {
        t: req.t,
        locale: req.locale,
        url: `${p.config.publicUrl}${versionPath(found.guideline.slug, found.version.label)}`,
        typeName: (code) => nameIn(types[code], req.locale, code),
        formatDate: (d) => formatDate(req.locale, d),
      });
      for (const old of [...pdfs.keys()].filter((k) => k.startsWith(`${found.version.id}|${req.locale}|`))) pdfs.delete(old);
      if (pdfs.size >= PDFS_KEPT) pdfs.delete(pdfs.keys().next().value!);
      pdfs.set(key, pdf);
    }
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', contentDisposition('attachment', `${fileName(found.guideline.slug, found.version.label)}.pdf`))
      .header('cache-control', 'public, max-age=300')
      .send(pdf);
  });

  app.get('/guidelines/:slug/:label', cached, async (req, reply) => {
    const found = await publicVersion(req);
    if (params(req).label === 'current') return reply.redirect(versionPath(found.guideline.slug, found.version.label), 302);
    const display = await readVersion(db, found.version.id, req.locale);
    if (!display) throw new HttpError(404, 'error.404.body');
    const versions = (await listVersions(db, found.guideline.id)).filter(isPublic);
    const current = versions.find((v) => v.status === 'published') ?? null;
    // The public version just before this one (the list is newest first), to offer "what changed".
    const previous = versions[versions.findIndex((v) => v.id === found.version.id) + 1];
    return reply.page(h(VersionPage, { display, current: current && { label: current.label }, previous: previous?.label ?? null, typeNames: await typeNames() }), { view: { type: 'guideline', id: found.guideline.id } });
  });

  /** A recommendation of a public version, by its permalink's parts. */
  const recommendationOf = async (req: FastifyRequest) => {
    const found = await publicVersion(req);
    const identifier = params(req).identifier ?? '';
    if (!IDENTIFIER.test(identifier)) throw new HttpError(404, 'error.404.body');
    const page = await findRecommendation(db, found.guideline.slug, found.version.label, identifier, req.locale);
    if (!page) throw new HttpError(404, 'error.404.body');
    const parts = await citationParts(db, { slug: found.guideline.slug, label: found.version.label, identifier: page.recommendation.identifier }, req.locale, p.config.publicUrl);
    if (!parts) throw new HttpError(404, 'error.404.body');
    return { found, page, parts };
  };

  app.get('/guidelines/:slug/:label/recommendations/:identifier', cached, async (req, reply) => {
    const { found, page, parts } = await recommendationOf(req);
    // The permalink names the version and the identifier as written: `current` and other spellings lead there.
    if (params(req).label === 'current' || params(req).identifier !== page.recommendation.identifier) return reply.redirect(recommendationPath(found.guideline.slug, found.version.label, page.recommendation.identifier), 302);
    const current = await currentOf(found.guideline.id);
    const lessons = await lessonsTeaching(db, found.guideline.id, page.recommendation.identifier, req.locale);
    const care = await instrumentBandsSuggesting(db, found.guideline.slug, page.recommendation.identifier);
    return reply.page(h(RecommendationPage, { page, citation: formatCitation(parts, citationWords(req.t)), lessons, care, current: current && { label: current.label }, typeNames: await typeNames() }), { view: { type: 'guideline', id: found.guideline.id } });
  });

  app.get('/guidelines/:slug/:label/recommendations/:identifier/cite.ris', pub, async (req, reply) => {
    const { found, page, parts } = await recommendationOf(req);
    return reply
      .header('content-type', 'application/x-research-info-systems; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', `${fileName(found.guideline.slug, found.version.label, page.recommendation.identifier)}.ris`))
      .send(ris(parts, page.recommendation.text?.value.statement ?? ''));
  });

  app.get('/guidelines/:slug/:label/recommendations/:identifier/cite.bib', pub, async (req, reply) => {
    const { found, page, parts } = await recommendationOf(req);
    return reply
      .header('content-type', 'application/x-bibtex; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', `${fileName(found.guideline.slug, found.version.label, page.recommendation.identifier)}.bib`))
      .send(bibtex(parts, found.guideline.slug));
  });

}
