import { and, eq, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from './db/index.js';
import type { Locale } from './i18n/index.js';
import { searchDocuments } from './schema.js';

/** PostgreSQL text-search configuration per interface language (stemming and stop words). */
export const TS_CONFIG: Record<Locale, string> = { en: 'english', it: 'italian', de: 'german', es: 'spanish', el: 'greek', ar: 'arabic' };
const configFor = (locale: string) => TS_CONFIG[locale as Locale] ?? 'simple';

export interface SearchDocument {
  locale: string;
  title: string;
  summary?: string;
  /** Plain text or Markdown; markup characters do not matter to the index. */
  body?: string;
  url: string;
  projectId?: string | null;
  publishedAt?: Date | null;
}

/**
 * Replaces what the index holds for one item (all its languages). Modules call this whenever an item
 * changes, with only what the public may see; an empty list removes the item.
 */
export async function indexItem(db: DbOrTx, type: string, refId: string, docs: SearchDocument[]): Promise<void> {
  await db.delete(searchDocuments).where(and(eq(searchDocuments.type, type), eq(searchDocuments.refId, refId)));
  for (const d of docs) {
    const config = configFor(d.locale);
    const summary = d.summary ?? '';
    const body = (d.body ?? '').slice(0, 200_000);
    await db.insert(searchDocuments).values({
      type,
      refId,
      locale: d.locale,
      config,
      projectId: d.projectId ?? null,
      title: d.title,
      summary,
      body,
      url: d.url,
      tsv: sql`setweight(to_tsvector(${config}::regconfig, unaccent(${d.title})), 'A') || setweight(to_tsvector(${config}::regconfig, unaccent(${summary})), 'B') || setweight(to_tsvector(${config}::regconfig, unaccent(${body})), 'C')`,
      trgmText: sql`lower(unaccent(${`${d.title} ${summary}`}))`,
      publishedAt: d.publishedAt ?? null,
      updatedAt: new Date(),
    });
  }
}

export interface SearchQuery {
  q: string;
  /** The reader's language: results in it come first. */
  locale: Locale;
  type?: string;
  projectId?: string;
  /** Only results in this language. */
  language?: string;
  page: number;
  pageSize: number;
}

export interface SearchHit {
  type: string;
  refId: string;
  locale: string;
  title: string;
  url: string;
  projectId: string | null;
  /** HTML: the matching passage, escaped, with matched words in <mark>. */
  snippet: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Full-text search in each document's own language (stemming, accents folded), plus trigram similarity so
 * that a misspelt word still finds its item. One hit per item, in the reader's language when it exists.
 */
export async function search(database: Database, query: SearchQuery): Promise<{ total: number; hits: SearchHit[] }> {
  const q = query.q.trim().slice(0, 200);
  if (!q) return { total: 0, hits: [] };
  const rows = await database.query<{ type: string; ref_id: string; locale: string; title: string; url: string; project_id: string | null; snippet: string; total: string }>(
    `WITH q AS (SELECT lower(unaccent($1::text)) AS norm),
     m AS (
       SELECT d.*, ts_rank(d.tsv, websearch_to_tsquery(d.config::regconfig, q.norm)) AS rank,
              word_similarity(q.norm, d.trgm_text) AS sim,
              (d.locale = $2) AS mine,
              ts_headline(d.config::regconfig, CASE WHEN d.body = '' THEN d.summary ELSE d.body END, websearch_to_tsquery(d.config::regconfig, q.norm),
                          'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') AS snippet
       FROM search_documents d, q
       WHERE (d.tsv @@ websearch_to_tsquery(d.config::regconfig, q.norm) OR word_similarity(q.norm, d.trgm_text) >= 0.45)
         AND ($3::text IS NULL OR d.type = $3)
         AND ($4::uuid IS NULL OR d.project_id = $4)
         AND ($5::text IS NULL OR d.locale = $5)
     ),
     best AS (SELECT DISTINCT ON (type, ref_id) * FROM m ORDER BY type, ref_id, mine DESC, rank DESC, sim DESC)
     SELECT type, ref_id, locale, title, url, project_id, snippet, count(*) OVER () AS total
     FROM best ORDER BY mine DESC, rank + sim DESC, published_at DESC NULLS LAST LIMIT $6 OFFSET $7`,
    [q, query.locale, query.type ?? null, query.projectId ?? null, query.language ?? null, query.pageSize, (query.page - 1) * query.pageSize],
  );
  return {
    total: rows.length ? Number(rows[0]!.total) : 0,
    hits: rows.map((r) => ({
      type: r.type,
      refId: r.ref_id,
      locale: r.locale,
      title: r.title,
      url: r.url,
      projectId: r.project_id,
      snippet: escapeHtml(r.snippet).replace(/\u0001/g, '<mark>').replace(/\u0002/g, '</mark>'),
    })),
  };
}

/** Markdown to plain text for the index: links keep their words, markup characters go. */
export const plainText = (md: string) =>
  md
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>~|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
