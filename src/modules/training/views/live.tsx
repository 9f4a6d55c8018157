import type { ComponentChildren } from 'preact';
import type { FormValues } from '../../../platform/http/forms.js';
import { LOCALES } from '../../../platform/i18n/index.js';
import { Alert, Breadcrumbs, Button, ErrorSummary, Facts, Field, Form, SelectField, Table, TextAreaField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { renderMarkdown } from '../../../platform/ui/markdown.js';
import { LIVE_SESSION_KINDS, LIVE_SESSION_MODES } from '../content.js';
import type { LiveSession, sessionRoster, sessionsForLearner } from '../live.js';
import { languageName } from './format.js';

type Option = { value: string; label: string };

/** "Monday 3 March 2025, 09:30–13:00 (Europe/Rome)". */
export function useSessionTime() {
  const { locale } = usePage();
  return (s: Pick<LiveSession, 'startsAt' | 'endsAt' | 'timeZone'>) => `${new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: s.timeZone }).formatRange(s.startsAt, s.endsAt)} (${s.timeZone.replace(/_/g, ' ')})`;
}

function SessionFacts({ s, showLink }: { s: LiveSession; showLink: boolean }) {
  const { t } = usePage();
  const when = useSessionTime();
  return (
    <Facts
      items={[
        [t('training.live.kind'), t(`training.live.kind.${s.kind}`)],
        [t('training.live.when'), when(s)],
        [t('training.live.mode'), t(`training.live.mode.${s.mode}`)],
        ...(s.place ? ([[t('training.live.place'), s.place]] as [string, string][]) : []),
        ...(showLink && s.onlineUrl ? ([[t('training.live.onlineUrl'), <a href={s.onlineUrl}>{s.onlineUrl}</a>]] as [string, ComponentChildren][]) : []),
      ]}
    />
  );
}

/** The live sessions on a learner's course page: register, cancel, and the attendance code. */
export function LearnerSessions({ slug, sessions }: { slug: string; sessions: Awaited<ReturnType<typeof sessionsForLearner>> }) {
  const { t, locale } = usePage();
  const when = useSessionTime();
  if (!sessions.length) return null;
  const now = new Date();
  return (
    <section aria-labelledby="live-title">
      <h2 id="live-title">{t('training.live.title')}</h2>
      <ul class="course-list">
        {sessions.map(({ session: s, registered, attended, taken }) => {
          const over = s.endsAt <= now;
          const full = s.capacity !== null && taken >= s.capacity;
          return (
            <li key={s.id} class="card">
              <h3 class="card__title" lang={s.locale !== locale ? s.locale : undefined}>
                {s.title}
              </h3>
              <p class="card__meta">
                {t(`training.live.kind.${s.kind}`)} · {when(s)}
              </p>
              <p class="card__meta">{attended ? t('training.live.attended') : registered ? t('training.live.registered') : over ? t('training.live.over') : full ? t('training.live.full') : t('training.live.open')}</p>
              {registered && !attended && !over && (
                <p>
                  <a href={`/learn/${slug}/sessions/${s.id}`}>{t('training.live.yourCode')}</a>
                </p>
              )}
              {!over && !attended && (
                <Form action={`/learn/${slug}/sessions/${s.id}/${registered ? 'cancel' : 'register'}`}>
                  {(registered || !full) && <Button variant={registered ? 'secondary' : 'primary'}>{t(registered ? 'training.live.cancel' : 'training.live.register')}</Button>}
                </Form>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The learner's page for a session: its details and the attendance QR code a trainer scans. */
export function SessionCodePage({ slug, course, s, qrSvg, attendUrl }: { slug: string; course: string; s: LiveSession; qrSvg: string; attendUrl: string }) {
  const { t, locale } = usePage();
  return (
    <Layout title={s.title}>
      <Breadcrumbs items={[{ href: '/learn', label: t('training.dashboard.title') }, { href: `/learn/${slug}`, label: course }, { label: s.title }]} />
      <h1 lang={s.locale !== locale ? s.locale : undefined}>{s.title}</h1>
      <SessionFacts s={s} showLink />
      {s.description && <div class="prose" lang={s.locale !== locale ? s.locale : undefined} dangerouslySetInnerHTML={{ __html: renderMarkdown(s.description) }} />}
      <h2>{t('training.live.yourCode')}</h2>
      <p>{t('training.live.codeLead')}</p>
      <div class="qr" role="img" aria-label={t('training.live.qrLabel')} dangerouslySetInnerHTML={{ __html: qrSvg }} />
      <p class="card__meta">{attendUrl}</p>
    </Layout>
  );
}

export function SessionNew({ values, errors, courses, cohorts }: { values: FormValues; errors: FieldErrors; courses: Option[]; cohorts: Option[] }) {
  const { t } = usePage();
  return (
    <Layout title={t('training.live.new')}>
      <Breadcrumbs items={[{ href: '/trainer', label: t('training.trainer.title') }, { label: t('training.live.new') }]} />
      <h1>{t('training.live.new')}</h1>
      <ErrorSummary errors={errors} />
      <Form action="/trainer/sessions/new">
        <SelectField name="courseId" label={t('training.certificate.course')} value={values.courseId} options={courses} emptyLabel="" error={errors.courseId} required />
        <SelectField name="cohortId" label={t('training.live.cohort')} hint={t('training.live.cohortHint')} value={values.cohortId} options={cohorts} emptyLabel={t('training.live.allLearners')} error={errors.cohortId} optional />
        <SelectField name="kind" label={t('training.live.kind')} value={values.kind} options={LIVE_SESSION_KINDS.map((k) => ({ value: k, label: t(`training.live.kind.${k}`) }))} error={errors.kind} required />
        <SelectField name="locale" label={t('training.live.language')} value={values.locale} options={LOCALES.map((l) => ({ value: l, label: languageName(l) }))} error={errors.locale} required />
        <Field name="title" label={t('training.live.titleField')} value={values.title} error={errors.title} required maxLength={200} />
        <TextAreaField name="description" label={t('training.live.description')} value={values.description} error={errors.description} rows={4} maxLength={5000} optional />
        <TextAreaField name="facilitatorGuide" label={t('training.live.guide')} hint={t('training.live.guideHint')} value={values.facilitatorGuide} error={errors.facilitatorGuide} rows={6} maxLength={20000} optional />
        <Field name="startsAt" label={t('training.live.startsAt')} hint={t('training.live.timeHint')} value={values.startsAt} error={errors.startsAt} required />
        <Field name="endsAt" label={t('training.live.endsAt')} hint={t('training.live.timeHint')} value={values.endsAt} error={errors.endsAt} required />
        <Field name="timeZone" label={t('training.live.timeZone')} hint={t('training.live.timeZoneHint')} value={values.timeZone} error={errors.timeZone} required maxLength={60} />
        <SelectField name="mode" label={t('training.live.mode')} value={values.mode} options={LIVE_SESSION_MODES.map((m) => ({ value: m, label: t(`training.live.mode.${m}`) }))} error={errors.mode} required />
        <Field name="place" label={t('training.live.place')} value={values.place} error={errors.place} maxLength={300} optional />
        <Field name="onlineUrl" type="url" label={t('training.live.onlineUrl')} value={values.onlineUrl} error={errors.onlineUrl} maxLength={500} optional />
        <Field name="capacity" type="number" label={t('training.live.capacity')} value={values.capacity} error={errors.capacity} optional />
        <Button>{t('training.live.create')}</Button>
      </Form>
    </Layout>
  );
}

/** A session for its trainers: the facilitator guide and the attendance list, marked one by one or by scanning. */
export function SessionPage({ s, roster, notice }: { s: LiveSession; roster: Awaited<ReturnType<typeof sessionRoster>>; notice: string | null }) {
  const { t, locale, formatDate } = usePage();
  const present = roster.filter((r) => r.attendedAt).length;
  return (
    <Layout title={s.title}>
      <Breadcrumbs items={[{ href: '/trainer', label: t('training.trainer.title') }, { label: s.title }]} />
      {notice && <Alert kind="success">{t(`training.live.notice.${notice}`)}</Alert>}
      <h1 lang={s.locale !== locale ? s.locale : undefined}>{s.title}</h1>
      <SessionFacts s={s} showLink />
      {s.facilitatorGuide && (
        <section aria-labelledby="guide-title">
          <h2 id="guide-title">{t('training.live.guide')}</h2>
          <div class="prose" lang={s.locale !== locale ? s.locale : undefined} dangerouslySetInnerHTML={{ __html: renderMarkdown(s.facilitatorGuide) }} />
        </section>
      )}
      <h2>{t('training.live.attendance', { present, total: roster.length })}</h2>
      <p>{t('training.live.scanLead')}</p>
      <Table
        caption={t('training.live.roster')}
        empty={t('training.live.noRegistrations')}
        columns={[
          { header: t('training.trainer.learner'), cell: (r) => r.name || r.email },
          { header: t('training.live.present'), cell: (r) => (r.attendedAt ? `${t('training.live.yes')} (${formatDate(r.attendedAt, 'datetime')})` : t('training.live.no')) },
          {
            header: t('training.live.mark'),
            cell: (r) => (
              <Form action={`/trainer/sessions/${s.id}/attendance`}>
                <input type="hidden" name="enrolmentId" value={r.enrolmentId} />
                <input type="hidden" name="present" value={r.attendedAt ? 'no' : 'yes'} />
                <Button variant="secondary">{t(r.attendedAt ? 'training.live.markAbsent' : 'training.live.markPresent', { name: r.name || r.email })}</Button>
              </Form>
            ),
          },
        ]}
        rows={roster}
      />
    </Layout>
  );
}

/** Where a scanned attendance code lands: the trainer confirms with one button (a link alone changes nothing). */
export function AttendConfirm({ s, learner, action }: { s: LiveSession; learner: string; action: string }) {
  const { t } = usePage();
  return (
    <Layout title={t('training.live.confirmTitle')}>
      <h1>{t('training.live.confirmTitle')}</h1>
      <p>{t('training.live.confirmLead', { name: learner, session: s.title })}</p>
      <Form action={action}>
        <Button>{t('training.live.markPresent', { name: learner })}</Button>
      </Form>
    </Layout>
  );
}
