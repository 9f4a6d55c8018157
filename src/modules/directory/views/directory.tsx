import type { ComponentChildren } from 'preact';
import type { FormValues } from '../../../platform/http/forms.js';
import { languageName, nameIn } from '../../../platform/i18n/index.js';
import { Alert, Breadcrumbs, Button, CheckboxField, CheckboxGroup, ErrorSummary, Facts, Field, FileField, Form, Pagination, SelectField, Table, Tabs, TextAreaField, queryHref, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { countryOptions } from '../../../platform/ui/options.js';
import { Layout } from '../../../platform/ui/layout.js';
import { PHONE_TYPES, SERVICE_STATUSES, WEEKDAYS } from '../schema.js';
import { DIRECTORY_LANGUAGES, LANGUAGE_CODE, SERVICE_FIELDS, type DirectoryListItem, type ServiceDetail } from '../service.js';

export interface Named {
  code: string;
  names: Record<string, string>;
}

/** What the search form holds, as typed (strings), so that the page can show it back. */
export interface SearchForm {
  q?: string;
  need?: string;
  lang?: string;
  region?: string;
  city?: string;
  type?: string;
  open?: boolean;
  referrals?: boolean;
}

function useNames() {
  const { locale } = usePage();
  const named = (list: Named[], code: string) => nameIn(list.find((x) => x.code === code)?.names, locale, code);
  const language = (code: string) => languageName(locale, code);
  return { named, language };
}

const searchParams = (f: SearchForm) => ({ q: f.q, need: f.need, lang: f.lang, region: f.region, city: f.city, type: f.type, open: f.open ? '1' : undefined, referrals: f.referrals ? '1' : undefined });

function VerifiedNote({ at, stale }: { at: Date | null; stale: boolean }) {
  const { t, formatDate } = usePage();
  if (stale) return <strong class="badge badge--warning">{at ? t('directory.staleSince', { date: formatDate(at) }) : t('directory.neverVerified')}</strong>;
  return <span>{t('directory.verifiedOn', { date: formatDate(at!) })}</span>;
}

function ResultCard({ item, types, needs }: { item: DirectoryListItem; types: Named[]; needs: Named[] }) {
  const { t } = usePage();
  const { named, language } = useNames();
  return (
    <li class="directory-result">
      <h3>
        <a href={`/directory/services/${item.id}`}>{item.name}</a>
      </h3>
      <p class="card__meta">
        {named(types, item.typeCode)} · {item.organization}
        {item.status !== 'active' && (
          <>
            {' '}
            <strong class="badge">{t(`directory.status.${item.status}`)}</strong>
          </>
        )}
      </p>
      {item.places.length > 0 && <p class="card__meta">{item.places.join(' · ')}</p>}
      <Facts
        items={[
          ...(item.needs.length ? [[t('directory.needs'), item.needs.map((n) => named(needs, n)).join(', ')] as [string, ComponentChildren]] : []),
          ...(item.mediationLanguages.length ? [[t('directory.mediationLanguages'), item.mediationLanguages.map(language).join(', ')] as [string, ComponentChildren]] : []),
          [t('directory.referrals'), item.acceptsReferrals ? (item.waitingDays !== null ? t('directory.acceptsWithWait', { days: item.waitingDays }) : t('directory.accepts')) : t('directory.noReferrals')],
          [t('directory.verification'), <VerifiedNote at={item.lastVerifiedAt} stale={item.stale} />],
        ]}
      />
    </li>
  );
}

export function DirectoryPage(props: { form: SearchForm; items: DirectoryListItem[]; total: number; more?: boolean; page: number; pageSize: number; types: Named[]; needs: Named[]; regions: { code: string; name: string }[]; canManage: boolean }) {
  const { t, assets, nonce } = usePage();
  const { named, language } = useNames();
  const f = props.form;
  const points = props.items.flatMap((item) => item.points.map(([lat, lon]) => ({ lat: Number(lat), lon: Number(lon), name: item.name, href: `/directory/services/${item.id}` })));
  return (
    <Layout
      title={t('directory.title')}
      head={
        <>
          <link rel="stylesheet" href={assets.map.css} />
          <script type="module" nonce={nonce} src={assets.map.js} />
        </>
      }
    >
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { label: t('directory.title') }]} />
      <h1>{t('directory.title')}</h1>
      <p class="lead">{t('directory.lead')}</p>
      {props.canManage && (
        <p>
          <a href="/directory/manage">{t('directory.manage.title')}</a>
        </p>
      )}
      <Form action="/directory" method="get" class="filters" aria-label={t('directory.search')}>
        <Field name="q" type="search" label={t('directory.q')} value={f.q} maxLength={200} />
        <SelectField name="need" label={t('directory.need')} value={f.need} options={props.needs.map((n) => ({ value: n.code, label: named(props.needs, n.code) }))} emptyLabel={t('admin.all')} />
        <SelectField name="type" label={t('directory.type')} value={f.type} options={props.types.map((n) => ({ value: n.code, label: named(props.types, n.code) }))} emptyLabel={t('admin.all')} />
        <SelectField name="lang" label={t('directory.language')} hint={t('directory.languageHint')} value={f.lang} options={DIRECTORY_LANGUAGES.map((l) => ({ value: l, label: language(l) })).sort((a, b) => a.label.localeCompare(b.label))} emptyLabel={t('admin.all')} />
        <SelectField name="region" label={t('directory.region')} value={f.region} options={props.regions.map((r) => ({ value: r.code, label: r.name }))} emptyLabel={t('admin.all')} />
        <Field name="city" label={t('directory.city')} value={f.city} maxLength={100} />
        <CheckboxField name="open" value="1" label={t('directory.openNow')} checked={!!f.open} />
        <CheckboxField name="referrals" value="1" label={t('directory.acceptsReferrals')} checked={!!f.referrals} />
        <Button variant="secondary">{t('directory.search')}</Button>
      </Form>
      <p role="status">{props.more ? t('directory.countMore', { count: props.total }) : t('directory.count', { count: props.total })}</p>
      {points.length > 0 && (
        <section class="directory-map" data-directory-map data-points={JSON.stringify(points)} aria-label={t('directory.map')} hidden>
          <div class="directory-map__canvas" />
        </section>
      )}
      {props.items.length ? (
        <ul class="directory-results">
          {props.items.map((item) => (
            <ResultCard key={item.id} item={item} types={props.types} needs={props.needs} />
          ))}
        </ul>
      ) : (
        <p>{t('directory.none')}</p>
      )}
      <Pagination page={props.page} pageSize={props.pageSize} total={props.total} href={(n) => queryHref('/directory', { ...searchParams(f), page: n })} />
      <p>
        <a href={queryHref('/directory/export.csv', searchParams(f))} download>
          {t('directory.exportCsv')}
        </a>{' '}
        · <a href="/api/hsds/">{t('directory.hsdsApi')}</a>
      </p>
    </Layout>
  );
}

