import type { FormValues } from '../../../platform/http/forms.js';
import { BarChart } from '../../../platform/ui/charts.js';
import { Breadcrumbs, Button, ButtonLink, ErrorSummary, Facts, Field, Form, Pagination, queryHref, SelectField, Table, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { countryName } from '../../../platform/i18n/countries.js';
import type { Cohort, CohortLearner } from '../cohorts.js';
import type { LiveSession } from '../live.js';
import { useSessionTime } from './live.js';
import { DIMENSIONS, type attemptFigures, type countsBy, type Dimension, type itemDifficulty, type KnowledgeGain } from '../reports.js';
import type { questionnaireSummary } from '../questionnaires.js';
import { languageName } from './format.js';

type Option = { value: string; label: string };

export function TrainerHome({ cohorts, courses, sessions, awaitingGrading }: { cohorts: { cohort: Cohort; slug: string; title: string }[]; courses: Option[]; sessions: LiveSession[]; awaitingGrading: number }) {
  const { t, formatDate, locale } = usePage();
  const when = useSessionTime();
  return (
    <Layout title={t('training.trainer.title')}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { label: t('training.trainer.title') }]} />
      <h1>{t('training.trainer.title')}</h1>
      <p>
        <ButtonLink href="/trainer/cohorts/new" variant="primary">
          {t('training.trainer.newCohort')}
        </ButtonLink>{' '}
        <ButtonLink href="/trainer/sessions/new">{t('training.live.new')}</ButtonLink>
      </p>
      <p>
        <a href="/trainer/grading">{t('training.grading.queueLink', { count: awaitingGrading })}</a>
      </p>
      <Table
        caption={t('training.trainer.cohorts')}
        empty={t('training.trainer.noCohorts')}
        columns={[
          { header: t('training.trainer.cohortName'), cell: (r) => <a href={`/trainer/cohorts/${r.cohort.id}`}>{r.cohort.name}</a> },
          { header: t('training.certificate.course'), cell: (r) => r.title },
          { header: t('training.trainer.dates'), cell: (r) => `${formatDate(new Date(r.cohort.startsOn))} – ${formatDate(new Date(r.cohort.endsOn))}` },
          { header: t('training.trainer.code'), cell: (r) => <code>{r.cohort.invitationCode}</code> },
        ]}
        rows={cohorts}
      />
      <Table
        caption={t('training.live.title')}
        empty={t('training.live.none')}
        columns={[
          { header: t('training.live.titleField'), cell: (x) => <a href={`/trainer/sessions/${x.id}`} lang={x.locale !== locale ? x.locale : undefined}>{x.title}</a> },
          { header: t('training.live.when'), cell: (x) => when(x) },
          { header: t('training.live.kind'), cell: (x) => t(`training.live.kind.${x.kind}`) },
        ]}
        rows={sessions}
      />
      <h2>{t('training.trainer.reports')}</h2>
      <ul>
        {courses.map((c) => (
          <li key={c.value}>
            <a href={`/trainer/courses/${c.value}/report`}>{c.label}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function CohortNew({ values, errors, courses, organisations }: { values: FormValues; errors: FieldErrors; courses: Option[]; organisations: Option[] }) {
  const { t } = usePage();
  return (
    <Layout title={t('training.trainer.newCohort')}>
      <Breadcrumbs items={[{ href: '/trainer', label: t('training.trainer.title') }, { label: t('training.trainer.newCohort') }]} />
      <h1>{t('training.trainer.newCohort')}</h1>
      <p>{t('training.trainer.newCohortLead')}</p>
      <ErrorSummary errors={errors} />
      <Form action="/trainer/cohorts/new">
        <SelectField name="courseId" label={t('training.certificate.course')} value={values.courseId} options={courses} emptyLabel="" error={errors.courseId} required />
        <Field name="name" label={t('training.trainer.cohortName')} hint={t('training.trainer.cohortNameHint')} value={values.name} error={errors.name} required maxLength={200} />
        <SelectField name="organisationId" label={t('training.trainer.organisation')} value={values.organisationId} options={organisations} emptyLabel="" optional error={errors.organisationId} />
        <Field name="startsOn" type="date" label={t('training.trainer.startsOn')} value={values.startsOn} error={errors.startsOn} required />
        <Field name="endsOn" type="date" label={t('training.trainer.endsOn')} value={values.endsOn} error={errors.endsOn} required />
        <Button>{t('training.trainer.create')}</Button>
      </Form>
    </Layout>
  );
}

export function CohortPage({ cohort, title, learners, total, page, pageSize, q, joinUrl }: { cohort: Cohort; title: string; learners: CohortLearner[]; total: number; page: number; pageSize: number; q: string; joinUrl: string }) {
  const { t, formatDate, formatNumber } = usePage();
  const pct = (n: number | null) => (n === null ? '–' : `${formatNumber(Math.round(n))} %`);
  return (
    <Layout title={cohort.name}>
      <Breadcrumbs items={[{ href: '/trainer', label: t('training.trainer.title') }, { label: cohort.name }]} />
      <h1>{cohort.name}</h1>
      <Facts
        items={[
          [t('training.certificate.course'), title],
          [t('training.trainer.dates'), `${formatDate(new Date(cohort.startsOn))} – ${formatDate(new Date(cohort.endsOn))}`],
          [t('training.trainer.code'), <code>{cohort.invitationCode}</code>],
          [t('training.trainer.joinLink'), <a href={joinUrl}>{joinUrl}</a>],
        ]}
      />
      <p>
        <a href={`/trainer/courses/${cohort.courseId}/report?cohort=${cohort.id}`}>{t('training.trainer.cohortReport')}</a>
      </p>
      <Form action={`/trainer/cohorts/${cohort.id}`} method="get" class="filters" aria-label={t('training.trainer.findLearner')}>
        <Field name="q" label={t('training.trainer.findLearner')} value={q} maxLength={100} />
        <Button variant="secondary">{t('admin.filter')}</Button>
      </Form>
      <Table
        caption={t('training.trainer.learners', { count: total })}
        empty={t('training.trainer.noLearners')}
        columns={[
          { header: t('training.trainer.learner'), cell: (l) => l.name || l.email },
          { header: t('training.progress.label'), cell: (l) => t('training.progress.count', { done: l.done, total: l.total }) },
          { header: t('training.test.pre-test'), cell: (l) => pct(l.pre), numeric: true },
          { header: t('training.test.post-test'), cell: (l) => (l.pending ? t('training.test.awaitingGrading') : `${pct(l.post)}${l.passed ? ` · ${t('training.test.passed')}` : ''}`), numeric: true },
          { header: t('training.trainer.completed'), cell: (l) => (l.completedAt ? formatDate(l.completedAt) : '–') },
          { header: t('training.certificate.code'), cell: (l) => (l.certificate ? <a href={`/certificates/${l.certificate}`}>{l.certificate}</a> : '–') },
        ]}
        rows={learners}
      />
      <Pagination page={page} pageSize={pageSize} total={total} href={(n) => queryHref(`/trainer/cohorts/${cohort.id}`, { q, page: n > 1 ? n : undefined })} />
    </Layout>
  );
}

export interface ReportData {
  courseId: string;
  title: string;
  cohort: { id: string; name: string } | null;
  cohorts: Option[];
  gain: KnowledgeGain;
  counts: Record<Dimension, Awaited<ReturnType<typeof countsBy>>>;
  attempts: Awaited<ReturnType<typeof attemptFigures>>;
  items: Awaited<ReturnType<typeof itemDifficulty>>;
  satisfaction: Awaited<ReturnType<typeof questionnaireSummary>>;
}

export function ReportPage({ r }: { r: ReportData }) {
  const { t, locale, formatNumber } = usePage();
  const num = (n: number | null, digits = 1) => (n === null ? '–' : formatNumber(Math.round(n * 10 ** digits) / 10 ** digits));
  const ci = (x: [number, number] | null, digits = 1) => (x ? `${num(x[0], digits)} – ${num(x[1], digits)}` : '–');
  const scope = r.cohort ? `cohort=${r.cohort.id}&` : '';
  const exportLinks = (table: string) => (
    <p class="card__meta">
      {t('training.report.download')}: <a href={`/trainer/courses/${r.courseId}/report.csv?${scope}table=${table}`}>CSV</a> · <a href={`/trainer/courses/${r.courseId}/report.xlsx?${scope}table=${table}`}>XLSX</a>
    </p>
  );
  const keyLabel = (d: Dimension, key: string | null) =>
    key === null ? t('training.report.unknown') : d === 'profession' ? t(`profession.${key}`) : d === 'gender' ? t(`gender.${key}`) : d === 'country' ? countryName(locale, key) : d === 'language' ? languageName(key) : key;
  const g = r.gain;
  return (
    <Layout title={`${t('training.report.title')} · ${r.title}`}>
      <Breadcrumbs items={[{ href: '/trainer', label: t('training.trainer.title') }, { label: t('training.report.title') }]} />
      <h1>
        {t('training.report.title')}: {r.title}
      </h1>
      <Form action={`/trainer/courses/${r.courseId}/report`} method="get" class="filters" aria-label={t('admin.filter')}>
        <SelectField name="cohort" label={t('training.report.scope')} value={r.cohort?.id} options={r.cohorts} emptyLabel={t('training.report.allLearners')} />
        <Button variant="secondary">{t('admin.filter')}</Button>
      </Form>

      <section aria-labelledby="gain-title">
        <h2 id="gain-title">{t('training.report.gain')}</h2>
        <p>{t('training.report.gainLead', { count: g.n })}</p>
        {g.n > 0 && (
          <BarChart
            id="gain-chart"
            title={t('training.report.gainChart')}
            description={t('training.report.gainChartDesc', { pre: num(g.preMean), post: num(g.postMean) })}
            categories={[t('training.report.meanScore')]}
            series={[
              { label: t('training.test.pre-test'), values: [g.preMean] },
              { label: t('training.test.post-test'), values: [g.postMean] },
            ]}
            max={100}
            unit=" %"
          />
        )}
        <Table
          caption={t('training.report.gainTable')}
          columns={[
            { header: t('training.report.measure'), cell: (x: [string, string]) => x[0] },
            { header: t('training.report.value'), cell: (x) => x[1], numeric: true },
          ]}
          rows={[
            [t('training.report.pairs'), formatNumber(g.n)],
            [t('training.report.preMean'), `${num(g.preMean)} %`],
            [t('training.report.postMean'), `${num(g.postMean)} %`],
            [t('training.report.meanGain'), num(g.gain)],
            [t('training.report.gainCi'), ci(g.gainCi)],
            [t('training.report.effectSize'), num(g.effectSize, 2)],
            [t('training.report.effectSizeCi'), ci(g.effectSizeCi, 2)],
          ]}
        />
        {exportLinks('gain')}
      </section>

      <section aria-labelledby="counts-title">
        <h2 id="counts-title">{t('training.report.counts')}</h2>
        {DIMENSIONS.map((d) => (
          <div key={d}>
            {d === 'profession' && r.counts[d].length > 0 && (
              <BarChart
                id="profession-chart"
                title={t('training.report.byProfessionChart')}
                description={t('training.report.byProfessionChartDesc')}
                categories={r.counts[d].map((x) => keyLabel(d, x.key))}
                series={[
                  { label: t('training.report.enrolled'), values: r.counts[d].map((x) => x.enrolled) },
                  { label: t('training.report.completed'), values: r.counts[d].map((x) => x.completed) },
                ]}
              />
            )}
            <Table
              caption={t(`training.report.by.${d}`)}
              empty={t('training.report.none')}
              columns={[
                { header: t(`training.report.dimension.${d}`), cell: (x) => keyLabel(d, x.key) },
                { header: t('training.report.enrolled'), cell: (x) => formatNumber(x.enrolled), numeric: true },
                { header: t('training.report.completed'), cell: (x) => formatNumber(x.completed), numeric: true },
                { header: t('training.report.certified'), cell: (x) => formatNumber(x.certified), numeric: true },
              ]}
              rows={r.counts[d]}
            />
          </div>
        ))}
        {exportLinks('counts')}
      </section>

      <section aria-labelledby="attempts-title">
        <h2 id="attempts-title">{t('training.report.attempts')}</h2>
        <Facts
          items={[
            [t('training.report.testedLearners'), formatNumber(r.attempts.learners)],
            [t('training.report.attemptCount'), formatNumber(r.attempts.attempts)],
            [t('training.report.awaitingGrading'), formatNumber(r.attempts.pending)],
            [t('training.report.passedLearners'), formatNumber(r.attempts.passed)],
            [t('training.report.attemptsToPass'), num(r.attempts.meanAttemptsToPass)],
          ]}
        />
        <Table
          caption={t('training.report.items')}
          columns={[
            { header: t('training.report.competence'), cell: (x) => x.competence },
            { header: t('training.report.question'), cell: (x) => <span lang={x.stemLocale !== locale ? x.stemLocale : undefined}>{x.stem}</span> },
            { header: t('training.report.rightPre'), cell: (x) => (x.pre.right === null ? '–' : `${num(x.pre.right * 100, 0)} % (${formatNumber(x.pre.answered)})`), numeric: true },
            { header: t('training.report.rightPost'), cell: (x) => (x.post.right === null ? '–' : `${num(x.post.right * 100, 0)} % (${formatNumber(x.post.answered)})`), numeric: true },
          ]}
          rows={r.items}
        />
        {exportLinks('items')}
      </section>

      <section aria-labelledby="satisfaction-title">
        <h2 id="satisfaction-title">{t('training.questionnaire.satisfaction')}</h2>
        <p>{t('training.report.responses', { count: r.satisfaction.responses })}</p>
        <Table
          caption={t('training.report.satisfactionTable')}
          columns={[
            { header: t('training.report.question'), cell: (x) => t(`training.questionnaire.item.${x.id}`) },
            { header: t('training.report.value'), cell: (x) => (x.mean === null ? '–' : x.type === 'scale' ? `${num(x.mean)} / 5` : `${num(x.mean * 100, 0)} % ${t('training.questionnaire.yes')}`), numeric: true },
            { header: t('training.report.answered'), cell: (x) => formatNumber(x.answered), numeric: true },
          ]}
          rows={r.satisfaction.items}
        />
      </section>
    </Layout>
  );
}

export function JoinPage({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  const { t } = usePage();
  return (
    <Layout title={t('training.join.title')}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { href: '/training', label: t('training.title') }, { label: t('training.join.title') }]} />
      <h1>{t('training.join.title')}</h1>
      <p class="lead">{t('training.join.lead')}</p>
      <ErrorSummary errors={errors} />
      <Form action="/training/join">
        <Field name="code" label={t('training.trainer.code')} hint={t('training.certificate.codeHint')} value={values.code} error={errors.code} required autocomplete="off" spellcheck={false} maxLength={40} />
        <Button>{t('training.join.submit')}</Button>
      </Form>
    </Layout>
  );
}

