import type { FormValues } from '../../../platform/http/forms.js';
import { Breadcrumbs, Button, ErrorSummary, Form, RadioGroup, TextAreaField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { QUESTIONNAIRES, type QuestionnaireKind } from '../content.js';
import type { LearnerCourse } from '../learning.js';

export function QuestionnairePage({ lc, kind, values, errors, holdsCertificate }: { lc: LearnerCourse; kind: QuestionnaireKind; values: FormValues; errors: FieldErrors; holdsCertificate: boolean }) {
  const { t } = usePage();
  const slug = lc.course.slug;
  const course = lc.course.text.value.title;
  const title = t(`training.questionnaire.${kind}`);
  return (
    <Layout title={`${title} · ${course}`}>
      <Breadcrumbs items={[{ href: '/learn', label: t('training.dashboard.title') }, { href: `/learn/${slug}`, label: course }, { label: title }]} />
      <h1>{title}</h1>
      <p class="lead">{t('training.questionnaire.anonymous')}</p>
      {holdsCertificate && <p>{t('training.questionnaire.forCertificate')}</p>}
      <ErrorSummary errors={errors} />
      <Form action={`/learn/${slug}/questionnaires/${kind}`}>
        {QUESTIONNAIRES[kind].items.map((item) => {
          const label = t(`training.questionnaire.item.${item.id}`);
          if (item.type === 'text') return <TextAreaField key={item.id} name={item.id} label={label} value={values[item.id]} error={errors[item.id]} rows={4} maxLength={2000} optional={!item.required} />;
          const choices =
            item.type === 'scale'
              ? [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t(`training.questionnaire.scale.${n}`) }))
              : [
                  { value: 'yes', label: t('training.questionnaire.yes') },
                  { value: 'no', label: t('training.questionnaire.no') },
                ];
          return <RadioGroup key={item.id} name={item.id} legend={label} options={choices} checked={values[item.id]} error={errors[item.id]} />;
        })}
        <Button>{t('training.questionnaire.submit')}</Button>
      </Form>
    </Layout>
  );
}
