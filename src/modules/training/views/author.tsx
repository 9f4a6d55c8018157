import type { ComponentChildren } from 'preact';
import type { FormValues } from '../../../platform/http/forms.js';
import { LOCALES, LOCALE_NAMES, type Locale } from '../../../platform/i18n/index.js';
import { PROFESSIONS } from '../../../platform/identity/users.js';
import { Alert, Breadcrumbs, Button, ButtonLink, CheckboxField, CheckboxGroup, ErrorSummary, Facts, Field, Form, SelectField, Table, Tabs, TextAreaField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { localeOptions, professionOptions } from '../../../platform/ui/options.js';
import { textIn, TranslationStates } from '../../../platform/ui/translation-notice.js';
import { isOutOfDate, pickTranslation, type TranslationRow } from '../../../platform/translations.js';
import { creditField } from '../author-forms.js';
import type { Assessment, EcmProblem, Question, QuestionTextRow } from '../assessments.js';
import type { AuthorCourseRow, CourseForAuthoring } from '../authoring.js';
import { ASSESSMENT_KINDS, BLOCK_KINDS, COURSE_LEVELS, CREDIT_SCHEMES, QUESTION_KINDS, TOPICS, type AssessmentKind, type BlockKind, type BlockText, type QuestionKind, type QuestionText } from '../content.js';
import type { TranslationState } from '../translating.js';
import { lessonsInOrder, type PublishResult, type SnapshotBlock, type SnapshotLesson, type SnapshotModule } from '../versions.js';
import { CourseLanguages } from './catalogue.js';
import { BlockFields, QuestionFields, TAKES_FILES } from './content-fields.js';
import { formatDuration, languageName } from './format.js';
import type { CheckAnswer } from '../lesson-query.js';
import { LessonBlocks, type LessonMedia } from './lesson-blocks.js';

/** Why publishing was refused (training.author.publish.*): the course exists, so never "not found". */
export type PublishRefusal = Exclude<Extract<PublishResult, { ok: false }>['reason'], 'not-found'>;

type Titled = TranslationRow & { title: string };
/** The title an author wrote, in the course's source language (another one while there is none). */
const sourceTitle = (texts: Titled[], sourceLocale: string) => pickTranslation(texts, sourceLocale as Locale, sourceLocale)?.value.title ?? '';
/** The languages an item is translated into, each marked when out of date. */
const languagesOf = (rows: TranslationRow[], sourceLocale: string) => rows.filter((r) => r.locale !== sourceLocale).map((r) => ({ locale: r.locale, outOfDate: isOutOfDate(r, rows.find((x) => x.locale === sourceLocale), sourceLocale) }));

/** A short line saying what a block or question is about, for lists. */
export function gist(c: BlockText | QuestionText): string {
  const s = 'stem' in c ? c.stem : c.kind === 'text' ? c.markdown : c.kind === 'check' ? c.question : c.kind === 'image' ? c.alt : c.title;
  const line = s
    .replace(/[#>*_`[\]]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

export function AuthorNotice({ notice, version }: { notice?: string | null; version?: string | null }) {
  const { t } = usePage();
  return notice ? (
    <Alert kind="success">
      <p>{t(`training.author.notice.${notice}`, { version: version ?? '' })}</p>
    </Alert>
  ) : null;
}

/** A course's authoring pages share its breadcrumbs and its sections: the course, questions and tests, translation. */
function CourseFrame({ found, title, section, crumbs = [], children }: { found: CourseForAuthoring; title: string; section: 'course' | 'questions' | 'translate'; crumbs?: { href?: string; label: string }[]; children: ComponentChildren }) {
  const { t } = usePage();
  const base = `/author/courses/${found.course.id}`;
  return (
    <Layout title={title === found.title ? title : `${title} · ${found.title}`}>
      <Breadcrumbs items={[{ href: '/author/courses', label: t('training.author.title') }, { href: base, label: found.title }, ...crumbs]} />
      <Tabs
        label={t('training.author.sections')}
        items={[
          { href: base, label: t('training.author.section.course'), current: section === 'course' },
          { href: `${base}/questions`, label: t('training.author.section.questions'), current: section === 'questions' },
          { href: `${base}/translate`, label: t('training.author.section.translate'), current: section === 'translate' },
        ]}
      />
      {children}
    </Layout>
  );
}

/**
 * Move up and move down: buttons of one small form (no script needed), none where the item cannot go.
 * `from` names the page to come back to when an item is listed on more than one (a module's lessons).
 */
function MoveButtons({ action, label, first, last, from }: { action: string; label: string; first: boolean; last: boolean; from?: 'module' }) {
  const { t } = usePage();
  if (first && last) return null;
  return (
    <Form action={action} class="move-buttons">
      {from && <input type="hidden" name="from" value={from} />}
      {!first && (
        <Button variant="secondary" name="direction" value="up">
          {t('training.author.moveUp')}
          <span class="visually-hidden">: {label}</span>
        </Button>
      )}
      {!last && (
        <Button variant="secondary" name="direction" value="down">
          {t('training.author.moveDown')}
          <span class="visually-hidden">: {label}</span>
        </Button>
      )}
    </Form>
  );
}

/** A confirmed deletion at the foot of an item's page: what goes, and that published versions keep it. */
function DeleteSection({ action, explanation, button }: { action: string; explanation: string; button: string }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="delete-title" class="danger-zone">
      <h2 id="delete-title">{t('training.author.delete')}</h2>
      <p>{explanation}</p>
      <p>{t('training.author.deleteKept')}</p>
      <Form action={action}>
        <CheckboxField name="confirm" label={t('training.author.deleteConfirm')} required />
        <Button variant="danger">{button}</Button>
      </Form>
    </section>
  );
}

// ——— The list of courses ———

export function AuthorCoursesPage({ rows, notice }: { rows: AuthorCourseRow[]; notice?: string | null }) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('training.author.title')}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { label: t('training.author.title') }]} />
      <h1>{t('training.author.title')}</h1>
      <AuthorNotice notice={notice} />
      <p>
        <ButtonLink href="/author/courses/new" variant="primary">
          {t('training.author.newCourse')}
        </ButtonLink>{' '}
        <ButtonLink href="/author/courses/import">{t('training.packages.import')}</ButtonLink>
      </p>
      <Table
        caption={t('training.author.courses')}
        rows={rows}
        columns={[
          {
            header: t('training.author.courseTitle'),
            cell: (r) => (
              <a href={`/author/courses/${r.id}`} {...(r.title ? textIn(r.title.locale, locale) : {})}>
                {r.title?.value.title ?? r.slug}
              </a>
            ),
          },
          { header: t('training.author.status'), cell: (r) => (r.status === 'published' ? t('training.author.published') : t('training.author.draft')) },
          { header: t('training.author.latestVersion'), cell: (r) => (r.version ? `${r.version.major}.${r.version.minor}` : '–') },
          { header: t('training.author.draftLanguages'), cell: (r) => <CourseLanguages languages={r.languages} /> },
          {
            header: t('training.author.section.translate'),
            cell: (r) => (
              <a href={`/author/courses/${r.id}/translate`}>
                {t('training.author.translateCourse')}
                <span class="visually-hidden">: {r.title?.value.title ?? r.slug}</span>
              </a>
            ),
          },
        ]}
      />
    </Layout>
  );
}

