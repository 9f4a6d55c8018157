import { LOCALES, LOCALE_NAMES } from '../../../platform/i18n/index.js';
import type { FormValues } from '../../../platform/http/forms.js';
import { Alert, Breadcrumbs, Button, Card, CheckboxField, ErrorSummary, Facts, Field, Form, Pagination, SelectField, Table, Tabs, queryHref, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { renderMarkdown } from '../../../platform/ui/markdown.js';
import { countryOptions, professionOptions } from '../../../platform/ui/options.js';
import { formatEventPlace, formatEventTime, registrationOpen, type EventCard, type EventDetail, type EventFilters, type EventForEditing, type EventRow, type Registration, type listEventsForEditors } from '../events.js';
import { EVENT_KINDS } from '../schema.js';
import type { ProjectDetail } from '../service.js';
import { EditorNotice, TextFields, TranslationWorkspace, ViewsNote, useViewColumns } from './editor.js';
import { FundingStatement } from './funding.js';
import { langAttr, TranslationNotice, TranslationStates } from '../../../platform/ui/translation-notice.js';

/** What a visitor needs to know about places: left, full (waiting list), closed, cancelled or over. */
function usePlaces() {
  const { t } = usePage();
  return (c: Pick<EventCard, 'event' | 'confirmed' | 'waiting'>) => {
    const e = c.event;
    if (e.status === 'cancelled') return t('portal.events.cancelledNote');
    if (e.endsAt <= new Date()) return t('portal.events.over');
    if (!registrationOpen(e)) return t('portal.events.registrationClosed');
    if (e.capacity === null) return t('portal.events.open');
    const left = e.capacity - c.confirmed;
    return left > 0 ? t('portal.events.placesLeft', { count: left }) : t('portal.events.full', { count: c.waiting });
  };
}

function EventItemCard({ item }: { item: EventCard }) {
  const { t, locale } = usePage();
  const places = usePlaces();
  const e = item.event;
  return (
    <Card title={item.text.value.title} href={`/events/${e.slug}`} headingLevel={3}>
      <p class="card__meta">
        {e.status === 'cancelled' && <strong class="badge">{t('portal.events.status.cancelled')}</strong>} {t(`portal.events.kind.${e.kind}`)}
        {item.project && <> · {item.project.acronym}</>}
      </p>
      <p class="card__meta">
        <time dateTime={e.startsAt.toISOString()}>{formatEventTime(locale, e)}</time>
      </p>
      <p class="card__meta">{formatEventPlace(locale, e)}</p>
      {item.text.value.summary && (
        <p lang={langAttr(item.text, locale)} class="card__excerpt">
          {item.text.value.summary}
        </p>
      )}
      <p class="card__meta">{places(item)}</p>
    </Card>
  );
}

const calendarHref = (project?: string) => (project ? `/projects/${project}/events/calendar.ics` : '/events/calendar.ics');

export function EventsListPage(props: { items: EventCard[]; total: number; page: number; pageSize: number; filters: EventFilters; projects: { slug: string; acronym: string }[] }) {
  const { t } = usePage();
  const f = props.filters;
  const href = (when: 'upcoming' | 'past') => queryHref('/events', { when: when === 'past' ? 'past' : undefined, project: f.project, kind: f.kind });
  return (
    <Layout title={t('portal.events.title')} head={<link rel="alternate" type="text/calendar" title={t('portal.events.title')} href={calendarHref(f.project)} />}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { label: t('portal.events.title') }]} />
      <h1>{t('portal.events.title')}</h1>
      <p class="lead">{t('portal.events.lead')}</p>
      <Tabs
        label={t('portal.events.title')}
        items={[
          { href: href('upcoming'), label: t('portal.events.upcoming'), current: f.when === 'upcoming' },
          { href: href('past'), label: t('portal.events.past'), current: f.when === 'past' },
        ]}
      />
      <Form action="/events" method="get" class="filters" aria-label={t('admin.filter')}>
        {f.when === 'past' && <input type="hidden" name="when" value="past" />}
        <SelectField name="project" label={t('portal.news.project')} value={f.project} options={props.projects.map((p) => ({ value: p.slug, label: p.acronym }))} emptyLabel={t('admin.all')} />
        <SelectField name="kind" label={t('portal.events.kindLabel')} value={f.kind} options={EVENT_KINDS.map((k) => ({ value: k, label: t(`portal.events.kind.${k}`) }))} emptyLabel={t('admin.all')} />
        <Button variant="secondary">{t('admin.filter')}</Button>
      </Form>
      <p>
        <a href={calendarHref(f.project)} type="text/calendar">
          {t('portal.events.subscribeCalendar')}
        </a>
      </p>
      <p>{t('portal.events.count', { count: props.total })}</p>
      {props.items.length ? (
        <div class="cards">
          {props.items.map((item) => (
            <EventItemCard key={item.event.id} item={item} />
          ))}
        </div>
      ) : (
        <p>{t(f.when === 'past' ? 'portal.events.nonePast' : 'portal.events.noneUpcoming')}</p>
      )}
      <Pagination page={props.page} pageSize={props.pageSize} total={props.total} href={(n) => queryHref('/events', { when: f.when === 'past' ? 'past' : undefined, project: f.project, kind: f.kind, page: n })} />
    </Layout>
  );
}

