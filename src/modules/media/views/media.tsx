import { LOCALES, LOCALE_NAMES, isLocale } from '../../../platform/i18n/index.js';
import type { FormValues } from '../../../platform/http/forms.js';
import { Alert, Breadcrumbs, Button, ErrorSummary, Facts, Field, FileField, Form, Pagination, SelectField, Table, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { Picture } from '../../../platform/ui/picture.js';
import type { getImageForEditing, LibraryItem } from '../service.js';

const languageName = (l: string) => (isLocale(l) ? LOCALE_NAMES[l] : l);
const THUMB_SIZES = '8rem';

function Notice({ notice }: { notice?: string | null }) {
  const { t } = usePage();
  if (!notice) return null;
  return (
    <Alert kind="success">
      <p>{t(`media.notice.${notice}`)}</p>
    </Alert>
  );
}

/** The library: upload, search, and the images page by page with how often each is used. */
export function MediaLibraryPage(props: { items: LibraryItem[]; total: number; page: number; pageSize: number; q: string; values: FormValues; errors: FieldErrors; notice?: string | null }) {
  const { t, locale, formatDate } = usePage();
  const v = props.values;
  const e = props.errors;
  const href = (n: number) => `/editor/media?${new URLSearchParams({ ...(props.q ? { q: props.q } : {}), page: String(n) }).toString()}`;
  return (
    <Layout title={t('media.title')}>
      <h1>{t('media.title')}</h1>
      <Notice notice={props.notice} />
      <section aria-labelledby="upload-title">
        <h2 id="upload-title">{t('media.upload')}</h2>
        <ErrorSummary errors={e} />
        <Form action="/editor/media" enctype="multipart/form-data">
          <FileField name="file" label={t('media.file')} hint={t('media.fileHint')} accept="image/png,image/jpeg,image/webp" required error={e.file} />
          <SelectField name="sourceLocale" label={t('media.altLanguage')} value={v.sourceLocale ?? locale} required options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} error={e.sourceLocale} />
          <Field name="alt" label={t('media.alt')} hint={t('media.altHint')} value={v.alt} required maxLength={250} error={e.alt} />
          <Button>{t('media.uploadButton')}</Button>
        </Form>
      </section>
      <section aria-labelledby="library-title">
        <h2 id="library-title">{t('media.images')}</h2>
        <Form action="/editor/media" method="get" class="filters" aria-label={t('media.search')}>
          <Field name="q" type="search" label={t('media.search')} value={props.q} maxLength={100} />
          <Button variant="secondary">{t('media.searchButton')}</Button>
        </Form>
        <Table
          caption={t('media.count', { total: props.total })}
          rows={props.items}
          empty={props.q ? t('media.noMatch') : t('media.empty')}
          columns={[
            { header: t('media.preview'), cell: (r) => (r.display ? <Picture image={r.display} sizes={THUMB_SIZES} class="thumb" pageLocale={locale} /> : '—') },
            { header: t('media.alt'), cell: (r) => <a href={`/editor/media/${r.image.id}`}><span lang={r.altLocale}>{r.alt || r.image.name}</span></a> },
            { header: t('media.fileName'), cell: (r) => r.image.name },
            { header: t('media.dimensions'), cell: (r) => `${r.image.width} × ${r.image.height}` },
            { header: t('media.uploaded'), cell: (r) => formatDate(r.image.createdAt) },
            { header: t('media.uses'), numeric: true, cell: (r) => String(r.uses) },
          ]}
        />
        <Pagination page={props.page} pageSize={props.pageSize} total={props.total} href={href} />
      </section>
    </Layout>
  );
}

/** One image: preview, copies, where it is used, alt text per language, and deletion when unused. */
export function MediaImagePage(props: { found: NonNullable<Awaited<ReturnType<typeof getImageForEditing>>>; values: FormValues; errors: FieldErrors; notice?: string | null; deleteError?: boolean }) {
  const { t, locale, formatDate, formatNumber } = usePage();
  const { image, texts, variants, usages, display, uploader } = props.found;
  const title = display?.alt || image.name;
  const e = props.errors;
  return (
    <Layout title={title}>
      <Breadcrumbs items={[{ href: '/editor/media', label: t('media.title') }, { label: image.name }]} />
      <h1>{image.name}</h1>
      <Notice notice={props.notice} />
      {props.deleteError && (
        <Alert kind="error">
          <p>{t('media.inUse')}</p>
        </Alert>
      )}
      {display && <Picture image={display} sizes="(min-width: 48rem) 46rem, 100vw" class="media-preview" pageLocale={locale} />}
      <Facts
        items={[
          [t('media.dimensions'), `${image.width} × ${image.height}`],
          [t('media.uploaded'), `${formatDate(image.createdAt)}${uploader ? ` · ${uploader}` : ''}`],
          [
            t('media.copies'),
            <ul class="inline-list">
              {variants.map((v) => (
                <li key={v.url}>
                  <a href={v.url}>
                    {v.format.toUpperCase()} {v.width} × {v.height}
                  </a>{' '}
                  ({formatNumber(Math.ceil(v.size / 1024))} KB)
                </li>
              ))}
            </ul>,
          ],
        ]}
      />
      <section aria-labelledby="uses-title">
        <h2 id="uses-title">{t('media.usedIn')}</h2>
        {usages.length ? (
          <ul>
            {usages.map((u) => (
              <li key={u.href}>
                <a href={u.href}>{u.label}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('media.unused')}</p>
        )}
      </section>
      <section aria-labelledby="alt-title">
        <h2 id="alt-title">{t('media.altTexts')}</h2>
        <p>{t('media.altTextsLead', { language: languageName(image.sourceLocale) })}</p>
        <ErrorSummary errors={e} />
        <Form action={`/editor/media/${image.id}/alt`}>
          {[image.sourceLocale, ...LOCALES.filter((l) => l !== image.sourceLocale)].map((l) => {
            const row = texts.find((x) => x.locale === l);
            const name = `alt_${l}`;
            const state = l === image.sourceLocale ? t('media.original') : !row ? t('media.missing') : row.outOfDate ? t('media.outOfDate') : t('media.upToDate');
            return <Field key={l} name={name} label={`${languageName(l)} · ${state}`} value={props.values[name] ?? row?.alt ?? ''} required={l === image.sourceLocale} optional={l !== image.sourceLocale} maxLength={250} error={e[name]} />;
          })}
          <Button>{t('form.save')}</Button>
        </Form>
      </section>
      <section aria-labelledby="delete-title">
        <h2 id="delete-title">{t('media.delete')}</h2>
        {usages.length ? (
          <p>{t('media.inUse')}</p>
        ) : (
          <Form action={`/editor/media/${image.id}/delete`}>
            <p>{t('media.deleteHint')}</p>
            <Button variant="danger">{t('media.deleteButton')}</Button>
          </Form>
        )}
      </section>
    </Layout>
  );
}