// ——— Course texts and facts ———

/** The course's own texts; `language` is theirs when it is not the page's. */
export function CourseTextFields({ values, errors, language }: { values: FormValues; errors: FieldErrors; language?: string }) {
  const { t, locale } = usePage();
  const typed = textIn(language ?? locale, locale);
  return (
    <>
      <Field {...typed} name="title" label={t('training.author.courseTitle')} value={values.title} error={errors.title} required maxLength={200} />
      <TextAreaField {...typed} name="summary" label={t('training.author.summary')} value={values.summary} error={errors.summary} rows={3} maxLength={1000} optional />
      <TextAreaField {...typed} name="outcomes" label={t('training.outcomes')} hint={t('training.author.onePerLine')} value={values.outcomes} error={errors.outcomes} rows={5} optional />
      <TextAreaField {...typed} name="description" label={t('training.about')} hint={t('training.author.markdownHint')} value={values.description} error={errors.description} rows={10} maxLength={20_000} optional />
    </>
  );
}

function CourseFactsFields({ values, errors, topics }: { values: FormValues; errors: FieldErrors; topics: string[] }) {
  const { t } = usePage();
  return (
    <>
      <SelectField name="level" label={t('training.levelLabel')} value={values.level} options={COURSE_LEVELS.map((l) => ({ value: l, label: t(`training.level.${l}`) }))} emptyLabel="" required error={errors.level} />
      <CheckboxGroup name="topics" legend={t('training.topics')} options={TOPICS.map((x) => ({ value: x, label: t(`training.topic.${x}`) }))} checked={topics} error={errors.topics} />
      <Field name="durationMinutes" label={t('training.author.durationMinutes')} hint={t('training.author.durationHint')} inputMode="numeric" value={values.durationMinutes} error={errors.durationMinutes} required maxLength={5} />
      <CheckboxField name="ecm" label={t('training.author.ecm')} hint={t('training.author.ecmHint')} checked={values.ecm === 'on'} error={errors.ecm} />
    </>
  );
}

export function NewCoursePage({ values = {}, errors = {}, topics = [] }: { values?: FormValues; errors?: FieldErrors; topics?: string[] }) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('training.author.newCourse')}>
      <Breadcrumbs items={[{ href: '/author/courses', label: t('training.author.title') }, { label: t('training.author.newCourse') }]} />
      <h1>{t('training.author.newCourse')}</h1>
      <ErrorSummary errors={errors} />
      <Form action="/author/courses/new">
        <SelectField name="sourceLocale" label={t('training.author.sourceLocale')} hint={t('training.author.sourceLocaleHint')} value={values.sourceLocale ?? locale} options={localeOptions()} required error={errors.sourceLocale} />
        <Field name="slug" label={t('training.author.slug')} hint={t('training.author.slugHint')} value={values.slug} error={errors.slug} required maxLength={80} spellcheck={false} />
        <CourseTextFields values={values} errors={errors} />
        <CourseFactsFields values={values} errors={errors} topics={topics} />
        <Button>{t('training.author.create')}</Button>
      </Form>
    </Layout>
  );
}

