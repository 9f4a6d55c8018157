import { isLocale, LOCALE_NAMES, type Locale } from '../../../platform/i18n/index.js';
import { Button, useFileSize } from '../../../platform/ui/components.js';
import { usePage } from '../../../platform/ui/context.js';
import { renderMarkdown } from '../../../platform/ui/markdown.js';
import { textIn, TranslationNotice } from '../../../platform/ui/translation-notice.js';
import { pickTranslation, type Picked } from '../../../platform/translations.js';
import { Picture, type ResponsiveImage } from '../../../platform/ui/picture.js';
import type { BlockText, CourseFileRef } from '../content.js';
import type { ScormLaunch } from '../scorm.js';
import type { CheckAnswer } from '../lesson-query.js';
import type { BlockTextRow, SnapshotBlock, SnapshotLesson } from '../versions.js';
import { parseVtt, transcriptOf } from '../webvtt.js';

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


/** What media blocks need from the page. */
export interface LessonMedia {
  /** The lesson's library images, by id. */
  images: Map<string, ResponsiveImage>;
  /** The light version: no recording loads, images come in their smallest copy, transcripts are open. */
  light: boolean;
  /** The address of a block's captions in one language. */
  captions: (blockId: string, locale: string) => string;
  /** SCORM blocks' launch addresses and the learner's outcome (scorm.ts scormLaunches). */
  scorm?: Map<string, ScormLaunch>;
}

/** Does the lesson hold anything the light version changes? */
export const hasMedia = (lesson: SnapshotLesson) => lesson.blocks.some((b) => b.kind === 'image' || b.kind === 'video' || b.kind === 'audio');

/** A course file's address; `download` asks for an attachment. */
const courseFileUrl = (f: CourseFileRef, download = false) => `/training/files/${f.id}${download ? '?download=1' : ''}`;
const languageName = (l: string) => (isLocale(l) ? LOCALE_NAMES[l] : l);
/** Lessons are read in a column about 46rem wide. */
const IMAGE_SIZES = '(min-width: 50rem) 46rem, 100vw';

interface Where {
  /** The lesson page's path: a knowledge check's form goes back to it. */
  page: string;
  /** Query parameters the page keeps when a knowledge check is answered (the preview's language). */
  params: Record<string, string>;
  /** The language asked for, when it is not the page's. */
  wanted?: Locale;
  media: LessonMedia;
  sourceLocale: string;
}

function ImageBlock({ block, c, text, where }: { block: SnapshotBlock; c: Extract<BlockText, { kind: 'image' }>; text: Picked<BlockTextRow>; where: Where }) {
  const { t, locale } = usePage();
  const image = block.data.kind === 'image' ? where.media.images.get(block.data.imageId) : undefined;
  const lang = text.locale !== locale ? text.locale : undefined;
  // The block's alt text (translated with the lesson) describes the image where the lesson shows it.
  const shown = image && { ...image, alt: c.alt, lang: text.locale };
  const smallest = image?.srcset.split(',')[0]?.trim().split(' ')[0];
  return (
    <figure class="block block--image" id={`block-${block.id}`}>
      <TranslationNotice picked={text} wanted={where.wanted} />
      {shown ? (
        where.media.light && smallest ? (
          <img src={smallest} alt={c.alt} lang={lang} width={shown.width} height={shown.height} loading="lazy" decoding="async" />
        ) : (
          <Picture image={shown} sizes={IMAGE_SIZES} pageLocale={locale} />
        )
      ) : (
        <p class="field__hint">{t('training.block.imageMissing')}</p>
      )}
      {c.caption && <figcaption lang={lang}>{c.caption}</figcaption>}
    </figure>
  );
}

