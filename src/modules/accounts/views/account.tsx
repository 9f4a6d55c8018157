import type { ComponentChildren } from 'preact';
import { Alert, Button, ButtonLink, ErrorSummary, Field, Form, SelectField, Table, Tabs, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { GENDERS } from '../../../platform/identity/users.js';
import { countryOptions, localeOptions, professionOptions } from '../../../platform/ui/options.js';
import type { FormValues } from '../../../platform/http/forms.js';
import type { Session } from '../../../platform/identity/sessions.js';

type Section = 'profile' | 'security' | 'sessions' | 'data';

/** The account area: a tab per section, a notice after a successful change. */
export function AccountShell({ section, title, notice, children }: { section: Section; title: string; notice?: string | null; children: ComponentChildren }) {
  const { t } = usePage();
  const tabs: { key: Section; href: string }[] = [
    { key: 'profile', href: '/account' },
    { key: 'security', href: '/account/security' },
    { key: 'sessions', href: '/account/sessions' },
    { key: 'data', href: '/account/data' },
  ];
  return (
    <Layout title={title}>
      <h1>{t('account.title')}</h1>
      <Tabs label={t('account.title')} items={tabs.map((x) => ({ href: x.href, label: t(`account.${x.key}.title`), current: x.key === section }))} />
      {notice && (
        <Alert kind={notice === 'totp-required' ? 'warning' : 'success'}>
          <p>{t(`notice.${notice}`)}</p>
        </Alert>
      )}
      <h2>{title}</h2>
      {children}
    </Layout>
  );
}

export function ProfilePage({ values, errors = {}, email, notice }: { values: FormValues; errors?: FieldErrors; email: string; notice?: string | null }) {
  const { t, locale } = usePage();
  return (
    <AccountShell section="profile" title={t('account.profile.title')} notice={notice}>
      <ErrorSummary errors={errors} />
      <Form action="/account">
        <Field name="name" label={t('field.name')} value={values.name} error={errors.name} autocomplete="name" required maxLength={200} />
        <SelectField name="profession" label={t('field.profession')} value={values.profession} error={errors.profession} options={professionOptions(t)} emptyLabel={t('form.choose')} optional />
        <SelectField name="gender" label={t('field.gender')} hint={t('field.genderHint')} value={values.gender} error={errors.gender} options={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))} emptyLabel={t('form.choose')} optional />
        <SelectField name="country" label={t('field.country')} value={values.country} error={errors.country} options={countryOptions(locale)} emptyLabel={t('form.choose')} autocomplete="country" optional />
        <SelectField name="locale" label={t('field.locale')} value={values.locale} error={errors.locale} options={localeOptions()} required />
        <Button>{t('form.save')}</Button>
      </Form>
      <h3>{t('field.email')}</h3>
      <p>
        <strong>{email}</strong> <a href="/account/email">{t('account.email.change')}</a>
      </p>
    </AccountShell>
  );
}

export function ChangeEmailPage({ values = {}, errors = {}, sent }: { values?: FormValues; errors?: FieldErrors; sent?: boolean }) {
  const { t } = usePage();
  return (
    <AccountShell section="profile" title={t('account.email.title')}>
      {sent ? (
        <Alert kind="success">
          <p>{t('account.email.sent')}</p>
        </Alert>
      ) : (
        <>
          <ErrorSummary errors={errors} />
          <Form action="/account/email">
            <Field name="email" type="email" label={t('field.newEmail')} value={values.email} error={errors.email} autocomplete="email" required spellcheck={false} />
            <Field name="password" type="password" label={t('field.currentPassword')} error={errors.password} autocomplete="current-password" required />
            <Button>{t('account.email.submit')}</Button>
          </Form>
        </>
      )}
    </AccountShell>
  );
}

export function ChangePasswordPage({ errors = {} }: { errors?: FieldErrors }) {
  const { t } = usePage();
  return (
    <AccountShell section="security" title={t('account.password.title')}>
      <ErrorSummary errors={errors} />
      <Form action="/account/password">
        <Field name="current" type="password" label={t('field.currentPassword')} error={errors.current} autocomplete="current-password" required />
        <Field name="password" type="password" label={t('field.newPassword')} hint={t('field.newPassword.hint')} error={errors.password} autocomplete="new-password" required />
        <Button>{t('account.password.submit')}</Button>
      </Form>
    </AccountShell>
  );
}

