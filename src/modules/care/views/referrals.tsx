import type { ComponentChildren } from 'preact';
import type { FormValues } from '../../../platform/http/forms.js';
import { languageName, nameIn } from '../../../platform/i18n/index.js';
import { Alert, Breadcrumbs, Button, ButtonLink, ErrorSummary, Facts, Field, Form, Pagination, RadioGroup, SelectField, Table, TextAreaField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { textIn } from '../instruments.js';
import { CANCEL_REASONS, FAIL_REASONS, HOLD_REASONS, OUTCOMES, REJECT_REASONS, type ReferralAction, type ReferralList, type ReferralListRow, type ReferralMessageView, type ReferralView } from '../referrals.js';
import { URGENCIES, type Urgency } from '../schema.js';
import { careCrumbs, CareNotice } from './residents.js';

type Names = Record<string, string>;
type Option = { value: string; label: string };

/** "in 3 days", "5 hours late": the time left to the target, in words. */
function TimeLeft({ hours }: { hours: number | null }) {
  const { t } = usePage();
  if (hours === null) return <>—</>;
  const late = hours < 0;
  const h = Math.abs(hours);
  const text = h >= 48 ? t('care.referral.days', { count: Math.floor(h / 24) }) : t('care.referral.hours', { count: h });
  return <span class={late ? 'time-left time-left--late' : 'time-left'}>{late ? t('care.referral.late', { time: text }) : t('care.referral.left', { time: text })}</span>;
}

function StatusTag({ status, overridden }: { status: string; overridden?: boolean }) {
  const { t } = usePage();
  return (
    <>
      <span class={`tag tag--${status}`}>{t(`care.referral.status.${status}`)}</span>
      {overridden && <span class="tag tag--override">{t('care.referral.overridden')}</span>}
    </>
  );
}

/** The resident's referrals, on the resident's page. */
export function ReferralsSection({ residentId, rows, canRefer }: { residentId: string; rows: ReferralListRow[]; canRefer: boolean }) {
  const { t, formatDate } = usePage();
  return (
    <section aria-labelledby="resident-referrals">
      <h2 id="resident-referrals">{t('care.referral.title')}</h2>
      <Table
        caption={t('care.referral.residentCaption')}
        rows={rows}
        empty={t('care.referral.none')}
        columns={[
          { header: t('care.referral.service'), cell: (r) => <a href={`/care/referrals/${r.id}`}>{r.serviceName}</a> },
          { header: t('care.referral.urgency'), cell: (r) => t(`care.urgency.${r.urgency}`) },
          { header: t('care.referral.statusLabel'), cell: (r) => <StatusTag status={r.status} overridden={r.overridden} /> },
          { header: t('care.referral.requestedAt'), cell: (r) => (r.requestedAt ? formatDate(r.requestedAt) : '—') },
          { header: t('care.referral.timeLeft'), cell: (r) => <TimeLeft hours={r.timeLeftHours} /> },
        ]}
      />
      {canRefer && (
        <p>
          <ButtonLink href={`/care/residents/${residentId}/referrals/new`}>{t('care.referral.new')}</ButtonLink>
        </p>
      )}
    </section>
  );
}

export interface ServiceChoice {
  id: string;
  name: string;
  organization: string;
  places: string[];
  waitingDays: number | null;
  mediationLanguages: string[];
}

/** The referral form: a new referral from the resident's record, or a draft (`draftId`) changed before it is sent. */
export function NewReferralPage(props: {
  resident: { id: string; caseCode: string; languages: string[]; mediatorNeeded: boolean };
  draftId: string | null;
  search: { q: string; typeCode: string; everywhere: boolean };
  types: { code: string; names: Names }[];
  services: ServiceChoice[];
  screenings: { id: string; label: string }[];
  targets: { urgency: Urgency; targetHours: number }[];
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { t, locale } = usePage();
  const v = props.values;
  const e = props.errors ?? {};
  const base = props.draftId ? `/care/referrals/${props.draftId}/edit` : `/care/residents/${props.resident.id}/referrals/new`;
  const title = t(props.draftId ? 'care.referral.editDraft' : 'care.referral.new');
  const hoursText = (h: number) => (h % 24 === 0 ? t('care.referral.days', { count: h / 24 }) : t('care.referral.hours', { count: h }));
  return (
    <Layout title={title}>
      <Breadcrumbs
        items={careCrumbs(
          t,
          { href: `/care/residents/${props.resident.id}`, label: props.resident.caseCode },
          ...(props.draftId ? [{ href: `/care/referrals/${props.draftId}`, label: t('care.referral.status.draft') }] : []),
          { label: title },
        )}
      />
      <h1>{title}</h1>
      <ErrorSummary errors={e} />
      <section aria-labelledby="find-service">
        <h2 id="find-service">{t('care.referral.findService')}</h2>
        <Form action={base} method="get" class="filters" aria-label={t('care.referral.findService')}>
          {v.screeningId && <input type="hidden" name="screening" value={v.screeningId} />}
          <Field name="q" label={t('care.referral.serviceSearch')} type="search" value={props.search.q} maxLength={100} />
          <SelectField name="type" label={t('care.referral.serviceType')} value={props.search.typeCode} emptyLabel={t('care.referral.anyType')} options={props.types.map((x) => ({ value: x.code, label: nameIn(x.names, locale, x.code) }))} />
          <SelectField
            name="where"
            label={t('care.referral.where')}
            value={props.search.everywhere ? 'everywhere' : ''}
            options={[
              { value: '', label: t('care.referral.inRegion') },
              { value: 'everywhere', label: t('care.referral.everywhere') },
            ]}
          />
          <Button variant="secondary">{t('search.submit')}</Button>
        </Form>
      </section>
      <Form action={props.draftId ? base : `/care/residents/${props.resident.id}/referrals`}>
        {props.services.length === 0 ? (
          <p class={e.serviceId ? 'field__error' : undefined} id="field-serviceId">
            {t('care.referral.noService')}
          </p>
        ) : (
          <RadioGroup
            name="serviceId"
            legend={t('care.referral.service')}
            hint={t('care.referral.serviceHint')}
            checked={v.serviceId}
            error={e.serviceId}
            options={props.services.map((s) => ({
              value: s.id,
              label: [s.name, s.organization, s.places.join(', '), s.waitingDays !== null ? t('care.referral.waiting', { count: s.waitingDays }) : '', s.mediationLanguages.length ? t('care.referral.mediationIn', { languages: s.mediationLanguages.map((l) => languageName(locale, l)).join(', ') }) : '']
                .filter(Boolean)
                .join(' · '),
            }))}
          />
        )}
        <RadioGroup
          name="urgency"
          legend={t('care.referral.urgency')}
          checked={v.urgency ?? 'routine'}
          error={e.urgency}
          options={URGENCIES.map((u) => ({ value: u, label: `${t(`care.urgency.${u}`)} (${t('care.referral.targetWithin', { time: hoursText(props.targets.find((x) => x.urgency === u)?.targetHours ?? 0) })})` }))}
        />
        <TextAreaField name="reason" label={t('care.referral.reason')} hint={t('care.referral.reasonHint')} value={v.reason} error={e.reason} required rows={5} maxLength={4000} />
        <SelectField name="screeningId" label={t('care.referral.screening')} value={v.screeningId} error={e.screeningId} emptyLabel={t('care.referral.noScreening')} options={props.screenings.map((s) => ({ value: s.id, label: s.label }))} optional />
        <Field name="mediatorLanguage" label={t('care.referral.mediatorLanguage')} hint={t('care.referral.mediatorLanguageHint')} value={v.mediatorLanguage ?? (props.resident.mediatorNeeded ? (props.resident.languages[0] ?? '') : '')} error={e.mediatorLanguage} maxLength={20} spellcheck={false} optional />
        <Button>{t('care.referral.saveDraft')}</Button>
      </Form>
    </Layout>
  );
}

const REASONS: Partial<Record<ReferralAction, readonly string[]>> = { reject: REJECT_REASONS, cancel: CANCEL_REASONS, hold: HOLD_REASONS, fail: FAIL_REASONS };
const REASON_KEY: Partial<Record<ReferralAction, string>> = { reject: 'rejectReason', cancel: 'cancelReason', hold: 'holdReason', fail: 'failReason' };

/** One form per action the reader may take now; the action's fields and its errors. */
function ActionForm({ referralId, action, values, errors, timeZone, needsOverride }: { referralId: string; action: ReferralAction; values: FormValues; errors: FieldErrors; timeZone: string; needsOverride: boolean }) {
  const { t } = usePage();
  const mine = values.action === action;
  const e = mine ? errors : {};
  const v = mine ? values : {};
  const reasons = REASONS[action];
  const danger = action === 'reject' || action === 'cancel' || action === 'fail';
  return (
    <Form action={`/care/referrals/${referralId}/actions`} class="referral-action" aria-label={t(`care.referral.action.${action}`)}>
      <input type="hidden" name="action" value={action} />
      {reasons && (
        <SelectField name="reason" label={t('care.referral.reasonCode')} value={v.reason} error={e.reason} emptyLabel="—" options={reasons.map((r) => ({ value: r, label: t(`care.referral.${REASON_KEY[action]}.${r}`) }))} />
      )}
      {action === 'complete' && <SelectField name="outcome" label={t('care.referral.outcomeLabel')} value={v.outcome} error={e.outcome} emptyLabel="—" options={OUTCOMES.map((o) => ({ value: o, label: t(`care.referral.outcome.${o}`) }))} />}
      {action === 'schedule' && <Field name="appointmentAt" label={t('care.referral.appointmentAt')} hint={t('care.referral.timeZone', { zone: timeZone })} type="datetime-local" value={v.appointmentAt} error={e.appointmentAt} required />}
      {action === 'send' && needsOverride && (
        <TextAreaField name="overrideReason" label={t('care.referral.overrideReason')} hint={t('care.referral.overrideHint')} value={v.overrideReason} error={e.overrideReason} rows={3} maxLength={2000} optional />
      )}
      {action !== 'send' && <TextAreaField name="note" label={t('care.referral.note')} hint={t('care.referral.noteHint')} value={v.note} error={e.note} rows={2} maxLength={2000} optional />}
      <Button variant={danger ? 'danger' : action === 'send' || action === 'accept' || action === 'schedule' || action === 'complete' ? 'primary' : 'secondary'}>{t(`care.referral.action.${action}`)}</Button>
    </Form>
  );
}

export function ReferralPage(props: {
  view: ReferralView;
  messages: ReferralMessageView[];
  timeZone: string;
  formatInZone: (d: Date) => string;
  hasConsent: boolean;
  values?: FormValues;
  errors?: FieldErrors;
  notice?: string | null;
  children?: ComponentChildren;
}) {
  const { t, locale, formatDate } = usePage();
  const r = props.view;
  const e = props.errors ?? {};
  const values = props.values ?? {};
  const fmt = props.formatInZone;
  const title = t('care.referral.pageTitle', { code: r.resident.caseCode, service: r.serviceName });
  return (
    <Layout title={title}>
      <Breadcrumbs
        items={careCrumbs(
          t,
          ...(r.side === 'receiver' ? [{ href: `/care/services/${r.toOrganisation.id}/inbox`, label: r.toOrganisation.name }] : r.resident.id ? [{ href: `/care/residents/${r.resident.id}`, label: r.resident.caseCode }] : []),
          { label: t('care.referral.one') },
        )}
      />
      <h1>{title}</h1>
      <CareNotice notice={props.notice} />
      <ErrorSummary errors={values.action ? {} : e} />
      {r.side === 'break-glass' && <Alert kind="warning">{t('care.breakGlass.active')}</Alert>}
      {r.overridden && (
        <Alert kind="warning" title={t('care.referral.overridden')}>
          {t('care.referral.overriddenBody')}
          {r.overrideReason && <p>{t('care.referral.overrideReasonWas', { reason: r.overrideReason })}</p>}
        </Alert>
      )}
      {r.status === 'draft' && !props.hasConsent && r.side === 'sender' && <Alert kind="info">{t('care.referral.consentMissing', { organisation: r.toOrganisation.name })}</Alert>}
      <div class="referral">
        <section aria-labelledby="referral-summary">
          <h2 id="referral-summary">{t('care.referral.summary')}</h2>
          <Facts
            items={[
              [t('care.referral.statusLabel'), <StatusTag status={r.status} overridden={r.overridden} />],
              [t('care.referral.urgency'), t(`care.urgency.${r.urgency}`)],
              [t('care.referral.service'), `${r.serviceName} (${r.toOrganisation.name})`],
              [t('care.referral.from'), r.fromOrganisation.name],
              [t('care.referral.requestedAt'), r.requestedAt ? fmt(r.requestedAt) : '—'],
              [t('care.referral.dueAt'), r.dueAt ? fmt(r.dueAt) : '—'],
              [t('care.referral.timeLeft'), <TimeLeft hours={r.timeLeftHours} />],
              [t('care.referral.appointment'), r.appointmentAt ? `${fmt(r.appointmentAt)} · ${t(`care.referral.appointmentStatus.${r.appointmentStatus ?? 'scheduled'}`)}` : '—'],
              [t('care.referral.firstAppointment'), r.firstAppointmentAt ? fmt(r.firstAppointmentAt) : r.firstAppointmentMissed ? t('care.referral.firstMissed') : '—'],
              ...(r.statusReason ? ([[t('care.referral.reasonCode'), r.statusReason]] as [string, string][]) : []),
              ...(r.outcome ? ([[t('care.referral.outcomeLabel'), t(`care.referral.outcome.${r.outcome}`)]] as [string, string][]) : []),
            ]}
          />
        </section>
        <section aria-labelledby="referral-resident">
          <h2 id="referral-resident">{t('care.referral.resident')}</h2>
          <Facts
            items={[
              [t('care.resident.caseCode'), r.resident.id && r.side !== 'receiver' ? <a href={`/care/residents/${r.resident.id}`}>{r.resident.caseCode}</a> : r.resident.caseCode],
              [t('care.resident.birthYear'), r.resident.birthYear ?? '—'],
              [t('care.resident.gender'), t(`care.gender.${r.resident.gender}`)],
              [t('care.resident.languages'), r.resident.languages.map((l) => languageName(locale, l)).join(', ') || '—'],
              [t('care.referral.mediatorLanguage'), r.mediatorLanguage ? languageName(locale, r.mediatorLanguage) : r.resident.mediatorNeeded ? t('care.yes') : t('care.no')],
              [t('care.referral.reason'), <p class="preserve-lines">{r.reason ?? '—'}</p>],
              [
                t('care.referral.screening'),
                r.screening
                  ? `${textIn(r.screening.title, locale)}: ${r.screening.score ?? '—'}${r.screening.bandLabel ? ` (${textIn(r.screening.bandLabel, locale)})` : ''}${r.screening.aboveCutoff ? ` · ${t('care.screening.above')}` : ''}`
                  : '—',
              ],
              [t('care.referral.consent'), r.consent ? t('care.referral.consentGiven', { date: r.consent.givenOn, language: languageName(locale, r.consent.language) }) + (r.consent.withdrawn ? ` · ${t('care.referral.consentWithdrawn')}` : '') : '—'],
            ]}
          />
        </section>
      </div>
      {r.actions.length > 0 && (
        <section aria-labelledby="referral-actions">
          <h2 id="referral-actions">{t('care.referral.next')}</h2>
          {values.action && <ErrorSummary errors={e} />}
          <div class="referral-actions">
            {r.actions.map((a) => (
              <ActionForm key={a} referralId={r.id} action={a} values={values} errors={e} timeZone={props.timeZone} needsOverride={!props.hasConsent && r.urgency === 'emergency'} />
            ))}
          </div>
          {r.status === 'draft' && (
            <div class="actions">
              <ButtonLink href={`/care/referrals/${r.id}/edit`} variant="secondary">
                {t('care.referral.editDraft')}
              </ButtonLink>
              <Form action={`/care/referrals/${r.id}/delete`}>
                <Button variant="danger">{t('care.referral.deleteDraft')}</Button>
              </Form>
            </div>
          )}
        </section>
      )}
      {props.children}
      {r.status !== 'draft' && (
        <section aria-labelledby="referral-thread">
          <h2 id="referral-thread">{t('care.referral.thread')}</h2>
          {props.messages.length === 0 ? (
            <p>{t('care.referral.noMessages')}</p>
          ) : (
            <ol class="thread">
              {props.messages.map((m) => (
                <li key={m.id} class={m.own ? 'thread__message thread__message--own' : 'thread__message'}>
                  <p class="thread__meta">
                    {m.authorName ?? '—'} · {m.organisationName} · <time dateTime={m.at.toISOString()}>{formatDate(m.at, 'datetime')}</time>
                  </p>
                  <p class="preserve-lines">{m.body ?? t('care.referral.unreadable')}</p>
                </li>
              ))}
            </ol>
          )}
          {r.side !== 'break-glass' && (
            <Form action={`/care/referrals/${r.id}/messages`}>
              <TextAreaField name="body" label={t('care.referral.message')} hint={t('care.referral.messageHint')} value={values.body} error={e.body} rows={3} maxLength={4000} required />
              <Button variant="secondary">{t('care.referral.sendMessage')}</Button>
            </Form>
          )}
        </section>
      )}
      <section aria-labelledby="referral-history">
        <h2 id="referral-history">{t('care.referral.history')}</h2>
        <Table
          caption={t('care.referral.historyCaption')}
          rows={r.events}
          columns={[
            { header: t('care.referral.when'), cell: (ev) => <time dateTime={ev.at.toISOString()}>{fmt(ev.at)}</time> },
            { header: t('care.referral.what'), cell: (ev) => (ev.step ? t(`care.referral.step.${ev.step}`) : t(`care.referral.status.${ev.toStatus}`)) + (ev.appointmentAt ? ` (${fmt(ev.appointmentAt)})` : '') },
            { header: t('care.referral.who'), cell: (ev) => [ev.actorName, ev.organisationName].filter(Boolean).join(', ') || '—' },
            { header: t('care.referral.reasonCode'), cell: (ev) => ev.reason ?? '—' },
            { header: t('care.referral.note'), cell: (ev) => (ev.note ? <span class="preserve-lines">{ev.note}</span> : '—') },
          ]}
        />
        {r.status !== 'draft' && (
          <p>
            <a href={`/care/referrals/${r.id}/fhir.json`}>{t('care.referral.fhir')}</a>
          </p>
        )}
      </section>
    </Layout>
  );
}

export function ReferralListPage(props: { kind: 'inbox' | 'sent'; organisation: { id: string; name: string }; list: ReferralList; filters: FormValues; errors?: FieldErrors }) {
  const { t, formatDate, locale } = usePage();
  const f = props.filters;
  const base = props.kind === 'inbox' ? `/care/services/${props.organisation.id}/inbox` : `/care/centres/${props.organisation.id}/referrals`;
  const title = props.kind === 'inbox' ? t('care.referral.inboxTitle', { name: props.organisation.name }) : t('care.referral.sentTitle', { name: props.organisation.name });
  const href = (page: number) => `${base}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(f).filter(([, v]) => v)), page: String(page) })}`;
  const statusOptions: Option[] = [
    { value: 'open', label: t('care.referral.filterOpen') },
    { value: 'closed', label: t('care.referral.filterClosed') },
    { value: 'all', label: t('care.referral.filterAll') },
    ...(['requested', 'accepted', 'in-progress', 'on-hold', ...(props.kind === 'sent' ? ['draft'] : []), 'rejected', 'cancelled', 'failed', 'completed'] as const).map((s) => ({ value: s, label: t(`care.referral.status.${s}`) })),
  ];
  return (
    <Layout title={title}>
      <Breadcrumbs items={careCrumbs(t, { label: title })} />
      <h1>{title}</h1>
      <ErrorSummary errors={props.errors ?? {}} />
      <Form action={base} method="get" class="filters" aria-label={t('care.referral.filters')}>
        <SelectField name="status" label={t('care.referral.statusLabel')} value={f.status || (props.kind === 'inbox' ? 'open' : 'all')} options={statusOptions} />
        <SelectField name="urgency" label={t('care.referral.urgency')} value={f.urgency} emptyLabel={t('care.referral.anyUrgency')} options={URGENCIES.map((u) => ({ value: u, label: t(`care.urgency.${u}`) }))} />
        <SelectField
          name="overdue"
          label={t('care.referral.target')}
          value={f.overdue}
          emptyLabel={t('care.referral.anyTarget')}
          options={[{ value: 'yes', label: t('care.referral.overdueOnly') }]}
        />
        <Field name="q" label={t('care.resident.caseCode')} type="search" value={f.q} maxLength={40} />
        <Button variant="secondary">{t('search.submit')}</Button>
      </Form>
      <Table
        caption={props.list.capped ? t('care.referral.countMore', { count: props.list.total }) : t('care.referral.count', { count: props.list.total })}
        rows={props.list.rows}
        empty={t('care.referral.none')}
        columns={[
          { header: t('care.resident.caseCode'), cell: (r) => <a href={`/care/referrals/${r.id}`}>{r.caseCode}</a> },
          { header: t('care.referral.urgency'), cell: (r) => <span class={`tag tag--urgency-${r.urgency}`}>{t(`care.urgency.${r.urgency}`)}</span> },
          { header: t('care.referral.statusLabel'), cell: (r) => <StatusTag status={r.status} overridden={r.overridden} /> },
          props.kind === 'inbox' ? { header: t('care.referral.from'), cell: (r) => r.fromOrganisationName } : { header: t('care.referral.service'), cell: (r) => r.serviceName },
          { header: t('care.referral.requestedAt'), cell: (r) => (r.requestedAt ? formatDate(r.requestedAt) : '—') },
          { header: t('care.referral.timeLeft'), cell: (r) => <TimeLeft hours={r.timeLeftHours} /> },
          { header: t('care.referral.mediatorLanguage'), cell: (r) => (r.mediatorLanguage ? languageName(locale, r.mediatorLanguage) : '—') },
          { header: t('care.referral.appointment'), cell: (r) => (r.appointmentAt ? `${formatDate(r.appointmentAt, 'datetime')} · ${t(`care.referral.appointmentStatus.${r.appointmentStatus ?? 'scheduled'}`)}` : '—') },
        ]}
      />
      <Pagination page={props.list.page} pageSize={props.list.pageSize} total={props.list.total} href={href} />
    </Layout>
  );
}

export function TargetsPage(props: { regions: { id: string; name: string }[]; regionId: string; targets: { urgency: Urgency; targetHours: number; isDefault: boolean }[]; values?: FormValues; errors?: FieldErrors; notice?: string | null }) {
  const { t } = usePage();
  const e = props.errors ?? {};
  return (
    <Layout title={t('care.targets.title')}>
      <Breadcrumbs items={careCrumbs(t, { label: t('care.targets.title') })} />
      <h1>{t('care.targets.title')}</h1>
      <CareNotice notice={props.notice} />
      <p>{t('care.targets.intro')}</p>
      <Form action="/care/settings/targets" method="get" class="filters" aria-label={t('care.targets.region')}>
        <SelectField name="region" label={t('care.targets.region')} value={props.regionId} options={props.regions.map((r) => ({ value: r.id, label: r.name }))} />
        <Button variant="secondary">{t('care.targets.show')}</Button>
      </Form>
      <ErrorSummary errors={e} />
      <Form action={`/care/settings/targets/${props.regionId}`}>
        {props.targets.map((x) => (
          <Field
            key={x.urgency}
            name={x.urgency}
            label={t('care.targets.hoursFor', { urgency: t(`care.urgency.${x.urgency}`) })}
            hint={x.isDefault ? t('care.targets.default') : undefined}
            type="number"
            inputMode="numeric"
            value={props.values?.[x.urgency] ?? String(x.targetHours)}
            error={e[x.urgency]}
            required
          />
        ))}
        <Button>{t('form.save')}</Button>
      </Form>
    </Layout>
  );
}