function RegistrationForm({ item, values, errors }: { item: EventDetail; values: FormValues; errors: FieldErrors }) {
  const { t, locale } = usePage();
  const e = item.event;
  const full = e.capacity !== null && item.confirmed >= e.capacity;
  return (
    <section aria-labelledby="register-title">
      <h2 id="register-title">{t(full ? 'portal.events.joinWaitingList' : 'portal.events.register')}</h2>
      {full && <p>{t('portal.events.fullExplained')}</p>}
      <ErrorSummary errors={errors} />
      <Form action={`/events/${e.slug}/register`}>
        <Field name="name" label={t('portal.events.attendee.name')} value={values.name} error={errors.name} required autocomplete="name" maxLength={200} />
        <Field name="email" type="email" label={t('portal.events.attendee.email')} hint={t('portal.events.emailHint')} value={values.email} error={errors.email} required autocomplete="email" maxLength={254} spellcheck={false} />
        <Field name="organisation" label={t('portal.events.attendee.organisation')} value={values.organisation} error={errors.organisation} optional autocomplete="organization" maxLength={200} />
        <SelectField name="country" label={t('portal.events.attendee.country')} value={values.country} options={countryOptions(locale)} emptyLabel="" optional error={errors.country} autocomplete="country" />
        <SelectField name="profession" label={t('portal.events.attendee.profession')} value={values.profession} options={professionOptions(t)} emptyLabel="" optional error={errors.profession} />
        <CheckboxField name="consent" label={t('portal.events.consent')} checked={values.consent === 'on'} error={errors.consent} required />
        <Button>{t(full ? 'portal.events.joinWaitingList' : 'portal.events.register')}</Button>
      </Form>
    </section>
  );
}

export function EventPage(props: { item: EventDetail; project: ProjectDetail | null; values: FormValues; errors: FieldErrors; preview?: boolean; canonical: string; jsonLd: string }) {
  const { t, locale } = usePage();
  const places = usePlaces();
  const { item } = props;
  const e = item.event;
  const v = item.text.value;
  return (
    <Layout
      title={v.title}
      footer={props.project ? <FundingStatement detail={props.project} /> : undefined}
      head={
        <>
          <link rel="canonical" href={props.canonical} />
          <meta property="og:type" content="website" />
          <meta property="og:title" content={v.title} />
          <meta property="og:description" content={v.summary} />
          <meta property="og:url" content={props.canonical} />
          <meta property="og:locale" content={item.text.locale} />
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: props.jsonLd }} />
        </>
      }
    >
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { href: '/events', label: t('portal.events.title') }, { label: v.title }]} />
      {props.preview && <Alert kind="warning" title={t('portal.news.preview')} />}
      {e.status === 'cancelled' && <Alert kind="warning" title={t('portal.events.cancelledNote')} />}
      <article lang={langAttr(item.text, locale)}>
        <h1>{v.title}</h1>
        <TranslationNotice picked={item.text} />
        {v.summary && <p class="lead">{v.summary}</p>}
        <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(v.body) }} />
      </article>
      <Facts
        items={[
          [t('portal.events.when'), <time dateTime={e.startsAt.toISOString()}>{formatEventTime(locale, e)}</time>],
          [t('portal.events.where'), formatEventPlace(locale, e)],
          [t('portal.events.kindLabel'), t(`portal.events.kind.${e.kind}`)],
          ...(item.project ? [[t('portal.news.project'), <a href={`/projects/${item.project.slug}`}>{item.project.acronym}</a>] as [string, preact.ComponentChildren]] : []),
          [t('portal.events.places'), places(item)],
        ]}
      />
      <p>
        <a href={`/events/${e.slug}/calendar.ics`} type="text/calendar" download={`${e.slug}.ics`}>
          {t('portal.events.addToCalendar')}
        </a>
      </p>
      {item.materials.length > 0 && (
        <section aria-labelledby="materials-title">
          <h2 id="materials-title">{t('portal.events.materials')}</h2>
          <ul>
            {item.materials.map((m) => (
              <li key={m.slug}>
                <a href={`/documents/${m.slug}`}>{m.code ? `${m.code} · ${m.title}` : m.title}</a> ({t(`portal.documents.type.${m.type}`)})
              </li>
            ))}
          </ul>
        </section>
      )}
      {registrationOpen(e) && !props.preview && <RegistrationForm item={item} values={props.values} errors={props.errors} />}
    </Layout>
  );
}

