import { hasRole } from '../../../platform/access.js';
import type { FormValues } from '../../../platform/http/forms.js';
import { LOCALES, LOCALE_NAMES, type Locale, type Translate } from '../../../platform/i18n/index.js';
import { Alert, Breadcrumbs, Button, ErrorSummary, Field, Form, Table, Tabs, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { textIn } from '../../../platform/ui/translation-notice.js';
import { Layout } from '../../../platform/ui/layout.js';
import { renderMarkdown } from '../../../platform/ui/markdown.js';
import type { BlockText, QuestionText } from '../content.js';
import { translationProgress, translationState, type CourseTranslationSummary, type ItemText, type TranslatableCourse, type TranslatableItem, type TranslationState } from '../translating.js';
import { AuthorNotice, CourseTextFields, gist } from './author.js';
import { BlockFields, QuestionFields, TAKES_FILES } from './content-fields.js';
import { languageName } from './format.js';

/** "Module 2", "Lesson 2.1", "Lesson 2.1, block 3 (case vignette)", "Question 4": where each item sits. */
function itemLabels(course: TranslatableCourse, t: Translate): Map<string, string> {
  const labels = new Map<string, string>();
  let [m, l, b, q] = [0, 0, 0, 0];
  for (const item of course.items) {
    switch (item.kind) {
      case 'course':
        labels.set(item.id, t('training.author.item.course'));
        break;
      case 'module':
        [m, l] = [m + 1, 0];
        labels.set(item.id, t('training.author.item.module', { n: m }));
        break;
      case 'lesson':
        [l, b] = [l + 1, 0];
        labels.set(item.id, t('training.author.item.lesson', { n: `${m}.${l}` }));
        break;
      case 'block':
        b += 1;
        labels.set(item.id, t('training.author.item.block', { n: `${m}.${l}`, block: b, kind: t(`training.author.blockKind.${item.rows[0]?.value.kind ?? 'text'}`) }));
        break;
      case 'question':
        q += 1;
        labels.set(item.id, t('training.author.item.question', { n: q }));
        break;
    }
  }
  return labels;
}

/** The original of an item, shown beside the translation. */
function SourceText({ text }: { text: ItemText }) {
  const { t } = usePage();
  const md = (s: string) => <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(s) }} />;
  switch (text.kind) {
    case 'course':
      return (
        <>
          <h3>{text.value.title}</h3>
          {text.value.summary && <p>{text.value.summary}</p>}
          {text.value.outcomes.length > 0 && (
            <ul>
              {text.value.outcomes.map((o, i) => (
                <li key={i}>{o}</li>
              ))}
            </ul>
          )}
          {md(text.value.description)}
        </>
      );
    case 'module':
    case 'lesson':
      return (
        <p>
          <strong>{text.value.title}</strong>
        </p>
      );
    case 'block':
      return <BlockSource c={text.value} />;
    case 'question':
      return <QuestionSource c={text.value} t={t} />;
  }
}

function Options({ options }: { options: { text: string; feedback: string }[] }) {
  return (
    <ol>
      {options.map((o, i) => (
        <li key={i}>
          {o.text}
          {o.feedback && <p class="card__meta">{o.feedback}</p>}
        </li>
      ))}
    </ol>
  );
}

function BlockSource({ c }: { c: BlockText }) {
  const { t } = usePage();
  const md = (s: string) => <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(s) }} />;
  switch (c.kind) {
    case 'image':
      return (
        <dl class="facts">
          <dt>{t('training.author.alt')}</dt>
          <dd>{c.alt}</dd>
          {c.caption && (
            <>
              <dt>{t('training.author.caption')}</dt>
              <dd>{c.caption}</dd>
            </>
          )}
        </dl>
      );
    case 'video':
    case 'audio':
      return (
        <>
          <h3>{c.title}</h3>
          {c.captions && (
            <details>
              <summary>{t('training.author.captions')}</summary>
              <pre class="captions-source">{c.captions}</pre>
            </details>
          )}
          {c.transcript && md(c.transcript)}
        </>
      );
    case 'resource':
      return (
        <>
          <h3>{c.title}</h3>
          {c.description && <p>{c.description}</p>}
          <p class="card__meta">{c.file.name}</p>
        </>
      );
    case 'scorm':
      return <h3>{c.title}</h3>;
    case 'text':
      return md(c.markdown);
    case 'vignette':
      return (
        <>
          <h3>{c.title}</h3>
          {md(c.markdown)}
          <ol>
            {c.prompts.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ol>
        </>
      );
    case 'check':
      return (
        <>
          <p>
            <strong>{c.question}</strong>
          </p>
          <Options options={c.options} />
        </>
      );
  }
}

