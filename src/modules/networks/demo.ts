import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { zonedTimeToInstant } from '../../platform/i18n/time-zones.js';
import { createOrganisation } from '../../platform/identity/organisations.js';
import { organisations, regions } from '../../platform/schema.js';
import { networkActions, networkAgreements, networkAttendance, networkDecisions, networkMeetings, networkMembers, networkNews, networks, type Attendance } from './schema.js';

/**
 * The four PsychCare regional networks of the demo (Lazio, Lombardia, Campania, Sicilia). Every organisation
 * and every text is fictional and says so; the texts are in Italian, the networks' working language.
 */
interface DemoOrg {
  name: string;
  typeCode: string;
  /** The coordinating organisation of the network. */
  coordinator?: boolean;
  /** Short name used in minutes and agreements. */
  short: string;
}
interface DemoNetwork {
  slug: string;
  region: string;
  regionName: string;
  city: string;
  orgs: DemoOrg[];
  /** An extra, earlier meeting for the networks that have been at work longer. */
  earlier?: boolean;
}

const NETWORKS: DemoNetwork[] = [
  {
    slug: 'lazio',
    region: 'IT-62',
    regionName: 'Lazio',
    city: 'Roma',
    earlier: true,
    orgs: [
      { name: 'ASL Roma Esempio (demo)', short: 'ASL Roma Esempio', typeCode: 'local-health-authority', coordinator: true },
      { name: 'CSM Distretto Esempio (demo)', short: 'CSM Distretto Esempio', typeCode: 'community-mental-health-centre' },
      { name: 'CAS Villa Esempio (demo)', short: 'CAS Villa Esempio', typeCode: 'reception-centre' },
      { name: 'Progetto SAI Tevere Esempio (demo)', short: 'SAI Tevere', typeCode: 'integration-project' },
      { name: 'Mediazione Esempio (demo)', short: 'Mediazione Esempio', typeCode: 'mediator-agency' },
      { name: 'Associazione Ponti Solidali (demo)', short: 'Ponti Solidali', typeCode: 'ngo' },
    ],
  },
  {
    slug: 'lombardia',
    region: 'IT-25',
    regionName: 'Lombardia',
    city: 'Milano',
    orgs: [
      { name: 'ASST Milano Esempio (demo)', short: 'ASST Milano Esempio', typeCode: 'local-health-authority', coordinator: true },
      { name: 'CSM Lambrate Esempio (demo)', short: 'CSM Lambrate', typeCode: 'community-mental-health-centre' },
      { name: 'CAS Navigli Esempio (demo)', short: 'CAS Navigli', typeCode: 'reception-centre' },
      { name: 'SAI Brianza Esempio (demo)', short: 'SAI Brianza', typeCode: 'integration-project' },
      { name: 'Cooperativa Mediatori Lombardi (demo)', short: 'Mediatori Lombardi', typeCode: 'mediator-agency' },
      { name: 'Consultorio Porta Nuova Esempio (demo)', short: 'Consultorio Porta Nuova', typeCode: 'family-clinic' },
      { name: 'SerD Milano Esempio (demo)', short: 'SerD Milano', typeCode: 'addiction-service' },
    ],
  },
  {
    slug: 'campania',
    region: 'IT-72',
    regionName: 'Campania',
    city: 'Napoli',
    orgs: [
      { name: 'ASL Napoli Esempio (demo)', short: 'ASL Napoli Esempio', typeCode: 'local-health-authority', coordinator: true },
      { name: 'CSM Napoli Centro Esempio (demo)', short: 'CSM Napoli Centro', typeCode: 'community-mental-health-centre' },
      { name: 'CAS Vesuvio Esempio (demo)', short: 'CAS Vesuvio', typeCode: 'reception-centre' },
      { name: 'SAI Salerno Esempio (demo)', short: 'SAI Salerno', typeCode: 'integration-project' },
      { name: 'Mediazione Partenopea Esempio (demo)', short: 'Mediazione Partenopea', typeCode: 'mediator-agency' },
      { name: 'Associazione Mare Aperto (demo)', short: 'Mare Aperto', typeCode: 'ngo' },
    ],
  },
  {
    slug: 'sicilia',
    region: 'IT-82',
    regionName: 'Sicilia',
    city: 'Palermo',
    earlier: true,
    orgs: [
      { name: 'ASP Palermo Esempio (demo)', short: 'ASP Palermo Esempio', typeCode: 'local-health-authority', coordinator: true },
      { name: 'CSM Palermo Esempio (demo)', short: 'CSM Palermo', typeCode: 'community-mental-health-centre' },
      { name: 'Hotspot Esempio Pozzallo (demo)', short: 'Hotspot Pozzallo', typeCode: 'first-reception' },
      { name: 'CAS Conca d’Oro Esempio (demo)', short: 'CAS Conca d’Oro', typeCode: 'reception-centre' },
      { name: 'SAI Catania Esempio (demo)', short: 'SAI Catania', typeCode: 'integration-project' },
      { name: 'Mediatori del Mediterraneo (demo)', short: 'Mediatori del Mediterraneo', typeCode: 'mediator-agency' },
      { name: 'ONG Approdi (demo)', short: 'Approdi', typeCode: 'ngo' },
      { name: 'Consultorio Ragusa Esempio (demo)', short: 'Consultorio Ragusa', typeCode: 'family-clinic' },
    ],
  },
];

