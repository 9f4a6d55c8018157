import type { MessageValues } from '../../../platform/i18n/index.js';
import { LOCALE_NAMES, isLocale } from '../../../platform/i18n/index.js';
import { countryName } from '../../../platform/i18n/countries.js';
import { Alert, Breadcrumbs, Button, CheckboxField, CheckboxGroup, ErrorSummary, Facts, Field, FileField, Form, Pagination, SelectField, Table, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { countryOptions, localeOptions, professionOptions } from '../../../platform/ui/options.js';
import { TOPICS } from '../schema.js';
import type { ConsentRecord, ImportProblem, Subscriber, SubscriberFilters } from '../service.js';

type Values = Record<string, string | string[]>;
type ProjectOption = { id: string; slug: string; label: string };
const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? ''));
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

function Choices({ values, errors, projects }: { values: Values; errors: FieldErrors; projects: ProjectOption[] }) {
  const { t } = usePage();
  return (
    <>
      <SelectField name="locale" label={t('newsletter.language')} hint={t('newsletter.languageHint')} value={str(values.locale)} options={localeOptions()} required error={errors.locale} />
      <CheckboxGroup name="projects" legend={t('newsletter.projects')} hint={t('newsletter.projectsHint')} options={projects.map((p) => ({ value: p.id, label: p.label }))} checked={list(values.projects)} />
      <CheckboxGroup name="topics" legend={t('newsletter.topics')} hint={t('newsletter.topicsHint')} options={TOPICS.map((x) => ({ value: x, label: t(`newsletter.topic.${x}`) }))} checked={list(values.topics)} />
    </>
  );
}

export function SignUpPage({ projects, project, values, errors }: { projects: ProjectOption[]; project: ProjectOption | null; values: Values; errors: FieldErrors }) {
  const { t } = usePage();
  return (
    <Layout title={t('newsletter.title')}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { label: t('newsletter.title') }]} />
      <h1>{t('newsletter.title')}</h1>
      <p class="lead">{t('newsletter.lead')}</p>
      <ErrorSummary errors={errors} />
      <Form action="/newsletter">
        {project && <input type="hidden" name="project" value={project.slug} />}
        <Field name="email" type="email" label={t('field.email')} value={str(values.email)} error={errors.email} required autocomplete="email" maxLength={254} spellcheck={false} />
        <Choices values={values} errors={errors} projects={projects} />
        <CheckboxField name="consent" label={t('newsletter.consent')} checked={str(values.consent) === 'on'} error={errors.consent} required />
        <Button>{t('newsletter.subscribe')}</Button>
      </Form>
      <p class="field__hint">{t('newsletter.promise')}</p>
    </Layout>
  );
}

/** A short page: a title, a sentence, and optionally a link or a single-button form. */
export function MessagePage(props: { titleKey: string; bodyKey: string; values?: MessageValues; link?: { href: string; labelKey: string }; form?: { action: string; labelKey: string } }) {
  const { t } = usePage();
  return (
    <Layout title={t(props.titleKey)}>
      <h1>{t(props.titleKey)}</h1>
      <p>{t(props.bodyKey, props.values)}</p>
      {props.form && (
        <Form action={props.form.action}>
          <input type="hidden" name="via" value="page" />
          <Button>{t(props.form.labelKey)}</Button>
        </Form>
      )}
      {props.link && (
        <p>
          <a href={props.link.href}>{t(props.link.labelKey)}</a>
        </p>
      )}
    </Layout>
  );
}

export function ConfirmPage({ email, token, already }: { email: string; token: string; already: boolean }) {
  const { t } = usePage();
  return (
    <Layout title={t('newsletter.confirm.title')}>
      <h1>{t('newsletter.confirm.title')}</h1>
      {already ? (
        <p>{t('newsletter.confirm.already', { email })}</p>
      ) : (
        <>
          <p>{t('newsletter.confirm.body', { email })}</p>
          <Form action={`/newsletter/confirm/${token}`}>
            <Button>{t('newsletter.confirm.button')}</Button>
          </Form>
        </>
      )}
    </Layout>
  );
}

