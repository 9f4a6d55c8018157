import type { Locale } from '../../../platform/i18n/index.js';
import { Button } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { renderMarkdown } from '../../../platform/ui/markdown.js';
import { textIn, TranslationNotice } from '../../../platform/ui/translation-notice.js';
import { pickTranslation, type Picked } from '../../../platform/translations.js';
import type { BlockTextRow, SnapshotBlock, SnapshotLesson } from '../versions.js';

// Lesson texts are read far more often than they change, and a text renders the same every time: each process
// keeps the most recently used renderings (keyed by the text itself, so an edited text is a new entry).
const RENDERINGS_KEPT = 2000;
const renderings = new Map<string, string>();
function markdown(text: string): string {
  const kept = renderings.get(text);
  if (kept !== undefined) {
    renderings.delete(text);
    renderings.set(text, kept);
    return kept;
  }
  const html = renderMarkdown(text);
  renderings.set(text, html);
  if (renderings.size > RENDERINGS_KEPT) renderings.delete(renderings.keys().next().value!);
  return html;
}

/** The answer a reader gave to a knowledge check (its GET form), to show that option's feedback. */
export type CheckAnswer = { block: string; option: number } | null;

interface Where {
  /** The lesson page's path: a knowledge check's form goes back to it. */
  page: string;
  /** Query parameters the page keeps when a knowledge check is answered (the preview's language). */
  params: Record<string, string>;
  /** The language asked for, when it is not the page's. */
  wanted?: Locale;
}

/** A block's text in the reader's language, with a note when it is another language's or out of date. */
function BlockView({ block, text, check, where }: { block: SnapshotBlock; text: Picked<BlockTextRow>; check: CheckAnswer; where: Where }) {
  const { t, locale } = usePage();
  const c = text.value.content;
  const content = textIn(text.locale, locale);
  const note = <TranslationNotice picked={text} wanted={where.wanted} />;
  if (c.kind === 'text')
    return (
      <section class="block block--text" id={`block-${block.id}`}>
        {note}
        <div class="prose" {...content} dangerouslySetInnerHTML={{ __html: markdown(c.markdown) }} />
      </section>
    );
  if (c.kind === 'vignette')
    return (
      <aside class="block block--vignette" id={`block-${block.id}`} aria-labelledby={`title-${block.id}`}>
        {note}
        <div {...content}>
          <h2 id={`title-${block.id}`}>
            <span class="block__kind">{t('training.block.vignette')}:</span> {c.title}
          </h2>
          <div class="prose" dangerouslySetInnerHTML={{ __html: markdown(c.markdown) }} />
          <h3>{t('training.block.prompts')}</h3>
          <ol>
            {c.prompts.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ol>
        </div>
      </aside>
    );
  // A knowledge check is formative: a GET form, so the answer and its feedback need neither scripts nor a stored record.
  const answered = check && check.block === block.id ? check.option : null;
  const correct = block.data.kind === 'check' ? block.data.correct : [];
  return (
    <section class="block block--check" id={`block-${block.id}`} aria-labelledby={`title-${block.id}`}>
      {note}
      <form action={`${where.page}#block-${block.id}`} method="get" {...content}>
        {Object.entries(where.params).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="check" value={block.id} />
        <fieldset>
          <legend id={`title-${block.id}`}>
            <span class="block__kind">{t('training.block.check')}:</span> {c.question}
          </legend>
          {c.options.map((o, i) => (
            <div class="choice" key={i}>
              <input type="radio" name="option" id={`o-${block.id}-${i}`} value={String(i)} checked={answered === i} required />
              <label for={`o-${block.id}-${i}`}>{o.text}</label>
            </div>
          ))}
        </fieldset>
        <Button variant="secondary">{t('training.block.answer')}</Button>
      </form>
      {answered !== null && c.options[answered] && (
        <div class={`alert alert--${correct.includes(answered) ? 'success' : 'warning'}`} role="status">
          <p class="alert__title">{t(correct.includes(answered) ? 'training.block.right' : 'training.block.wrong')}</p>
          <p {...content}>{c.options[answered]!.feedback}</p>
        </div>
      )}
    </section>
  );
}

/**
 * A lesson's blocks as learners read them, in `locale` (else the fallback language, said so): the learner's
 * lesson page and the authors' preview both show lessons through this.
 */
export function LessonBlocks({ lesson, sourceLocale, locale, check, page, params = {} }: { lesson: SnapshotLesson; sourceLocale: string; locale: Locale; check: CheckAnswer; page: string; params?: Record<string, string> }) {
  const { locale: pageLocale } = usePage();
  const where: Where = { page, params, wanted: locale !== pageLocale ? locale : undefined };
  return (
    <>
      {lesson.blocks.map((b) => {
        const text = pickTranslation(b.texts, locale, sourceLocale);
        return text ? <BlockView key={b.id} block={b} text={text} check={check} where={where} /> : null;
      })}
    </>
  );
}
