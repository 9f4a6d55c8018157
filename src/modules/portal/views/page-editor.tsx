import { LOCALES, LOCALE_NAMES } from '../../../platform/i18n/index.js';
import type { FormValues } from '../../../platform/http/forms.js';
import { Breadcrumbs, Button, CheckboxField, ErrorSummary, Field, Form, SelectField, Table, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { getPageForEditing, listPagesForEditors } from '../pages.js';
import { EditorNotice, TextFields, TranslationWorkspace, ViewsNote, useViewColumns } from './editor.js';
import { TranslationStates } from '../../../platform/ui/translation-notice.js';

export function EditorPagesList({ rows, notice }: { rows: Awaited<ReturnType<typeof listPagesForEditors>>; notice?: string | null }) {
  const { t } = usePage();
  const viewColumns = useViewColumns<(typeof rows)[number]>();
  return (
    <Layout title={t('portal.editor.pages')}>
      <h1>{t('portal.editor.pages')}</h1>
      <EditorNotice notice={notice} />
      <p>
        <a class="button button--primary" href="/editor/pages/new">
          {t('portal.editor.newPage')}
        </a>
      </p>
      <Table
        caption={t('portal.editor.pages')}
        rows={rows}
        columns={[
          { header: t('portal.editor.titleField'), cell: (r) => <a href={`/editor/pages/${r.id}`}>{r.title}</a> },
          { header: t('portal.news.project'), cell: (r) => r.project ?? t('portal.editor.site') },
          {
            header: t('portal.editor.languages'),
            cell: (r) => <TranslationStates languages={r.languages} />,
          },
          ...viewColumns,
        ]}
      />
      <ViewsNote />
    </Layout>
  );
}

export function EditorPageNew({ values = {}, errors = {}, projects }: { values?: FormValues; errors?: FieldErrors; projects: { id: string; acronym: string }[] }) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('portal.editor.newPage')}>
      <Breadcrumbs items={[{ href: '/editor/pages', label: t('portal.editor.pages') }, { label: t('portal.editor.newPage') }]} />
      <h1>{t('portal.editor.newPage')}</h1>
      <ErrorSummary errors={errors} />
      <Form action="/editor/pages/new">
        <SelectField name="projectId" label={t('portal.news.project')} hint={t('portal.editor.pageProjectHint')} value={values.projectId} options={projects.map((p) => ({ value: p.id, label: p.acronym }))} emptyLabel={t('portal.editor.site')} optional error={errors.projectId} />
        <SelectField name="sourceLocale" label={t('portal.editor.sourceLocale')} value={values.sourceLocale ?? locale} required options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} error={errors.sourceLocale} />
        <Field name="slug" label={t('portal.editor.slug')} hint={t('portal.editor.slugHint')} value={values.slug} error={errors.slug} required maxLength={80} spellcheck={false} />
        <TextFields values={values} errors={errors} withSummary={false} />
        <Button>{t('portal.editor.createPage')}</Button>
      </Form>
    </Layout>
  );
}

export function EditorPageEdit(props: { found: NonNullable<Awaited<ReturnType<typeof getPageForEditing>>>; editing: string; values: FormValues; errors?: FieldErrors; notice?: string | null }) {
  const { t } = usePage();
  const { page, texts, url } = props.found;
  const title = texts.find((x) => x.locale === page.sourceLocale)?.title ?? page.slug;
  return (
    <Layout title={title}>
      <Breadcrumbs items={[{ href: '/editor/pages', label: t('portal.editor.pages') }, { label: title }]} />
      <h1>{title}</h1>
      <EditorNotice notice={props.notice} />
      <p>
        <a href={url}>{t('portal.editor.view')}</a>
      </p>
      <TranslationWorkspace history baseHref={`/editor/pages/${page.id}`} sourceLocale={page.sourceLocale} texts={texts.map((x) => ({ ...x, summary: '' }))} editing={props.editing} values={props.values} errors={props.errors ?? {}} withSummary={false} />
      <h2>{t('portal.editor.settings')}</h2>
      <Form action={`/editor/pages/${page.id}/meta`}>
        <Field name="sort" type="number" label={t('portal.editor.sort')} hint={t('portal.editor.sortHint')} value={props.errors?.sort ? undefined : String(page.sort)} error={props.errors?.sort} inputMode="numeric" />
        <CheckboxField name="inMenu" label={t('portal.editor.inMenu')} checked={page.inMenu} />
        <Button variant="secondary">{t('form.save')}</Button>
      </Form>
      <p>
        <a href={`/editor/pages/${page.id}/history?track=settings`}>{t('portal.editor.settingsHistory')}</a>
      </p>
    </Layout>
  );
}
