import { LOCALES, LOCALE_NAMES, isLocale } from '../../../platform/i18n/index.js';
import type { SearchHit } from '../../../platform/search.js';
import { Button, Field, Form, Pagination, SelectField } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';

export function SearchPage(props: {
  q: string;
  filters: { type: string; project: string; language: string };
  types: string[];
  projects: { id: string; slug: string; acronym: string }[];
  total: number;
  hits: SearchHit[];
  /** The corrected query whose results these are, when the words as typed found nothing. */
  corrected?: string;
  page: number;
  pageSize: number;
}) {
  const { t, locale } = usePage();
  const f = props.filters;
  const projectOf = new Map(props.projects.map((x) => [x.id, x.acronym]));
  const href = (page: number) => {
    const q = new URLSearchParams({ q: props.q });
    for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
    if (page > 1) q.set('page', String(page));
    return `/search?${q}`;
  };
  return (
    <Layout title={props.q ? t('search.titleFor', { q: props.q }) : t('search.title')}>
      <h1>{t('search.title')}</h1>
      <Form action="/search" method="get" class="filters search-form" aria-label={t('search.title')}>
        <Field name="q" type="search" label={t('search.query')} value={props.q} maxLength={200} />
        <SelectField name="type" label={t('search.type')} value={f.type} options={props.types.map((x) => ({ value: x, label: t(`search.type.${x}`) }))} emptyLabel={t('admin.all')} />
        <SelectField name="project" label={t('portal.news.project')} value={f.project} options={props.projects.map((x) => ({ value: x.slug, label: x.acronym }))} emptyLabel={t('admin.all')} />
        <SelectField name="language" label={t('search.language')} value={f.language} options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} emptyLabel={t('admin.all')} />
        <Button>{t('search.submit')}</Button>
      </Form>
      {props.q.trim() && (
        <p role="status">
          {t('search.count', { count: props.total, q: props.corrected ?? props.q })}
          {props.corrected && <> {t('search.corrected', { q: props.q })}</>}
        </p>
      )}
      {props.hits.length > 0 && (
        <ol class="search-results" start={(props.page - 1) * props.pageSize + 1}>
          {props.hits.map((hit) => (
            <li key={`${hit.type}:${hit.refId}`} lang={hit.locale !== locale ? hit.locale : undefined}>
              <h2 class="search-results__title">
                <a href={hit.locale !== locale ? `${hit.url}${hit.url.includes('?') ? '&' : '?'}lang=${hit.locale}` : hit.url}>{hit.title}</a>
              </h2>
              <p class="card__meta">
                {t(`search.type.${hit.type}`)}
                {hit.projectId && projectOf.has(hit.projectId) && <> · {projectOf.get(hit.projectId)}</>}
                {hit.locale !== locale && isLocale(hit.locale) && <> · {LOCALE_NAMES[hit.locale]}</>}
              </p>
              <p class="search-results__snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
            </li>
          ))}
        </ol>
      )}
      <Pagination page={props.page} pageSize={props.pageSize} total={props.total} href={href} />
      {props.q.trim() && props.total === 0 && <p>{t('search.none')}</p>}
    </Layout>
  );
}
