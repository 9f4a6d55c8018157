import { Alert, Breadcrumbs, Button, ButtonLink, Form } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { langAttr } from '../../../platform/ui/translation-notice.js';
import { pickTranslation } from '../../../platform/translations.js';
import type { TestState } from '../assessments.js';
import type { Certificate } from '../certificates.js';
import type { AssessmentKind, QuestionnaireKind } from '../content.js';
import type { DashboardCourse, LearnerCourse } from '../learning.js';
import type { sessionsForLearner, upcomingSessionsFor } from '../live.js';
import { LearnerSessions, useSessionTime } from './live.js';
import { lessonsInOrder, type SnapshotLesson } from '../versions.js';
import { formatDuration } from './format.js';
import type { CheckAnswer } from '../lesson-query.js';
import { hasMedia, LessonBlocks, type LessonMedia } from './lesson-blocks.js';
import type { TaughtRecommendation } from '../../guidelines/lesson-links.js';

function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const { t } = usePage();
  return (
    <p class="progress">
      <label>
        {label}{' '}
        <progress max={total} value={done}>
          {t('training.progress.count', { done, total })}
        </progress>
      </label>{' '}
      {t('training.progress.count', { done, total })}
    </p>
  );
}

/** Links to a certificate: its PDF and its public verification page. */
function CertificateLinks({ c }: { c: Certificate }) {
  const { t } = usePage();
  return (
    <p class="certificate-links">
      <a href={`/learn/certificates/${c.code}/pdf`} download>
        {t('training.certificate.download')}
      </a>{' '}
      · <a href={`/certificates/${c.code}`}>{t('training.certificate.verifyPage')}</a>
      {c.revokedAt && <> · {t('training.certificate.revoked')}</>}
    </p>
  );
}

