import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../platform/db/index.js';
import { regions } from '../../platform/schema.js';
import { directoryLocations, directoryOrganizations, directoryPhones, directorySchedules, directoryServices, needs, serviceAtLocations, serviceTypes, type ServiceStatus, type Weekday } from './schema.js';

/**
 * The demo directory: about three hundred fictional services in the four PsychCare regions (Lazio, Lombardia,
 * Campania, Sicilia). Every organisation is marked `demo` and says it is fictional; names end in "(demo)".
 * Municipalities are real, streets are common Italian street names with invented numbers, and the phone
 * numbers cannot reach anyone (see `phone`). The content is drawn by a seeded generator, so every seed gives
 * the same entries; verification dates are relative to the day of the seed, so that they stay fresh.
 *
 * Some entries are fixed, for the tests and the browser journeys (DEMO_DIRECTORY): "CSM Palermo Centro (demo)"
 * (an active community mental-health centre in Palermo, Sicily, with Tigrinya mediation, verified a few days ago),
 * and the organisations "Servizio Esempio Non Verificato (demo)" and "Associazione Esempio Scaduta (demo)" in
 * Lazio, whose entries were last confirmed more than two years ago (each asks every 180 days).
 */

type Names = Record<'en' | 'it' | 'de' | 'es' | 'el' | 'ar', string>;

export const DEMO_SERVICE_TYPES: { code: string; names: Names }[] = [
  { code: 'community-mental-health-centre', names: { en: 'Community mental-health centre (CSM)', it: 'Centro di salute mentale (CSM)', de: 'Gemeindepsychiatrisches Zentrum (CSM)', es: 'Centro de salud mental comunitario (CSM)', el: 'Κοινοτικό κέντρο ψυχικής υγείας (CSM)', ar: 'مركز مجتمعي للصحة النفسية (CSM)' } },
  { code: 'child-mental-health-service', names: { en: 'Child and adolescent mental-health service', it: "Neuropsichiatria dell'infanzia e dell'adolescenza", de: 'Kinder- und jugendpsychiatrischer Dienst', es: 'Servicio de salud mental infantojuvenil', el: 'Υπηρεσία ψυχικής υγείας παιδιών και εφήβων', ar: 'خدمة الصحة النفسية للأطفال والمراهقين' } },
  { code: 'addiction-service', names: { en: 'Addiction service (SerD)', it: 'Servizio per le dipendenze (SerD)', de: 'Suchthilfedienst (SerD)', es: 'Servicio de adicciones (SerD)', el: 'Υπηρεσία εξαρτήσεων (SerD)', ar: 'خدمة علاج الإدمان (SerD)' } },
  { code: 'acute-psychiatric-ward', names: { en: 'Acute psychiatric ward (SPDC)', it: 'Servizio psichiatrico di diagnosi e cura (SPDC)', de: 'Akutpsychiatrische Station (SPDC)', es: 'Unidad psiquiátrica de agudos (SPDC)', el: 'Ψυχιατρική κλινική οξέων περιστατικών (SPDC)', ar: 'جناح الطب النفسي للحالات الحادة (SPDC)' } },
  { code: 'migrant-specialised-service', names: { en: 'Specialised service for migrants and refugees', it: 'Servizio specialistico per migranti e rifugiati', de: 'Fachdienst für Migranten und Geflüchtete', es: 'Servicio especializado para personas migrantes y refugiadas', el: 'Εξειδικευμένη υπηρεσία για μετανάστες και πρόσφυγες', ar: 'خدمة متخصصة للمهاجرين واللاجئين' } },
  { code: 'family-clinic', names: { en: 'Family clinic (consultorio)', it: 'Consultorio familiare', de: 'Familienberatungsstelle (consultorio)', es: 'Centro de orientación familiar (consultorio)', el: 'Οικογενειακό ιατρείο (consultorio)', ar: 'عيادة الأسرة (consultorio)' } },
  { code: 'general-practitioner', names: { en: 'General practitioner (MMG)', it: 'Medico di medicina generale (MMG)', de: 'Hausarztpraxis (MMG)', es: 'Médico de familia (MMG)', el: 'Γενικός ιατρός (MMG)', ar: 'طبيب عام (MMG)' } },
  { code: 'ngo-psychosocial-support', names: { en: 'Psychosocial support (NGO)', it: 'Sostegno psicosociale (associazioni e ONG)', de: 'Psychosoziale Unterstützung (NGO)', es: 'Apoyo psicosocial (ONG)', el: 'Ψυχοκοινωνική υποστήριξη (ΜΚΟ)', ar: 'دعم نفسي اجتماعي (منظمة غير حكومية)' } },
  { code: 'legal-aid', names: { en: 'Legal aid', it: 'Assistenza legale', de: 'Rechtsberatung', es: 'Asistencia jurídica', el: 'Νομική συνδρομή', ar: 'مساعدة قانونية' } },
  { code: 'mediator-agency', names: { en: 'Cultural mediation agency', it: 'Agenzia di mediazione culturale', de: 'Agentur für Sprach- und Kulturmittlung', es: 'Agencia de mediación cultural', el: 'Φορέας πολιτισμικής διαμεσολάβησης', ar: 'وكالة وساطة ثقافية' } },
];

export const DEMO_NEEDS: { code: string; names: Names }[] = [
  { code: 'psychological-support', names: { en: 'Psychological support', it: 'Sostegno psicologico', de: 'Psychologische Unterstützung', es: 'Apoyo psicológico', el: 'Ψυχολογική υποστήριξη', ar: 'دعم نفسي' } },
  { code: 'psychotherapy', names: { en: 'Psychotherapy', it: 'Psicoterapia', de: 'Psychotherapie', es: 'Psicoterapia', el: 'Ψυχοθεραπεία', ar: 'علاج نفسي' } },
  { code: 'trauma-care', names: { en: 'Trauma-focused care', it: 'Cura del trauma', de: 'Traumabehandlung', es: 'Atención al trauma', el: 'Φροντίδα τραύματος', ar: 'رعاية الصدمات النفسية' } },
  { code: 'torture-survivors', names: { en: 'Care for survivors of torture and serious violence', it: 'Cura di chi è sopravvissuto a tortura o violenza grave', de: 'Versorgung von Überlebenden von Folter und schwerer Gewalt', es: 'Atención a supervivientes de tortura y violencia grave', el: 'Φροντίδα επιζώντων βασανιστηρίων και σοβαρής βίας', ar: 'رعاية الناجين من التعذيب والعنف الشديد' } },
  { code: 'psychiatric-assessment', names: { en: 'Psychiatric assessment', it: 'Valutazione psichiatrica', de: 'Psychiatrische Abklärung', es: 'Evaluación psiquiátrica', el: 'Ψυχιατρική αξιολόγηση', ar: 'تقييم في الطب النفسي' } },
  { code: 'psychiatric-emergency', names: { en: 'Psychiatric emergency', it: 'Urgenza psichiatrica', de: 'Psychiatrischer Notfall', es: 'Urgencia psiquiátrica', el: 'Ψυχιατρικό επείγον', ar: 'طوارئ الطب النفسي' } },
  { code: 'addiction-treatment', names: { en: 'Addiction treatment', it: 'Cura delle dipendenze', de: 'Suchtbehandlung', es: 'Tratamiento de adicciones', el: 'Θεραπεία εξαρτήσεων', ar: 'علاج الإدمان' } },
  { code: 'child-mental-health', names: { en: 'Child and adolescent mental health', it: "Salute mentale dell'infanzia e dell'adolescenza", de: 'Psychische Gesundheit von Kindern und Jugendlichen', es: 'Salud mental infantil y adolescente', el: 'Ψυχική υγεία παιδιών και εφήβων', ar: 'الصحة النفسية للأطفال والمراهقين' } },
  { code: 'perinatal-mental-health', names: { en: 'Perinatal mental health', it: 'Salute mentale perinatale', de: 'Perinatale psychische Gesundheit', es: 'Salud mental perinatal', el: 'Περιγεννητική ψυχική υγεία', ar: 'الصحة النفسية في فترة الحمل وما بعد الولادة' } },
  { code: 'medico-legal-certification', names: { en: 'Medico-legal certification', it: 'Certificazione medico-legale', de: 'Medizinisch-rechtliche Begutachtung', es: 'Certificación médico-legal', el: 'Ιατροδικαστική πιστοποίηση', ar: 'شهادة طبية شرعية' } },
  { code: 'cultural-mediation', names: { en: 'Language and cultural mediation', it: 'Mediazione linguistico-culturale', de: 'Sprach- und Kulturmittlung', es: 'Mediación lingüística y cultural', el: 'Γλωσσική και πολιτισμική διαμεσολάβηση', ar: 'الوساطة اللغوية والثقافية' } },
  { code: 'legal-advice', names: { en: 'Legal advice', it: 'Consulenza legale', de: 'Rechtsberatung', es: 'Asesoramiento jurídico', el: 'Νομικές συμβουλές', ar: 'استشارة قانونية' } },
  { code: 'social-support', names: { en: 'Social support', it: 'Sostegno sociale', de: 'Soziale Unterstützung', es: 'Apoyo social', el: 'Κοινωνική υποστήριξη', ar: 'دعم اجتماعي' } },
  { code: 'primary-care', names: { en: 'Primary care', it: 'Cure primarie', de: 'Hausärztliche Versorgung', es: 'Atención primaria', el: 'Πρωτοβάθμια φροντίδα', ar: 'الرعاية الصحية الأولية' } },
];

