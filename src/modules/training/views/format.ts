import { isLocale, LOCALE_NAMES } from '../../../platform/i18n/index.js';

// Making an Intl.NumberFormat costs far more than using one (a fifth of a millisecond, on every lesson page).
const formats = new Map<string, Intl.NumberFormat>();
const unitFormat = (locale: string, unit: 'minute' | 'hour') => {
  const key = `${locale}/${unit}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long', ...(unit === 'hour' ? { maximumFractionDigits: 1 } : {}) })));
  return f;
};

/** "45 minutes", "2.5 hours", in the page's language. */
export function formatDuration(locale: string, minutes: number): string {
  if (minutes < 60) return unitFormat(locale, 'minute').format(minutes);
  return unitFormat(locale, 'hour').format(Math.round(minutes / 6) / 10);
}

export const languageName = (l: string) => (isLocale(l) ? LOCALE_NAMES[l] : l);