export function ManagePage(props: { subscriber: Subscriber; token: string; projects: ProjectOption[]; values: Values; errors: FieldErrors; saved: boolean }) {
  const { t, locale } = usePage();
  const s = props.subscriber;
  const base = `/newsletter/manage/${props.token}`;
  const subscribed = s.status === 'active' || s.status === 'pending';
  return (
    <Layout title={t('newsletter.manage.title')}>
      <h1>{t('newsletter.manage.title')}</h1>
      {props.saved && (
        <Alert kind="success">
          <p>{t('newsletter.manage.saved')}</p>
        </Alert>
      )}
      <p>{t(`newsletter.manage.status.${s.status}`, { email: s.email })}</p>
      <ErrorSummary errors={props.errors} />
      <Form action={base}>
        <Choices values={props.values} errors={props.errors} projects={props.projects} />
        <SelectField name="country" label={t('field.country')} hint={t('newsletter.segmentHint')} value={str(props.values.country)} options={countryOptions(locale)} emptyLabel="" optional error={props.errors.country} />
        <SelectField name="profession" label={t('field.profession')} value={str(props.values.profession)} options={professionOptions(t)} emptyLabel="" optional error={props.errors.profession} />
        <Button>{t('form.save')}</Button>
      </Form>
      {subscribed ? (
        <section aria-labelledby="unsubscribe-title">
          <h2 id="unsubscribe-title">{t('newsletter.unsubscribe.title')}</h2>
          <Form action={`${base}/unsubscribe`}>
            <Button variant="secondary">{t('newsletter.unsubscribe.button')}</Button>
          </Form>
        </section>
      ) : (
        <p>
          <a href="/newsletter">{t('newsletter.resubscribe')}</a>
        </p>
      )}
      <section aria-labelledby="data-title">
        <h2 id="data-title">{t('newsletter.data.title')}</h2>
        <p>
          <a href={`${base}/consent.json`}>{t('newsletter.data.download')}</a>
        </p>
        <Form action={`${base}/erase`}>
          <Button variant="danger">{t('newsletter.data.erase')}</Button>
        </Form>
        <p class="field__hint">{t('newsletter.data.eraseHint')}</p>
      </section>
    </Layout>
  );
}

// Editors.

const STATUSES = ['pending', 'active', 'unsubscribed', 'bounced', 'complained'] as const;

