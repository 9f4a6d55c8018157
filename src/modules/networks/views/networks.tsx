import type { ComponentChildren } from 'preact';
import { nameIn } from '../../../platform/i18n/index.js';
import type { FormValues } from '../../../platform/http/forms.js';
import { countryName } from '../../../platform/i18n/countries.js';
import { Alert, Breadcrumbs, Button, ButtonLink, CheckboxField, CheckboxGroup, ErrorSummary, Facts, Field, FileField, Form, RadioGroup, SelectField, Table, TextAreaField, useFileSize, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { renderMarkdown } from '../../../platform/ui/markdown.js';
import { countryOptions, localeOptions } from '../../../platform/ui/options.js';
import { AGREEMENT_KINDS, ATTENDANCE, MEETING_STATUSES, MEMBER_ROLES, type networkNews } from '../schema.js';
import { formatMeetingTime, type Action, type ActionRow, type Agreement, type AgreementRow, type Decision, type Meeting, type MemberRow, type Network, type NetworkAccess, type Region } from '../service.js';

interface NetworkFrame {
  network: Network;
  region: Region;
  access: NetworkAccess;
  tz: string;
}
type NewsRow = typeof networkNews.$inferSelect;

/** Markdown written by the network's members, in the network's language, through the sanitising renderer. */
const Markdown = ({ text, lang }: { text: string; lang: string }) => <div class="prose" lang={lang} dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;

function Notice({ notice }: { notice?: string | null }) {
  const { t } = usePage();
  return notice ? <Alert kind="success">{t(`networks.notice.${notice}`)}</Alert> : null;
}

const day = (locale: string, d: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));

function crumbs(t: (k: string) => string, network: Network | null, ...rest: { href?: string; label: string }[]) {
  return [{ href: '/', label: t('nav.home') }, { href: '/networks', label: t('networks.title') }, ...(network ? [{ href: `/networks/${network.slug}`, label: network.name }] : []), ...rest];
}

// ---- Public ------------------------------------------------------------------------------------------

