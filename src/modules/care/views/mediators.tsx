import type { FormValues } from '../../../platform/http/forms.js';
import { languageName } from '../../../platform/i18n/index.js';
import { Alert, Breadcrumbs, Button, ButtonLink, ErrorSummary, Field, Form, Pagination, queryHref, SelectField, Table, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { AGENCY_INBOX_PATH, MEDIATOR_NAME_MAX, PLACE_MAX, type AgencyRequestView, type ReferralMediatorView } from '../mediators.js';
import { careCrumbs } from './residents.js';

const INBOX = AGENCY_INBOX_PATH;

/** "Arabic (ar)": the name in the reader's language, with the tag the agencies work with. */
function Language({ tag }: { tag: string }) {
  const { locale } = usePage();
  const name = languageName(locale, tag);
  return <>{name === tag ? tag : `${name} (${tag})`}</>;
}

function StatusTag({ status }: { status: string }) {
  const { t } = usePage();
  return <span class={`tag tag--mediator-${status}`}>{t(`care.mediators.status.${status}`)}</span>;
}

/**
 * The mediator requests of a referral, for the referral page (section `#mediators`). Cancelling is offered on
 * requests the reader's own organisation made, while they are open or booked.
 */
export function MediatorSection(props: { referralId: string; requests: ReferralMediatorView[]; canRequest: boolean; formatInZone: (d: Date) => string }) {
  const { t, principal, formatNumber } = usePage();
  const mine = new Set((principal?.roles ?? []).filter((g) => (g.role === 'care-operator' || g.role === 'care-clinician') && g.organisationId).map((g) => g.organisationId!));
  const cancellable = (r: ReferralMediatorView) => props.canRequest && (r.status === 'open' || r.status === 'booked') && mine.has(r.requestingOrganisationId);
  const withActions = props.requests.some(cancellable);
  return (
    <section aria-labelledby="mediators">
      <h2 id="mediators">{t('care.mediators.title')}</h2>
      <Table
        caption={t('care.mediators.caption')}
        rows={props.requests}
        empty={t('care.mediators.none')}
        columns={[
          { header: t('care.mediators.field.language'), cell: (r) => <Language tag={r.language} /> },
          { header: t('care.mediators.field.startsAt'), cell: (r) => <time dateTime={r.startsAt.toISOString()}>{props.formatInZone(r.startsAt)}</time> },
          { header: t('care.mediators.field.duration'), cell: (r) => formatNumber(r.durationMinutes), numeric: true },
          { header: t('care.mediators.field.place'), cell: (r) => r.place },
          {
            header: t('care.referral.statusLabel'),
            cell: (r) => (
              <>
                <StatusTag status={r.status} />
                {r.status === 'booked' && r.bookedOrganisation && <p>{t('care.mediators.bookedWith', { agency: r.bookedOrganisation.name, mediator: r.mediatorName ?? '—' })}</p>}
                {r.status === 'open' && (
                  <p>
                    {t('care.mediators.sent', { count: r.agencies })}
                    {r.declined > 0 && ` ${t('care.mediators.declinedCount', { count: r.declined })}`}
                  </p>
                )}
              </>
            ),
          },
          ...(withActions
            ? [
                {
                  header: t('care.mediators.actions'),
                  cell: (r: ReferralMediatorView) =>
                    cancellable(r) ? (
                      <Form action={`/care/mediator-requests/${r.id}/cancel`} aria-label={`${t('care.mediators.cancel')}: ${props.formatInZone(r.startsAt)}`}>
                        <Button variant="danger">{t('care.mediators.cancel')}</Button>
                      </Form>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {props.canRequest && (
        <p>
          <ButtonLink href={`/care/referrals/${props.referralId}/mediator-requests/new`}>{t('care.mediators.request')}</ButtonLink>
        </p>
      )}
    </section>
  );
}

/** The request form, from a referral: language, local date and time, duration and place. */
export function NewMediatorRequestPage(props: { referral: { id: string; caseCode: string; serviceName: string }; timeZone: string; values: FormValues; errors?: FieldErrors }) {
  const { t } = usePage();
  const v = props.values;
  const e = props.errors ?? {};
  const referralTitle = t('care.referral.pageTitle', { code: props.referral.caseCode, service: props.referral.serviceName });
  return (
    <Layout title={t('care.mediators.request')}>
      <Breadcrumbs items={careCrumbs(t, { href: `/care/referrals/${props.referral.id}`, label: referralTitle }, { label: t('care.mediators.request') })} />
      <h1>{t('care.mediators.request')}</h1>
      <ErrorSummary errors={e} />
      <p>{t('care.mediators.requestIntro')}</p>
      <Form action={`/care/referrals/${props.referral.id}/mediator-requests`}>
        <Field name="language" label={t('care.mediators.field.language')} hint={t('care.mediators.field.languageHint')} value={v.language} error={e.language} required maxLength={35} spellcheck={false} autocomplete="off" />
        <Field name="startsAt" label={t('care.mediators.field.startsAt')} hint={t('care.referral.timeZone', { zone: props.timeZone })} type="datetime-local" value={v.startsAt} error={e.startsAt} required />
        <Field name="durationMinutes" label={t('care.mediators.field.duration')} hint={t('care.mediators.field.durationHint')} type="number" inputMode="numeric" value={v.durationMinutes} error={e.durationMinutes} required />
        <Field name="place" label={t('care.mediators.field.place')} hint={t('care.mediators.field.placeHint')} value={v.place} error={e.place} required maxLength={PLACE_MAX} />
        <Button>{t('care.mediators.send')}</Button>
      </Form>
    </Layout>
  );
}

/** The mediator-name field of one row's accept form: ids carry the request's id, since every row has one. */
function MediatorNameField({ requestId, value, error }: { requestId: string; value?: string; error?: string }) {
  const { t } = usePage();
  const id = `field-mediatorName-${requestId}`;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{t('care.mediators.field.mediatorName')}</label>
      {error && (
        <p class="field__error" id={`${id}-error`}>
          <span class="visually-hidden">{t('form.errorPrefix')} </span>
          {t(error)}
        </p>
      )}
      <input
        id={id}
        name="mediatorName"
        type="text"
        value={value}
        maxLength={MEDIATOR_NAME_MAX}
        autocomplete="off"
        spellcheck={false}
        required
        aria-required="true"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={['mediator-name-hint', error && `${id}-error`].filter(Boolean).join(' ')}
      />
    </div>
  );
}

export interface AgencyInboxFilters {
  status: 'open' | 'booked' | 'declined';
  language: string;
}

/**
 * The agency's inbox: what, when, where and who asks; never whom the mediator is for. Open requests carry an accept
 * form (the mediator's name or code) and a decline form.
 */
export function AgencyInboxPage(props: {
  agencies: { id: string; name: string }[];
  organisation: { id: string; name: string };
  filters: AgencyInboxFilters;
  rows: AgencyRequestView[];
  total: number;
  page: number;
  pageSize: number;
  timeZone: string;
  formatInZone: (d: Date) => string;
  notice?: 'accepted' | 'declined' | null;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { t, formatNumber } = usePage();
  const f = props.filters;
  const e = props.errors ?? {};
  const values = props.values ?? {};
  const org = props.organisation.id;
  const title = t('care.home.requestsOf', { name: props.organisation.name });
  const params = { organisation: props.agencies.length > 1 ? org : undefined, status: f.status === 'open' ? undefined : f.status, language: f.language || undefined };
  const open = f.status === 'open';
  return (
    <Layout title={title}>
      <Breadcrumbs items={careCrumbs(t, { label: title })} />
      <h1>{title}</h1>
      {props.notice && <Alert kind="success">{t(`care.mediators.${props.notice}`)}</Alert>}
      <ErrorSummary errors={e} />
      <p>{t('care.mediators.inbox.intro')}</p>
      <Form action={INBOX} method="get" class="filters" aria-label={t('care.mediators.inbox.filters')}>
        {props.agencies.length > 1 ? (
          <SelectField name="organisation" label={t('care.mediators.inbox.agency')} value={org} options={props.agencies.map((a) => ({ value: a.id, label: a.name }))} />
        ) : (
          <input type="hidden" name="organisation" value={org} />
        )}
        <SelectField
          name="status"
          label={t('care.referral.statusLabel')}
          value={f.status}
          options={(['open', 'booked', 'declined'] as const).map((s) => ({ value: s, label: t(`care.mediators.inbox.filter.${s}`) }))}
        />
        <Field name="language" label={t('care.mediators.field.language')} hint={t('care.mediators.field.languageHint')} type="search" value={f.language} maxLength={35} spellcheck={false} />
        <Button variant="secondary">{t('search.submit')}</Button>
      </Form>
      <p>{t('care.referral.timeZone', { zone: props.timeZone })}</p>
      {open && (
        <p class="field__hint" id="mediator-name-hint">
          {t('care.mediators.field.mediatorNameHint')}
        </p>
      )}
      <Table
        caption={t('care.mediators.inbox.count', { count: props.total })}
        rows={props.rows}
        empty={t('care.mediators.inbox.empty')}
        columns={[
          { header: t('care.mediators.field.language'), cell: (r) => <Language tag={r.language} /> },
          { header: t('care.mediators.field.startsAt'), cell: (r) => <time dateTime={r.startsAt.toISOString()}>{props.formatInZone(r.startsAt)}</time> },
          { header: t('care.mediators.field.duration'), cell: (r) => formatNumber(r.durationMinutes), numeric: true },
          { header: t('care.mediators.field.place'), cell: (r) => r.place },
          { header: t('care.mediators.field.requestingOrganisation'), cell: (r) => r.requestingOrganisation.name },
          open
            ? {
                header: t('care.mediators.actions'),
                cell: (r) => (
                  <div class="mediator-answer">
                    <Form action={`${INBOX}/${r.id}/accept`} aria-label={`${t('care.mediators.accept')}: ${props.formatInZone(r.startsAt)}`}>
                      <input type="hidden" name="organisationId" value={org} />
                      <MediatorNameField requestId={r.id} value={values.requestId === r.id ? values.mediatorName : undefined} error={e[`mediatorName-${r.id}`]} />
                      <Button>{t('care.mediators.accept')}</Button>
                    </Form>
                    <Form action={`${INBOX}/${r.id}/decline`} aria-label={`${t('care.mediators.decline')}: ${props.formatInZone(r.startsAt)}`}>
                      <input type="hidden" name="organisationId" value={org} />
                      <Button variant="secondary">{t('care.mediators.decline')}</Button>
                    </Form>
                  </div>
                ),
              }
            : f.status === 'booked'
              ? { header: t('care.mediators.field.mediatorName'), cell: (r) => r.mediatorName ?? '—' }
              : { header: t('care.mediators.inbox.filter.declined'), cell: (r) => (r.declinedAt ? <time dateTime={r.declinedAt.toISOString()}>{props.formatInZone(r.declinedAt)}</time> : '—') },
        ]}
      />
      <Pagination page={props.page} pageSize={props.pageSize} total={props.total} href={(page) => queryHref(INBOX, { ...params, page })} />
    </Layout>
  );
}

export function NotAnAgencyPage() {
  const { t } = usePage();
  return (
    <Layout title={t('care.mediators.notAgency.title')}>
      <Breadcrumbs items={careCrumbs(t, { label: t('care.mediators.notAgency.title') })} />
      <h1>{t('care.mediators.notAgency.title')}</h1>
      <p>{t('care.mediators.notAgency.body')}</p>
    </Layout>
  );
}