/** After registering, and the page behind the link in the e-mails: see the registration, cancel it. */
export function RegistrationPage(props: { kind: 'sent' | 'manage' | 'cancelled'; title: string; slug: string; email?: string; status?: Registration['status']; token?: string; event?: EventRow }) {
  const { t, locale } = usePage();
  const heading = t(props.kind === 'sent' ? 'portal.events.sentTitle' : props.kind === 'cancelled' ? 'portal.events.cancelledTitle' : 'portal.events.manageTitle');
  return (
    <Layout title={heading}>
      <Breadcrumbs items={[{ href: '/events', label: t('portal.events.title') }, { href: `/events/${props.slug}`, label: props.title }]} />
      <h1>{heading}</h1>
      {props.kind === 'sent' && (
        <Alert kind="success">
          <p>{t('portal.events.sent', { email: props.email ?? '', title: props.title })}</p>
        </Alert>
      )}
      {props.kind === 'cancelled' && <p>{t('portal.events.cancelledBody', { title: props.title })}</p>}
      {props.kind === 'manage' && props.event && (
        <>
          <p>{t(props.status === 'waiting' ? 'portal.events.youAreWaiting' : 'portal.events.youAreConfirmed', { title: props.title })}</p>
          <Facts
            items={[
              [t('portal.events.when'), formatEventTime(locale, props.event)],
              [t('portal.events.where'), formatEventPlace(locale, props.event)],
            ]}
          />
          <Form action={`/events/registrations/${props.token}/cancel`}>
            <Button variant="danger">{t('portal.events.cancelRegistration')}</Button>
          </Form>
        </>
      )}
      <p>
        <a href={`/events/${props.slug}`}>{t('portal.events.backToEvent')}</a>
      </p>
    </Layout>
  );
}

// Editors.

export function EditorEventsList({ rows, notice }: { rows: Awaited<ReturnType<typeof listEventsForEditors>>; notice?: string | null }) {
  const { t, formatDate } = usePage();
  const viewColumns = useViewColumns<(typeof rows)[number]>();
  return (
    <Layout title={t('portal.editor.events')}>
      <h1>{t('portal.editor.events')}</h1>
      <EditorNotice notice={notice} />
      <p>
        <a class="button button--primary" href="/editor/events/new">
          {t('portal.editor.newEvent')}
        </a>
      </p>
      <Table
        caption={t('portal.editor.events')}
        rows={rows}
        columns={[
          { header: t('portal.editor.titleField'), cell: (r) => <a href={`/editor/events/${r.event.id}`}>{r.title}</a> },
          { header: t('portal.events.when'), cell: (r) => <time dateTime={r.event.startsAt.toISOString()}>{formatDate(r.event.startsAt)}</time> },
          { header: t('portal.news.project'), cell: (r) => r.project ?? '–' },
          { header: t('portal.editor.status'), cell: (r) => t(`portal.events.eventStatus.${r.event.status}`) },
          {
            header: t('portal.events.registrations'),
            cell: (r) => <a href={`/editor/events/${r.event.id}/registrations`}>{t('portal.events.registrationCounts', { confirmed: r.confirmed, capacity: r.event.capacity ?? '∞', waiting: r.waiting })}</a>,
          },
          {
            header: t('portal.editor.languages'),
            cell: (r) => <TranslationStates languages={r.languages} />,
          },
          ...viewColumns,
        ]}
      />
      <ViewsNote />
    </Layout>
  );
}

