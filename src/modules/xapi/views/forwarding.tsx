import { Alert, Button, CheckboxField, ErrorSummary, Facts, Field, Form, SelectField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import type { FormValues } from '../../../platform/http/forms.js';
import type { ForwardingStatus } from '../forwarding.js';

export interface ForwardingProps {
  status: ForwardingStatus | null;
  errors?: FieldErrors;
  values?: FormValues;
  notice?: 'saved' | 'resumed' | null;
  /** The outcome of "Send a test statement", in the reader's language. */
  test?: { ok: boolean; message: string } | null;
}

/** Forwarding to an external LRS: its state, the settings (the secret is never shown), a test, "retry now". */
export function ForwardingSection(props: ForwardingProps) {
  const { t, formatDate, formatNumber } = usePage();
  const s = props.status;
  const errors = props.errors ?? {};
  const values = props.values ?? (s ? { endpoint: s.endpoint, key: s.key, scope: s.scope, ...(s.enabled ? { enabled: 'on' } : {}) } : { enabled: 'on', scope: 'own', history: 'on' });
  const when = (d: Date | null) => (d ? formatDate(d, 'datetime') : t('xapi.forwarding.never'));
  const state = !s ? null : !s.enabled ? 'off' : s.halted ? 'halted' : s.nextAttemptAt ? 'waiting' : 'on';
  return (
    <section aria-labelledby="forwarding-title">
      <h2 id="forwarding-title">{t('xapi.forwarding.title')}</h2>
      <p>{t('xapi.forwarding.intro')}</p>
      {props.notice && (
        <Alert kind="success">
          <p>{t(`xapi.forwarding.${props.notice}`)}</p>
        </Alert>
      )}
      {props.test && (
        <Alert kind={props.test.ok ? 'success' : 'error'}>
          <p>{props.test.message}</p>
        </Alert>
      )}
      {s && state && (
        <>
          <h3>{t('xapi.forwarding.status')}</h3>
          <Facts
            items={[
              [t('xapi.forwarding.state'), t(`xapi.forwarding.state.${state}`, { date: s.nextAttemptAt ? formatDate(s.nextAttemptAt, 'datetime') : '' })],
              [t('xapi.forwarding.endpoint'), <code>{s.endpoint}</code>],
              [t('xapi.forwarding.backlog'), formatNumber(s.backlog)],
              [t('xapi.forwarding.forwarded'), formatNumber(s.forwarded)],
              [t('xapi.forwarding.rejected'), formatNumber(s.rejected)],
              [t('xapi.forwarding.lastSuccess'), when(s.lastSuccessAt)],
              [t('xapi.forwarding.lastError'), s.lastError ? `${when(s.lastErrorAt)}: ${s.lastError}` : t('xapi.forwarding.none')],
            ]}
          />
          <Form action="/admin/xapi/forwarding/test">
            <Button variant="secondary">{t('xapi.forwarding.test')}</Button>
          </Form>
          {(state === 'halted' || state === 'waiting') && (
            <Form action="/admin/xapi/forwarding/resume">
              <Button variant="secondary">{t('xapi.forwarding.resume')}</Button>
            </Form>
          )}
        </>
      )}
      <h3>{t(s ? 'xapi.forwarding.change' : 'xapi.forwarding.setUp')}</h3>
      <ErrorSummary errors={errors} />
      <Form action="/admin/xapi/forwarding">
        <Field name="endpoint" type="url" label={t('xapi.forwarding.endpoint')} hint={t('xapi.forwarding.endpointHint')} value={values.endpoint} error={errors.endpoint} required maxLength={2000} />
        <Field name="key" label={t('xapi.forwarding.key')} value={values.key} error={errors.key} required maxLength={500} autocomplete="off" />
        <Field name="secret" type="password" label={t('xapi.forwarding.secret')} hint={t(s ? 'xapi.forwarding.secretKeep' : 'xapi.forwarding.secretHint')} error={errors.secret} required={!s} maxLength={500} autocomplete="new-password" />
        <SelectField
          name="scope"
          label={t('xapi.forwarding.scope')}
          value={values.scope}
          error={errors.scope}
          options={[
            { value: 'own', label: t('xapi.forwarding.scope.own') },
            { value: 'all', label: t('xapi.forwarding.scope.all') },
          ]}
        />
        <CheckboxField name="history" label={t('xapi.forwarding.history')} hint={t('xapi.forwarding.historyHint')} checked={values.history === 'on'} />
        <CheckboxField name="enabled" label={t('xapi.forwarding.enabled')} checked={values.enabled === 'on'} />
        <Button>{t('xapi.forwarding.save')}</Button>
      </Form>
    </section>
  );
}
