import type { FormValues } from '../../../platform/http/forms.js';
import { Breadcrumbs, Button, ErrorSummary, Form, TextAreaField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { Layout } from '../../../platform/ui/layout.js';
import { QUESTIONNAIRES, type QuestionnaireKind } from '../content.js';
import type { LearnerCourse } from '../learning.js';

/** A radio group: the choices of one item, with its error next to it. */
function Choices({ name, legend, choices, value, error }: { name: string; legend: string; choices: { value: string; label: string }[]; value?: string; error?: string }) {
  const { t } = usePage();
  return (
    <fieldset class={`field${error ? ' field--error' : ''}`} id={`field-${name}`} aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      {error && (
        <p class="field__error" id={`${name}-error`}>
          {t(error)}
        </p>
      )}
      <div class="scale">
        {choices.map((c) => (
          <div class="choice" key={c.value}>
            <input type="radio" name={name} id={`${name}-${c.value}`} value={c.value} checked={value === c.value} />
            <label for={`${name}-${c.value}`}>{c.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function QuestionnairePage({ lc, kind, values, errors, holdsCertificate }: { lc: LearnerCourse; kind: QuestionnaireKind; values: FormValues; errors: FieldErrors; holdsCertificate: boolean }) {
  const { t } = usePage();
  const slug = lc.detail.card.slug;
  const course = lc.detail.card.text.value.title;
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
          return <Choices key={item.id} name={item.id} legend={label} choices={choices} value={values[item.id]} error={errors[item.id]} />;
        })}
        <Button>{t('training.questionnaire.submit')}</Button>
      </Form>
    </Layout>
  );
}
