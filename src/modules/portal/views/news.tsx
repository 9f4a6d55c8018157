import { LOCALES, LOCALE_NAMES } from '../../../platform/i18n/index.js';
import { Alert, Breadcrumbs, Button, Card, ErrorSummary, Field, Form, Pagination, queryHref, SelectField, Table, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import type { ProjectDetail } from '../service.js';
import { FundingStatement } from './funding.js';
import { Layout } from '../../../platform/ui/layout.js';
import { renderMarkdown } from '../../../platform/ui/markdown.js';
import type { FormValues } from '../../../platform/http/forms.js';
import type { EditorNewsRow, NewsCard, NewsFilters, NewsText, NewsRow } from '../news.js';
import { Picture, type ResponsiveImage } from '../../../platform/ui/picture.js';
import { langAttr, TranslationNotice, TranslationStates } from '../../../platform/ui/translation-notice.js';
import { EditorNotice, TextFields, TranslationWorkspace, ViewsNote, useViewColumns } from './editor.js';

/** A link with query parameters, leaving out empty ones. */
function NewsItemCard({ item }: { item: NewsCard }) {
  const { t, locale, formatDate } = usePage();
  return (
    <Card title={item.text.value.title} href={`/news/${item.slug}`} headingLevel={3}>
      {item.cover && <Picture image={item.cover} sizes="(min-width: 40rem) 22rem, 100vw" class="card__image" pageLocale={locale} />}
      <p class="card__meta">
        {item.publishedAt && <time dateTime={item.publishedAt.toISOString()}>{formatDate(item.publishedAt)}</time>}
        {item.project && <> · {item.project.acronym}</>}
        {item.text.fallback && <> · {t('portal.news.inLanguage', { language: LOCALE_NAMES[item.text.locale as keyof typeof LOCALE_NAMES] ?? item.text.locale })}</>}
      </p>
      {item.text.value.summary && <p lang={langAttr(item.text, locale)}>{item.text.value.summary}</p>}
    </Card>
  );
}

export function NewsListPage(props: { items: NewsCard[]; total: number; page: number; pageSize: number; filters: NewsFilters; projects: { slug: string; acronym: string }[]; tags: string[]; years: number[] }) {
  const { t } = usePage();
  const f = props.filters;
  const feedBase = f.project ? `/projects/${f.project}/news` : '/news';
  return (
    <Layout
      title={t('portal.news.title')}
      head={
        <>
          <link rel="alternate" type="application/rss+xml" title={t('portal.news.title')} href={`${feedBase}/feed.xml`} />
          <link rel="alternate" type="application/atom+xml" title={t('portal.news.title')} href={`${feedBase}/feed.atom`} />
          <link rel="alternate" type="application/feed+json" title={t('portal.news.title')} href={`${feedBase}/feed.json`} />
        </>
      }
    >
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { label: t('portal.news.title') }]} />
      <h1>{t('portal.news.title')}</h1>
      <Form action="/news" method="get" class="filters" aria-label={t('admin.filter')}>
        <SelectField name="project" label={t('portal.news.project')} value={f.project} options={props.projects.map((p) => ({ value: p.slug, label: p.acronym }))} emptyLabel={t('admin.all')} />
        <SelectField name="tag" label={t('portal.news.tag')} value={f.tag} options={props.tags.map((x) => ({ value: x, label: x }))} emptyLabel={t('admin.all')} />
        <SelectField name="year" label={t('portal.news.year')} value={f.year ? String(f.year) : ''} options={props.years.map((y) => ({ value: String(y), label: String(y) }))} emptyLabel={t('admin.all')} />
        <Button variant="secondary">{t('admin.filter')}</Button>
      </Form>
      <p>
        {t('portal.news.subscribe')} <a href={`${feedBase}/feed.xml`}>RSS</a> · <a href={`${feedBase}/feed.atom`}>Atom</a> · <a href={`${feedBase}/feed.json`}>JSON Feed</a>
      </p>
      {props.items.length ? (
        <div class="cards">
          {props.items.map((item) => (
            <NewsItemCard key={item.id} item={item} />
          ))}
        </div>
      ) : (
        <p>{t('portal.news.none')}</p>
      )}
      <Pagination page={props.page} pageSize={props.pageSize} total={props.total} href={(n) => queryHref('/news', { project: f.project, tag: f.tag, year: f.year, page: n })} />
    </Layout>
  );
}

