import { LOCALES, LOCALE_NAMES, isLocale } from '../../../platform/i18n/index.js';
import type { FormValues } from '../../../platform/http/forms.js';
import { Alert, Breadcrumbs, Button, Card, ErrorSummary, Facts, Field, FileField, Form, Pagination, SelectField, Table, queryHref, useFileSize, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { ActivityRow, DocumentCard, DocumentFilters, DocumentGroup, getDocument, getDocumentForEditing, listDocumentsForEditors } from '../documents.js';
import { ACTIVITY_KINDS, DOCUMENT_TYPES } from '../schema.js';
import { countryName } from '../../../platform/i18n/countries.js';
import { countryOptions } from '../../../platform/ui/options.js';
import type { ProjectDetail } from '../service.js';
import { EditorNotice, TextFields, TranslationWorkspace, ViewsNote, useViewColumns } from './editor.js';
import { FundingStatement } from './funding.js';
import { langAttr, TranslationNotice, TranslationStates } from '../../../platform/ui/translation-notice.js';

const languageName = (l: string) => (isLocale(l) ? LOCALE_NAMES[l] : l);

function DocumentItemCard({ item, since }: { item: DocumentCard; since: Date | null }) {
  const { t, locale, formatDate } = usePage();
  const isNew = since !== null && item.changedAt > since;
  return (
    <Card title={item.code ? `${item.code} · ${item.text.value.title}` : item.text.value.title} href={`/documents/${item.slug}`} headingLevel={3}>
      <p class="card__meta">
        {isNew && <strong class="badge badge--new">{t('portal.documents.new')}</strong>} {t(`portal.documents.type.${item.type}`)} · {item.project.acronym}
        {item.workPackage && <> · {item.workPackage}</>}
        {item.publishedOn && (
          <>
            {' · '}
            <time dateTime={item.publishedOn}>{formatDate(new Date(`${item.publishedOn}T12:00:00Z`))}</time>
          </>
        )}
        {item.level === 'members' && <> · {t('portal.documents.level.members')}</>}
      </p>
      {item.text.value.description && (
        <p lang={langAttr(item.text, locale)} class="card__excerpt">
          {item.text.value.description.length > 240 ? `${item.text.value.description.slice(0, 240)}…` : item.text.value.description}
        </p>
      )}
      <p class="card__meta">
        {item.languages.length > 0 && (
          <>
            {t('portal.documents.languages')}:{' '}
            {item.languages.map((l, i) => (
              <>
                {i > 0 && ', '}
                <span lang={l}>{languageName(l)}</span>
              </>
            ))}
            {' · '}
          </>
        )}
        {t('portal.documents.downloads', { count: item.downloads })}
      </p>
    </Card>
  );
}

export function DocumentsListPage(props: {
  group: DocumentGroup;
  items: DocumentCard[];
  total: number;
  page: number;
  pageSize: number;
  filters: DocumentFilters;
  since: Date | null;
  projects: { slug: string; acronym: string }[];
  types: string[];
  years: number[];
  workPackages: string[];
  activities?: { items: ActivityRow[]; audience: number };
}) {
  const { t, formatDate } = usePage();
  const f = props.filters;
  const base = props.group === 'results' ? '/documents' : '/dissemination';
  const title = t(props.group === 'results' ? 'portal.documents.title' : 'portal.dissemination.title');
  const feedBase = f.project ? `/projects/${f.project}/documents` : '/documents';
  const newCount = props.since ? props.items.filter((i) => i.changedAt > props.since!).length : 0;
  return (
    <Layout
      title={title}
      head={
        props.group === 'results' ? (
          <>
            <link rel="alternate" type="application/rss+xml" title={title} href={`${feedBase}/feed.xml`} />
            <link rel="alternate" type="application/atom+xml" title={title} href={`${feedBase}/feed.atom`} />
            <link rel="alternate" type="application/feed+json" title={title} href={`${feedBase}/feed.json`} />
          </>
        ) : undefined
      }
    >
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { label: title }]} />
      <h1>{title}</h1>
      <p class="lead">{t(props.group === 'results' ? 'portal.documents.lead' : 'portal.dissemination.lead')}</p>
      <Form action={base} method="get" class="filters" aria-label={t('admin.filter')}>
        <Field name="q" type="search" label={t('portal.documents.search')} value={f.q} maxLength={100} />
        <SelectField name="project" label={t('portal.news.project')} value={f.project} options={props.projects.map((p) => ({ value: p.slug, label: p.acronym }))} emptyLabel={t('admin.all')} />
        {props.workPackages.length > 0 && <SelectField name="wp" label={t('portal.documents.workPackage')} value={f.workPackage} options={props.workPackages.map((w) => ({ value: w, label: w }))} emptyLabel={t('admin.all')} />}
        <SelectField name="type" label={t('portal.documents.typeLabel')} value={f.type} options={props.types.map((x) => ({ value: x, label: t(`portal.documents.type.${x}`) }))} emptyLabel={t('admin.all')} />
        <SelectField name="year" label={t('portal.news.year')} value={f.year ? String(f.year) : ''} options={props.years.map((y) => ({ value: String(y), label: String(y) }))} emptyLabel={t('admin.all')} />
        <Button variant="secondary">{t('admin.filter')}</Button>
      </Form>
      {props.group === 'results' && (
        <p>
          {t('portal.news.subscribe')} <a href={`${feedBase}/feed.xml`}>RSS</a> · <a href={`${feedBase}/feed.atom`}>Atom</a> · <a href={`${feedBase}/feed.json`}>JSON Feed</a>
        </p>
      )}
      {props.since && (
        <p role="status">
          {t('portal.documents.sinceLastVisit', { count: newCount, date: formatDate(props.since, 'datetime') })}
        </p>
      )}
      <p>{t('portal.documents.count', { count: props.total })}</p>
      {props.items.length ? (
        <div class="cards">
          {props.items.map((item) => (
            <DocumentItemCard key={item.id} item={item} since={props.since} />
          ))}
        </div>
      ) : (
        <p>{t('portal.documents.none')}</p>
      )}
      <Pagination page={props.page} pageSize={props.pageSize} total={props.total} href={(n) => queryHref(base, { q: f.q, project: f.project, wp: f.workPackage, type: f.type, year: f.year, page: n })} />
      {props.activities && (
        <section aria-labelledby="activities-title">
          <h2 id="activities-title">{t('portal.dissemination.activities')}</h2>
          <p>{t('portal.dissemination.audienceTotal', { count: props.activities.audience })}</p>
          <ActivitiesTable items={props.activities.items} />
        </section>
      )}
    </Layout>
  );
}

