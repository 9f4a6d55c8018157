import { foldLines } from 'nodemailer/lib/mime-funcs';
import { encode, wrap } from 'nodemailer/lib/qp';
import { compose, type ComposedMail, type SmtpMessage } from './smtp.js';

/**
 * One message for many recipients, composed (MIME structure, encoded headers, quoted-printable bodies) once and
 * filled in for each: a campaign of 100,000 messages would otherwise spend most of its time encoding the same
 * bodies again. Only the address, the Message-ID, the Date, a few named headers and the placeholders in the
 * bodies differ; the body around each placeholder is encoded once, and each value is encoded on its own and
 * joined with soft line breaks, which decoding removes, so the result reads exactly as if composed whole.
 */

export interface Personal {
  to: string;
  /** `<id@host>` */
  messageId: string;
  /** Values of the template's personal headers. */
  headers: Record<string, string>;
  /** Values of the placeholders in the plain-text body, and (already escaped) in the HTML body. */
  text: Record<string, string>;
  html: Record<string, string>;
}

export interface MailTemplate {
  render(personal: Personal): Promise<ComposedMail>;
}

const SLOT = 'pontetemplateslot';
/** Addresses and header values that go into a header as they are (anything else is composed whole). */
const plainAddress = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/;
const plainValue = /^[\x20-\x7e]*$/;
const plainMessageId = /^<[\x21-\x3b\x3d\x3f-\x7e]+>$/;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Quoted-printable lines of at most 75 characters, leaving room for the soft line break that follows. */
const qp = (s: string) => wrap(encode(s.replace(/\r?\n/g, '\r\n')), 75);

/** A body split at its placeholders: encoded text and placeholder names, in order. */
function encodedPieces(body: string, placeholders: RegExp) {
  return body
    .split(placeholders)
    .map((piece, i) => (i % 2 ? { name: piece } : { encoded: qp(piece) }))
    .filter((piece) => !('encoded' in piece) || piece.encoded);
}

/** Quoted-printable lines of at most 76 characters: each piece ends in a soft line break before the next. */
const joinPieces = (pieces: ReturnType<typeof encodedPieces>, values: Record<string, string>) =>
  pieces.map((piece) => ('encoded' in piece ? piece.encoded! : qp(values[piece.name!] ?? ''))).join('=\r\n');

/** `base`'s bodies hold the `placeholders`; `personalHeaders` are the names of the headers each recipient has. */
export async function mailTemplate(base: Omit<SmtpMessage, 'to' | 'messageId'>, placeholders: string[], personalHeaders: string[]): Promise<MailTemplate> {
  const split = new RegExp(`(${placeholders.map(escapeRegExp).join('|')})`);
  const text = encodedPieces(base.text, split);
  const html = base.html == null ? null : encodedPieces(base.html, split);
  const headerSlot = (i: number) => `${SLOT}h${i}`;
  const skeleton = await compose({
    ...base,
    to: `${SLOT}to@${SLOT}.invalid`,
    messageId: `<${SLOT}id@${SLOT}.invalid>`,
    text: `${SLOT}text`,
    html: html ? `${SLOT}html` : null,
    headers: { ...base.headers, ...Object.fromEntries(personalHeaders.map((name, i) => [name, headerSlot(i)])) },
    bodyEncoding: 'quoted-printable',
  });
  // The skeleton cut at its slots: every other part is a slot's name.
  const parts = skeleton.bytes
    .toString('latin1')
    .replace(/^Date: [^\r\n]*/m, `${SLOT}date`)
    .replace(new RegExp(`^[A-Za-z-]+: ${SLOT}h(\\d+)(?=\r\n)`, 'gm'), `${SLOT}h$1`)
    .split(new RegExp(`(${SLOT}(?:to@${SLOT}\\.invalid|id@${SLOT}\\.invalid|text|html|date|h\\d+))`));

  return {
    async render(personal) {
      const values = Object.values(personal.headers);
      if (!plainAddress.test(personal.to) || !values.every((v) => plainValue.test(v)) || !plainMessageId.test(personal.messageId)) {
        const fill = (body: string, with_: Record<string, string>) => body.replace(new RegExp(split, 'g'), (name) => with_[name] ?? '');
        return compose({ ...base, to: personal.to, messageId: personal.messageId, headers: { ...base.headers, ...personal.headers }, text: fill(base.text, personal.text), html: base.html == null ? null : fill(base.html, personal.html) });
      }
      const slot = (name: string): string => {
        if (name === `${SLOT}to@${SLOT}.invalid`) return personal.to;
        if (name === `${SLOT}id@${SLOT}.invalid`) return personal.messageId.slice(1, -1);
        if (name === `${SLOT}text`) return joinPieces(text, personal.text);
        if (name === `${SLOT}html`) return joinPieces(html!, personal.html);
        if (name === `${SLOT}date`) return `Date: ${new Date().toUTCString().replace(/GMT/, '+0000')}`;
        const header = personalHeaders[Number(name.slice(SLOT.length + 1))]!;
        return foldLines(`${header}: ${personal.headers[header] ?? ''}`, 76);
      };
      const raw = parts.map((part, i) => (i % 2 ? slot(part) : part)).join('');
      return { envelope: { from: skeleton.envelope.from, to: [personal.to] }, messageId: personal.messageId, bytes: Buffer.from(raw, 'latin1') };
    },
  };
}
