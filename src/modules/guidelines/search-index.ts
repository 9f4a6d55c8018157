import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { isLocale } from '../../platform/i18n/index.js';
import { indexItem } from '../../platform/search.js';
import { pickTranslation } from '../../platform/translations.js';
import { guidelines, guidelineTranslations, guidelineVersions, recommendations, recommendationTranslations } from './schema.js';

/**
 * The site search holds the recommendations of each guideline's published version only, one document per
 * language that has a text, so that a search leads to the current text. Superseded versions leave the index
 * when their successor is published; drafts and consultations are never in it.
 */
export const SEARCH_TYPE = 'recommendation';

async function indexRecommendations(db: DbOrTx, guidelineId: string, versionId: string, recIds?: string[]) {
  const [g] = await db.select().from(guidelines).where(eq(guidelines.id, guidelineId));
  const [v] = await db.select().from(guidelineVersions).where(eq(guidelineVersions.id, versionId));
  if (!g || !v) return;
  const titles = await db.select().from(guidelineTranslations).where(eq(guidelineTranslations.guidelineId, guidelineId));
  const recs = await db
    .select()
    .from(recommendations)
    .where(and(eq(recommendations.versionId, versionId), recIds ? inArray(recommendations.id, recIds) : undefined));
  if (!recs.length) return;
  const texts = await db.select().from(recommendationTranslations).where(inArray(recommendationTranslations.recommendationId, recs.map((r) => r.id)));
  for (const r of recs) {
    const docs = texts
      .filter((t) => t.recommendationId === r.id)
      .map((t) => {
        const title = (isLocale(t.locale) && pickTranslation(titles, t.locale, g.sourceLocale)?.value.title) || g.slug;
        return { locale: t.locale, title: `${r.identifier} · ${title}`, summary: t.statement, body: t.rationale, url: `/guidelines/${g.slug}/${v.label}/recommendations/${r.identifier}`, publishedAt: v.publishedAt };
      });
    await indexItem(db, SEARCH_TYPE, r.id, v.status === 'published' ? docs : []);
  }
}

/** Puts the published version of a guideline (if any) in the index. */
export async function indexPublishedVersion(db: DbOrTx, guidelineId: string) {
  const [v] = await db
    .select({ id: guidelineVersions.id })
    .from(guidelineVersions)
    .where(and(eq(guidelineVersions.guidelineId, guidelineId), eq(guidelineVersions.status, 'published')));
  if (v) await indexRecommendations(db, guidelineId, v.id);
}

/** Takes a version's recommendations out of the index. */
export async function unindexVersion(db: DbOrTx, versionId: string) {
  const recs = await db.select({ id: recommendations.id }).from(recommendations).where(eq(recommendations.versionId, versionId));
  for (const r of recs) await indexItem(db, SEARCH_TYPE, r.id, []);
}

/** Re-indexes one recommendation (after a translation of a published version is saved). */
export async function indexRecommendation(db: DbOrTx, recommendationId: string) {
  const [row] = await db
    .select({ versionId: recommendations.versionId, guidelineId: guidelineVersions.guidelineId })
    .from(recommendations)
    .innerJoin(guidelineVersions, eq(guidelineVersions.id, recommendations.versionId))
    .where(eq(recommendations.id, recommendationId));
  if (row) await indexRecommendations(db, row.guidelineId, row.versionId, [recommendationId]);
}

/** Rebuilds what the index holds for every guideline (a full rebuild; day to day, publishing keeps it true). */
export async function reindexGuidelines(db: DbOrTx) {
  const versions = await db.select({ id: guidelineVersions.id, guidelineId: guidelineVersions.guidelineId, status: guidelineVersions.status }).from(guidelineVersions);
  for (const v of versions) {
    if (v.status === 'published') await indexRecommendations(db, v.guidelineId, v.id);
    else await unindexVersion(db, v.id);
  }
}
