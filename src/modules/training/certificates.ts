import { createRequire } from 'node:module';
import { and, eq, inArray } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { DbOrTx } from '../../platform/db/index.js';
import { audit } from '../../platform/audit.js';
import { isLocale, translator, type Locale } from '../../platform/i18n/index.js';
import { users } from '../../platform/schema.js';
import { pickTranslation } from '../../platform/translations.js';
import { readableCode } from './codes.js';
import { certificates, courseCredits, courses, courseTranslations, enrolments, lessonProgress } from './schema.js';
import { formatDuration } from './views/format.js';

export type Certificate = typeof certificates.$inferSelect;

/**
 * Issues the enrolment's certificate (once), in the learner's language: their name, the course's title in
 * that language, its duration and the credits for their profession. Runs in the transaction that completes
 * the course.
 */
export async function issueCertificate(db: DbOrTx, enrolmentId: string): Promise<Certificate> {
  const [existing] = await db.select().from(certificates).where(eq(certificates.enrolmentId, enrolmentId));
  if (existing) return existing;
  const [row] = await db
    .select({ enrolment: enrolments, user: { name: users.name, email: users.email, locale: users.locale, profession: users.profession }, course: courses })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .where(eq(enrolments.id, enrolmentId));
  if (!row) throw new Error(`enrolment ${enrolmentId} not found`);
  const locale: Locale = isLocale(row.user.locale) ? row.user.locale : 'en';
  const texts = await db.select().from(courseTranslations).where(eq(courseTranslations.courseId, row.course.id));
  const title = pickTranslation(texts, locale, row.course.sourceLocale)!.value.title;
  const credits = row.user.profession
    ? (await db
        .select({ scheme: courseCredits.scheme, amount: courseCredits.amount })
        .from(courseCredits)
        .where(and(eq(courseCredits.courseId, row.course.id), eq(courseCredits.profession, row.user.profession)))).sort((a, b) => a.scheme.localeCompare(b.scheme))
    : [];
  const spent = await db.select({ seconds: lessonProgress.secondsSpent }).from(lessonProgress).where(eq(lessonProgress.enrolmentId, enrolmentId));
  const [certificate] = await db
    .insert(certificates)
    .values({
      code: readableCode(),
      enrolmentId,
      courseId: row.course.id,
      locale,
      learnerName: row.user.name || row.user.email,
      courseTitle: title,
      durationMinutes: row.course.durationMinutes,
      minutesSpent: Math.round(spent.reduce((n, p) => n + p.seconds, 0) / 60),
      profession: row.user.profession,
      credits,
    })
    .returning();
  return certificate!;
}

/** A certificate by its code, with its course's address and the learner it belongs to. */
export async function findCertificate(db: DbOrTx, code: string): Promise<(Certificate & { courseSlug: string; userId: string }) | null> {
  const [c] = await db
    .select({ certificate: certificates, courseSlug: courses.slug, userId: enrolments.userId })
    .from(certificates)
    .innerJoin(courses, eq(courses.id, certificates.courseId))
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .where(eq(certificates.code, code));
  return c ? { ...c.certificate, courseSlug: c.courseSlug, userId: c.userId } : null;
}

/** The certificates of a learner's enrolments. */
export async function certificatesOf(db: DbOrTx, enrolmentIds: string[]): Promise<Certificate[]> {
  return enrolmentIds.length ? db.select().from(certificates).where(inArray(certificates.enrolmentId, enrolmentIds)) : [];
}

/** Revokes a certificate; the verification page says so from then on. Audited. */
export async function revokeCertificate(db: DbOrTx, code: string, input: { reason: string; actorId: string; requestId?: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const r = await tx
      .update(certificates)
      .set({ revokedAt: new Date(), revokedReason: input.reason, revokedBy: input.actorId })
      .where(eq(certificates.code, code))
      .returning({ id: certificates.id });
    if (!r.length) return false;
    await audit(tx, { actorId: input.actorId, action: 'training.certificate.revoke', outcome: 'success', targetType: 'certificate', targetId: r[0]!.id, requestId: input.requestId });
    return true;
  });
}