function ActivitiesTable({ items, actions }: { items: ActivityRow[]; actions?: (a: ActivityRow) => preact.ComponentChildren }) {
  const { t, locale, formatDate, formatNumber } = usePage();
  return (
    <Table
      caption={t('portal.dissemination.activities')}
      rows={items}
      empty={t('portal.dissemination.noActivities')}
      columns={[
        { header: t('portal.dissemination.date'), cell: (a) => <time dateTime={a.happenedOn}>{formatDate(new Date(`${a.happenedOn}T12:00:00Z`))}</time> },
        { header: t('portal.dissemination.kindLabel'), cell: (a) => t(`portal.dissemination.kind.${a.kind}`) },
        {
          header: t('portal.editor.titleField'),
          cell: (a) => (
            <span lang={a.locale !== locale ? a.locale : undefined}>
              {a.url ? <a href={a.url}>{a.title}</a> : a.title}
              {a.venue && <> · {a.venue}</>}
              {a.country && <> ({countryName(locale, a.country)})</>}
            </span>
          ),
        },
        { header: t('portal.news.project'), cell: (a) => a.project },
        { header: t('portal.dissemination.audience'), cell: (a) => (a.audience === null ? '–' : formatNumber(a.audience)) },
        ...(actions ? [{ header: t('portal.dissemination.actions'), cell: actions }] : []),
      ]}
    />
  );
}