export interface SecurityKeyRow {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export function SecurityPage(props: {
  totpEnabled: boolean;
  required: boolean;
  recoveryCodes: { remaining: number; weak: boolean };
  /** The account's security keys; null when this address cannot have any (an IP address, not a domain name). */
  keys: SecurityKeyRow[] | null;
  keyRequired: boolean;
  notice?: string | null;
  errors?: FieldErrors;
  values?: FormValues;
  codes?: string[];
}) {
  const { t } = usePage();
  const errors = props.errors ?? {};
  return (
    <AccountShell section="security" title={t('account.security.title')} notice={props.notice}>
      <ErrorSummary errors={errors} />
      {props.codes && <RecoveryCodes codes={props.codes} />}
      <h3>{t('account.password.title')}</h3>
      <p>
        <ButtonLink href="/account/password">{t('account.password.change')}</ButtonLink>
      </p>
      <h3>{t('totp.title')}</h3>
      {props.totpEnabled ? (
        <>
          <p>{t('totp.enabled')}</p>
          <p>{t('totp.remaining', { count: props.recoveryCodes.remaining })}</p>
          {props.recoveryCodes.weak && (
            <Alert kind="warning">
              <p>{t('totp.weakCodes')}</p>
            </Alert>
          )}
          <Form action="/account/security/recovery-codes" aria-label={t('totp.newCodes')}>
            <Field name="code" label={t('field.code')} hint={t('field.code.hint')} error={errors.code} autocomplete="one-time-code" required spellcheck={false} />
            <Button variant="secondary" name="action" value="codes">
              {t('totp.newCodes')}
            </Button>
            {!props.required && (
              <Button variant="danger" name="action" value="disable">
                {t('totp.disable')}
              </Button>
            )}
          </Form>
          {props.required && <p>{t('totp.requiredByRole')}</p>}
        </>
      ) : (
        <>
          <p>{t('totp.intro')}</p>
          <p>
            <ButtonLink href="/account/security/totp" variant="primary">
              {t('totp.setUp')}
            </ButtonLink>
          </p>
        </>
      )}
      <SecurityKeys keys={props.keys} required={props.keyRequired} totpEnabled={props.totpEnabled} errors={errors} values={props.values ?? {}} />
    </AccountShell>
  );
}

function SecurityKeys({ keys, required, totpEnabled, errors, values }: { keys: SecurityKeyRow[] | null; required: boolean; totpEnabled: boolean; errors: FieldErrors; values: FormValues }) {
  const { t, formatDate } = usePage();
  return (
    <>
      <h3>{t('securityKeys.title')}</h3>
      <p>{t('securityKeys.intro')}</p>
      {required && (
        <Alert kind={keys?.length ? 'info' : 'warning'}>
          <p>{t('securityKeys.required')}</p>
        </Alert>
      )}
      {!keys ? (
        <p>{t('securityKeys.unavailable')}</p>
      ) : !totpEnabled ? (
        <p>{t('securityKeys.needsApp')}</p>
      ) : (
        <>
          <Table
            caption={t('securityKeys.title')}
            empty={t('securityKeys.none')}
            rows={keys}
            columns={[
              { header: t('securityKeys.name'), cell: (k) => k.name },
              { header: t('securityKeys.added'), cell: (k) => formatDate(k.createdAt, 'date') },
              { header: t('securityKeys.lastUsed'), cell: (k) => (k.lastUsedAt ? formatDate(k.lastUsedAt, 'datetime') : t('securityKeys.neverUsed')) },
            ]}
          />
          <Form action="/account/security/keys" aria-label={t('securityKeys.add')} webauthn={{ mode: 'register', options: '/account/security/keys/options' }}>
            <Field name="name" label={t('securityKeys.name')} hint={t('securityKeys.nameHint')} error={errors.name} value={values.name} required maxLength={60} />
            <Button>{t('securityKeys.add')}</Button>
          </Form>
          {keys.length > 0 && (
            <Form action="/account/security/keys/remove" aria-label={t('securityKeys.remove')}>
              <SelectField name="key" label={t('securityKeys.which')} options={keys.map((k) => ({ value: k.id, label: k.name }))} error={errors.key} />
              <Field name="removeCode" label={t('field.code')} hint={t('field.code.hint')} error={errors.removeCode} autocomplete="one-time-code" required spellcheck={false} />
              <Button variant="danger">{t('securityKeys.remove')}</Button>
            </Form>
          )}
        </>
      )}
    </>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = usePage();
  return (
    <section class="recovery-codes" aria-labelledby="recovery-title">
      <h3 id="recovery-title">{t('totp.codesTitle')}</h3>
      <p>{t('totp.codesIntro')}</p>
      <ul class="code-list">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TotpSetupPage({ secret, sealed, qrSvg, errors = {} }: { secret: string; sealed: string; qrSvg: string; errors?: FieldErrors }) {
  const { t } = usePage();
  return (
    <AccountShell section="security" title={t('totp.setUp')}>
      <ErrorSummary errors={errors} />
      <ol class="steps">
        <li>
          <p>{t('totp.step1')}</p>
          <div class="qr" role="img" aria-label={t('totp.qrLabel')} dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <p>
            {t('totp.manual')} <code class="secret" data-testid="totp-secret">{secret}</code>
          </p>
        </li>
        <li>
          <p>{t('totp.step2')}</p>
          <Form action="/account/security/totp">
            <input type="hidden" name="sealed" value={sealed} />
            <Field name="code" label={t('field.code')} error={errors.code} autocomplete="one-time-code" inputMode="numeric" required spellcheck={false} />
            <Button>{t('totp.confirm')}</Button>
          </Form>
        </li>
      </ol>
    </AccountShell>
  );
}

export function SessionsPage({ sessions, currentId, notice }: { sessions: Session[]; currentId: string; notice?: string | null }) {
  const { t, formatDate } = usePage();
  return (
    <AccountShell section="sessions" title={t('account.sessions.title')} notice={notice}>
      <p>{t('account.sessions.intro')}</p>
      <Table
        caption={t('account.sessions.caption')}
        rows={sessions}
        columns={[
          { header: t('account.sessions.device'), cell: (s) => <>{describeAgent(s.userAgent) || t('account.sessions.unknownDevice')}{s.id === currentId && <strong> ({t('account.sessions.current')})</strong>}</> },
          { header: t('account.sessions.started'), cell: (s) => formatDate(s.createdAt, 'datetime') },
          { header: t('account.sessions.lastActive'), cell: (s) => formatDate(s.lastSeenAt, 'datetime') },
          {
            header: t('account.sessions.action'),
            cell: (s) => (
              <Form action={`/account/sessions/${encodeURIComponent(s.id)}/end`}>
                <Button variant="secondary">{s.id === currentId ? t('nav.signOut') : t('account.sessions.end')}</Button>
              </Form>
            ),
          },
        ]}
      />
      {sessions.length > 1 && (
        <Form action="/account/sessions/end-others">
          <Button variant="danger">{t('account.sessions.endOthers')}</Button>
        </Form>
      )}
    </AccountShell>
  );
}

/** A short human name for a browser from its user-agent string (no fingerprinting, just a label). */
function describeAgent(ua: string): string {
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chromium' : /Safari\//.test(ua) ? 'Safari' : '';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  return [browser, os].filter(Boolean).join(' · ') || ua.slice(0, 60);
}

export function DataPage({ errors = {}, totpEnabled }: { errors?: FieldErrors; totpEnabled: boolean }) {
  const { t } = usePage();
  return (
    <AccountShell section="data" title={t('account.data.title')}>
      <h3>{t('account.export.title')}</h3>
      <p>{t('account.export.intro')}</p>
      <p>
        <ButtonLink href="/account/export">{t('account.export.submit')}</ButtonLink>
      </p>
      <h3>{t('account.delete.title')}</h3>
      <p>{t('account.delete.intro')}</p>
      <ErrorSummary errors={errors} />
      <Form action="/account/delete">
        <Field name="password" type="password" label={t('field.currentPassword')} error={errors.password} autocomplete="current-password" required />
        {totpEnabled && <Field name="code" label={t('field.code')} hint={t('field.code.hint')} error={errors.code} autocomplete="one-time-code" required spellcheck={false} />}
        <Field name="confirm" label={t('account.delete.confirmLabel')} hint={t('account.delete.confirmHint')} error={errors.confirm} required spellcheck={false} />
        <Button variant="danger">{t('account.delete.submit')}</Button>
      </Form>
    </AccountShell>
  );
}