/** The fixed entries that tests and browser journeys look for. */
export const DEMO_DIRECTORY = {
  palermoCsm: 'CSM Palermo Centro (demo)',
  staleOrganization: 'Servizio Esempio Non Verificato (demo)',
  staleVerificationEmail: 'verifiche.servizio-esempio@example.org',
  /** A second one, so that two browser journeys can each confirm their own side by side. */
  secondStaleOrganization: 'Associazione Esempio Scaduta (demo)',
  secondStaleVerificationEmail: 'verifiche.associazione-scaduta@example.org',
} as const;

const TIME_ZONE = 'Europe/Rome';
const DAY_MS = 86_400_000;
const ORG_NOTE_IT = 'Organizzazione fittizia: questa voce fa parte dei dati dimostrativi di Ponte e non descrive un servizio reale.';
const ORG_NOTE_EN = "Fictional organisation: this entry is part of Ponte's demo data and does not describe a real service.";
const SERVICE_NOTE_IT = 'Voce fittizia (dati dimostrativi).';
const SERVICE_NOTE_EN = 'Fictional entry (demo data).';

// ---- A seeded generator ---------------------------------------------------------------------------------

/** Mulberry32: small, fast and good enough to draw demo content the same way on every run. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const chance = (p: number) => next() < p;
  /** `n` distinct items, each drawn with its weight among those left. */
  const sample = (weights: Record<string, number>, n: number): string[] => {
    const left = Object.entries(weights).filter(([, w]) => w > 0);
    const out: string[] = [];
    while (out.length < n && left.length) {
      let r = next() * left.reduce((s, [, w]) => s + w, 0);
      const i = Math.max(
        0,
        left.findIndex(([, w]) => (r -= w) < 0),
      );
      out.push(left.splice(i, 1)[0]![0]);
    }
    return out;
  };
  /** A version 4 UUID from the generator: the same ids on every seed. */
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  return { next, int, pick, chance, sample, uuid };
}
type Random = ReturnType<typeof generator>;

// ---- Places ------------------------------------------------------------------------------------------

export type RegionCode = 'IT-62' | 'IT-25' | 'IT-72' | 'IT-82';

interface Municipality {
  city: string;
  /** The provincial capital whose (fictional) health authority serves it. */
  province: string;
  caps: string[];
  lat: number;
  lon: number;
  /** How many of the region's services it gets, relatively. */
  weight: number;
  /** Districts or neighbourhoods that service names refer to. */
  districts: string[];
}

const m = (city: string, province: string, caps: string[], lat: number, lon: number, weight: number, districts: string[] = ['Centro']): Municipality => ({ city, province, caps, lat, lon, weight, districts });

const MUNICIPALITIES: Record<RegionCode, Municipality[]> = {
  'IT-62': [
    m('Roma', 'Roma', ['00118', '00135', '00142', '00151', '00157', '00169', '00177', '00185', '00199'], 41.9028, 12.4964, 10, ['Centro', 'Esquilino', 'Pigneto', 'Tor Bella Monaca', 'Ostia', 'Primavalle', 'San Basilio', 'Tiburtino', 'Trullo', 'Garbatella']),
    m('Latina', 'Latina', ['04100'], 41.4676, 12.9037, 3, ['Centro', 'Borgo Sabotino', 'Nord']),
    m('Viterbo', 'Viterbo', ['01100'], 42.4207, 12.1077, 2, ['Centro', 'Santa Barbara']),
    m('Frosinone', 'Frosinone', ['03100'], 41.6396, 13.3511, 2, ['Centro', 'Scalo']),
    m('Rieti', 'Rieti', ['02100'], 42.404, 12.862, 1),
    m('Civitavecchia', 'Roma', ['00053'], 42.093, 11.796, 1),
    m('Fiumicino', 'Roma', ['00054'], 41.7713, 12.2364, 1),
    m('Pomezia', 'Roma', ['00071'], 41.6693, 12.5017, 1),
    m('Guidonia Montecelio', 'Roma', ['00012'], 41.9996, 12.7226, 1),
    m('Fondi', 'Latina', ['04022'], 41.357, 13.425, 1),
  ],
  'IT-25': [
    m('Milano', 'Milano', ['20121', '20125', '20127', '20137', '20141', '20148', '20153', '20159'], 45.4642, 9.19, 10, ['Centro', 'Niguarda', 'Lorenteggio', 'Corvetto', 'Quarto Oggiaro', 'Città Studi', 'Bovisa', 'Loreto', 'Giambellino']),
    m('Brescia', 'Brescia', ['25121', '25124', '25128'], 45.5416, 10.2118, 3, ['Centro', 'Nord', 'Sud']),
    m('Bergamo', 'Bergamo', ['24121', '24125'], 45.6983, 9.6773, 3, ['Centro', 'Borgo Palazzo']),
    m('Monza', 'Monza', ['20900'], 45.5845, 9.2744, 2, ['Centro', 'San Rocco']),
    m('Como', 'Como', ['22100'], 45.8081, 9.0852, 1),
    m('Varese', 'Varese', ['21100'], 45.8206, 8.8251, 1),
    m('Pavia', 'Pavia', ['27100'], 45.1847, 9.1582, 1),
    m('Cremona', 'Cremona', ['26100'], 45.1332, 10.0227, 1),
    m('Mantova', 'Mantova', ['46100'], 45.1564, 10.7914, 1),
    m('Sesto San Giovanni', 'Milano', ['20099'], 45.5333, 9.2333, 1),
    m('Lecco', 'Lecco', ['23900'], 45.8566, 9.3977, 1),
  ],
  'IT-72': [
    m('Napoli', 'Napoli', ['80133', '80138', '80141', '80142', '80144', '80147'], 40.8518, 14.2681, 10, ['Centro', 'Vasto', 'Scampia', 'Secondigliano', 'Fuorigrotta', 'Ponticelli', 'Sanità', 'Barra']),
    m('Salerno', 'Salerno', ['84121', '84127'], 40.6824, 14.7681, 3, ['Centro', 'Pastena']),
    m('Caserta', 'Caserta', ['81100'], 41.0742, 14.3328, 3, ['Centro', 'Nord']),
    m('Avellino', 'Avellino', ['83100'], 40.9146, 14.7906, 1),
    m('Benevento', 'Benevento', ['82100'], 41.1298, 14.7826, 1),
    m('Castel Volturno', 'Caserta', ['81030'], 41.033, 13.941, 2, ['Centro', 'Pinetamare']),
    m('Pozzuoli', 'Napoli', ['80078'], 40.823, 14.122, 1),
    m('Battipaglia', 'Salerno', ['84091'], 40.609, 14.983, 1),
    m('Eboli', 'Salerno', ['84025'], 40.617, 15.056, 1),
    m('Torre del Greco', 'Napoli', ['80059'], 40.786, 14.368, 1),
  ],
  'IT-82': [
    m('Palermo', 'Palermo', ['90121', '90123', '90129', '90133', '90138', '90145'], 38.1157, 13.3615, 8, ['Centro', 'Zisa', 'Noce', 'Brancaccio', 'Borgo Nuovo', 'Ballarò', 'Sperone']),
    m('Catania', 'Catania', ['95121', '95123', '95128', '95131'], 37.5079, 15.083, 6, ['Centro', 'San Cristoforo', 'Librino', 'Picanello', 'San Berillo']),
    m('Messina', 'Messina', ['98121', '98122', '98124'], 38.1938, 15.554, 3, ['Centro', 'Nord', 'Sud']),
    m('Agrigento', 'Agrigento', ['92100'], 37.3111, 13.5765, 2, ['Centro', 'Villaseta']),
    m('Ragusa', 'Ragusa', ['97100'], 36.9269, 14.7255, 2, ['Centro', 'Ibla']),
    m('Siracusa', 'Siracusa', ['96100'], 37.0755, 15.2866, 2, ['Centro', 'Ortigia']),
    m('Trapani', 'Trapani', ['91100'], 38.0176, 12.5365, 2, ['Centro', 'Fontanelle']),
    m('Caltanissetta', 'Caltanissetta', ['93100'], 37.49, 14.0629, 1),
    m('Pozzallo', 'Ragusa', ['97016'], 36.73, 14.849, 1),
    m('Augusta', 'Siracusa', ['96011'], 37.23, 15.22, 1),
    m('Lampedusa e Linosa', 'Agrigento', ['92031'], 35.506, 12.6, 1),
    m('Marsala', 'Trapani', ['91025'], 37.798, 12.437, 1),
  ],
};

