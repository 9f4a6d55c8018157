import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { organisations } from '../../platform/schema.js';
import { reindexPortal } from './search-index.js';
import { funders, pages, pageTranslations, projectPartners, projects, projectTranslations, relatedProjects, workPackages, workPackageTranslations } from './schema.js';

type Texts = Record<string, { name: string; summary: string; objectives?: string; targetGroups?: string; fundingStatement?: string }>;

/**
 * Demo content of the two seed systems. Names, dates, programmes and funders are the public facts of
 * DEMO-FACTS.md; every sentence is written for this demo. Spanish, Greek and Arabic readers see the
 * English text with a note, which is what a real instance looks like mid-translation.
 */
export async function seedPortalDemo(db: DbOrTx): Promise<void> {
  const org = async (name: string) => (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, name)))[0]!.id;
  const emz = await org('Ethno-Medizinisches Zentrum e.V.');
  const zadig = await org('Zadig');
  const prolepsis = await org('Prolepsis Institute');
  const spain = await org('Partner organisation (Spain)');
  const cyprus = await org('Partner organisation (Cyprus)');
  const iprs = await org('IPRS – Istituto Psicoanalitico per le Ricerche Sociali');
  const crossing = await org('Crossing Dialogues');

  await db.insert(funders).values([
    { code: 'eu-erasmus', name: 'European Union – Erasmus+', kind: 'eu' },
    { code: 'osf', name: 'Open Society Foundations', kind: 'other' },
  ]);

  const project = async (values: typeof projects.$inferInsert, texts: Texts) => {
    const [p] = await db.insert(projects).values(values).returning();
    await db.insert(projectTranslations).values(Object.entries(texts).map(([locale, t]) => ({ projectId: p!.id, locale, revision: 1, sourceRevision: 1, ...t })));
    return p!.id;
  };

  const vetCare = await project(
    { slug: 'eu-vet-care', acronym: 'EU-VET CARE', programme: 'Erasmus+', funderCode: 'eu-erasmus', euFunding: 'co-funded', startDate: '2018-09-01', endDate: '2021-08-31' },
    {
      en: {
        name: 'Strengthening capacities for better health care to refugee and migrant children',
        summary: 'EU-VET CARE worked on the skills that health and social care staff need when the patient in front of them is a child who has fled or migrated. It is the project EU-MiCare grew out of.',
      },
      it: {
        name: 'Rafforzare le competenze per una migliore assistenza sanitaria a bambini rifugiati e migranti',
        summary: "EU-VET CARE ha lavorato sulle competenze di cui il personale sanitario e sociale ha bisogno quando a chiedere cura è un bambino in fuga o migrante. È il progetto da cui è nato EU-MiCare.",
      },
    },
  );

  const micare = await project(
    {
      slug: 'eu-micare',
      acronym: 'EU-MiCare',
      programme: 'Erasmus+',
      funderCode: 'eu-erasmus',
      euFunding: 'co-funded',
      startDate: '2022-10-01',
      endDate: '2025-09-30',
      coordinatorId: emz,
      previousProjectId: vetCare,
    },
    {
      en: {
        name: 'Training the EU health workforce to improve migrant and refugee mental health care',
        summary:
          'Six organisations from Germany, Spain, Italy, Greece and Cyprus, coordinated from Hannover, built a training programme so that people who care for migrants and refugees can better recognise and respond to mental distress.\n\nThe programme has four modules, each written by different partners and offered in English, Greek, Italian, Spanish and German, on a free e-learning platform.',
        objectives:
          '- Map how migrant and refugee mental health care works in each partner country, and listen to the professionals who provide it.\n- Offer interdisciplinary modules for every health professional and specialised modules for mental-health professionals.\n- Prepare trainers who carry the programme into their own countries.\n- Share the results at national events and keep them online.',
        targetGroups: 'Health professionals (psychologists, psychiatrists, social workers, physicians, nurses) and other professionals and volunteers who work with migrants and refugees, such as counsellors, interpreters and cultural mediators.',
      },
      it: {
        name: "Formare il personale sanitario dell'UE per migliorare l'assistenza alla salute mentale di migranti e rifugiati",
        summary:
          "Sei organizzazioni di Germania, Spagna, Italia, Grecia e Cipro, coordinate da Hannover, hanno costruito un programma di formazione perché chi si prende cura di migranti e rifugiati sappia riconoscere il disagio psichico e rispondere meglio.\n\nIl programma comprende quattro moduli, ciascuno scritto da partner diversi e disponibile in inglese, greco, italiano, spagnolo e tedesco su una piattaforma e-learning gratuita.",
        objectives:
          "- Descrivere come funziona l'assistenza alla salute mentale di migranti e rifugiati in ciascun paese partner, ascoltando i professionisti che la offrono.\n- Offrire moduli interdisciplinari per tutti i professionisti sanitari e moduli specialistici per i professionisti della salute mentale.\n- Preparare formatori che portino il programma nei propri paesi.\n- Condividere i risultati in eventi nazionali e mantenerli online.",
        targetGroups: 'Professionisti sanitari (psicologi, psichiatri, assistenti sociali, medici, infermieri) e altri professionisti e volontari che lavorano con migranti e rifugiati, come counselor, interpreti e mediatori culturali.',
      },
      de: {
        name: 'Fortbildung für Gesundheitsfachkräfte in der EU zur besseren psychischen Gesundheitsversorgung von Migrantinnen, Migranten und Geflüchteten',
        summary:
          'Sechs Organisationen aus Deutschland, Spanien, Italien, Griechenland und Zypern, koordiniert aus Hannover, haben ein Fortbildungsprogramm entwickelt, damit Fachkräfte, die Migrantinnen, Migranten und Geflüchtete versorgen, seelische Belastungen besser erkennen und darauf eingehen können.\n\nDas Programm umfasst vier Module, jeweils von verschiedenen Partnern erstellt und auf Englisch, Griechisch, Italienisch, Spanisch und Deutsch auf einer kostenlosen E-Learning-Plattform verfügbar.',
      },
    },
  );
  await db.insert(projectPartners).values([
    { projectId: micare, organisationId: emz, role: 'coordinator', sort: 0 },
    { projectId: micare, organisationId: zadig, role: 'partner', sort: 1 },
    { projectId: micare, organisationId: prolepsis, role: 'partner', sort: 2 },
    { projectId: micare, organisationId: spain, role: 'partner', sort: 3 },
    { projectId: micare, organisationId: cyprus, role: 'partner', sort: 4 },
  ]);
  const wp = async (code: string, sort: number, texts: Record<string, string>) => {
    const [w] = await db.insert(workPackages).values({ projectId: micare, code, sort }).returning();
    await db.insert(workPackageTranslations).values(Object.entries(texts).map(([locale, title]) => ({ workPackageId: w!.id, locale, title })));
  };
  await wp('WP1', 1, { en: 'Mapping and focus groups with professionals', it: 'Mappatura e focus group con i professionisti' });
  await wp('WP2', 2, { en: 'Training modules and the e-learning platform', it: 'Moduli formativi e piattaforma e-learning' });
  await wp('WP3', 3, { en: 'Train-the-trainers and national events', it: 'Formazione dei formatori ed eventi nazionali' });
  await wp('WP4', 4, { en: 'Dissemination', it: 'Disseminazione' });

  const psychcare = await project(
    {
      slug: 'psychcare',
      acronym: 'PsychCare',
      programme: 'Public Health Program',
      fundingLine: 'Mental Health and Rights',
      funderCode: 'osf',
      startDate: '2018-09-10',
      endDate: '2020-09-09',
      coordinatorId: iprs,
    },
    {
      en: {
        name: 'Psychiatric Services for Refugees',
        summary:
          'PsychCare set out to answer two questions: how can the reception system look after the psychosocial well-being of the people it hosts, and how can the national health service be brought in, so that care starts sooner while staying close to where people live?\n\nIt worked with reception centres, health services and other stakeholders in Lazio, Lombardy, Campania and Sicily.',
        objectives:
          '- Support the multi-level, multi-agency reception system.\n- Write national guidelines for psychosocial services to refugees.\n- Build regional networks that apply them.\n- Advocate, regionally and nationally, for their adoption.\n- Train professionals on the guidelines.',
        targetGroups: 'Reception-centre staff, public health and mental-health services, NGOs and cultural mediators working with refugees and asylum seekers.',
        fundingStatement: "PsychCare was funded by the Open Society Foundations' Public Health Program (Mental Health and Rights), and carried out with Crossing Dialogues and a wide network of stakeholders.",
      },
      it: {
        name: 'Servizi psichiatrici per i rifugiati',
        summary:
          "PsychCare è partito da due domande: come può il sistema di accoglienza prendersi cura del benessere psicosociale delle persone accolte, e come coinvolgere il servizio sanitario nazionale perché la presa in carico arrivi prima, restando vicina ai luoghi in cui le persone vivono?\n\nHa lavorato con centri di accoglienza, servizi sanitari e altri attori in Lazio, Lombardia, Campania e Sicilia.",
        objectives:
          "- Sostenere il sistema di accoglienza multilivello e multi-agenzia.\n- Scrivere linee di indirizzo nazionali per i servizi psicosociali rivolti ai rifugiati.\n- Costruire reti regionali che le applichino.\n- Promuoverne l'adozione a livello regionale e nazionale.\n- Formare i professionisti sulle linee di indirizzo.",
        targetGroups: 'Operatori dei centri di accoglienza, servizi sanitari e di salute mentale pubblici, ONG e mediatori culturali che lavorano con rifugiati e richiedenti asilo.',
        fundingStatement: "PsychCare è stato finanziato dal Public Health Program (Mental Health and Rights) delle Open Society Foundations e realizzato con Crossing Dialogues e un'ampia rete di attori.",
      },
    },
  );
  await db.insert(projectPartners).values([
    { projectId: psychcare, organisationId: iprs, role: 'coordinator', sort: 0 },
    { projectId: psychcare, organisationId: crossing, role: 'collaborator', sort: 1 },
  ]);
  const psychcare2 = await project(
    { slug: 'psychcare-2', acronym: 'PsychCare 2', programme: 'Public Health Program', fundingLine: 'Mental Health and Rights', funderCode: 'osf', endDate: '2021-12-31', coordinatorId: iprs, previousProjectId: psychcare },
    {
      en: {
        name: 'Implementation of PsychCare guidelines developed for the purpose of coordinating mental health support for refugees in accommodation centres',
        summary: 'The second phase put the PsychCare guidelines to work: consolidating and widening the regional networks, winning the adoption of the guidelines, and training professionals on them.',
        fundingStatement: "PsychCare 2 was funded by the Open Society Foundations' Public Health Program (Mental Health and Rights).",
      },
      it: {
        name: 'Attuazione delle linee di indirizzo PsychCare per coordinare il sostegno alla salute mentale dei rifugiati nei centri di accoglienza',
        summary: "La seconda fase ha messo al lavoro le linee di indirizzo PsychCare: consolidare e allargare le reti regionali, ottenerne l'adozione e formare i professionisti.",
        fundingStatement: 'PsychCare 2 è stato finanziato dal Public Health Program (Mental Health and Rights) delle Open Society Foundations.',
      },
    },
  );
  await db.insert(projectPartners).values({ projectId: psychcare2, organisationId: iprs, role: 'coordinator' });
  await db.insert(relatedProjects).values([
    { projectId: psychcare, relatedId: psychcare2 },
    { projectId: micare, relatedId: psychcare },
  ]);

  const page = async (projectId: string | null, slug: string, sort: number, texts: Record<string, { title: string; body: string }>) => {
    const [pg] = await db.insert(pages).values({ projectId, slug, sort }).returning();
    await db.insert(pageTranslations).values(Object.entries(texts).map(([locale, t]) => ({ pageId: pg!.id, locale, ...t })));
  };
  await page(micare, 'training', 1, {
    en: {
      title: 'The training programme',
      body: 'The programme combines **interdisciplinary modules**, for every health professional, with **specialised modules** for mental-health professionals. Each of the four modules was developed by different partners and is available in English, Greek, Italian, Spanish and German.\n\nBefore writing them, the partners mapped the situation in their countries and held focus groups with about sixty professionals. Trainers met in Milan in June 2024 to prepare the national events of 2025; the Italian closing event took place in Milan on 10 September 2025.',
    },
    it: {
      title: 'Il programma di formazione',
      body: "Il programma unisce **moduli interdisciplinari**, per ogni professionista sanitario, e **moduli specialistici** per i professionisti della salute mentale. Ciascuno dei quattro moduli è stato sviluppato da partner diversi ed è disponibile in inglese, greco, italiano, spagnolo e tedesco.\n\nPrima di scriverli, i partner hanno mappato la situazione nei loro paesi e condotto focus group con circa sessanta professionisti. I formatori si sono incontrati a Milano nel giugno 2024 per preparare gli eventi nazionali del 2025; l'evento conclusivo italiano si è svolto a Milano il 10 settembre 2025.",
    },
  });
  await page(psychcare, 'regions', 1, {
    en: { title: 'Regional networks', body: 'PsychCare worked in four Italian regions, **Lazio, Lombardy, Campania and Sicily**, bringing together reception centres, local health authorities, mental-health services, NGOs and mediators into networks that apply the guidelines locally.' },
    it: { title: 'Reti regionali', body: "PsychCare ha operato in quattro regioni italiane, **Lazio, Lombardia, Campania e Sicilia**, riunendo centri di accoglienza, aziende sanitarie locali, servizi di salute mentale, ONG e mediatori in reti che applicano le linee di indirizzo sul territorio." },
  });
  await page(null, 'accessibility', 1, {
    en: { title: 'Accessibility statement', body: 'This site aims to meet the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, as the EU Web Accessibility Directive asks of public-sector sites. Every page works without JavaScript and is checked automatically with axe-core.\n\nIf something is hard to use, tell the site administrator: the contact page says how.' },
    it: { title: "Dichiarazione di accessibilità", body: "Questo sito mira a rispettare le Linee guida per l'accessibilità dei contenuti web (WCAG) 2.1 al livello AA, come chiede ai siti pubblici la direttiva europea sull'accessibilità del web. Ogni pagina funziona senza JavaScript ed è verificata automaticamente con axe-core.\n\nSe qualcosa è difficile da usare, è possibile segnalarlo all'amministratore del sito: la pagina dei contatti indica come." },
  });
  await page(null, 'privacy', 2, {
    en: { title: 'Privacy notice', body: 'Ponte keeps only the personal data each service needs: your account details if you create an account, and a security record of sign-ins. No advertising or tracking cookies are used.\n\nFrom your account you can download everything held about you and delete your account at any time.' },
    it: { title: 'Informativa sulla privacy', body: "Ponte conserva solo i dati personali necessari a ciascun servizio: i dati dell'account, se se ne crea uno, e un registro di sicurezza degli accessi. Non si usano cookie pubblicitari o di tracciamento.\n\nDal proprio account è possibile scaricare tutti i dati conservati ed eliminare l'account in qualsiasi momento." },
  });
  await page(null, 'contact', 3, {
    en: { title: 'Contact', body: 'This is a demonstration instance of Ponte. Write to the administrator of your own instance for questions about its content.' },
    it: { title: 'Contatti', body: "Questa è un'istanza dimostrativa di Ponte. Per domande sui contenuti, scrivere all'amministratore della propria istanza." },
  });
  await reindexPortal(db);
}
