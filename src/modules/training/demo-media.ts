import sharp from 'sharp';
import type { DbOrTx } from '../../platform/db/index.js';
import type { Platform } from '../../platform/platform.js';
import { createImage } from '../media/service.js';
import { addBlock, saveBlockText } from './authoring.js';
import { loadPdfKit } from './certificates.js';
import { saveCourseFile } from './files.js';
import { draftSnapshot } from './versions.js';

/*
 * Media for the demo's guidelines course, made at seed time (nothing binary is kept in the repository): a
 * diagram of the care pathway, with its alt text and caption in Italian and English, and a checklist handout
 * as a PDF in each language. The first lesson shows both.
 */

/** Four stages joined by arrows, without words (the alt text says what they are). */
const PATHWAY_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="420" viewBox="0 0 1200 420">
  <rect width="1200" height="420" fill="#f4f7fb"/>
  ${[0, 1, 2, 3]
    .map((i) => {
      const x = 60 + i * 285;
      const colours = ['#2f6f9f', '#3f8f6f', '#8a6d2f', '#7a4f8f'];
      return `<rect x="${x}" y="130" width="210" height="160" rx="24" fill="${colours[i]}"/>
        <circle cx="${x + 105}" cy="210" r="44" fill="#ffffff" opacity="0.85"/>
        ${i < 3 ? `<path d="M${x + 222} 210 h50 m-14 -14 l14 14 l-14 14" stroke="#33475b" stroke-width="8" fill="none" stroke-linecap="round" stroke-linejoin="round"/>` : ''}`;
    })
    .join('')}
</svg>`;

const IMAGE = {
  it: {
    alt: 'Schema del percorso in quattro tappe collegate da frecce: identificazione, presa in carico, trattamento e riabilitazione, certificazione.',
    caption: 'Le quattro tappe del percorso previste dalle linee guida del 2017.',
  },
  en: {
    alt: 'Diagram of the pathway in four stages joined by arrows: identification, taking charge, treatment and rehabilitation, certification.',
    caption: 'The four stages of the pathway set out in the 2017 guidelines.',
  },
};

const HANDOUT = {
  it: {
    file: 'lista-di-controllo-primo-colloquio.pdf',
    title: 'Lista di controllo per il primo colloquio',
    description: 'Una pagina da stampare e tenere a portata di mano durante l’accoglienza.',
    items: [
      'Offrire un interprete o un mediatore culturale prima del colloquio.',
      'Spiegare a che cosa serve lo screening e che partecipare è una scelta libera.',
      'Registrare il consenso, con la data e la lingua usata.',
      'Usare lo strumento di screening concordato dalla rete, nella lingua della persona.',
      'Se il risultato indica sofferenza, concordare l’invio con il servizio di salute mentale del territorio.',
      'Annotare chi seguirà la persona, e quando.',
    ],
  },
  en: {
    file: 'first-interview-checklist.pdf',
    title: 'Checklist for the first interview',
    description: 'One page to print and keep at hand during reception.',
    items: [
      'Offer an interpreter or a cultural mediator before the interview.',
      'Explain what screening is for, and that taking part is a free choice.',
      'Record consent, with the date and the language used.',
      'Use the screening instrument the network agreed on, in the person’s language.',
      'When the result points to distress, agree the referral with the local mental health service.',
      'Write down who will follow the person up, and when.',
    ],
  },
};

async function checklistPdf(h: (typeof HANDOUT)['en']): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: h.title, Creator: 'Ponte' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(18).text(h.title).moveDown();
    doc.font('Helvetica').fontSize(12);
    for (const item of h.items) doc.text(`[  ]  ${item}`, { paragraphGap: 10 });
    doc.end();
  });
}

/** Adds the diagram and the handout to the first lesson of the course (its draft; the seed publishes after). */
export async function addDemoMedia(db: DbOrTx, p: Platform, courseId: string): Promise<void> {
  const lesson = (await draftSnapshot(db, courseId))!.modules[0]!.lessons[0]!;
  const png = await sharp(Buffer.from(PATHWAY_SVG)).png().toBuffer();
  const image = await createImage(p, { name: 'care-pathway.png', format: 'png', bytes: png, sourceLocale: 'it', alt: IMAGE.it.alt, userId: null, db });
  if ('error' in image) throw new Error(`demo image: ${image.error}`);
  const imageBlock = await addBlock(db, lesson.id, { data: { kind: 'image', imageId: image.id }, locale: 'it', content: { kind: 'image', ...IMAGE.it } });
  await saveBlockText(db, imageBlock, 'en', { kind: 'image', ...IMAGE.en });

  const files = { it: await saveHandout(db, p, courseId, HANDOUT.it), en: await saveHandout(db, p, courseId, HANDOUT.en) };
  const handout = (l: 'it' | 'en') => ({ kind: 'resource' as const, title: HANDOUT[l].title, description: HANDOUT[l].description, file: files[l] });
  const handoutBlock = await addBlock(db, lesson.id, { data: { kind: 'resource' }, locale: 'it', content: handout('it') });
  await saveBlockText(db, handoutBlock, 'en', handout('en'));
}

async function saveHandout(db: DbOrTx, p: Platform, courseId: string, h: (typeof HANDOUT)['en']) {
  const file = await saveCourseFile(db, p.storage, courseId, 'resource', { filename: h.file, mimetype: 'application/pdf', data: await checklistPdf(h) }, null);
  if (!file) throw new Error('demo handout: not a PDF');
  return file;
}
