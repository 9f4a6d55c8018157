import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import type { Locale } from '../../platform/i18n/index.js';
import { saveNewsTranslation } from './news.js';
import { indexNews } from './search-index.js';
import { news, newsTranslations, projects } from './schema.js';

type Text = { title: string; summary: string; body: string };

/** News of the demo projects, written fresh from their public facts; the first language listed is the original. */
const NEWS: { slug: string; project: string; publishedAt: string; tags: string[]; texts: Partial<Record<Locale, Text>> }[] = [
  {
    slug: 'eu-micare-mapping-and-focus-groups',
    project: 'eu-micare',
    publishedAt: '2023-06-15T09:00:00Z',
    tags: ['mapping', 'focus groups'],
    texts: {
      en: {
        title: 'What professionals told us: mapping and focus groups',
        summary: 'Before writing a single module, the partners mapped the situation in their five countries and listened to about sixty professionals.',
        body: 'The first year of EU-MiCare went into listening. Each partner described how mental health care for migrants and refugees is organised in its country, and focus groups brought together about sixty professionals: doctors, nurses, psychologists, social workers, interpreters and cultural mediators.\n\nTheir experience shapes the training: what they find hard, what they wish they had learned, and what would help them on a busy day.',
      },
      it: {
        title: 'Che cosa ci hanno detto i professionisti: mappatura e focus group',
        summary: 'Prima di scrivere un solo modulo, i partner hanno mappato la situazione nei cinque paesi e ascoltato circa sessanta professionisti.',
        body: 'Il primo anno di EU-MiCare è stato dedicato all’ascolto. Ogni partner ha descritto come è organizzata nel proprio paese l’assistenza alla salute mentale di migranti e rifugiati, e i focus group hanno riunito circa sessanta professionisti: medici, infermieri, psicologi, assistenti sociali, interpreti e mediatori culturali.\n\nLa loro esperienza dà forma alla formazione: che cosa trovano difficile, che cosa avrebbero voluto imparare, che cosa li aiuterebbe in una giornata piena.',
      },
    },
  },
  {
    slug: 'eu-micare-trainers-meet-in-milan',
    project: 'eu-micare',
    publishedAt: '2024-06-28T09:00:00Z',
    tags: ['training', 'train-the-trainers'],
    texts: {
      en: {
        title: 'Trainers from five countries met in Milan',
        summary: 'The train-the-trainers meeting prepared the people who will run the courses in each partner country.',
        body: 'In June 2024 the consortium met in Milan with the trainers who will carry the four modules into their countries. They worked through the interdisciplinary and the specialised modules and agreed how to adapt them to national courses.',
      },
      it: {
        title: 'A Milano i formatori di cinque paesi',
        summary: 'L’incontro di formazione dei formatori ha preparato chi condurrà i corsi in ogni paese partner.',
        body: 'A giugno 2024 il consorzio si è riunito a Milano con i formatori che porteranno i quattro moduli nei rispettivi paesi. Hanno lavorato sui moduli interdisciplinari e specialistici e concordato come adattarli ai corsi nazionali.',
      },
    },
  },
  {
    slug: 'eu-micare-closing-event-milan',
    project: 'eu-micare',
    publishedAt: '2025-09-11T09:00:00Z',
    tags: ['events', 'e-learning'],
    texts: {
      it: {
        title: 'Chiuso a Milano il percorso italiano di EU-MiCare',
        summary: 'Il 10 settembre 2025 l’evento conclusivo ha presentato i risultati del progetto e la piattaforma di e-learning gratuita.',
        body: 'L’evento nazionale di chiusura, a Milano il 10 settembre 2025, ha presentato la mappatura, i quattro moduli formativi e la piattaforma di e-learning, gratuita e multilingue, pensata per professionisti e volontari, compresi consulenti, interpreti e mediatori culturali.',
      },
      en: {
        title: 'EU-MiCare’s Italian journey ends in Milan',
        summary: 'On 10 September 2025 the closing event presented the project’s results and its free e-learning platform.',
        body: 'The national closing event, in Milan on 10 September 2025, presented the mapping, the four training modules and the free, multilingual e-learning platform for professionals and volunteers, including counsellors, interpreters and cultural mediators.',
      },
    },
  },
  {
    slug: 'psychcare-2-guidelines-into-practice',
    project: 'psychcare',
    publishedAt: '2020-10-01T09:00:00Z',
    tags: ['guidelines', 'networks'],
    texts: {
      it: {
        title: 'PsychCare 2: dalle linee di indirizzo alla pratica',
        summary: 'Il progetto prosegue fino alla fine del 2021 per applicare le linee di indirizzo nei centri di accoglienza delle quattro regioni.',
        body: 'Dopo le linee di indirizzo nazionali per i servizi psicosociali ai rifugiati, PsychCare 2 lavora con le reti regionali di Lazio, Lombardia, Campania e Sicilia per consolidarle e ampliarle, sostenere l’adozione delle linee di indirizzo e offrire un programma di formazione in collaborazione con la Società Italiana di Psichiatria.',
      },
      en: {
        title: 'PsychCare 2: from guidelines to practice',
        summary: 'The project continues until the end of 2021 to apply the guidelines in the reception centres of its four regions.',
        body: 'After the national guidelines for psychosocial services to refugees, PsychCare 2 works with the regional networks of Lazio, Lombardy, Campania and Sicily to consolidate and expand them, argue for the guidelines’ adoption, and offer a training programme together with the Italian Society of Psychiatry.',
      },
    },
  },
];

export async function seedDemoNews(db: DbOrTx): Promise<void> {
  for (const n of NEWS) {
    const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, n.project));
    const [source, ...others] = Object.entries(n.texts) as [Locale, Text][];
    const publishedAt = new Date(n.publishedAt);
    const [row] = await db
      .insert(news)
      .values({ slug: n.slug, projectId: project?.id ?? null, tags: n.tags, sourceLocale: source![0], status: 'published', publishedAt, createdAt: publishedAt })
      .onConflictDoNothing()
      .returning();
    if (!row) continue;
    await db.insert(newsTranslations).values({ newsId: row.id, locale: source![0], ...source![1], revision: 1, sourceRevision: 1 });
    for (const [locale, text] of others) await saveNewsTranslation(db, row.id, locale, text);
    // The demo's news dates from the projects' lifetimes, not from the day the demo was seeded.
    await db.update(news).set({ updatedAt: publishedAt }).where(eq(news.id, row.id));
    await indexNews(db, row.id);
  }
}
