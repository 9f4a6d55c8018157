import { LOCALE_NAMES, directionOf, isLocale, type Locale } from '../i18n/index.js';
import { usePage } from './context.js';
import type { Picked } from '../translations.js';

/**
 * Says so when the reader's language is missing (fallback) or the translation trails its source. `wanted` is
 * the language asked for when it is not the page's (an author previewing a lesson in another language).
 */
export function TranslationNotice({ picked, wanted }: { picked: Picked<unknown>; wanted?: Locale }) {
  const { t, locale: pageLocale } = usePage();
  const locale = wanted ?? pageLocale;
  const shown = isLocale(picked.locale) ? LOCALE_NAMES[picked.locale] : picked.locale;
  if (!picked.fallback && !picked.outOfDate) return null;
  return (
    <p class="translation-notice" role="note">
      {picked.fallback && t('portal.translation.fallback', { shown, wanted: LOCALE_NAMES[locale] })}
      {picked.fallback && picked.outOfDate && ' '}
      {picked.outOfDate && t('portal.translation.outOfDate')}
    </p>
  );
}

/** Marks text in another language than the page's, so screen readers pronounce it right. */
export const langAttr = (picked: Picked<unknown>, pageLocale: string) => (picked.locale !== pageLocale ? picked.locale : undefined);

/**
 * `lang` and `dir` for text in `locale` on a page in `pageLocale`: the language when it differs, the direction
 * when that differs too (an English original on an Arabic page reads left to right).
 */
export const textIn = (locale: string, pageLocale: Locale) => ({
  lang: locale !== pageLocale ? locale : undefined,
  dir: isLocale(locale) && directionOf(locale) !== directionOf(pageLocale) ? directionOf(locale) : undefined,
});

/** For editors' and authors' lists: the languages an item has, each marked when its translation is out of date. */
export function TranslationStates({ languages }: { languages: { locale: string; outOfDate: boolean }[] }) {
  const { t } = usePage();
  return (
    <ul class="inline-list">
      {languages.map((l) => (
        <li key={l.locale}>
          <span lang={l.locale}>{l.locale.toUpperCase()}</span>
          {l.outOfDate && <> ({t('portal.editor.outOfDate')})</>}
        </li>
      ))}
    </ul>
  );
}