export function NewsItemPage({ item, related, preview, canonical, publicUrl, jsonLd, project }: { item: NewsCard; related: NewsCard[]; preview?: boolean; canonical: string; publicUrl: string; jsonLd: string; project: ProjectDetail | null }) {
  const { t, locale, formatDate } = usePage();
  const v = item.text.value;
  return (
    <Layout
      title={v.title}
      footer={project ? <FundingStatement detail={project} /> : undefined}
      head={
        <>
          <link rel="canonical" href={canonical} />
          <meta property="og:type" content="article" />
          <meta property="og:title" content={v.title} />
          <meta property="og:description" content={v.summary} />
          <meta property="og:url" content={canonical} />
          <meta property="og:locale" content={item.text.locale} />
          {item.cover && (
            <>
              <meta property="og:image" content={`${publicUrl}${item.cover.largest.url}`} />
              <meta property="og:image:type" content={item.cover.largest.type} />
              <meta property="og:image:width" content={String(item.cover.largest.width)} />
              <meta property="og:image:height" content={String(item.cover.largest.height)} />
              <meta property="og:image:alt" content={item.cover.alt} />
            </>
          )}
          {item.publishedAt && <meta property="article:published_time" content={item.publishedAt.toISOString()} />}
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />
        </>
      }
    >
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { href: '/news', label: t('portal.news.title') }, { label: v.title }]} />
      {preview && <Alert kind="warning" title={t('portal.news.preview')} />}
      <article lang={langAttr(item.text, locale)}>
        <h1>{v.title}</h1>
        <p class="card__meta">
          {item.publishedAt && <time dateTime={item.publishedAt.toISOString()}>{formatDate(item.publishedAt)}</time>}
          {item.project && (
            <>
              {' · '}
              <a href={`/projects/${item.project.slug}`}>{item.project.acronym}</a>
            </>
          )}
          {item.tags.map((tag) => (
            <>
              {' · '}
              <a href={`/news?tag=${encodeURIComponent(tag)}`}>#{tag}</a>
            </>
          ))}
        </p>
        <TranslationNotice picked={item.text} />
        {item.cover && <Picture image={item.cover} sizes="(min-width: 48rem) 46rem, 100vw" class="cover" pageLocale={item.text.locale} />}
        {v.summary && <p class="lead">{v.summary}</p>}
        <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(v.body) }} />
      </article>
      {related.length > 0 && (
        <section aria-labelledby="related-news">
          <h2 id="related-news">{t('portal.news.related')}</h2>
          <div class="cards">
            {related.map((r) => (
              <NewsItemCard key={r.id} item={r} />
            ))}
          </div>
        </section>
      )}
    </Layout>
  );
}

// Editors.

export function EditorNewsList({ rows, notice }: { rows: EditorNewsRow[]; notice?: string | null }) {
  const { t, formatDate } = usePage();
  const viewColumns = useViewColumns<EditorNewsRow>();
  return (
    <Layout title={t('portal.editor.news')}>
      <h1>{t('portal.editor.news')}</h1>
      <EditorNotice notice={notice} />
      <p>
        <a class="button button--primary" href="/editor/news/new">
          {t('portal.editor.newNews')}
        </a>
      </p>
      <Table
        caption={t('portal.editor.news')}
        rows={rows}
        columns={[
          { header: t('portal.editor.titleField'), cell: (r) => <a href={`/editor/news/${r.id}`}>{r.title}</a> },
          { header: t('portal.editor.status'), cell: (r) => <>{t(`portal.editor.status.${r.status}`)}{r.status === 'scheduled' && r.publishAt && ` · ${formatDate(r.publishAt, 'datetime')}`}</> },
          {
            header: t('portal.editor.languages'),
            cell: (r) => <TranslationStates languages={r.languages} />,
          },
          { header: t('portal.editor.updated'), cell: (r) => formatDate(r.updatedAt, 'datetime') },
          ...viewColumns,
        ]}
      />
      <ViewsNote />
    </Layout>
  );
}

