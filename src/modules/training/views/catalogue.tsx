import type { ComponentChildren } from 'preact';
import type { Profession } from '../../../platform/identity/users.js';
import { LOCALES } from '../../../platform/i18n/index.js';
import { Alert, Breadcrumbs, Button, ButtonLink, Card, Facts, Form, SelectField, Table } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { renderMarkdown } from '../../../platform/ui/markdown.js';
import { professionOptions } from '../../../platform/ui/options.js';
import { langAttr, TranslationNotice } from '../../../platform/ui/translation-notice.js';
import type { CatalogueFilters, CourseCard, CourseDetail, PathStep } from '../catalogue.js';
import { COURSE_LEVELS, TOPICS } from '../content.js';
import { formatDuration, languageName } from './format.js';

/** The languages a course is offered in; partly translated ones are marked as such. */
export function CourseLanguages({ languages }: { languages: CourseCard['languages'] }) {
  const { t } = usePage();
  const all = [...languages.complete.map((l) => ({ l, partial: false })), ...languages.partial.map((l) => ({ l, partial: true }))];
  return (
    <>
      {all.map((x, i) => (
        <span key={x.l} lang={x.l}>
          {i > 0 && ', '}
          {languageName(x.l)}
          {x.partial && <span lang={undefined}> ({t('training.languagePartial')})</span>}
        </span>
      ))}
    </>
  );
}

function CourseItemCard({ course, extra }: { course: CourseCard; extra?: ComponentChildren }) {
  const { t, locale } = usePage();
  return (
    <Card title={course.text.value.title} href={`/training/courses/${course.slug}`} headingLevel={3}>
      <p class="card__meta">
        {t(`training.level.${course.level}`)} · {formatDuration(locale, course.durationMinutes)}
      </p>
      {extra}
      <p lang={langAttr(course.text, locale)} class="card__excerpt">
        {course.text.value.summary}
      </p>
      <p class="card__meta">
        {t('training.languages')}: <CourseLanguages languages={course.languages} />
      </p>
    </Card>
  );
}

