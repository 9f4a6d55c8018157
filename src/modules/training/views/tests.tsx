import type { ComponentChildren } from 'preact';
import { Alert, Breadcrumbs, Button, ButtonLink, Facts, Form } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { awaitingGrading, SHORT_ANSWER_MAX, type attemptQuestions, type TestState } from '../assessments.js';
import { gradedByTrainer, type AssessmentKind, type QuestionText } from '../content.js';
import type { LearnerCourse } from '../learning.js';
import type { AttemptAnswer } from '../schema.js';

type AttemptQuestion = Awaited<ReturnType<typeof attemptQuestions>>[number];

const pct = (n: number | null | undefined, formatNumber: (n: number) => string) => `${formatNumber(n ?? 0)} %`;

function Frame({ lc, title, children }: { lc: LearnerCourse; title: string; children: ComponentChildren }) {
  const { t } = usePage();
  const course = lc.course.text.value.title;
  return (
    <Layout title={`${title} · ${course}`}>
      <Breadcrumbs items={[{ href: '/learn', label: t('training.dashboard.title') }, { href: `/learn/${lc.course.slug}`, label: course }, { label: title }]} />
      {children}
    </Layout>
  );
}

/** A test's page: what it is, the learner's attempts, and whether (and why not) a new attempt can start. */
export function TestPage({ lc, kind, state, ecm, error }: { lc: LearnerCourse; kind: AssessmentKind; state: TestState; ecm: boolean; error?: string | null }) {
  const { t, formatNumber, formatDate } = usePage();
  const a = state.assessment;
  const submitted = state.attempts.filter((x) => x.submittedAt);
  const left = a.maxAttempts === null ? null : Math.max(0, a.maxAttempts - submitted.length);
  const slug = lc.course.slug;
  return (
    <Frame lc={lc} title={t(`training.test.${kind}`)}>
      <h1>{t(`training.test.${kind}`)}</h1>
      <p class="lead">{t(`training.test.${kind}.lead`)}</p>
      {error && <Alert kind="warning">{t(`training.test.blocked.${error}`)}</Alert>}
      <Facts
        items={[
          [t('training.test.questions'), formatNumber(a.questionsPerAttempt)],
          ...(kind === 'post-test' ? ([[t('training.test.passMark'), pct(a.passMark, formatNumber)]] as [string, string][]) : []),
          ...(left !== null && kind === 'post-test' ? ([[t('training.test.attemptsLeft'), formatNumber(left)]] as [string, string][]) : []),
        ]}
      />
      {ecm && kind === 'post-test' && <p>{t('training.test.ecmRules')}</p>}
      {submitted.length > 0 && (
        <section aria-labelledby="attempts-title">
          <h2 id="attempts-title">{t('training.test.yourAttempts')}</h2>
          <ul>
            {submitted.map((x) => (
              <li key={x.id}>
                <a href={`/learn/${slug}/attempts/${x.id}`}>{t('training.test.attemptN', { n: x.number })}</a>: {awaitingGrading(x) ? t('training.test.awaitingGrading') : pct(x.scorePercent, formatNumber)}
                {x.passed === true && <> · {t('training.test.passed')}</>}
                {x.passed === false && <> · {t('training.test.failed')}</>} · {formatDate(x.submittedAt!, 'datetime')}
              </li>
            ))}
          </ul>
        </section>
      )}
      {state.open ? (
        <p>
          <ButtonLink href={`/learn/${slug}/attempts/${state.open.id}`} variant="primary">
            {t('training.test.resume')}
          </ButtonLink>
        </p>
      ) : state.blocked ? (
        <Alert kind={state.blocked === 'passed' || state.blocked === 'taken' ? 'success' : 'info'}>{t(`training.test.blocked.${state.blocked}`)}</Alert>
      ) : (
        <Form action={`/learn/${slug}/tests/${kind}/start`}>
          <Button>{t(submitted.length ? 'training.test.again' : 'training.test.start')}</Button>
        </Form>
      )}
      <p>
        <a href={`/learn/${slug}`}>{t('training.test.backToCourse')}</a>
      </p>
    </Frame>
  );
}