export function EditorNewsNew({ values = {}, errors = {}, projects }: { values?: FormValues; errors?: FieldErrors; projects: { id: string; acronym: string }[] }) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('portal.editor.newNews')}>
      <Breadcrumbs items={[{ href: '/editor/news', label: t('portal.editor.news') }, { label: t('portal.editor.newNews') }]} />
      <h1>{t('portal.editor.newNews')}</h1>
      <ErrorSummary errors={errors} />
      <Form action="/editor/news/new">
        <SelectField name="sourceLocale" label={t('portal.editor.sourceLocale')} value={values.sourceLocale ?? locale} required options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} error={errors.sourceLocale} />
        <Field name="slug" label={t('portal.editor.slug')} hint={t('portal.editor.slugHint')} value={values.slug} error={errors.slug} required maxLength={80} spellcheck={false} />
        <SelectField name="projectId" label={t('portal.news.project')} value={values.projectId} options={projects.map((p) => ({ value: p.id, label: p.acronym }))} emptyLabel={t('form.none')} optional error={errors.projectId} />
        <Field name="tags" label={t('portal.editor.tags')} hint={t('portal.editor.tagsHint')} value={values.tags} error={errors.tags} optional maxLength={300} />
        <TextFields values={values} errors={errors} />
        <Button>{t('portal.editor.create')}</Button>
      </Form>
    </Layout>
  );
}

export function EditorNewsEdit(props: {
  news: NewsRow;
  texts: NewsText[];
  editing: string;
  values: FormValues;
  errors?: FieldErrors;
  notice?: string | null;
  projects: { id: string; acronym: string }[];
  images: { value: string; label: string }[];
  cover: ResponsiveImage | null;
}) {
  const { t, formatDate, locale } = usePage();
  const n = props.news;
  const source = props.texts.find((x) => x.locale === n.sourceLocale);
  const errors = props.errors ?? {};
  return (
    <Layout title={source?.title ?? n.slug}>
      <Breadcrumbs items={[{ href: '/editor/news', label: t('portal.editor.news') }, { label: source?.title ?? n.slug }]} />
      <h1>{source?.title ?? n.slug}</h1>
      <EditorNotice notice={props.notice} />
      <p>
        {t('portal.editor.status')}: <strong>{t(`portal.editor.status.${n.status}`)}</strong>
        {n.status === 'scheduled' && n.publishAt && ` · ${formatDate(n.publishAt, 'datetime')} UTC`}
        {' · '}
        <a href={`/editor/news/${n.id}/preview?lang=${props.editing}`}>{t('portal.editor.preview')}</a>
        {n.status === 'published' && (
          <>
            {' · '}
            <a href={`/news/${n.slug}`}>{t('portal.editor.view')}</a>
          </>
        )}
      </p>
      <TranslationWorkspace history baseHref={`/editor/news/${n.id}`} sourceLocale={n.sourceLocale} texts={props.texts} editing={props.editing} values={props.values} errors={errors} />
      <h2>{t('portal.editor.publishing')}</h2>
      <Form action={`/editor/news/${n.id}/state`}>
        <Field name="publishAt" type="text" label={t('portal.editor.publishAt')} hint={t('portal.editor.publishAtHint')} value={props.values.publishAt} error={errors.publishAt} optional spellcheck={false} />
        <Button name="action" value="schedule" variant="secondary">
          {t('portal.editor.schedule')}
        </Button>
        <Button name="action" value="publish">
          {t('portal.editor.publishNow')}
        </Button>
        {n.status !== 'draft' && (
          <Button name="action" value="draft" variant="danger">
            {t('portal.editor.unpublish')}
          </Button>
        )}
      </Form>
      <h2>{t('portal.editor.settings')}</h2>
      <Form action={`/editor/news/${n.id}/meta`}>
        <SelectField name="projectId" label={t('portal.news.project')} value={props.values.projectId} options={props.projects.map((p) => ({ value: p.id, label: p.acronym }))} emptyLabel={t('form.none')} optional error={errors.projectId} />
        <Field name="tags" label={t('portal.editor.tags')} hint={t('portal.editor.tagsHint')} value={props.values.tags} optional maxLength={300} error={errors.tags} />
        {props.cover && <Picture image={props.cover} sizes="16rem" class="thumb thumb--large" pageLocale={locale} />}
        <SelectField name="coverImageId" label={t('portal.editor.cover')} hint={t('portal.editor.coverHint')} value={props.values.coverImageId} options={props.images} emptyLabel={t('form.none')} optional error={errors.coverImageId} />
        <p>
          <a href="/editor/media">{t('portal.editor.mediaLibrary')}</a>
        </p>
        <Button variant="secondary">{t('form.save')}</Button>
      </Form>
      <p>
        <a href={`/editor/news/${n.id}/history?track=settings`}>{t('portal.editor.settingsHistory')}</a>
      </p>
    </Layout>
  );
}