function MetaFields({ values, errors, projects }: { values: FormValues; errors: FieldErrors; projects: { id: string; acronym: string }[] }) {
  const { t, locale } = usePage();
  return (
    <>
      <SelectField name="projectId" label={t('portal.news.project')} value={values.projectId} options={projects.map((p) => ({ value: p.id, label: p.acronym }))} emptyLabel={t('portal.events.noProject')} optional error={errors.projectId} />
      <SelectField name="kind" label={t('portal.events.kindLabel')} value={values.kind} options={EVENT_KINDS.map((k) => ({ value: k, label: t(`portal.events.kind.${k}`) }))} emptyLabel="" required error={errors.kind} />
      <Field name="startsAt" label={t('portal.events.startsAt')} hint={t('portal.events.dateTimeHint')} value={values.startsAt} error={errors.startsAt} required maxLength={16} spellcheck={false} />
      <Field name="endsAt" label={t('portal.events.endsAt')} hint={t('portal.events.dateTimeHint')} value={values.endsAt} error={errors.endsAt} required maxLength={16} spellcheck={false} />
      <Field name="timeZone" label={t('portal.events.timeZone')} hint={t('portal.events.timeZoneHint')} value={values.timeZone} error={errors.timeZone} required maxLength={60} spellcheck={false} />
      <SelectField name="mode" label={t('portal.events.modeLabel')} value={values.mode} options={['in-person', 'online', 'hybrid'].map((m) => ({ value: m, label: t(`portal.events.mode.${m}`) }))} required error={errors.mode} />
      <Field name="venue" label={t('portal.events.venue')} value={values.venue} error={errors.venue} optional maxLength={200} />
      <Field name="address" label={t('portal.events.address')} value={values.address} error={errors.address} optional maxLength={300} />
      <Field name="city" label={t('portal.events.city')} hint={t('portal.events.cityHint')} value={values.city} error={errors.city} optional maxLength={100} />
      <SelectField name="country" label={t('portal.events.attendee.country')} value={values.country} options={countryOptions(locale)} emptyLabel="" optional error={errors.country} />
      <Field name="onlineUrl" type="url" label={t('portal.events.onlineUrl')} hint={t('portal.events.onlineUrlHint')} value={values.onlineUrl} error={errors.onlineUrl} optional maxLength={500} spellcheck={false} />
      <Field name="capacity" type="number" inputMode="numeric" label={t('portal.events.capacity')} hint={t('portal.events.capacityHint')} value={values.capacity} error={errors.capacity} optional />
      <CheckboxField name="registrationOpen" label={t('portal.events.registrationOpen')} checked={values.registrationOpen === 'on'} />
    </>
  );
}

export function EditorEventNew({ values = {}, errors = {}, projects }: { values?: FormValues; errors?: FieldErrors; projects: { id: string; acronym: string }[] }) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('portal.editor.newEvent')}>
      <Breadcrumbs items={[{ href: '/editor/events', label: t('portal.editor.events') }, { label: t('portal.editor.newEvent') }]} />
      <h1>{t('portal.editor.newEvent')}</h1>
      <ErrorSummary errors={errors} />
      <Form action="/editor/events/new">
        <SelectField name="sourceLocale" label={t('portal.editor.sourceLocale')} value={values.sourceLocale ?? locale} required options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} error={errors.sourceLocale} />
        <Field name="slug" label={t('portal.editor.slug')} hint={t('portal.editor.slugHint')} value={values.slug} error={errors.slug} required maxLength={80} spellcheck={false} />
        <TextFields values={values} errors={errors} />
        <MetaFields values={values} errors={errors} projects={projects} />
        <Button>{t('portal.editor.create')}</Button>
      </Form>
    </Layout>
  );
}