export function EditorSubscribers(props: {
  rows: Subscriber[];
  total: number;
  page: number;
  pageSize: number;
  filters: SubscriberFilters;
  counts: { byStatus: Record<string, number>; activeByLocale: Record<string, number> };
  months: { month: string; signups: number; confirmations: number; withdrawals: number }[];
  notice: string | null;
}) {
  const { t, formatDate, formatNumber } = usePage();
  const f = props.filters;
  const href = (page: number) => {
    const qs = new URLSearchParams();
    if (f.q) qs.set('q', f.q);
    if (f.status) qs.set('status', f.status);
    if (f.locale) qs.set('language', f.locale);
    if (page > 1) qs.set('page', String(page));
    const s = qs.toString();
    return s ? `/editor/newsletter/subscribers?${s}` : '/editor/newsletter/subscribers';
  };
  return (
    <Layout title={t('newsletter.editor.title')}>
      <h1>{t('newsletter.editor.title')}</h1>
      {props.notice && (
        <Alert kind="success">
          <p>{t('newsletter.editor.erased')}</p>
        </Alert>
      )}
      <p>
        <a href="/editor/newsletter/subscribers.csv">{t('newsletter.editor.exportCsv')}</a> · <a href="/editor/newsletter/subscribers.xlsx">{t('newsletter.editor.exportXlsx')}</a> · <a href="/editor/newsletter/import">{t('newsletter.import.title')}</a>
      </p>
      <Facts items={STATUSES.map((s) => [t(`newsletter.status.${s}`), formatNumber(props.counts.byStatus[s] ?? 0)])} />
      <Table
        caption={t('newsletter.editor.months')}
        rows={props.months}
        empty={t('newsletter.editor.none')}
        columns={[
          { header: t('newsletter.editor.month'), cell: (m) => m.month },
          { header: t('newsletter.event.signup'), cell: (m) => formatNumber(m.signups) },
          { header: t('newsletter.event.confirm'), cell: (m) => formatNumber(m.confirmations) },
          { header: t('newsletter.event.withdraw'), cell: (m) => formatNumber(m.withdrawals) },
        ]}
      />
      <Table
        caption={t('newsletter.editor.byLanguage')}
        rows={Object.entries(props.counts.activeByLocale).sort((a, b) => b[1] - a[1])}
        empty={t('newsletter.editor.none')}
        columns={[
          { header: t('newsletter.language'), cell: ([l]) => (isLocale(l) ? LOCALE_NAMES[l] : l) },
          { header: t('newsletter.status.active'), cell: ([, n]) => formatNumber(n) },
        ]}
      />
      <Form action="/editor/newsletter/subscribers" method="get" class="filters" aria-label={t('admin.filter')}>
        <Field name="q" type="search" label={t('field.email')} value={f.q} maxLength={254} />
        <SelectField name="status" label={t('newsletter.editor.status')} value={f.status} options={STATUSES.map((s) => ({ value: s, label: t(`newsletter.status.${s}`) }))} emptyLabel={t('admin.all')} />
        <SelectField name="language" label={t('newsletter.language')} value={f.locale} options={localeOptions()} emptyLabel={t('admin.all')} />
        <Button variant="secondary">{t('admin.filter')}</Button>
      </Form>
      <Table
        caption={t('newsletter.editor.count', { count: props.total })}
        rows={props.rows}
        empty={t('newsletter.editor.none')}
        columns={[
          { header: t('field.email'), cell: (s) => <a href={`/editor/newsletter/subscribers/${s.id}`}>{s.email}</a> },
          { header: t('newsletter.editor.status'), cell: (s) => t(`newsletter.status.${s.status}`) },
          { header: t('newsletter.language'), cell: (s) => (isLocale(s.locale) ? LOCALE_NAMES[s.locale] : s.locale) },
          { header: t('newsletter.editor.source'), cell: (s) => s.source },
          { header: t('newsletter.editor.since'), cell: (s) => <time dateTime={s.createdAt.toISOString()}>{formatDate(s.createdAt)}</time> },
        ]}
      />
      <Pagination page={props.page} pageSize={props.pageSize} total={props.total} href={href} />
    </Layout>
  );
}

