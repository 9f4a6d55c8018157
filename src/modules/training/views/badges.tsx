import { Alert, Breadcrumbs, Button, ErrorSummary, Facts, FileField, Form, TextAreaField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import type { Certificate } from '../certificates.js';

/** The certificate page's panel: the state of its Open Badges credential and its downloads. */
export function DigitalCredential({ code, status }: { code: string; status: 'valid' | 'revoked' | 'invalid' }) {
  const { t } = usePage();
  const base = `/certificates/${code}`;
  return (
    <section aria-labelledby="credential-title" class="digital-credential">
      <h2 id="credential-title">{t('training.badge.title')}</h2>
      {status === 'valid' ? (
        <Alert kind="success" title={t('training.badge.panelValid')}>
          <p>{t('training.badge.panelValidBody')}</p>
        </Alert>
      ) : status === 'revoked' ? (
        <Alert kind="error" title={t('training.badge.panelRevoked')} />
      ) : (
        <Alert kind="error" title={t('training.badge.panelInvalid')} />
      )}
      <p>{t('training.badge.downloadsLead')}</p>
      <ul class="credential-downloads">
        <li>
          <a href={`${base}/badge.png`} download>
            {t('training.badge.downloadPng')}
          </a>
        </li>
        <li>
          <a href={`${base}/badge.svg`} download>
            {t('training.badge.downloadSvg')}
          </a>
        </li>
        <li>
          <a href={`${base}/credential.jwt`} download>
            {t('training.badge.downloadJwt')}
          </a>
        </li>
        <li>
          <a href={`${base}/credential.json`} download>
            {t('training.badge.downloadJson')}
          </a>
        </li>
      </ul>
      <p>
        <a href="/badges/verify">{t('training.badge.checkFileLink')}</a>
      </p>
    </section>
  );
}

export type CheckOutcome =
  | { kind: 'valid' | 'revoked'; code: string; certificate: Certificate | null; credential: Record<string, unknown> }
  | { kind: 'tampered' | 'foreign' };

/** What a checked credential says, read from its signed content. */
function credentialFacts(credential: Record<string, unknown>) {
  const subject = (credential.credentialSubject ?? {}) as { identifier?: { identityType?: string; identityHash?: string }[]; achievement?: { name?: string } };
  const name = subject.identifier?.find((i) => i.identityType === 'name')?.identityHash;
  const issued = typeof credential.validFrom === 'string' ? new Date(credential.validFrom) : null;
  return { name: typeof name === 'string' ? name : '', course: typeof subject.achievement?.name === 'string' ? subject.achievement.name : '', issued: issued && !Number.isNaN(issued.getTime()) ? issued : null };
}

/** Anyone can check a credential they were given: a badge image, a .jwt or .json file, or a pasted token. */
export function VerifyCredentialPage({ errors, token, outcome }: { errors: FieldErrors; token?: string; outcome?: CheckOutcome }) {
  const { t, formatDate } = usePage();
  const facts = outcome && (outcome.kind === 'valid' || outcome.kind === 'revoked') ? credentialFacts(outcome.credential) : null;
  return (
    <Layout title={t('training.badge.verifyTitle')} head={<meta name="robots" content="noindex" />}>
      <Breadcrumbs items={[{ href: '/', label: t('nav.home') }, { href: '/certificates', label: t('training.certificate.verifyTitle') }, { label: t('training.badge.verifyTitle') }]} />
      <h1>{t('training.badge.verifyTitle')}</h1>
      {outcome && (
        <section aria-labelledby="result-title" class="credential-result">
          <h2 id="result-title" class="visually-hidden">
            {t('training.badge.result')}
          </h2>
          {outcome.kind === 'valid' && <Alert kind="success" title={t('training.badge.result.valid')} />}
          {outcome.kind === 'revoked' && (
            <Alert kind="error" title={t('training.badge.result.revoked')}>
              {outcome.certificate?.revokedAt ? <p>{t('training.certificate.revokedOn', { date: formatDate(outcome.certificate.revokedAt) })}</p> : <p>{t('training.badge.result.withdrawn')}</p>}
              {outcome.certificate?.revokedReason && <p>{outcome.certificate.revokedReason}</p>}
            </Alert>
          )}
          {outcome.kind === 'tampered' && (
            <Alert kind="error" title={t('training.badge.result.tampered')}>
              <p>{t('training.badge.result.tamperedBody')}</p>
            </Alert>
          )}
          {outcome.kind === 'foreign' && (
            <Alert kind="warning" title={t('training.badge.result.foreign')}>
              <p>{t('training.badge.result.foreignBody')}</p>
            </Alert>
          )}
          {facts && (outcome.kind === 'valid' || outcome.kind === 'revoked') && (
            <Facts
              items={[
                [t('training.certificate.learner'), facts.name],
                [t('training.certificate.course'), facts.course],
                ...(facts.issued ? [[t('training.certificate.date'), formatDate(facts.issued)] as [string, string]] : []),
                [t('training.certificate.code'), outcome.kind === 'valid' || outcome.certificate ? <a href={`/certificates/${outcome.code}`}>{outcome.code}</a> : outcome.code],
              ]}
            />
          )}
        </section>
      )}
      <p class="lead">{t('training.badge.verifyLead')}</p>
      <ErrorSummary errors={errors} />
      <Form action="/badges/verify" enctype="multipart/form-data">
        <FileField name="file" label={t('training.badge.file')} hint={t('training.badge.fileHint')} accept=".png,.svg,.jwt,.jws,.json,image/png,image/svg+xml,application/json,text/plain" error={errors.file} />
        <TextAreaField name="token" label={t('training.badge.token')} hint={t('training.badge.tokenHint')} value={token} rows={4} maxLength={20_000} optional error={errors.token} />
        <Button>{t('training.certificate.check')}</Button>
      </Form>
    </Layout>
  );
}
