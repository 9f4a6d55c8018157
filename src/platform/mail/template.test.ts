import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { compose } from './smtp.js';
import { mailTemplate, type Personal } from './template.js';

const LINK = '\u0000LINK\u0000';
const OTHER = '\u0000OTHER\u0000';
const base = {
  from: 'Ponte <newsletter@ponte.example>',
  subject: 'Numero di novembre — Νέα του Νοεμβρίου',
  // Placeholders at the start, inside a long unbroken line, next to non-ASCII letters, and at the end.
  text: `${LINK} apre la pagina.\nΚαλωσήρθατε στο ενημερωτικό δελτίο: ${'άλφα'.repeat(40)}${LINK}${'βήτα'.repeat(30)}\n\nمرحبا بكم ${OTHER}\n  indentation kept  \n${LINK}`,
  html: `<!doctype html><p>Ciao — <a href="${LINK}">gestisci</a> · <a href="${OTHER}">annulla</a></p><p>${'è'.repeat(200)}</p>`,
  headers: { 'List-Id': 'Ponte newsletter <newsletter.ponte.example>', Precedence: 'bulk' },
};
const personal = (to: string, n: number): Personal => {
  const link = `https://ponte.example/newsletter/manage/${'t'.repeat(90)}${n}?a=1&b=2`;
  return {
    to,
    messageId: `<campaign.${n}@ponte.example>`,
    headers: { 'List-Unsubscribe': `<https://ponte.example/newsletter/unsubscribe/${'u'.repeat(80)}${n}>, <mailto:unsubscribe@ponte.example?subject=unsubscribe%20${n}>` },
    text: { [LINK]: link, [OTHER]: `other ${n}` },
    html: { [LINK]: link.replaceAll('&', '&amp;'), [OTHER]: `https://ponte.example/o/${n}` },
  };
};
/** The same message composed whole, as the reference. */
const whole = (p: Personal) => {
  const fill = (body: string, values: Record<string, string>) => body.replaceAll(LINK, values[LINK]!).replaceAll(OTHER, values[OTHER]!);
  return compose({ ...base, to: p.to, messageId: p.messageId, headers: { ...base.headers, ...p.headers }, text: fill(base.text, p.text), html: fill(base.html, p.html) });
};

describe('mail templates', () => {
  it('fill in each recipient so that the message reads exactly as one composed whole, within line limits', async () => {
    const template = await mailTemplate(base, [LINK, OTHER], ['List-Unsubscribe']);
    for (const [n, to] of ['reader@example.org', 'second.reader+news@example.org'].entries()) {
      const p = personal(to, n);
      const mail = await template.render(p);
      const reference = await whole(p);
      const [got, want] = await Promise.all([simpleParser(mail.bytes), simpleParser(reference.bytes)]);
      expect(got.text).toBe(want.text);
      expect(got.html).toBe(want.html);
      expect(got.subject).toBe(base.subject);
      expect(got.messageId).toBe(p.messageId);
      expect(got.headers.get('list-unsubscribe')).toEqual(want.headers.get('list-unsubscribe'));
      expect(got.headers.get('list-id')).toEqual(want.headers.get('list-id'));
      expect((got.to as { value: { address: string }[] }).value[0]!.address).toBe(to);
      expect(got.date!.getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(mail.envelope).toEqual({ from: 'newsletter@ponte.example', to: [to] });
      expect(mail.messageId).toBe(p.messageId);
      // Headers are folded as composing folds them, quoted-printable lines stay within 76 characters, every line
      // ends in CRLF, and nothing is left of the slots.
      const raw = mail.bytes.toString('latin1');
      const header = (message: string) => /^List-Unsubscribe:[^\r]*(\r\n[ \t][^\r]*)*/m.exec(message)![0];
      expect(header(raw)).toBe(header(reference.bytes.toString('latin1')));
      const body = raw.slice(raw.indexOf('\r\n\r\n'));
      expect(body.split('\r\n').filter((line) => line.length > 76)).toEqual([]);
      expect(raw).not.toMatch(/[^\r]\n|pontetemplateslot/);
    }
  });

  it('compose a recipient whose address needs encoding whole', async () => {
    const template = await mailTemplate(base, [LINK, OTHER], ['List-Unsubscribe']);
    const p = personal('leser@bücher.example', 7);
    const got = await simpleParser((await template.render(p)).bytes);
    const want = await simpleParser((await whole(p)).bytes);
    expect(got.to).toEqual(want.to);
    expect(got.text).toBe(want.text);
    expect(got.html).toBe(want.html);
  });
});
