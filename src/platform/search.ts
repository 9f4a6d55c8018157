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

/** Which lexemes are words worth correcting to (no numbers, addresses or fragments of them). */
const WORD_FILTER = `length(w) BETWEEN 3 AND 40 AND w !~ '[0-9[:punct:][:space:]]'`;

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
    const head = sql`setweight(to_tsvector(${config}::regconfig, unaccent(${d.title})), 'A') || setweight(to_tsvector(${config}::regconfig, unaccent(${summary})), 'B')`;
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
      tsv: sql`${head} || setweight(to_tsvector(${config}::regconfig, unaccent(${body})), 'C')`,
      tsvHead: head,
      publishedAt: d.publishedAt ?? null,
      updatedAt: new Date(),
    });
  }
  if (!docs.length) return;
  // Its words, for correcting misspelt queries; in order, so that two items indexed at once take the same locks in
  // the same order.
  const text = docs.map((d) => `${d.title} ${d.summary ?? ''} ${(d.body ?? '').slice(0, 200_000)}`).join(' ');
  await db.execute(
    sql`INSERT INTO search_words (word) SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple', unaccent(${text})))) AS w
        WHERE ${sql.raw(WORD_FILTER)} ORDER BY w ON CONFLICT DO NOTHING`,
  );
}

/**
 * Removes the words no indexed item holds any more (an item withdrawn or changed), so that a correction never
 * offers a word that finds nothing, nor keeps a name that was taken down. Reads every indexed text: run daily.
 */
export async function pruneSearchWords(database: Database): Promise<number> {
  const rows = await database.query<{ n: number }>(
    `WITH current AS MATERIALIZED (
       SELECT DISTINCT w FROM search_documents d, unnest(tsvector_to_array(to_tsvector('simple', unaccent(d.title || ' ' || d.summary || ' ' || d.body)))) AS w
       WHERE ${WORD_FILTER}
     ), gone AS (DELETE FROM search_words s WHERE NOT EXISTS (SELECT 1 FROM current c WHERE c.w = s.word) RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
  );
  return rows[0]!.n;
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

/** Every text-search configuration a row of the index can have (configFor). */
const CONFIGS = [...new Set([...Object.values(TS_CONFIG), 'simple'])];
/** A query word that may be corrected: letters only. */
const CORRECTABLE = /^\p{L}{3,40}$/u;

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /** When the words as typed find nothing: the query with each unknown word replaced by the closest known one, whose results these are. */
  corrected?: string;
}

/**
 * Full-text search in each document's own language (stemming, accents folded). One hit per item, in the reader's
 * language when it exists. When the words find nothing, each word the index does not know is replaced by the
 * closest one it knows (trigram similarity over search_words), and the corrected query is searched instead.
 */
export async function search(database: Database, query: SearchQuery): Promise<SearchResult> {
  const q = query.q.trim().slice(0, 200);
  if (!q) return { total: 0, hits: [] };
  const found = await searchIndex(database, q, query);
  if (found.total > 0) return found;
  const corrected = await correctSpelling(database, q);
  if (!corrected) return found;
  const again = await searchIndex(database, corrected, query);
  return again.total > 0 ? { ...again, corrected } : found;
}

/**
 * One search, written for the indexes so that a common word matching half the site stays fast:
 * - the words are parsed once per configuration and the queries joined with OR: one constant query that the GIN
 *   index on tsv answers exactly (a query built from each row's own configuration would read every row's tsvector);
 * - a match is ranked by its title and summary (tsv_head, kept in the row; the body's tsvector is out of line);
 * - the passage with the matched words is cut only for the page's hits.
 */
async function searchIndex(database: Database, q: string, query: SearchQuery): Promise<SearchResult> {
  const tsquery = CONFIGS.map((c) => `websearch_to_tsquery('${c}', lower(unaccent($1::text)))`).join(' || ');
  const rows = await database.query<{ type: string; ref_id: string; locale: string; title: string; url: string; project_id: string | null; snippet: string; total: string }>(
    `WITH q AS MATERIALIZED (SELECT ${tsquery} AS tsq),
     m AS (
       SELECT d.type, d.ref_id, d.locale, d.published_at, (d.locale = $2) AS mine, ts_rank(d.tsv_head, q.tsq) AS score
       FROM search_documents d, q
       WHERE d.tsv @@ q.tsq AND ($3::text IS NULL OR d.type = $3) AND ($4::uuid IS NULL OR d.project_id = $4) AND ($5::text IS NULL OR d.locale = $5)
     ),
     best AS (SELECT DISTINCT ON (type, ref_id) * FROM m ORDER BY type, ref_id, mine DESC, score DESC),
     page AS (SELECT *, count(*) OVER () AS total FROM best ORDER BY mine DESC, score DESC, published_at DESC NULLS LAST, type, ref_id LIMIT $6 OFFSET $7)
     SELECT d.type, d.ref_id, d.locale, d.title, d.url, d.project_id, page.total,
            ts_headline(d.config::regconfig, CASE WHEN d.body = '' THEN d.summary ELSE d.body END, (SELECT tsq FROM q),
                        'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') AS snippet
     FROM page JOIN search_documents d USING (type, ref_id, locale)
     ORDER BY page.mine DESC, page.score DESC, page.published_at DESC NULLS LAST, page.type, page.ref_id`,
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

/** The query with each word the index does not know replaced by the closest word it knows; null when none is replaced. */
async function correctSpelling(database: Database, q: string): Promise<string | null> {
  const tokens = q.split(/\s+/);
  // A word within its punctuation ("traning," or "(programe)"), as typed.
  const cores = tokens.map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
  const words = [...new Set(cores.filter((c) => CORRECTABLE.test(c)))];
  if (!words.length) return null;
  const rows = await database.query<{ word: string; closest: string | null }>(
    `SELECT t.word,
            CASE WHEN EXISTS (SELECT 1 FROM search_words w WHERE w.word = lower(unaccent(t.word))) THEN NULL
                 ELSE (SELECT w.word FROM search_words w WHERE w.word % lower(unaccent(t.word)) ORDER BY similarity(w.word, lower(unaccent(t.word))) DESC, w.word LIMIT 1) END AS closest
     FROM unnest($1::text[]) AS t(word)`,
    [words],
  );
  const closest = new Map(rows.filter((r) => r.closest).map((r) => [r.word, r.closest!]));
  if (!closest.size) return null;
  return tokens.map((t, i) => (closest.has(cores[i]!) ? t.replace(cores[i]!, closest.get(cores[i]!)!) : t)).join(' ');
}

/** Markdown to plain text for the index: links keep their words, markup characters go. */
export const plainText = (md: string) =>
  md
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>~|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
