import type { ComponentChildren } from 'preact';
import type { FormValues } from '../../../platform/http/forms.js';
import { countryName } from '../../../platform/i18n/countries.js';
import { languageName, LOCALES, nameIn } from '../../../platform/i18n/index.js';
import { Alert, Breadcrumbs, Button, ButtonLink, CheckboxField, CheckboxGroup, ErrorSummary, Facts, Field, Form, Pagination, RadioGroup, SelectField, Table, TextAreaField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { countryOptions } from '../../../platform/ui/options.js';
import type { CareBasis } from '../access.js';
import type { ResidentView } from '../residents.js';
import { CONSENT_PURPOSES, RESIDENT_GENDERS, WITHDRAWAL_CHANNELS, type consents, type Names } from '../schema.js';

type Organisation = { id: string; name: string };
type Category = { code: string; names: Names; retired: boolean };
type ConsentRow = { consent: typeof consents.$inferSelect; recipient: string | null };

export const careCrumbs = (t: (k: string) => string, ...rest: { href?: string; label: string }[]) => [{ href: '/', label: t('nav.home') }, { href: '/care', label: t('care.title') }, ...rest];

export function CareNotice({ notice }: { notice?: string | null }) {
  const { t } = usePage();
  return notice ? <Alert kind="success">{t(`care.notice.${notice}`)}</Alert> : null;
}

const day = (locale: string, d: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
const languagesOf = (locale: string, tags: string[]) => tags.map((l) => languageName(locale, l)).join(', ');

/** What each person finds under "Care": their centres, their inbox, the indicators or the audit trail. */
export function CareHomePage(props: { centres: Organisation[]; services: Organisation[]; agencies: Organisation[]; indicators: boolean; targets: boolean; audit: boolean; administrator: boolean; notice?: string | null }) {
  const { t } = usePage();
  const nothing = !props.centres.length && !props.services.length && !props.agencies.length && !props.indicators && !props.audit;
  return (
    <Layout title={t('care.title')}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { label: t('care.title') }]} />
      <h1>{t('care.title')}</h1>
      <CareNotice notice={props.notice} />
      <p>{t('care.home.intro')}</p>
      {props.centres.length > 0 && (
        <section aria-labelledby="care-centres">
          <h2 id="care-centres">{t('care.home.centres')}</h2>
          <ul class="link-list">
            {props.centres.map((o) => (
              <li key={o.id}>
                <a href={`/care/centres/${o.id}/residents`}>{o.name}</a>
                {' · '}
                <a href={`/care/centres/${o.id}/referrals`}>{t('care.home.sentReferrals')}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {props.services.length > 0 && (
        <section aria-labelledby="care-services">
          <h2 id="care-services">{t('care.home.services')}</h2>
          <ul class="link-list">
            {props.services.map((o) => (
              <li key={o.id}>
                <a href={`/care/services/${o.id}/inbox`}>{t('care.home.inboxOf', { name: o.name })}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {props.agencies.length > 0 && (
        <section aria-labelledby="care-agencies">
          <h2 id="care-agencies">{t('care.home.agencies')}</h2>
          <ul class="link-list">
            {props.agencies.map((o) => (
              <li key={o.id}>
                <a href={`/care/mediator-requests?organisation=${o.id}`}>{t('care.home.requestsOf', { name: o.name })}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {(props.indicators || props.audit) && (
        <section aria-labelledby="care-oversight">
          <h2 id="care-oversight">{t('care.home.oversight')}</h2>
          <ul class="link-list">
            {props.indicators && (
              <li>
                <a href="/care/indicators">{t('care.indicators.title')}</a>
              </li>
            )}
            {props.audit && (
              <li>
                <a href="/care/audit">{t('care.audit.title')}</a>
              </li>
            )}
            {props.targets && (
              <li>
                <a href="/care/settings/targets">{t('care.targets.title')}</a>
              </li>
            )}
          </ul>
        </section>
      )}
      {props.administrator && (
        <section aria-labelledby="care-settings">
          <h2 id="care-settings">{t('care.home.settings')}</h2>
          <ul class="link-list">
            <li>
              <a href="/care/settings/instruments">{t('care.instruments.title')}</a>
            </li>
            <li>
              <a href="/care/settings/vulnerabilities">{t('care.vulnerabilities.title')}</a>
            </li>
          </ul>
        </section>
      )}
      {props.administrator && <Alert kind="info">{t('care.home.administrator')}</Alert>}
      {nothing && !props.administrator && <p>{t('care.home.nothing')}</p>}
    </Layout>
  );
}

export function ResidentsPage(props: { centre: Organisation; rows: ResidentView[]; total: number; page: number; pageSize: number; q: string; status: string; notice?: string | null }) {
  const { t, locale } = usePage();
  const base = `/care/centres/${props.centre.id}/residents`;
  const href = (page: number) => `${base}?${new URLSearchParams({ ...(props.q ? { q: props.q } : {}), ...(props.status ? { status: props.status } : {}), page: String(page) })}`;
  return (
    <Layout title={t('care.residents.title', { centre: props.centre.name })}>
      <Breadcrumbs items={careCrumbs(t, { label: props.centre.name })} />
      <h1>{t('care.residents.title', { centre: props.centre.name })}</h1>
      <CareNotice notice={props.notice} />
      <p>
        <ButtonLink href={`${base}/new`}>{t('care.residents.new')}</ButtonLink>
      </p>
      <Form action={base} method="get" class="filters" aria-label={t('care.residents.filters')}>
        <Field name="q" label={t('care.residents.search')} hint={t('care.residents.searchHint')} type="search" value={props.q} />
        <SelectField
          name="status"
          label={t('care.residents.status')}
          value={props.status}
          emptyLabel={t('care.residents.anyStatus')}
          options={(['open', 'closed'] as const).map((s) => ({ value: s, label: t(`care.residents.statusValue.${s}`) }))}
        />
        <Button variant="secondary">{t('search.submit')}</Button>
      </Form>
      <Table
        caption={t('care.residents.count', { count: props.total })}
        rows={props.rows}
        empty={t('care.residents.empty')}
        columns={[
          { header: t('care.resident.caseCode'), cell: (r) => <a href={`/care/residents/${r.id}`}>{r.caseCode}</a> },
          { header: t('care.resident.name'), cell: (r) => r.name ?? '—' },
          { header: t('care.resident.birthYear'), cell: (r) => r.birthYear ?? '—', numeric: true },
          { header: t('care.resident.languages'), cell: (r) => languagesOf(locale, r.languages) || '—' },
          { header: t('care.resident.arrivalDate'), cell: (r) => (r.arrivalDate ? day(locale, r.arrivalDate) : '—') },
          { header: t('care.residents.status'), cell: (r) => t(`care.residents.statusValue.${r.status}`) },
        ]}
      />
      <Pagination page={props.page} pageSize={props.pageSize} total={props.total} href={href} />
    </Layout>
  );
}

export function ResidentFormPage(props: { centre: Organisation; residentId?: string; categories: Category[]; values: FormValues; vulnerabilities: string[]; errors?: FieldErrors }) {
  const { t, locale } = usePage();
  const v = props.values;
  const title = props.residentId ? t('care.residents.edit') : t('care.residents.new');
  const action = props.residentId ? `/care/residents/${props.residentId}/edit` : `/care/centres/${props.centre.id}/residents/new`;
  const e = props.errors ?? {};
  return (
    <Layout title={title}>
      <Breadcrumbs items={careCrumbs(t, { href: `/care/centres/${props.centre.id}/residents`, label: props.centre.name }, { label: title })} />
      <h1>{title}</h1>
      <ErrorSummary errors={e} />
      <p>{t('care.residents.minimum')}</p>
      <Form action={action}>
        <Field name="caseCode" label={t('care.resident.caseCode')} hint={t('care.resident.caseCodeHint')} value={v.caseCode} error={e.caseCode} required maxLength={40} autocomplete="off" spellcheck={false} />
        <Field name="name" label={t('care.resident.name')} hint={t('care.resident.nameHint')} value={v.name} error={e.name} optional maxLength={200} autocomplete="off" />
        <Field name="birthYear" label={t('care.resident.birthYear')} type="number" inputMode="numeric" value={v.birthYear} error={e.birthYear} optional />
        <RadioGroup name="gender" legend={t('care.resident.gender')} checked={v.gender || 'undisclosed'} error={e.gender} options={RESIDENT_GENDERS.map((g) => ({ value: g, label: t(`care.gender.${g}`) }))} />
        <SelectField name="countryOfOrigin" label={t('care.resident.countryOfOrigin')} value={v.countryOfOrigin} error={e.countryOfOrigin} emptyLabel={t('care.resident.unknown')} options={countryOptions(locale)} optional />
        <Field name="languages" label={t('care.resident.languages')} hint={t('care.resident.languagesHint')} value={v.languages} error={e.languages} optional maxLength={100} spellcheck={false} />
        <CheckboxField name="mediatorNeeded" label={t('care.resident.mediatorNeeded')} checked={v.mediatorNeeded === 'on'} />
        <Field name="arrivalDate" label={t('care.resident.arrivalDate')} type="date" value={v.arrivalDate} error={e.arrivalDate} optional />
        <CheckboxGroup
          name="vulnerabilities"
          legend={t('care.resident.vulnerabilities')}
          hint={t('care.resident.vulnerabilitiesHint')}
          checked={props.vulnerabilities}
          error={e.vulnerabilities}
          options={props.categories.filter((c) => !c.retired || props.vulnerabilities.includes(c.code)).map((c) => ({ value: c.code, label: nameIn(c.names, locale, c.code) }))}
        />
        <Button>{t('form.save')}</Button>
      </Form>
    </Layout>
  );
}

export function ResidentPage(props: {
  resident: ResidentView;
  basis: CareBasis;
  centre: Organisation;
  categories: Category[];
  consents: ConsentRow[];
  recipients: Organisation[];
  consentValues?: FormValues;
  consentErrors?: FieldErrors;
  eraseError?: string;
  notice?: string | null;
  children?: ComponentChildren;
}) {
  const { t, locale, formatDate } = usePage();
  const r = props.resident;
  const own = props.basis === 'own-organisation';
  const editable = own && !r.anonymisedAt;
  const categories = new Map(props.categories.map((c) => [c.code, c]));
  const cv = props.consentValues ?? {};
  const ce = props.consentErrors ?? {};
  return (
    <Layout title={t('care.resident.title', { code: r.caseCode })}>
      <Breadcrumbs items={careCrumbs(t, ...(own ? [{ href: `/care/centres/${props.centre.id}/residents`, label: props.centre.name }] : []), { label: r.caseCode })} />
      <h1>{t('care.resident.title', { code: r.caseCode })}</h1>
      <CareNotice notice={props.notice} />
      {props.basis === 'break-glass' && <Alert kind="warning">{t('care.breakGlass.active')}</Alert>}
      {r.anonymisedAt && <Alert kind="info">{t('care.resident.anonymised')}</Alert>}
      <section aria-labelledby="resident-details">
        <h2 id="resident-details">{t('care.resident.details')}</h2>
        <Facts
          items={[
            ...(own ? ([[t('care.resident.name'), r.name ?? '—']] as [string, string][]) : []),
            [t('care.resident.centre'), props.centre.name],
            [t('care.resident.birthYear'), r.birthYear ?? '—'],
            [t('care.resident.gender'), t(`care.gender.${r.gender}`)],
            [t('care.resident.countryOfOrigin'), r.countryOfOrigin ? countryName(locale, r.countryOfOrigin) : '—'],
            [t('care.resident.languages'), languagesOf(locale, r.languages) || '—'],
            [t('care.resident.mediatorNeeded'), r.mediatorNeeded ? t('care.yes') : t('care.no')],
            [t('care.resident.arrivalDate'), r.arrivalDate ? day(locale, r.arrivalDate) : '—'],
            [t('care.resident.vulnerabilities'), r.vulnerabilities.map((c) => nameIn(categories.get(c)?.names, locale, c)).join(', ') || '—'],
            [t('care.residents.status'), r.status === 'closed' && r.closedOn ? `${t('care.residents.statusValue.closed')} (${day(locale, r.closedOn)})` : t(`care.residents.statusValue.${r.status}`)],
          ]}
        />
        {editable && (
          <div class="actions">
            <ButtonLink href={`/care/residents/${r.id}/edit`} variant="secondary">
              {t('care.residents.edit')}
            </ButtonLink>
            <Form action={`/care/residents/${r.id}/status`}>
              <input type="hidden" name="status" value={r.status === 'open' ? 'closed' : 'open'} />
              <Button variant="secondary">{r.status === 'open' ? t('care.resident.close') : t('care.resident.reopen')}</Button>
            </Form>
          </div>
        )}
      </section>

      <section aria-labelledby="resident-consents">
        <h2 id="resident-consents">{t('care.consent.title')}</h2>
        <Table
          caption={t('care.consent.caption')}
          rows={props.consents}
          empty={t('care.consent.none')}
          columns={[
            { header: t('care.consent.purpose'), cell: (c) => (c.consent.purpose === 'sharing' ? t('care.consent.purposeSharingWith', { organisation: c.recipient ?? '—' }) : t(`care.consent.purposeValue.${c.consent.purpose}`)) },
            { header: t('care.consent.givenOn'), cell: (c) => day(locale, c.consent.givenOn) },
            { header: t('care.consent.language'), cell: (c) => languageName(locale, c.consent.language) },
            { header: t('care.consent.mediatorPresent'), cell: (c) => (c.consent.mediatorPresent ? t('care.yes') : t('care.no')) },
            {
              header: t('care.consent.state'),
              cell: (c) =>
                c.consent.withdrawnAt ? (
                  t('care.consent.withdrawnOn', { date: formatDate(c.consent.withdrawnAt), channel: t(`care.consent.channel.${c.consent.withdrawalChannel ?? 'other'}`) })
                ) : editable ? (
                  <Form action={`/care/residents/${r.id}/consents/${c.consent.id}/withdraw`} class="inline-form">
                    <span>{t('care.consent.active')}</span>{' '}
                    <label for={`channel-${c.consent.id}`} class="visually-hidden">
                      {t('care.consent.channelLabel')}
                    </label>
                    <select id={`channel-${c.consent.id}`} name="channel">
                      {WITHDRAWAL_CHANNELS.map((ch) => (
                        <option key={ch} value={ch}>
                          {t(`care.consent.channel.${ch}`)}
                        </option>
                      ))}
                    </select>{' '}
                    <Button variant="secondary">{t('care.consent.withdraw')}</Button>
                  </Form>
                ) : (
                  t('care.consent.active')
                ),
            },
          ]}
        />
        {editable && (
          <details class="disclosure" open={Object.keys(ce).length > 0}>
            <summary>{t('care.consent.record')}</summary>
            <ErrorSummary errors={ce} />
            <Form action={`/care/residents/${r.id}/consents`}>
              <RadioGroup name="purpose" legend={t('care.consent.purpose')} checked={cv.purpose} error={ce.purpose} options={CONSENT_PURPOSES.map((p) => ({ value: p, label: t(`care.consent.purposeValue.${p}`) }))} />
              <SelectField name="recipientOrganisationId" label={t('care.consent.recipient')} hint={t('care.consent.recipientHint')} value={cv.recipientOrganisationId} error={ce.recipientOrganisationId} emptyLabel="—" options={props.recipients.map((o) => ({ value: o.id, label: o.name }))} />
              <Field name="givenOn" label={t('care.consent.givenOn')} type="date" value={cv.givenOn ?? new Date().toISOString().slice(0, 10)} error={ce.givenOn} required />
              <Field name="language" label={t('care.consent.language')} hint={t('care.consent.languageHint')} value={cv.language ?? r.languages[0] ?? ''} error={ce.language} required maxLength={20} spellcheck={false} />
              <CheckboxField name="mediatorPresent" label={t('care.consent.mediatorPresent')} checked={cv.mediatorPresent === 'on'} />
              <Button>{t('care.consent.save')}</Button>
            </Form>
          </details>
        )}
      </section>
      {props.children}
      {own && (
        <section aria-labelledby="resident-rights">
          <h2 id="resident-rights">{t('care.subject.title')}</h2>
          <p>{t('care.subject.intro')}</p>
          <Form action={`/care/residents/${r.id}/export`} method="get" class="filters" aria-label={t('care.resident.export')}>
            <SelectField name="lang" label={t('care.subject.language')} value={LOCALES.find((l) => r.languages.includes(l)) ?? locale} options={LOCALES.map((l) => ({ value: l, label: languageName(locale, l) }))} />
            <Button variant="secondary">{t('care.resident.export')}</Button>
          </Form>
          {!r.anonymisedAt && (
            <details class="disclosure" open={!!props.eraseError}>
              <summary>{t('care.subject.erase')}</summary>
              <ErrorSummary errors={props.eraseError ? { confirm: props.eraseError } : {}} />
              <Form action={`/care/residents/${r.id}/erase`}>
                <Field name="confirm" label={t('care.subject.confirm', { code: r.caseCode })} hint={t('care.subject.confirmHint')} error={props.eraseError} required maxLength={60} autocomplete="off" spellcheck={false} />
                <Button variant="danger">{t('care.subject.eraseButton')}</Button>
              </Form>
            </details>
          )}
        </section>
      )}
    </Layout>
  );
}

export function BreakGlassPage(props: { residentId: string; values?: FormValues; errors?: FieldErrors }) {
  const { t } = usePage();
  const e = props.errors ?? {};
  return (
    <Layout title={t('care.breakGlass.title')}>
      <Breadcrumbs items={careCrumbs(t, { label: t('care.breakGlass.title') })} />
      <h1>{t('care.breakGlass.title')}</h1>
      <ErrorSummary errors={e} />
      <Alert kind="warning">{t('care.breakGlass.warning')}</Alert>
      <Form action={`/care/residents/${props.residentId}/break-glass`}>
        <TextAreaField name="reason" label={t('care.breakGlass.reason')} hint={t('care.breakGlass.reasonHint')} value={props.values?.reason} error={e.reason} required maxLength={2000} rows={4} />
        <Field name="password" type="password" label={t('field.yourPassword')} hint={t('field.yourPassword.hint')} error={e.password} autocomplete="current-password" required />
        <Button variant="danger">{t('care.breakGlass.submit')}</Button>
      </Form>
    </Layout>
  );
}

type AuditRow = { entry: { id: number; at: Date; action: string; access: string; basis: string; outcome: string; residentId: string | null; referralId: string | null; requestId: string | null }; actor: string | null; caseCode: string | null; subject: string | null };
type GrantRow = { grant: { id: string; grantedAt: Date; expiresAt: Date }; user: string; caseCode: string; reason: string | null };

export function AuditPage(props: { rows: AuditRow[]; total: number; page: number; pageSize: number; filters: FormValues; errors?: FieldErrors; grants: GrantRow[] }) {
  const { t, formatDate } = usePage();
  const f = props.filters;
  const href = (page: number) => `/care/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(f).filter(([, v]) => v)), page: String(page) })}`;
  return (
    <Layout title={t('care.audit.title')}>
      <Breadcrumbs items={careCrumbs(t, { label: t('care.audit.title') })} />
      <h1>{t('care.audit.title')}</h1>
      <p>{t('care.audit.intro')}</p>
      <ErrorSummary errors={props.errors ?? {}} />
      <section aria-labelledby="audit-break-glass">
        <h2 id="audit-break-glass">{t('care.audit.breakGlass')}</h2>
        <Table
          caption={t('care.audit.breakGlassCaption')}
          rows={props.grants}
          empty={t('care.audit.noBreakGlass')}
          columns={[
            { header: t('care.audit.at'), cell: (g) => formatDate(g.grant.grantedAt, 'datetime') },
            { header: t('care.audit.actor'), cell: (g) => g.user },
            { header: t('care.resident.caseCode'), cell: (g) => g.caseCode },
            { header: t('care.breakGlass.reason'), cell: (g) => g.reason ?? '—' },
          ]}
        />
      </section>
      <section aria-labelledby="audit-trail">
        <h2 id="audit-trail">{t('care.audit.trail')}</h2>
        <Form action="/care/audit" method="get" class="filters" aria-label={t('care.audit.filters')}>
          <Field name="caseCode" label={t('care.resident.caseCode')} value={f.caseCode} error={props.errors?.caseCode} maxLength={40} />
          <Field name="actor" label={t('care.audit.actorEmail')} type="email" value={f.actor} error={props.errors?.actor} />
          <Field name="from" label={t('care.audit.from')} type="date" value={f.from} error={props.errors?.from} />
          <Field name="to" label={t('care.audit.to')} type="date" value={f.to} error={props.errors?.to} />
          <SelectField name="outcome" label={t('care.audit.outcome')} value={f.outcome} emptyLabel={t('care.audit.anyOutcome')} options={(['success', 'denied'] as const).map((o) => ({ value: o, label: t(`care.audit.outcomeValue.${o}`) }))} />
          <Button variant="secondary">{t('search.submit')}</Button>
        </Form>
        <Table
          caption={t('care.audit.count', { count: props.total })}
          rows={props.rows}
          columns={[
            { header: t('care.audit.at'), cell: (r) => formatDate(r.entry.at, 'datetime') },
            { header: t('care.audit.actor'), cell: (r) => r.actor ?? '—' },
            { header: t('care.audit.action'), cell: (r) => <code>{r.entry.action}</code> },
            { header: t('care.audit.access'), cell: (r) => t(`care.audit.accessValue.${r.entry.access}`) },
            { header: t('care.audit.basis'), cell: (r) => t(`care.audit.basisValue.${r.entry.basis}`) },
            { header: t('care.audit.concerning'), cell: (r) => r.caseCode ?? r.subject ?? '—' },
            { header: t('care.audit.outcome'), cell: (r) => t(`care.audit.outcomeValue.${r.entry.outcome}`) },
          ]}
        />
        <Pagination page={props.page} pageSize={props.pageSize} total={props.total} href={href} />
      </section>
    </Layout>
  );
}

export function VulnerabilitiesPage(props: { categories: Category[]; values?: FormValues; errors?: FieldErrors; notice?: string | null }) {
  const { t, locale } = usePage();
  const e = props.errors ?? {};
  return (
    <Layout title={t('care.vulnerabilities.title')}>
      <Breadcrumbs items={careCrumbs(t, { label: t('care.vulnerabilities.title') })} />
      <h1>{t('care.vulnerabilities.title')}</h1>
      <CareNotice notice={props.notice} />
      <p>{t('care.vulnerabilities.intro')}</p>
      <Table
        caption={t('care.vulnerabilities.title')}
        rows={props.categories}
        columns={[
          { header: t('care.vulnerabilities.code'), cell: (c) => <code>{c.code}</code> },
          { header: t('care.vulnerabilities.name'), cell: (c) => nameIn(c.names, locale, c.code) },
          { header: t('care.vulnerabilities.state'), cell: (c) => (c.retired ? t('care.vulnerabilities.retired') : t('care.vulnerabilities.inUse')) },
        ]}
      />
      <h2>{t('care.vulnerabilities.save')}</h2>
      <ErrorSummary errors={e} />
      <Form action="/care/settings/vulnerabilities">
        <Field name="code" label={t('care.vulnerabilities.code')} hint={t('care.vulnerabilities.codeHint')} value={props.values?.code} error={e.code} required maxLength={41} spellcheck={false} />
        {(['en', 'it', 'de', 'es', 'el', 'ar'] as const).map((l) => (
          <Field key={l} name={`names.${l}`} label={t('care.vulnerabilities.nameIn', { language: languageName(locale, l) })} value={props.values?.[`names.${l}`]} error={e[`names.${l}`]} required={l === 'en'} optional={l !== 'en'} maxLength={200} lang={l} dir={l === 'ar' ? 'rtl' : 'ltr'} />
        ))}
        <CheckboxField name="retired" label={t('care.vulnerabilities.retire')} checked={props.values?.retired === 'on'} />
        <Button>{t('form.save')}</Button>
      </Form>
    </Layout>
  );
}