/** "Mon, Tue, Wed 09:00–13:00" in the reader's language. */
function useHours() {
  const { locale } = usePage();
  const day = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  // 2023-01-01 was a Sunday: WEEKDAYS starts on Sunday.
  const dayName = (code: string) => day.format(new Date(Date.UTC(2023, 0, 1 + WEEKDAYS.indexOf(code as (typeof WEEKDAYS)[number]))));
  const order = (code: string) => (WEEKDAYS.indexOf(code as (typeof WEEKDAYS)[number]) + 6) % 7;
  return (s: ServiceDetail['schedules'][number]) => `${[...s.byday].sort((a, b) => order(a) - order(b)).map(dayName).join(', ')} ${s.opensAt.slice(0, 5)}–${s.closesAt.slice(0, 5)}`;
}

export function ServicePage(props: { detail: ServiceDetail; types: Named[]; needs: Named[]; canPropose: boolean; canManage: boolean; notice?: string | null }) {
  const { t, formatDate, path } = usePage();
  const { named, language } = useNames();
  const hours = useHours();
  const { service: s, organization: o } = props.detail;
  const text = (v: string | null) => (v ? <p class="preserve-lines">{v}</p> : null);
  return (
    <Layout title={s.name}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { href: '/directory', label: t('directory.title') }, { label: s.name }]} />
      {props.notice && (
        <Alert kind="success">
          <p>{t(`directory.notice.${props.notice}`)}</p>
        </Alert>
      )}
      <h1>{s.name}</h1>
      <p class="lead">
        {named(props.types, s.typeCode)} · {o.name}
      </p>
      {props.detail.stale ? (
        <Alert kind="warning" title={t('directory.staleTitle')}>
          <p>{s.lastVerifiedAt ? t('directory.staleBody', { date: formatDate(s.lastVerifiedAt) }) : t('directory.neverVerifiedBody')}</p>
        </Alert>
      ) : (
        <p>{t('directory.verifiedOn', { date: formatDate(s.lastVerifiedAt!) })}</p>
      )}
      {s.status !== 'active' && (
        <Alert kind="warning">
          <p>{t(`directory.status.${s.status}`)}</p>
        </Alert>
      )}
      {o.demo && (
        <Alert kind="info">
          <p>{t('directory.demoEntry')}</p>
        </Alert>
      )}
      {text(s.description)}
      <Facts
        items={[
          [t('directory.needs'), s.needs.map((n) => named(props.needs, n)).join(', ') || '—'],
          [t('directory.mediationLanguages'), s.mediationLanguages.map(language).join(', ') || '—'],
          [t('directory.staffLanguages'), s.staffLanguages.map(language).join(', ') || '—'],
          [t('directory.referrals'), s.acceptsReferrals ? `${t('directory.accepts')}${s.referralMethod ? `: ${s.referralMethod}` : ''}` : t('directory.noReferrals')],
          [t('directory.waiting'), s.waitingDays !== null ? t('directory.days', { days: s.waitingDays }) : '—'],
          [t('directory.catchment'), s.catchmentArea || '—'],
          [t('directory.eligibility'), s.eligibility || '—'],
          [t('directory.applicationProcess'), s.applicationProcess || '—'],
          [t('directory.fees'), s.feesDescription || '—'],
          ...(s.minimumAge !== null || s.maximumAge !== null ? [[t('directory.ages'), `${s.minimumAge ?? 0}–${s.maximumAge ?? '…'}`] as [string, ComponentChildren]] : []),
        ]}
      />
      <h2>{t('directory.contact')}</h2>
      <Facts
        items={[
          ...props.detail.phones.map((ph) => [`${t(`directory.phoneType.${ph.type}`)}${ph.description ? ` (${ph.description})` : ''}`, <a href={`tel:${ph.number.replace(/[^\d+]/g, '')}`}>{ph.number}</a>] as [string, ComponentChildren]),
          ...(s.email ? [[t('directory.email'), <a href={`mailto:${s.email}`}>{s.email}</a>] as [string, ComponentChildren]] : []),
          ...(s.url ? [[t('directory.website'), <a href={s.url} rel="noopener noreferrer">{s.url}</a>] as [string, ComponentChildren]] : []),
        ]}
      />
      {props.detail.schedules.length > 0 && (
        <>
          <h2>{t('directory.hours')}</h2>
          <ul>
            {props.detail.schedules.map((sc) => (
              <li key={sc.id}>
                {hours(sc)}
                {sc.description && ` (${sc.description})`}
                {(sc.validFrom || sc.validTo) && ` · ${t('directory.validBetween', { from: sc.validFrom ?? '…', to: sc.validTo ?? '…' })}`}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('directory.places')}</h2>
      {props.detail.locations.map(({ location: l, region }) => (
        <section key={l.id} class="directory-place">
          <h3>{l.name}</h3>
          <address>
            {l.address}
            <br />
            {[l.postalCode, l.city].filter(Boolean).join(' ')}
            {region && <>, {region}</>}
          </address>
          {l.accessibility && <p>{t('directory.accessibility')}: {l.accessibility}</p>}
          {l.transportation && <p>{t('directory.transportation')}: {l.transportation}</p>}
          {l.latitude !== null && l.longitude !== null && (
            <p>
              <a href={`https://www.openstreetmap.org/?mlat=${l.latitude}&mlon=${l.longitude}#map=17/${l.latitude}/${l.longitude}`} rel="noopener noreferrer">
                {t('directory.onMap')}
              </a>
            </p>
          )}
        </section>
      ))}
      <p class="card__meta">{t('directory.lastChanged', { date: formatDate(s.updatedAt) })}</p>
      <ul class="actions">
        {props.canPropose ? (
          <li>
            <a href={`/directory/services/${s.id}/propose`}>{t('directory.propose.link')}</a>
          </li>
        ) : (
          <li>
            <a href={`/signin?next=${encodeURIComponent(path)}`}>{t('directory.propose.signIn')}</a>
          </li>
        )}
        {props.canManage && (
          <>
            <li>
              <a href={`/directory/manage/services/${s.id}`}>{t('directory.manage.edit')}</a>
            </li>
            <li>
              <a href={`/directory/manage/services/${s.id}/history`}>{t('revisions.title')}</a>
            </li>
          </>
        )}
      </ul>
    </Layout>
  );
}

/** The service's own phone numbers: the rows it has, plus empty ones to add to (at most ten). */
function PhoneRows({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  const { t } = usePage();
  const filled = Array.from({ length: 10 }, (_, i) => i + 1).filter((n) => values[`phone-${n}-number`] || values[`phone-${n}-description`]);
  const rows = Math.min(10, Math.max(3, (filled.at(-1) ?? 0) + 2));
  return (
    <fieldset class="field field--group phone-rows">
      <legend>{t('directory.field.phones')}</legend>
      <p class="field__hint">{t('directory.field.phonesHint')}</p>
      {Array.from({ length: rows }, (_, i) => i + 1).map((n) => (
        <div class="phone-row" key={n}>
          <Field name={`phone-${n}-number`} type="tel" label={t('directory.field.phoneNumber', { n })} value={values[`phone-${n}-number`]} error={errors[`phone-${n}-number`]} optional maxLength={30} />
          <SelectField name={`phone-${n}-type`} label={t('directory.field.phoneType', { n })} value={values[`phone-${n}-type`] || 'voice'} error={errors[`phone-${n}-type`]} options={PHONE_TYPES.map((x) => ({ value: x, label: t(`directory.phoneType.${x}`) }))} />
          <Field name={`phone-${n}-description`} label={t('directory.field.phoneDescription', { n })} value={values[`phone-${n}-description`]} error={errors[`phone-${n}-description`]} optional maxLength={100} />
        </div>
      ))}
    </fieldset>
  );
}

/** Regular weekly hours: up to two intervals a day (morning and afternoon), in the place's local time. */
function HoursGrid({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  const { t, locale } = usePage();
  const day = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  const week = [...WEEKDAYS.slice(1), WEEKDAYS[0]];
  const columns = [
    ['open', 1],
    ['close', 1],
    ['open', 2],
    ['close', 2],
  ] as const;
  const rowErrors = (d: string) => columns.map(([k, n]) => errors[`${k}-${d}-${n}`]).filter(Boolean);
  return (
    <fieldset class="field field--group hours-grid">
      <legend>{t('directory.hours')}</legend>
      <p class="field__hint" id="hours-hint">
        {t('directory.field.hoursHint')}
      </p>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <td />
              {columns.map(([k, n]) => (
                <th scope="col" id={`hours-${k}-${n}`} key={`${k}${n}`}>
                  {t(`directory.field.${k}${n}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {week.map((d) => (
              <tr key={d}>
                <th scope="row" id={`hours-day-${d}`}>
                  {day.format(new Date(Date.UTC(2023, 0, 1 + WEEKDAYS.indexOf(d))))}
                  {rowErrors(d).map((err) => (
                    <span class="field__error" key={err}>
                      <span class="visually-hidden">{t('form.errorPrefix')} </span>
                      {t(err!)}
                    </span>
                  ))}
                </th>
                {columns.map(([k, n]) => {
                  const name = `${k}-${d}-${n}`;
                  return (
                    <td key={name}>
                      <input id={`field-${name}`} name={name} type="time" value={values[name] ?? ''} aria-labelledby={`hours-day-${d} hours-${k}-${n}`} aria-describedby="hours-hint" aria-invalid={errors[name] ? 'true' : undefined} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

/** The editable fields of a service: proposals, the coordinators' edits and verification answers share them. */
export function ServiceFieldsForm(props: {
  action: string;
  values: FormValues & { needs?: string[]; staffLanguages?: string[]; mediationLanguages?: string[] };
  errors: FieldErrors;
  types: Named[];
  needs: Named[];
  submit: string;
  note?: boolean;
  /** Fields that come first in the same form (where a new service is offered). */
  before?: ComponentChildren;
}) {
  const { t } = usePage();
  const { named, language } = useNames();
  const v = props.values;
  const e = props.errors;
  const langs = DIRECTORY_LANGUAGES.map((l) => ({ value: l, label: `${language(l)} (${l})` })).sort((a, b) => a.label.localeCompare(b.label));
  // Codes an entry holds beyond the offered list stay ticked and visible.
  const extra = (chosen: string[] = []) => chosen.filter((c) => LANGUAGE_CODE.test(c) && !(DIRECTORY_LANGUAGES as readonly string[]).includes(c)).map((c) => ({ value: c, label: `${language(c)} (${c})` }));
  return (
    <>
      <ErrorSummary errors={e} />
      <Form action={props.action}>
        {props.before}
        <Field name="name" label={t('directory.field.name')} value={v.name} error={e.name} required maxLength={200} />
        <Field name="alternateName" label={t('directory.field.alternateName')} value={v.alternateName} error={e.alternateName} optional maxLength={200} />
        <SelectField name="typeCode" label={t('directory.type')} value={v.typeCode} error={e.typeCode} options={props.types.map((x) => ({ value: x.code, label: named(props.types, x.code) }))} />
        <SelectField name="status" label={t('directory.field.status')} value={v.status} error={e.status} options={SERVICE_STATUSES.map((s) => ({ value: s, label: t(`directory.status.${s}`) }))} />
        <TextAreaField name="description" label={t('directory.field.description')} value={v.description} error={e.description} optional maxLength={4000} />
        <CheckboxGroup name="needs" legend={t('directory.needs')} checked={v.needs ?? []} error={e.needs} options={props.needs.map((x) => ({ value: x.code, label: named(props.needs, x.code) }))} />
        <CheckboxGroup name="mediationLanguages" legend={t('directory.mediationLanguages')} hint={t('directory.field.mediationHint')} checked={v.mediationLanguages ?? []} error={e.mediationLanguages} options={[...langs, ...extra(v.mediationLanguages)]} />
        <CheckboxGroup name="staffLanguages" legend={t('directory.staffLanguages')} checked={v.staffLanguages ?? []} error={e.staffLanguages} options={[...langs, ...extra(v.staffLanguages)]} />
        <CheckboxField name="acceptsReferrals" label={t('directory.acceptsReferrals')} checked={v.acceptsReferrals === 'on'} error={e.acceptsReferrals} />
        <Field name="referralMethod" label={t('directory.field.referralMethod')} value={v.referralMethod} error={e.referralMethod} optional maxLength={500} />
        <Field name="waitingDays" type="number" inputMode="numeric" label={t('directory.field.waitingDays')} value={v.waitingDays} error={e.waitingDays} optional />
        <Field name="catchmentArea" label={t('directory.catchment')} value={v.catchmentArea} error={e.catchmentArea} optional maxLength={500} />
        <TextAreaField name="eligibility" label={t('directory.eligibility')} value={v.eligibility} error={e.eligibility} optional rows={3} maxLength={2000} />
        <TextAreaField name="applicationProcess" label={t('directory.applicationProcess')} value={v.applicationProcess} error={e.applicationProcess} optional rows={3} maxLength={2000} />
        <Field name="feesDescription" label={t('directory.fees')} value={v.feesDescription} error={e.feesDescription} optional maxLength={500} />
        <PhoneRows values={v} errors={e} />
        <HoursGrid values={v} errors={e} />
        <Field name="email" type="email" label={t('directory.email')} value={v.email} error={e.email} optional maxLength={254} spellcheck={false} />
        <Field name="url" type="url" label={t('directory.website')} value={v.url} error={e.url} optional maxLength={500} spellcheck={false} />
        {props.note && <TextAreaField name="note" label={t('directory.propose.note')} hint={t('directory.propose.noteHint')} value={v.note} error={e.note} optional rows={3} maxLength={2000} />}
        <Button>{props.submit}</Button>
      </Form>
    </>
  );
}

export function ProposePage(props: { detail: ServiceDetail; values: FormValues; errors: FieldErrors; types: Named[]; needs: Named[]; action: string; via?: string }) {
  const { t } = usePage();
  const s = props.detail.service;
  return (
    <Layout title={`${t('directory.propose.title')} · ${s.name}`}>
      <Breadcrumbs
        items={[
          { href: '/directory', label: t('directory.title') },
          props.via ? { href: props.via, label: t('directory.verify.title') } : { href: `/directory/services/${s.id}`, label: s.name },
          { label: t('directory.propose.title') },
        ]}
      />
      <h1>
        {t('directory.propose.title')} <span class="revision-heading__item">· {s.name}</span>
      </h1>
      <p>{t('directory.propose.lead')}</p>
      <ServiceFieldsForm action={props.action} values={props.values} errors={props.errors} types={props.types} needs={props.needs} submit={t('directory.propose.submit')} note />
    </Layout>
  );
}

function ManageFrame(props: { title: string; crumbs?: { href?: string; label: string }[]; children: ComponentChildren }) {
  const { t } = usePage();
  return (
    <Layout title={props.title}>
      <Breadcrumbs items={[{ href: '/directory', label: t('directory.title') }, { href: '/directory/manage', label: t('directory.manage.title') }, ...(props.crumbs ?? [])]} />
      {props.children}
    </Layout>
  );
}

export type ManageTab = 'proposals' | 'stale' | 'organizations';

export function ManagePage(props: {
  tab: ManageTab;
  notice?: string | null;
  pending: number;
  proposals: { id: string; service: string; organization: string; source: string; note: string; createdAt: Date }[];
  stale: { total: number; items: DirectoryListItem[] };
  organizations: { total: number; items: { id: string; name: string; services: number; stale: number; verificationEmail: string | null; verifyEveryDays: number | null; verificationRequestedAt: Date | null }[] };
  page: number;
  pageSize: number;
  q?: string;
}) {
  const { t, formatDate } = usePage();
  return (
    <ManageFrame title={t('directory.manage.title')}>
      <h1>{t('directory.manage.title')}</h1>
      {props.notice && (
        <Alert kind="success">
          <p>{t(`directory.notice.${props.notice}`)}</p>
        </Alert>
      )}
      <p>
        <a href="/directory/manage/import">{t('directory.import.title')}</a>
      </p>
      <Tabs
        label={t('directory.manage.title')}
        items={[
          { href: '/directory/manage', label: t('directory.manage.proposals', { count: props.pending }), current: props.tab === 'proposals' },
          { href: '/directory/manage?tab=stale', label: t('directory.manage.stale', { count: props.stale.total }), current: props.tab === 'stale' },
          { href: '/directory/manage?tab=organizations', label: t('directory.manage.organizations'), current: props.tab === 'organizations' },
        ]}
      />
      {props.tab === 'proposals' && (
        <Table
          caption={t('directory.manage.proposalsCaption')}
          rows={props.proposals}
          empty={t('directory.manage.noProposals')}
          columns={[
            { header: t('directory.field.name'), cell: (r) => <a href={`/directory/manage/proposals/${r.id}`}>{r.service}</a> },
            { header: t('directory.organization'), cell: (r) => r.organization },
            { header: t('directory.manage.source'), cell: (r) => t(`directory.source.${r.source}`) },
            { header: t('directory.propose.note'), cell: (r) => r.note || '—' },
            { header: t('directory.manage.received'), cell: (r) => formatDate(r.createdAt, 'datetime') },
          ]}
        />
      )}
      {props.tab === 'stale' && (
        <>
          <p>{t('directory.manage.staleLead')}</p>
          <Table
            caption={t('directory.manage.staleCaption')}
            rows={props.stale.items}
            empty={t('directory.manage.noStale')}
            columns={[
              { header: t('directory.field.name'), cell: (r) => <a href={`/directory/manage/services/${r.id}`}>{r.name}</a> },
              { header: t('directory.organization'), cell: (r) => r.organization },
              { header: t('directory.verification'), cell: (r) => <VerifiedNote at={r.lastVerifiedAt} stale={r.stale} /> },
            ]}
          />
          <Pagination page={props.page} pageSize={props.pageSize} total={props.stale.total} href={(n) => `/directory/manage?tab=stale&page=${n}`} />
        </>
      )}
      {props.tab === 'organizations' && (
        <>
          <p>
            <a href="/directory/manage/organizations/new">{t('directory.org.new')}</a>
          </p>
          <Form action="/directory/manage" method="get" class="filters" aria-label={t('directory.search')}>
            <input type="hidden" name="tab" value="organizations" />
            <Field name="q" type="search" label={t('directory.field.name')} value={props.q} maxLength={200} />
            <Button variant="secondary">{t('directory.search')}</Button>
          </Form>
          <Table
            caption={t('directory.manage.organizations')}
            rows={props.organizations.items}
            columns={[
              { header: t('directory.organization'), cell: (r) => <a href={`/directory/manage/organizations/${r.id}`}>{r.name}</a> },
              { header: t('directory.manage.services'), numeric: true, cell: (r) => r.services },
              { header: t('directory.manage.staleCount'), numeric: true, cell: (r) => r.stale },
              { header: t('directory.org.every'), cell: (r) => (r.verifyEveryDays ? t('directory.days', { days: r.verifyEveryDays }) : t('directory.org.never')) },
              { header: t('directory.org.lastRequest'), cell: (r) => (r.verificationRequestedAt ? formatDate(r.verificationRequestedAt) : '—') },
            ]}
          />
          <Pagination page={props.page} pageSize={props.pageSize} total={props.organizations.total} href={(n) => queryHref('/directory/manage', { tab: 'organizations', q: props.q, page: n })} />
        </>
      )}
    </ManageFrame>
  );
}

export function EditServicePage(props: { detail: ServiceDetail; values: FormValues; errors: FieldErrors; types: Named[]; needs: Named[]; notice?: string | null }) {
  const { t } = usePage();
  const s = props.detail.service;
  return (
    <ManageFrame title={`${t('directory.manage.edit')} · ${s.name}`} crumbs={[{ href: `/directory/services/${s.id}`, label: s.name }, { label: t('directory.manage.edit') }]}>
      <h1>
        {t('directory.manage.edit')} <span class="revision-heading__item">· {s.name}</span>
      </h1>
      {props.notice && (
        <Alert kind="success">
          <p>{t(`directory.notice.${props.notice}`)}</p>
        </Alert>
      )}
      <p>
        <VerifiedNote at={s.lastVerifiedAt} stale={props.detail.stale} />
      </p>
      <Form action={`/directory/manage/services/${s.id}/verified`}>
        <Button variant="secondary">{t('directory.manage.markVerified')}</Button>
      </Form>
      <p>
        <a href={`/directory/manage/services/${s.id}/history`}>{t('revisions.title')}</a> · <a href={`/directory/manage/organizations/${props.detail.organization.id}`}>{props.detail.organization.name}</a>
      </p>
      <ServiceFieldsForm action={`/directory/manage/services/${s.id}`} values={props.values} errors={props.errors} types={props.types} needs={props.needs} submit={t('directory.manage.save')} />
    </ManageFrame>
  );
}

export function ProposalPage(props: {
  proposal: { id: string; status: string; note: string; source: string; createdAt: Date; reviewNote: string };
  service: { id: string; name: string };
  rows: { field: string; label: string; current: string; proposed: string; changed: boolean }[];
  errors: FieldErrors;
}) {
  const { t, formatDate } = usePage();
  const p = props.proposal;
  return (
    <ManageFrame title={`${t('directory.proposal.title')} · ${props.service.name}`} crumbs={[{ label: t('directory.proposal.title') }]}>
      <h1>
        {t('directory.proposal.title')} <span class="revision-heading__item">· {props.service.name}</span>
      </h1>
      <p>
        {t(`directory.source.${p.source}`)} · {formatDate(p.createdAt, 'datetime')} · <a href={`/directory/services/${props.service.id}`}>{t('directory.proposal.current')}</a>
      </p>
      {p.note && <p class="preserve-lines">{p.note}</p>}
      <Table
        caption={t('directory.proposal.changes')}
        rows={props.rows.filter((r) => r.changed)}
        empty={t('directory.proposal.noChanges')}
        columns={[
          { header: t('directory.proposal.field'), cell: (r) => r.label },
          { header: t('directory.proposal.current'), cell: (r) => <span class="preserve-lines">{r.current || '—'}</span> },
          { header: t('directory.proposal.proposed'), cell: (r) => <span class="preserve-lines">{r.proposed || '—'}</span> },
        ]}
      />
      {p.status === 'pending' ? (
        <>
          <ErrorSummary errors={props.errors} />
          <Form action={`/directory/manage/proposals/${p.id}`}>
            <TextAreaField name="reviewNote" label={t('directory.proposal.reviewNote')} optional rows={3} maxLength={2000} error={props.errors.reviewNote} />
            <Button name="decision" value="accepted">
              {t('directory.proposal.accept')}
            </Button>{' '}
            <Button name="decision" value="rejected" variant="danger">
              {t('directory.proposal.reject')}
            </Button>
          </Form>
        </>
      ) : (
        <Alert kind="info">
          <p>{t(`directory.proposal.${p.status}`)}</p>
          {p.reviewNote && <p>{p.reviewNote}</p>}
        </Alert>
      )}
    </ManageFrame>
  );
}

export function OrganizationPage(props: {
  organization: { id: string; name: string; verificationEmail: string | null; verifyEveryDays: number | null; verificationRequestedAt: Date | null };
  services: DirectoryListItem[];
  requests: { sentAt: Date; sentTo: string; answer: string | null; answeredAt: Date | null; expiresAt: Date }[];
  values: FormValues;
  errors: FieldErrors;
  notice?: string | null;
}) {
  const { t, formatDate } = usePage();
  const o = props.organization;
  return (
    <ManageFrame title={o.name} crumbs={[{ label: o.name }]}>
      <h1>{o.name}</h1>
      {props.notice && (
        <Alert kind="success">
          <p>{t(`directory.notice.${props.notice}`)}</p>
        </Alert>
      )}
      <p>
        <a href={`/directory/manage/organizations/${o.id}/services/new`}>{t('directory.service.new')}</a>
      </p>
      <h2>{t('directory.org.verification')}</h2>
      <p>{t('directory.org.verificationLead')}</p>
      <ErrorSummary errors={props.errors} />
      <Form action={`/directory/manage/organizations/${o.id}`}>
        <Field name="verificationEmail" type="email" label={t('directory.org.email')} value={props.values.verificationEmail} error={props.errors.verificationEmail} optional maxLength={254} spellcheck={false} />
        <SelectField
          name="verifyEveryDays"
          label={t('directory.org.every')}
          value={props.values.verifyEveryDays}
          error={props.errors.verifyEveryDays}
          options={['30', '90', '180', '365'].map((d) => ({ value: d, label: t('directory.days', { days: Number(d) }) }))}
          emptyLabel={t('directory.org.never')}
        />
        <Button>{t('directory.manage.save')}</Button>
      </Form>
      {o.verificationEmail && (
        <Form action={`/directory/manage/organizations/${o.id}/request`}>
          <Button variant="secondary">{t('directory.org.sendNow')}</Button>
        </Form>
      )}
      <Table
        caption={t('directory.org.requests')}
        rows={props.requests}
        empty={t('directory.org.noRequests')}
        columns={[
          { header: t('directory.org.sentAt'), cell: (r) => formatDate(r.sentAt, 'datetime') },
          { header: t('directory.org.sentTo'), cell: (r) => r.sentTo },
          { header: t('directory.org.reply'), cell: (r) => (r.answer ? `${t(`directory.org.answer.${r.answer}`)} (${formatDate(r.answeredAt!)})` : r.expiresAt < new Date() ? t('directory.org.expired') : t('directory.org.waiting')) },
        ]}
      />
      <Table
        caption={t('directory.manage.services')}
        rows={props.services}
        columns={[
          { header: t('directory.field.name'), cell: (r) => <a href={`/directory/manage/services/${r.id}`}>{r.name}</a> },
          { header: t('directory.field.status'), cell: (r) => t(`directory.status.${r.status}`) },
          { header: t('directory.verification'), cell: (r) => <VerifiedNote at={r.lastVerifiedAt} stale={r.stale} /> },
        ]}
      />
    </ManageFrame>
  );
}

export function NewOrganizationPage(props: { values: FormValues; errors: FieldErrors }) {
  const { t } = usePage();
  const v = props.values;
  const e = props.errors;
  return (
    <ManageFrame title={t('directory.org.new')} crumbs={[{ label: t('directory.org.new') }]}>
      <h1>{t('directory.org.new')}</h1>
      <ErrorSummary errors={e} />
      <Form action="/directory/manage/organizations/new">
        <Field name="name" label={t('directory.field.name')} value={v.name} error={e.name} required maxLength={200} />
        <Field name="alternateName" label={t('directory.field.alternateName')} value={v.alternateName} error={e.alternateName} optional maxLength={200} />
        <TextAreaField name="description" label={t('directory.field.description')} value={v.description} error={e.description} optional rows={3} maxLength={4000} />
        <Field name="email" type="email" label={t('directory.email')} value={v.email} error={e.email} optional maxLength={254} spellcheck={false} />
        <Field name="website" type="url" label={t('directory.website')} value={v.website} error={e.website} optional maxLength={500} spellcheck={false} />
        <Button>{t('directory.org.create')}</Button>
      </Form>
    </ManageFrame>
  );
}

/** A new service of an organisation: at one of its places, or at a new one. */
export function NewServicePage(props: { organization: { id: string; name: string }; places: { id: string; label: string }[]; regions: { id: string; name: string }[]; values: FormValues; errors: FieldErrors; types: Named[]; needs: Named[] }) {
  const { t, locale } = usePage();
  const v = props.values;
  const e = props.errors;
  const place = (
    <fieldset class="field field--group">
      <legend>{t('directory.place.legend')}</legend>
      <SelectField name="locationId" label={t('directory.place.existing')} value={v.locationId} error={e.locationId} options={props.places.map((p) => ({ value: p.id, label: p.label }))} emptyLabel={t('directory.place.new')} />
      <p class="field__hint">{t('directory.place.newHint')}</p>
      <Field name="placeName" label={t('directory.place.name')} value={v.placeName} error={e.placeName} optional maxLength={200} />
      <Field name="address" label={t('directory.place.address')} value={v.address} error={e.address} optional maxLength={300} autocomplete="street-address" />
      <Field name="postalCode" label={t('directory.place.postalCode')} value={v.postalCode} error={e.postalCode} optional maxLength={20} autocomplete="postal-code" />
      <Field name="city" label={t('directory.city')} value={v.city} error={e.city} optional maxLength={100} />
      <SelectField name="regionId" label={t('directory.region')} value={v.regionId} error={e.regionId} options={props.regions.map((r) => ({ value: r.id, label: r.name }))} emptyLabel="" optional />
      <SelectField name="country" label={t('directory.place.country')} value={v.country || 'IT'} error={e.country} options={countryOptions(locale)} />
    </fieldset>
  );
  return (
    <ManageFrame title={`${t('directory.service.new')} · ${props.organization.name}`} crumbs={[{ href: `/directory/manage/organizations/${props.organization.id}`, label: props.organization.name }, { label: t('directory.service.new') }]}>
      <h1>
        {t('directory.service.new')} <span class="revision-heading__item">· {props.organization.name}</span>
      </h1>
      <ServiceFieldsForm action={`/directory/manage/organizations/${props.organization.id}/services/new`} values={v} errors={e} types={props.types} needs={props.needs} submit={t('directory.service.create')} before={place} />
    </ManageFrame>
  );
}

export function VerifyPage(props: { token: string; organization: string; services: DirectoryListItem[]; done?: 'confirmed' | null; proposed?: boolean }) {
  const { t } = usePage();
  return (
    <Layout title={t('directory.verify.title')}>
      <h1>
        {t('directory.verify.title')} <span class="revision-heading__item">· {props.organization}</span>
      </h1>
      {props.done === 'confirmed' ? (
        <Alert kind="success">
          <p>{t('directory.verify.thanks')}</p>
        </Alert>
      ) : (
        <>
          {props.proposed && (
            <Alert kind="success">
              <p>{t('directory.notice.proposed')}</p>
            </Alert>
          )}
          <p>{t('directory.verify.lead')}</p>
          <ul>
            {props.services.map((s) => (
              <li key={s.id}>
                <a href={`/directory/services/${s.id}`}>{s.name}</a> ({s.places.join(' · ') || '—'}) · <a href={`/directory/verify/${props.token}/services/${s.id}`}>{t('directory.verify.propose', { name: s.name })}</a>
              </li>
            ))}
          </ul>
          <Form action={`/directory/verify/${props.token}`}>
            <Button>{t('directory.verify.confirm')}</Button>
          </Form>
        </>
      )}
    </Layout>
  );
}

export function VerifyGonePage() {
  const { t } = usePage();
  return (
    <Layout title={t('directory.verify.title')}>
      <h1>{t('directory.verify.title')}</h1>
      <p>{t('directory.verify.gone')}</p>
    </Layout>
  );
}

export function ImportPage(props: { errors: FieldErrors; problems: string[]; result?: { organizations: number; services: number; locations: number } | null }) {
  const { t } = usePage();
  return (
    <ManageFrame title={t('directory.import.title')} crumbs={[{ label: t('directory.import.title') }]}>
      <h1>{t('directory.import.title')}</h1>
      <p>{t('directory.import.lead')}</p>
      {props.result && (
        <Alert kind="success">
          <p>{t('directory.import.done', props.result)}</p>
        </Alert>
      )}
      <ErrorSummary errors={props.errors} />
      {props.problems.length > 0 && (
        <Alert kind="error" title={t('directory.import.problems')}>
          <ul>
            {props.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      )}
      <Form action="/directory/manage/import" enctype="multipart/form-data">
        <FileField name="file" label={t('directory.import.file')} hint={t('directory.import.fileHint')} accept="application/json,.json" error={props.errors.file} required />
        <Button>{t('directory.import.submit')}</Button>
      </Form>
    </ManageFrame>
  );
}

/** Labels of the service fields, for proposals and the history. */
export const FIELD_LABEL_KEYS: Record<(typeof SERVICE_FIELDS)[number], string> = {
  name: 'directory.field.name',
  alternateName: 'directory.field.alternateName',
  description: 'directory.field.description',
  url: 'directory.website',
  email: 'directory.email',
  status: 'directory.field.status',
  typeCode: 'directory.type',
  needs: 'directory.needs',
  staffLanguages: 'directory.staffLanguages',
  mediationLanguages: 'directory.mediationLanguages',
  acceptsReferrals: 'directory.acceptsReferrals',
  referralMethod: 'directory.field.referralMethod',
  waitingDays: 'directory.field.waitingDays',
  catchmentArea: 'directory.catchment',
  eligibility: 'directory.eligibility',
  applicationProcess: 'directory.applicationProcess',
  feesDescription: 'directory.fees',
  phones: 'directory.field.phones',
  hours: 'directory.hours',
};