export function NetworksPage(props: { networks: { slug: string; name: string; description: string; region: string; regionCode: string; country: string; members: number }[]; canCreate: boolean }) {
  const { t, locale } = usePage();
  const byCountry = new Map<string, typeof props.networks>();
  for (const n of props.networks) byCountry.set(n.country, [...(byCountry.get(n.country) ?? []), n]);
  return (
    <Layout title={t('networks.title')}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { label: t('networks.title') }]} />
      <h1>{t('networks.title')}</h1>
      <p class="lead">{t('networks.lead')}</p>
      {props.canCreate && (
        <p>
          <a href="/networks/new">{t('networks.new.title')}</a> · <a href="/networks/regions">{t('networks.regions.title')}</a>
        </p>
      )}
      {props.networks.length === 0 && <p>{t('networks.none')}</p>}
      {[...byCountry].map(([country, list]) => (
        <section key={country} aria-labelledby={`country-${country}`}>
          <h2 id={`country-${country}`}>{countryName(locale, country)}</h2>
          <ul class="card-list">
            {list.map((n) => (
              <li key={n.slug} class="card">
                <h3 class="card__title">
                  <a href={`/networks/${n.slug}`}>{n.name}</a>
                </h3>
                <p class="card__meta">
                  {n.region} ({n.regionCode}) · {t('networks.memberCount', { count: n.members })}
                </p>
                {n.description && <p>{n.description.split('\n')[0]}</p>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}

export function NetworkPage(
  props: NetworkFrame & {
    members: MemberRow[];
    news: NewsRow[];
    agreements: AgreementRow[];
    upcoming: { id: string; title: string; startsAt: Date; endsAt: Date }[];
    types: { code: string; names: Record<string, string> }[];
  },
) {
  const { t, locale, formatDate } = usePage();
  const n = props.network;
  const typeName = (code: string) => nameIn(props.types.find((x) => x.code === code)?.names, locale, code);
  return (
    <Layout title={n.name}>
      <Breadcrumbs items={crumbs(t, null, { label: n.name })} />
      <h1>{n.name}</h1>
      <Facts
        items={[
          [t('networks.region'), `${props.region.name} (${props.region.code}), ${countryName(locale, props.region.country)}`],
          ...(n.contactEmail ? [[t('networks.contact'), <a href={`mailto:${n.contactEmail}`}>{n.contactEmail}</a>] as [string, ComponentChildren]] : []),
        ]}
      />
      {n.description && (
        <div lang={n.locale}>
          {n.description.split(/\n{2,}/).map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </div>
      )}
      {props.access.member && (
        <p>
          <ButtonLink href={`/networks/${n.slug}/space`} variant="primary">
            {t('networks.space.open')}
          </ButtonLink>
        </p>
      )}
      {props.access.manager && (
        <p>
          <a href={`/networks/${n.slug}/edit`}>{t('networks.edit.title')}</a> · <a href={`/networks/${n.slug}/members`}>{t('networks.members.manage')}</a>
        </p>
      )}

      <section aria-labelledby="members">
        <h2 id="members">{t('networks.members.title')}</h2>
        {props.members.length ? (
          <ul class="network-members">
            {props.members.map((m) => (
              <li key={m.organisationId} data-organisation={m.organisationId}>
                {m.name} <span class="card__meta">({typeName(m.typeCode)})</span>
                {m.role === 'coordinator' && (
                  <>
                    {' '}
                    <strong class="badge">{t('networks.role.coordinator')}</strong>
                  </>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('networks.members.none')}</p>
        )}
      </section>

      <section aria-labelledby="upcoming">
        <h2 id="upcoming">{t('networks.meetings.upcoming')}</h2>
        {props.upcoming.length ? (
          <ul>
            {props.upcoming.map((m) => (
              <li key={m.id}>
                <time dateTime={m.startsAt.toISOString()}>{formatMeetingTime(locale, m, props.tz)}</time> — <span lang={n.locale}>{m.title}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('networks.meetings.noneUpcoming')}</p>
        )}
      </section>

      <section aria-labelledby="news">
        <h2 id="news">{t('networks.news.title')}</h2>
        {props.news.length ? props.news.map((x) => <NewsItem key={x.id} item={x} lang={n.locale} formatDate={formatDate} />) : <p>{t('networks.news.none')}</p>}
      </section>

      {props.agreements.length > 0 && (
        <section aria-labelledby="agreements">
          <h2 id="agreements">{t('networks.agreements.title')}</h2>
          <AgreementList network={n} agreements={props.agreements} members={props.members} canDownload={props.access.member} />
        </section>
      )}
    </Layout>
  );
}

function NewsItem({ item, lang, formatDate, editHref }: { item: NewsRow; lang: string; formatDate: (d: Date) => string; editHref?: string }) {
  const { t } = usePage();
  return (
    <article class="network-news" data-news={item.id}>
      <h3 lang={lang}>{item.title}</h3>
      <p class="card__meta">
        <time dateTime={item.publishedAt.toISOString()}>{formatDate(item.publishedAt)}</time>
        {!item.public && (
          <>
            {' '}
            <strong class="badge">{t('networks.membersOnly')}</strong>
          </>
        )}
        {editHref && (
          <>
            {' '}
            · <a href={editHref}>{t('networks.news.edit')}</a>
          </>
        )}
      </p>
      <Markdown text={item.body} lang={lang} />
    </article>
  );
}

function AgreementList({ network, agreements, members, canDownload, canEdit }: { network: Network; agreements: AgreementRow[]; members: { organisationId: string; name: string }[]; canDownload: boolean; canEdit?: boolean }) {
  const { t, locale } = usePage();
  const size = useFileSize();
  const nameOf = (id: string) => members.find((m) => m.organisationId === id)?.name ?? t('networks.formerMember');
  return (
    <ul class="network-agreements">
      {agreements.map(({ agreement: a, file }) => (
        <li key={a.id} data-agreement={a.id}>
          <strong lang={network.locale}>{a.title}</strong> <span class="badge">{t(`networks.agreementKind.${a.kind}`)}</span>
          {!a.public && (
            <>
              {' '}
              <span class="badge">{t('networks.membersOnly')}</span>
            </>
          )}
          {a.summary && <p lang={network.locale}>{a.summary}</p>}
          <p class="card__meta">
            {[
              a.parties.length ? t('networks.agreements.parties', { parties: a.parties.map(nameOf).join(', ') }) : '',
              a.signedOn ? t('networks.agreements.signed', { date: day(locale, a.signedOn) }) : '',
              a.validUntil ? t('networks.agreements.validUntil', { date: day(locale, a.validUntil) }) : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          {file && canDownload && (
            <p>
              <a href={`/networks/${network.slug}/agreements/${a.id}/file`}>{t('networks.agreements.download', { name: file.name, size: size(file.size) })}</a>
            </p>
          )}
          {canEdit && (
            <p>
              <a href={`/networks/${network.slug}/agreements/${a.id}/edit`}>{t('networks.agreements.edit')}</a>
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

// ---- Working space -----------------------------------------------------------------------------------

export function SpacePage(props: NetworkFrame & { meetings: Meeting[]; actions: ActionRow[]; agreements: AgreementRow[]; news: NewsRow[]; members: MemberRow[]; userId: string; notice: string | null }) {
  const { t, locale, formatDate } = usePage();
  const n = props.network;
  const base = `/networks/${n.slug}`;
  return (
    <Layout title={`${t('networks.space.title')} · ${n.name}`}>
      <Breadcrumbs items={crumbs(t, n, { label: t('networks.space.title') })} />
      <h1>
        {t('networks.space.title')}: {n.name}
      </h1>
      <Notice notice={props.notice} />
      {props.access.manager && (
        <p>
          <ButtonLink href={`${base}/meetings/new`}>{t('networks.meetings.new')}</ButtonLink> <ButtonLink href={`${base}/agreements/new`}>{t('networks.agreements.new')}</ButtonLink>{' '}
          <ButtonLink href={`${base}/news/new`}>{t('networks.news.new')}</ButtonLink> <ButtonLink href={`${base}/members`}>{t('networks.members.manage')}</ButtonLink>
        </p>
      )}
      <section aria-labelledby="meetings">
        <h2 id="meetings">{t('networks.meetings.title')}</h2>
        <Table
          caption={t('networks.meetings.title')}
          rows={props.meetings}
          empty={t('networks.meetings.none')}
          columns={[
            { header: t('networks.meetings.when'), cell: (m) => formatMeetingTime(locale, m, props.tz) },
            { header: t('networks.meetings.field.title'), cell: (m) => <a href={`${base}/meetings/${m.id}`}>{m.title}</a> },
            { header: t('networks.meetings.field.status'), cell: (m) => t(`networks.meetingStatus.${m.status}`) },
          ]}
        />
      </section>
      <section aria-labelledby="actions">
        <h2 id="actions">{t('networks.actions.title')}</h2>
        <ActionTable network={n} actions={props.actions} userId={props.userId} manager={props.access.manager} organisationIds={props.access.organisationIds} />
      </section>
      <section aria-labelledby="agreements">
        <h2 id="agreements">{t('networks.agreements.title')}</h2>
        {props.agreements.length ? <AgreementList network={n} agreements={props.agreements} members={props.members} canDownload canEdit={props.access.manager} /> : <p>{t('networks.agreements.none')}</p>}
      </section>
      <section aria-labelledby="news">
        <h2 id="news">{t('networks.news.title')}</h2>
        {props.news.length ? (
          props.news.map((x) => <NewsItem key={x.id} item={x} lang={n.locale} formatDate={formatDate} editHref={props.access.manager ? `${base}/news/${x.id}/edit` : undefined} />)
        ) : (
          <p>{t('networks.news.none')}</p>
        )}
      </section>
    </Layout>
  );
}

function ActionTable(props: { network: Network; actions: ActionRow[]; userId: string; manager: boolean; organisationIds: string[]; from?: 'meeting' }) {
  const { t, locale } = usePage();
  const mayMark = (a: ActionRow['action']) => props.manager || (a.ownerUserId ? a.ownerUserId === props.userId : !!a.ownerOrganisationId && props.organisationIds.includes(a.ownerOrganisationId));
  return (
    <Table
      caption={t('networks.actions.title')}
      rows={props.actions}
      empty={t('networks.actions.none')}
      columns={[
        { header: t('networks.actions.field.title'), cell: (r) => <span lang={props.network.locale}>{r.action.title}</span> },
        { header: t('networks.actions.owner'), cell: (r) => [r.ownerName, r.ownerOrganisation].filter(Boolean).join(', ') },
        { header: t('networks.actions.field.dueOn'), cell: (r) => day(locale, r.action.dueOn) },
        ...(props.manager ? [{ header: '', cell: (r: ActionRow) => <a href={`/networks/${props.network.slug}/actions/${r.action.id}/edit`}>{t('networks.actions.edit')}</a> }] : []),
        {
          header: t('networks.actions.state'),
          cell: (r) => (
            <>
              {r.action.doneAt ? t('networks.actions.done') : t('networks.actions.open')}
              {mayMark(r.action) && (
                <Form action={`/networks/${props.network.slug}/actions/${r.action.id}/done`} class="inline-form">
                  <input type="hidden" name="done" value={r.action.doneAt ? 'false' : 'true'} />
                  {props.from && <input type="hidden" name="from" value={props.from} />}
                  <Button variant="link">{r.action.doneAt ? t('networks.actions.reopen') : t('networks.actions.markDone')}</Button>
                </Form>
              )}
            </>
          ),
        },
      ]}
    />
  );
}

export interface MeetingForms {
  attendance?: { values: FormValues; errors: FieldErrors };
  decision?: { values: FormValues; errors: FieldErrors };
  action?: { values: FormValues; errors: FieldErrors };
}

export function MeetingPage(
  props: NetworkFrame & {
    meeting: Meeting;
    record: { attendance: { organisationId: string; status: string; attendees: string }[]; decisions: { id: string; text: string }[]; actions: ActionRow[] };
    members: MemberRow[];
    owners: { id: string; name: string }[];
    userId: string;
    forms: MeetingForms;
    notice: string | null;
  },
) {
  const { t, locale } = usePage();
  const n = props.network;
  const m = props.meeting;
  const base = `/networks/${n.slug}/meetings/${m.id}`;
  const attendanceOf = (org: string) => props.record.attendance.find((a) => a.organisationId === org);
  const shown = props.members.filter((x) => !x.leftOn || attendanceOf(x.organisationId));
  const errors = { ...props.forms.attendance?.errors, ...props.forms.decision?.errors, ...props.forms.action?.errors };
  return (
    <Layout title={`${m.title} · ${n.name}`}>
      <Breadcrumbs items={crumbs(t, n, { href: `/networks/${n.slug}/space`, label: t('networks.space.title') }, { label: m.title })} />
      <h1 lang={n.locale}>{m.title}</h1>
      <Notice notice={props.notice} />
      <ErrorSummary errors={errors} />
      <Facts
        items={[
          [t('networks.meetings.when'), formatMeetingTime(locale, m, props.tz)],
          [t('networks.meetings.field.status'), t(`networks.meetingStatus.${m.status}`)],
          ...(m.place ? [[t('networks.meetings.field.place'), m.place] as [string, ComponentChildren]] : []),
          ...(m.onlineUrl ? [[t('networks.meetings.field.onlineUrl'), <a href={m.onlineUrl}>{m.onlineUrl}</a>] as [string, ComponentChildren]] : []),
        ]}
      />
      <p>
        <a href={`${base}.ics`}>{t('networks.meetings.calendar')}</a>
        {props.access.manager && (
          <>
            {' '}
            · <a href={`${base}/edit`}>{t('networks.meetings.edit')}</a>
          </>
        )}
      </p>
      <section aria-labelledby="agenda">
        <h2 id="agenda">{t('networks.meetings.field.agenda')}</h2>
        {m.agenda ? <Markdown text={m.agenda} lang={n.locale} /> : <p>{t('networks.meetings.noAgenda')}</p>}
      </section>
      <section aria-labelledby="minutes">
        <h2 id="minutes">{t('networks.meetings.field.minutes')}</h2>
        {m.minutes ? (
          <div data-minutes>
            <Markdown text={m.minutes} lang={n.locale} />
          </div>
        ) : (
          <p>{t('networks.meetings.noMinutes')}</p>
        )}
      </section>

      <section aria-labelledby="attendance">
        <h2 id="attendance">{t('networks.attendance.title')}</h2>
        {props.access.manager ? (
          <Form action={`${base}/attendance`}>
            <Table
              caption={t('networks.attendance.title')}
              rows={shown}
              columns={[
                { header: t('networks.attendance.organisation'), cell: (o) => o.name },
                {
                  header: t('networks.attendance.status'),
                  cell: (o) => (
                    <SelectField
                      name={`status-${o.organisationId}`}
                      label={t('networks.attendance.statusOf', { organisation: o.name })}
                      value={props.forms.attendance?.values[`status-${o.organisationId}`] ?? attendanceOf(o.organisationId)?.status ?? ''}
                      error={props.forms.attendance?.errors[`status-${o.organisationId}`]}
                      emptyLabel={t('networks.attendance.notRecorded')}
                      options={ATTENDANCE.map((a) => ({ value: a, label: t(`networks.attendance.${a}`) }))}
                    />
                  ),
                },
                {
                  header: t('networks.attendance.attendees'),
                  cell: (o) => (
                    <Field
                      name={`attendees-${o.organisationId}`}
                      label={t('networks.attendance.attendeesOf', { organisation: o.name })}
                      value={props.forms.attendance?.values[`attendees-${o.organisationId}`] ?? attendanceOf(o.organisationId)?.attendees ?? ''}
                      error={props.forms.attendance?.errors[`attendees-${o.organisationId}`]}
                      maxLength={500}
                    />
                  ),
                },
              ]}
            />
            <Button>{t('networks.attendance.save')}</Button>
          </Form>
        ) : (
          <Table
            caption={t('networks.attendance.title')}
            rows={props.record.attendance.map((a) => ({ ...a, name: props.members.find((x) => x.organisationId === a.organisationId)?.name ?? '' }))}
            empty={t('networks.attendance.none')}
            columns={[
              { header: t('networks.attendance.organisation'), cell: (a) => a.name },
              { header: t('networks.attendance.status'), cell: (a) => t(`networks.attendance.${a.status}`) },
              { header: t('networks.attendance.attendees'), cell: (a) => a.attendees },
            ]}
          />
        )}
      </section>

      <section aria-labelledby="decisions">
        <h2 id="decisions">{t('networks.decisions.title')}</h2>
        {props.record.decisions.length ? (
          <ol>
            {props.record.decisions.map((d) => (
              <li key={d.id} data-decision={d.id}>
                <span lang={n.locale}>{d.text}</span>
                {props.access.manager && (
                  <>
                    {' '}
                    · <a href={`/networks/${n.slug}/decisions/${d.id}/edit`}>{t('networks.decisions.edit')}</a>
                  </>
                )}
              </li>
            ))}
          </ol>
        ) : (
          <p>{t('networks.decisions.none')}</p>
        )}
        {props.access.manager && (
          <Form action={`${base}/decisions`}>
            <TextAreaField name="decision" label={t('networks.decisions.add')} rows={3} maxLength={2000} value={props.forms.decision?.values.decision} error={props.forms.decision?.errors.decision} />
            <Button variant="secondary">{t('networks.decisions.addButton')}</Button>
          </Form>
        )}
      </section>

      <section aria-labelledby="actions">
        <h2 id="actions">{t('networks.actions.title')}</h2>
        <ActionTable network={n} actions={props.record.actions} userId={props.userId} manager={props.access.manager} organisationIds={props.access.organisationIds} from="meeting" />
        {props.access.manager && (
          <Form action={`${base}/actions`}>
            <h3>{t('networks.actions.add')}</h3>
            <Field name="title" label={t('networks.actions.field.title')} value={props.forms.action?.values.title} error={props.forms.action?.errors.title} maxLength={300} />
            <SelectField
              name="ownerUserId"
              label={t('networks.actions.field.ownerUser')}
              value={props.forms.action?.values.ownerUserId}
              error={props.forms.action?.errors.ownerUserId}
              emptyLabel={t('networks.actions.nobody')}
              options={props.owners.map((u) => ({ value: u.id, label: u.name }))}
            />
            <SelectField
              name="ownerOrganisationId"
              label={t('networks.actions.field.ownerOrganisation')}
              value={props.forms.action?.values.ownerOrganisationId}
              error={props.forms.action?.errors.ownerOrganisationId}
              emptyLabel={t('networks.actions.nobody')}
              options={props.members.filter((x) => !x.leftOn).map((o) => ({ value: o.organisationId, label: o.name }))}
            />
            <Field name="dueOn" type="date" label={t('networks.actions.field.dueOn')} hint={t('networks.dateHint')} value={props.forms.action?.values.dueOn} error={props.forms.action?.errors.dueOn} />
            <Button variant="secondary">{t('networks.actions.addButton')}</Button>
          </Form>
        )}
      </section>
    </Layout>
  );
}

// ---- Management forms --------------------------------------------------------------------------------

export function MeetingFormPage(props: NetworkFrame & { meeting?: Meeting; values: FormValues; errors: FieldErrors }) {
  const { t } = usePage();
  const n = props.network;
  const v = props.values;
  const e = props.errors;
  const title = props.meeting ? t('networks.meetings.edit') : t('networks.meetings.new');
  return (
    <Layout title={`${title} · ${n.name}`}>
      <Breadcrumbs items={crumbs(t, n, { href: `/networks/${n.slug}/space`, label: t('networks.space.title') }, { label: title })} />
      <h1>{title}</h1>
      <ErrorSummary errors={e} />
      <Form action={props.meeting ? `/networks/${n.slug}/meetings/${props.meeting.id}/edit` : `/networks/${n.slug}/meetings/new`}>
        <Field name="title" label={t('networks.meetings.field.title')} value={v.title} error={e.title} maxLength={200} required />
        <Field name="startsAt" label={t('networks.meetings.field.startsAt')} hint={t('networks.meetings.timeHint', { zone: props.tz })} value={v.startsAt} error={e.startsAt} required />
        <Field name="endsAt" label={t('networks.meetings.field.endsAt')} hint={t('networks.meetings.timeHint', { zone: props.tz })} value={v.endsAt} error={e.endsAt} required />
        <Field name="place" label={t('networks.meetings.field.place')} hint={t('networks.meetings.placeHint')} value={v.place} error={e.place} maxLength={300} />
        <Field name="onlineUrl" type="url" label={t('networks.meetings.field.onlineUrl')} value={v.onlineUrl} error={e.onlineUrl} maxLength={500} />
        <TextAreaField name="agenda" label={t('networks.meetings.field.agenda')} hint={t('networks.markdownHint')} value={v.agenda} error={e.agenda} rows={8} lang={n.locale} />
        {props.meeting && (
          <>
            <TextAreaField name="minutes" label={t('networks.meetings.field.minutes')} hint={t('networks.markdownHint')} value={v.minutes} error={e.minutes} rows={14} lang={n.locale} />
            <RadioGroup name="status" legend={t('networks.meetings.field.status')} checked={v.status} error={e.status} options={MEETING_STATUSES.map((s) => ({ value: s, label: t(`networks.meetingStatus.${s}`) }))} />
          </>
        )}
        <Button>{t('networks.save')}</Button>
      </Form>
    </Layout>
  );
}

export function NetworkFormPage(props: { mode: 'new' | 'edit'; network?: Network; regions: { value: string; label: string }[]; values: FormValues; errors: FieldErrors }) {
  const { t } = usePage();
  const v = props.values;
  const e = props.errors;
  const title = props.mode === 'new' ? t('networks.new.title') : t('networks.edit.title');
  return (
    <Layout title={title}>
      <Breadcrumbs items={crumbs(t, props.network ?? null, { label: title })} />
      <h1>{title}</h1>
      <ErrorSummary errors={e} />
      <Form action={props.mode === 'new' ? '/networks/new' : `/networks/${props.network!.slug}/edit`}>
        {props.mode === 'new' && (
          <>
            <SelectField name="regionId" label={t('networks.region')} value={v.regionId} error={e.regionId} options={props.regions} emptyLabel="" />
            <p>
              <a href="/networks/regions">{t('networks.regions.add')}</a>
            </p>
            <Field name="slug" label={t('networks.field.slug')} hint={t('networks.field.slugHint')} value={v.slug} error={e.slug} maxLength={80} required />
          </>
        )}
        <Field name="name" label={t('networks.field.name')} value={v.name} error={e.name} maxLength={200} required />
        <SelectField name="locale" label={t('networks.field.locale')} value={v.locale} error={e.locale} options={localeOptions()} />
        <TextAreaField name="description" label={t('networks.field.description')} value={v.description} error={e.description} rows={6} maxLength={4000} />
        <Field name="contactEmail" type="email" label={t('networks.contact')} value={v.contactEmail} error={e.contactEmail} optional />
        <Button>{t('networks.save')}</Button>
      </Form>
    </Layout>
  );
}

export function MembersPage(props: NetworkFrame & { members: MemberRow[]; candidates: { id: string; name: string; country: string }[]; values: FormValues; errors: FieldErrors; notice: string | null }) {
  const { t, locale } = usePage();
  const n = props.network;
  const active = props.members.filter((m) => !m.leftOn);
  const former = props.members.filter((m) => m.leftOn);
  const action = (org: string) => `/networks/${n.slug}/members/${org}`;
  return (
    <Layout title={`${t('networks.members.manage')} · ${n.name}`}>
      <Breadcrumbs items={crumbs(t, n, { label: t('networks.members.manage') })} />
      <h1>{t('networks.members.manage')}</h1>
      <Notice notice={props.notice} />
      <ErrorSummary errors={props.errors} />
      <Table
        caption={t('networks.members.title')}
        rows={active}
        empty={t('networks.members.none')}
        columns={[
          { header: t('networks.attendance.organisation'), cell: (m) => m.name },
          { header: t('networks.members.joined'), cell: (m) => day(locale, m.joinedOn) },
          {
            header: t('networks.members.role'),
            cell: (m) => (
              <Form action={action(m.organisationId)} class="inline-form">
                <input type="hidden" name="change" value="role" />
                <SelectField name="role" label={t('networks.members.roleOf', { organisation: m.name })} value={m.role} options={MEMBER_ROLES.map((r) => ({ value: r, label: t(`networks.role.${r}`) }))} />
                <Button variant="secondary">{t('networks.save')}</Button>
              </Form>
            ),
          },
          {
            header: '',
            cell: (m) => (
              <Form action={action(m.organisationId)} class="inline-form">
                <input type="hidden" name="change" value="remove" />
                <Button variant="danger">{t('networks.members.remove')}</Button>
              </Form>
            ),
          },
        ]}
      />
      <h2>{t('networks.members.add')}</h2>
      <Form action={`/networks/${n.slug}/members`}>
        <SelectField name="organisationId" label={t('networks.attendance.organisation')} value={props.values.organisationId} error={props.errors.organisationId} emptyLabel="" options={props.candidates.map((c) => ({ value: c.id, label: `${c.name} (${c.country})` }))} />
        <RadioGroup name="role" legend={t('networks.members.role')} checked={props.values.role} error={props.errors.role} options={MEMBER_ROLES.map((r) => ({ value: r, label: t(`networks.role.${r}`) }))} />
        <Button>{t('networks.members.addButton')}</Button>
      </Form>
      {former.length > 0 && (
        <>
          <h2>{t('networks.members.former')}</h2>
          <ul>
            {former.map((m) => (
              <li key={m.organisationId}>
                {m.name} ({t('networks.members.leftOn', { date: day(locale, m.leftOn!) })})
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

export function AgreementFormPage(
  props: NetworkFrame & { members: MemberRow[]; agreement?: Agreement; file?: { name: string; size: number } | null; values: FormValues; errors: FieldErrors; checked: string[] },
) {
  const { t } = usePage();
  const size = useFileSize();
  const n = props.network;
  const v = props.values;
  const e = props.errors;
  const a = props.agreement;
  const title = a ? t('networks.agreements.edit') : t('networks.agreements.new');
  return (
    <Layout title={`${title} · ${n.name}`}>
      <Breadcrumbs items={crumbs(t, n, { href: `/networks/${n.slug}/space`, label: t('networks.space.title') }, { label: title })} />
      <h1>{title}</h1>
      <ErrorSummary errors={e} />
      <Form action={a ? `/networks/${n.slug}/agreements/${a.id}/edit` : `/networks/${n.slug}/agreements/new`} enctype="multipart/form-data">
        <RadioGroup name="kind" legend={t('networks.agreements.kind')} checked={v.kind} error={e.kind} options={AGREEMENT_KINDS.map((k) => ({ value: k, label: t(`networks.agreementKind.${k}`) }))} />
        <Field name="title" label={t('networks.agreements.field.title')} value={v.title} error={e.title} maxLength={300} required />
        <TextAreaField name="summary" label={t('networks.agreements.field.summary')} value={v.summary} error={e.summary} rows={4} maxLength={4000} />
        <CheckboxGroup name="parties" legend={t('networks.agreements.field.parties')} checked={props.checked} error={e.parties} options={props.members.map((m) => ({ value: m.organisationId, label: m.name }))} />
        <Field name="signedOn" type="date" label={t('networks.agreements.field.signedOn')} hint={t('networks.dateHint')} value={v.signedOn} error={e.signedOn} optional />
        <Field name="validUntil" type="date" label={t('networks.agreements.field.validUntil')} hint={t('networks.dateHint')} value={v.validUntil} error={e.validUntil} optional />
        {a && props.file && <p data-current-file>{t('networks.agreements.currentFile', { name: props.file.name, size: size(props.file.size) })}</p>}
        <FileField
          name="file"
          label={a && props.file ? t('networks.agreements.field.replaceFile') : t('networks.agreements.field.file')}
          hint={a ? t('networks.agreements.replaceHint') : t('networks.agreements.fileHint')}
          accept=".pdf,.odt,.docx"
          error={e.file}
        />
        {a && props.file && <CheckboxField name="removeFile" label={t('networks.agreements.field.removeFile')} checked={v.removeFile === 'on' || v.removeFile === 'true'} />}
        <CheckboxField name="public" label={t('networks.agreements.field.public')} hint={t('networks.agreements.publicHint')} checked={v.public === 'on' || v.public === 'true'} />
        <Button>{a ? t('networks.save') : t('networks.agreements.upload')}</Button>
      </Form>
      {a && <DeleteSection action={`/networks/${n.slug}/agreements/${a.id}/delete`} explanation={t('networks.agreements.deleteExplanation')} error={e.confirm} />}
    </Layout>
  );
}

export function NewsFormPage(props: NetworkFrame & { news?: NewsRow; values: FormValues; errors: FieldErrors }) {
  const { t } = usePage();
  const n = props.network;
  const v = props.values;
  const e = props.errors;
  const title = props.news ? t('networks.news.edit') : t('networks.news.new');
  return (
    <Layout title={`${title} · ${n.name}`}>
      <Breadcrumbs items={crumbs(t, n, { href: `/networks/${n.slug}/space`, label: t('networks.space.title') }, { label: title })} />
      <h1>{title}</h1>
      <ErrorSummary errors={e} />
      <Form action={props.news ? `/networks/${n.slug}/news/${props.news.id}/edit` : `/networks/${n.slug}/news/new`}>
        <Field name="title" label={t('networks.news.field.title')} value={v.title} error={e.title} maxLength={200} required lang={n.locale} />
        <TextAreaField name="body" label={t('networks.news.field.body')} hint={t('networks.markdownHint')} value={v.body} error={e.body} rows={10} lang={n.locale} />
        <CheckboxField name="public" label={t('networks.news.field.public')} hint={t('networks.news.publicHint')} checked={v.public === 'on' || v.public === 'true'} />
        <Button>{props.news ? t('networks.save') : t('networks.news.publish')}</Button>
      </Form>
      {props.news && <DeleteSection action={`/networks/${n.slug}/news/${props.news.id}/delete`} explanation={t('networks.news.deleteExplanation')} error={e.confirm} />}
    </Layout>
  );
}

export function DecisionFormPage(props: NetworkFrame & { meeting: Meeting; decision: Decision; values: FormValues; errors: FieldErrors }) {
  const { t } = usePage();
  const n = props.network;
  const meetingHref = `/networks/${n.slug}/meetings/${props.meeting.id}`;
  const title = t('networks.decisions.edit');
  return (
    <Layout title={`${title} · ${props.meeting.title}`}>
      <Breadcrumbs items={crumbs(t, n, { href: `/networks/${n.slug}/space`, label: t('networks.space.title') }, { href: meetingHref, label: props.meeting.title }, { label: title })} />
      <h1>{title}</h1>
      <ErrorSummary errors={props.errors} />
      <Form action={`/networks/${n.slug}/decisions/${props.decision.id}/edit`}>
        <TextAreaField name="decision" label={t('networks.decisions.field.text')} rows={4} maxLength={2000} value={props.values.decision} error={props.errors.decision} lang={n.locale} />
        <Button>{t('networks.save')}</Button>
      </Form>
      <DeleteSection action={`/networks/${n.slug}/decisions/${props.decision.id}/delete`} explanation={t('networks.decisions.deleteExplanation')} error={props.errors.confirm} />
    </Layout>
  );
}

export function ActionFormPage(
  props: NetworkFrame & {
    action: Action;
    meeting: Meeting | null;
    owners: { people: { id: string; name: string }[]; organisations: { id: string; name: string }[] };
    values: FormValues;
    errors: FieldErrors;
  },
) {
  const { t, formatDate } = usePage();
  const n = props.network;
  const a = props.action;
  const v = props.values;
  const e = props.errors;
  const title = t('networks.actions.edit');
  const back = props.meeting ? { href: `/networks/${n.slug}/meetings/${props.meeting.id}`, label: props.meeting.title } : null;
  return (
    <Layout title={`${title} · ${n.name}`}>
      <Breadcrumbs items={crumbs(t, n, { href: `/networks/${n.slug}/space`, label: t('networks.space.title') }, ...(back ? [back] : []), { label: title })} />
      <h1>{title}</h1>
      <ErrorSummary errors={e} />
      <Form action={`/networks/${n.slug}/actions/${a.id}/edit`}>
        <Field name="title" label={t('networks.actions.field.title')} value={v.title} error={e.title} maxLength={300} required lang={n.locale} />
        <SelectField
          name="ownerUserId"
          label={t('networks.actions.field.ownerUser')}
          value={v.ownerUserId}
          error={e.ownerUserId}
          emptyLabel={t('networks.actions.nobody')}
          options={props.owners.people.map((u) => ({ value: u.id, label: u.name }))}
        />
        <SelectField
          name="ownerOrganisationId"
          label={t('networks.actions.field.ownerOrganisation')}
          value={v.ownerOrganisationId}
          error={e.ownerOrganisationId}
          emptyLabel={t('networks.actions.nobody')}
          options={props.owners.organisations.map((o) => ({ value: o.id, label: o.name }))}
        />
        <Field name="dueOn" type="date" label={t('networks.actions.field.dueOn')} hint={t('networks.actions.dueOnHint')} value={v.dueOn} error={e.dueOn} required />
        <Button>{t('networks.save')}</Button>
      </Form>
      <section aria-labelledby="action-state">
        <h2 id="action-state">{t('networks.actions.state')}</h2>
        <p>{a.doneAt ? t('networks.actions.doneOn', { date: formatDate(a.doneAt) }) : t('networks.actions.open')}</p>
        <Form action={`/networks/${n.slug}/actions/${a.id}/done`}>
          <input type="hidden" name="done" value={a.doneAt ? 'false' : 'true'} />
          {props.meeting && <input type="hidden" name="from" value="meeting" />}
          <Button variant="secondary">{a.doneAt ? t('networks.actions.reopen') : t('networks.actions.markDone')}</Button>
        </Form>
      </section>
      <DeleteSection action={`/networks/${n.slug}/actions/${a.id}/delete`} explanation={t('networks.actions.deleteExplanation')} error={e.confirm} />
    </Layout>
  );
}

/** A deletion at the foot of an edit page, confirmed by a ticked box (works without JavaScript). */
function DeleteSection({ action, explanation, error }: { action: string; explanation: string; error?: string }) {
  const { t } = usePage();
  return (
    <section aria-labelledby="delete-title" class="danger-zone">
      <h2 id="delete-title">{t('networks.delete.title')}</h2>
      <p>{explanation}</p>
      <Form action={action}>
        <CheckboxField name="confirm" label={t('networks.delete.confirm')} error={error} required />
        <Button variant="danger">{t('networks.delete.button')}</Button>
      </Form>
    </section>
  );
}

export function RegionsPage(props: { regions: { id: string; country: string; code: string; name: string; networks: number }[]; values: FormValues; errors: FieldErrors; notice: string | null }) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('networks.regions.title')}>
      <Breadcrumbs items={crumbs(t, null, { label: t('networks.regions.title') })} />
      <h1>{t('networks.regions.title')}</h1>
      <Notice notice={props.notice} />
      <ErrorSummary errors={props.errors} />
      <Table
        caption={t('networks.regions.title')}
        rows={props.regions}
        columns={[
          { header: t('networks.regions.country'), cell: (r) => countryName(locale, r.country) },
          { header: t('networks.regions.code'), cell: (r) => r.code },
          { header: t('networks.regions.name'), cell: (r) => r.name },
          { header: t('networks.regions.networks'), cell: (r) => r.networks, numeric: true },
        ]}
      />
      <h2>{t('networks.regions.add')}</h2>
      <Form action="/networks/regions">
        <SelectField name="country" label={t('networks.regions.country')} value={props.values.country} error={props.errors.country} options={countryOptions(locale)} emptyLabel="" />
        <Field name="code" label={t('networks.regions.code')} hint={t('networks.regions.codeHint')} value={props.values.code} error={props.errors.code} maxLength={6} required />
        <Field name="name" label={t('networks.regions.name')} value={props.values.name} error={props.errors.name} maxLength={100} required />
        <Button>{t('networks.regions.addButton')}</Button>
      </Form>
    </Layout>
  );
}
