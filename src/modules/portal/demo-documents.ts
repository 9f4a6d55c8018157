import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import type { Locale } from '../../platform/i18n/index.js';
import type { Storage } from '../../platform/storage.js';
import { addDocumentFile, createDocument, saveDocumentTranslation, setDocumentStatus, type DocumentType } from './documents.js';
import { disseminationActivities, documents, projects, workPackages } from './schema.js';

/**
 * A one-page PDF 1.4 with Helvetica text (WinAnsi, so Latin accents work): enough for the demo files to open
 * in any reader. Each says plainly that it is a demonstration file, not the project's own document.
 */
export function simplePdf(title: string, lines: string[]): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\xff]/g, '?');
  const text = [`BT /F1 18 Tf 56 780 Td (${esc(title)}) Tj ET`, ...lines.map((l, i) => `BT /F1 11 Tf 56 ${740 - i * 18} Td (${esc(l)}) Tj ET`)].join('\n');
  const stream = Buffer.from(text, 'latin1');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${stream.length} >>\nstream\n${stream.toString('latin1')}\nendstream`,
    `<< /Title (${esc(title)}) /Producer (Ponte demo) >>`,
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const DEMO_NOTE: Record<string, string> = {
  en: 'Demonstration file created by Ponte for its demo instance.',
  it: 'File dimostrativo creato da Ponte per la sua istanza demo.',
  de: 'Demonstrationsdatei, von Ponte für seine Demo-Instanz erstellt.',
  es: 'Archivo de demostración creado por Ponte para su instancia de demostración.',
  el: 'Demonstration file, Greek edition (this simple PDF uses a Latin-only font).',
};

interface DemoDocument {
  project: string;
  wp?: string;
  slug: string;
  code?: string;
  type: DocumentType;
  level?: 'public' | 'members';
  publishedOn: string;
  licence?: string;
  texts: Partial<Record<Locale, { title: string; description: string }>>;
  /** Languages that get a file; the first is the original. */
  files: Locale[];
}

const DOCS: DemoDocument[] = [
  {
    project: 'eu-micare',
    wp: 'WP1',
    slug: 'eu-micare-mapping-report',
    code: 'D1.1',
    type: 'report',
    publishedOn: '2023-06-30',
    licence: 'CC BY 4.0',
    texts: {
      en: { title: 'Mapping report: migrant and refugee mental health care in five countries', description: 'How mental health care reaches migrants and refugees in Germany, Spain, Italy, Greece and Cyprus: services, training already on offer, and the gaps the training modules should close.' },
      it: { title: 'Rapporto di mappatura: la salute mentale di migranti e rifugiati in cinque paesi', description: 'Come la salute mentale raggiunge migranti e rifugiati in Germania, Spagna, Italia, Grecia e Cipro: servizi, formazione già disponibile e lacune che i moduli formativi dovrebbero colmare.' },
    },
    files: ['en', 'it'],
  },
  {
    project: 'eu-micare',
    wp: 'WP1',
    slug: 'eu-micare-focus-groups',
    code: 'D1.2',
    type: 'report',
    publishedOn: '2023-09-29',
    licence: 'CC BY 4.0',
    texts: {
      en: { title: 'Focus groups with professionals: what practitioners ask of training', description: 'About sixty professionals across the partner countries described the situations they meet with migrant and refugee patients and what they would want a course to teach.' },
    },
    files: ['en'],
  },
  {
    project: 'eu-micare',
    wp: 'WP2',
    slug: 'eu-micare-training-curriculum',
    code: 'D2.1',
    type: 'training-material',
    publishedOn: '2024-03-29',
    licence: 'CC BY-NC-SA 4.0',
    texts: {
      en: { title: 'Curriculum of the four training modules', description: 'Learning outcomes, target professions and outline of the interdisciplinary modules for every health professional and the specialised modules for mental-health professionals.' },
      it: { title: 'Curriculum dei quattro moduli formativi', description: 'Obiettivi di apprendimento, professioni destinatarie e struttura dei moduli interdisciplinari per tutti i professionisti sanitari e dei moduli specialistici per i professionisti della salute mentale.' },
      de: { title: 'Curriculum der vier Schulungsmodule', description: 'Lernziele, Zielberufe und Aufbau der interdisziplinären Module für alle Gesundheitsberufe und der Fachmodule für Fachkräfte der psychischen Gesundheit.' },
      es: { title: 'Currículo de los cuatro módulos formativos', description: 'Resultados de aprendizaje, profesiones destinatarias y estructura de los módulos interdisciplinares para todos los profesionales sanitarios y de los módulos especializados para profesionales de salud mental.' },
    },
    files: ['en', 'it', 'de', 'es', 'el'],
  },
  {
    project: 'eu-micare',
    wp: 'WP3',
    slug: 'eu-micare-consortium-minutes-milan',
    type: 'report',
    level: 'members',
    publishedOn: '2024-06-28',
    texts: {
      en: { title: 'Minutes of the consortium meeting in Milan', description: 'Decisions of the partners on the national events and the pilot of the e-learning platform. For members of the consortium.' },
    },
    files: ['en'],
  },
  {
    project: 'eu-micare',
    wp: 'WP4',
    slug: 'eu-micare-leaflet',
    type: 'leaflet',
    publishedOn: '2023-11-15',
    licence: 'CC BY 4.0',
    texts: {
      en: { title: 'EU-MiCare leaflet', description: 'The project on two pages: who it trains, what the free e-learning offers, and how to join.' },
      it: { title: 'Pieghevole EU-MiCare', description: 'Il progetto in due pagine: chi forma, che cosa offre l’e-learning gratuito e come partecipare.' },
      el: { title: 'Φυλλάδιο EU-MiCare', description: 'Το έργο σε δύο σελίδες: ποιους εκπαιδεύει, τι προσφέρει η δωρεάν ηλεκτρονική μάθηση και πώς μπορεί κανείς να συμμετάσχει.' },
    },
    files: ['en', 'it', 'el'],
  },
  {
    project: 'eu-micare',
    wp: 'WP4',
    slug: 'eu-micare-closing-event-press-release',
    type: 'press-release',
    publishedOn: '2025-09-03',
    texts: {
      it: { title: 'Comunicato stampa: evento conclusivo italiano a Milano', description: 'Il 10 settembre 2025 a Milano l’evento conclusivo italiano di EU-MiCare presenta i moduli formativi e la piattaforma e-learning.' },
      en: { title: 'Press release: Italian closing event in Milan', description: 'On 10 September 2025 in Milan, the Italian closing event of EU-MiCare presents the training modules and the e-learning platform.' },
    },
    files: ['it', 'en'],
  },
  {
    project: 'psychcare',
    slug: 'psychcare-guidelines',
    type: 'guideline',
    publishedOn: '2020-09-09',
    licence: 'CC BY-NC-ND 4.0',
    texts: {
      it: { title: 'Linee di indirizzo per l’erogazione di servizi psicosociali ai rifugiati', description: 'Le linee di indirizzo nazionali di PsychCare per la presa in carico integrata della salute mentale dei migranti forzati, dal riconoscimento del bisogno nei centri di accoglienza all’invio ai servizi sanitari.' },
      en: { title: 'Guidelines for the provision of psychosocial services to refugees', description: 'PsychCare’s national guidelines for the integrated care of forced migrants’ mental health, from recognising the need in reception centres to referral to health services.' },
    },
    files: ['it', 'en'],
  },
];

const ACTIVITIES = [
  { kind: 'workshop', happenedOn: '2023-05-15', locale: 'en', title: 'Focus groups with professionals on migrant and refugee mental health', venue: 'Partner countries', country: null, audience: 60 },
  { kind: 'talk', happenedOn: '2024-06-20', locale: 'en', title: 'Presentation of the training modules at the train-the-trainers meeting', venue: 'Milan', country: 'IT', audience: null },
  { kind: 'media', happenedOn: '2025-09-03', locale: 'it', title: 'Comunicato stampa sull’evento conclusivo italiano', venue: 'Stampa nazionale e locale', country: 'IT', audience: null },
] as const;

/** Reports and results and dissemination materials of the demo projects, with a small PDF per language. */
export async function seedDemoDocuments(db: DbOrTx, storage: Storage): Promise<void> {
  const projectId = async (slug: string) => (await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug)))[0]!.id;
  for (const d of DOCS) {
    const pid = await projectId(d.project);
    const wpId = d.wp ? (await db.select({ id: workPackages.id }).from(workPackages).where(and(eq(workPackages.projectId, pid), eq(workPackages.code, d.wp))))[0]?.id : undefined;
    const [source, ...others] = Object.entries(d.texts) as [Locale, { title: string; description: string }][];
    const created = await createDocument(db, {
      projectId: pid,
      workPackageId: wpId ?? null,
      code: d.code ?? null,
      type: d.type,
      level: d.level ?? 'public',
      publishedOn: d.publishedOn,
      licence: d.licence ?? null,
      doi: null,
      externalUrl: null,
      slug: d.slug,
      sourceLocale: source![0],
      title: source![1].title,
      description: source![1].description,
    });
    if ('error' in created) continue;
    for (const [locale, text] of others) await saveDocumentTranslation(db, created.id, locale, text);
    for (const locale of d.files) {
      const title = (d.texts[locale] ?? d.texts[source![0]])!.title;
      const bytes = simplePdf(title, [DEMO_NOTE[locale] ?? DEMO_NOTE.en!, `${d.code ?? ''} ${d.project.toUpperCase()} ${d.publishedOn}`.trim()]);
      await addDocumentFile(db, storage, created.id, { locale, note: '', name: `${d.slug}-${locale}.pdf`, contentType: 'application/pdf', bytes, userId: null });
    }
    await setDocumentStatus(db, created.id, 'published');
    // The demo's documents date from the projects' lifetimes, not from the day the demo was seeded.
    await db.update(documents).set({ changedAt: new Date(`${d.publishedOn}T09:00:00Z`) }).where(eq(documents.id, created.id));
  }
  const micare = await projectId('eu-micare');
  await db.insert(disseminationActivities).values(ACTIVITIES.map((a) => ({ ...a, projectId: micare })));
}
