import type { EvidenceLevel, GuidelineRole, PathwayStep, Strength } from './schema.js';

/**
 * The text of the demo guideline, written for Ponte's demo: fictional, not a real guideline, not for use in
 * care. It follows the care pathway chapter by chapter. Version 2.0 is given in full; `v1` holds what
 * version 1.0 said where it differed. Italian (`it`) is missing where the demo shows an untranslated text,
 * and `itStale` marks where the Italian of 2.0 still translates the 1.0 English (an out-of-date translation).
 */

export interface Bilingual {
  en: string;
  it?: string;
}

export interface DemoPart {
  key: string;
  title: Bilingual;
  intro: Bilingual;
  /** The title of version 1.0, when it differed. */
  v1Title?: Bilingual;
}

export interface DemoChapter extends DemoPart {
  sections: (DemoPart & { only?: '1.0' | '2.0' })[];
}

export interface DemoRecommendation {
  identifier: string;
  section: string;
  strength: Strength;
  evidence: EvidenceLevel | null;
  roles: GuidelineRole[];
  organisationTypes: string[];
  steps: PathwayStep[];
  statement: Bilingual;
  rationale: Bilingual;
  /** In one version only. */
  only?: '1.0' | '2.0';
  /** What version 1.0 said where it differed. */
  v1?: Partial<Omit<DemoRecommendation, 'identifier' | 'v1' | 'only' | 'itStale'>>;
  /** The Italian of 2.0 is still the translation of the 1.0 English. */
  itStale?: true;
}

export const DEMO_GUIDELINE_TEXT = {
  title: { en: 'National guideline on psychosocial support for refugees and asylum seekers (demo)', it: 'Linee di indirizzo nazionali sul sostegno psicosociale a rifugiati e richiedenti asilo (demo)' },
  summary: {
    en: 'Demo content written for Ponte: a fictional guideline, not for use in care. It shows how recommendations for the reception system and the national health service can be published, versioned and translated, following the care pathway from identification to coordination.',
    it: 'Contenuto dimostrativo scritto per Ponte: linee di indirizzo fittizie, da non usare nella pratica. Mostrano come pubblicare, versionare e tradurre raccomandazioni per il sistema di accoglienza e il servizio sanitario nazionale, seguendo il percorso di cura dall’identificazione al coordinamento.',
  },
  changeNotes: {
    '1.0': { en: 'First edition.', it: 'Prima edizione.' },
    '2.0': {
      en: 'Second edition, after public consultation. Screening is now offered within 14 days of arrival (R4); urgent referrals are made the same day (R9); trauma-focused psychotherapy for post-traumatic stress disorder becomes a strong recommendation (R13); the rationale on certification follows the 2022 edition of the Istanbul Protocol (R16); continuity of care on transfer now also addresses coordinators (R18); a new recommendation covers unaccompanied minors (R22). Group sessions about the journey soon after arrival (R15) are withdrawn. Supervision of reception staff (R21) moves to the chapter on coordination.',
      it: 'Seconda edizione, dopo la consultazione pubblica. Lo screening è ora offerto entro 14 giorni dall’arrivo (R4); gli invii urgenti avvengono in giornata (R9); la psicoterapia focalizzata sul trauma per il disturbo da stress post-traumatico diventa una raccomandazione forte (R13); la motivazione sulla certificazione segue l’edizione 2022 del Protocollo di Istanbul (R16); la continuità delle cure nei trasferimenti si rivolge ora anche ai coordinatori (R18); una nuova raccomandazione riguarda i minori stranieri non accompagnati (R22). Le sessioni di gruppo sul viaggio subito dopo l’arrivo (R15) sono ritirate. La supervisione del personale dell’accoglienza (R21) passa al capitolo sul coordinamento.',
    },
    '2.1': {
      en: 'Draft for public consultation: how often screening is repeated (R6).',
      it: 'Bozza in consultazione pubblica: ogni quanto ripetere lo screening (R6).',
    },
  },
} as const;