export function EditorEventEdit(props: {
  found: EventForEditing;
  editing: string;
  values: FormValues;
  errors: FieldErrors;
  section?: 'text' | 'meta' | 'materials';
  notice?: string | null;
  projects: { id: string; acronym: string }[];
  documents: { value: string; label: string }[];
}) {
  const { t } = usePage();
  const { event: e, texts, materials } = props.found;
  const title = texts.find((x) => x.locale === e.sourceLocale)?.title ?? e.slug;
  const errorsFor = (section: 'text' | 'meta' | 'materials') => (props.section === section ? props.errors : {});
  return (
    <Layout title={title}>
      <Breadcrumbs items={[{ href: '/editor/events', label: t('portal.editor.events') }, { label: title }]} />
      <h1>{title}</h1>
      <EditorNotice notice={props.notice} />
      <p>
        {t('portal.editor.status')}: <strong>{t(`portal.events.eventStatus.${e.status}`)}</strong> · <a href={`/editor/events/${e.id}/preview`}>{t('portal.editor.preview')}</a>
        {e.status !== 'draft' && (
          <>
            {' · '}
            <a href={`/events/${e.slug}`}>{t('portal.editor.view')}</a>
          </>
        )}
        {' · '}
        <a href={`/editor/events/${e.id}/registrations`}>{t('portal.events.registrationCounts', { confirmed: props.found.confirmed, capacity: e.capacity ?? '∞', waiting: props.found.waiting })}</a>
      </p>
      <Form action={`/editor/events/${e.id}/state`}>
        {e.status !== 'published' && (
          <Button name="action" value="publish">
            {t('portal.editor.publishNow')}
          </Button>
        )}{' '}
        {e.status !== 'draft' && (
          <Button variant="secondary" name="action" value="draft">
            {t('portal.editor.unpublish')}
          </Button>
        )}{' '}
        {e.status === 'published' && (
          <Button variant="danger" name="action" value="cancel">
            {t('portal.events.cancelEvent')}
          </Button>
        )}
      </Form>
      {e.status === 'published' && <p class="field__hint">{t('portal.events.cancelEventHint')}</p>}
      <TranslationWorkspace baseHref={`/editor/events/${e.id}`} sourceLocale={e.sourceLocale} texts={texts} editing={props.editing} values={props.values} errors={errorsFor('text')} />
      <section aria-labelledby="meta-title">
        <h2 id="meta-title">{t('portal.editor.settings')}</h2>
        <ErrorSummary errors={errorsFor('meta')} />
        <Form action={`/editor/events/${e.id}/meta`}>
          <MetaFields values={props.values} errors={errorsFor('meta')} projects={props.projects} />
          <Button variant="secondary">{t('form.save')}</Button>
        </Form>
      </section>
      <section aria-labelledby="materials-title">
        <h2 id="materials-title">{t('portal.events.materials')}</h2>
        <p>{t('portal.events.materialsHint')}</p>
        <Table
          caption={t('portal.events.materials')}
          rows={materials}
          empty={t('portal.events.noMaterials')}
          columns={[
            { header: t('portal.editor.titleField'), cell: (m) => <a href={`/documents/${m.slug}`}>{m.code ? `${m.code} · ${m.title}` : m.title}</a> },
            {
              header: t('portal.dissemination.actions'),
              cell: (m) => (
                <Form action={`/editor/events/${e.id}/materials/${m.id}/delete`}>
                  <Button variant="secondary">{t('portal.events.detach')}</Button>
                </Form>
              ),
            },
          ]}
        />
        <ErrorSummary errors={errorsFor('materials')} />
        <Form action={`/editor/events/${e.id}/materials`}>
          <SelectField name="documentId" label={t('portal.events.attach')} value={props.section === 'materials' ? props.values.documentId : ''} options={props.documents} emptyLabel="" required error={errorsFor('materials').documentId} />
          <Button variant="secondary">{t('portal.events.attachButton')}</Button>
        </Form>
      </section>
    </Layout>
  );
}

export function EditorEventRegistrations({ found, rows, notice }: { found: EventForEditing; rows: Registration[]; notice?: string | null }) {
  const { t, formatDate } = usePage();
  const e = found.event;
  const title = found.texts.find((x) => x.locale === e.sourceLocale)?.title ?? e.slug;
  return (
    <Layout title={`${t('portal.events.registrations')} · ${title}`}>
      <Breadcrumbs items={[{ href: '/editor/events', label: t('portal.editor.events') }, { href: `/editor/events/${e.id}`, label: title }, { label: t('portal.events.registrations') }]} />
      <h1>
        {t('portal.events.registrations')} · {title}
      </h1>
      <EditorNotice notice={notice} />
      <p>{t('portal.events.registrationCounts', { confirmed: found.confirmed, capacity: e.capacity ?? '∞', waiting: found.waiting })}</p>
      <p>
        {t('portal.events.exportLabel')} <a href={`/editor/events/${e.id}/registrations.csv`}>CSV</a> · <a href={`/editor/events/${e.id}/registrations.xlsx`}>XLSX</a>
      </p>
      <p class="field__hint">{t('portal.events.exportHint')}</p>
      <Table
        caption={t('portal.events.registrations')}
        rows={rows}
        empty={t('portal.events.noRegistrations')}
        columns={[
          { header: t('portal.events.attendee.status'), cell: (r) => t(`portal.events.status.${r.status}`) },
          { header: t('portal.events.attendee.name'), cell: (r) => r.name },
          { header: t('portal.events.attendee.email'), cell: (r) => r.email },
          { header: t('portal.events.attendee.organisation'), cell: (r) => r.organisation },
          { header: t('portal.events.attendee.registeredAt'), cell: (r) => <time dateTime={r.createdAt.toISOString()}>{formatDate(r.createdAt, 'datetime')}</time> },
          {
            header: t('portal.dissemination.actions'),
            cell: (r) =>
              r.status === 'cancelled' ? (
                '–'
              ) : (
                <Form action={`/editor/events/${e.id}/registrations/${r.id}/cancel`}>
                  <Button variant="secondary">{t('portal.events.cancelFor', { name: r.name })}</Button>
                </Form>
              ),
          },
        ]}
      />
    </Layout>
  );
}
