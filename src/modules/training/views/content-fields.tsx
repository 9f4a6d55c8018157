import type { FormValues } from '../../../platform/http/forms.js';
import { CheckboxField, Field, FileField, RadioGroup, TextAreaField, useFileSize, type FieldErrors } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { MAX_OPTIONS } from '../author-forms.js';
import { SHORT_ANSWER_GRADINGS, type BlockData, type BlockKind, type BlockText, type CourseFileRef, type QuestionKind, type QuestionText } from '../content.js';

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

/** Block kinds whose forms send files (multipart). */
export const TAKES_FILES: readonly BlockKind[] = ['image', 'video', 'audio', 'resource', 'scorm'];

/** A file field that, when editing, says which file is there now (left empty, it stays). */
function CourseFile({ name, label, hint, current, errors, accept }: { name: string; label: string; hint?: string; current?: CourseFileRef | null; errors: FieldErrors; accept: string }) {
  const { t } = usePage();
  const size = useFileSize();
  const now = current?.id ? t('training.author.currentFile', { name: current.name, size: size(current.size) }) : null;
  return <FileField name={name} label={label} hint={[now, hint].filter(Boolean).join(' ') || undefined} error={errors[name]} accept={accept} />;
}

/** The current block (when editing): which files it has. */
type Current = { data?: BlockData; content?: BlockText };

export function BlockFields({ kind, values, errors, text, source, current = {} }: Props & { kind: BlockKind; source?: BlockText; current?: Current }) {
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
 case 'image':
      return (
        <>
          {!source && (
            <FileField
              name="image"
              label={t('training.author.imageFile')}
              hint={current.data?.kind === 'image' && current.data.imageId ? `${t('training.author.imageKept')} ${t('training.author.imageHint')}` : t('training.author.imageHint')}
              error={errors.image}
              accept=".png,.jpg,.jpeg,.webp"
            />
          )}
          <Field {...text} name="alt" label={t('training.author.alt')} hint={t('training.author.altHint')} value={values.alt} error={errors.alt} maxLength={250} required />
          <Field {...text} name="caption" label={t('training.author.caption')} value={values.caption} error={errors.caption} maxLength={500} optional />
        </>
      );
    case 'video':
    case 'audio': {
      const played = current.data?.kind === kind ? current.data : null;
      const accept = kind === 'video' ? '.mp4,.webm' : '.mp3,.m4a';
      return (
        <>
          <Field {...text} name="title" label={t('training.author.mediaTitle')} value={values.title} error={errors.title} maxLength={200} required />
          {!source && <CourseFile name="media" label={t(`training.author.mediaFile.${kind}`)} hint={t('training.author.mediaHint')} current={played?.media} errors={errors} accept={accept} />}
          {!source && <CourseFile name="low" label={t('training.author.lowFile')} hint={t('training.author.lowHint')} current={played?.low} errors={errors} accept={accept} />}
          {!source && played?.low && <CheckboxField name="removeLow" label={t('training.author.removeLow')} checked={values.removeLow === 'on'} />}
          <TextAreaField {...text} name="captions" label={t('training.author.captions')} hint={t(kind === 'video' ? 'training.author.captionsHintVideo' : 'training.author.captionsHintAudio')} value={values.captions} error={errors.captions} rows={8} maxLength={150_000} optional={kind === 'audio'} />
          <FileField name="captionsFile" label={t('training.author.captionsFile')} hint={t('training.author.captionsFileHint')} error={errors.captionsFile} accept=".vtt,text/vtt" />
          <TextAreaField {...text} name="transcript" label={t('training.author.transcript')} hint={t('training.author.transcriptHint')} value={values.transcript} error={errors.transcript} rows={8} maxLength={50_000} optional />
        </>
      );
    }
    case 'resource': {
      const file = current.content?.kind === 'resource' ? current.content.file : source?.kind === 'resource' ? source.file : null;
      return (
        <>
          <Field {...text} name="title" label={t('training.author.resourceTitle')} value={values.title} error={errors.title} maxLength={200} required />
          <TextAreaField {...text} name="description" label={t('training.author.resourceDescription')} value={values.description} error={errors.description} rows={3} maxLength={1000} optional />
          <CourseFile name="file" label={t('training.author.resourceFile')} hint={t(source ? 'training.author.resourceFileTranslated' : 'training.author.resourceHint')} current={file} errors={errors} accept="" />
        </>
      );
    }
    case 'scorm':
      return (
        <>
          <Field {...text} name="title" label={t('training.author.scormTitle')} value={values.title} error={errors.title} maxLength={200} required />
          {!source && (
            <FileField
              name="package"
              label={t('training.author.scormFile')}
              hint={[current.data?.kind === 'scorm' && current.data.packageId ? t('training.author.scormKept') : '', t('training.author.scormHint')].filter(Boolean).join(' ')}
              error={errors.package}
              accept=".zip,application/zip"
            />
          )}
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
