import type { ComponentChildren } from 'preact';
import type { FormValues } from '../../../platform/http/forms.js';
import { Alert, Breadcrumbs, Button, ErrorSummary, Facts, Form, RadioGroup, Table, TextAreaField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { AttemptToGrade, QueueEntry } from '../grading.js';

/** Grades a trainer gives an answer (fields grade<index>). */
export const GRADES = ['correct', 'incorrect'] as const;
/** The longest comment to a learner on one answer. */
export const COMMENT_MAX = 2000;

const langOf = (text: string, locale: string) => (text !== locale ? text : undefined);

/** Attempts awaiting a trainer's grade, oldest first. */
export function GradingQueuePage({ entries, notice }: { entries: QueueEntry[]; notice: string | null }) {
  const { t, formatDate, locale } = usePage();
  return (
    <Layout title={t('training.grading.queue')}>
      <Breadcrumbs items={[{ href: '/trainer', label: t('training.trainer.title') }, { label: t('training.grading.queue') }]} />
      <h1>{t('training.grading.queue')}</h1>
      {notice === 'graded' && <Alert kind="success">{t('training.grading.saved')}</Alert>}
      <p>{t('training.grading.queueLead')}</p>
      <Table
        caption={t('training.grading.waiting', { count: entries.length })}
        empty={t('training.grading.empty')}
        columns={[
          { header: t('training.grading.submitted'), cell: (e) => formatDate(e.submittedAt, 'datetime') },
          { header: t('training.certificate.course'), cell: (e) => <span lang={langOf(e.course.locale, locale)}>{e.course.title}</span> },
          { header: t('training.trainer.learner'), cell: (e) => e.learner },
          { header: t('training.trainer.cohortName'), cell: (e) => e.cohort ?? '–' },
          {
            header: t('training.grading.test'),
            cell: (e) => (
              <a href={`/trainer/grading/${e.attemptId}`}>
                {t(`training.test.${e.kind}`)}, {t('training.test.attemptN', { n: e.number })}
                <span class="visually-hidden">
                  : {e.learner}, {e.course.title}
                </span>
              </a>
            ),
          },
          { header: t('training.grading.answers'), cell: (e) => String(e.pending), numeric: true },
        ]}
        rows={entries}
      />
    </Layout>
  );
}

/**
 * One attempt's trainer-graded answers: the question, the guidance, what the learner wrote, and a grade and an
 * optional comment per answer. Once graded, the same answers with their grades, read only.
 */
export function GradingPage({ a, values, errors, conflict }: { a: AttemptToGrade; values: FormValues; errors: FieldErrors; conflict?: boolean }) {
  const { t, formatDate, formatNumber, locale } = usePage();
  const title = t('training.grading.title', { learner: a.learner });
  return (
    <Layout title={title}>
      <Breadcrumbs items={[{ href: '/trainer', label: t('training.trainer.title') }, { href: '/trainer/grading', label: t('training.grading.queue') }, { label: title }]} />
      <h1>{title}</h1>
      <Facts
        items={[
          [t('training.certificate.course'), <span lang={langOf(a.course.locale, locale)}>{a.course.title}</span>],
          [t('training.grading.test'), `${t(`training.test.${a.kind}`)}, ${t('training.test.attemptN', { n: a.attempt.number })}`],
          [t('training.grading.submitted'), formatDate(a.attempt.submittedAt!, 'datetime')],
          ...(a.graded ? ([[t('training.test.score'), `${formatNumber(a.attempt.scorePercent ?? 0)} %`]] as [string, string][]) : []),
        ]}
      />
      {conflict && (
        <Alert kind="warning" title={t('training.grading.alreadyGradedTitle')}>
          <p>{t('training.grading.alreadyGraded')}</p>
        </Alert>
      )}
      {a.graded ? (
        <>
          {!conflict && <Alert kind="info">{t('training.grading.alreadyGraded')}</Alert>}
          <Answers a={a} render={(item) => <GradedItem item={item} />} />
          <p>
            <a href="/trainer/grading">{t('training.grading.backToQueue')}</a>
          </p>
        </>
      ) : (
        <>
          <p>{t('training.grading.lead')}</p>
          <ErrorSummary errors={errors} />
          <Form action={`/trainer/grading/${a.attempt.id}`}>
            <Answers
              a={a}
              render={(item, n) => (
                <>
                  <RadioGroup
                    name={`grade${item.index}`}
                    legend={t('training.grading.decision', { n })}
                    options={GRADES.map((g) => ({ value: g, label: t(`training.grading.${g}`) }))}
                    checked={values[`grade${item.index}`]}
                    error={errors[`grade${item.index}`]}
                  />
                  <TextAreaField
                    name={`comment${item.index}`}
                    label={t('training.grading.comment', { n })}
                    hint={t('training.grading.commentHint')}
                    value={values[`comment${item.index}`]}
                    error={errors[`comment${item.index}`]}
                    rows={3}
                    maxLength={COMMENT_MAX}
                    optional
                  />
                </>
              )}
            />
            <Button>{t('training.grading.save')}</Button>
          </Form>
        </>
      )}
    </Layout>
  );
}

type Item = AttemptToGrade['items'][number];

/** Each trainer-graded answer in its own section: question, guidance, the learner's words, then `render`. */
function Answers({ a, render }: { a: AttemptToGrade; render: (item: Item, n: number) => ComponentChildren }) {
  const { t, locale } = usePage();
  return (
    <>
      {a.items.map((item, k) => {
        const n = k + 1;
        const id = `answer-${item.index}`;
        return (
          <section key={item.index} aria-labelledby={id} class="grading__item">
            <h2 id={id}>{t('training.grading.questionN', { n })}</h2>
            <p lang={langOf(item.stem.locale, locale)}>
              <strong>{item.stem.text}</strong>
            </p>
            {item.guidance && (
              <>
                <h3>{t('training.author.guidance')}</h3>
                <p class="learner-answer" lang={langOf(item.guidance.locale, locale)}>
                  {item.guidance.text}
                </p>
              </>
            )}
            <h3>{t('training.grading.learnerAnswer')}</h3>
            <p class="learner-answer">{item.answer ?? t('training.test.unanswered')}</p>
            {render(item, n)}
          </section>
        );
      })}
    </>
  );
}

function GradedItem({ item }: { item: Item }) {
  const { t, formatDate } = usePage();
  return (
    <>
      <p>
        <strong>{t(item.correct ? 'training.grading.correct' : 'training.grading.incorrect')}</strong>
        {item.review && <> · {formatDate(new Date(item.review.at), 'datetime')}</>}
      </p>
      {item.review?.comment && (
        <>
          <p>{t('training.test.trainerComment')}:</p>
          <p class="learner-answer">{item.review.comment}</p>
        </>
      )}
    </>
  );
}