function QuestionSource({ c, t }: { c: QuestionText; t: Translate }) {
  const feedback = (s: string) => (s ? <p class="card__meta">{s}</p> : null);
  return (
    <>
      <p>
        <strong>{c.stem}</strong>
      </p>
      {(c.kind === 'single' || c.kind === 'multiple') && <Options options={c.options} />}
      {c.kind === 'true-false' && (
        <ul>
          <li>
            {t('training.author.feedbackTrue')}: {c.feedbackTrue}
          </li>
          <li>
            {t('training.author.feedbackFalse')}: {c.feedbackFalse}
          </li>
        </ul>
      )}
      {c.kind === 'ordering' && (
        <ol>
          {c.items.map((x, i) => (
            <li key={i}>{x}</li>
          ))}
        </ol>
      )}
      {c.kind === 'matching' && (
        <ul>
          {c.pairs.map((p, i) => (
            <li key={i}>
              {p.left} → {p.right}
            </li>
          ))}
        </ul>
      )}
      {c.kind === 'short-answer' && c.keywords.length > 0 && (
        <p>
          {t('training.author.keywords')}: {c.keywords.join(', ')}
        </p>
      )}
      {c.kind === 'short-answer' && c.guidance && (
        <p class="learner-answer">
          {t('training.author.guidance')}: {c.guidance}
        </p>
      )}
      {'feedback' in c && feedback(c.feedback)}
    </>
  );
}

/** The text of an item in one language, in a form's terms (null when that language has none). */
export function itemText(item: TranslatableItem, locale: string): ItemText | null {
  const row = (item.rows as { locale: string; value: unknown }[]).find((r) => r.locale === locale);
  return row ? ({ kind: item.kind, value: row.value } as ItemText) : null;
}

function ProgressLine({ done, total, language }: { done: number; total: number; language: string }) {
  const { t } = usePage();
  const text = t('training.author.progress', { done, total, language });
  return (
    <p class="progress">
      <label>
        {t('training.progress.label')}{' '}
        <progress max={total} value={done}>
          {text}
        </progress>
      </label>{' '}
      {text}
    </p>
  );
}

/** The courses and how far each is translated into each language. */
export function TranslationsPage({ rows }: { rows: CourseTranslationSummary[] }) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('training.author.translations.title')}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { label: t('training.author.translations.title') }]} />
      <h1>{t('training.author.translations.title')}</h1>
      <p class="lead">{t('training.author.translations.lead')}</p>
      <Table
        caption={t('training.author.courses')}
        rows={rows}
        columns={[
          {
            header: t('training.author.courseTitle'),
            cell: (r) => (
              <a href={`/author/courses/${r.course.id}/translate`} {...(r.title ? textIn(r.title.locale, locale) : {})}>
                {r.title?.value.value.title ?? r.course.slug}
              </a>
            ),
          },
          ...LOCALES.map((l) => ({
            header: LOCALE_NAMES[l],
            cell: (r: CourseTranslationSummary) => {
              if (l === r.course.sourceLocale) return t('training.author.original');
              const p = r.progress.find((x) => x.locale === l)!;
              return (
                <a href={`/author/courses/${r.course.id}/translate?lang=${l}`}>
                  {p.done}/{p.total}
                  <span class="visually-hidden"> ({t('training.author.progress', { done: p.done, total: p.total, language: LOCALE_NAMES[l] })})</span>
                </a>
              );
            },
          })),
        ]}
      />
    </Layout>
  );
}

interface WorkspaceProps {
  course: TranslatableCourse;
  lang: Locale;
  notice?: string | null;
}

/** Breadcrumbs of the workspace: from the authoring pages for authors, from the translations list for translators. */
function useCrumbs(course: TranslatableCourse) {
  const { t, principal } = usePage();
  return hasRole(principal, 'course-author')
    ? [
        { href: '/author/courses', label: t('training.author.title') },
        { href: `/author/courses/${course.id}`, label: course.title },
      ]
    : [
        { href: '/author/translations', label: t('training.author.translations.title') },
        { href: `/author/courses/${course.id}/translate`, label: course.title },
      ];
}