const fontFile = (name: string) => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`);
const FONT = fontFile('DejaVuSans.ttf');
const FONT_BOLD = fontFile('DejaVuSans-Bold.ttf');
const RTL_TEXT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
// A left-to-right stretch inside right-to-left text: Latin words, numbers, dates, codes, addresses.
const LTR_RUN = /[A-Za-z0-9\u00C0-\u024F\u0370-\u03FF](?:[A-Za-z0-9\u00C0-\u024F\u0370-\u03FF.,:/\-–+%@_#?=&~\s]*[A-Za-z0-9\u00C0-\u024F\u0370-\u03FF%])?/g;

/**
 * A line as runs in visual order. PDFKit shapes Arabic (and, with the `rtla` feature, lays a run out right to
 * left) but has no bidirectional algorithm: a line with right-to-left text is cut into its right-to-left and
 * left-to-right stretches, laid out from the right. Enough for one line of a certificate, not a general bidi.
 */
export function visualRuns(text: string): { text: string; rtl: boolean }[] {
  if (!RTL_TEXT.test(text)) return [{ text, rtl: false }];
  const runs: { text: string; rtl: boolean }[] = [];
  // Laid out from the right, brackets face the other way (the font has no mirrored forms of its own).
  const rtl = (s: string) => runs.push({ text: s.replace(/[()[\]«»]/g, (b) => MIRRORED[b]!), rtl: true });
  let at = 0;
  for (const m of text.matchAll(LTR_RUN)) {
    if (m.index! > at) rtl(text.slice(at, m.index));
    runs.push({ text: m[0], rtl: false });
    at = m.index! + m[0].length;
  }
  if (at < text.length) rtl(text.slice(at));
  return runs.reverse();
}
/** pdfkit (with its font machinery, about 30 MiB resident) is loaded by the first PDF a node makes, not at start. */
export const loadPdfKit = () => import('pdfkit').then((m) => m.default);

const MIRRORED: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '«': '»', '»': '«' };

/**
 * The certificate as a PDF in its language: landscape A4, with the verification code, its address and a QR
 * code of it. DejaVu Sans covers Latin, Greek and Arabic; a line in a right-to-left script is laid out as such.
 */
export async function certificatePdf(c: Certificate, verifyUrl: string): Promise<Buffer> {
  const t = translator(isLocale(c.locale) ? c.locale : 'en');
  const qr = await QRCode.toBuffer(verifyUrl, { type: 'png', margin: 1, width: 240, errorCorrectionLevel: 'M' });
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 56, info: { Title: `${t('training.certificate.title')} · ${c.courseTitle}`, Author: 'Ponte', Subject: c.code }, lang: c.locale });
  doc.registerFont('text', FONT).registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 112;
  /**
   * One line of text, centred (or from `x`). A line mixing directions is placed run by run, right-to-left
   * runs shaped as such; a line of one direction wraps as usual.
   */
  const line = (text: string, opts: { font?: 'text' | 'bold'; size?: number; gap?: number; color?: string; x?: number; width?: number } = {}) => {
    doc
      .font(opts.font ?? 'text')
      .fontSize(opts.size ?? 13)
      .fillColor(opts.color ?? '#1b1f24');
    const x = opts.x ?? 56;
    const w = opts.width ?? width;
    const align = opts.x === undefined ? 'center' : 'left';
    const runs = visualRuns(text).map((r) => ({ ...r, options: r.rtl ? ({ features: ['rtla'] } as PDFKit.Mixins.TextOptions) : {} }));
    const widths = runs.map((r) => doc.widthOfString(r.text, r.options));
    const total = widths.reduce((a, b) => a + b, 0);
    if (runs.length === 1 || total > w) {
      doc.text(text, x, doc.y, { width: w, align, ...runs[runs.length - 1]!.options });
    } else {
      const y = doc.y;
      let at = align === 'center' ? x + (w - total) / 2 : x;
      runs.forEach((r, i) => {
        doc.text(r.text, at, y, { lineBreak: false, ...r.options });
        at += widths[i]!;
      });
      doc.x = x;
      doc.y = y + doc.currentLineHeight(true);
    }
    doc.moveDown(opts.gap ?? 0.5);
  };
  doc.rect(28, 28, doc.page.width - 56, doc.page.height - 56).lineWidth(2).stroke('#0b5d7a');
  doc.y = 80;
  line(t('training.certificate.title'), { font: 'bold', size: 28, gap: 1, color: '#073f54' });
  line(t('training.certificate.certifies'));
  line(c.learnerName, { font: 'bold', size: 24, gap: 0.8 });
  line(t('training.certificate.completed'));
  line(c.courseTitle, { font: 'bold', size: 20, gap: 1 });
  line(`${t('training.certificate.duration')}: ${formatDuration(c.locale, c.durationMinutes)}`);
  line(`${t('training.certificate.date')}: ${new Intl.DateTimeFormat(c.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(c.issuedAt)}`);
  if (c.profession) for (const x of c.credits) line(`${t(`training.scheme.${x.scheme}`)} (${t(`profession.${c.profession}`)}): ${new Intl.NumberFormat(c.locale).format(x.amount)}`);
  const bottom = doc.page.height - 56 - 110;
  doc.image(qr, doc.page.width - 56 - 110, bottom, { width: 110, height: 110 });
  doc.y = bottom + 30;
  line(`${t('training.certificate.code')}: ${c.code}`, { size: 11, x: 56, width: width - 130, gap: 0.2 });
  line(`${t('training.certificate.verifyAt')}: ${verifyUrl}`, { size: 11, x: 56, width: width - 130 });
  doc.end();
  return done;
}
