import { Alert, Breadcrumbs, Button, CheckboxField, ErrorSummary, Field, Form, Table, TextAreaField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { FormValues } from '../../../platform/http/forms.js';
import { ForwardingSection, type ForwardingProps } from './forwarding.js';

export interface ClientRow {
  id: string;
  name: string;
  key: string;
  canRead: boolean;
  canWrite: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * The administrators' page of xAPI clients: the list, a form to issue credentials, and the secret just issued
 * (once); then forwarding to an external LRS.
 */
export function ClientsPage(props: { rows: ClientRow[]; endpoint: string; issued?: { name: string; key: string; secret: string } | null; errors?: FieldErrors; values?: FormValues; notice?: string | null; forwarding: ForwardingProps }) {
  const { t, formatDate } = usePage();
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  const fresh = !props.values;
  return (
    <Layout title={t('xapi.clients.title')}>
      <Breadcrumbs items={[{ href: '/admin', label: t('admin.title') }, { label: t('xapi.clients.title') }]} />
      <h1>{t('xapi.clients.title')}</h1>
      <p>{t('xapi.clients.intro', { endpoint: props.endpoint })}</p>
      {props.notice === 'revoked' && (
        <Alert kind="success">
          <p>{t('xapi.clients.revoked')}</p>
        </Alert>
      )}
      {props.issued && (
        <Alert kind="success" title={t('xapi.clients.issued', { name: props.issued.name })}>
          <p>{t('xapi.clients.secretOnce')}</p>
          <dl class="facts">
            <dt>{t('xapi.clients.endpoint')}</dt>
            <dd>
              <code>{props.endpoint}</code>
            </dd>
            <dt>{t('xapi.clients.key')}</dt>
            <dd>
              <code>{props.issued.key}</code>
            </dd>
            <dt>{t('xapi.clients.secret')}</dt>
            <dd>
              <code>{props.issued.secret}</code>
            </dd>
          </dl>
        </Alert>
      )}
      <Table
        caption={t('xapi.clients.caption', { total: props.rows.length })}
        rows={props.rows}
        empty={t('xapi.clients.none')}
        columns={[
          { header: t('field.name'), cell: (c) => c.name },
          { header: t('xapi.clients.key'), cell: (c) => <code>{c.key}</code> },
          { header: t('xapi.clients.scopes'), cell: (c) => [c.canRead && t('xapi.clients.read'), c.canWrite && t('xapi.clients.write')].filter(Boolean).join(', ') },
          { header: t('xapi.clients.created'), cell: (c) => formatDate(c.createdAt) },
          { header: t('xapi.clients.lastUsed'), cell: (c) => (c.lastUsedAt ? formatDate(c.lastUsedAt, 'datetime') : '—') },
          {
            header: t('xapi.clients.status'),
            cell: (c) =>
              c.revokedAt ? (
                t('xapi.clients.revokedOn', { date: formatDate(c.revokedAt) })
              ) : (
                <Form action={`/admin/xapi/${c.id}/revoke`}>
                  <Button variant="danger">{t('xapi.clients.revoke', { name: c.name })}</Button>
                </Form>
              ),
          },
        ]}
      />
      <h2>{t('xapi.clients.new')}</h2>
      <ErrorSummary errors={errors} />
      <Form action="/admin/xapi">
        <Field name="name" label={t('field.name')} value={values.name} error={errors.name} required maxLength={200} />
        <CheckboxField name="canRead" label={t('xapi.clients.canRead')} checked={fresh || values.canRead === 'on'} />
        <CheckboxField name="canWrite" label={t('xapi.clients.canWrite')} checked={fresh || values.canWrite === 'on'} error={errors.canWrite} />
        <TextAreaField name="authority" label={t('xapi.clients.authority')} hint={t('xapi.clients.authorityHint')} value={values.authority} error={errors.authority} rows={3} />
        <Button>{t('xapi.clients.issue')}</Button>
      </Form>
      <ForwardingSection {...props.forwarding} />
    </Layout>
  );
}