type FoundDocument = NonNullable<Awaited<ReturnType<typeof getDocument>>>;

export function DocumentPage({ doc, project, preview, canonical, jsonLd }: { doc: FoundDocument; project: ProjectDetail | null; preview?: boolean; canonical: string; jsonLd: string }) {
  const { t, locale, formatDate } = usePage();
  const size = useFileSize();
  const d = doc.document;
  const v = doc.text.value;
  const title = d.code ? `${d.code} · ${v.title}` : v.title;
  const fileLink = (f: FoundDocument['current'][number]) => `/documents/${d.slug}/files/${f.id}`;
  return (
    <Layout
      title={title}
      footer={project ? <FundingStatement detail={project} /> : undefined}
      head={
        <>
          <link rel="canonical" href={canonical} />
          <meta property="og:type" content="article" />
          <meta property="og:title" content={title} />
          <meta property="og:description" content={v.description} />
          <meta property="og:url" content={canonical} />
          <meta property="og:locale" content={doc.text.locale} />
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />
        </>
      }
    >
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { href: '/documents', label: t('portal.documents.title') }, { label: d.code ?? v.title }]} />
      {preview && <Alert kind="warning" title={t('portal.news.preview')} />}
      <article lang={langAttr(doc.text, locale)}>
        <h1>{title}</h1>
        <TranslationNotice picked={doc.text} />
        {v.description && <p class="lead">{v.description}</p>}
      </article>
      <Facts
        items={[
          [t('portal.documents.typeLabel'), t(`portal.documents.type.${d.type}`)],
          [t('portal.news.project'), <a href={`/projects/${doc.project.slug}`}>{doc.project.acronym}</a>],
          ...(doc.workPackage ? [[t('portal.documents.workPackage'), doc.workPackage.title ? `${doc.workPackage.code} · ${doc.workPackage.title}` : doc.workPackage.code] as [string, string]] : []),
          ...(d.publishedOn ? [[t('portal.documents.published'), <time dateTime={d.publishedOn}>{formatDate(new Date(`${d.publishedOn}T12:00:00Z`))}</time>] as [string, preact.ComponentChildren]] : []),
          [t('portal.documents.updated'), <time dateTime={d.changedAt.toISOString()}>{formatDate(d.changedAt)}</time>],
          [t('portal.documents.levelLabel'), t(`portal.documents.level.${d.level}`)],
          ...(d.licence ? [[t('portal.documents.licence'), d.licence] as [string, string]] : []),
          ...(d.doi ? [['DOI', <a href={`https://doi.org/${d.doi}`}>{d.doi}</a>] as [string, preact.ComponentChildren]] : []),
          ...(d.externalUrl ? [[t('portal.documents.externalUrl'), <a href={d.externalUrl}>{d.externalUrl}</a>] as [string, preact.ComponentChildren]] : []),
          [t('portal.documents.downloadsLabel'), String(d.downloads)],
        ]}
      />
      <section aria-labelledby="files-title">
        <h2 id="files-title">{t('portal.documents.files')}</h2>
        {!doc.allowed ? (
          <Alert kind="info">
            <p>{t('portal.documents.membersOnly')}</p>
          </Alert>
        ) : doc.current.length ? (
          <ul class="file-list">
            {doc.current.map((f) => (
              <li key={f.id}>
                <a href={fileLink(f)} hrefLang={f.locale} type={f.contentType}>
                  {t('portal.documents.download', { language: languageName(f.locale) })}
                </a>{' '}
                <span class="card__meta">
                  ({f.name}, {size(f.size)}, {t('portal.documents.version', { version: f.version })}
                  {f.note && <>: {f.note}</>})
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('portal.documents.noFiles')}</p>
        )}
        {doc.allowed && doc.earlier.length > 0 && (
          <details>
            <summary>{t('portal.documents.earlier')}</summary>
            <ul>
              {doc.earlier.map((f) => (
                <li key={f.id}>
                  <a href={fileLink(f)} hrefLang={f.locale}>
                    {languageName(f.locale)} · {t('portal.documents.version', { version: f.version })}
                  </a>{' '}
                  <span class="card__meta">
                    (<time dateTime={f.createdAt.toISOString()}>{formatDate(f.createdAt)}</time>
                    {f.note && <>, {f.note}</>})
                  </span>
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
    </Layout>
  );
}

// Editors.

export function EditorDocumentsList({ rows, notice }: { rows: Awaited<ReturnType<typeof listDocumentsForEditors>>; notice?: string | null }) {
  const { t, formatNumber } = usePage();
  const viewColumns = useViewColumns<(typeof rows)[number]>();
  return (
    <Layout title={t('portal.editor.documents')}>
      <h1>{t('portal.editor.documents')}</h1>
      <EditorNotice notice={notice} />
      <p>
        <a class="button button--primary" href="/editor/documents/new">
          {t('portal.editor.newDocument')}
        </a>
      </p>
      <Table
        caption={t('portal.editor.documents')}
        rows={rows}
        columns={[
          { header: t('portal.editor.titleField'), cell: (r) => <a href={`/editor/documents/${r.id}`}>{r.code ? `${r.code} · ${r.title}` : r.title}</a> },
          { header: t('portal.news.project'), cell: (r) => r.project },
          { header: t('portal.editor.status'), cell: (r) => t(`portal.editor.status.${r.status}`) },
          {
            header: t('portal.editor.languages'),
            cell: (r) => <TranslationStates languages={r.languages} />,
          },
          { header: t('portal.documents.files'), cell: (r) => r.files.map((l) => l.toUpperCase()).join(', ') },
          { header: t('portal.documents.downloadsLabel'), cell: (r) => formatNumber(r.downloads), numeric: true },
          ...viewColumns,
        ]}
      />
      <ViewsNote />
    </Layout>
  );
}

type Options = { projects: { id: string; acronym: string }[]; workPackages: { id: string; code: string; acronym: string }[] };

function MetaFields({ values, errors, projects, workPackages }: Options & { values: FormValues; errors: FieldErrors }) {
  const { t } = usePage();
  return (
    <>
      <SelectField name="projectId" label={t('portal.news.project')} value={values.projectId} options={projects.map((p) => ({ value: p.id, label: p.acronym }))} emptyLabel="" required error={errors.projectId} />
      <SelectField name="workPackageId" label={t('portal.documents.workPackage')} value={values.workPackageId} options={workPackages.map((w) => ({ value: w.id, label: `${w.acronym} · ${w.code}` }))} emptyLabel={t('portal.documents.noWorkPackage')} optional error={errors.workPackageId} />
      <Field name="code" label={t('portal.documents.code')} hint={t('portal.documents.codeHint')} value={values.code} error={errors.code} optional maxLength={20} spellcheck={false} />
      <SelectField name="type" label={t('portal.documents.typeLabel')} value={values.type} options={DOCUMENT_TYPES.map((x) => ({ value: x, label: t(`portal.documents.type.${x}`) }))} required error={errors.type} />
      <SelectField name="level" label={t('portal.documents.levelLabel')} value={values.level ?? 'public'} options={['public', 'members'].map((x) => ({ value: x, label: t(`portal.documents.level.${x}`) }))} required error={errors.level} />
      <Field name="publishedOn" type="date" label={t('portal.documents.published')} hint={t('portal.documents.publishedHint')} value={values.publishedOn} error={errors.publishedOn} optional />
      <Field name="licence" label={t('portal.documents.licence')} hint={t('portal.documents.licenceHint')} value={values.licence} error={errors.licence} optional maxLength={100} />
      <Field name="doi" label={t('portal.documents.doiLabel')} hint={t('portal.documents.doiHint')} value={values.doi} error={errors.doi} optional maxLength={200} spellcheck={false} />
      <Field name="externalUrl" type="url" label={t('portal.documents.externalUrl')} value={values.externalUrl} error={errors.externalUrl} optional maxLength={500} />
    </>
  );
}

export function EditorDocumentNew({ values = {}, errors = {}, ...options }: Options & { values?: FormValues; errors?: FieldErrors }) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('portal.editor.newDocument')}>
      <Breadcrumbs items={[{ href: '/editor/documents', label: t('portal.editor.documents') }, { label: t('portal.editor.newDocument') }]} />
      <h1>{t('portal.editor.newDocument')}</h1>
      <ErrorSummary errors={errors} />
      <Form action="/editor/documents/new">
        <SelectField name="sourceLocale" label={t('portal.editor.sourceLocale')} value={values.sourceLocale ?? locale} required options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} error={errors.sourceLocale} />
        <Field name="slug" label={t('portal.editor.slug')} hint={t('portal.editor.slugHint')} value={values.slug} error={errors.slug} required maxLength={80} spellcheck={false} />
        <TextFields values={values} errors={errors} withSummary={false} />
        <MetaFields values={values} errors={errors} {...options} />
        <Button>{t('portal.editor.create')}</Button>
      </Form>
    </Layout>
  );
}

export function EditorDocumentEdit(
  props: Options & { found: NonNullable<Awaited<ReturnType<typeof getDocumentForEditing>>>; editing: string; values: FormValues; errors: FieldErrors; section?: 'text' | 'meta' | 'file'; notice?: string | null },
) {
  const { t, formatDate } = usePage();
  const size = useFileSize();
  const { document: d, texts, files } = props.found;
  const title = texts.find((x) => x.locale === d.sourceLocale)?.title ?? d.slug;
  const errorsFor = (section: 'text' | 'meta' | 'file') => (props.section === section ? props.errors : {});
  return (
    <Layout title={title}>
      <Breadcrumbs items={[{ href: '/editor/documents', label: t('portal.editor.documents') }, { label: title }]} />
      <h1>{title}</h1>
      <EditorNotice notice={props.notice} />
      <p>
        {t('portal.editor.status')}: <strong>{t(`portal.editor.status.${d.status}`)}</strong> · <a href={`/editor/documents/${d.id}/preview`}>{t('portal.editor.preview')}</a>
        {d.status === 'published' && (
          <>
            {' · '}
            <a href={`/documents/${d.slug}`}>{t('portal.editor.view')}</a>
          </>
        )}
      </p>
      <Form action={`/editor/documents/${d.id}/state`}>
        {d.status === 'published' ? (
          <Button variant="secondary" name="action" value="draft">
            {t('portal.editor.unpublish')}
          </Button>
        ) : (
          <Button name="action" value="publish">
            {t('portal.editor.publishNow')}
          </Button>
        )}
      </Form>
      <TranslationWorkspace
        history
        baseHref={`/editor/documents/${d.id}`}
        sourceLocale={d.sourceLocale}
        texts={texts.map((x) => ({ ...x, body: x.description }))}
        editing={props.editing}
        values={props.values}
        errors={errorsFor('text')}
        withSummary={false}
      />
      <section aria-labelledby="files-title">
        <h2 id="files-title">{t('portal.documents.files')}</h2>
        <Table
          caption={t('portal.documents.files')}
          rows={files}
          empty={t('portal.documents.noFiles')}
          columns={[
            { header: t('portal.editor.languages'), cell: (f) => languageName(f.locale) },
            { header: t('portal.documents.versionLabel'), cell: (f) => String(f.version) },
            { header: t('portal.documents.fileName'), cell: (f) => `${f.name} (${size(f.size)})` },
            { header: t('portal.documents.note'), cell: (f) => f.note },
            { header: t('portal.editor.updated'), cell: (f) => formatDate(f.createdAt) },
            { header: t('portal.documents.downloadsLabel'), cell: (f) => String(f.downloads) },
          ]}
        />
        <h3>{t('portal.documents.addFile')}</h3>
        <ErrorSummary errors={errorsFor('file')} />
        <Form action={`/editor/documents/${d.id}/files`} enctype="multipart/form-data">
          <SelectField name="locale" label={t('portal.documents.fileLanguage')} value={props.section === 'file' ? props.values.locale : d.sourceLocale} required options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} error={errorsFor('file').locale} />
          <FileField name="file" label={t('portal.documents.file')} hint={t('portal.documents.fileHint')} required error={errorsFor('file').file} />
          <Field name="note" label={t('portal.documents.note')} hint={t('portal.documents.noteHint')} value={props.section === 'file' ? props.values.note : ''} error={errorsFor('file').note} optional maxLength={300} />
          <Button variant="secondary">{t('portal.documents.upload')}</Button>
        </Form>
      </section>
      <section aria-labelledby="meta-title">
        <h2 id="meta-title">{t('portal.editor.settings')}</h2>
        <ErrorSummary errors={errorsFor('meta')} />
        <Form action={`/editor/documents/${d.id}/meta`}>
          <MetaFields values={props.values} errors={errorsFor('meta')} projects={props.projects} workPackages={props.workPackages} />
          <Button variant="secondary">{t('form.save')}</Button>
        </Form>
        <p>
          <a href={`/editor/documents/${d.id}/history?track=settings`}>{t('portal.editor.settingsHistory')}</a>
        </p>
      </section>
    </Layout>
  );
}

