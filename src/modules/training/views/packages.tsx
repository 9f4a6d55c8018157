import type { FormValues } from '../../../platform/http/forms.js';
import { Breadcrumbs, Button, ErrorSummary, Field, FileField, Form, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';

/** Uploading a course package: it becomes a new draft course (works without scripts: a plain multipart form). */
export function ImportPackagePage({ values, errors, maxMb }: { values: FormValues; errors: FieldErrors; maxMb: number }) {
  const { t } = usePage();
  return (
    <Layout title={t('training.packages.import')}>
      <Breadcrumbs items={[{ href: '/author/courses', label: t('training.author.title') }, { label: t('training.packages.import') }]} />
      <h1>{t('training.packages.import')}</h1>
      <p>{t('training.packages.importIntro')}</p>
      <ErrorSummary errors={errors} />
      <Form action="/author/courses/import" enctype="multipart/form-data">
        <FileField name="package" label={t('training.packages.file')} hint={t('training.packages.fileHint', { size: maxMb })} accept=".zip,application/zip" required error={errors.package} />
        <Field name="slug" label={t('training.author.slug')} hint={t('training.packages.slugHint')} value={values.slug} error={errors.slug} maxLength={80} spellcheck={false} />
        <Button>{t('training.packages.importButton')}</Button>
      </Form>
    </Layout>
  );
}
