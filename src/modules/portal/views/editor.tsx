import { LOCALES, LOCALE_NAMES, isLocale } from '../../../platform/i18n/index.js';
import type { FormValues } from '../../../platform/http/forms.js';
import type { TranslationRow } from '../../../platform/translations.js';
import { Alert, Button, ErrorSummary, Field, Form, Tabs, TextAreaField, type Column, type FieldErrors } from '../../../platform/ui/components.js';
import type { ViewFigures } from '../../../platform/page-views.js';
import { usePage } from '../../../platform/ui/context.js';
import { renderMarkdown } from '../../../platform/ui/markdown.js';

type Text = TranslationRow & { title: string; summary?: string; body: string };

const languageName = (l: string) => (isLocale(l) ? LOCALE_NAMES[l] : l);

/** Title, optional summary and Markdown body of one language of an item. */
export function TextFields({ values, errors, lang, withSummary = true }: { values: FormValues; errors: FieldErrors; lang?: string; withSummary?: boolean }) {
  const { t } = usePage();
  return (
    <div lang={lang}>
      <Field name="title" label={t('portal.editor.titleField')} value={values.title} error={errors.title} required maxLength={200} />
      {withSummary && <TextAreaField name="summary" label={t('portal.editor.summary')} value={values.summary} error={errors.summary} rows={3} maxLength={1000} />}
      <TextAreaField name="body" label={t('portal.editor.body')} hint={t('portal.editor.bodyHint')} value={values.body} error={errors.body} rows={14} />
    </div>
  );
}

/**
 * Translating an item: a tab per language saying whether it is the original, missing, up to date or out
 * of date; the original beside the form when translating. With `history`, a link to the language's history
 * (`${baseHref}/history`).
 */
export function TranslationWorkspace(props: { baseHref: string; sourceLocale: string; texts: Text[]; editing: string; values: FormValues; errors: FieldErrors; withSummary?: boolean; history?: boolean }) {
  const { t } = usePage();
  const source = props.texts.find((x) => x.locale === props.sourceLocale);
  const isSource = props.editing === props.sourceLocale;
  const state = (l: string) => {
    const row = props.texts.find((x) => x.locale === l);
    if (!row) return t('portal.editor.missing');
    if (l === props.sourceLocale) return t('portal.editor.source');
    return row.sourceRevision < (source?.revision ?? 1) ? t('portal.editor.outOfDate') : t('portal.editor.upToDate');
  };
  return (
    <>
      <Tabs label={t('portal.editor.languages')} items={LOCALES.map((l) => ({ href: `${props.baseHref}?edit=${l}`, label: `${LOCALE_NAMES[l]} · ${state(l)}`, current: l === props.editing }))} />
      <ErrorSummary errors={props.errors} />
      <div class={isSource ? undefined : 'side-by-side'}>
        {!isSource && source && (
          <section class="source-text" aria-labelledby="source-title" lang={props.sourceLocale}>
            <h2 id="source-title">{t('portal.editor.sourceText', { language: languageName(props.sourceLocale) })}</h2>
            <p>
              <strong>{source.title}</strong>
            </p>
            {source.summary && <p>{source.summary}</p>}
            <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(source.body) }} />
          </section>
        )}
        <section aria-labelledby="edit-title">
          <h2 id="edit-title">{t('portal.editor.editing', { language: languageName(props.editing) })}</h2>
          {props.history && props.texts.some((x) => x.locale === props.editing) && (
            <p>
              <a href={`${props.baseHref}/history?track=${props.editing}`}>{t('portal.editor.history', { language: languageName(props.editing) })}</a>
            </p>
          )}
          <Form action={`${props.baseHref}/text`}>
            <input type="hidden" name="locale" value={props.editing} />
            <TextFields values={props.values} errors={props.errors} lang={props.editing} withSummary={props.withSummary} />
            <Button>{t('form.save')}</Button>
          </Form>
        </section>
      </div>
    </>
  );
}

/** The editors' lists show each item's page views: the last 30 days and in total. */
export function useViewColumns<T extends { views: ViewFigures }>(): Column<T>[] {
  const { t, formatNumber } = usePage();
  return [
    { header: t('portal.editor.views30'), cell: (r) => formatNumber(r.views.last30), numeric: true },
    { header: t('portal.editor.viewsTotal'), cell: (r) => formatNumber(r.views.total), numeric: true },
  ];
}

/** How views are counted, said where the figures are shown. */
export function ViewsNote() {
  const { t } = usePage();
  return <p class="field__hint">{t('portal.editor.viewsNote')}</p>;
}

/** The confirmation after an editor's action (created, saved, published…), from the redirect's `notice`. */
export function EditorNotice({ notice }: { notice?: string | null }) {
  const { t } = usePage();
  return notice ? (
    <Alert kind="success">
      <p>{t(`portal.editor.notice.${notice}`)}</p>
    </Alert>
  ) : null;
}