export const DEMO_CHAPTERS: DemoChapter[] = [
  {
    key: 'C1',
    title: { en: 'Identification', it: 'Identificazione' },
    intro: {
      en: 'Distress and vulnerability are easiest to address when they are noticed early, by the people who meet newcomers every day.',
      it: 'Il disagio e la vulnerabilità si affrontano meglio quando vengono notati presto, da chi incontra ogni giorno le persone appena arrivate.',
    },
    sections: [
      { key: 'S1', title: { en: 'Early identification in reception', it: 'Identificazione precoce nell’accoglienza' }, intro: { en: '', it: '' } },
      { key: 'S2', title: { en: 'Survivors of torture and serious violence', it: 'Sopravvissuti a tortura e a violenza grave' }, intro: { en: '', it: '' } },
    ],
  },
  {
    key: 'C2',
    title: { en: 'Screening', it: 'Screening' },
    intro: {
      en: 'Screening is an offer, not a requirement: its purpose is to open a door to care, never to decide a person’s status.',
      it: 'Lo screening è un’offerta, non un obbligo: serve ad aprire una porta verso la cura, mai a decidere della posizione di una persona.',
    },
    sections: [{ key: 'S3', title: { en: 'Screening with validated tools', it: 'Screening con strumenti validati' }, v1Title: { en: 'Screening tools', it: 'Strumenti di screening' }, intro: { en: '', it: '' } }],
  },
  {
    key: 'C3',
    title: { en: 'Referral', it: 'Invio ai servizi' },
    intro: { en: 'A referral succeeds when both sides know in advance who to call, what to send and how fast to answer.', it: 'Un invio funziona quando entrambe le parti sanno in anticipo chi chiamare, che cosa inviare e con quale rapidità rispondere.' },
    sections: [{ key: 'S4', title: { en: 'Referral pathways', it: 'Percorsi di invio' }, intro: { en: '', it: '' } }],
  },
  {
    key: 'C4',
    title: { en: 'Taking charge', it: 'Presa in carico' },
    intro: { en: 'Taking charge begins with access to the national health service on the same terms as everyone else.', it: 'La presa in carico comincia dall’accesso al servizio sanitario nazionale alle stesse condizioni di chiunque altro.' },
    sections: [{ key: 'S5', title: { en: 'Access to the national health service', it: 'Accesso al servizio sanitario nazionale' }, intro: { en: '', it: '' } }],
  },
  {
    key: 'C5',
    title: { en: 'Treatment and rehabilitation', it: 'Cura e riabilitazione' },
    v1Title: { en: 'Treatment', it: 'Cura' },
    intro: { en: 'Care is stepped: most people need support and practical help, some need psychological treatment, a few need specialist care.', it: 'La cura è a gradini: la maggior parte delle persone ha bisogno di sostegno e aiuto pratico, alcune di un trattamento psicologico, poche di cure specialistiche.' },
    sections: [
      { key: 'S6', title: { en: 'Psychological treatment', it: 'Trattamento psicologico' }, intro: { en: '', it: '' } },
      { key: 'S7', title: { en: 'Psychosocial and community support', it: 'Sostegno psicosociale e comunitario' }, intro: { en: '', it: '' } },
    ],
  },
  {
    key: 'C6',
    title: { en: 'Certification', it: 'Certificazione' },
    intro: { en: 'A careful medico-legal certificate can decide whether a person’s account of persecution is believed.', it: 'Un certificato medico-legale accurato può decidere se il racconto di persecuzione di una persona viene creduto.' },
    sections: [{ key: 'S8', title: { en: 'Medico-legal certification', it: 'Certificazione medico-legale' }, intro: { en: '', it: '' } }],
  },
  {
    key: 'C7',
    title: { en: 'Follow-up', it: 'Follow-up' },
    intro: { en: 'People move between centres, cities and legal statuses; care must move with them.', it: 'Le persone si spostano tra centri, città e condizioni giuridiche; la cura deve spostarsi con loro.' },
    sections: [
      { key: 'S9', title: { en: 'Continuity of care', it: 'Continuità delle cure' }, intro: { en: '', it: '' } },
      { key: 'S10', title: { en: 'Staff wellbeing', it: 'Benessere del personale' }, intro: { en: '', it: '' }, only: '1.0' },
    ],
  },
  {
    key: 'C8',
    title: { en: 'Coordination', it: 'Coordinamento' },
    intro: { en: 'No single service can meet these needs alone: reception, health and social services work as one network.', it: 'Nessun servizio può rispondere da solo a questi bisogni: accoglienza, servizi sanitari e sociali lavorano come un’unica rete.' },
    sections: [
      { key: 'S11', title: { en: 'Local networks', it: 'Reti locali' }, intro: { en: '', it: '' } },
      { key: 'S12', title: { en: 'Support for reception staff', it: 'Sostegno al personale dell’accoglienza' }, intro: { en: '', it: '' }, only: '2.0' },
    ],
  },
];

const RECEPTION = ['reception-centre', 'first-reception', 'integration-project'];