// ——— A course ———

export type CourseSection = 'text' | 'facts' | 'audience' | 'module';

export interface CoursePageProps {
  found: CourseForAuthoring;
  publication: PublishResult;
  ecm: EcmProblem[];
  /** Courses this one can build on. */
  others: { id: string; title: string }[];
  values: FormValues;
  errors: FieldErrors;
  section?: CourseSection;
  chosen: { topics: string[]; professions: string[]; prerequisites: string[] };
  notice?: string | null;
  version?: string | null;
  refused?: PublishRefusal | null;
}

function EcmProblems({ problems }: { problems: EcmProblem[] }) {
  const { t } = usePage();
  return problems.length ? (
    <ul>
      {problems.map((p) => (
        <li key={p}>{t(`training.author.${p}`)}</li>
      ))}
    </ul>
  ) : (
    <p>{t('training.author.ecmOk')}</p>
  );
}

/** What publishing now would do, said before the button is pressed. */
function PublicationOutlook({ found, publication, ecm }: { found: CourseForAuthoring; publication: PublishResult; ecm: EcmProblem[] }) {
  const { t } = usePage();
  const latest = found.latest;
  if (!publication.ok) {
    return (
      <>
        <p>{t(`training.author.publish.${publication.reason}`, { language: languageName(found.course.sourceLocale) })}</p>
        {publication.reason === 'ecm' && <EcmProblems problems={ecm} />}
      </>
    );
  }
  const version = `${publication.major}.${publication.minor}`;
  if (publication.unchanged) return <p>{t('training.author.outlook.unchanged', { version })}</p>;
  if (!latest) return <p>{t('training.author.outlook.first', { version })}</p>;
  if (publication.major > latest.major) return <p>{t('training.author.outlook.major', { version, kept: latest.major })}</p>;
  return <p>{t('training.author.outlook.minor', { version, major: latest.major })}</p>;
}

function OutlineLessons({ found, module, from }: { found: CourseForAuthoring; module: SnapshotModule; from?: 'module' }) {
  const { t, locale } = usePage();
  const base = `/author/courses/${found.course.id}`;
  const src = found.course.sourceLocale;
  if (!module.lessons.length) return <p>{t('training.author.noLessons')}</p>;
  return (
    <ol class="author-outline__lessons">
      {module.lessons.map((l, i) => {
        const title = sourceTitle(l.texts, src);
        return (
          <li key={l.id} id={`lesson-${l.id}`} class="author-actions">
            <span>
              <a href={`${base}/lessons/${l.id}`} {...textIn(src, locale)}>
                {title}
              </a>{' '}
              <span class="card__meta">
                · {formatDuration(locale, l.durationMinutes)} · {t('training.author.blockCount', { count: l.blocks.length })} ·{' '}
                <a href={`${base}/preview/lessons/${l.id}`}>
                  {t('training.author.preview')}
                  <span class="visually-hidden">: {title}</span>
                </a>
              </span>
            </span>
            <MoveButtons action={`${base}/lessons/${l.id}/move`} label={title} first={i === 0} last={i === module.lessons.length - 1} from={from} />
          </li>
        );
      })}
    </ol>
  );
}