/** A recording: the player (not in the light version), downloads, and the transcript (the author's, else the captions' text). */
function PlayedBlock({ block, c, text, where }: { block: SnapshotBlock; c: Extract<BlockText, { kind: 'video' | 'audio' }>; text: Picked<BlockTextRow>; where: Where }) {
  const { t, locale } = usePage();
  const size = useFileSize();
  const content = textIn(text.locale, locale);
  if (block.data.kind !== c.kind) return null;
  const { media: file, low } = block.data;
  const tracks = block.texts.filter((x) => x.content.kind === c.kind && x.content.captions);
  const shownTrack = tracks.find((x) => x.locale === text.locale) ?? tracks.find((x) => x.locale === where.sourceLocale) ?? tracks[0];
  const cues = !c.transcript.trim() && c.captions ? parseVtt(c.captions) : null;
  const Player = c.kind === 'video' ? 'video' : 'audio';
  const light = where.media.light;
  return (
    <section class={`block block--${c.kind}`} id={`block-${block.id}`} aria-labelledby={`title-${block.id}`}>
      <TranslationNotice picked={text} wanted={where.wanted} />
      <h2 id={`title-${block.id}`}>
        <span class="block__kind">{t(`training.block.${c.kind}`)}:</span> <span {...content}>{c.title}</span>
      </h2>
      {light ? (
        <p class="field__hint">{t('training.block.lightMedia')}</p>
      ) : (
        // Nothing loads until the learner presses play; captions in every language the lesson has them.
        <Player class="player" controls preload="none">
          <source src={courseFileUrl(file)} type={file.contentType} />
          {tracks.map((x) => (
            <track key={x.locale} kind="captions" src={where.media.captions(block.id, x.locale)} srclang={x.locale} label={languageName(x.locale)} default={x === shownTrack} />
          ))}
        </Player>
      )}
      <ul class="downloads">
        {low && (
          <li>
            <a href={courseFileUrl(low, true)}>{t('training.block.downloadLow', { size: size(low.size) })}</a>
          </li>
        )}
        <li>
          <a href={courseFileUrl(file, true)}>{t(`training.block.download.${c.kind}`, { size: size(file.size) })}</a>
        </li>
        {tracks.map((x) => (
          <li key={x.locale}>
            <a href={where.media.captions(block.id, x.locale)} download>
              {t('training.block.downloadCaptions', { language: languageName(x.locale) })}
            </a>
          </li>
        ))}
      </ul>
      {(c.transcript.trim() || cues?.ok) && (
        <details class="transcript" open={light || c.kind === 'audio'}>
          <summary>{t('training.block.transcript')}</summary>
          {c.transcript.trim() ? (
            <div class="prose" {...content} dangerouslySetInnerHTML={{ __html: renderMarkdown(c.transcript) }} />
          ) : (
            <div class="prose" {...content}>
              {cues?.ok && transcriptOf(cues.cues).map((para, i) => <p key={i}>{para}</p>)}
            </div>
          )}
        </details>
      )}
    </section>
  );
}

function ResourceBlock({ block, c, text, where }: { block: SnapshotBlock; c: Extract<BlockText, { kind: 'resource' }>; text: Picked<BlockTextRow>; where: Where }) {
  const { t, locale } = usePage();
  const size = useFileSize();
  const content = textIn(text.locale, locale);
  // A translation without its own handout offers the source language's, and says so.
  const source = block.texts.find((x) => x.locale === where.sourceLocale)?.content;
  const fileLocale = text.locale !== where.sourceLocale && source?.kind === 'resource' && source.file.id === c.file.id ? where.sourceLocale : text.locale;
  return (
    <section class="block block--resource" id={`block-${block.id}`} aria-labelledby={`title-${block.id}`}>
      <TranslationNotice picked={text} wanted={where.wanted} />
      <h2 id={`title-${block.id}`}>
        <span class="block__kind">{t('training.block.resource')}:</span> <span {...content}>{c.title}</span>
      </h2>
      {c.description && <p {...content}>{c.description}</p>}
      <p>
        <a href={courseFileUrl(c.file, true)}>{t('training.block.downloadFile', { name: c.file.name, size: size(c.file.size) })}</a>
        {fileLocale !== locale && <> ({t('training.block.fileIn', { language: languageName(fileLocale) })})</>}
      </p>
    </section>
  );
}

/** What a SCORM outcome is called on the page (training.scorm.status.*), or null before anything was reported. */
const scormState = (o: { completion: string; success: string } | null | undefined) =>
  !o ? null : o.success === 'failed' ? 'failed' : o.success === 'passed' ? 'passed' : o.completion === 'completed' ? 'completed' : o.completion === 'incomplete' ? 'incomplete' : null;

/**
 * A SCORM package's activity: its pages run in a sandboxed frame (an opaque origin: nothing in the package can
 * reach Ponte's cookies, storage or page). A package of several SCOs lists them, each with the learner's outcome;
 * a link in the list loads that SCO in the frame (a new page, so it works without scripts too). Without scripts
 * a SCO cannot run, and the page says so.
 */
