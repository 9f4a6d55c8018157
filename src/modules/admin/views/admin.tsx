import type { ComponentChildren } from 'preact';
import { PRIVILEGED_ROLES, ROLES, type Role } from '../../../platform/access.js';
import { countryName } from '../../../platform/i18n/countries.js';
import { Alert, Breadcrumbs, Button, CheckboxField, ErrorSummary, Facts, Field, Form, Pagination, SelectField, Table, Tabs, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { countryOptions } from '../../../platform/ui/options.js';
import type { FormValues } from '../../../platform/http/forms.js';
import type { auditEvents, mailOutbox } from '../../../platform/schema.js';
import { OUTBOX_STATUSES } from '../service.js';

type Section = 'overview' | 'users' | 'organisations' | 'roles' | 'outbox' | 'jobs' | 'audit';

export function AdminShell({ section, title, children, notice, crumbs }: { section: Section; title: string; children: ComponentChildren; notice?: string | null; crumbs?: { href?: string; label: string }[] }) {
  const { t } = usePage();
  const sections: [Section, string][] = [
    ['overview', '/admin'],
    ['users', '/admin/users'],
    ['organisations', '/admin/organisations'],
    ['roles', '/admin/roles'],
    ['outbox', '/admin/outbox'],
    ['jobs', '/admin/jobs'],
    ['audit', '/admin/audit'],
  ];
  return (
    <Layout title={title}>
      {crumbs && <Breadcrumbs items={[{ href: '/admin', label: t('admin.title') }, ...crumbs]} />}
      <Tabs label={t('admin.title')} items={sections.map(([key, href]) => ({ href, label: t(`admin.${key}.title`), current: key === section }))} />
      <h1>{title}</h1>
      {notice && (
        <Alert kind={notice.startsWith('error-') ? 'error' : 'success'}>
          <p>{t(`admin.notice.${notice}`)}</p>
        </Alert>
      )}
      {children}
    </Layout>
  );
}

export function OverviewPage({ data }: { data: { users: number; organisations: number; mail: Record<string, number>; failedJobs: number; transport: 'smtp' | 'outbox' } }) {
  const { t, formatNumber } = usePage();
  return (
    <AdminShell section="overview" title={t('admin.overview.title')}>
      <Facts
        items={[
          [t('admin.users.title'), <a href="/admin/users">{formatNumber(data.users)}</a>],
          [t('admin.organisations.title'), <a href="/admin/organisations">{formatNumber(data.organisations)}</a>],
          [t('admin.outbox.transport'), t(`admin.outbox.transport.${data.transport}`)],
          [t('admin.outbox.waiting'), <a href="/admin/outbox">{formatNumber((data.mail.queued ?? 0) + (data.mail.held ?? 0))}</a>],
          [t('admin.outbox.needsAttention'), <a href="/admin/outbox?status=uncertain">{formatNumber((data.mail.failed ?? 0) + (data.mail.uncertain ?? 0))}</a>],
          [t('admin.jobs.failed'), <a href="/admin/jobs">{formatNumber(data.failedJobs)}</a>],
        ]}
      />
    </AdminShell>
  );
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  status: string;
  emailVerifiedAt: Date | null;
  createdAt: Date;
}

const queryHref = (base: string, params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
};

export function UsersPage({ rows, total, page, pageSize, q }: { rows: UserRow[]; total: number; page: number; pageSize: number; q: string }) {
  const { t, formatDate } = usePage();
  return (
    <AdminShell section="users" title={t('admin.users.title')}>
      <Form action="/admin/users" method="get" class="filters" aria-label={t('admin.filter')}>
        <Field name="q" type="search" label={t('admin.users.search')} value={q} />
        <Button variant="secondary">{t('admin.filter')}</Button>
      </Form>
      <Table
        caption={t('admin.users.caption', { total })}
        rows={rows}
        columns={[
          { header: t('field.email'), cell: (u) => <a href={`/admin/users/${u.id}`}>{u.email}</a> },
          { header: t('field.name'), cell: (u) => u.name },
          { header: t('admin.users.status'), cell: (u) => t(`admin.users.status.${u.status}`) + (u.emailVerifiedAt ? '' : ` · ${t('admin.users.unverified')}`) },
          { header: t('admin.users.created'), cell: (u) => formatDate(u.createdAt) },
        ]}
      />
      <Pagination page={page} pageSize={pageSize} total={total} href={(n) => queryHref('/admin/users', { q, page: n })} />
    </AdminShell>
  );
}

export interface GrantRow {
  id: string;
  role: string;
  organisationId: string | null;
  organisation: string | null;
}

export function UserPage(props: {
  user: UserRow & { locale: string | null; country: string | null; profession: string | null; totpEnabledAt: Date | null };
  grants: GrantRow[];
  organisations: { id: string; name: string }[];
  notice?: string | null;
  errors?: FieldErrors;
  values?: FormValues;
  isSelf: boolean;
}) {
  const { t, formatDate, locale } = usePage();
  const u = props.user;
  const errors = props.errors ?? {};
  return (
    <AdminShell section="users" title={u.name || u.email} notice={props.notice} crumbs={[{ href: '/admin/users', label: t('admin.users.title') }, { label: u.email }]}>
      <Facts
        items={[
          [t('field.email'), u.email],
          [t('admin.users.status'), t(`admin.users.status.${u.status}`)],
          [t('admin.users.verified'), u.emailVerifiedAt ? formatDate(u.emailVerifiedAt) : t('admin.users.unverified')],
          [t('totp.title'), u.totpEnabledAt ? t('admin.yes') : t('admin.no')],
          [t('field.profession'), u.profession ? t(`profession.${u.profession}`) : '—'],
          [t('field.country'), u.country ? countryName(locale, u.country) : '—'],
          [t('admin.users.created'), formatDate(u.createdAt)],
        ]}
      />
      <h2>{t('admin.roles.assigned')}</h2>
      <Table
        caption={t('admin.roles.assigned')}
        rows={props.grants}
        columns={[
          { header: t('admin.roles.role'), cell: (g) => t(`role.${g.role}`) },
          { header: t('admin.roles.scope'), cell: (g) => g.organisation ?? t('admin.roles.instance') },
          {
            header: t('admin.actions'),
            cell: (g) => (
              <Form action={`/admin/users/${u.id}/roles/revoke`}>
                <input type="hidden" name="role" value={g.role} />
                <input type="hidden" name="organisationId" value={g.organisationId ?? ''} />
                <Button variant="secondary">{t('admin.roles.revoke')}</Button>
              </Form>
            ),
          },
        ]}
      />
      <h2>{t('admin.roles.grant')}</h2>
      <ErrorSummary errors={errors} />
      <Form action={`/admin/users/${u.id}/roles`}>
        <SelectField name="role" label={t('admin.roles.role')} value={props.values?.role} error={errors.role} required options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        <SelectField
          name="organisationId"
          label={t('admin.roles.scope')}
          value={props.values?.organisationId}
          error={errors.organisationId}
          required
          options={[{ value: '', label: t('admin.roles.instance') }, ...props.organisations.map((o) => ({ value: o.id, label: o.name }))]}
        />
        <Field name="password" type="password" label={t('field.yourPassword')} hint={t('field.yourPassword.hint')} error={errors.password} autocomplete="current-password" required />
        <Button>{t('admin.roles.grant')}</Button>
      </Form>
      {!props.isSelf && (
        <>
          {u.totpEnabledAt && (
            <>
              <h2>{t('admin.users.secondFactor')}</h2>
              <p>{t('admin.users.secondFactorSince', { date: formatDate(u.totpEnabledAt) })}</p>
              <p>{t('admin.users.secondFactorResetHint')}</p>
              <Form action={`/admin/users/${u.id}/second-factor/reset`}>
                <Button variant="danger">{t('admin.users.secondFactorReset')}</Button>
              </Form>
            </>
          )}
          <h2>{t('admin.users.access')}</h2>
          <Form action={`/admin/users/${u.id}/status`}>
            {u.status === 'active' ? (
              <Button variant="danger" name="status" value="disabled">
                {t('admin.users.disable')}
              </Button>
            ) : (
              <Button name="status" value="active">
                {t('admin.users.enable')}
              </Button>
            )}
          </Form>
        </>
      )}
    </AdminShell>
  );
}

export interface OrgRow {
  id: string;
  name: string;
  typeCode: string;
  country: string;
  region: string | null;
  members: number;
}

export function OrganisationsPage({ rows, total, page, pageSize, q, typeNames }: { rows: OrgRow[]; total: number; page: number; pageSize: number; q: string; typeNames: Record<string, string> }) {
  const { t, locale } = usePage();
  return (
    <AdminShell section="organisations" title={t('admin.organisations.title')}>
      <p>
        <a class="button button--primary" href="/admin/organisations/new">
          {t('admin.organisations.new')}
        </a>
      </p>
      <Form action="/admin/organisations" method="get" class="filters" aria-label={t('admin.filter')}>
        <Field name="q" type="search" label={t('admin.organisations.search')} value={q} />
        <Button variant="secondary">{t('admin.filter')}</Button>
      </Form>
      <Table
        caption={t('admin.organisations.caption', { total })}
        rows={rows}
        columns={[
          { header: t('field.orgName'), cell: (o) => <a href={`/admin/organisations/${o.id}`}>{o.name}</a> },
          { header: t('field.orgType'), cell: (o) => typeNames[o.typeCode] ?? o.typeCode },
          { header: t('field.country'), cell: (o) => countryName(locale, o.country) + (o.region ? ` · ${o.region}` : '') },
          { header: t('admin.organisations.members'), cell: (o) => o.members, numeric: true },
        ]}
      />
      <Pagination page={page} pageSize={pageSize} total={total} href={(n) => queryHref('/admin/organisations', { q, page: n })} />
    </AdminShell>
  );
}

export function OrganisationPage(props: {
  id: string | null;
  values: FormValues;
  errors?: FieldErrors;
  types: { code: string; name: string }[];
  regions: { id: string; country: string; name: string }[];
  members: { userId: string; email: string; name: string; role: string }[];
  notice?: string | null;
}) {
  const { t, locale } = usePage();
  const errors = props.errors ?? {};
  const title = props.id ? props.values.name || t('admin.organisations.edit') : t('admin.organisations.new');
  return (
    <AdminShell section="organisations" title={title} notice={props.notice} crumbs={[{ href: '/admin/organisations', label: t('admin.organisations.title') }, { label: title }]}>
      <ErrorSummary errors={errors} />
      <Form action={props.id ? `/admin/organisations/${props.id}` : '/admin/organisations/new'}>
        <Field name="name" label={t('field.orgName')} value={props.values.name} error={errors.name} required maxLength={200} />
        <SelectField name="typeCode" label={t('field.orgType')} value={props.values.typeCode} error={errors.typeCode} required options={props.types.map((x) => ({ value: x.code, label: x.name }))} emptyLabel={t('form.choose')} />
        <SelectField name="country" label={t('field.country')} value={props.values.country} error={errors.country} required options={countryOptions(locale)} emptyLabel={t('form.choose')} />
        <SelectField
          name="regionId"
          label={t('field.region')}
          value={props.values.regionId}
          error={errors.regionId}
          options={props.regions.map((r) => ({ value: r.id, label: `${r.name} (${countryName(locale, r.country)})` }))}
          emptyLabel={t('form.none')}
          optional
        />
        <Field name="website" type="url" label={t('field.website')} value={props.values.website} error={errors.website} maxLength={500} optional />
        <Button>{t('form.save')}</Button>
      </Form>
      {props.id && (
        <>
          <h2>{t('admin.organisations.members')}</h2>
          <Table
            caption={t('admin.organisations.members')}
            rows={props.members}
            columns={[
              { header: t('field.email'), cell: (m) => <a href={`/admin/users/${m.userId}`}>{m.email}</a> },
              { header: t('field.name'), cell: (m) => m.name },
              { header: t('admin.roles.role'), cell: (m) => t(`role.${m.role}`) },
            ]}
          />
          <p>{t('admin.organisations.membersHint')}</p>
        </>
      )}
    </AdminShell>
  );
}

export function RolesPage({ policies, notice }: { policies: { role: string; requireTotp: boolean; requireSecurityKey: boolean }[]; notice?: string | null }) {
  const { t } = usePage();
  return (
    <AdminShell section="roles" title={t('admin.roles.title')} notice={notice}>
      <p>{t('admin.roles.intro')}</p>
      <Form action="/admin/roles">
        <fieldset>
          <legend>{t('admin.roles.requireTotp')}</legend>
          {policies.map((x) => (
            <CheckboxField key={x.role} name={`totp.${x.role}`} label={t(`role.${x.role}`)} checked={x.requireTotp} disabled={PRIVILEGED_ROLES.includes(x.role as Role)} hint={PRIVILEGED_ROLES.includes(x.role as Role) ? t('admin.roles.mandatory') : undefined} />
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('admin.roles.requireSecurityKey')}</legend>
          <p class="field__hint">{t('admin.roles.requireSecurityKeyHint')}</p>
          {policies.map((x) => (
            <CheckboxField key={x.role} name={`key.${x.role}`} label={t(`role.${x.role}`)} checked={x.requireSecurityKey} />
          ))}
        </fieldset>
        <Button>{t('form.save')}</Button>
      </Form>
    </AdminShell>
  );
}

type OutboxRow = Pick<typeof mailOutbox.$inferSelect, 'id' | 'recipient' | 'subject' | 'status' | 'attempts' | 'createdAt'>;

export function OutboxPage({ rows, total, page, pageSize, status, transport }: { rows: OutboxRow[]; total: number; page: number; pageSize: number; status: string; transport: string }) {
  const { t, formatDate } = usePage();
  return (
    <AdminShell section="outbox" title={t('admin.outbox.title')}>
      <p>{t(`admin.outbox.transport.${transport}.intro`)}</p>
      <Form action="/admin/outbox" method="get" class="filters" aria-label={t('admin.filter')}>
        <SelectField name="status" label={t('admin.outbox.status')} value={status} options={OUTBOX_STATUSES.map((s) => ({ value: s, label: t(`admin.outbox.status.${s}`) }))} emptyLabel={t('admin.all')} />
        <Button variant="secondary">{t('admin.filter')}</Button>
      </Form>
      <Table
        caption={t('admin.outbox.caption', { total })}
        rows={rows}
        columns={[
          { header: t('admin.outbox.created'), cell: (m) => formatDate(m.createdAt, 'datetime') },
          { header: t('admin.outbox.recipient'), cell: (m) => m.recipient },
          { header: t('admin.outbox.subject'), cell: (m) => <a href={`/admin/outbox/${m.id}`}>{m.subject}</a> },
          { header: t('admin.outbox.status'), cell: (m) => t(`admin.outbox.status.${m.status}`) },
          { header: t('admin.outbox.attempts'), cell: (m) => m.attempts, numeric: true },
        ]}
      />
      <Pagination page={page} pageSize={pageSize} total={total} href={(n) => queryHref('/admin/outbox', { status, page: n })} />
    </AdminShell>
  );
}

export function OutboxMessagePage({ message, canRequeue }: { message: typeof mailOutbox.$inferSelect; canRequeue: boolean }) {
  const { t, formatDate } = usePage();
  return (
    <AdminShell section="outbox" title={message.subject} crumbs={[{ href: '/admin/outbox', label: t('admin.outbox.title') }, { label: message.subject }]}>
      <Facts
        items={[
          [t('admin.outbox.recipient'), message.recipient],
          [t('admin.outbox.status'), t(`admin.outbox.status.${message.status}`)],
          [t('admin.outbox.created'), formatDate(message.createdAt, 'datetime')],
          [t('admin.outbox.sent'), message.sentAt ? formatDate(message.sentAt, 'datetime') : '—'],
          [t('admin.outbox.attempts'), String(message.attempts)],
          [t('admin.outbox.lastError'), message.lastError ?? '—'],
        ]}
      />
      <h2>{t('admin.outbox.body')}</h2>
      <pre class="mail-body">{message.text}</pre>
      {canRequeue && (
        <Form action={`/admin/outbox/${message.id}/requeue`}>
          <Button>{t('admin.outbox.requeue')}</Button>
        </Form>
      )}
    </AdminShell>
  );
}

export function JobsPage({ rows }: { rows: { name: string; state: string; count: number }[] }) {
  const { t } = usePage();
  return (
    <AdminShell section="jobs" title={t('admin.jobs.title')}>
      <p>{t('admin.jobs.intro')}</p>
      <Table
        caption={t('admin.jobs.caption')}
        rows={rows}
        columns={[
          { header: t('admin.jobs.queue'), cell: (r) => <code>{r.name}</code> },
          { header: t('admin.jobs.state'), cell: (r) => r.state },
          { header: t('admin.jobs.count'), cell: (r) => r.count, numeric: true },
        ]}
      />
    </AdminShell>
  );
}

export function AuditPage(props: { rows: (typeof auditEvents.$inferSelect)[]; total: number; page: number; pageSize: number; filters: { action: string; outcome: string; actor: string } }) {
  const { t, formatDate } = usePage();
  const f = props.filters;
  return (
    <AdminShell section="audit" title={t('admin.audit.title')}>
      <p>{t('admin.audit.intro')}</p>
      <Form action="/admin/audit" method="get" class="filters" aria-label={t('admin.filter')}>
        <Field name="action" label={t('admin.audit.action')} value={f.action} />
        <SelectField name="outcome" label={t('admin.audit.outcome')} value={f.outcome} options={['success', 'failure', 'denied'].map((o) => ({ value: o, label: t(`admin.audit.outcome.${o}`) }))} emptyLabel={t('admin.all')} />
        <Field name="actor" label={t('admin.audit.actor')} value={f.actor} />
        <Button variant="secondary">{t('admin.filter')}</Button>
      </Form>
      <Table
        caption={t('admin.audit.caption', { total: props.total })}
        rows={props.rows}
        columns={[
          { header: t('admin.audit.at'), cell: (e) => formatDate(e.at, 'datetime') },
          { header: t('admin.audit.action'), cell: (e) => <code>{e.action}</code> },
          { header: t('admin.audit.outcome'), cell: (e) => t(`admin.audit.outcome.${e.outcome}`) },
          { header: t('admin.audit.actor'), cell: (e) => (e.actorId ? <a href={`/admin/users/${e.actorId}`}>{e.actorId.slice(0, 8)}</a> : '—') },
          { header: t('admin.audit.target'), cell: (e) => (e.targetType ? `${e.targetType} ${e.targetId?.slice(0, 8) ?? ''}` : '—') },
          { header: t('admin.audit.details'), cell: (e) => (Object.keys(e.details).length ? <code>{JSON.stringify(e.details)}</code> : '') },
        ]}
      />
      <Pagination page={props.page} pageSize={props.pageSize} total={props.total} href={(n) => queryHref('/admin/audit', { ...f, page: n })} />
    </AdminShell>
  );
}
