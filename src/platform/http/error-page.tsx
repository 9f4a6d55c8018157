import { Layout } from '../ui/layout.js';
import { STATUSES_WITH_MESSAGES } from './errors.js';
import { usePage } from '../ui/context.js';

export function ErrorPage({ status, message }: { status: number; message: string }) {
  const { t, requestId } = usePage();
  const key = STATUSES_WITH_MESSAGES.includes(status) ? status : status >= 500 ? 500 : 400;
  return (
    <Layout title={t(`error.${key}.title`)} showRequestId>
      <h1>{t(`error.${key}.title`)}</h1>
      <p>{message}</p>
      {status >= 500 && status !== 503 && status !== 507 && <p>{t('error.500.reference', { id: requestId })}</p>}
      <p>
        <a href="/">{t('error.backHome')}</a>
      </p>
    </Layout>
  );
}
