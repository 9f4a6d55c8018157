import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import type { Locale } from '../../platform/i18n/index.js';
import { zonedTimeToInstant } from '../../platform/i18n/time-zones.js';
import { attachMaterial, createEvent, indexEvent, saveEventTranslation, type EventMeta } from './events.js';
import { documents, events, projects } from './schema.js';

type Text = { title: string; summary: string; body: string };

interface DemoEvent {
  slug: string;
  project: string | null;
  meta: Omit<EventMeta, 'projectId' | 'startsAt' | 'endsAt'>;
  /** Local times in the event's zone, or days from the day the demo is seeded (for the one event still to come). */
  when: { start: string; end: string } | { inDays: number; start: string; end: string };
  texts: Partial<Record<Locale, Text>>;
  materials?: string[];
}

const ROME = 'Europe/Rome';

const EVENTS: DemoEvent[] = [
  {
    slug: 'eu-micare-train-the-trainers-milan',
    project: 'eu-micare',
    meta: { kind: 'train-the-trainers', timeZone: ROME, mode: 'in-person', venue: '', address: '', city: 'Milano', country: 'IT', onlineUrl: null, capacity: 30, registrationOpen: false },
    when: { start: '2024-06-20 09:30', end: '2024-06-20 17:30' },
    texts: {
      en: {
        title: 'Train-the-trainers meeting in Milan',
        summary: 'Trainers from the partner countries met in Milan to work through the four training modules before taking them home.',
        body: 'The consortium brought future trainers together in Milan, in June 2024, to go through the interdisciplinary and the specialised modules, try the exercises as learners, and agree how each country would run its own courses.\n\nThe modules were then adapted for the national rounds of training in 2025.',
      },
      it: {
        title: 'Incontro di formazione dei formatori a Milano',
        summary: 'Formatrici e formatori dei paesi partner si sono incontrati a Milano per lavorare sui quattro moduli prima di portarli nei propri paesi.',
        body: 'A giugno 2024 il consorzio ha riunito a Milano le persone che avrebbero condotto la formazione, per esaminare i moduli interdisciplinari e specialistici, provare gli esercizi dalla parte di chi apprende e concordare come ogni paese avrebbe organizzato i propri corsi.\n\nI moduli sono stati poi adattati per i cicli nazionali di formazione del 2025.',
      },
    },
    materials: ['eu-micare-training-curriculum'],
  },
  {
    slug: 'eu-micare-italian-closing-event',
    project: 'eu-micare',
    meta: { kind: 'national', timeZone: ROME, mode: 'in-person', venue: '', address: '', city: 'Milano', country: 'IT', onlineUrl: null, capacity: 120, registrationOpen: false },
    when: { start: '2025-09-10 09:30', end: '2025-09-10 13:30' },
    texts: {
      it: {
        title: 'Evento conclusivo italiano di EU-MiCare',
        summary: 'A Milano, la presentazione dei risultati del progetto e della piattaforma formativa a professioniste e professionisti della salute e dell’accoglienza.',
        body: 'L’evento nazionale di chiusura ha presentato che cosa il progetto ha prodotto in tre anni: la mappatura, i moduli formativi in cinque lingue e la piattaforma di e-learning gratuita.\n\nHa dato spazio anche al confronto su come mantenere la formazione disponibile dopo la fine del finanziamento.',
      },
      en: {
        title: 'EU-MiCare Italian closing event',
        summary: 'In Milan, the project presented its results and its training platform to health and reception professionals.',
        body: 'The national closing event showed what three years of work produced: the mapping, the training modules in five languages and the free e-learning platform.\n\nIt also opened a discussion on keeping the training available once the funding ends.',
      },
    },
    materials: ['eu-micare-closing-event-press-release'],
  },
  {
    slug: 'ponte-demo-webinar',
    project: null,
    meta: { kind: 'webinar', timeZone: ROME, mode: 'online', venue: '', address: '', city: '', country: null, onlineUrl: 'https://meet.example.org/ponte-demo', capacity: 30, registrationOpen: true },
    when: { inDays: 21, start: '15:00', end: '16:30' },
    texts: {
      en: {
        title: 'Demo: an online tour of this platform',
        summary: 'A demonstration event of this Ponte instance: register to see the confirmation e-mail, the calendar file and the waiting list at work.',
        body: 'This event exists only in the demo. It shows how registration works: places while they last, then a waiting list, a confirmation e-mail with a link to cancel, and a calendar file.\n\nThe link to join is sent only to people with a confirmed place.',
      },
      it: {
        title: 'Demo: una visita online della piattaforma',
        summary: 'Un evento dimostrativo di questa istanza di Ponte: iscriviti per vedere all’opera l’e-mail di conferma, il file del calendario e la lista d’attesa.',
        body: 'Questo evento esiste solo nella demo. Mostra come funzionano le iscrizioni: posti fino a esaurimento, poi una lista d’attesa, un’e-mail di conferma con il link per annullare e un file per il calendario.\n\nIl link per partecipare è inviato solo a chi ha un posto confermato.',
      },
      de: {
        title: 'Demo: ein Online-Rundgang durch die Plattform',
        summary: 'Eine Demonstrationsveranstaltung dieser Ponte-Instanz: Melden Sie sich an, um Bestätigungs-E-Mail, Kalenderdatei und Warteliste in Aktion zu sehen.',
        body: 'Diese Veranstaltung gibt es nur in der Demo. Sie zeigt, wie die Anmeldung funktioniert: Plätze, solange sie reichen, dann eine Warteliste, eine Bestätigungs-E-Mail mit Link zum Abmelden und eine Kalenderdatei.\n\nDer Link zur Teilnahme geht nur an Personen mit bestätigtem Platz.',
      },
      es: {
        title: 'Demo: una visita en línea a la plataforma',
        summary: 'Un evento de demostración de esta instancia de Ponte: inscríbase para ver en acción el correo de confirmación, el archivo de calendario y la lista de espera.',
        body: 'Este evento solo existe en la demo. Muestra cómo funciona la inscripción: plazas hasta agotarse, después una lista de espera, un correo de confirmación con un enlace para cancelar y un archivo de calendario.\n\nEl enlace para unirse solo se envía a quien tiene plaza confirmada.',
      },
      el: {
        title: 'Demo: μια διαδικτυακή περιήγηση στην πλατφόρμα',
        summary: 'Μια επιδεικτική εκδήλωση αυτής της εγκατάστασης του Ponte: εγγραφείτε για να δείτε στην πράξη το e-mail επιβεβαίωσης, το αρχείο ημερολογίου και τη λίστα αναμονής.',
        body: 'Αυτή η εκδήλωση υπάρχει μόνο στο demo. Δείχνει πώς λειτουργούν οι εγγραφές: θέσεις μέχρι εξαντλήσεως, έπειτα λίστα αναμονής, e-mail επιβεβαίωσης με σύνδεσμο ακύρωσης και αρχείο ημερολογίου.\n\nΟ σύνδεσμος συμμετοχής αποστέλλεται μόνο σε όσους έχουν επιβεβαιωμένη θέση.',
      },
    },
  },
];