const TZ = 'Europe/Rome';
const DAY = 86_400_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
/** A wall-clock time in Rome, some days from now. */
const at = (now: Date, days: number, time: string) => zonedTimeToInstant(`${dayOf(new Date(now.getTime() + days * DAY))} ${time}`, TZ)!;

/** Seeds the demo networks once (a network whose slug exists is left as it is). */
export async function seedNetworksDemo(db: DbOrTx, now = new Date()): Promise<void> {
  for (const def of NETWORKS) {
    if ((await db.select({ id: networks.id }).from(networks).where(eq(networks.slug, def.slug))).length) continue;
    const [region] = await db.select().from(regions).where(eq(regions.code, def.region));
    if (!region) continue;
    const orgIds: string[] = [];
    for (const o of def.orgs) {
      const [found] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, o.name));
      orgIds.push(found?.id ?? (await createOrganisation(db, { name: o.name, typeCode: o.typeCode, country: 'IT', regionId: region.id, website: null })).id);
    }
    const org = (i: number) => orgIds[i]!;
    const coordinator = def.orgs.findIndex((o) => o.coordinator);
    const reception = def.orgs.findIndex((o) => ['reception-centre', 'first-reception'].includes(o.typeCode));
    const csm = def.orgs.findIndex((o) => o.typeCode === 'community-mental-health-centre');
    const mediation = def.orgs.findIndex((o) => o.typeCode === 'mediator-agency');
    const short = (i: number) => def.orgs[i]!.short;

    const [network] = await db
      .insert(networks)
      .values({
        slug: def.slug,
        regionId: region.id,
        name: `Rete PsychCare ${def.regionName} (demo)`,
        locale: 'it',
        description: `Rete regionale dimostrativa che riunisce servizi di accoglienza, servizi sanitari e di salute mentale, mediatori e associazioni del territorio (${def.regionName}). Lavora per rendere più semplici e tempestivi gli invii tra accoglienza e cura, per l'uso condiviso delle linee guida e per la formazione comune degli operatori.\n\nTutti i nomi e i contenuti di questa rete sono fittizi e servono solo a mostrare il funzionamento della piattaforma.`,
        contactEmail: `rete-${def.slug}@example.org`,
        createdAt: new Date(now.getTime() - 400 * DAY),
      })
      .returning();
    const networkId = network!.id;
    await db.insert(networkMembers).values(
      orgIds.map((id, i) => ({ networkId, organisationId: id, role: i === coordinator ? ('coordinator' as const) : ('member' as const), joinedOn: dayOf(new Date(now.getTime() - (380 - i * 20) * DAY)) })),
    );

    // A meeting held some weeks ago, with its record.
    const heldStarts = at(now, -38, '10:00');
    const [held] = await db
      .insert(networkMeetings)
      .values({
        networkId,
        title: 'Incontro di rete: percorsi di invio ai servizi di salute mentale',
        startsAt: heldStarts,
        endsAt: at(now, -38, '13:00'),
        place: `Sala riunioni di ${short(coordinator)}, ${def.city}`,
        onlineUrl: 'https://meet.example.org/rete-demo',
        agenda: `1. Benvenuto e approvazione del verbale precedente\n2. Percorso di invio dal centro di accoglienza al CSM: criteri e modulo condiviso\n3. Disponibilità dei mediatori culturali per le prime visite\n4. Calendario della formazione congiunta\n5. Varie ed eventuali`,
        minutes: `**Presenti**: vedi elenco delle presenze.\n\n**1.** Il verbale dell'incontro precedente è approvato senza modifiche.\n\n**2.** ${short(csm)} presenta una proposta di modulo di invio in una pagina, con i segnali di disagio osservati dagli operatori e il consenso della persona. ${short(reception)} segnala che i tempi di attesa per la prima visita restano lunghi; si concorda di provare per tre mesi una fascia settimanale riservata ai primi colloqui.\n\n**3.** ${short(mediation)} conferma la disponibilità di mediatori per arabo, tigrino, bangla e urdu, con preavviso di 48 ore. Si ricorda di non ricorrere a familiari o minori come interpreti.\n\n**4.** La formazione congiunta si terrà in due giornate; i moduli saranno quelli del corso Ponte sulla salute mentale dei migranti.\n\n**5.** Nessun punto ulteriore. L'incontro si chiude alle 12:50.`,
        status: 'held',
        invitedAt: new Date(heldStarts.getTime() - 14 * DAY),
        remindedAt: new Date(heldStarts.getTime() - 2 * DAY),
        createdAt: new Date(heldStarts.getTime() - 20 * DAY),
        updatedAt: new Date(heldStarts.getTime() + 2 * DAY),
      })
      .returning();
    const statuses: Attendance[] = ['present', 'present', 'present', 'excused', 'present', 'absent', 'present', 'excused'];
    const people = ['M. Rossi, L. Bianchi', 'G. Esposito', 'A. Romano', '', 'F. Colombo', '', 'S. Ricci', ''];
    await db.insert(networkAttendance).values(orgIds.map((id, i) => ({ meetingId: held!.id, organisationId: id, status: statuses[i]!, attendees: people[i]! })));
    await db.insert(networkDecisions).values([
      { meetingId: held!.id, text: 'Si adotta in via sperimentale, per tre mesi, il modulo di invio condiviso tra accoglienza e CSM.', sort: 1 },
      { meetingId: held!.id, text: `${short(csm)} riserva una fascia settimanale ai primi colloqui delle persone inviate dai centri di accoglienza.`, sort: 2 },
      { meetingId: held!.id, text: 'La formazione congiunta degli operatori si svolgerà in due giornate nel prossimo trimestre.', sort: 3 },
    ]);
    await db.insert(networkActions).values([
      { networkId, meetingId: held!.id, title: 'Inviare a tutti i membri la versione definitiva del modulo di invio', ownerOrganisationId: org(csm), dueOn: dayOf(new Date(now.getTime() - 24 * DAY)), doneAt: new Date(now.getTime() - 26 * DAY), remindedAt: new Date(now.getTime() - 27 * DAY) },
      { networkId, meetingId: held!.id, title: 'Raccogliere le disponibilità dei mediatori per il trimestre', ownerOrganisationId: org(mediation), dueOn: dayOf(new Date(now.getTime() + 12 * DAY)) },
      { networkId, meetingId: held!.id, title: 'Proporre due date per la formazione congiunta', ownerOrganisationId: org(coordinator), dueOn: dayOf(new Date(now.getTime() + 25 * DAY)) },
    ]);

    if (def.earlier) {
      await db.insert(networkMeetings).values({
        networkId,
        title: 'Incontro di avvio della rete',
        startsAt: at(now, -130, '15:00'),
        endsAt: at(now, -130, '17:30'),
        place: `Sede di ${short(reception)}, ${def.city}`,
        agenda: '1. Presentazione dei membri\n2. Obiettivi della rete per il primo anno\n3. Modalità di lavoro e frequenza degli incontri',
        minutes: `I membri si presentano e descrivono i propri servizi. Si concordano tre obiettivi per il primo anno: un percorso di invio condiviso, un protocollo tra accoglienza e servizi sanitari, la formazione comune degli operatori. La rete si riunirà ogni due mesi, alternando incontri in presenza e online. ${short(coordinator)} assume il coordinamento.`,
        status: 'held',
        createdAt: new Date(now.getTime() - 150 * DAY),
        updatedAt: new Date(now.getTime() - 128 * DAY),
      });
    }

    // The next meeting, planned.
    await db.insert(networkMeetings).values({
      networkId,
      title: 'Incontro di rete: verifica del percorso di invio',
      startsAt: at(now, 19, '10:00'),
      endsAt: at(now, 19, '12:30'),
      place: `Sala riunioni di ${short(coordinator)}, ${def.city}`,
      onlineUrl: 'https://meet.example.org/rete-demo',
      agenda: `1. Primi risultati della sperimentazione del modulo di invio\n2. Bozza di protocollo d'intesa tra accoglienza e servizi sanitari\n3. Programma della formazione congiunta\n4. Varie ed eventuali`,
      status: 'planned',
      invitedAt: new Date(now.getTime() - 5 * DAY),
      createdAt: new Date(now.getTime() - 6 * DAY),
    });

    await db.insert(networkAgreements).values([
      {
        networkId,
        kind: 'protocol',
        title: `Protocollo operativo per l'invio ai servizi di salute mentale delle persone accolte (${def.regionName}, demo)`,
        summary: "Definisce come i centri di accoglienza segnalano al CSM le persone con segni di disagio psicologico, i tempi di risposta, il ruolo della mediazione culturale e lo scambio di informazioni nel rispetto della riservatezza.",
        parties: [org(coordinator), org(csm), org(reception)],
        signedOn: dayOf(new Date(now.getTime() - 200 * DAY)),
        validUntil: dayOf(new Date(now.getTime() + 530 * DAY)),
        public: true,
        createdAt: new Date(now.getTime() - 199 * DAY),
      },
      {
        networkId,
        kind: 'memorandum',
        title: 'Intesa sulla mediazione linguistico-culturale nelle visite (demo)',
        summary: 'Bozza di intesa sulla presenza di mediatori professionali alle prime visite e ai colloqui clinici; in discussione tra i membri.',
        parties: [org(coordinator), org(mediation)],
        public: false,
        createdAt: new Date(now.getTime() - 30 * DAY),
      },
    ]);

    await db.insert(networkNews).values([
      {
        networkId,
        title: 'Approvato il protocollo tra accoglienza e servizi di salute mentale',
        body: `I membri della rete hanno firmato il protocollo operativo per l'invio ai servizi di salute mentale delle persone accolte in ${def.regionName}. Il protocollo stabilisce tempi di risposta, il ruolo dei mediatori culturali e un modulo di invio unico.\n\n*Notizia dimostrativa: organizzazioni e contenuti sono fittizi.*`,
        public: true,
        publishedAt: new Date(now.getTime() - 195 * DAY),
      },
      {
        networkId,
        title: 'Materiali dell’ultimo incontro',
        body: 'Nello spazio della rete trovate il verbale dell’ultimo incontro e la bozza del modulo di invio. Vi chiediamo di inviare osservazioni prima del prossimo incontro.\n\n*Notizia dimostrativa, riservata ai membri.*',
        public: false,
        publishedAt: new Date(now.getTime() - 35 * DAY),
      },
    ]);
  }
}