export function CoursePage(props: CoursePageProps) {
  const { t, locale, formatDate } = usePage();
  const { found } = props;
  const c = found.course;
  const base = `/author/courses/${c.id}`;
  const src = c.sourceLocale;
  const errorsFor = (s: CourseSection) => (props.section === s ? props.errors : {});
  const audienceErrors = errorsFor('audience');
  return (
    <CourseFrame found={found} title={found.title} section="course">
      <h1 {...textIn(src, locale)}>{found.title}</h1>
      <AuthorNotice notice={props.notice} version={props.version} />
      {props.refused && (
        <Alert kind="warning" title={t('training.author.publishRefused')}>
          <p>{t(`training.author.publish.${props.refused}`, { language: languageName(src) })}</p>
          {props.refused === 'ecm' && <EcmProblems problems={props.ecm} />}
        </Alert>
      )}

      <section aria-labelledby="publishing-title">
        <h2 id="publishing-title">{t('training.author.publishing')}</h2>
        <Facts
          items={[
            [t('training.author.status'), c.status === 'published' ? t('training.author.published') : t('training.author.draft')],
            [t('training.author.latestVersion'), found.latest ? t('training.author.versionOn', { version: `${found.latest.major}.${found.latest.minor}`, date: formatDate(found.latest.publishedAt) }) : '–'],
          ]}
        />
        <PublicationOutlook found={found} publication={props.publication} ecm={props.ecm} />
        <Form action={`${base}/publish`}>
          <Button>{t('training.author.publish')}</Button>
        </Form>
        {c.status === 'published' && (
          <p>
            <a href={`/training/courses/${c.slug}`}>{t('training.author.viewInCatalogue')}</a>
          </p>
        )}
        <p>
          <a href={`${base}/package`} download>
            {t('training.packages.export')}
          </a>{' '}
          {t('training.packages.exportHint')}
        </p>
      </section>

      {c.ecm && (
        <section aria-labelledby="ecm-title">
          <h2 id="ecm-title">{t('training.author.ecmRules')}</h2>
          <EcmProblems problems={props.ecm} />
          <p>
            <a href={`${base}/questions`}>{t('training.author.section.questions')}</a>
          </p>
        </section>
      )}

      <section aria-labelledby="outline-title">
        <h2 id="outline-title">{t('training.author.outline')}</h2>
        {found.outline.modules.length === 0 && <p>{t('training.author.noModules')}</p>}
        <ol class="author-outline">
          {found.outline.modules.map((m, i) => {
            const title = sourceTitle(m.texts, src);
            return (
              <li key={m.id} id={`module-${m.id}`}>
                <h3 {...textIn(src, locale)}>{title}</h3>
                <div class="author-actions">
                  <a href={`${base}/modules/${m.id}`}>
                    {t('training.author.editModule')}
                    <span class="visually-hidden">: {title}</span>
                  </a>
                  <MoveButtons action={`${base}/modules/${m.id}/move`} label={title} first={i === 0} last={i === found.outline.modules.length - 1} />
                </div>
                <OutlineLessons found={found} module={m} />
              </li>
            );
          })}
        </ol>
        <ErrorSummary errors={errorsFor('module')} />
        <Form action={`${base}/modules`}>
          <Field {...textIn(src, locale)} name="moduleTitle" label={t('training.author.newModuleTitle')} value={props.values.moduleTitle} error={errorsFor('module').moduleTitle} maxLength={200} />
          <Button variant="secondary">{t('training.author.addModule')}</Button>
        </Form>
      </section>

      <section aria-labelledby="text-title">
        <h2 id="text-title">{t('training.author.texts', { language: languageName(src) })}</h2>
        <p>
          {t('training.author.textsHint')} <a href={`${base}/translate`}>{t('training.author.openWorkspace')}</a>
        </p>
        <ErrorSummary errors={errorsFor('text')} />
        <Form action={`${base}/text`}>
          <CourseTextFields values={props.values} errors={errorsFor('text')} language={src} />
          <Button variant="secondary">{t('form.save')}</Button>
        </Form>
      </section>

      <section aria-labelledby="facts-title">
        <h2 id="facts-title">{t('training.author.facts')}</h2>
        <ErrorSummary errors={errorsFor('facts')} />
        <Form action={`${base}/facts`}>
          <CourseFactsFields values={props.values} errors={errorsFor('facts')} topics={props.chosen.topics} />
          <Button variant="secondary">{t('form.save')}</Button>
        </Form>
      </section>

      <section aria-labelledby="audience-title">
        <h2 id="audience-title">{t('training.author.audience')}</h2>
        <ErrorSummary errors={audienceErrors} />
        <Form action={`${base}/audience`}>
          <CheckboxGroup name="professions" legend={t('training.author.professions')} options={professionOptions(t)} checked={props.chosen.professions} error={audienceErrors.professions} />
          <div class="table-wrap" role="region" aria-label={t('training.credits')} tabIndex={0}>
            <table class="table credits-table">
              <caption>{t('training.credits')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('training.creditProfession')}</th>
                  {CREDIT_SCHEMES.map((s) => (
                    <th scope="col" key={s}>
                      {t(`training.scheme.${s}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {PROFESSIONS.map((p) => (
                  <tr key={p}>
                    <th scope="row">{t(`profession.${p}`)}</th>
                    {CREDIT_SCHEMES.map((s) => {
                      const name = creditField(p, s);
                      const error = audienceErrors[name];
                      return (
                        <td key={s} class={error ? 'field--error' : undefined}>
                          <label class="visually-hidden" for={`field-${name}`}>
                            {t('training.author.creditsFor', { scheme: t(`training.scheme.${s}`), profession: t(`profession.${p}`) })}
                          </label>
                          {error && (
                            <p class="field__error" id={`field-${name}-error`}>
                              {t(error)}
                            </p>
                          )}
                          <input id={`field-${name}`} name={name} value={props.values[name] ?? ''} inputMode="decimal" size={5} maxLength={6} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `field-${name}-error` : undefined} />
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="field__hint">{t('training.author.creditsHint')}</p>
          {props.others.length > 0 && <CheckboxGroup name="prerequisites" legend={t('training.prerequisites')} hint={t('training.author.prerequisitesHint')} options={props.others.map((o) => ({ value: o.id, label: o.title }))} checked={props.chosen.prerequisites} error={audienceErrors.prerequisites} />}
          <Button variant="secondary">{t('form.save')}</Button>
        </Form>
      </section>
    </CourseFrame>
  );
}

// ——— A module ———

export function ModulePage({ found, module, values, errors, section, notice }: { found: CourseForAuthoring; module: SnapshotModule; values: FormValues; errors: FieldErrors; section?: 'title' | 'lesson'; notice?: string | null }) {
  const { t, locale } = usePage();
  const base = `/author/courses/${found.course.id}`;
  const src = found.course.sourceLocale;
  const title = sourceTitle(module.texts, src);
  const lessonCount = module.lessons.length;
  return (
    <CourseFrame found={found} title={title} section="course" crumbs={[{ label: title }]}>
      <h1 {...textIn(src, locale)}>{title}</h1>
      <AuthorNotice notice={notice} />
      <section aria-labelledby="rename-title">
        <h2 id="rename-title">{t('training.author.moduleTitle')}</h2>
        <ErrorSummary errors={section === 'title' ? errors : {}} />
        <Form action={`${base}/modules/${module.id}`}>
          <Field {...textIn(src, locale)} name="title" label={t('training.author.moduleTitle')} value={section === 'title' ? values.title : title} error={section === 'title' ? errors.title : undefined} required maxLength={200} />
          <Button variant="secondary">{t('form.save')}</Button>
        </Form>
      </section>
      <section aria-labelledby="lessons-title">
        <h2 id="lessons-title">{t('training.author.lessons')}</h2>
        <OutlineLessons found={found} module={module} from="module" />
      </section>
      <section aria-labelledby="new-lesson-title" id="new-lesson">
        <h2 id="new-lesson-title">{t('training.author.addLesson')}</h2>
        <ErrorSummary errors={section === 'lesson' ? errors : {}} />
        <Form action={`${base}/modules/${module.id}/lessons`}>
          <Field {...textIn(src, locale)} name="lessonTitle" label={t('training.author.lessonTitle')} value={section === 'lesson' ? values.lessonTitle : ''} error={section === 'lesson' ? errors.lessonTitle : undefined} required maxLength={200} />
          <Field name="durationMinutes" label={t('training.author.durationMinutes')} inputMode="numeric" value={section === 'lesson' ? values.durationMinutes : '10'} error={section === 'lesson' ? errors.durationMinutes : undefined} required maxLength={3} />
          <Button variant="secondary">{t('training.author.addLesson')}</Button>
        </Form>
      </section>
      <DeleteSection action={`${base}/modules/${module.id}/delete`} explanation={t('training.author.deleteModuleWhat', { count: lessonCount })} button={t('training.author.deleteModule')} />
    </CourseFrame>
  );
}

// ——— A lesson ———

/** Where a lesson sits: its module and its place in the course. */
const placeOf = (found: CourseForAuthoring, lessonId: string) => {
  const ordered = lessonsInOrder(found.outline);
  const at = ordered.findIndex((x) => x.lesson.id === lessonId);
  return { ordered, at, module: ordered[at]!.module };
};

const blockKindLabel = (t: (k: string) => string, kind: BlockKind) => t(`training.author.blockKind.${kind}`);

export function LessonAuthoringPage({ found, lesson, values, errors, notice }: { found: CourseForAuthoring; lesson: SnapshotLesson; values: FormValues; errors: FieldErrors; notice?: string | null }) {
  const { t, locale } = usePage();
  const base = `/author/courses/${found.course.id}`;
  const src = found.course.sourceLocale;
  const { module } = placeOf(found, lesson.id);
  const title = sourceTitle(lesson.texts, src);
  const moduleTitle = sourceTitle(module.texts, src);
  return (
    <CourseFrame found={found} title={title} section="course" crumbs={[{ href: `${base}/modules/${module.id}`, label: moduleTitle }, { label: title }]}>
      <h1 {...textIn(src, locale)}>{title}</h1>
      <AuthorNotice notice={notice} />
      <p>
        <a href={`${base}/preview/lessons/${lesson.id}`}>{t('training.author.previewAsLearner')}</a>
      </p>
      <ErrorSummary errors={errors} />
      <Form action={`${base}/lessons/${lesson.id}`}>
        <Field {...textIn(src, locale)} name="title" label={t('training.author.lessonTitle')} value={values.title} error={errors.title} required maxLength={200} />
        <Field name="durationMinutes" label={t('training.author.durationMinutes')} inputMode="numeric" value={values.durationMinutes} error={errors.durationMinutes} required maxLength={3} />
        <Button variant="secondary">{t('form.save')}</Button>
      </Form>
      <section aria-labelledby="blocks-title">
        <h2 id="blocks-title">{t('training.author.blocks')}</h2>
        {lesson.blocks.length === 0 && <p>{t('training.author.noBlocks')}</p>}
        <ol class="author-blocks">
          {lesson.blocks.map((b, i) => {
            const text = pickTranslation(b.texts, src as Locale, src);
            const label = `${blockKindLabel(t, b.kind)} ${i + 1}`;
            return (
              <li key={b.id} id={`block-${b.id}`}>
                <p>
                  <strong>{blockKindLabel(t, b.kind)}</strong>: <span {...(text ? textIn(text.locale, locale) : {})}>{text ? gist(text.value.content) : ''}</span>
                </p>
                <div class="author-actions">
                  <span>{t('training.author.translations')}:</span>
                  <TranslationStates languages={languagesOf(b.texts, src)} />
                </div>
                <div class="author-actions">
                  <a href={`${base}/blocks/${b.id}`}>
                    {t('training.author.edit')}
                    <span class="visually-hidden">: {label}</span>
                  </a>
                  <MoveButtons action={`${base}/blocks/${b.id}/move`} label={label} first={i === 0} last={i === lesson.blocks.length - 1} />
                </div>
              </li>
            );
          })}
        </ol>
        <h3>{t('training.author.addBlock')}</h3>
        <ul class="link-list">
          {BLOCK_KINDS.map((k) => (
            <li key={k}>
              <a href={`${base}/lessons/${lesson.id}/blocks/new?kind=${k}`}>{blockKindLabel(t, k)}</a>
            </li>
          ))}
        </ul>
      </section>
      <DeleteSection action={`${base}/lessons/${lesson.id}/delete`} explanation={t('training.author.deleteLessonWhat', { count: lesson.blocks.length })} button={t('training.author.deleteLesson')} />
    </CourseFrame>
  );
}

// ——— A block ———

/** Each other language's state, with a link to translate the item in the workspace. */
function TranslationsOf({ href, states }: { href: (locale: string) => string; states: { locale: string; state: TranslationState }[] }) {
  const { t, locale } = usePage();
  return (
    <section aria-labelledby="translations-title">
      <h2 id="translations-title">{t('training.author.translations')}</h2>
      <ul>
        {states.map((s) => (
          <li key={s.locale}>
            <a href={href(s.locale)} {...textIn(s.locale, locale)}>
              {languageName(s.locale)}
            </a>
            : {t(`training.author.state.${s.state}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function BlockPage(props: { found: CourseForAuthoring; lesson: SnapshotLesson; block: SnapshotBlock | null; kind: BlockKind; values: FormValues; errors: FieldErrors; notice?: string | null; states: { locale: string; state: TranslationState }[] }) {
  const { t, locale } = usePage();
  const { found, lesson, block, kind } = props;
  const base = `/author/courses/${found.course.id}`;
  const src = found.course.sourceLocale;
  const { module } = placeOf(found, lesson.id);
  const title = block ? blockKindLabel(t, kind) : t('training.author.newBlock', { kind: blockKindLabel(t, kind) });
  return (
    <CourseFrame
      found={found}
      title={title}
      section="course"
      crumbs={[
        { href: `${base}/modules/${module.id}`, label: sourceTitle(module.texts, src) },
        { href: `${base}/lessons/${lesson.id}`, label: sourceTitle(lesson.texts, src) },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <AuthorNotice notice={props.notice} />
      {block && kind === 'check' && <p class="field__hint">{t('training.author.answersAreStructure')}</p>}
      <ErrorSummary errors={props.errors} />
      <Form action={block ? `${base}/blocks/${block.id}` : `${base}/lessons/${lesson.id}/blocks/new`} enctype={TAKES_FILES.includes(kind) ? 'multipart/form-data' : undefined}>
        {!block && <input type="hidden" name="kind" value={kind} />}
        <BlockFields kind={kind} values={props.values} errors={props.errors} text={textIn(src, locale)} current={block ? { data: block.data, content: block.texts.find((x) => x.locale === src)?.content } : undefined} />
        <Button>{t('form.save')}</Button>
      </Form>
      {block && <TranslationsOf href={(l) => `${base}/translate/block/${block.id}?lang=${l}`} states={props.states} />}
      {block && <DeleteSection action={`${base}/blocks/${block.id}/delete`} explanation={t('training.author.deleteBlockWhat')} button={t('training.author.deleteBlock')} />}
    </CourseFrame>
  );
}

// ——— Questions and tests ———

const questionKindLabel = (t: (k: string) => string, kind: QuestionKind) => t(`training.author.questionKind.${kind}`);
export type BankQuestion = Question & { texts: QuestionTextRow[] };

export function QuestionsPage({ found, bank, tests, ecm, notice }: { found: CourseForAuthoring; bank: BankQuestion[]; tests: Record<AssessmentKind, Assessment | null>; ecm: EcmProblem[]; notice?: string | null }) {
  const { t, locale, formatNumber } = usePage();
  const base = `/author/courses/${found.course.id}`;
  const src = found.course.sourceLocale;
  const gistOf = (q: BankQuestion) => {
    const text = pickTranslation(q.texts, src as Locale, src);
    return text ? gist(text.value.content) : '';
  };
  return (
    <CourseFrame found={found} title={t('training.author.section.questions')} section="questions" crumbs={[{ label: t('training.author.section.questions') }]}>
      <h1>{t('training.author.section.questions')}</h1>
      <AuthorNotice notice={notice} />
      {found.course.ecm && (
        <section aria-labelledby="ecm-title">
          <h2 id="ecm-title">{t('training.author.ecmRules')}</h2>
          <EcmProblems problems={ecm} />
        </section>
      )}
      <section aria-labelledby="tests-title">
        <h2 id="tests-title">{t('training.author.tests')}</h2>
        {ASSESSMENT_KINDS.map((kind) => {
          const a = tests[kind];
          return (
            <div key={kind}>
              <h3>{t(`training.test.${kind}`)}</h3>
              {a ? (
                <Facts
                  items={[
                    [t('training.test.questions'), formatNumber(a.questionsPerAttempt)],
                    ...(kind === 'post-test'
                      ? ([
                          [t('training.test.passMark'), `${formatNumber(a.passMark)} %`],
                          [t('training.author.maxAttempts'), a.maxAttempts === null ? t('training.author.unlimited') : formatNumber(a.maxAttempts)],
                        ] as [string, string][])
                      : []),
                    [t('training.author.shuffleQuestions'), a.shuffleQuestions ? t('training.author.yes') : t('training.author.no')],
                    [t('training.author.shuffleOptions'), a.shuffleOptions ? t('training.author.yes') : t('training.author.no')],
                  ]}
                />
              ) : (
                <p>{t('training.author.noTest')}</p>
              )}
              <p>
                <a href={`${base}/tests/${kind}`}>
                  {a ? t('training.author.changeTest') : t('training.author.setUpTest')}
                  <span class="visually-hidden">: {t(`training.test.${kind}`)}</span>
                </a>
              </p>
            </div>
          );
        })}
      </section>
      <section aria-labelledby="bank-title">
        <h2 id="bank-title">{t('training.author.bank')}</h2>
        <p>{t('training.author.bankHint')}</p>
        <Table
          caption={t('training.author.bankCount', { count: bank.filter((q) => !q.retired).length })}
          rows={bank}
          empty={t('training.author.noQuestions')}
          columns={[
            {
              header: t('training.author.stem'),
              cell: (q) => (
                <a href={`${base}/questions/${q.id}`} {...textIn(src, locale)}>
                  {gistOf(q)}
                </a>
              ),
            },
            { header: t('training.author.questionKind'), cell: (q) => questionKindLabel(t, q.kind) },
            { header: t('training.author.competence'), cell: (q) => q.competence },
            { header: t('training.author.status'), cell: (q) => (q.retired ? t('training.author.retired') : t('training.author.inUse')) },
            { header: t('training.languages'), cell: (q) => <TranslationStates languages={languagesOf(q.texts, src)} /> },
            {
              header: t('training.author.actions'),
              cell: (q) => (
                <Form action={`${base}/questions/${q.id}/retire`}>
                  <input type="hidden" name="retired" value={q.retired ? 'false' : 'true'} />
                  <Button variant="secondary">
                    {q.retired ? t('training.author.restore') : t('training.author.retire')}
                    <span class="visually-hidden">: {gistOf(q)}</span>
                  </Button>
                </Form>
              ),
            },
          ]}
        />
        <h3>{t('training.author.addQuestion')}</h3>
        <ul class="link-list">
          {QUESTION_KINDS.map((k) => (
            <li key={k}>
              <a href={`${base}/questions/new?kind=${k}`}>{questionKindLabel(t, k)}</a>
            </li>
          ))}
        </ul>
      </section>
    </CourseFrame>
  );
}

export function QuestionPage(props: { found: CourseForAuthoring; question: BankQuestion | null; kind: QuestionKind; values: FormValues; errors: FieldErrors; notice?: string | null; states: { locale: string; state: TranslationState }[] }) {
  const { t, locale } = usePage();
  const { found, question, kind } = props;
  const base = `/author/courses/${found.course.id}`;
  const src = found.course.sourceLocale;
  const title = question ? questionKindLabel(t, kind) : t('training.author.newQuestion', { kind: questionKindLabel(t, kind) });
  return (
    <CourseFrame found={found} title={title} section="questions" crumbs={[{ href: `${base}/questions`, label: t('training.author.section.questions') }, { label: title }]}>
      <h1>{title}</h1>
      <AuthorNotice notice={props.notice} />
      {question?.retired && <Alert kind="info">{t('training.author.retiredNote')}</Alert>}
      <ErrorSummary errors={props.errors} />
      <Form action={question ? `${base}/questions/${question.id}` : `${base}/questions/new`}>
        {!question && <input type="hidden" name="kind" value={kind} />}
        <QuestionFields kind={kind} values={props.values} errors={props.errors} text={textIn(src, locale)} />
        <Button>{t('form.save')}</Button>
      </Form>
      {question && <TranslationsOf href={(l) => `${base}/translate/question/${question.id}?lang=${l}`} states={props.states} />}
    </CourseFrame>
  );
}

export function TestSettingsPage({ found, kind, values, errors }: { found: CourseForAuthoring; kind: AssessmentKind; values: FormValues; errors: FieldErrors }) {
  const { t } = usePage();
  const base = `/author/courses/${found.course.id}`;
  return (
    <CourseFrame found={found} title={t(`training.test.${kind}`)} section="questions" crumbs={[{ href: `${base}/questions`, label: t('training.author.section.questions') }, { label: t(`training.test.${kind}`) }]}>
      <h1>{t(`training.test.${kind}`)}</h1>
      <p class="lead">{t(`training.test.${kind}.lead`)}</p>
      {found.course.ecm && kind === 'post-test' && <p>{t('training.test.ecmRules')}</p>}
      <ErrorSummary errors={errors} />
      <Form action={`${base}/tests/${kind}`}>
        <Field name="questionsPerAttempt" label={t('training.author.questionsPerAttempt')} hint={t('training.author.questionsPerAttemptHint')} inputMode="numeric" value={values.questionsPerAttempt} error={errors.questionsPerAttempt} required maxLength={3} />
        {kind === 'post-test' && (
          <>
            <Field name="passMark" label={t('training.author.passMark')} inputMode="numeric" value={values.passMark} error={errors.passMark} required maxLength={3} />
            <Field name="maxAttempts" label={t('training.author.maxAttempts')} hint={t('training.author.maxAttemptsHint')} inputMode="numeric" value={values.maxAttempts} error={errors.maxAttempts} optional maxLength={3} />
          </>
        )}
        <CheckboxField name="shuffleQuestions" label={t('training.author.shuffleQuestions')} checked={values.shuffleQuestions === 'on'} error={errors.shuffleQuestions} />
        <CheckboxField name="shuffleOptions" label={t('training.author.shuffleOptions')} hint={t('training.author.shuffleOptionsHint')} checked={values.shuffleOptions === 'on'} error={errors.shuffleOptions} />
        <Button>{t('form.save')}</Button>
      </Form>
    </CourseFrame>
  );
}

// ——— Preview ———

/** A draft lesson as learners will see it in `lang`, marked as a preview; nothing is recorded. */
export function PreviewPage({ found, lesson, lang, check, media }: { found: CourseForAuthoring; lesson: SnapshotLesson; lang: Locale; check: CheckAnswer; media: LessonMedia }) {
  const { t, locale } = usePage();
  const base = `/author/courses/${found.course.id}`;
  const s = found.outline;
  const { ordered, at, module } = placeOf(found, lesson.id);
  const title = pickTranslation(lesson.texts, lang, s.sourceLocale);
  const moduleTitle = pickTranslation(module.texts, lang, s.sourceLocale);
  const page = (id: string) => `${base}/preview/lessons/${id}?lang=${lang}`;
  const prev = ordered[at - 1]?.lesson;
  const next = ordered[at + 1]?.lesson;
  const titleOf = (l: SnapshotLesson) => pickTranslation(l.texts, lang, s.sourceLocale)?.value.title ?? '';
  const heading = title?.value.title ?? '';
  return (
    <Layout title={`${t('training.author.preview')}: ${heading}`}>
      <Breadcrumbs items={[{ href: '/author/courses', label: t('training.author.title') }, { href: base, label: found.title }, { href: `${base}/lessons/${lesson.id}`, label: sourceTitle(lesson.texts, s.sourceLocale) }, { label: t('training.author.preview') }]} />
      <Alert kind="info" title={t('training.author.previewTitle', { language: LOCALE_NAMES[lang] })}>
        <p>{t('training.author.previewNote')}</p>
      </Alert>
      <Tabs label={t('training.author.previewLanguage')} items={LOCALES.map((l) => ({ href: `${base}/preview/lessons/${lesson.id}?lang=${l}`, label: LOCALE_NAMES[l], current: l === lang }))} />
      <div class="lesson-layout">
        <nav class="lesson-layout__outline" aria-labelledby="outline-title">
          <h2 id="outline-title">{t('training.syllabus')}</h2>
          <ol class="outline">
            {s.modules.map((m) => {
              const mt = pickTranslation(m.texts, lang, s.sourceLocale);
              return (
                <li key={m.id}>
                  <h3 class="outline__module" {...(mt ? textIn(mt.locale, locale) : {})}>
                    {mt?.value.title}
                  </h3>
                  <ol>
                    {m.lessons.map((l) => {
                      const lt = pickTranslation(l.texts, lang, s.sourceLocale);
                      return (
                        <li key={l.id} class="outline__lesson">
                          <a href={page(l.id)} aria-current={l.id === lesson.id ? 'page' : undefined} {...(lt ? textIn(lt.locale, locale) : {})}>
                            {lt?.value.title}
                          </a>
                        </li>
                      );
                    })}
                  </ol>
                </li>
              );
            })}
          </ol>
        </nav>
        <article class="lesson">
          <p class="eyebrow" {...(moduleTitle ? textIn(moduleTitle.locale, locale) : {})}>
            {moduleTitle?.value.title}
          </p>
          <h1 {...(title ? textIn(title.locale, locale) : {})}>{heading}</h1>
          <p class="card__meta">
            {t('training.lessonOf', { n: at + 1, total: ordered.length })} · {formatDuration(locale, lesson.durationMinutes)}
          </p>
          <LessonBlocks lesson={lesson} sourceLocale={s.sourceLocale} locale={lang} check={check} page={`${base}/preview/lessons/${lesson.id}`} params={{ lang }} media={media} />
          <nav class="lesson__pager" aria-label={t('training.pager')}>
            {prev && (
              <a href={page(prev.id)} rel="prev">
                {t('training.previous')}: {titleOf(prev)}
              </a>
            )}
            {next && (
              <a href={page(next.id)} rel="next">
                {t('training.next')}: {titleOf(next)}
              </a>
            )}
          </nav>
        </article>
      </div>
    </Layout>
  );
}