export function DashboardPage({ courses, notice, certificates, sessions }: { courses: DashboardCourse[]; notice?: string | null; certificates: Certificate[]; sessions: Awaited<ReturnType<typeof upcomingSessionsFor>> }) {
  const { t, locale, formatDate } = usePage();
  const when = useSessionTime();
  const slugOf = (courseId: string) => courses.find((c) => c.enrolment.courseId === courseId)?.detail.card.slug;
  return (
    <Layout title={t('training.dashboard.title')}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { label: t('training.dashboard.title') }]} />
      <h1>{t('training.dashboard.title')}</h1>
      {notice && <Alert kind="success">{t(`training.notice.${notice}`)}</Alert>}
      {courses.length === 0 ? (
        <>
          <p>{t('training.dashboard.empty')}</p>
          <p>
            <ButtonLink href="/training" variant="primary">
              {t('training.dashboard.find')}
            </ButtonLink>
          </p>
        </>
      ) : (
        <>
          {sessions.length > 0 && (
            <section aria-labelledby="upcoming-title">
              <h2 id="upcoming-title">{t('training.dashboard.upcoming')}</h2>
              <ul>
                {sessions.map((x) => (
                  <li key={x.session.id}>
                    <a href={`/learn/${slugOf(x.courseId)}${x.registered ? `/sessions/${x.session.id}` : '#live-title'}`} lang={x.session.locale !== locale ? x.session.locale : undefined}>
                      {x.session.title}
                    </a>{' '}
                    · {when(x.session)} · {t(x.registered ? 'training.live.registered' : 'training.live.open')}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <h2>{t('training.dashboard.courses')}</h2>
          <ul class="course-list">
            {courses.map((c) => {
              const text = c.detail.card.text;
              return (
                <li key={c.enrolment.id} class="card">
                  <h3 class="card__title" lang={langAttr(text, locale)}>
                    <a href={`/learn/${c.detail.card.slug}`}>{text.value.title}</a>
                  </h3>
                  <ProgressBar done={c.done} total={c.total} label={t('training.progress.label')} />
                  <p class="card__meta">
                    {c.enrolment.status === 'completed' && c.enrolment.completedAt
                      ? t('training.completedOn', { date: formatDate(c.enrolment.completedAt) })
                      : t('training.lastActivity', { date: formatDate(c.enrolment.lastActivityAt) })}{' '}
                    · {t('training.timeSpent', { time: formatDuration(locale, Math.round(c.secondsSpent / 60)) })}
                  </p>
                  {certificates
                    .filter((x) => x.enrolmentId === c.enrolment.id)
                    .map((x) => (
                      <CertificateLinks key={x.id} c={x} />
                    ))}
                  {c.resumeLessonId && c.enrolment.status !== 'completed' && (
                    <p>
                      <a href={`/learn/${c.detail.card.slug}/lessons/${c.resumeLessonId}`}>{t('training.resume')}</a>
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
          <p>
            <a href="/training">{t('training.dashboard.find')}</a>
          </p>
        </>
      )}
    </Layout>
  );
}

type LessonState = 'done' | 'visited' | 'new';
const stateOf = (lc: LearnerCourse, lessonId: string): LessonState => {
  const p = lc.progress.get(lessonId);
  return p?.completedAt ? 'done' : p ? 'visited' : 'new';
};

/** The course outline with each lesson's state, the current one marked. */
function Outline({ lc, current, headingLevel }: { lc: LearnerCourse; current?: string; headingLevel: 2 | 3 }) {
  const { t, locale } = usePage();
  const s = lc.snapshot;
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ol class="outline">
      {s.modules.map((m) => {
        const title = pickTranslation(m.texts, locale, s.sourceLocale);
        return (
          <li key={m.id}>
            <H class="outline__module" lang={title ? langAttr(title, locale) : undefined}>
              {title?.value.title}
            </H>
            <ol>
              {m.lessons.map((l) => {
                const lt = pickTranslation(l.texts, locale, s.sourceLocale);
                const state = stateOf(lc, l.id);
                return (
                  <li key={l.id} class={`outline__lesson outline__lesson--${state}`}>
                    <a href={`/learn/${lc.course.slug}/lessons/${l.id}`} aria-current={l.id === current ? 'page' : undefined} lang={lt ? langAttr(lt, locale) : undefined}>
                      {lt?.value.title}
                    </a>{' '}
                    <span class="outline__state">({t(`training.lessonState.${state}`)})</span>
                  </li>
                );
              })}
            </ol>
          </li>
        );
      })}
    </ol>
  );
}

/** A test's line in the course outline: taken or not, the best score, passed or not. */
function TestLine({ slug, kind, state }: { slug: string; kind: AssessmentKind; state: TestState }) {
  const { t, formatNumber } = usePage();
  const best = state.best;
  const status =
    state.pending && !best?.passed
      ? t('training.test.awaitingGrading')
      : best
        ? `${formatNumber(best.scorePercent ?? 0)} %${best.passed === true ? ` · ${t('training.test.passed')}` : best.passed === false ? ` · ${t('training.test.failed')}` : ''}`
        : t('training.test.notTaken');
  return (
    <li>
      <a href={`/learn/${slug}/tests/${kind}`}>{t(`training.test.${kind}`)}</a> <span class="outline__state">({status})</span>
    </li>
  );
}

export function LearnerCoursePage({ lc, resumeLessonId, notice, tests, certificate, questionnaires, certificateWaits, sessions }: { lc: LearnerCourse; resumeLessonId: string | null; notice?: string | null; tests: { kind: AssessmentKind; state: TestState }[]; certificate: Certificate | null; questionnaires: { kind: QuestionnaireKind; answered: boolean }[]; certificateWaits: boolean; sessions: Awaited<ReturnType<typeof sessionsForLearner>> }) {
  const { t, locale, formatDate } = usePage();
  const pre = tests.find((x) => x.kind === 'pre-test');
  const post = tests.find((x) => x.kind === 'post-test');
  const text = lc.course.text;
  const ids = lessonsInOrder(lc.snapshot).map((x) => x.lesson.id);
  const done = ids.filter((id) => lc.progress.get(id)?.completedAt).length;
  const completed = lc.enrolment.status === 'completed';
  return (
    <Layout title={text.value.title}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { href: '/learn', label: t('training.dashboard.title') }, { label: text.value.title }]} />
      {notice && <Alert kind="success">{t(`training.notice.${notice}`)}</Alert>}
      <h1 lang={langAttr(text, locale)}>{text.value.title}</h1>
      <ProgressBar done={done} total={ids.length} label={t('training.progress.label')} />
      {completed && lc.enrolment.completedAt && <p>{t('training.completedOn', { date: formatDate(lc.enrolment.completedAt) })}</p>}
      {certificate && <CertificateLinks c={certificate} />}
      {questionnaires
        .filter((x) => !x.answered)
        .map((x) => (
          <Alert key={x.kind} title={t(`training.questionnaire.${x.kind}`)}>
            <p>{t(x.kind === 'satisfaction' && certificateWaits ? 'training.questionnaire.forCertificate' : `training.questionnaire.${x.kind}.invite`)}</p>
            <p>
              <a href={`/learn/${lc.course.slug}/questionnaires/${x.kind}`}>{t('training.questionnaire.open')}</a>
            </p>
          </Alert>
        ))}
      {pre && !pre.state.best && !pre.state.pending && !pre.state.open && (
        <Alert title={t('training.test.preFirstTitle')}>
          <p>{t('training.test.preFirst')}</p>
          <p>
            <a href={`/learn/${lc.course.slug}/tests/pre-test`}>{t('training.test.pre-test')}</a>
          </p>
        </Alert>
      )}
      {resumeLessonId && (
        <p>
          <ButtonLink href={`/learn/${lc.course.slug}/lessons/${resumeLessonId}`} variant="primary">
            {t(completed ? 'training.review' : done || lc.progress.size ? 'training.resume' : 'training.start')}
          </ButtonLink>
        </p>
      )}
      <h2>{t('training.syllabus')}</h2>
      {pre && (
        <ul class="outline__tests">
          <TestLine slug={lc.course.slug} kind="pre-test" state={pre.state} />
        </ul>
      )}
      <Outline lc={lc} headingLevel={3} />
      {post && (
        <ul class="outline__tests">
          <TestLine slug={lc.course.slug} kind="post-test" state={post.state} />
        </ul>
      )}
      <LearnerSessions slug={lc.course.slug} sessions={sessions} />
      <p class="card__meta">
        {t('training.version', { version: `${lc.version.major}.${lc.version.minor}` })} · <a href={`/training/courses/${lc.course.slug}`}>{t('training.aboutCourse')}</a>
      </p>
    </Layout>
  );
}

/** The light version on or off: for slow or costly connections, nothing heavy loads until asked for. */
function LightSwitch({ light, next }: { light: boolean; next: string }) {
  const { t } = usePage();
  return (
    <Form action="/learn/light" class="light-switch">
      <input type="hidden" name="next" value={next} />
      <input type="hidden" name="light" value={light ? 'off' : 'on'} />
      <p>
        {t(light ? 'training.light.on' : 'training.light.off')} <Button variant="secondary">{t(light ? 'training.light.turnOff' : 'training.light.turnOn')}</Button>
      </p>
    </Form>
  );
}

export function LessonPage(props: { lc: LearnerCourse; lesson: SnapshotLesson; check: CheckAnswer; media: LessonMedia; teaches?: TaughtRecommendation[] }) {
  const { t, locale } = usePage();
  const { lc, lesson } = props;
  const s = lc.snapshot;
  const ordered = lessonsInOrder(s);
  const at = ordered.findIndex((x) => x.lesson.id === lesson.id);
  const module = ordered[at]!.module;
  const prev = ordered[at - 1]?.lesson;
  const next = ordered[at + 1]?.lesson;
  const title = pickTranslation(lesson.texts, locale, s.sourceLocale)!;
  const moduleTitle = pickTranslation(module.texts, locale, s.sourceLocale);
  const courseTitle = lc.course.text;
  const slug = lc.course.slug;
  const done = !!lc.progress.get(lesson.id)?.completedAt;
  const titleOf = (l: SnapshotLesson) => pickTranslation(l.texts, locale, s.sourceLocale)?.value.title ?? '';
  return (
    <Layout title={`${title.value.title} · ${courseTitle.value.title}`}>
      <Breadcrumbs items={[{ href: '/learn', label: t('training.dashboard.title') }, { href: `/learn/${slug}`, label: courseTitle.value.title }, { label: title.value.title }]} />
      <div class="lesson-layout">
        <nav class="lesson-layout__outline" aria-labelledby="outline-title">
          <h2 id="outline-title">{t('training.syllabus')}</h2>
          <Outline lc={lc} current={lesson.id} headingLevel={3} />
        </nav>
        <article class="lesson" data-lesson={lesson.id}>
          <p class="eyebrow" lang={moduleTitle ? langAttr(moduleTitle, locale) : undefined}>
            {moduleTitle?.value.title}
          </p>
          <h1 lang={langAttr(title, locale)}>{title.value.title}</h1>
          <p class="card__meta">
            {t('training.lessonOf', { n: at + 1, total: ordered.length })} · {formatDuration(locale, lesson.durationMinutes)}
            {done && <> · {t('training.lessonState.done')}</>}
          </p>
          {/* Shown by the page's script: when read without a connection, and after progress was kept for later. */}
          <div class="alert alert--info" id="offline-reading" role="status" hidden>
            <p>{t('training.offline.reading')}</p>
          </div>
          <div class="alert alert--success" id="offline-saved" role="status" hidden>
            <p>{t('training.offline.saved')}</p>
          </div>
          {hasMedia(lesson) && <LightSwitch light={props.media.light} next={`/learn/${slug}/lessons/${lesson.id}`} />}
          <LessonBlocks lesson={lesson} sourceLocale={s.sourceLocale} locale={locale} check={props.check} page={`/learn/${slug}/lessons/${lesson.id}`} media={props.media} />
          {props.teaches && props.teaches.length > 0 && <LessonTeaches items={props.teaches} />}
          <div class="lesson__end">
            {/* A lesson with SCORM activities is completed by them (docs/scorm.md), not by a button. */}
            {lesson.blocks.some((b) => b.kind === 'scorm') && !done ? (
              <p class="scorm-completes">{t('training.scorm.completesItself')}</p>
            ) : (
              <Form action={`/learn/${slug}/lessons/${lesson.id}/complete`}>
                {/* Where to go on when the network is down and the service worker keeps the completion for later. */}
                <input type="hidden" name="then" value={next ? `/learn/${slug}/lessons/${next.id}` : `/learn/${slug}`} />
                <Button>{t(next ? 'training.completeAndContinue' : 'training.completeCourse')}</Button>
              </Form>
            )}
            <nav class="lesson__pager" aria-label={t('training.pager')}>
              {prev && (
                <a href={`/learn/${slug}/lessons/${prev.id}`} rel="prev">
                  {t('training.previous')}: {titleOf(prev)}
                </a>
              )}
              {next && (
                <a href={`/learn/${slug}/lessons/${next.id}`} rel="next">
                  {t('training.next')}: {titleOf(next)}
                </a>
              )}
            </nav>
          </div>
        </article>
      </div>
    </Layout>
  );
}

/** The guideline recommendations this lesson teaches, linked to their text in the version published now. */
function LessonTeaches({ items }: { items: TaughtRecommendation[] }) {
  const { t, locale } = usePage();
  return (
    <aside class="lesson-teaches" aria-labelledby="lesson-teaches-title">
      <h2 id="lesson-teaches-title">{t('guidelines.teaches.title')}</h2>
      <ul>
        {items.map((r) => (
          <li key={r.permalink}>
            <a href={r.permalink}>
              <strong>{r.identifier}</strong> <span lang={r.statementLocale !== locale ? r.statementLocale : undefined}>{r.statement}</span>
            </a>{' '}
            <span class="card__meta" lang={r.guideline.titleLocale !== locale ? r.guideline.titleLocale : undefined}>
              ({r.guideline.title})
            </span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
