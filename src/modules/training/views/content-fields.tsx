import type { FormValues } from '../../../platform/http/forms.js';
import { CheckboxField, Field, RadioGroup, TextAreaField, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { MAX_OPTIONS } from '../author-forms.js';
import { SHORT_ANSWER_GRADINGS, type BlockKind, type BlockText, type QuestionKind, type QuestionText } from '../content.js';

/*
 * The fields of a block's or a question's text (names as author-forms.ts reads them). An author's form offers
 * rows for options, items or pairs and asks which answers are right; a translator's (`source` given) has the
 * source's rows, in its order, and no answers: they do not depend on the language.
 */

/** `text`: the language and direction of what is typed, when they are not the page's. */
type Props = { values: FormValues; errors: FieldErrors; text?: { lang?: string; dir?: 'ltr' | 'rtl' } };
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** An author's form shows the rows filled so far and one more, at least four (ECM's number of options). */
const rowsShown = (values: FormValues, names: string[]) => {
  const filled = range(MAX_OPTIONS).filter((i) => names.some((n) => values[`${n}${i}`]));
  return Math.min(MAX_OPTIONS, Math.max(4, (filled[filled.length - 1] ?? -1) + 2));
};

/** Without scripts a form cannot grow: saving it offers another empty row. */
function MoreRowsHint({ count }: { count: number }) {
  const { t } = usePage();
  return count < MAX_OPTIONS ? <p class="field__hint">{t('training.author.moreRows', { max: MAX_OPTIONS })}</p> : null;
}

function OptionRows({ values, errors, text, count }: Props & { count: number }) {
  const { t } = usePage();
  return (
    <>
      {range(count).map((i) => (
        <div class="option-row" key={i}>
          <Field {...text} name={`option${i}`} label={t('training.author.optionN', { n: i + 1 })} value={values[`option${i}`]} error={errors[`option${i}`]} maxLength={500} />
          <TextAreaField {...text} name={`feedback${i}`} label={t('training.author.feedbackN', { n: i + 1 })} value={values[`feedback${i}`]} error={errors[`feedback${i}`]} rows={2} maxLength={1000} optional />
        </div>
      ))}
    </>
  );
}

/** Which option is right: one (radio buttons) or several (a checkbox per option). */
function Answers({ values, errors, count, several }: Props & { count: number; several: boolean }) {
  const { t } = usePage();
  const options = range(count).map((i) => ({ value: String(i), label: t('training.author.optionN', { n: i + 1 }) }));
  if (!several) return <RadioGroup name="answer" legend={t('training.author.rightAnswer')} hint={t('training.author.rightAnswerHint')} options={options} checked={values.answer} error={errors.answer} />;
  return (
    <fieldset class={`field field--group${errors.answer ? ' field--error' : ''}`} id="field-answer">
      <legend>{t('training.author.rightAnswers')}</legend>
      {errors.answer && <p class="field__error">{t(errors.answer)}</p>}
      {options.map((o) => (
        <CheckboxField key={o.value} name={`answer${o.value}`} label={o.label} checked={values[`answer${o.value}`] === 'on'} />
      ))}
    </fieldset>
  );
}

export function BlockFields({ kind, values, errors, text, source }: Props & { kind: BlockKind; source?: BlockText }) {
  const { t } = usePage();
  const markdown = (label: string) => <TextAreaField {...text} name="markdown" label={label} hint={t('training.author.markdownHint')} value={values.markdown} error={errors.markdown} rows={12} maxLength={20_000} />;
  switch (kind) {
    case 'text':
      return markdown(t('training.author.text'));
    case 'vignette':
      return (
        <>
          <Field {...text} name="title" label={t('training.author.vignetteTitle')} value={values.title} error={errors.title} maxLength={200} required />
          {markdown(t('training.author.vignetteText'))}
          <TextAreaField {...text} name="prompts" label={t('training.author.prompts')} hint={t('training.author.onePerLine')} value={values.prompts} error={errors.prompts} rows={4} />
        </>
      );
    case 'check': {
      const count = source?.kind === 'check' ? source.options.length : rowsShown(values, ['option', 'feedback']);
      return (
        <>
          <TextAreaField {...text} name="question" label={t('training.author.question')} value={values.question} error={errors.question} rows={3} maxLength={1000} />
          <OptionRows values={values} errors={errors} text={text} count={count} />
          {!source && <MoreRowsHint count={count} />}
          {!source && <Answers values={values} errors={errors} count={count} several={false} />}
        </>
      );
    }
  }
}

