import type { ComponentChildren } from 'preact';
import { hasRole } from '../../../platform/access.js';
import type { FormValues } from '../../../platform/http/forms.js';
import { Alert, Breadcrumbs, Button, ErrorSummary, Facts, Field, Form, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { Certificate } from '../certificates.js';
import { formatDuration } from './format.js';

/** Anyone can check a certificate: from its code, typed or scanned from the QR code. */
export function VerifyForm({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  const { t } = usePage();
  return (
    <Layout title={t('training.certificate.verifyTitle')}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { href: '/training', label: t('training.title') }, { label: t('training.certificate.verifyTitle') }]} />
      <h1>{t('training.certificate.verifyTitle')}</h1>
      <p class="lead">{t('training.certificate.verifyLead')}</p>
      <ErrorSummary errors={errors} />
      <Form action="/certificates" method="get">
        <Field name="code" label={t('training.certificate.code')} hint={t('training.certificate.codeHint')} value={values.code} error={errors.code} required autocomplete="off" spellcheck={false} maxLength={40} />
        <Button>{t('training.certificate.check')}</Button>
      </Form>
      <p>
        <a href="/badges/verify">{t('training.badge.checkFileLink')}</a>
      </p>
    </Layout>
  );
}

export function CertificatePage({ c, courseSlug, errors, credential }: { c: Certificate; courseSlug: string; errors?: FieldErrors; credential?: ComponentChildren }) {
  const { t, locale, principal, formatDate, formatNumber } = usePage();
  const revoked = !!c.revokedAt;
  return (
    <Layout title={`${t('training.certificate.title')} ${c.code}`} head={<meta name="robots" content="noindex" />}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { href: '/certificates', label: t('training.certificate.verifyTitle') }, { label: c.code }]} />
      <h1>
        {t('training.certificate.title')} {c.code}
      </h1>
      {revoked ? (
        <Alert kind="error" title={t('training.certificate.revoked')}>
          <p>{t('training.certificate.revokedOn', { date: formatDate(c.revokedAt!) })}</p>
          {c.revokedReason && <p>{c.revokedReason}</p>}
        </Alert>
      ) : (
        <Alert kind="success" title={t('training.certificate.valid')} />
      )}
      <Facts
        items={[
          [t('training.certificate.learner'), c.learnerName],
          [t('training.certificate.course'), <a href={`/training/courses/${courseSlug}`} lang={c.locale !== locale ? c.locale : undefined}>{c.courseTitle}</a>],
          [t('training.certificate.date'), formatDate(c.issuedAt)],
          [t('training.certificate.duration'), formatDuration(locale, c.durationMinutes)],
          ...(c.profession ? c.credits.map((x) => [`${t(`training.scheme.${x.scheme}`)} (${t(`profession.${c.profession}`)})`, formatNumber(x.amount)] as [string, string]) : []),
        ]}
      />
      {credential}
      {hasRole(principal, 'administrator') && !revoked && (
        <section aria-labelledby="revoke-title">
          <h2 id="revoke-title">{t('training.certificate.revoke')}</h2>
          <ErrorSummary errors={errors ?? {}} />
          <Form action={`/certificates/${c.code}/revoke`}>
            <Field name="reason" label={t('training.certificate.reason')} error={errors?.reason} required maxLength={500} />
            <Button variant="danger">{t('training.certificate.revoke')}</Button>
          </Form>
        </section>
      )}
    </Layout>
  );
}
