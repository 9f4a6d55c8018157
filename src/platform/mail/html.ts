import { DEFAULT_LOCALE, directionOf, isLocale, translator, type Locale, type Translate } from '../i18n/index.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The HTML part of an e-mail: the text's paragraphs, with its links made clickable. */
export function mailHtml(locale: Locale, subject: string, text: string, signature: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>').replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html lang="${locale}" dir="${directionOf(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${paragraphs}<p>${escapeHtml(signature)}</p></body></html>`;
}

/**
 * A message in its recipient's language (their own, else the default): `write` words the subject and text with the
 * recipient's translator; the signature and the HTML part are added.
 */
export function translatedMail(recipientLocale: string | null, write: (t: Translate) => { subject: string; text: string }): { subject: string; text: string; html: string } {
  const locale = isLocale(recipientLocale) ? recipientLocale : DEFAULT_LOCALE;
  const t = translator(locale);
  const { subject, text } = write(t);
  return signedMail(locale, t, subject, text);
}

/** A message written in `locale`: the text with the signature under it, and its HTML part. */
export function signedMail(locale: Locale, t: Translate, subject: string, text: string): { subject: string; text: string; html: string } {
  return { subject, text: `${text}\n\n-- \n${t('mail.signature')}`, html: mailHtml(locale, subject, text, t('mail.signature')) };
}