/** A subscriber's consent record, printable as proof. */
export function EditorSubscriber({ record }: { record: ConsentRecord }) {
  const { t, locale, formatDate } = usePage();
  const s = record.subscriber;
  const when = (d: Date | null) => (d ? <time dateTime={d.toISOString()}>{formatDate(d, 'datetime')}</time> : '–');
  return (
    <Layout title={s.email}>
      <Breadcrumbs items={[{ href: '/editor/newsletter/subscribers', label: t('newsletter.editor.title') }, { label: s.email }]} />
      <h1>{t('newsletter.editor.record', { email: s.email })}</h1>
      <Facts
        items={[
          [t('newsletter.editor.status'), t(`newsletter.status.${s.status}`)],
          [t('newsletter.language'), isLocale(s.locale) ? LOCALE_NAMES[s.locale] : s.locale],
          [t('newsletter.editor.source'), s.source],
          [t('newsletter.editor.since'), when(s.createdAt)],
          [t('newsletter.editor.confirmedAt'), when(s.confirmedAt)],
          [t('newsletter.editor.unsubscribedAt'), when(s.unsubscribedAt)],
          [t('field.country'), s.country ? countryName(locale, s.country) : '–'],
        ]}
      />
      <Table
        caption={t('newsletter.editor.ledger')}
        rows={record.events}
        columns={[
          { header: t('newsletter.editor.when'), cell: (e) => when(e.at) },
          { header: t('newsletter.editor.event'), cell: (e) => t(`newsletter.event.${e.kind}`) },
          { header: t('newsletter.editor.ip'), cell: (e) => e.ip ?? '–' },
          {
            header: t('newsletter.editor.evidence'),
            cell: (e) =>
              e.consentText ? (
                <>
                  <q lang={e.consentLocale ?? undefined}>{e.consentText}</q> ({e.consentVersion}, {e.consentLocale}; {e.form}, {e.page})
                </>
              ) : e.channel ? (
                t(`newsletter.channel.${e.channel}`)
              ) : (
                '–'
              ),
          },
        ]}
      />
      <p>
        <a href={`/editor/newsletter/subscribers/${s.id}/consent.json`}>{t('newsletter.editor.downloadRecord')}</a>
      </p>
      {(s.status === 'active' || s.status === 'pending') && (
        <Form action={`/editor/newsletter/subscribers/${s.id}/unsubscribe`}>
          <Button variant="secondary">{t('newsletter.unsubscribe.button')}</Button>
        </Form>
      )}
      <Form action={`/editor/newsletter/subscribers/${s.id}/erase`}>
        <Button variant="danger">{t('newsletter.editor.erase')}</Button>
      </Form>
    </Layout>
  );
}

export function ImportPage(props: { kind?: 'subscribers' | 'bounces'; errors?: FieldErrors; problems?: ImportProblem[]; imported?: { imported: number; known: number }; result?: { suppressed: number; unsubscribed: number; ignored: number; skipped: number } }) {
  const { t } = usePage();
  const errors = props.errors ?? {};
  return (
    <Layout title={t('newsletter.import.title')}>
      <Breadcrumbs items={[{ href: '/editor/newsletter/subscribers', label: t('newsletter.editor.title') }, { label: t('newsletter.import.title') }]} />
      <h1>{t('newsletter.import.title')}</h1>
      {props.imported && (
        <Alert kind="success">
          <p>{t('newsletter.import.done', props.imported)}</p>
        </Alert>
      )}
      {props.result && (
        <Alert kind="success">
          <p>{t('newsletter.import.bouncesDone', props.result)}</p>
        </Alert>
      )}
      {props.problems && (
        <Alert kind="error" title={t('newsletter.import.problems')}>
          <ul>
            {props.problems.slice(0, 100).map((p) => (
              <li key={`${p.line}-${p.problem}`}>{t('newsletter.import.problem', { line: p.line, problem: t(`newsletter.import.problem.${p.problem}`) })}</li>
            ))}
          </ul>
        </Alert>
      )}
      <ErrorSummary errors={errors} />
      <section aria-labelledby="import-subscribers">
        <h2 id="import-subscribers">{t('newsletter.import.subscribers')}</h2>
        <p>{t('newsletter.import.subscribersHint')}</p>
        <Form action="/editor/newsletter/import" enctype="multipart/form-data">
          <input type="hidden" name="kind" value="subscribers" />
          <FileField name="file" label={t('newsletter.import.file')} accept=".csv,text/csv" required error={props.kind !== 'bounces' ? errors.file : undefined} />
          <Button>{t('newsletter.import.button')}</Button>
        </Form>
      </section>
      <section aria-labelledby="import-bounces">
        <h2 id="import-bounces">{t('newsletter.import.bounces')}</h2>
        <p>{t('newsletter.import.bouncesHint')}</p>
        <Form action="/editor/newsletter/import" enctype="multipart/form-data">
          <input type="hidden" name="kind" value="bounces" />
          <FileField name="file" label={t('newsletter.import.file')} accept=".csv,text/csv" required error={props.kind === 'bounces' ? errors.file : undefined} />
          <Button variant="secondary">{t('newsletter.import.button')}</Button>
        </Form>
      </section>
    </Layout>
  );
}