const pad = (n: number) => String(n).padStart(2, '0');

/** Events of the demo: EU-MiCare's train-the-trainers meeting and Italian closing event (with their materials), and one demo webinar still to come. */
export async function seedDemoEvents(db: DbOrTx, now = new Date()): Promise<void> {
  for (const d of EVENTS) {
    const projectId = d.project ? ((await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, d.project)))[0]?.id ?? null) : null;
    let start: string;
    let end: string;
    if ('inDays' in d.when) {
      const day = new Date(now.getTime() + d.when.inDays * 86_400_000);
      const date = `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;
      start = `${date} ${d.when.start}`;
      end = `${date} ${d.when.end}`;
    } else ({ start, end } = d.when);
    const [source, ...others] = Object.entries(d.texts) as [Locale, Text][];
    const created = await createEvent(db, { ...d.meta, projectId, startsAt: zonedTimeToInstant(start, d.meta.timeZone)!, endsAt: zonedTimeToInstant(end, d.meta.timeZone)!, slug: d.slug, sourceLocale: source![0], ...source![1] });
    if ('error' in created) continue;
    for (const [locale, text] of others) await saveEventTranslation(db, created.id, locale, text);
    for (const slug of d.materials ?? []) {
      const [doc] = await db.select({ id: documents.id }).from(documents).where(eq(documents.slug, slug));
      if (doc) await attachMaterial(db, created.id, doc.id);
    }
    await db.update(events).set({ status: 'published' }).where(eq(events.id, created.id));
    await indexEvent(db, created.id);
  }
}