export function QuestionFields({ kind, values, errors, text, source }: Props & { kind: QuestionKind; source?: QuestionText }) {
  const { t } = usePage();
  const feedback = (name: string, label: string) => <TextAreaField {...text} name={name} label={label} value={values[name]} error={errors[name]} rows={2} maxLength={1000} optional />;
  const fields = () => {
    switch (kind) {
      case 'single':
      case 'multiple': {
        const count = source?.kind === kind ? source.options.length : rowsShown(values, ['option', 'feedback']);
        return (
          <>
            <OptionRows values={values} errors={errors} text={text} count={count} />
            {!source && <MoreRowsHint count={count} />}
            {!source && <Answers values={values} errors={errors} count={count} several={kind === 'multiple'} />}
          </>
        );
      }
      case 'true-false':
        return (
          <>
            {!source && (
              <RadioGroup
                name="answer"
                legend={t('training.author.rightAnswer')}
                options={(['true', 'false'] as const).map((v) => ({ value: v, label: t(`training.test.${v}`) }))}
                checked={values.answer}
                error={errors.answer}
              />
            )}
            {feedback('feedbackTrue', t('training.author.feedbackTrue'))}
            {feedback('feedbackFalse', t('training.author.feedbackFalse'))}
          </>
        );
      case 'ordering': {
        const count = source?.kind === kind ? source.items.length : rowsShown(values, ['item']);
        return (
          <>
            {!source && <p class="field__hint">{t('training.author.itemsHint')}</p>}
            {range(count).map((i) => (
              <Field {...text} key={i} name={`item${i}`} label={t('training.author.itemN', { n: i + 1 })} value={values[`item${i}`]} error={errors[`item${i}`]} maxLength={500} />
            ))}
            {!source && <MoreRowsHint count={count} />}
            {feedback('feedback', t('training.author.questionFeedback'))}
          </>
        );
      }
      case 'matching': {
        const count = source?.kind === kind ? source.pairs.length : rowsShown(values, ['pairLeft', 'pairRight']);
        return (
          <>
            {!source && <p class="field__hint">{t('training.author.pairsHint')}</p>}
            {range(count).map((i) => (
              <div class="option-row" key={i}>
                <Field {...text} name={`pairLeft${i}`} label={t('training.author.pairLeftN', { n: i + 1 })} value={values[`pairLeft${i}`]} error={errors[`pairLeft${i}`]} maxLength={500} />
                <Field {...text} name={`pairRight${i}`} label={t('training.author.pairRightN', { n: i + 1 })} value={values[`pairRight${i}`]} error={errors[`pairRight${i}`]} maxLength={500} />
              </div>
            ))}
            {!source && <MoreRowsHint count={count} />}
            {feedback('feedback', t('training.author.questionFeedback'))}
          </>
        );
      }
      case 'short-answer': {
        // How it is graded is the author's choice; a translator translates what the original has.
        const keywords = !source || (source.kind === kind && source.keywords.length > 0);
        const guidance = !source || (source.kind === kind && !!source.guidance);
        return (
          <>
            {!source && (
              <RadioGroup
                name="grading"
                legend={t('training.author.grading')}
                hint={t('training.author.gradingHint')}
                options={SHORT_ANSWER_GRADINGS.map((g) => ({ value: g, label: t(`training.author.grading.${g}`) }))}
                checked={values.grading ?? 'keywords'}
                error={errors.grading}
              />
            )}
            {keywords && <TextAreaField {...text} name="keywords" label={t('training.author.keywords')} hint={t(source ? 'training.author.keywordsHint' : 'training.author.keywordsWhenAutomatic')} value={values.keywords} error={errors.keywords} rows={4} />}
            {guidance && <TextAreaField {...text} name="guidance" label={t('training.author.guidance')} hint={t('training.author.guidanceHint')} value={values.guidance} error={errors.guidance} rows={5} maxLength={4000} optional />}
            {feedback('feedback', t('training.author.questionFeedback'))}
          </>
        );
      }
    }
  };
  return (
    <>
      {!source && <Field name="competence" label={t('training.author.competence')} hint={t('training.author.competenceHint')} value={values.competence} error={errors.competence} maxLength={40} required spellcheck={false} />}
      <TextAreaField {...text} name="stem" label={t('training.author.stem')} value={values.stem} error={errors.stem} rows={3} maxLength={1000} />
      {fields()}
    </>
  );
}
