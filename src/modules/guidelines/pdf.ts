import { createRequire } from 'node:module';
import MarkdownIt from 'markdown-it';
import type { Locale, Translate } from '../../platform/i18n/index.js';
import { loadPdfKit, visualRuns } from '../training/certificates.js';
import type { DisplayRecommendation, DisplayVersion } from './service.js';

const fontFile = (name: string) => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`);
// DejaVu covers Latin, Greek and Arabic: a guideline in any of Ponte's languages prints without missing glyphs.
const FONT = fontFile('DejaVuSans.ttf');
const FONT_BOLD = fontFile('DejaVuSans-Bold.ttf');
const RTL_TEXT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

const md = new MarkdownIt({ html: false });

/** Markdown as plain paragraphs for print: the words, list items marked with a bullet, no markup. */
export function markdownParagraphs(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let bullet = '';
  for (const tok of md.parse(text, {})) {
    if (tok.type === 'list_item_open') bullet = '• ';
    else if (tok.type === 'inline') {
      current += bullet + (tok.children ?? []).map((c) => (c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : c.type === 'text' || c.type === 'code_inline' ? c.content : '')).join('');
      bullet = '';
    } else if (tok.type === 'paragraph_close' || tok.type === 'heading_close' || tok.type === 'fence' || tok.type === 'code_block') {
      if (tok.type === 'fence' || tok.type === 'code_block') current += tok.content.trim();
      if (current.trim()) out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

export interface PdfOptions {
  t: Translate;
  locale: Locale;
  /** The version's public address (printed on the title page). */
  url: string;
  /** Organisation type names by code, in the reader's language. */
  typeName: (code: string) => string;
  formatDate: (d: Date) => string;
}

const INK = '#1b1f24';
const MUTED = '#555b63';
const ACCENT = '#073f54';

/**
 * A public version as a PDF in the reader's language (texts with the usual fallback): a title page, the table
 * of contents with page numbers, then chapters, sections and recommendations with identifier, strength and
 * level of evidence; every page after the first is numbered. PDF bookmarks follow the chapters and sections.
 */
export async function versionPdf(display: DisplayVersion, o: PdfOptions): Promise<Buffer> {
  const { t } = o;
  const g = display.guideline;
  const v = display.version;
  const title = g.text?.value.title ?? g.slug;
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({ size: 'A4', margins: { top: 64, bottom: 64, left: 60, right: 60 }, bufferPages: true, autoFirstPage: true, lang: o.locale, info: { Title: `${title} · ${t('guidelines.version', { label: v.label })}`, Author: g.organisation?.name ?? 'Ponte', Subject: v.label } });
  doc.registerFont('text', FONT).registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  /**
   * A line that mixes directions (Arabic labels with Latin names or numbers), placed run by run in visual
   * order; false when it does not fit on one line, for the caller to wrap it as a whole instead.
   */
  const mixedLine = (text: string, x: number, y: number, w: number, align: 'right' | 'center'): boolean => {
    const runs = visualRuns(text).map((r) => ({ ...r, options: (r.rtl ? { features: ['rtla'] } : {}) as PDFKit.Mixins.TextOptions }));
    const widths = runs.map((r) => doc.widthOfString(r.text, r.options));
    const total = widths.reduce((a, b) => a + b, 0);
    if (total > w) return false;
    let at = align === 'center' ? x + (w - total) / 2 : x + w - total;
    runs.forEach((r, i) => {
      doc.text(r.text, at, y, { lineBreak: false, ...r.options });
      at += widths[i]!;
    });
    doc.x = left;
    doc.y = y + doc.currentLineHeight(true);
    return true;
  };
  /** A paragraph; right-to-left text is shaped and aligned as such. */
  const para = (text: string, opts: { font?: 'text' | 'bold'; size?: number; color?: string; gap?: number; indent?: number; align?: 'left' | 'center'; goTo?: string } = {}) => {
    const rtl = RTL_TEXT.test(text);
    doc
      .font(opts.font ?? 'text')
      .fontSize(opts.size ?? 10.5)
      .fillColor(opts.color ?? INK);
    const x = left + (opts.indent ?? 0);
    const w = width - (opts.indent ?? 0);
    if (!(rtl && !opts.goTo && mixedLine(text, x, doc.y, w, opts.align === 'center' ? 'center' : 'right')))
      doc.text(text, x, doc.y, { width: w, align: rtl && opts.align !== 'center' ? 'right' : (opts.align ?? 'left'), ...(rtl ? { features: ['rtla'] } : {}), ...(opts.goTo ? { goTo: opts.goTo } : {}) } as PDFKit.Mixins.TextOptions);
    doc.moveDown(opts.gap ?? 0.4);
  };
  /** Starts a new page when less than `space` points are left, so a heading does not end a page alone. */
  const keep = (space: number) => {
    if (doc.y + space > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };

  // ---- Title page
  doc.y = 180;
  para(title, { font: 'bold', size: 24, color: ACCENT, gap: 1, align: 'center' });
  para(t('guidelines.version', { label: v.label }), { font: 'bold', size: 16, gap: 0.6, align: 'center' });
  para(`${t('guidelines.pdf.status')}: ${t(`guidelines.status.${v.status}`)}`, { align: 'center', size: 12 });
  const date = v.publishedAt ?? (v.consultationStartsOn ? new Date(`${v.consultationStartsOn}T12:00:00Z`) : null);
  if (date) para(`${t('guidelines.pdf.date')}: ${o.formatDate(date)}`, { align: 'center', size: 12 });
  if (v.status === 'consultation' && v.consultationEndsOn) para(t('guidelines.banner.consultation', { date: o.formatDate(new Date(`${v.consultationEndsOn}T12:00:00Z`)) }), { align: 'center', size: 11, color: MUTED });
  if (g.organisation) para(`${t('guidelines.pdf.issuedBy')}: ${g.organisation.name}`, { align: 'center', size: 12, gap: 2 });
  if (g.text?.value.summary) para(g.text.value.summary, { color: MUTED, gap: 2 });
  para(o.url, { align: 'center', size: 9, color: MUTED });

  // ---- Table of contents: pages kept now, written once the chapters' pages are known.
  const tocLines = display.chapters.reduce((n, c) => n + 1 + c.sections.length, 0);
  const linesPerPage = 38;
  const tocPages = Math.max(1, Math.ceil((tocLines + 3) / linesPerPage));
  const tocStart = doc.bufferedPageRange().count;
  for (let i = 0; i < tocPages; i++) doc.addPage();

  // ---- The content
  const pageOf = new Map<string, number>();
  const rec = (r: DisplayRecommendation) => {
    const text = r.text?.value;
    keep(90);
    para(`${r.identifier} (${r.number})`, { font: 'bold', size: 11, color: ACCENT, gap: 0.2 });
    if (text) para(text.statement, { font: 'bold', gap: 0.3 });
    const evidence = r.evidence ? t(`guidelines.level.${r.evidence}`) : t('guidelines.level.none');
    para(`${t('guidelines.strength')}: ${t(`guidelines.strength.${r.strength}`)} · ${t('guidelines.evidence')}: ${evidence}`, { size: 9.5, color: MUTED, gap: 0.1 });
    const addressees = [...r.roles.map((x) => t(`guidelines.role.${x}`)), ...r.organisationTypes.map(o.typeName)];
    if (addressees.length) para(`${t('guidelines.addressees')}: ${addressees.join(', ')}`, { size: 9.5, color: MUTED, gap: 0.1 });
    if (r.steps.length) para(`${t('guidelines.steps')}: ${r.steps.map((x) => t(`guidelines.step.${x}`)).join(', ')}`, { size: 9.5, color: MUTED, gap: 0.3 });
    if (text?.rationale) for (const p of markdownParagraphs(text.rationale)) para(p, { size: 9.5, indent: 12, gap: 0.3 });
    doc.moveDown(0.6);
  };
  for (const c of display.chapters) {
    doc.addPage();
    pageOf.set(c.key, doc.bufferedPageRange().count - 1);
    doc.addNamedDestination(c.key);
    const chapterTitle = `${c.number}. ${c.text?.value.title ?? ''}`;
    const outline = doc.outline.addItem(chapterTitle);
    para(chapterTitle, { font: 'bold', size: 18, color: ACCENT, gap: 0.6 });
    for (const p of markdownParagraphs(c.text?.value.intro ?? '')) para(p);
    for (const s of c.sections) {
      keep(120);
      doc.moveDown(0.4);
      pageOf.set(s.key, doc.bufferedPageRange().count - 1);
      doc.addNamedDestination(s.key);
      const sectionTitle = `${s.number} ${s.text?.value.title ?? ''}`;
      outline.addItem(sectionTitle);
      para(sectionTitle, { font: 'bold', size: 14, color: ACCENT, gap: 0.5 });
      for (const p of markdownParagraphs(s.text?.value.intro ?? '')) para(p);
      for (const r of s.recommendations) rec(r);
    }
  }

  const total = doc.bufferedPageRange().count;
  // ---- The table of contents, on the pages kept for it.
  doc.switchToPage(tocStart);
  doc.y = doc.page.margins.top;
  para(t('guidelines.contents'), { font: 'bold', size: 18, color: ACCENT, gap: 0.8 });
  let line = 3;
  let tocPage = 0;
  const entry = (key: string, label: string, indent: number, bold: boolean) => {
    if (line >= linesPerPage && tocPage < tocPages - 1) {
      doc.switchToPage(tocStart + ++tocPage);
      doc.y = doc.page.margins.top;
      line = 0;
    }
    const y = doc.y;
    const page = String((pageOf.get(key) ?? 0) + 1);
    doc.font(bold ? 'bold' : 'text').fontSize(10.5).fillColor(INK);
    const rtl = RTL_TEXT.test(label);
    doc.text(label, left + indent, y, { width: width - indent - 40, lineBreak: false, ellipsis: true, goTo: key, align: rtl ? 'right' : 'left', ...(rtl ? { features: ['rtla'] } : {}) } as PDFKit.Mixins.TextOptions);
    doc.text(page, left + width - 36, y, { width: 36, align: 'right', lineBreak: false });
    doc.x = left;
    doc.y = y + 17;
    line += 1;
  };
  for (const c of display.chapters) {
    entry(c.key, `${c.number}. ${c.text?.value.title ?? ''}`, 0, true);
    for (const s of c.sections) entry(s.key, `${s.number} ${s.text?.value.title ?? ''}`, 18, false);
  }

  // ---- Page numbers, in the bottom margin of every page but the title page.
  for (let i = 1; i < total; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const footer = t('guidelines.pdf.page', { number: i + 1, total });
    doc.font('text').fontSize(9).fillColor(MUTED);
    if (!(RTL_TEXT.test(footer) && mixedLine(footer, left, doc.page.height - 40, width, 'center'))) doc.text(footer, left, doc.page.height - 40, { width, align: 'center', lineBreak: false });
    const header = `${title} · ${t('guidelines.version', { label: v.label })}`;
    doc.fontSize(8);
    if (!(RTL_TEXT.test(header) && mixedLine(header, left, 30, width, 'center'))) doc.text(header, left, 30, { width, align: 'center', lineBreak: false, ellipsis: true });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
