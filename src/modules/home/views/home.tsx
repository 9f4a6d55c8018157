import { Card } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';

export function HomePage() {
  const { t, principal } = usePage();
  return (
    <Layout title={t('home.title')}>
      <section class="hero">
        <h1>{t('home.title')}</h1>
        <p class="lead">{t('home.lead')}</p>
      </section>
      <div class="cards">
        <Card title={t('home.train.title')}>
          <p>{t('home.train.body')}</p>
        </Card>
        <Card title={t('home.publish.title')}>
          <p>{t('home.publish.body')}</p>
        </Card>
        <Card title={t('home.care.title')}>
          <p>{t('home.care.body')}</p>
        </Card>
      </div>
      {!principal && (
        <p>
          <a class="button button--primary" href="/signup">
            {t('home.join')}
          </a>
        </p>
      )}
    </Layout>
  );
}