/** Common street names; the numbers are drawn, so no address points at a real door on purpose. */
const STREETS = [
  'Via Roma',
  'Via Garibaldi',
  'Via Mazzini',
  'Corso Italia',
  'Via dei Mille',
  'Viale della Repubblica',
  'Via Cavour',
  'Via Verdi',
  'Via delle Ginestre',
  'Via dei Gelsomini',
  'Viale degli Ulivi',
  'Via San Francesco',
  'Piazza della Libertà',
  'Via XX Settembre',
  'Via Vittorio Emanuele',
  'Via Dante Alighieri',
  'Via Matteotti',
  'Via Nazionale',
  'Via del Lavoro',
  'Via delle Rose',
  'Via Santa Maria',
  'Largo dei Tigli',
];

// ---- Languages --------------------------------------------------------------------------------------

/** How often each mediation language is offered (interpreters are found for the languages most asked). */
const MEDIATION_WEIGHTS: Record<string, number> = {
  ar: 10, en: 8, fr: 8, ti: 4, so: 3, am: 2, om: 1, fa: 3, prs: 2, ps: 3, ur: 4, bn: 5, pa: 3, ku: 2, tr: 1, uk: 4, ru: 2, sq: 2, ro: 2, wo: 3, ff: 2, bm: 2, man: 1, ha: 1, yo: 1, ig: 1, ak: 2, pcm: 3, es: 2, pt: 1, zh: 2,
};
/** Regional leanings: Sicily receives many arrivals by sea from the Horn of Africa and West Africa, Lombardy a large Ukrainian and Chinese community… */
const REGION_LEANINGS: Record<RegionCode, Record<string, number>> = {
  'IT-62': { bn: 1.6, prs: 1.5, ps: 1.3 },
  'IT-25': { uk: 2, zh: 2, ur: 1.5, sq: 1.5, ro: 1.5 },
  'IT-72': { uk: 1.5, pcm: 1.7, wo: 1.5, ha: 1.5 },
  'IT-82': { ti: 2.5, so: 2, bn: 1.6, wo: 1.6, man: 2, bm: 1.5 },
};

// ---- Kinds of service ---------------------------------------------------------------------------------

interface Schedule {
  byday: Weekday[];
  opensAt: string;
  closesAt: string;
  description?: string;
}
const WORKDAYS: Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR'];
const EVERY_DAY: Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

interface Kind {
  code: string;
  /** Needs always offered, and those offered now and then. */
  needs: string[];
  sometimes: [string, number][];
  mediation: [number, number];
  waiting: [number, number] | null;
  acceptsReferrals: number;
  schedules: Schedule[][];
  /** Share of entries written in English (by international organisations). */
  english: number;
}

