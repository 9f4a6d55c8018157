import { COUNTRIES, countryName } from '../i18n/countries.js';
import { LOCALES, LOCALE_NAMES, type Translate } from '../i18n/index.js';
import { PROFESSIONS } from '../identity/users.js';

/** Option lists for select fields, labelled in the reader's language. */
export const professionOptions = (t: Translate) => PROFESSIONS.map((p) => ({ value: p, label: t(`profession.${p}`) }));

export const countryOptions = (locale: string) =>
  COUNTRIES.map((c) => ({ value: c, label: countryName(locale, c) })).sort((a, b) => a.label.localeCompare(b.label, locale));

export const localeOptions = () => LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }));