export function EditorActivities(props: { items: ActivityRow[]; audience: number; projects: { id: string; acronym: string }[]; values: FormValues; errors: FieldErrors; notice?: string | null }) {
  const { t, locale } = usePage();
  const v = props.values;
  const e = props.errors;
  return (
    <Layout title={t('portal.editor.dissemination')}>
      <h1>{t('portal.editor.dissemination')}</h1>
      <EditorNotice notice={props.notice} />
      <h2>{t('portal.dissemination.addActivity')}</h2>
      <ErrorSummary errors={e} />
      <Form action="/editor/dissemination">
        <SelectField name="projectId" label={t('portal.news.project')} value={v.projectId} options={props.projects.map((p) => ({ value: p.id, label: p.acronym }))} emptyLabel="" required error={e.projectId} />
        <SelectField name="kind" label={t('portal.dissemination.kindLabel')} value={v.kind} options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`portal.dissemination.kind.${k}`) }))} required error={e.kind} />
        <Field name="happenedOn" type="date" label={t('portal.dissemination.date')} value={v.happenedOn} required error={e.happenedOn} />
        <SelectField name="locale" label={t('portal.dissemination.language')} value={v.locale ?? locale} options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} required error={e.locale} />
        <Field name="title" label={t('portal.editor.titleField')} value={v.title} required maxLength={300} error={e.title} />
        <Field name="venue" label={t('portal.dissemination.venue')} hint={t('portal.dissemination.venueHint')} value={v.venue} optional maxLength={200} error={e.venue} />
        <SelectField name="country" label={t('field.country')} value={v.country} options={countryOptions(locale)} emptyLabel="" optional error={e.country} />
        <Field name="url" type="url" label={t('portal.dissemination.url')} value={v.url} optional maxLength={500} error={e.url} />
        <Field name="audience" inputMode="numeric" label={t('portal.dissemination.audience')} hint={t('portal.dissemination.audienceHint')} value={v.audience} optional error={e.audience} />
        <Button>{t('portal.dissemination.addActivity')}</Button>
      </Form>
      <h2>{t('portal.dissemination.activities')}</h2>
      <p>{t('portal.dissemination.audienceTotal', { count: props.audience })}</p>
      <ActivitiesTable
        items={props.items}
        actions={(a) => (
          <Form action={`/editor/dissemination/${a.id}/delete`}>
            <Button variant="danger">{t('portal.dissemination.delete')}</Button>
          </Form>
        )}
      />
    </Layout>
  );
}
