import { isLocale, LOCALE_NAMES } from '../../../platform/i18n/index.js';

/** "45 minutes", "2.5 hours", in the page's language. */
export function formatDuration(locale: string, minutes: number): string {
  if (minutes < 60) return new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'long', maximumFractionDigits: 1 }).format(Math.round(minutes / 6) / 10);
}

export const languageName = (l: string) => (isLocale(l) ? LOCALE_NAMES[l] : l);
