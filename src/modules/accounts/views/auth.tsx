import { Alert, Button, ErrorSummary, Field, Form, SelectField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { FormValues } from '../../../platform/http/forms.js';
import { countryOptions, localeOptions, professionOptions } from '../../../platform/ui/options.js';

interface FormPageProps {
  values?: FormValues;
  errors?: FieldErrors;
}

export function SignUpPage({ values = {}, errors = {} }: FormPageProps) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('signup.title')}>
      <div class="narrow">
        <h1>{t('signup.title')}</h1>
        <p>{t('signup.intro')}</p>
        <ErrorSummary errors={errors} />
        <Form action="/signup">
          <Field name="name" label={t('field.name')} value={values.name} error={errors.name} autocomplete="name" required maxLength={200} />
          <Field name="email" type="email" label={t('field.email')} value={values.email} error={errors.email} autocomplete="email" required spellcheck={false} />
          <Field name="password" type="password" label={t('field.newPassword')} hint={t('field.newPassword.hint')} error={errors.password} autocomplete="new-password" required />
          <SelectField name="profession" label={t('field.profession')} value={values.profession} error={errors.profession} options={professionOptions(t)} emptyLabel={t('form.choose')} optional />
          <SelectField name="country" label={t('field.country')} value={values.country} error={errors.country} options={countryOptions(locale)} emptyLabel={t('form.choose')} autocomplete="country" optional />
          <SelectField name="locale" label={t('field.locale')} value={values.locale ?? locale} error={errors.locale} options={localeOptions()} required />
          <Button>{t('signup.submit')}</Button>
        </Form>
        <p>
          {t('signup.haveAccount')} <a href="/signin">{t('nav.signIn')}</a>
        </p>
      </div>
    </Layout>
  );
}

export function MessagePage({ title, body, children }: { title: string; body: string; children?: preact.ComponentChildren }) {
  return (
    <Layout title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>{body}</p>
        {children}
      </div>
    </Layout>
  );
}

export function ConfirmPage({ title, body, action }: { title: string; body: string; action: string }) {
  const { t } = usePage();
  return (
    <Layout title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>{body}</p>
        <Form action={action}>
          <Button>{t('verify.submit')}</Button>
        </Form>
      </div>
    </Layout>
  );
}

export function VerifyPage({ token, invalid }: { token: string; invalid?: boolean }) {
  const { t } = usePage();
  return (
    <Layout title={t('verify.title')}>
      <div class="narrow">
        <h1>{t('verify.title')}</h1>
        {invalid ? (
          <Alert kind="error">
            <p>{t('verify.invalid')}</p>
          </Alert>
        ) : (
          <>
            <p>{t('verify.intro')}</p>
            <Form action={`/verify/${encodeURIComponent(token)}`}>
              <Button>{t('verify.submit')}</Button>
            </Form>
          </>
        )}
      </div>
    </Layout>
  );
}

export function SignInPage({ values = {}, errors = {}, next, notice }: FormPageProps & { next: string; notice?: string }) {
  const { t } = usePage();
  return (
    <Layout title={t('signin.title')}>
      <div class="narrow">
        <h1>{t('signin.title')}</h1>
        {notice && (
          <Alert kind="success">
            <p>{t(`notice.${notice}`)}</p>
          </Alert>
        )}
        <ErrorSummary errors={errors} />
        <Form action="/signin">
          <input type="hidden" name="next" value={next} />
          <Field name="email" type="email" label={t('field.email')} value={values.email} error={errors.email} autocomplete="username" required spellcheck={false} />
          <Field name="password" type="password" label={t('field.password')} error={errors.password} autocomplete="current-password" required />
          <Button>{t('signin.submit')}</Button>
        </Form>
        <p>
          <a href="/password/forgot">{t('signin.forgot')}</a>
        </p>
        <p>
          {t('signin.noAccount')} <a href="/signup">{t('nav.signUp')}</a>
        </p>
      </div>
    </Layout>
  );
}

/** The second step of sign-in: a security key (with JavaScript, when the account has one) or a code. */
export function SecondFactorPage({ errors = {}, next, hasKeys, keyRequired }: FormPageProps & { next: string; hasKeys: boolean; keyRequired: boolean }) {
  const { t } = usePage();
  return (
    <Layout title={t('secondFactor.title')}>
      <div class="narrow">
        <h1>{t('secondFactor.title')}</h1>
        <ErrorSummary errors={errors} />
        {hasKeys && (
          <Form action="/signin/second-factor" aria-label={t('secondFactor.useKey')} webauthn={{ mode: 'authenticate', options: '/signin/second-factor/key-options' }}>
            <input type="hidden" name="next" value={next} />
            <p>{t('secondFactor.keyIntro')}</p>
            <Button>{t('secondFactor.useKey')}</Button>
          </Form>
        )}
        <p>{t(keyRequired ? 'secondFactor.keyRequired' : 'secondFactor.intro')}</p>
        <Form action="/signin/second-factor" aria-label={t('secondFactor.title')}>
          <input type="hidden" name="next" value={next} />
          <Field name="code" label={t(keyRequired ? 'field.recoveryCode' : 'field.code')} hint={keyRequired ? undefined : t('field.code.hint')} error={errors.code} autocomplete="one-time-code" required spellcheck={false} />
          <Button variant={hasKeys ? 'secondary' : 'primary'}>{t('secondFactor.submit')}</Button>
        </Form>
        <Form action="/signout">
          <Button variant="link">{t('secondFactor.cancel')}</Button>
        </Form>
      </div>
    </Layout>
  );
}

export function ForgotPasswordPage({ values = {}, errors = {}, sent }: FormPageProps & { sent?: boolean }) {
  const { t } = usePage();
  return (
    <Layout title={t('forgot.title')}>
      <div class="narrow">
        <h1>{t('forgot.title')}</h1>
        {sent ? (
          <Alert kind="success">
            <p>{t('forgot.sent')}</p>
          </Alert>
        ) : (
          <>
            <p>{t('forgot.intro')}</p>
            <ErrorSummary errors={errors} />
            <Form action="/password/forgot">
              <Field name="email" type="email" label={t('field.email')} value={values.email} error={errors.email} autocomplete="email" required spellcheck={false} />
              <Button>{t('forgot.submit')}</Button>
            </Form>
          </>
        )}
      </div>
    </Layout>
  );
}

export function ResetPasswordPage({ token, errors = {}, needsSecondFactor, keyRequired = false, invalid }: FormPageProps & { token: string; needsSecondFactor: boolean; keyRequired?: boolean; invalid?: boolean }) {
  const { t } = usePage();
  return (
    <Layout title={t('reset.title')}>
      <div class="narrow">
        <h1>{t('reset.title')}</h1>
        {invalid ? (
          <Alert kind="error">
            <p>
              {t('reset.invalid')} <a href="/password/forgot">{t('reset.again')}</a>
            </p>
          </Alert>
        ) : (
          <>
            <ErrorSummary errors={errors} />
            <Form action={`/password/reset/${encodeURIComponent(token)}`}>
              <Field name="password" type="password" label={t('field.newPassword')} hint={t('field.newPassword.hint')} error={errors.password} autocomplete="new-password" required />
              {needsSecondFactor && (
                <Field name="code" label={t(keyRequired ? 'field.recoveryCode' : 'field.code')} hint={keyRequired ? undefined : t('field.code.hint')} error={errors.code} autocomplete="one-time-code" required spellcheck={false} />
              )}
              <Button>{t('reset.submit')}</Button>
            </Form>
          </>
        )}
      </div>
    </Layout>
  );
}