export function CataloguePage(props: { courses: CourseCard[]; filters: CatalogueFilters; paths: { profession: Profession; courses: number }[] }) {
  const { t } = usePage();
  const f = props.filters;
  return (
    <Layout title={t('training.title')}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { label: t('training.title') }]} />
      <h1>{t('training.title')}</h1>
      <p class="lead">{t('training.lead')}</p>
      {props.paths.length > 0 && (
        <section aria-labelledby="paths-title">
          <h2 id="paths-title">{t('training.paths.title')}</h2>
          <p>{t('training.paths.lead')}</p>
          <ul class="link-list">
            {props.paths.map((p) => (
              <li key={p.profession}>
                <a href={`/training/paths/${p.profession}`}>{t('training.paths.for', { profession: t(`profession.${p.profession}`) })}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="courses-title">
        <h2 id="courses-title">{t('training.courses')}</h2>
        <Form action="/training" method="get" class="filters" aria-label={t('admin.filter')}>
          <SelectField name="profession" label={t('training.filter.profession')} value={f.profession} options={professionOptions(t)} emptyLabel={t('admin.all')} />
          <SelectField name="language" label={t('training.filter.language')} value={f.language} options={LOCALES.map((l) => ({ value: l, label: languageName(l) }))} emptyLabel={t('admin.all')} />
          <SelectField name="level" label={t('training.filter.level')} value={f.level} options={COURSE_LEVELS.map((l) => ({ value: l, label: t(`training.level.${l}`) }))} emptyLabel={t('admin.all')} />
          <SelectField name="topic" label={t('training.filter.topic')} value={f.topic} options={TOPICS.map((x) => ({ value: x, label: t(`training.topic.${x}`) }))} emptyLabel={t('admin.all')} />
          <Button variant="secondary">{t('admin.filter')}</Button>
        </Form>
        <p role="status">{t('training.count', { count: props.courses.length })}</p>
        {props.courses.length ? (
          <div class="cards">
            {props.courses.map((c) => (
              <CourseItemCard key={c.id} course={c} />
            ))}
          </div>
        ) : (
          <p>{t('training.none')}</p>
        )}
      </section>
    </Layout>
  );
}

export function PathPage(props: { profession: Profession; steps: PathStep[]; completed: Set<string> | null }) {
  const { t } = usePage();
  const who = t(`profession.${props.profession}`);
  return (
    <Layout title={t('training.paths.for', { profession: who })}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { href: '/training', label: t('training.title') }, { label: t('training.paths.for', { profession: who }) }]} />
      <h1>{t('training.paths.for', { profession: who })}</h1>
      <p class="lead">{t('training.paths.order')}</p>
      {props.steps.length ? (
        <ol class="path">
          {props.steps.map((s, i) => (
            <li key={s.course.id} class="path__step">
              <CourseItemCard
                course={s.course}
                extra={
                  <p class="card__meta">
                    <strong>{t('training.paths.step', { n: i + 1 })}</strong> · {t(s.required ? 'training.paths.required' : 'training.paths.optional')}
                    {props.completed?.has(s.course.id) && <> · {t('training.completed')}</>}
                  </p>
                }
              />
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('training.none')}</p>
      )}
    </Layout>
  );
}

export type EnrolmentState = { kind: 'anonymous' } | { kind: 'not-enrolled' } | { kind: 'enrolled'; completed: boolean };

export function CoursePage(props: { detail: CourseDetail; state: EnrolmentState; completedCourses: Set<string> }) {
  const { t, locale, path, formatNumber } = usePage();
  const { card, syllabus, prerequisites } = props.detail;
  const text = card.text;
  const lang = langAttr(text, locale);
  const credits = card.credits;
  return (
    <Layout title={text.value.title}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { href: '/training', label: t('training.title') }, { label: text.value.title }]} />
      <TranslationNotice picked={text} />
      <article lang={lang}>
        <h1>{text.value.title}</h1>
        <p class="lead">{text.value.summary}</p>
      </article>
      <Facts
        items={[
          [t('training.levelLabel'), t(`training.level.${card.level}`)],
          [t('training.duration'), formatDuration(locale, card.durationMinutes)],
          [t('training.languages'), <CourseLanguages languages={card.languages} />],
          [t('training.for'), card.professions.map((p) => t(`profession.${p}`)).join(', ')],
          [t('training.topics'), card.topics.map((x) => t(`training.topic.${x}`)).join(', ')],
        ]}
      />
      <section aria-labelledby="enrol-title" class="course-action">
        <h2 id="enrol-title" class="visually-hidden">
          {t('training.enrol')}
        </h2>
        {props.state.kind === 'anonymous' && (
          <p>
            <ButtonLink href={`/signin?next=${encodeURIComponent(path)}`} variant="primary">
              {t('training.signInToEnrol')}
            </ButtonLink>{' '}
            <a href="/signup">{t('training.createAccount')}</a>
          </p>
        )}
        {props.state.kind === 'not-enrolled' && (
          <Form action={`/training/courses/${card.slug}/enrol`}>
            <Button>{t('training.enrol')}</Button>
          </Form>
        )}
        {props.state.kind === 'enrolled' && (
          <p>
            <ButtonLink href={`/learn/${card.slug}`} variant="primary">
              {t(props.state.completed ? 'training.review' : 'training.continue')}
            </ButtonLink>
          </p>
        )}
      </section>
      {prerequisites.length > 0 && (
        <section aria-labelledby="prereq-title">
          <h2 id="prereq-title">{t('training.prerequisites')}</h2>
          <p>{t('training.prerequisitesLead')}</p>
          <ul>
            {prerequisites.map((x) => (
              <li key={x.id}>
                <a href={`/training/courses/${x.slug}`}>{x.title}</a>
                {props.completedCourses.has(x.id) && <> ({t('training.completed')})</>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div lang={lang}>
        {text.value.outcomes.length > 0 && (
          <section aria-labelledby="outcomes-title">
            <h2 id="outcomes-title">{t('training.outcomes')}</h2>
            <ul>
              {text.value.outcomes.map((o, i) => (
                <li key={i}>{o}</li>
              ))}
            </ul>
          </section>
        )}
        {text.value.description && (
          <section aria-labelledby="about-title">
            <h2 id="about-title">{t('training.about')}</h2>
            <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(text.value.description) }} />
          </section>
        )}
      </div>
      {credits.length > 0 && (
        <Table
          caption={t('training.credits')}
          columns={[
            { header: t('training.creditProfession'), cell: (c) => t(`profession.${c.profession}`) },
            { header: t('training.creditScheme'), cell: (c) => t(`training.scheme.${c.scheme}`) },
            { header: t('training.creditAmount'), cell: (c) => formatNumber(c.amount), numeric: true },
          ]}
          rows={credits}
        />
      )}
      <section aria-labelledby="syllabus-title">
        <h2 id="syllabus-title">{t('training.syllabus')}</h2>
        {syllabus.length === 0 && <Alert>{t('training.noContent')}</Alert>}
        <ol class="syllabus">
          {syllabus.map((m) => (
            <li key={m.id}>
              <h3 lang={m.title ? langAttr(m.title, locale) : undefined}>{m.title?.value.title}</h3>
              <ol>
                {m.lessons.map((l) => (
                  <li key={l.id}>
                    <span lang={l.title ? langAttr(l.title, locale) : undefined}>{l.title?.value.title}</span> <span class="card__meta">({formatDuration(locale, l.durationMinutes)})</span>
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}