/** The answer controls of one question, with names the scorer reads (see scoreQuestion). */
function QuestionInput({ q, i }: { q: AttemptQuestion; i: number }) {
  const { t } = usePage();
  const c = q.text.content;
  const name = `q${i}`;
  const id = (k: number | string) => `q${i}-${k}`;
  switch (c.kind) {
    case 'single':
    case 'multiple':
      return (
        <>
          {q.order.map((original, shown) => (
            <div class="choice" key={shown}>
              <input type={c.kind === 'single' ? 'radio' : 'checkbox'} name={name} id={id(shown)} value={String(shown)} />
              <label for={id(shown)}>{c.options[original]?.text}</label>
            </div>
          ))}
        </>
      );
    case 'true-false':
      return (
        <>
          {(['true', 'false'] as const).map((v) => (
            <div class="choice" key={v}>
              <input type="radio" name={name} id={id(v)} value={v} />
              <label for={id(v)}>{t(`training.test.${v}`)}</label>
            </div>
          ))}
        </>
      );
    case 'ordering':
      return (
        <>
          {q.order.map((original, shown) => (
            <div class="field field--inline" key={shown}>
              <label for={id(shown)}>{c.items[original]}</label>
              <select id={id(shown)} name={`${name}-${shown}`}>
                <option value="">{t('training.test.position')}</option>
                {q.order.map((_, p) => (
                  <option key={p} value={String(p + 1)}>
                    {p + 1}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </>
      );
    case 'matching':
      return (
        <>
          {c.pairs.map((pair, row) => (
            <div class="field field--inline" key={row}>
              <label for={id(row)}>{pair.left}</label>
              <select id={id(row)} name={`${name}-${row}`}>
                <option value="">{t('training.test.choose')}</option>
                {q.order.map((original, shown) => (
                  <option key={shown} value={String(shown)}>
                    {c.pairs[original]?.right}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </>
      );
    case 'short-answer':
      // A trainer reads it: room for a few sentences, and the learner knows the result will wait.
      return gradedByTrainer(q.question.data) ? (
        <div class="field">
          <label for={id('text')}>{t('training.test.yourAnswer')}</label>
          <p class="field__hint" id={id('hint')}>
            {t('training.test.trainerGradedHint')}
          </p>
          <textarea id={id('text')} name={name} rows={6} maxLength={SHORT_ANSWER_MAX.trainer} aria-describedby={id('hint')} />
        </div>
      ) : (
        <div class="field">
          <label for={id('text')}>{t('training.test.yourAnswer')}</label>
          <input type="text" id={id('text')} name={name} maxLength={SHORT_ANSWER_MAX.keywords} autocomplete="off" />
        </div>
      );
  }
}

export function AttemptForm({ lc, kind, attemptId, number, items }: { lc: LearnerCourse; kind: AssessmentKind; attemptId: string; number: number; items: AttemptQuestion[] }) {
  const { t, locale } = usePage();
  return (
    <Frame lc={lc} title={t(`training.test.${kind}`)}>
      <h1>
        {t(`training.test.${kind}`)}: {t('training.test.attemptN', { n: number })}
      </h1>
      <p>{t('training.test.instructions', { count: items.length })}</p>
      <Form action={`/learn/${lc.course.slug}/attempts/${attemptId}`} class="test">
        <ol class="test__questions">
          {items.map((q, i) => (
            <li key={q.question.id}>
              <fieldset lang={q.text.locale !== locale ? q.text.locale : undefined}>
                <legend>{q.text.content.stem}</legend>
                <QuestionInput q={q} i={i} />
              </fieldset>
            </li>
          ))}
        </ol>
        <Button>{t('training.test.submit')}</Button>
      </Form>
    </Frame>
  );
}

/** What the learner answered, in words. */
function answerText(c: QuestionText, answer: unknown, t: (k: string) => string): string {
  if (answer === null || answer === undefined) return t('training.test.unanswered');
  switch (c.kind) {
    case 'single':
      return c.options[answer as number]?.text ?? '';
    case 'multiple':
      return (answer as number[]).map((i) => c.options[i]?.text ?? '').join('; ') || t('training.test.unanswered');
    case 'true-false':
      return t(`training.test.${answer ? 'true' : 'false'}`);
    case 'ordering':
      return (answer as number[])
        .map((position, item) => ({ position, item }))
        .sort((a, b) => a.position - b.position)
        .map((x) => c.items[x.item])
        .join(' → ');
    case 'matching':
      return c.pairs.map((p, row) => `${p.left} → ${c.pairs[(answer as number[])[row]!]?.right ?? ''}`).join('; ');
    case 'short-answer':
      return String(answer);
  }
}

/** The feedback for what the learner answered: the chosen option's, or the question's. */
function feedbackFor(c: QuestionText, answer: unknown): string[] {
  switch (c.kind) {
    case 'single':
      return answer === null ? [] : [c.options[answer as number]?.feedback ?? ''];
    case 'multiple':
      return ((answer as number[] | null) ?? []).map((i) => c.options[i]?.feedback ?? '');
    case 'true-false':
      return answer === null ? [] : [answer ? c.feedbackTrue : c.feedbackFalse];
    default:
      return [c.feedback];
  }
}

export function AttemptResult(props: { lc: LearnerCourse; kind: AssessmentKind; attempt: { number: number; scorePercent: number | null; passed: boolean | null; submittedAt: Date | null; answers: AttemptAnswer[] }; items: AttemptQuestion[]; passMark: number; pre: number | null; courseCompleted: boolean }) {
  const { t, formatNumber, locale } = usePage();
  const { lc, kind, attempt } = props;
  const slug = lc.course.slug;
  const pending = awaitingGrading(attempt);
  const waiting = attempt.answers.filter((a) => a.correct === null).length;
  return (
    <Frame lc={lc} title={t(`training.test.${kind}`)}>
      <h1>
        {t(`training.test.${kind}`)}: {t('training.test.attemptN', { n: attempt.number })}
      </h1>
      {attempt.passed === true && <Alert kind="success" title={t('training.test.passedTitle')}>{props.courseCompleted ? <p>{t('training.test.courseCompleted')}</p> : null}</Alert>}
      {attempt.passed === false && (
        <Alert kind="warning" title={t('training.test.failedTitle', { mark: props.passMark })}>
          <p>{t('training.test.failedNext')}</p>
        </Alert>
      )}
      {pending && (
        <Alert kind="info" title={t('training.test.awaitingGradingTitle')}>
          <p>{t('training.test.awaitingGradingBody', { count: waiting })}</p>
        </Alert>
      )}
      <Facts
        items={[
          [t('training.test.score'), pending ? t('training.test.awaitingGrading') : pct(attempt.scorePercent, formatNumber)],
          ...(kind === 'post-test' && props.pre !== null ? ([[t('training.test.preScore'), pct(props.pre, formatNumber)]] as [string, string][]) : []),
          [t('training.test.rightAnswers'), pending ? t('training.test.awaitingGrading') : t('training.test.rightOf', { right: attempt.answers.filter((a) => a.correct).length, total: attempt.answers.length })],
        ]}
      />
      <ol class="test__review">
        {props.items.map((q) => {
          const a = attempt.answers.find((x) => x.questionId === q.question.id);
          const c = q.text.content;
          const lang = q.text.locale !== locale ? q.text.locale : undefined;
          const waits = a?.correct === null;
          const verdict = <strong>{t(waits ? 'training.test.awaitingGrading' : a?.correct ? 'training.block.right' : 'training.block.wrong')}</strong>;
          return (
            <li key={q.question.id} class={waits ? 'test__item--pending' : a?.correct ? 'test__item--right' : 'test__item--wrong'}>
              <p lang={lang}>
                <strong>{c.stem}</strong>
              </p>
              {gradedByTrainer(q.question.data) || a?.review ? (
                // A written answer, as the learner wrote it (line breaks kept), then the trainer's grade.
                <>
                  <p>{t('training.test.yourAnswer')}:</p>
                  <p class="learner-answer">{answerText(c, a?.answer ?? null, t)}</p>
                  <p>{verdict}</p>
                </>
              ) : (
                <p>
                  {t('training.test.yourAnswer')}: <span lang={lang}>{answerText(c, a?.answer ?? null, t)}</span> · {verdict}
                </p>
              )}
              {a?.review?.comment && (
                <div class="trainer-comment">
                  <p>{t('training.test.trainerComment')}:</p>
                  <p class="learner-answer">{a.review.comment}</p>
                </div>
              )}
              {!waits &&
                feedbackFor(c, a?.answer ?? null)
                  .filter(Boolean)
                  .map((f, i) => (
                    <p key={i} class="card__meta" lang={lang}>
                      {f}
                    </p>
                  ))}
            </li>
          );
        })}
      </ol>
      <p>
        <ButtonLink href={`/learn/${slug}/tests/${kind}`}>{t('training.test.backToTest')}</ButtonLink> <a href={`/learn/${slug}`}>{t('training.test.backToCourse')}</a>
      </p>
    </Frame>
  );
}