export const DEMO_RECOMMENDATIONS: DemoRecommendation[] = [
  {
    identifier: 'R1',
    section: 'S1',
    strength: 'strong',
    evidence: 'moderate',
    roles: ['reception-operator', 'cultural-mediator', 'coordinator'],
    organisationTypes: RECEPTION,
    steps: ['identification'],
    statement: {
      en: 'Reception centres should train every member of staff who has daily contact with residents to recognise signs of psychological distress and vulnerability, and to know whom to tell.',
      it: 'I centri di accoglienza dovrebbero formare ogni operatore a contatto quotidiano con gli ospiti a riconoscere i segnali di disagio psicologico e di vulnerabilità, e a sapere a chi segnalarli.',
    },
    rationale: {
      en: 'Operators, not clinicians, are usually the first to notice withdrawal, sleeplessness or sudden changes in behaviour. Short, practical training improves how often such signs are noticed and passed on. Knowing the internal contact point matters as much as recognising the signs.',
      it: 'Sono di solito gli operatori, non i clinici, i primi a notare isolamento, insonnia o cambiamenti improvvisi di comportamento. Una formazione breve e pratica aumenta la frequenza con cui questi segnali vengono colti e trasmessi. Sapere a chi rivolgersi all’interno conta quanto riconoscere i segnali.',
    },
  },
  {
    identifier: 'R2',
    section: 'S1',
    strength: 'good-practice',
    evidence: null,
    roles: ['reception-operator', 'social-worker'],
    organisationTypes: RECEPTION,
    steps: ['identification'],
    statement: {
      en: 'Record identified vulnerabilities in the resident’s individual reception plan, with the resident’s informed consent, and review them at each planned meeting.',
      it: 'Registrare le vulnerabilità individuate nel progetto individuale di accoglienza, con il consenso informato della persona, e rivederle a ogni colloquio programmato.',
    },
    rationale: {
      en: 'A vulnerability noticed once and never written down is lost when staff change shifts or leave. Recording it in the plan, with consent, lets the whole team act consistently. Regular review prevents a label from outliving the need.',
      it: 'Una vulnerabilità notata una volta e mai annotata si perde al cambio di turno o quando l’operatore se ne va. Annotarla nel progetto, con il consenso, permette a tutta l’équipe di agire in modo coerente. La revisione periodica evita che un’etichetta sopravviva al bisogno.',
    },
  },
  {
    identifier: 'R3',
    section: 'S2',
    strength: 'strong',
    evidence: 'low',
    roles: ['reception-operator', 'cultural-mediator', 'psychologist', 'social-worker'],
    organisationTypes: [...RECEPTION, 'mediator-agency'],
    steps: ['identification'],
    statement: {
      en: 'Ask about experiences of torture or serious violence only in a private setting, with a trained cultural mediator of the person’s choosing where possible, and never through family members or other residents as interpreters.',
      it: 'Chiedere di esperienze di tortura o di violenza grave solo in un luogo riservato, con un mediatore culturale formato, scelto se possibile dalla persona, e mai usando come interpreti familiari o altri ospiti.',
    },
    rationale: {
      en: 'Disclosure is more likely, and less harmful, when the person feels safe and in control of what is said. Family members and fellow residents may be part of the story, or may pass it on. A mediator of the preferred gender and background can make the difference between silence and a first account.',
      it: 'Il racconto è più probabile, e meno dannoso, quando la persona si sente al sicuro e padrona di ciò che dice. Familiari e altri ospiti possono far parte della storia, o diffonderla. Un mediatore del genere e della provenienza preferiti può fare la differenza tra il silenzio e un primo racconto.',
    },
  },
  {
    identifier: 'R4',
    section: 'S3',
    strength: 'conditional',
    evidence: 'moderate',
    roles: ['reception-operator', 'cultural-mediator', 'psychologist', 'nurse'],
    organisationTypes: [...RECEPTION, 'local-health-authority'],
    steps: ['screening'],
    statement: {
      en: 'Offer every adult resident a psychosocial screening with a tool validated for refugee populations within 14 days of arrival, administered in the person’s language with a trained cultural mediator.',
      it: 'Offrire a ogni ospite adulto uno screening psicosociale con uno strumento validato per popolazioni rifugiate entro 30 giorni dall’arrivo, somministrato nella lingua della persona con un mediatore culturale formato.',
    },
    rationale: {
      en: 'Validated tools find people who need further assessment more reliably than impressions alone. Offering screening early, once basic needs are met, shortens the time to care. A trained mediator is needed so that questions keep their meaning and the person can ask what they are for.',
      it: 'Gli strumenti validati individuano chi ha bisogno di una valutazione approfondita in modo più affidabile delle sole impressioni. Offrire lo screening presto, una volta soddisfatti i bisogni primari, accorcia i tempi di accesso alle cure. Serve un mediatore formato perché le domande mantengano il loro significato e la persona possa chiedere a che cosa servono.',
    },
    itStale: true,
    v1: {
      evidence: 'low',
      statement: {
        en: 'Offer every adult resident a psychosocial screening with a tool validated for refugee populations within 30 days of arrival, administered in the person’s language with a trained cultural mediator.',
        it: 'Offrire a ogni ospite adulto uno screening psicosociale con uno strumento validato per popolazioni rifugiate entro 30 giorni dall’arrivo, somministrato nella lingua della persona con un mediatore culturale formato.',
      },
    },
  },
  {
    identifier: 'R5',
    section: 'S3',
    strength: 'good-practice',
    evidence: null,
    roles: ['reception-operator', 'cultural-mediator', 'psychologist'],
    organisationTypes: RECEPTION,
    steps: ['screening'],
    statement: {
      en: 'Explain the purpose of screening before it starts, make clear that declining has no effect on reception or on the asylum procedure, and share the result with the person.',
      it: 'Spiegare lo scopo dello screening prima di iniziare, chiarire che rifiutarlo non ha conseguenze sull’accoglienza né sulla procedura d’asilo, e condividere il risultato con la persona.',
    },
    rationale: {
      en: 'Many residents fear that answers about their mental health will be used against them. Clear information and a real choice make answers more honest and keep trust. Sharing the result treats the person as a partner in their own care.',
      it: 'Molti ospiti temono che le risposte sulla propria salute mentale vengano usate contro di loro. Un’informazione chiara e una scelta reale rendono le risposte più sincere e preservano la fiducia. Condividere il risultato tratta la persona come partner della propria cura.',
    },
  },
  {
    identifier: 'R6',
    section: 'S3',
    strength: 'conditional',
    evidence: 'low',
    roles: ['reception-operator', 'psychologist'],
    organisationTypes: RECEPTION,
    steps: ['screening', 'follow-up'],
    statement: {
      en: 'Repeat the screening when a resident’s circumstances change markedly, such as a negative asylum decision, a transfer or a loss in the family, and at least once a year.',
      it: 'Ripetere lo screening quando le circostanze di un ospite cambiano in modo marcato, come un diniego della domanda d’asilo, un trasferimento o un lutto in famiglia, e almeno una volta all’anno.',
    },
    rationale: {
      en: 'Distress often appears months after arrival, when the first relief has passed and uncertainty grows. A single screening at arrival misses these people. Tying repetition to known stressful events keeps the effort where it is most useful.',
      it: 'Il disagio compare spesso mesi dopo l’arrivo, quando il primo sollievo è passato e l’incertezza cresce. Uno screening solo all’arrivo non intercetta queste persone. Legare la ripetizione a eventi stressanti noti concentra l’impegno dove è più utile.',
    },
  },
  {
    identifier: 'R7',
    section: 'S4',
    strength: 'strong',
    evidence: 'moderate',
    roles: ['coordinator', 'psychiatrist', 'social-worker'],
    organisationTypes: [...RECEPTION, 'local-health-authority', 'community-mental-health-centre'],
    steps: ['referral', 'coordination'],
    statement: {
      en: 'Each reception centre and its local health authority should agree a written referral protocol naming the contact points, the information to be sent and the expected response times.',
      it: 'Ogni centro di accoglienza e la propria azienda sanitaria locale dovrebbero concordare un protocollo scritto di invio che indichi i referenti, le informazioni da trasmettere e i tempi di risposta attesi.',
    },
    rationale: {
      en: 'Referrals that depend on personal contacts stop working when people change jobs. A written protocol makes the pathway visible to new staff and measurable for the network. Agreed response times turn a good intention into a shared commitment.',
      it: 'Gli invii che dipendono da conoscenze personali smettono di funzionare quando le persone cambiano lavoro. Un protocollo scritto rende il percorso visibile ai nuovi operatori e misurabile per la rete. Tempi di risposta concordati trasformano una buona intenzione in un impegno condiviso.',
    },
  },
  {
    identifier: 'R8',
    section: 'S4',
    strength: 'good-practice',
    evidence: null,
    roles: ['reception-operator', 'social-worker', 'general-practitioner'],
    organisationTypes: RECEPTION,
    steps: ['referral'],
    statement: {
      en: 'Refer only with the person’s informed consent, explained in their language, and send the receiving service no more personal information than it needs to act.',
      it: 'Inviare ai servizi solo con il consenso informato della persona, spiegato nella sua lingua, e trasmettere al servizio ricevente solo le informazioni personali necessarie per agire.',
    },
    rationale: {
      en: 'Health information is special-category data and residents often have reasons to be wary of institutions. Consent sought properly is also a chance to explain what the service offers. Sending less is safer and, in practice, rarely slows care down.',
      it: 'Le informazioni sanitarie sono dati di categoria particolare e gli ospiti hanno spesso ragioni per diffidare delle istituzioni. Chiedere il consenso nel modo giusto è anche l’occasione per spiegare che cosa offre il servizio. Trasmettere meno dati è più sicuro e, nella pratica, raramente rallenta le cure.',
    },
  },
  {
    identifier: 'R9',
    section: 'S4',
    strength: 'strong',
    evidence: 'moderate',
    roles: ['reception-operator', 'general-practitioner', 'psychiatrist', 'nurse'],
    organisationTypes: [...RECEPTION, 'community-mental-health-centre'],
    steps: ['referral'],
    statement: {
      en: 'When a resident shows a risk of suicide, of harm to others or signs of acute psychosis, make an urgent referral to the mental-health service or the emergency department on the same day.',
      it: 'Quando un ospite mostra un rischio di suicidio, di danno ad altri o segni di psicosi acuta, effettuare un invio urgente al servizio di salute mentale o al pronto soccorso in giornata.',
    },
    rationale: {
      en: 'These situations cannot wait for an ordinary appointment. Every centre needs to know in advance which service answers urgent calls, including at night and at weekends. The protocol in R7 should name the urgent route as well as the ordinary one.',
      it: 'Queste situazioni non possono attendere un appuntamento ordinario. Ogni centro deve sapere in anticipo quale servizio risponde alle urgenze, anche di notte e nei fine settimana. Il protocollo di R7 dovrebbe indicare il percorso urgente oltre a quello ordinario.',
    },
    v1: {
      statement: {
        en: 'When a resident shows a risk of suicide, of harm to others or signs of acute psychosis, make an urgent referral to the mental-health service within 24 hours.',
        it: 'Quando un ospite mostra un rischio di suicidio, di danno ad altri o segni di psicosi acuta, effettuare un invio urgente al servizio di salute mentale entro 24 ore.',
      },
    },
  },
  {
    identifier: 'R10',
    section: 'S5',
    strength: 'strong',
    evidence: 'moderate',
    roles: ['social-worker', 'reception-operator', 'general-practitioner'],
    organisationTypes: [...RECEPTION, 'local-health-authority'],
    steps: ['taking-charge'],
    statement: {
      en: 'Register every asylum seeker with the national health service and help them choose a general practitioner as soon as they are entitled to, without waiting for a health need.',
      it: 'Iscrivere ogni richiedente asilo al servizio sanitario nazionale e aiutarlo a scegliere un medico di medicina generale appena ne ha diritto, senza attendere che emerga un bisogno di salute.',
    },
    rationale: {
      en: 'A general practitioner is the usual door to mental-health care and to specialist services. Registration done in a crisis delays care exactly when it is most needed. Help with the paperwork is often the deciding factor.',
      it: 'Il medico di medicina generale è la porta d’accesso abituale alla salute mentale e ai servizi specialistici. L’iscrizione fatta durante una crisi ritarda le cure proprio quando servono di più. L’aiuto con le pratiche è spesso il fattore decisivo.',
    },
  },
  {
    identifier: 'R11',
    section: 'S5',
    strength: 'strong',
    evidence: 'moderate',
    roles: ['general-practitioner', 'psychologist', 'psychiatrist', 'nurse', 'cultural-mediator'],
    organisationTypes: ['local-health-authority', 'community-mental-health-centre', 'mediator-agency'],
    steps: ['taking-charge', 'treatment-rehabilitation'],
    statement: {
      en: 'Provide a professional interpreter or cultural mediator at every clinical contact where the person and the clinician do not share a language well; do not rely on children, relatives or other patients.',
      it: 'Garantire un interprete professionista o un mediatore culturale a ogni contatto clinico in cui la persona e il clinico non condividono bene una lingua; non affidarsi a figli, parenti o altri pazienti.',
    },
    rationale: {
      en: 'Misunderstanding in mental-health care leads to wrong diagnoses and to treatment that is not followed. Informal interpreters may filter, soften or be harmed by what they hear. Trained mediators also help clinicians understand how distress is expressed in the person’s culture.',
      it: 'Le incomprensioni nella cura della salute mentale portano a diagnosi errate e a terapie non seguite. Gli interpreti informali possono filtrare, attenuare o essere feriti da ciò che ascoltano. I mediatori formati aiutano anche i clinici a capire come il disagio si esprime nella cultura della persona.',
    },
  },
  {
    identifier: 'R12',
    section: 'S6',
    strength: 'conditional',
    evidence: 'moderate',
    roles: ['psychologist', 'cultural-mediator', 'social-worker'],
    organisationTypes: ['community-mental-health-centre', 'ngo', ...RECEPTION],
    steps: ['treatment-rehabilitation'],
    statement: {
      en: 'Offer brief, structured psychological interventions, delivered individually or in groups by trained and supervised staff, to residents with moderate psychological distress.',
      it: 'Offrire interventi psicologici brevi e strutturati, individuali o di gruppo, condotti da personale formato e supervisionato, agli ospiti con disagio psicologico moderato.',
    },
    rationale: {
      en: 'Brief structured interventions reduce distress in many people who do not need specialist care, and they can be delivered where people live. Training and supervision keep them safe and faithful to their design. They also relieve pressure on specialist services.',
      it: 'Gli interventi brevi e strutturati riducono il disagio in molte persone che non hanno bisogno di cure specialistiche e possono essere offerti dove le persone vivono. Formazione e supervisione li rendono sicuri e fedeli al loro disegno. Alleggeriscono inoltre la pressione sui servizi specialistici.',
    },
  },
  {
    identifier: 'R13',
    section: 'S6',
    strength: 'strong',
    evidence: 'moderate',
    roles: ['psychologist', 'psychiatrist'],
    organisationTypes: ['community-mental-health-centre', 'local-health-authority'],
    steps: ['treatment-rehabilitation'],
    statement: {
      en: 'Offer trauma-focused psychotherapy to adults with post-traumatic stress disorder, adapted to their language and culture and delivered by trained therapists.',
      it: 'Offrire una psicoterapia focalizzata sul trauma agli adulti con disturbo da stress post-traumatico, adattata alla loro lingua e cultura e condotta da terapeuti formati.',
    },
    rationale: {
      en: 'Trauma-focused therapies are effective for post-traumatic stress disorder, also in refugee populations and also when the person’s situation is still uncertain. Adaptation concerns language, examples and the way the therapy is explained, not its core. Waiting for a stable legal situation before offering treatment prolongs suffering.',
      it: 'Le terapie focalizzate sul trauma sono efficaci per il disturbo da stress post-traumatico, anche nelle popolazioni rifugiate e anche quando la situazione della persona è ancora incerta. L’adattamento riguarda la lingua, gli esempi e il modo di spiegare la terapia, non il suo nucleo. Attendere una situazione giuridica stabile prima di offrire il trattamento prolunga la sofferenza.',
    },
    v1: {
      strength: 'conditional',
      evidence: 'low',
      rationale: {
        en: 'Trauma-focused therapies are effective for post-traumatic stress disorder, but evidence in refugee populations is still limited. Adaptation concerns language, examples and the way the therapy is explained, not its core.',
        it: 'Le terapie focalizzate sul trauma sono efficaci per il disturbo da stress post-traumatico, ma le prove nelle popolazioni rifugiate sono ancora limitate. L’adattamento riguarda la lingua, gli esempi e il modo di spiegare la terapia, non il suo nucleo.',
      },
    },
  },
  {
    identifier: 'R14',
    section: 'S7',
    strength: 'conditional',
    evidence: 'low',
    roles: ['reception-operator', 'social-worker', 'coordinator'],
    organisationTypes: [...RECEPTION, 'ngo'],
    steps: ['treatment-rehabilitation'],
    statement: {
      en: 'Give residents structured daily activities, language classes and opportunities to meet the local community, as part of their psychosocial support.',
      it: 'Offrire agli ospiti attività quotidiane strutturate, corsi di lingua e occasioni di incontro con la comunità locale, come parte del sostegno psicosociale.',
    },
    rationale: {
      en: 'Long periods of waiting with nothing to do worsen distress. Activities, language and social ties restore a sense of control and belonging. They are also the ground on which specialist treatment can work.',
      it: 'Lunghi periodi di attesa senza nulla da fare aggravano il disagio. Attività, lingua e legami sociali restituiscono senso di controllo e di appartenenza. Sono anche il terreno su cui il trattamento specialistico può funzionare.',
    },
  },
  {
    identifier: 'R15',
    section: 'S7',
    only: '1.0',
    strength: 'conditional',
    evidence: 'very-low',
    roles: ['psychologist', 'cultural-mediator'],
    organisationTypes: RECEPTION,
    steps: ['treatment-rehabilitation'],
    statement: {
      en: 'Consider offering group sessions soon after arrival in which residents talk about the experiences of their journey.',
      it: 'Valutare l’offerta di sessioni di gruppo subito dopo l’arrivo in cui gli ospiti parlano delle esperienze del viaggio.',
    },
    rationale: {
      en: 'Sharing experiences with others who went through similar events may reduce isolation. Evidence for this approach is very limited.',
      it: 'Condividere le esperienze con chi ha vissuto eventi simili può ridurre l’isolamento. Le prove a sostegno di questo approccio sono molto limitate.',
    },
  },
  {
    identifier: 'R16',
    section: 'S8',
    strength: 'strong',
    evidence: 'expert-opinion',
    roles: ['general-practitioner', 'psychiatrist', 'psychologist'],
    organisationTypes: ['local-health-authority', 'community-mental-health-centre'],
    steps: ['certification'],
    statement: {
      en: 'Document the physical and psychological sequelae of torture for asylum procedures following the Istanbul Protocol, through clinicians trained in its use.',
      it: 'Documentare le conseguenze fisiche e psicologiche della tortura per le procedure d’asilo secondo il Protocollo di Istanbul, tramite clinici formati al suo uso.',
    },
    rationale: {
      en: 'The Istanbul Protocol, in its 2022 edition, sets the international standard for investigating and documenting torture, and decision-makers give weight to reports that follow it. Clinicians need training to assess the consistency between findings and the account without re-traumatising the person. Psychological evidence matters as much as physical scars, which may have faded.',
      it: 'Il Protocollo di Istanbul è lo standard internazionale per indagare e documentare la tortura, e chi decide dà peso ai referti che lo seguono. I clinici hanno bisogno di formazione per valutare la coerenza tra reperti e racconto senza ritraumatizzare la persona.',
    },
    itStale: true,
    v1: {
      rationale: {
        en: 'The Istanbul Protocol is the international standard for investigating and documenting torture, and decision-makers give weight to reports that follow it. Clinicians need training to assess the consistency between findings and the account without re-traumatising the person.',
        it: 'Il Protocollo di Istanbul è lo standard internazionale per indagare e documentare la tortura, e chi decide dà peso ai referti che lo seguono. I clinici hanno bisogno di formazione per valutare la coerenza tra reperti e racconto senza ritraumatizzare la persona.',
      },
    },
  },
  {
    identifier: 'R17',
    section: 'S8',
    strength: 'good-practice',
    evidence: null,
    roles: ['coordinator', 'social-worker', 'psychiatrist'],
    organisationTypes: ['local-health-authority', ...RECEPTION],
    steps: ['certification', 'coordination'],
    statement: {
      en: 'Plan the certification so that the report reaches the person, and with their consent their legal adviser, before the interview with the asylum authority.',
      it: 'Programmare la certificazione in modo che il referto arrivi alla persona e, con il suo consenso, al suo consulente legale prima dell’audizione davanti all’autorità competente per l’asilo.',
    },
    rationale: {
      en: 'A report that arrives after the interview often cannot be taken into account. Planning requires the reception centre, the health service and legal aid to share dates in good time. The person decides who receives the report.',
      it: 'Un referto che arriva dopo l’audizione spesso non può essere preso in considerazione. Programmare richiede che centro di accoglienza, servizio sanitario e assistenza legale condividano le date per tempo. È la persona a decidere chi riceve il referto.',
    },
  },
  {
    identifier: 'R18',
    section: 'S9',
    strength: 'strong',
    evidence: 'low',
    roles: ['reception-operator', 'social-worker', 'general-practitioner', 'coordinator'],
    organisationTypes: [...RECEPTION, 'local-health-authority'],
    steps: ['follow-up', 'coordination'],
    statement: {
      en: 'When a resident in care is transferred to another centre, arrange with their consent a handover to the receiving centre and health service before the transfer, including current treatment and next appointments.',
      it: 'Quando un ospite in cura viene trasferito in un altro centro, organizzare con il suo consenso un passaggio di consegne al centro e al servizio sanitario di arrivo prima del trasferimento, comprese le terapie in corso e i prossimi appuntamenti.',
    },
    rationale: {
      en: 'Transfers often interrupt treatment, and people arrive in a new place without medicines or records. A handover before the move, coordinated across the two areas, prevents gaps that can undo months of work. Coordinators on both sides should know of the transfer in advance.',
      it: 'I trasferimenti interrompono spesso le cure e le persone arrivano in un luogo nuovo senza farmaci né documentazione. Un passaggio di consegne prima dello spostamento, coordinato tra i due territori, evita vuoti che possono vanificare mesi di lavoro. I coordinatori di entrambe le parti dovrebbero essere informati in anticipo del trasferimento.',
    },
    v1: {
      roles: ['reception-operator', 'social-worker', 'general-practitioner'],
      steps: ['follow-up'],
      rationale: {
        en: 'Transfers often interrupt treatment, and people arrive in a new place without medicines or records. A handover before the move prevents gaps that can undo months of work.',
        it: 'I trasferimenti interrompono spesso le cure e le persone arrivano in un luogo nuovo senza farmaci né documentazione. Un passaggio di consegne prima dello spostamento evita vuoti che possono vanificare mesi di lavoro.',
      },
    },
  },
  {
    identifier: 'R19',
    section: 'S9',
    strength: 'conditional',
    evidence: 'low',
    roles: ['social-worker', 'general-practitioner', 'coordinator'],
    organisationTypes: ['integration-project', 'local-health-authority', 'ngo'],
    steps: ['follow-up'],
    statement: {
      en: 'Before a person leaves the reception system, agree with them a plan for continuing care that names their general practitioner and the services they can turn to.',
      it: 'Prima che una persona lasci il sistema di accoglienza, concordare con lei un piano di continuità delle cure che indichi il suo medico di medicina generale e i servizi a cui può rivolgersi.',
    },
    rationale: {
      en: 'Leaving reception removes the daily contact through which problems were noticed. A named general practitioner and known services reduce the risk of dropping out of care. The plan is most useful when it is written with the person, not for them.',
      it: 'L’uscita dall’accoglienza fa venir meno il contatto quotidiano attraverso cui i problemi venivano notati. Un medico di riferimento e servizi conosciuti riducono il rischio di abbandonare le cure. Il piano è più utile quando è scritto con la persona, non per lei.',
    },
  },
  {
    identifier: 'R20',
    section: 'S11',
    strength: 'conditional',
    evidence: 'low',
    roles: ['coordinator'],
    organisationTypes: [...RECEPTION, 'local-health-authority', 'community-mental-health-centre', 'ngo', 'mediator-agency'],
    steps: ['coordination'],
    statement: {
      en: 'Set up a regional network of reception centres, health services, social services and mediation agencies that meets regularly, reviews shared cases and monitors the time from referral to first appointment.',
    },
    rationale: {
      en: 'Networks make protocols live: people who meet regularly solve problems that no document foresaw. Reviewing anonymised cases shows where the pathway breaks. Measuring time to care keeps the network honest about its results.',
    },
  },
  {
    identifier: 'R21',
    section: 'S12',
    strength: 'strong',
    evidence: 'low',
    roles: ['reception-operator', 'cultural-mediator', 'coordinator'],
    organisationTypes: [...RECEPTION, 'mediator-agency'],
    steps: ['coordination'],
    statement: {
      en: 'Provide reception staff and cultural mediators with regular supervision by a qualified mental-health professional external to the team.',
      it: 'Garantire agli operatori dell’accoglienza e ai mediatori culturali una supervisione regolare da parte di un professionista della salute mentale qualificato ed esterno all’équipe.',
    },
    rationale: {
      en: 'Staff are exposed every day to accounts of violence and to residents’ distress, and burnout drives them away. Supervision helps them handle difficult situations and protects the quality of their work. An external supervisor makes it easier to speak freely.',
      it: 'Gli operatori sono esposti ogni giorno a racconti di violenza e al disagio degli ospiti, e il burnout li allontana. La supervisione li aiuta a gestire le situazioni difficili e tutela la qualità del loro lavoro. Un supervisore esterno rende più facile parlare liberamente.',
    },
    v1: { section: 'S10' },
  },
  {
    identifier: 'R22',
    section: 'S3',
    only: '2.0',
    strength: 'strong',
    evidence: 'low',
    roles: ['social-worker', 'psychologist', 'cultural-mediator'],
    organisationTypes: ['integration-project', 'first-reception', 'family-clinic'],
    steps: ['identification', 'screening'],
    statement: {
      en: 'Screen unaccompanied minors with tools validated for their age, involving their guardian, and refer them to child and adolescent mental-health services rather than adult services.',
    },
    rationale: {
      en: 'Unaccompanied minors carry a high burden of distress and have no family to notice it. Tools for adults miss or misread how children and adolescents show distress. Their guardian must be involved in decisions about their care.',
    },
  },
];