function ScormBlock({ block, c, text, where }: { block: SnapshotBlock; c: Extract<BlockText, { kind: 'scorm' }>; text: Picked<BlockTextRow>; where: Where }) {
  const { t, locale } = usePage();
  const launch = where.media.scorm?.get(block.id);
  const o = launch?.outcome?.overall;
  const state = scormState(o);
  const several = (launch?.scos.length ?? 0) > 1;
  const scoLink = (i: number) => `${where.page}?${new URLSearchParams({ ...where.params, scorm: block.id, sco: String(i) }).toString()}#block-${block.id}`;
  return (
    <section class="block block--scorm" id={`block-${block.id}`} aria-labelledby={`title-${block.id}`}>
      <TranslationNotice picked={text} wanted={where.wanted} />
      <h2 id={`title-${block.id}`} {...textIn(text.locale, locale)}>
        <span class="block__kind">{t('training.block.scorm')}:</span> {c.title}
      </h2>
      {launch?.preview && <p class="card__meta">{t('training.scorm.preview')}</p>}
      {state && (
        <p class="scorm-status" data-scorm-state={state}>
          {t(`training.scorm.status.${state}`)}
          {o?.score !== null && o?.score !== undefined ? ` ${t('training.scorm.score', { score: Math.round(o.score * 100) })}` : ''}
        </p>
      )}
      {several && launch && (
        <nav class="scorm-toc" aria-label={t('training.scorm.parts', { title: c.title })}>
          <ol>
            {launch.scos.map((sco, i) => {
              const scoState = scormState(launch.outcome?.scos[i]);
              return (
                <li key={String(i)}>
                  <a href={scoLink(i)} aria-current={i === launch.current ? 'step' : undefined}>
                    {sco.title}
                  </a>
                  {scoState && <span class="scorm-toc__state" data-scorm-state={scoState}> ({t(`training.scorm.part.${scoState}`)})</span>}
                </li>
              );
            })}
          </ol>
        </nav>
      )}
      {launch?.src ? (
        <iframe
          class="scorm-frame"
          src={launch.src}
          title={t('training.scorm.frameTitle', { title: several ? `${c.title}: ${launch.scos[launch.current]!.title}` : c.title })}
          sandbox="allow-scripts allow-forms allow-popups allow-modals"
          allow="fullscreen"
          referrerpolicy="no-referrer"
        />
      ) : (
        <p>{t('training.scorm.unavailable')}</p>
      )}
      {/* Said to everyone (a page cannot tell from the server whether scripts run, and <noscript> is not parsed as such everywhere). */}
      <p class="card__meta scorm-needs-js">{t('training.scorm.needsScript')}</p>
    </section>
  );
}

/** A block's text in the reader's language, with a note when it is another language's or out of date. */
function BlockView({ block, text, check, where }: { block: SnapshotBlock; text: Picked<BlockTextRow>; check: CheckAnswer; where: Where }) {
  const { t, locale } = usePage();
  const c = text.value.content;
  const content = textIn(text.locale, locale);
  const note = <TranslationNotice picked={text} wanted={where.wanted} />;
  if (c.kind === 'image') return <ImageBlock block={block} c={c} text={text} where={where} />;
  if (c.kind === 'video' || c.kind === 'audio') return <PlayedBlock block={block} c={c} text={text} where={where} />;
  if (c.kind === 'resource') return <ResourceBlock block={block} c={c} text={text} where={where} />;
  if (c.kind === 'scorm') return <ScormBlock block={block} c={c} text={text} where={where} />;
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
  if (c.kind !== 'check') return null;
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
export function LessonBlocks({ lesson, sourceLocale, locale, check, page, params = {}, media }: { lesson: SnapshotLesson; sourceLocale: string; locale: Locale; check: CheckAnswer; page: string; params?: Record<string, string>; media: LessonMedia }) {
  const { locale: pageLocale } = usePage();
  const where: Where = { page, params, wanted: locale !== pageLocale ? locale : undefined, media, sourceLocale };
  return (
    <>
      {lesson.blocks.map((b) => {
        const text = pickTranslation(b.texts, locale, sourceLocale);
        return text ? <BlockView key={b.id} block={b} text={text} check={check} where={where} /> : null;
      })}
    </>
  );
}