export function WorkspacePage({ course, lang, notice }: WorkspaceProps) {
  const { t, locale } = usePage();
  const labels = itemLabels(course, t);
  const progress = translationProgress(course);
  const mine = progress.find((p) => p.locale === lang)!;
  const base = `/author/courses/${course.id}/translate`;
  const rows = course.items.map((item) => ({ item, state: translationState(item, lang, course.sourceLocale)!, source: itemText(item, course.sourceLocale) }));
  return (
    <Layout title={`${t('training.author.workspace', { language: LOCALE_NAMES[lang] })} · ${course.title}`}>
      <Breadcrumbs items={[...useCrumbs(course), { label: t('training.author.workspace', { language: LOCALE_NAMES[lang] }) }]} />
      <p class="eyebrow" {...textIn(course.sourceLocale, locale)}>
        {course.title}
      </p>
      <h1>{t('training.author.workspace', { language: LOCALE_NAMES[lang] })}</h1>
      <AuthorNotice notice={notice} />
      <Tabs label={t('training.author.translateInto')} items={progress.map((p) => ({ href: `${base}?lang=${p.locale}`, label: `${LOCALE_NAMES[p.locale]} · ${p.done}/${p.total}`, current: p.locale === lang }))} />
      <ProgressLine done={mine.done} total={mine.total} language={LOCALE_NAMES[lang]} />
      <p>{t('training.author.workspaceHint', { original: languageName(course.sourceLocale) })}</p>
      <Table
        caption={t('training.author.workspaceItems', { language: LOCALE_NAMES[lang] })}
        rows={rows}
        columns={[
          {
            header: t('training.author.item'),
            cell: (r) => (
              <a href={`${base}/${r.item.kind}/${r.item.id}?lang=${lang}`} id={`item-${r.item.id}`}>
                {labels.get(r.item.id)}
              </a>
            ),
          },
          { header: t('training.author.original'), cell: (r) => <span {...textIn(course.sourceLocale, locale)}>{r.source ? summaryOf(r.source) : '–'}</span> },
          { header: t('training.author.state'), cell: (r) => <span class={`translation-state translation-state--${r.state}`}>{t(`training.author.state.${r.state}`)}</span> },
        ]}
      />
    </Layout>
  );
}

/** One line of an item's original, for the workspace's list. */
const summaryOf = (text: ItemText) => (text.kind === 'block' || text.kind === 'question' ? gist(text.value) : text.value.title);

export function TranslateItemPage(props: WorkspaceProps & { item: TranslatableItem; values: FormValues; errors: FieldErrors }) {
  const { t, locale } = usePage();
  const { course, item, lang } = props;
  const label = itemLabels(course, t).get(item.id)!;
  const state: TranslationState = translationState(item, lang, course.sourceLocale)!;
  const source = itemText(item, course.sourceLocale);
  const base = `/author/courses/${course.id}/translate`;
  const action = `${base}/${item.kind}/${item.id}`;
  const language = LOCALE_NAMES[lang];
  const typed = textIn(lang, locale);
  return (
    <Layout title={`${label} · ${t('training.author.workspace', { language })} · ${course.title}`}>
      <Breadcrumbs items={[...useCrumbs(course), { href: `${base}?lang=${lang}#item-${item.id}`, label: t('training.author.workspace', { language }) }, { label }]} />
      <h1>
        {label} · {language}
      </h1>
      <AuthorNotice notice={props.notice} />
      <p>
        {t('training.author.state')}: <strong class={`translation-state translation-state--${state}`}>{t(`training.author.state.${state}`)}</strong>
      </p>
      {state === 'out-of-date' && <Alert kind="warning">{t('training.author.outOfDateHint')}</Alert>}
      <div class="side-by-side">
        <section class="source-text" aria-labelledby="source-title" {...textIn(course.sourceLocale, locale)}>
          <h2 id="source-title">{t('training.author.originalIn', { language: languageName(course.sourceLocale) })}</h2>
          {source ? <SourceText text={source} /> : <p>{t('training.author.noOriginal')}</p>}
        </section>
        <section aria-labelledby="edit-title">
          <h2 id="edit-title">{t('training.author.translationIn', { language })}</h2>
          <ErrorSummary errors={props.errors} />
          {source ? (
            <Form action={action} enctype={source.kind === 'block' && TAKES_FILES.includes(source.value.kind) ? 'multipart/form-data' : undefined}>
              <input type="hidden" name="locale" value={lang} />
              {source.kind === 'course' && <CourseTextFields values={props.values} errors={props.errors} language={lang} />}
              {(source.kind === 'module' || source.kind === 'lesson') && <Field {...typed} name="title" label={t('training.author.titleField')} value={props.values.title} error={props.errors.title} required maxLength={200} />}
              {source.kind === 'block' && <BlockFields kind={source.value.kind} values={props.values} errors={props.errors} text={typed} source={source.value} />}
              {source.kind === 'question' && <QuestionFields kind={source.value.kind} values={props.values} errors={props.errors} text={typed} source={source.value} />}
              <Button>{t('training.author.saveTranslation')}</Button>
            </Form>
          ) : null}
          {item.kind === 'block' && state === 'translated' && (
            <Form action={`${action}/review`}>
              <input type="hidden" name="locale" value={lang} />
              <p class="field__hint">{t('training.author.reviewHint')}</p>
              <Button variant="secondary">{t('training.author.markReviewed')}</Button>
            </Form>
          )}
        </section>
      </div>
      <p>
        <a href={`${base}?lang=${lang}#item-${item.id}`}>{t('training.author.backToWorkspace')}</a>
      </p>
    </Layout>
  );
}