const KINDS: Record<string, Kind> = {
  csm: {
    code: 'community-mental-health-centre',
    needs: ['psychiatric-assessment', 'psychological-support'],
    sometimes: [['psychotherapy', 0.7], ['trauma-care', 0.45], ['torture-survivors', 0.15], ['medico-legal-certification', 0.1], ['cultural-mediation', 0.35], ['social-support', 0.4]],
    mediation: [0, 5],
    waiting: [5, 40],
    acceptsReferrals: 0.95,
    schedules: [[{ byday: WORKDAYS, opensAt: '08:00', closesAt: '20:00' }], [{ byday: WORKDAYS, opensAt: '08:00', closesAt: '14:00' }, { byday: ['MO', 'WE', 'TH'], opensAt: '14:30', closesAt: '18:00' }], [{ byday: WORKDAYS, opensAt: '08:30', closesAt: '19:30' }, { byday: ['SA'], opensAt: '08:30', closesAt: '13:00' }]],
    english: 0,
  },
  child: {
    code: 'child-mental-health-service',
    needs: ['child-mental-health', 'psychological-support'],
    sometimes: [['psychiatric-assessment', 0.6], ['trauma-care', 0.35], ['psychotherapy', 0.4], ['cultural-mediation', 0.2]],
    mediation: [0, 3],
    waiting: [15, 90],
    acceptsReferrals: 0.85,
    schedules: [[{ byday: WORKDAYS, opensAt: '08:30', closesAt: '14:00' }, { byday: ['TU', 'TH'], opensAt: '14:30', closesAt: '17:30' }], [{ byday: WORKDAYS, opensAt: '08:00', closesAt: '16:00' }]],
    english: 0,
  },
  serd: {
    code: 'addiction-service',
    needs: ['addiction-treatment'],
    sometimes: [['psychological-support', 0.8], ['social-support', 0.6], ['psychiatric-assessment', 0.3], ['cultural-mediation', 0.15]],
    mediation: [0, 3],
    waiting: [1, 10],
    acceptsReferrals: 0.9,
    schedules: [[{ byday: WORKDAYS, opensAt: '08:00', closesAt: '14:00' }, { byday: ['TU', 'TH'], opensAt: '14:30', closesAt: '18:00' }], [{ byday: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA'], opensAt: '08:00', closesAt: '13:00', description: 'Il sabato solo somministrazione delle terapie.' }, { byday: ['MO', 'WE'], opensAt: '14:00', closesAt: '17:00' }]],
    english: 0,
  },
  spdc: {
    code: 'acute-psychiatric-ward',
    needs: ['psychiatric-emergency', 'psychiatric-assessment'],
    sometimes: [['cultural-mediation', 0.2]],
    mediation: [0, 2],
    waiting: null,
    acceptsReferrals: 0,
    schedules: [[{ byday: EVERY_DAY, opensAt: '00:00', closesAt: '23:59', description: 'Reparto aperto 24 ore su 24; visite dei familiari negli orari del presidio.' }]],
    english: 0,
  },
  migrant: {
    code: 'migrant-specialised-service',
    needs: ['trauma-care', 'cultural-mediation'],
    sometimes: [['torture-survivors', 0.7], ['psychotherapy', 0.7], ['psychiatric-assessment', 0.6], ['medico-legal-certification', 0.55], ['psychological-support', 0.6], ['social-support', 0.3]],
    mediation: [5, 10],
    waiting: [10, 60],
    acceptsReferrals: 1,
    schedules: [[{ byday: WORKDAYS, opensAt: '09:00', closesAt: '17:00' }], [{ byday: ['MO', 'WE', 'TH'], opensAt: '09:00', closesAt: '13:00' }, { byday: ['TU'], opensAt: '14:00', closesAt: '18:00' }]],
    english: 0.2,
  },
  consultorio: {
    code: 'family-clinic',
    needs: ['perinatal-mental-health', 'psychological-support'],
    sometimes: [['social-support', 0.6], ['cultural-mediation', 0.3], ['child-mental-health', 0.15], ['primary-care', 0.2]],
    mediation: [0, 4],
    waiting: [3, 20],
    acceptsReferrals: 0.8,
    schedules: [[{ byday: WORKDAYS, opensAt: '08:30', closesAt: '13:30' }, { byday: ['TU', 'TH'], opensAt: '14:00', closesAt: '17:00' }], [{ byday: WORKDAYS, opensAt: '08:00', closesAt: '14:00' }]],
    english: 0,
  },
  gp: {
    code: 'general-practitioner',
    needs: ['primary-care'],
    sometimes: [['psychological-support', 0.1], ['social-support', 0.1]],
    mediation: [0, 1],
    waiting: [1, 5],
    acceptsReferrals: 0.3,
    schedules: [[{ byday: ['MO', 'WE', 'FR'], opensAt: '09:00', closesAt: '12:30' }, { byday: ['TU', 'TH'], opensAt: '15:00', closesAt: '19:00' }], [{ byday: WORKDAYS, opensAt: '08:00', closesAt: '20:00', description: 'Medici del gruppo a turno.' }]],
    english: 0,
  },
  ngo: {
    code: 'ngo-psychosocial-support',
    needs: ['psychological-support', 'social-support'],
    sometimes: [['trauma-care', 0.5], ['cultural-mediation', 0.5], ['psychotherapy', 0.25], ['torture-survivors', 0.15], ['perinatal-mental-health', 0.1]],
    mediation: [2, 6],
    waiting: [2, 21],
    acceptsReferrals: 0.9,
    schedules: [[{ byday: WORKDAYS, opensAt: '09:30', closesAt: '13:00' }, { byday: ['MO', 'WE'], opensAt: '14:30', closesAt: '18:00' }], [{ byday: ['TU', 'TH'], opensAt: '15:00', closesAt: '19:00' }, { byday: ['SA'], opensAt: '10:00', closesAt: '13:00' }], [{ byday: WORKDAYS, opensAt: '10:00', closesAt: '17:00' }]],
    english: 0.2,
  },
  legal: {
    code: 'legal-aid',
    needs: ['legal-advice'],
    sometimes: [['social-support', 0.4], ['cultural-mediation', 0.3], ['medico-legal-certification', 0.05]],
    mediation: [1, 4],
    waiting: [3, 15],
    acceptsReferrals: 0.85,
    schedules: [[{ byday: ['MO', 'WE'], opensAt: '15:00', closesAt: '18:00' }, { byday: ['TU', 'TH'], opensAt: '09:30', closesAt: '12:30' }], [{ byday: ['WE'], opensAt: '14:00', closesAt: '18:00', description: 'Accesso senza appuntamento fino a esaurimento dei posti.' }], [{ byday: WORKDAYS, opensAt: '09:00', closesAt: '13:00' }]],
    english: 0.2,
  },
  mediator: {
    code: 'mediator-agency',
    needs: ['cultural-mediation'],
    sometimes: [['social-support', 0.2]],
    mediation: [8, 16],
    waiting: [1, 5],
    acceptsReferrals: 1,
    schedules: [[{ byday: WORKDAYS, opensAt: '09:00', closesAt: '18:00' }], [{ byday: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA'], opensAt: '08:00', closesAt: '20:00', description: 'Richieste urgenti anche fuori orario, per telefono.' }]],
    english: 0.1,
  },
};

/** Services per region and kind: 75 a region. */
const PER_REGION: [keyof typeof KINDS, number][] = [
  ['csm', 12],
  ['child', 5],
  ['serd', 7],
  ['spdc', 4],
  ['migrant', 6],
  ['consultorio', 10],
  ['gp', 10],
  ['ngo', 9],
  ['legal', 6],
  ['mediator', 6],
];

/** The third-sector organisations of each region; all invented. */
const NGOS: Record<RegionCode, string[]> = {
  'IT-62': ['Associazione Approdi', 'Associazione Voci di Confine', 'Open Doors Refugee Support', 'Associazione Lanterna'],
  'IT-25': ['Cooperativa sociale Orizzonti Comuni', 'Associazione Casa delle Lingue', 'Cooperativa sociale Nuovi Passi', 'Associazione Aquiloni'],
  'IT-72': ['Associazione Radici e Rotte', 'Associazione Sponde Vicine', 'Cooperativa sociale Ponti e Sentieri', 'Rete Psicologi per l’Accoglienza'],
  'IT-82': ['Safe Harbour Psychosocial Network', 'Cooperativa sociale Il Faro del Sud', 'Centro di ascolto Mediterraneo', 'Associazione Ulivo Bianco'],
};
const LEGAL_AID: Record<RegionCode, string[]> = {
  'IT-62': ['Sportello Diritti Migranti', 'Associazione Giuristi per l’Asilo', 'Refugee Rights Legal Clinic'],
  'IT-25': ['Clinica legale Diritti e Migrazioni', 'Associazione Avvocati per l’Accoglienza', 'Sportello Casa dei Diritti'],
  'IT-72': ['Associazione Diritti in Cammino', 'Rete legale Protezione Internazionale', 'Clinica legale universitaria Esempio'],
  'IT-82': ['Centro di consulenza legale Approdo Sicuro', 'Legal Aid Desk for Asylum Seekers', 'Sportello legale Terraferma'],
};
const MEDIATORS: Record<RegionCode, string[]> = {
  'IT-62': ['Cooperativa di mediazione Lingue in Rete', 'Agenzia Dialoghi', 'Cooperativa Lingue del Mondo'],
  'IT-25': ['Mediatori Insieme', 'Cooperativa interculturale Babele', 'Mediazione Nord-Sud'],
  'IT-72': ['Agenzia di mediazione Parole Comuni', 'Cooperativa Ali di Parole', 'Agenzia Tessere Parole'],
  'IT-82': ['Mediazione Mediterranea', 'Consorzio Mediatori Culturali Esempio', 'Cooperativa Incontri Interculturali'],
};
/** International organisations write their entries in English. */
const ENGLISH = new Set(['Open Doors Refugee Support', 'Safe Harbour Psychosocial Network', 'Refugee Rights Legal Clinic', 'Legal Aid Desk for Asylum Seekers']);
const isEnglishName = (name: string) => ENGLISH.has(name.replace(/ \(demo\)$/, ''));

// ---- Rows --------------------------------------------------------------------------------------------

type OrganizationRow = typeof directoryOrganizations.$inferInsert & { id: string };
type LocationRow = typeof directoryLocations.$inferInsert & { id: string };
type ServiceRow = typeof directoryServices.$inferInsert & { id: string };
type PhoneRow = typeof directoryPhones.$inferInsert;
type ScheduleRow = typeof directorySchedules.$inferInsert;

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\(demo\)/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

class DemoDirectory {
  organizations: OrganizationRow[] = [];
  locations: LocationRow[] = [];
  services: ServiceRow[] = [];
  links: { serviceId: string; locationId: string }[] = [];
  phones: PhoneRow[] = [];
  schedules: ScheduleRow[] = [];
  private names = new Set<string>();
  private phoneCount = 0;

  constructor(
    readonly r: Random,
    readonly now: number,
    readonly regionIds: Map<RegionCode, string>,
  ) {}

  /**
   * A number that reaches nobody: Italian national numbers never begin with 00 (in Italy 00 is the prefix
   * for calling abroad, and there is no country code 0), so +39 00… is no one's number, dialled from Italy or
   * from abroad.
   */
  phone(): string {
    const n = String(++this.phoneCount).padStart(6, '0');
    return `+39 0000 ${n.slice(0, 3)} ${n.slice(3)}`;
  }

  daysAgo(days: number) {
    return new Date(this.now - days * DAY_MS - this.r.int(0, 10 * 3600) * 1000);
  }

  /** A name no other service has, trying the candidates in turn. */
  uniqueName(candidates: string[]): string {
    for (const c of candidates) if (!this.names.has(c)) return this.claim(c);
    for (let i = 2; ; i++) {
      const c = candidates[0]!.replace(/ \(demo\)$/, ` ${i} (demo)`);
      if (!this.names.has(c)) return this.claim(c);
    }
  }
  has(name: string) {
    return this.names.has(name);
  }
  claim(name: string) {
    this.names.add(name);
    return name;
  }

  organization(o: Omit<OrganizationRow, 'id' | 'demo'> & { english?: boolean }): OrganizationRow {
    const { english, ...rest } = o;
    const row: OrganizationRow = { ...rest, id: this.r.uuid(), demo: true, description: `${rest.description ? `${rest.description} ` : ''}${english ? ORG_NOTE_EN : ORG_NOTE_IT}` };
    this.organizations.push(row);
    this.phones.push({ organizationId: row.id, number: this.phone(), type: 'voice', description: english ? 'Main office' : 'Sede principale', sort: 0 });
    return row;
  }

  location(org: OrganizationRow, region: RegionCode, place: Municipality, name: string): LocationRow {
    const r = this.r;
    const spread = place.weight >= 6 ? 0.03 : 0.01;
    const row: LocationRow = {
      id: r.uuid(),
      organizationId: org.id,
      name,
      address: `${r.pick(STREETS)} ${r.int(1, 180)}`,
      city: place.city,
      postalCode: r.pick(place.caps),
      regionId: this.regionIds.get(region)!,
      country: 'IT',
      latitude: Number((place.lat + (r.next() - 0.5) * spread).toFixed(6)),
      longitude: Number((place.lon + (r.next() - 0.5) * spread).toFixed(6)),
      accessibility: r.pick(['', 'Ingresso senza gradini; ascensore.', 'Accesso per persone in sedia a rotelle dal cortile.', 'Piano terra, bagno accessibile.', 'Primo piano senza ascensore.']),
      // Only Rome, Milan, Naples and Catania have an underground.
      transportation: r.pick(['', 'Fermata dell’autobus a 200 metri.', 'Vicino alla stazione ferroviaria.', 'Parcheggio gratuito nel cortile.', ...(['Roma', 'Milano', 'Napoli', 'Catania'].includes(place.city) ? ['Fermata della metropolitana a pochi minuti a piedi.'] : [])]),
    };
    this.locations.push(row);
    return row;
  }

  /** One service at one or more places, with its phone and opening hours; fields not given are drawn for its kind. */
  service(
    kind: Kind,
    org: OrganizationRow,
    locations: LocationRow[],
    s: Pick<ServiceRow, 'name' | 'catchmentArea' | 'eligibility' | 'applicationProcess' | 'feesDescription' | 'referralMethod'> & Partial<ServiceRow> & { description: string; region: RegionCode; english?: boolean },
  ): ServiceRow {
    const r = this.r;
    const { region, english, ...fields } = s;
    const leaning = REGION_LEANINGS[region];
    const weights = Object.fromEntries(Object.entries(MEDIATION_WEIGHTS).map(([code, w]) => [code, w * (leaning[code] ?? 1)]));
    const offered = [...kind.needs, ...kind.sometimes.filter(([, p]) => r.chance(p)).map(([n]) => n)];
    // Mediation in several languages meets the need for mediation, and the need comes with languages.
    const mediationLanguages = r.sample(weights, Math.max(r.int(kind.mediation[0], kind.mediation[1]), offered.includes('cultural-mediation') ? 2 : 0));
    if (mediationLanguages.length >= 3 && !offered.includes('cultural-mediation')) offered.push('cultural-mediation');
    const staff = english ? ['en', 'it'] : ['it', ...(r.chance(0.7) ? ['en'] : []), ...(r.chance(0.3) ? ['fr'] : []), ...(r.chance(0.08) ? ['es'] : []), ...(kind.mediation[1] >= 4 && r.chance(0.2) ? ['ar'] : [])];
    const accepts = r.chance(kind.acceptsReferrals);
    const roll = r.next();
    const status: ServiceStatus = roll < 0.035 ? 'temporarily closed' : roll < 0.06 ? 'inactive' : roll < 0.065 ? 'defunct' : 'active';
    // Most entries were confirmed in the last few months; a handful were not confirmed for over a year.
    const verify = r.next();
    const lastVerifiedAt = verify < 0.03 ? this.daysAgo(r.int(400, 700)) : verify < 0.04 ? null : this.daysAgo(r.int(1, 150));
    const row: ServiceRow = {
      id: r.uuid(),
      organizationId: org.id,
      typeCode: kind.code,
      status,
      needs: [...new Set(offered)].sort(),
      staffLanguages: staff,
      mediationLanguages,
      acceptsReferrals: accepts,
      waitingDays: kind.waiting ? r.int(kind.waiting[0], kind.waiting[1]) : null,
      email: `${slug(fields.name).slice(0, 48)}@example.org`,
      lastVerifiedAt,
      assurerEmail: lastVerifiedAt ? (org.verificationEmail ?? `coordinamento.${slug(regionName(region))}@example.org`) : null,
      ...fields,
      description: `${fields.description} ${english ? SERVICE_NOTE_EN : SERVICE_NOTE_IT}`,
    };
    if (!row.acceptsReferrals && fields.acceptsReferrals === undefined && kind.acceptsReferrals > 0) row.referralMethod = english ? 'Not taking referrals at the moment; people may come in person.' : 'Al momento non riceve invii; accesso diretto della persona.';
    this.services.push(row);
    for (const l of locations) this.links.push({ serviceId: row.id, locationId: l.id });
    this.phones.push({ serviceId: row.id, number: this.phone(), type: 'voice', description: english ? 'Appointments' : 'Prenotazioni e informazioni', sort: 0 });
    if (kind.code === 'mediator-agency' || (kind.code === 'ngo-psychosocial-support' && r.chance(0.5))) this.phones.push({ serviceId: row.id, number: this.phone(), type: 'cell', description: english ? 'Mobile, also for text messages' : 'Cellulare, anche per messaggi', sort: 1 });
    for (const sc of r.pick(kind.schedules)) this.schedules.push({ serviceId: row.id, byday: sc.byday, opensAt: sc.opensAt, closesAt: sc.closesAt, timeZone: TIME_ZONE, description: sc.description ?? '' });
    return row;
  }
}

const regionName = (code: RegionCode) => ({ 'IT-62': 'Lazio', 'IT-25': 'Lombardia', 'IT-72': 'Campania', 'IT-82': 'Sicilia' })[code];

/** A municipality of the region, the larger ones more often. */
function placeIn(r: Random, region: RegionCode): Municipality {
  const list = MUNICIPALITIES[region];
  let x = r.next() * list.reduce((s, p) => s + p.weight, 0);
  for (const p of list) if ((x -= p.weight) < 0) return p;
  return list[0]!;
}

/** Child services are named differently in each region. */
function childName(region: RegionCode, city: string, district: string): string[] {
  if (region === 'IT-62') return [`TSMREE ${city} ${district} (demo)`, `TSMREE ${city} (demo)`];
  if (region === 'IT-25') return [`UONPIA ${city} (demo)`, `UONPIA ${city} ${district} (demo)`];
  return [`Neuropsichiatria infantile ${city} ${district} (demo)`, `NPIA ${city} (demo)`];
}

const PUBLIC_FEES = [
  'Gratuito per chi è iscritto al SSN o ha la tessera STP/ENI; alcune prestazioni prevedono il ticket secondo le regole regionali.',
  'Prestazioni gratuite per gli iscritti al SSN; per le altre, ticket secondo il tariffario regionale.',
  'Nessun costo per la persona.',
];

function generate(r: Random, now: number, regionIds: Map<RegionCode, string>): DemoDirectory {
  const d = new DemoDirectory(r, now, regionIds);
  const healthOrgs = new Map<string, OrganizationRow>();
  const healthOrg = (region: RegionCode, province: string) => {
    const key = `${region}:${province}`;
    if (!healthOrgs.has(key))
      healthOrgs.set(
        key,
        d.organization({
          name: `Azienda Sanitaria Esempio ${province} (demo)`,
          alternateName: `ASE ${province}`,
          description: `Azienda sanitaria pubblica immaginaria della provincia di ${province}: salute mentale, dipendenze, consultori e cure primarie.`,
          legalStatus: 'Ente pubblico del Servizio sanitario nazionale (fittizio)',
          email: `direzione.ase-${slug(province)}@example.org`,
          website: `https://example.org/demo/ase-${slug(province)}`,
          verificationEmail: `verifiche.ase-${slug(province)}@example.org`,
          verifyEveryDays: 180,
        }),
      );
    return healthOrgs.get(key)!;
  };
  const placeAndDistrict = (region: RegionCode) => {
    const place = placeIn(r, region);
    return { place, district: r.pick(place.districts) };
  };

  // The fixed entry first, so that no drawn name takes its name.
  const palermo = MUNICIPALITIES['IT-82'].find((p) => p.city === 'Palermo')!;
  const palermoOrg = healthOrg('IT-82', 'Palermo');
  const palermoPlace = d.location(palermoOrg, 'IT-82', palermo, 'Presidio territoriale Palermo Centro');
  d.service(KINDS.csm!, palermoOrg, [palermoPlace], {
    region: 'IT-82',
    name: d.claim(DEMO_DIRECTORY.palermoCsm),
    alternateName: 'Centro di salute mentale Palermo Centro',
    description: 'Centro di salute mentale per adulti del centro storico: accoglienza, valutazione psichiatrica, colloqui psicologici e psicoterapia, con un’équipe dedicata alle persone ospiti dei centri di accoglienza e mediazione linguistico-culturale in tigrino, arabo, francese e inglese.',
    status: 'active',
    needs: ['cultural-mediation', 'psychiatric-assessment', 'psychological-support', 'psychotherapy', 'trauma-care'],
    mediationLanguages: ['ti', 'ar', 'fr', 'en'],
    staffLanguages: ['it', 'en', 'fr'],
    acceptsReferrals: true,
    referralMethod: 'Invio tramite Ponte dal centro di accoglienza, oppure impegnativa del medico di medicina generale; prima accoglienza anche senza appuntamento il martedì mattina.',
    waitingDays: 12,
    catchmentArea: 'Persone residenti o domiciliate nei quartieri del centro storico di Palermo, compresi gli ospiti dei centri di accoglienza del distretto.',
    eligibility: 'Persone maggiorenni; non serve l’iscrizione al SSN per il primo colloquio.',
    applicationProcess: 'Il centro di accoglienza invia la segnalazione tramite Ponte; il CSM propone la data del primo colloquio entro due settimane e prenota il mediatore.',
    feesDescription: 'Nessun costo per la persona.',
    minimumAge: 18,
    lastVerifiedAt: d.daysAgo(3),
    assurerEmail: palermoOrg.verificationEmail,
  });

  for (const region of Object.keys(MUNICIPALITIES) as RegionCode[]) {
    const [ngos, legals, mediators] = [NGOS[region], LEGAL_AID[region], MEDIATORS[region]];
    const thirdSector = new Map<string, OrganizationRow>();
    const thirdSectorOrg = (name: string, kind: 'ngo' | 'legal' | 'mediator') => {
      if (!thirdSector.has(name)) {
        const english = isEnglishName(name);
        const what = {
          ngo: english ? 'Psychosocial support for refugees and asylum seekers, with volunteer psychologists and mediators.' : 'Sostegno psicosociale a persone rifugiate e richiedenti asilo, con psicologi e mediatori.',
          legal: english ? 'Free legal information on asylum, protection and residence permits.' : 'Informazione e assistenza legale gratuita su asilo, protezione e permessi di soggiorno.',
          mediator: english ? 'Language and cultural mediators for health and social services.' : 'Mediatrici e mediatori linguistico-culturali per i servizi sanitari e sociali.',
        }[kind];
        thirdSector.set(
          name,
          d.organization({
            name: `${name} (demo)`,
            description: `${what}`,
            legalStatus: english ? 'Non-profit association (fictional)' : r.pick(['Associazione di promozione sociale (fittizia)', 'Cooperativa sociale (fittizia)', 'Organizzazione di volontariato (fittizia)']),
            email: `info.${slug(name)}@example.org`,
            website: `https://example.org/demo/${slug(name)}`,
            verificationEmail: r.chance(0.7) ? `verifiche.${slug(name)}@example.org` : null,
            verifyEveryDays: r.pick([180, 365, null]),
            english,
          }),
        );
      }
      return thirdSector.get(name)!;
    };

    for (const [key, count] of PER_REGION) {
      const kind = KINDS[key]!;
      const n = region === 'IT-82' && key === 'csm' ? count - 1 : count;
      for (let i = 0; i < n; i++) {
        const { place, district } = placeAndDistrict(region);
        const city = place.city;
        // "Palermo Zisa", "Palermo Centro"; a town without districts goes by its name alone.
        const where = place.districts.length === 1 ? city : `${city} ${district}`;
        const catchment = place.districts.length > 1 ? `Distretto sanitario ${where}` : `Comune di ${city} e comuni vicini`;
        if (key === 'csm') {
          const org = healthOrg(region, place.province);
          const name = d.uniqueName([`CSM ${where} (demo)`, `CSM Distretto ${r.int(1, 9)} di ${city} (demo)`, `Centro di salute mentale ${where} (demo)`]);
          d.service(kind, org, [d.location(org, region, place, `Presidio territoriale ${where}`)], {
            region,
            name,
            alternateName: `Centro di salute mentale ${where}`,
            description: r.pick([
              'Presa in carico di persone adulte con disturbi psichici: visite psichiatriche, colloqui psicologici, psicoterapia individuale e di gruppo, interventi a domicilio.',
              'Servizio territoriale del dipartimento di salute mentale per adulti; lavora con i medici di base, i servizi sociali e gli enti gestori dell’accoglienza.',
              'Accoglienza della domanda, valutazione e progetti di cura per adulti con sofferenza psichica, anche in collaborazione con i centri di accoglienza del territorio.',
            ]),
            referralMethod: r.pick([
              'Invio tramite Ponte, impegnativa del medico di medicina generale o accesso diretto per il primo colloquio.',
              'Prenotazione telefonica del primo colloquio; gli enti dell’accoglienza possono inviare tramite Ponte.',
            ]),
            catchmentArea: catchment,
            eligibility: 'Persone maggiorenni residenti o domiciliate nel territorio, comprese le persone richiedenti asilo ospiti dei centri di accoglienza.',
            applicationProcess: 'Primo colloquio di accoglienza con un’infermiera o uno psicologo, poi visita psichiatrica se necessaria.',
            feesDescription: r.pick(PUBLIC_FEES),
            minimumAge: 18,
          });
        } else if (key === 'child') {
          const org = healthOrg(region, place.province);
          const name = d.uniqueName(childName(region, city, district));
          d.service(kind, org, [d.location(org, region, place, `Servizio di neuropsichiatria infantile – ${city}`)], {
            region,
            name,
            description: r.pick([
              'Valutazione e cura dei disturbi neurologici, psichiatrici e dello sviluppo dalla nascita ai 17 anni, con sostegno ai genitori.',
              'Servizio per bambini e ragazzi fino alla maggiore età: valutazione, psicoterapia, sostegno alla famiglia e alla scuola; segue anche minori stranieri non accompagnati.',
            ]),
            referralMethod: 'Richiesta del pediatra o del medico curante; per i minori in accoglienza, invio tramite Ponte dall’ente gestore con il consenso del tutore.',
            catchmentArea: catchment,
            eligibility: 'Minori da 0 a 17 anni e le loro famiglie; per i minori non accompagnati serve il tutore o l’ente affidatario.',
            applicationProcess: 'Primo incontro con i genitori o il tutore, poi valutazione del bambino o del ragazzo.',
            feesDescription: r.pick(PUBLIC_FEES),
            minimumAge: 0,
            maximumAge: 17,
          });
        } else if (key === 'serd') {
          const org = healthOrg(region, place.province);
          const name = d.uniqueName([`SerD ${where} (demo)`, `SerD ${city} (demo)`, `Servizio dipendenze ${where} (demo)`]);
          d.service(kind, org, [d.location(org, region, place, `SerD ${where}`)], {
            region,
            name,
            alternateName: `Servizio per le dipendenze ${where}`,
            description: r.pick([
              'Cura delle dipendenze da sostanze, alcol e gioco d’azzardo: visite, terapie farmacologiche, colloqui e sostegno sociale.',
              'Prevenzione, diagnosi e trattamento delle dipendenze, con programmi dedicati a giovani adulti e a persone senza dimora.',
            ]),
            referralMethod: 'Accesso diretto, senza impegnativa; anche su invio dei servizi sociali o tramite Ponte.',
            catchmentArea: catchment,
            eligibility: 'Chiunque si trovi nel territorio, anche senza documenti; l’accesso è riservato e, se richiesto, anonimo.',
            applicationProcess: 'Colloquio di accoglienza senza appuntamento negli orari di apertura.',
            feesDescription: 'Gratuito.',
          });
        } else if (key === 'spdc') {
          const org = healthOrg(region, place.province);
          const name = d.uniqueName([`SPDC ${city} – presidio ospedaliero ${district === 'Centro' ? 'centrale' : district} (demo)`, `SPDC ${city} (demo)`]);
          d.service(kind, org, [d.location(org, region, place, `Presidio ospedaliero ${district === 'Centro' ? city : `${city} ${district}`}`)], {
            region,
            name,
            description: 'Reparto ospedaliero per ricoveri psichiatrici in urgenza, volontari e obbligatori, collegato al pronto soccorso.',
            referralMethod: 'Ricovero tramite pronto soccorso o su proposta del CSM; non riceve invii programmati.',
            acceptsReferrals: false,
            catchmentArea: `Provincia di ${place.province}`,
            eligibility: 'Persone maggiorenni in condizioni di urgenza psichiatrica.',
            applicationProcess: 'In urgenza chiamare il 112 o rivolgersi al pronto soccorso.',
            feesDescription: 'Nessun costo per la persona.',
            minimumAge: 18,
          });
        } else if (key === 'migrant') {
          const publicRun = r.chance(0.5);
          const org = publicRun ? healthOrg(region, place.province) : thirdSectorOrg(r.pick(ngos), 'ngo');
          const english = !publicRun && isEnglishName(org.name);
          const name = d.uniqueName(
            english
              ? [`Trauma and Torture Survivors Clinic – ${city} (demo)`, `Refugee Mental Health Clinic – ${city} (demo)`]
              : [r.pick([`Ambulatorio di etnopsichiatria ${city} (demo)`, `Centro per vittime di tortura e violenza – ${city} (demo)`, `Servizio salute migranti ${where} (demo)`, `Ambulatorio di medicina delle migrazioni ${city} (demo)`]), `Servizio salute migranti ${city} (demo)`],
          );
          d.service(kind, org, [d.location(org, region, place, english ? `Clinic ${city}` : `Ambulatorio ${where}`)], {
            region,
            name,
            english,
            description: english
              ? 'Assessment and treatment for refugees and asylum seekers who survived torture, rape or other serious violence, with psychologists, a psychiatrist, a physician and mediators working together.'
              : r.pick([
                  'Équipe multidisciplinare (psichiatra, psicologo, medico, assistente sociale, mediatori) per persone migranti e rifugiate con sofferenza psichica legata a traumi.',
                  'Identificazione, presa in carico e cura delle persone rifugiate sopravvissute a tortura, stupro o altre forme gravi di violenza, fino alla certificazione medico-legale.',
                  'Consulenze transculturali per i servizi del territorio e psicoterapia con il mediatore per persone richiedenti asilo e rifugiate.',
                ]),
            referralMethod: english ? 'Referral through Ponte or a letter from the GP or the reception centre, with a short summary.' : 'Invio tramite Ponte o lettera del medico curante o dell’ente gestore, con una breve relazione.',
            catchmentArea: english ? `Province of ${place.province}` : `Provincia di ${place.province}`,
            eligibility: english
              ? 'Asylum seekers, refugees and holders of other forms of protection, whether or not they are in a reception centre.'
              : 'Persone richiedenti asilo, rifugiate o con altra forma di protezione, ospiti o no dei centri di accoglienza.',
            applicationProcess: english ? 'A first interview with a mediator, then a joint assessment by the team.' : 'Primo colloquio con il mediatore, poi valutazione congiunta dell’équipe.',
            feesDescription: english ? 'Free of charge.' : 'Gratuito.',
          });
        } else if (key === 'consultorio') {
          const org = healthOrg(region, place.province);
          const name = d.uniqueName([`Consultorio familiare ${where} (demo)`, `Consultorio ${city} – ${r.pick(STREETS)} (demo)`]);
          d.service(kind, org, [d.location(org, region, place, `Consultorio ${where}`)], {
            region,
            name,
            description: r.pick([
              'Assistenza alla gravidanza e al puerperio, sostegno psicologico alla coppia e alla famiglia, contraccezione, spazio giovani.',
              'Percorso nascita, sostegno alle madri nel primo anno, colloqui psicologici e sociali; attenzione alle donne migranti e alle vittime di violenza.',
            ]),
            referralMethod: 'Accesso diretto senza impegnativa; le operatrici dell’accoglienza possono prenotare tramite Ponte.',
            catchmentArea: catchment,
            eligibility: 'Donne, coppie, famiglie e giovani del territorio, anche senza iscrizione al SSN.',
            applicationProcess: 'Appuntamento per telefono o di persona allo sportello.',
            feesDescription: 'Gratuito.',
          });
        } else if (key === 'gp') {
          // One clinic for people without SSN registration per town at most.
          const stp = r.chance(0.3) && !d.has(`Ambulatorio STP/ENI ${city} (demo)`);
          const orgName = stp ? `Ambulatorio STP/ENI ${city} (demo)` : d.uniqueName([`Medicina di gruppo ${where} (demo)`, `Casa della Comunità ${where} – medicina generale (demo)`, `Studio medico associato ${where} (demo)`]);
          const org = stp
            ? healthOrg(region, place.province)
            : d.organization({ name: orgName, description: 'Studio associato di medici di medicina generale.', legalStatus: 'Associazione professionale (fittizia)', email: `segreteria.${slug(orgName)}@example.org`, verifyEveryDays: 365 });
          const name = stp ? d.claim(orgName) : orgName;
          d.service(kind, org, [d.location(org, region, place, stp ? `Ambulatorio STP/ENI ${city}` : `Studio medico ${where}`)], {
            region,
            name,
            description: stp
              ? 'Cure primarie per persone straniere senza iscrizione al SSN (tessera STP o ENI): visite, prescrizioni, invio agli specialisti.'
              : 'Medici di famiglia associati: visite in studio e a domicilio, ricette, certificati; alcuni medici seguono persone ospiti dei centri di accoglienza.',
            referralMethod: stp ? 'Accesso diretto negli orari di apertura; gli enti dell’accoglienza possono segnalare tramite Ponte.' : 'Scelta del medico presso l’azienda sanitaria; nessun invio da altri servizi.',
            acceptsReferrals: stp,
            catchmentArea: `Comune di ${city}`,
            eligibility: stp ? 'Persone straniere non iscritte al SSN, con o senza permesso di soggiorno.' : 'Persone iscritte al SSN che hanno scelto uno dei medici del gruppo.',
            applicationProcess: stp ? 'Il rilascio della tessera STP/ENI avviene al primo accesso.' : 'Visite su appuntamento; urgenze nella giornata.',
            feesDescription: 'Gratuito per le visite di medicina generale.',
          });
        } else if (key === 'ngo') {
          const org = thirdSectorOrg(r.pick(ngos), 'ngo');
          const english = isEnglishName(org.name);
          const short = org.name.replace(/ \(demo\)$/, '');
          const name = d.uniqueName(
            english
              ? [`${short} – psychosocial support, ${city} (demo)`, `${short} – support groups, ${city} (demo)`]
              : [`${short} – sportello di ascolto ${city} (demo)`, `${short} – gruppi di sostegno ${city} (demo)`, `${short} – spazio donne ${city} (demo)`],
          );
          d.service(kind, org, [d.location(org, region, place, english ? `${short}, ${city}` : `Sede di ${city}`)], {
            region,
            name,
            english,
            description: english
              ? r.pick([
                  'Individual sessions and peer groups for people living in reception centres, with mediators in the main languages of arrival.',
                  'Psychosocial first aid, listening and orientation for newly arrived people, and support for reception staff.',
                ])
              : r.pick([
                  'Ascolto, colloqui psicologici e gruppi di sostegno per persone rifugiate e richiedenti asilo, con mediatori nelle lingue più diffuse.',
                  'Spazio di incontro e sostegno psicosociale per donne e famiglie migranti; orientamento ai servizi del territorio.',
                  'Sportello psicosociale per giovani adulti usciti dall’accoglienza: ascolto, orientamento al lavoro e all’abitare, accompagnamento ai servizi sanitari.',
                ]),
            referralMethod: english ? 'Referral through Ponte, by e-mail or by phone from the reception centre; people may also come in person.' : 'Segnalazione tramite Ponte, e-mail o telefono dall’ente gestore; accesso libero negli orari di sportello.',
            catchmentArea: english ? `${city} and the surrounding area` : `${city} e dintorni`,
            eligibility: english ? 'Anyone with a migration background, whatever their legal status.' : 'Persone con esperienza di migrazione, qualunque sia la loro condizione giuridica.',
            applicationProcess: english ? 'A first conversation, then a plan agreed with the person.' : 'Un primo colloquio, poi un percorso concordato con la persona.',
            feesDescription: english ? 'Free of charge.' : 'Gratuito.',
          });
        } else if (key === 'legal') {
          const org = thirdSectorOrg(r.pick(legals), 'legal');
          const english = isEnglishName(org.name);
          const name = d.uniqueName(english ? [`Asylum legal advice – ${city} (demo)`, `Legal desk ${where} (demo)`] : [`Sportello legale asilo e protezione – ${city} (demo)`, `Sportello legale ${where} (demo)`, `Consulenza legale per migranti – ${where} (demo)`]);
          d.service(kind, org, [d.location(org, region, place, english ? `Legal desk ${city}` : `Sportello ${city}`)], {
            region,
            name,
            english,
            description: english
              ? 'Information and advice on the asylum procedure, appeals, family reunification and residence permits; help in preparing for the hearing before the commission.'
              : r.pick([
                  'Informazione e consulenza sulla domanda di protezione internazionale, sui ricorsi e sui permessi di soggiorno; preparazione all’audizione in commissione.',
                  'Orientamento legale su asilo, ricongiungimento familiare, cittadinanza e diritti sul lavoro; collegamento con avvocati per il gratuito patrocinio.',
                ]),
            referralMethod: english ? 'Appointments by phone or e-mail; reception centres may refer through Ponte.' : 'Appuntamento per telefono o e-mail; invio anche tramite Ponte.',
            catchmentArea: english ? `Province of ${place.province}` : `Provincia di ${place.province}`,
            eligibility: english ? 'Asylum seekers, refugees and migrants, including people without documents.' : 'Persone richiedenti asilo, rifugiate e migranti, anche senza documenti.',
            applicationProcess: english ? 'Bring any documents you have; a mediator can join on request.' : 'Portare i documenti disponibili; su richiesta è presente un mediatore.',
            feesDescription: english ? 'First consultation free; legal aid at the state’s expense where the conditions are met.' : 'Primo colloquio gratuito; patrocinio a spese dello Stato quando ne ricorrono le condizioni.',
          });
        } else {
          const org = thirdSectorOrg(r.pick(mediators), 'mediator');
          const short = org.name.replace(/ \(demo\)$/, '');
          // Agencies often cover several towns of the region from one service.
          const places = [d.location(org, region, place, `Sede di ${city}`)];
          if (r.chance(0.4)) {
            const other = placeIn(r, region);
            if (other.city !== city) places.push(d.location(org, region, other, `Recapito di ${other.city}`));
          }
          const name = d.uniqueName([`${short} – mediazione linguistico-culturale ${city} (demo)`, `${short} – mediatori per la salute ${city} (demo)`, `${short} – ${where} (demo)`]);
          d.service(kind, org, places, {
            region,
            name,
            description: r.pick([
              'Mediatrici e mediatori linguistico-culturali per visite, colloqui e percorsi di cura nei servizi sanitari e sociali, in presenza o al telefono.',
              'Interpretariato e mediazione culturale su prenotazione per servizi di salute mentale, consultori e pronto soccorso; formazione degli operatori.',
            ]),
            referralMethod: 'Richiesta tramite Ponte o per e-mail con almeno 48 ore di anticipo; urgenze per telefono.',
            catchmentArea: `Regione ${regionName(region)}`,
            eligibility: 'Servizi pubblici, enti dell’accoglienza e associazioni che hanno bisogno di un mediatore.',
            applicationProcess: 'Indicare lingua, data, durata e tipo di incontro; la conferma arriva entro un giorno lavorativo.',
            feesDescription: 'A carico dell’ente richiedente secondo convenzione; gratuito per i servizi pubblici convenzionati.',
          });
        }
      }
    }
  }

  // The fixed stale organisations, in Lazio: each asks to be checked every 180 days, and was last checked over two years ago.
  const lazio = (city: string) => MUNICIPALITIES['IT-62'].find((p) => p.city === city)!;
  const staleOnes = [
    {
      name: DEMO_DIRECTORY.staleOrganization,
      email: DEMO_DIRECTORY.staleVerificationEmail,
      description: 'Associazione immaginaria che non conferma le proprie voci da oltre due anni: mostra come il coordinamento ritrova le voci da verificare.',
      services: [
        [lazio('Viterbo'), 'Sportello di ascolto per rifugiati – Viterbo (demo)', 790],
        [lazio('Civitavecchia'), 'Gruppo di sostegno per famiglie migranti – Civitavecchia (demo)', 905],
      ],
    },
    {
      name: DEMO_DIRECTORY.secondStaleOrganization,
      email: DEMO_DIRECTORY.secondStaleVerificationEmail,
      description: 'Altra associazione immaginaria con voci non confermate da oltre due anni.',
      services: [
        [lazio('Rieti'), 'Spazio di ascolto per richiedenti asilo – Rieti (demo)', 820],
        [lazio('Frosinone'), 'Gruppo di parola per giovani rifugiati – Frosinone (demo)', 760],
      ],
    },
  ] as const;
  for (const o of staleOnes) {
    const org = d.organization({ name: o.name, description: o.description, legalStatus: 'Associazione di volontariato (fittizia)', email: `info.${slug(o.name)}@example.org`, verificationEmail: o.email, verifyEveryDays: 180 });
    for (const [place, name, days] of o.services) {
      d.service(KINDS.ngo!, org, [d.location(org, 'IT-62', place, `Sede di ${place.city}`)], {
        region: 'IT-62',
        name: d.claim(name),
        description: 'Colloqui di ascolto e gruppi di parola per persone rifugiate e le loro famiglie, condotti da volontari con una psicologa.',
        status: 'active',
        referralMethod: 'Telefonare negli orari di apertura.',
        catchmentArea: `${place.city} e dintorni`,
        eligibility: 'Persone rifugiate e richiedenti asilo e le loro famiglie.',
        applicationProcess: 'Primo contatto per telefono.',
        feesDescription: 'Gratuito.',
        lastVerifiedAt: d.daysAgo(days),
        assurerEmail: o.email,
      });
    }
  }
  return d;
}

/** The rows of the demo directory, the same for the same day and regions. */
export function demoDirectory(now: Date, regionIds: Map<RegionCode, string>): Pick<DemoDirectory, 'organizations' | 'locations' | 'services' | 'links' | 'phones' | 'schedules'> {
  return generate(generator(20180910), now.getTime(), regionIds);
}

/**
 * Inserts every row in one statement with one parameter: the rows as JSON, spread by json_populate_recordset.
 * On PGlite this is several times faster than a multi-row VALUES list with a parameter per field.
 */
async function insertAll(tx: DbOrTx, table: PgTable, rows: Record<string, unknown>[]) {
  if (!rows.length) return;
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => rows.some((r) => r[key] !== undefined));
  const json = JSON.stringify(rows.map((r) => Object.fromEntries(columns.map(([key, c]) => [c.name, r[key] ?? null]))));
  const list = sql.join(
    columns.map(([, c]) => sql.identifier(c.name)),
    sql`, `,
  );
  await tx.execute(sql`INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, ${json}::json)`);
}

/**
 * Seeds the service types, the needs and the fictional demo directory, once: nothing happens when demo
 * entries are already there. The regions must exist (the platform's demo seed makes them).
 */
export async function seedDirectoryDemo(tx: DbOrTx, now = new Date()): Promise<void> {
  await tx
    .insert(serviceTypes)
    .values(DEMO_SERVICE_TYPES.map((t, i) => ({ ...t, sort: i * 10 })))
    .onConflictDoNothing();
  await tx
    .insert(needs)
    .values(DEMO_NEEDS.map((t, i) => ({ ...t, sort: i * 10 })))
    .onConflictDoNothing();
  const [seeded] = await tx.select({ id: directoryOrganizations.id }).from(directoryOrganizations).where(eq(directoryOrganizations.demo, true)).limit(1);
  if (seeded) return;
  const codes = Object.keys(MUNICIPALITIES) as RegionCode[];
  const rows = await tx
    .select({ id: regions.id, code: regions.code })
    .from(regions)
    .where(and(eq(regions.country, 'IT'), inArray(regions.code, codes)));
  const regionIds = new Map(rows.map((x) => [x.code as RegionCode, x.id]));
  const missing = codes.filter((c) => !regionIds.has(c));
  if (missing.length) throw new Error(`seedDirectoryDemo: regions ${missing.join(', ')} do not exist`);

  const d = demoDirectory(now, regionIds);
  await insertAll(tx, directoryOrganizations, d.organizations);
  await insertAll(tx, directoryLocations, d.locations);
  await insertAll(tx, directoryServices, d.services);
  await insertAll(tx, serviceAtLocations, d.links);
  await insertAll(tx, directoryPhones, d.phones);
  await insertAll(tx, directorySchedules, d.schedules);
}
