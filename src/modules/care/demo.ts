import { and, eq, getTableColumns, inArray, like, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { executedRows, type DbOrTx } from '../../platform/db/index.js';
import { createOrganisation } from '../../platform/identity/organisations.js';
import { organisations, regions } from '../../platform/schema.js';
import { DEMO_DIRECTORY } from '../directory/demo.js';
import { linkMemberOrganisation } from '../directory/service.js';
import { placeOf, type CareCipher } from './crypto.js';
import { scoreAnswers, type Answers, type Instrument } from './instruments.js';
import { sealAnswers } from './screenings.js';
import { CANCEL_REASONS, DEFAULT_TARGET_HOURS, FAIL_REASONS, HOLD_REASONS, OUTCOMES, REJECT_REASONS } from './referrals.js';
import { sealVulnerabilities, seedVulnerabilityCategories } from './residents.js';
import {
  consents,
  mediatorRequestAgencies,
  mediatorRequests,
  referralEvents,
  referrals,
  residents,
  screenings,
  urgencyTargets,
  type AppointmentStatus,
  type MediatorRequestStatus,
  type ReferralStatus,
  type ResidentGender,
  type ScreeningMode,
  type Urgency,
  type WithdrawalChannel,
} from './schema.js';
import { seedDemoInstrument } from './screenings.js';

/**
 * The care demo: synthetic residents of the reception centres of the four PsychCare regional networks (Lazio,
 * Lombardia, Campania, Sicilia), their consents, screenings with the demo instrument, referrals to community
 * mental-health centres with their whole history, and mediator bookings, over the two years before the seed.
 * Nobody in it is real: case codes are invented, about a third of the residents carry an invented first name and
 * an initial (sealed, like every name), and every text is generic.
 *
 * The figures tell the networks' story, so that the indicators have something to show: the time from referral to
 * a first appointment falls over the two years everywhere, Lombardy fastest and Sicily slowest but catching up;
 * Campania misses many first appointments until mediators are booked for them; services accept most referrals,
 * declining some (for capacity in Sicily, at first); and a few referrals of the last months are open past their
 * target.
 *
 * The content is drawn by a seeded generator, so every seed gives the same records for the same day; times are
 * relative to the seed. Each table's rows go in with one statement, so the seed takes a second or two on PGlite.
 */

/** Organisations that the browser journeys create users in, and the directory entries they refer to. */
export const DEMO_CARE = {
  lazioCentre: 'CAS Villa Esempio (demo)',
  lazioService: 'CSM Distretto Esempio (demo)',
  lazioAgency: 'Mediazione Esempio (demo)',
  sicilyCentre: 'CAS Conca d’Oro Esempio (demo)',
  sicilyService: 'CSM Palermo Esempio (demo)',
  sicilyAgency: 'Mediatori del Mediterraneo (demo)',
  /** The directory organisation whose CSMs the Lazio CSM answers for (its services receive referrals on Ponte). */
  lazioDirectoryOrganization: 'Azienda Sanitaria Esempio Roma (demo)',
  /** A directory service whose referrals reach the Sicily CSM. */
  sicilyDirectoryService: DEMO_DIRECTORY.palermoCsm,
} as const;

type RegionCode = 'IT-62' | 'IT-25' | 'IT-72' | 'IT-82';
type RejectReason = (typeof REJECT_REASONS)[number];
type CancelReason = (typeof CANCEL_REASONS)[number];
type HoldReason = (typeof HOLD_REASONS)[number];
type FailReason = (typeof FAIL_REASONS)[number];
type Outcome = (typeof OUTCOMES)[number];

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
/** How far back the demo goes. */
const SPAN_DAYS = 730;

// ---- The regions ------------------------------------------------------------------------------------------

interface RegionPlan {
  code: RegionCode;
  /** Case codes start with it: "LZ-2025-0412". */
  prefix: string;
  /** The networks demo's organisations, made here when missing. */
  centres: { name: string; typeCode: 'reception-centre' | 'integration-project' }[];
  csm: string;
  agency: string;
  /** The directory organisation whose community mental-health centres the network's CSM answers for. */
  healthAuthority: string;
  residents: number;
  /** Median days from a routine referral to its first appointment, at the start and at the end of the two years. */
  routineDays: [number, number];
  /** Chance that a first appointment is missed when a mediator was needed and none was booked. */
  missWithoutMediator: number;
  /** Chance that a mediator is asked for an appointment that needs one, and that an agency books one (start, end). */
  mediatorAsked: [number, number];
  mediatorBooked: [number, number];
  /** When (0–1 over the two years) the network's agreement on mediation started: from then on the end values hold. */
  mediationAgreement?: number;
  /** Chance that the service declines a referral (start, end), and the reasons' weights. */
  rejected: [number, number];
  rejectReasons: Partial<Record<RejectReason, number>>;
  /** Origins more (or less) frequent in the region than in Italy as a whole. */
  leanings: Record<string, number>;
}

const REGIONS: RegionPlan[] = [
  {
    code: 'IT-62',
    prefix: 'LZ',
    centres: [
      { name: 'CAS Villa Esempio (demo)', typeCode: 'reception-centre' },
      { name: 'Progetto SAI Tevere Esempio (demo)', typeCode: 'integration-project' },
    ],
    csm: 'CSM Distretto Esempio (demo)',
    agency: 'Mediazione Esempio (demo)',
    healthAuthority: 'Azienda Sanitaria Esempio Roma (demo)',
    residents: 300,
    routineDays: [46, 13],
    missWithoutMediator: 0.16,
    mediatorAsked: [0.3, 0.62],
    mediatorBooked: [0.6, 0.9],
    rejected: [0.08, 0.04],
    rejectReasons: { 'outside-catchment-area': 4, capacity: 2, 'incomplete-information': 3, 'service-not-appropriate': 1 },
    leanings: { BD: 1.8, AF: 1.6, PK: 1.3, NG: 1.2, EG: 1.2, ER: 0.7 },
  },
  {
    code: 'IT-25',
    prefix: 'LO',
    centres: [
      { name: 'CAS Navigli Esempio (demo)', typeCode: 'reception-centre' },
      { name: 'SAI Brianza Esempio (demo)', typeCode: 'integration-project' },
    ],
    csm: 'CSM Lambrate Esempio (demo)',
    agency: 'Cooperativa Mediatori Lombardi (demo)',
    healthAuthority: 'Azienda Sanitaria Esempio Milano (demo)',
    residents: 290,
    routineDays: [30, 9],
    missWithoutMediator: 0.14,
    mediatorAsked: [0.35, 0.65],
    mediatorBooked: [0.7, 0.93],
    rejected: [0.07, 0.04],
    rejectReasons: { 'outside-catchment-area': 4, capacity: 1, 'incomplete-information': 3, 'service-not-appropriate': 1, duplicate: 1 },
    leanings: { PK: 1.8, EG: 1.6, BD: 1.3, NG: 1.3, AF: 1.2, ER: 0.6, SO: 0.6, GM: 0.7 },
  },
  {
    code: 'IT-72',
    prefix: 'CA',
    centres: [
      { name: 'CAS Vesuvio Esempio (demo)', typeCode: 'reception-centre' },
      { name: 'SAI Salerno Esempio (demo)', typeCode: 'integration-project' },
    ],
    csm: 'CSM Napoli Centro Esempio (demo)',
    agency: 'Mediazione Partenopea Esempio (demo)',
    healthAuthority: 'Azienda Sanitaria Esempio Napoli (demo)',
    residents: 270,
    routineDays: [50, 16],
    missWithoutMediator: 0.55,
    mediatorAsked: [0.1, 0.9],
    mediatorBooked: [0.4, 0.92],
    mediationAgreement: 0.45,
    rejected: [0.08, 0.05],
    rejectReasons: { 'outside-catchment-area': 3, capacity: 2, 'incomplete-information': 4, 'service-not-appropriate': 1 },
    leanings: { NG: 2, GH: 2.5, SN: 1.8, GM: 1.6, ML: 1.3, BD: 1.3, AF: 0.5, ER: 0.6 },
  },
  {
    code: 'IT-82',
    prefix: 'SI',
    centres: [
      { name: 'CAS Conca d’Oro Esempio (demo)', typeCode: 'reception-centre' },
      { name: 'SAI Catania Esempio (demo)', typeCode: 'integration-project' },
    ],
    csm: 'CSM Palermo Esempio (demo)',
    agency: 'Mediatori del Mediterraneo (demo)',
    healthAuthority: 'Azienda Sanitaria Esempio Palermo (demo)',
    residents: 340,
    routineDays: [72, 22],
    missWithoutMediator: 0.16,
    mediatorAsked: [0.28, 0.62],
    mediatorBooked: [0.55, 0.9],
    rejected: [0.13, 0.05],
    rejectReasons: { capacity: 6, 'outside-catchment-area': 3, 'incomplete-information': 3, 'service-not-appropriate': 1 },
    leanings: { ER: 2.2, SO: 2, SD: 1.8, GM: 1.8, ML: 1.6, TN: 1.4, GN: 1.3, CI: 1.3, PK: 0.5, AF: 0.4 },
  },
];

// ---- Where the residents come from ---------------------------------------------------------------------------

interface Origin {
  /** ISO 3166-1 alpha-2. */
  code: string;
  /** Share of arrivals to Italy, roughly, in recent years. */
  weight: number;
  /** Language sets (BCP 47, preferred first) and how often each is found. */
  languages: [string[], number][];
  /** Share of women among those who reach reception centres. */
  women: number;
  men: string[];
  womenNames: string[];
}

const ORIGINS: Origin[] = [
  { code: 'BD', weight: 14, languages: [[['bn'], 8], [['bn', 'en'], 2]], women: 0.03, men: ['Rahim', 'Sohel', 'Arif', 'Jahid', 'Rakib', 'Mamun', 'Shakil', 'Tanvir'], womenNames: ['Nasima', 'Shapla', 'Rumana'] },
  { code: 'TN', weight: 12, languages: [[['ar'], 7], [['ar', 'fr'], 3]], women: 0.08, men: ['Aymen', 'Wassim', 'Yassine', 'Skander', 'Bilel', 'Hamza'], womenNames: ['Amira', 'Rania', 'Sana'] },
  { code: 'EG', weight: 9, languages: [[['ar'], 1]], women: 0.04, men: ['Mahmoud', 'Ahmed', 'Mostafa', 'Hany', 'Karim', 'Youssef'], womenNames: ['Mona', 'Heba'] },
  { code: 'PK', weight: 8, languages: [[['ur'], 5], [['ur', 'en'], 3], [['pa', 'ur'], 2]], women: 0.03, men: ['Imran', 'Bilal', 'Usman', 'Zeeshan', 'Hamza', 'Waqas'], womenNames: ['Ayesha', 'Saima'] },
  { code: 'SY', weight: 7, languages: [[['ar'], 8], [['ku', 'ar'], 2]], women: 0.3, men: ['Omar', 'Khaled', 'Rami', 'Hussein', 'Bassel', 'Fadi'], womenNames: ['Lina', 'Yara', 'Rasha', 'Dima'] },
  { code: 'GN', weight: 7, languages: [[['fr'], 5], [['ff', 'fr'], 5]], women: 0.18, men: ['Mamadou', 'Alpha', 'Ousmane', 'Thierno', 'Sekou', 'Abdoulaye'], womenNames: ['Mariama', 'Fatoumata', 'Kadiatou'] },
  { code: 'CI', weight: 7, languages: [[['fr'], 1]], women: 0.28, men: ['Koffi', 'Yao', 'Serge', 'Ibrahim', 'Lassina', 'Didier'], womenNames: ['Aya', 'Adjoua', 'Mariam', 'Affoue'] },
  { code: 'ER', weight: 5, languages: [[['ti'], 7], [['ti', 'ar'], 3]], women: 0.3, men: ['Yonas', 'Tesfay', 'Filmon', 'Mussie', 'Dawit', 'Robel'], womenNames: ['Senait', 'Helen', 'Lidya', 'Saba'] },
  { code: 'SD', weight: 5, languages: [[['ar'], 1]], women: 0.1, men: ['Mohamed', 'Abdelrahman', 'Osman', 'Tarig', 'Mujahid', 'Adam'], womenNames: ['Hawa', 'Amna', 'Fatima'] },
  { code: 'AF', weight: 5, languages: [[['prs'], 5], [['ps'], 4], [['ps', 'prs'], 1]], women: 0.15, men: ['Farid', 'Hamid', 'Ahmad', 'Sayed', 'Naveed', 'Jawad'], womenNames: ['Zahra', 'Mariam', 'Freshta'] },
  { code: 'NG', weight: 6, languages: [[['en'], 4], [['pcm', 'en'], 3], [['yo', 'en'], 2], [['ig', 'en'], 2]], women: 0.45, men: ['Emeka', 'Chinedu', 'Tunde', 'Uche', 'Samuel', 'Kelechi'], womenNames: ['Blessing', 'Joy', 'Precious', 'Favour', 'Esther'] },
  { code: 'ML', weight: 5, languages: [[['bm', 'fr'], 1]], women: 0.08, men: ['Seydou', 'Bakary', 'Moussa', 'Drissa', 'Adama', 'Boubacar'], womenNames: ['Aminata', 'Oumou', 'Kadidia'] },
  { code: 'GM', weight: 4, languages: [[['wo', 'en'], 4], [['en'], 3], [['ff', 'en'], 2]], women: 0.08, men: ['Lamin', 'Ebrima', 'Modou', 'Omar', 'Bubacarr', 'Alieu'], womenNames: ['Fatou', 'Isatou', 'Mariama'] },
  { code: 'SO', weight: 3, languages: [[['so'], 8], [['so', 'ar'], 2]], women: 0.35, men: ['Abdi', 'Farah', 'Liban', 'Abdullahi', 'Mahad', 'Said'], womenNames: ['Hodan', 'Ayaan', 'Khadra', 'Sahra'] },
  { code: 'SN', weight: 3, languages: [[['wo', 'fr'], 1]], women: 0.06, men: ['Cheikh', 'Moussa', 'Ibrahima', 'Pape', 'Mamadou', 'Babacar'], womenNames: ['Awa', 'Aissatou', 'Ndeye'] },
  { code: 'GH', weight: 2, languages: [[['ak', 'en'], 6], [['en'], 4]], women: 0.2, men: ['Kwame', 'Kofi', 'Kojo', 'Yaw', 'Kwabena', 'Isaac'], womenNames: ['Ama', 'Akosua', 'Abena'] },
  { code: 'CM', weight: 2, languages: [[['fr'], 7], [['en', 'fr'], 3]], women: 0.3, men: ['Jean', 'Arnaud', 'Franck', 'Hervé', 'Boris'], womenNames: ['Carine', 'Sandrine', 'Nadège'] },
];

/** Initials for the names: no real person is meant, and one letter tells nobody. */
const INITIALS = 'ABCDEFGHIJKLMNOPRSTWYZ';

const MEDIATORS: Record<string, string[]> = {
  ar: ['Samira', 'Karim', 'Nour', 'Hassan', 'Leila'],
  ti: ['Yohannes', 'Semhar', 'Abraham'],
  bn: ['Rafiq', 'Nasrin', 'Sumon'],
  ur: ['Imtiaz', 'Rubina'],
  pa: ['Gurpreet'],
  fr: ['Aminata', 'Moussa', 'Sophie', 'Ibrahima'],
  en: ['Grace', 'Emmanuel', 'Patience'],
  so: ['Hodan', 'Abdi'],
  ps: ['Zarmina', 'Wahid'],
  fa: ['Farzaneh', 'Reza'],
  wo: ['Fatou', 'Abdou'],
  bm: ['Seydou', 'Awa'],
  ff: ['Alpha', 'Hadja'],
  pcm: ['Efosa', 'Gift'],
  ku: ['Rojda'],
};

// ---- Texts (generic, invented) -------------------------------------------------------------------------------

const REASONS = {
  routine: [
    'Sleep problems and intrusive memories reported at screening; asks for support.',
    'Persistent low mood and withdrawal from activities at the centre; screening above the cut-off.',
    'High distress at screening: tension, poor sleep and headaches; would like to talk to someone.',
    'Reports nightmares and fear since the journey; staff notice isolation. Asks for an assessment.',
    'Screening above the cut-off; difficulty concentrating in the Italian course and loss of appetite.',
    'Frequent bodily complaints with no medical cause found; distress at screening. Agrees to a first interview.',
    'Restlessness and irritability, conflicts with other residents; screening shows marked distress.',
    'Low mood after bad news from the family at home; screening above the cut-off.',
    'Worries all the time about the asylum decision, cannot sleep; asks to see a psychologist.',
  ],
  concern: [
    'Screening below the cut-off, but the team notices withdrawal and asks for a specialist opinion.',
    'Asks for psychological support to cope with the asylum procedure.',
    'The legal team asks for an assessment of signs of past violence; the resident agrees.',
    'Was treated for a mental disorder in the country of origin; needs continuity of care.',
    'Stopped eating with the others and spends the day in the room; operators are concerned.',
  ],
  urgent: [
    'Marked worsening in the last two weeks: hardly eating or sleeping. Needs a prompt assessment.',
    'Says life is not worth living; no plan reported. Asks for help; urgent assessment requested.',
    'Severe sleep disturbance and panic attacks at night; staff concerned for their safety.',
    'Flashbacks during the day and moments of confusion since a recent hearing; urgent assessment requested.',
  ],
  emergency: [
    'Acute crisis at the centre today: confused and agitated, not recognising staff. Immediate assessment needed.',
    'Expressed intent to harm themself this morning; staff are staying with them. Emergency assessment requested.',
    'Has not slept for days, hears voices and is very frightened. Immediate assessment needed.',
  ],
};

const OVERRIDE_REASONS = [
  'Acute distress at night; the resident could not follow the consent explanation and no mediator was reachable. Sent to protect their life.',
  'Imminent risk of self-harm; consent could not be asked in time. It will be asked as soon as the resident is able to answer.',
];

const NOTES: Record<string, string[]> = {
  'outside-catchment-area': ['The centre is outside our district; please refer to the service of the district where the resident lives.'],
  capacity: ['No first appointments free in the coming weeks; please refer to another centre of the health authority.', 'Our team is short-staffed this month; please refer elsewhere or try again later.'],
  'incomplete-information': ['The referral lacks the languages spoken and the screening result; please send it again with them.'],
  'service-not-appropriate': ['The request is better met by the family clinic; please refer there.'],
  duplicate: ['The resident was already referred to us last week.'],
  'awaiting-mediator': ['Waiting for a mediator in the resident’s language before the first interview.'],
  'awaiting-information': ['Asked the centre for the screening result and the languages spoken.'],
  'resident-hospitalised': ['Admitted to hospital for another condition; we will resume when discharged.'],
  'resident-unavailable': ['The resident is away for the asylum hearing this week.'],
  other: ['Seen once; follow-up continues at the family clinic.'],
};

// ---- A seeded generator ---------------------------------------------------------------------------------------

/** Mulberry32 (as in the directory demo): the same content on every run. */
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
  const between = (min: number, max: number) => min + next() * (max - min);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const chance = (p: number) => next() < p;
  const weighted = <T>(items: readonly [T, number][]): T => {
    let x = next() * items.reduce((s, [, w]) => s + w, 0);
    for (const [item, w] of items) if ((x -= w) < 0) return item;
    return items[items.length - 1]![0];
  };
  /** A standard normal draw (Box–Muller). */
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  return { next, int, between, pick, chance, weighted, normal, uuid };
}
type Random = ReturnType<typeof generator>;

const lerp = (a: number, b: number, t: number) => a + (b - a) * Math.min(1, Math.max(0, t));
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The canonical BCP 47 form, as the referral and mediator services store it ("prs" → "fa-AF"). */
const canonical = (tag: string) => Intl.getCanonicalLocales(tag)[0] ?? tag;

/** The day of `ms` at a working hour (UTC 7–16, 8–18 in Rome), moved off the weekend to the Monday. */
function workingTime(r: Random, ms: number): number {
  const d = new Date(ms);
  let day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const dow = new Date(day).getUTCDay();
  if (dow === 6) day += 2 * DAY;
  else if (dow === 0) day += DAY;
  return day + r.int(7 * 60, 16 * 60) * MINUTE;
}
/** An appointment slot from `ms` on: a working day, on the hour or half hour. */
function slot(r: Random, ms: number): number {
  const t = workingTime(r, ms);
  const rounded = t - (t % (30 * MINUTE));
  return rounded > ms ? rounded : slot(r, ms + DAY);
}

// ---- A referral's history -------------------------------------------------------------------------------------

interface PlannedEvent {
  at: number;
  from: ReferralStatus | null;
  to: ReferralStatus;
  step: string;
  side: 'sender' | 'receiver';
  reason?: string | null;
  appointmentAt?: number | null;
  note?: string | null;
}

const CLOSED: ReferralStatus[] = ['rejected', 'cancelled', 'failed', 'completed'];

/**
 * The life cycle of one referral as `transition()` in referrals.ts walks it: each step checks where it comes
 * from, names itself the same way and comes after the one before.
 */
class Pathway {
  events: PlannedEvent[] = [];
  status: ReferralStatus | null = null;
  appointment: AppointmentStatus | null = null;
  appointmentAt: number | null = null;
  private heldFrom: ReferralStatus = 'requested';

  constructor(private r: Random) {}

  get last(): number {
    return this.events.length ? this.events[this.events.length - 1]!.at : 0;
  }

  private push(at: number, to: ReferralStatus, step: string, side: 'sender' | 'receiver', extra: Partial<PlannedEvent> = {}): number {
    const when = Math.max(Math.round(at), this.last + this.r.int(3, 40) * MINUTE);
    this.events.push({ at: when, from: this.status, to, step, side, ...extra });
    this.status = to;
    return when;
  }

  create(at: number) {
    return this.push(at, 'draft', 'created', 'sender');
  }
  send(at: number, override: boolean) {
    return this.push(at, 'requested', override ? 'sent-without-consent' : 'sent', 'sender');
  }
  accept(at: number) {
    return this.push(at, 'accepted', 'accepted', 'receiver');
  }
  reject(at: number, reason: RejectReason, note: string | null) {
    return this.push(at, 'rejected', 'rejected', 'receiver', { reason, note });
  }
  cancel(at: number, reason: CancelReason) {
    return this.push(at, 'cancelled', 'cancelled', 'sender', { reason });
  }
  fail(at: number, reason: FailReason, note: string | null = null) {
    return this.push(at, 'failed', 'failed', 'receiver', { reason, note });
  }
  hold(at: number, reason: HoldReason, note: string | null) {
    this.heldFrom = this.status!;
    return this.push(at, 'on-hold', 'put-on-hold', 'receiver', { reason, note });
  }
  resume(at: number) {
    return this.push(at, this.heldFrom, 'resumed', 'receiver');
  }
  /** Schedules (or moves) the appointment; returns when the step was taken. */
  schedule(at: number, appointmentAt: number) {
    const step = this.appointment === 'scheduled' ? 'appointment-rescheduled' : 'appointment-scheduled';
    const when = this.push(at, 'in-progress', step, 'receiver', { appointmentAt });
    this.appointment = 'scheduled';
    this.appointmentAt = appointmentAt;
    return when;
  }
  attendance(at: number, attended: boolean) {
    const when = this.push(at, 'in-progress', attended ? 'appointment-attended' : 'appointment-missed', 'receiver', { appointmentAt: this.appointmentAt });
    this.appointment = attended ? 'attended' : 'missed';
    return when;
  }
  complete(at: number, outcome: Outcome, note: string | null) {
    return this.push(at, 'completed', 'completed', 'receiver', { reason: outcome, note });
  }
}

/** What the events leave on the referral row, as `transition()` would have set it. */
function stateAfter(events: PlannedEvent[]) {
  const s = {
    status: 'draft' as ReferralStatus,
    statusReason: null as string | null,
    outcome: null as string | null,
    appointmentAt: null as number | null,
    appointmentStatus: null as AppointmentStatus | null,
    requestedAt: null as number | null,
    acceptedAt: null as number | null,
    firstAppointmentAt: null as number | null,
    firstAppointmentMissed: false,
    closedAt: null as number | null,
  };
  for (const e of events) {
    s.status = e.to;
    switch (e.step) {
      case 'sent':
      case 'sent-without-consent':
        s.requestedAt = e.at;
        break;
      case 'accepted':
        s.acceptedAt = e.at;
        break;
      case 'rejected':
      case 'cancelled':
      case 'failed':
      case 'put-on-hold':
        s.statusReason = e.reason ?? null;
        break;
      case 'resumed':
        s.statusReason = null;
        break;
      case 'appointment-scheduled':
      case 'appointment-rescheduled':
        s.appointmentAt = e.appointmentAt ?? null;
        s.appointmentStatus = 'scheduled';
        break;
      case 'appointment-attended':
        s.appointmentStatus = 'attended';
        s.firstAppointmentAt ??= s.appointmentAt;
        break;
      case 'appointment-missed':
        s.appointmentStatus = 'missed';
        if (s.firstAppointmentAt === null) s.firstAppointmentMissed = true;
        break;
      case 'completed':
        s.outcome = e.reason ?? null;
        break;
    }
    if (CLOSED.includes(e.to)) s.closedAt = e.at;
  }
  return s;
}

/** A mediator booking planned for an appointment. */
interface MediatorPlan {
  createdAt: number;
  startsAt: number;
  requester: 'sender' | 'receiver';
  /** When the agency books it, or declines (then the request is closed as unfilled), or null: nobody answers. */
  bookedAt: number | null;
  declinedAt: number | null;
}

interface ReferralContext {
  plan: RegionPlan;
  /** 0 at the start of the two years, 1 at the seed. */
  t: number;
  urgency: Urgency;
  requestedAt: number;
  /** What led to the referral (a screening, a rejection): the draft comes after it. */
  notBefore: number;
  override: boolean;
  /** The resident needs a mediator and the region's agency mediates in their language. */
  mediation: boolean;
  needsMediator: boolean;
  now: number;
}

/** Draws a referral's whole history; what lies after the seed (or after the resident left) is cut later. */
function planReferral(r: Random, c: ReferralContext): { path: Pathway; mediators: MediatorPlan[] } {
  const { plan, t, urgency } = c;
  const p = new Pathway(r);
  const mediators: MediatorPlan[] = [];
  const R = c.requestedAt;
  p.create(Math.max(c.notBefore + 5 * MINUTE, urgency === 'routine' ? R - r.int(20, 26 * 60) * MINUTE : R - r.int(5, 40) * MINUTE));
  p.send(R, c.override);

  // A few recent referrals wait without an answer (forgotten in an inbox): open past target for the indicators.
  if (urgency !== 'emergency' && c.now - R < 150 * DAY && r.chance(0.07)) return { path: p, mediators };

  // Days to the first appointment planned: the region's median for the time, spread out.
  const routineMedian = lerp(plan.routineDays[0], plan.routineDays[1], t);
  let days: number;
  let decision: number;
  if (urgency === 'routine') {
    days = Math.min(150, Math.max(3, routineMedian * Math.exp(0.35 * r.normal())));
    decision = Math.max(0.1, Math.min(days * 0.5, lerp(7, 2, t) * Math.exp(0.5 * r.normal())));
  } else if (urgency === 'urgent') {
    days = Math.min(40, Math.max(1, routineMedian * 0.22 * Math.exp(0.4 * r.normal())));
    decision = Math.min(days * 0.5, r.between(0.1, 1.5));
  } else {
    days = r.between(0.15, 1.3);
    decision = r.between(0.02, 0.12);
  }

  // Declined, or put on hold while waiting for information.
  if (urgency !== 'emergency' && r.chance(lerp(plan.rejected[0], plan.rejected[1], t))) {
    const reason = r.weighted(Object.entries(plan.rejectReasons) as [RejectReason, number][]);
    p.reject(workingTime(r, R + decision * DAY), reason, r.chance(0.6) ? r.pick(NOTES[reason] ?? NOTES.capacity!) : null);
    return { path: p, mediators };
  }
  if (urgency === 'routine' && r.chance(0.03)) {
    const held = p.hold(workingTime(r, R + decision * DAY * 0.5), 'awaiting-information', r.chance(0.5) ? NOTES['awaiting-information']![0]! : null);
    const back = r.int(3, 10);
    p.resume(workingTime(r, held + back * DAY));
    days += back;
    decision += back;
  }
  const accepted = p.accept(urgency === 'emergency' ? R + decision * DAY : workingTime(r, R + decision * DAY));

  if (urgency !== 'emergency' && r.chance(0.035)) {
    p.cancel(workingTime(r, accepted + r.int(2, 15) * DAY), r.weighted<CancelReason>([['resident-moved', 4], ['resident-declined', 3], ['no-longer-needed', 2], ['referred-elsewhere', 1]]));
    return { path: p, mediators };
  }
  if (urgency === 'routine' && r.chance(0.06)) {
    // Campania waits for mediators at first; elsewhere holds are for the resident's reasons.
    const reason: HoldReason =
      plan.mediationAgreement !== undefined && t < plan.mediationAgreement && c.needsMediator ? 'awaiting-mediator' : r.weighted<HoldReason>([['resident-unavailable', 4], ['awaiting-mediator', c.needsMediator ? 3 : 0], ['resident-hospitalised', 1]]);
    const held = p.hold(workingTime(r, accepted + r.int(0, 3) * DAY), reason, r.chance(0.5) ? NOTES[reason]![0]! : null);
    const back = r.int(4, 20);
    p.resume(workingTime(r, held + back * DAY));
    days += back + 2;
  }
  if (urgency !== 'emergency' && r.chance(0.02)) {
    p.fail(workingTime(r, p.last + r.int(5, 20) * DAY), r.weighted<FailReason>([['unreachable', 3], ['resident-moved', 2], ['resident-declined', 2]]));
    return { path: p, mediators };
  }

  // Appointments until one is attended, at most three.
  const minGap = urgency === 'emergency' ? 1 * HOUR : urgency === 'urgent' ? 12 * HOUR : DAY;
  // Most services give a date when they accept; some accept and give it later.
  let scheduleAt = urgency === 'emergency' ? p.last + r.int(5, 30) * MINUTE : workingTime(r, p.last + (r.chance(0.6) ? Math.max(1, ((R + days * DAY - p.last) / DAY) * 0.7) : r.int(0, 2)) * DAY);
  let appointmentAt = R + days * DAY;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const scheduled = p.schedule(scheduleAt, urgency === 'emergency' ? Math.max(appointmentAt, scheduleAt + minGap) : slot(r, Math.max(appointmentAt, scheduleAt + minGap)));
    // Now and then the service moves the date.
    if (urgency === 'routine' && r.chance(0.08) && p.appointmentAt! - scheduled > 3 * DAY) {
      const moved = workingTime(r, scheduled + (p.appointmentAt! - scheduled) / 2);
      p.schedule(moved, slot(r, Math.max(p.appointmentAt! + r.int(3, 14) * DAY, moved + DAY)));
    }
    const at = p.appointmentAt!;
    // A mediator for this appointment: asked more often over time (at once where an agreement started), and after a missed one.
    const over = (range: [number, number]) => (plan.mediationAgreement === undefined ? lerp(range[0], range[1], t) : t < plan.mediationAgreement ? range[0] : range[1]);
    let booked = false;
    if (c.mediation) {
      const asked = r.chance(attempt > 1 ? Math.max(0.8, over(plan.mediatorAsked)) : over(plan.mediatorAsked));
      if (asked) {
        const createdAt = Math.min(p.last + r.int(10, 24 * 60) * MINUTE, Math.max(p.last + 5 * MINUTE, at - 3 * HOUR));
        booked = r.chance(over(plan.mediatorBooked));
        // Agencies answer within two days or, for a date more than some days ahead, in the last days before it.
        const soon = at - createdAt > 5 * DAY && r.chance(0.5) ? at - r.int(1, 4) * DAY : createdAt + r.int(1, 48) * HOUR;
        const answer = Math.min(soon, Math.max(createdAt + 20 * MINUTE, at - HOUR));
        mediators.push({
          createdAt,
          startsAt: at,
          requester: r.chance(0.7) ? 'receiver' : 'sender',
          bookedAt: booked ? answer : null,
          declinedAt: !booked && r.chance(0.6) ? answer : null,
        });
      }
    }
    const miss = c.needsMediator ? (booked ? 0.06 : plan.missWithoutMediator) : 0.08;
    const attended = !r.chance(miss * (1 - 0.3 * t) * (urgency === 'emergency' ? 0.3 : 1));
    const recorded = p.attendance(at + r.int(60, 4 * 60) * MINUTE, attended);
    if (attended) break;
    if (attempt === 3 || r.chance(0.25)) {
      p.fail(workingTime(r, recorded + r.int(3, 10) * DAY), r.chance(0.6) ? 'repeated-missed-appointments' : 'unreachable');
      return { path: p, mediators };
    }
    scheduleAt = workingTime(r, recorded + r.int(1, 4) * DAY);
    appointmentAt = scheduleAt + (urgency === 'routine' ? r.int(7, 21) : r.int(2, 7)) * DAY;
  }
  if (p.appointment !== 'attended') return { path: p, mediators };

  // Taken in charge, or seen and closed.
  if (r.chance(0.03)) {
    p.fail(workingTime(r, p.last + r.int(7, 40) * DAY), 'resident-declined');
  } else if (r.chance(0.12)) {
    p.complete(workingTime(r, p.last + r.int(0, 2) * DAY), 'assessed-no-follow-up-needed', null);
  } else {
    const outcome = r.weighted<Outcome>([['taken-in-charge', 78], ['referred-onwards', 13], ['assessed-no-follow-up-needed', 6], ['other', 3]]);
    p.complete(workingTime(r, p.last + r.int(14, 75) * DAY), outcome, outcome === 'other' ? NOTES.other![0]! : null);
  }
  return { path: p, mediators };
}

// ---- Screening answers ----------------------------------------------------------------------------------------

/** How much each question of the demo instrument tends to weigh in distress (others count 1). */
const ITEM_WEIGHTS: Record<string, number> = { sleep: 1.4, memories: 1.2, tension: 1.2, mood: 1.1, body: 1, loneliness: 1, activities: 0.8, 'self-care': 0.6 };

/** Answers whose total comes close to `target`: raises questions one option at a time, the weightier ones first. */
function answersFor(r: Random, instrument: Instrument, target: number, trauma: boolean): Answers {
  const items = instrument.items.filter((i) => i.type === 'choice').map((i) => ({ item: i, options: [...i.options].sort((a, b) => a.score - b.score), level: 0 }));
  const score = () => items.reduce((s, x) => s + (x.item.scored === false ? 0 : x.options[x.level]!.score), 0);
  for (let guard = 0; guard < 200 && score() < target; guard++) {
    const open = items.filter((x) => x.level < x.options.length - 1);
    if (!open.length) break;
    const x = r.weighted(open.map((o) => [o, (ITEM_WEIGHTS[o.item.linkId] ?? 1) * (trauma && o.item.linkId === 'memories' ? 2 : 1)] as [typeof o, number]));
    x.level++;
  }
  return Object.fromEntries(items.map((x) => [x.item.linkId, [x.options[x.level]!.code]]));
}

// ---- Rows -----------------------------------------------------------------------------------------------------

type ResidentRow = typeof residents.$inferInsert & { id: string };
type ConsentRow = typeof consents.$inferInsert & { id: string };
type ScreeningRow = typeof screenings.$inferInsert & { id: string };
type ReferralRow = typeof referrals.$inferInsert & { id: string };
type EventRow = Omit<typeof referralEvents.$inferInsert, 'id'> & { id?: number; note?: string | null };
type MediatorRow = typeof mediatorRequests.$inferInsert & { id: string };
type AgencyRow = typeof mediatorRequestAgencies.$inferInsert;

/**
 * Inserts every row in one statement with one parameter: the rows as JSON, spread by json_populate_recordset
 * (as the directory demo does; on PGlite several times faster than a VALUES list with a parameter per field).
 */
async function insertAll(tx: DbOrTx, table: PgTable, rows: Record<string, unknown>[]) {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => rows.some((r) => r[key] !== undefined));
  const list = sql.join(
    columns.map(([, c]) => sql.identifier(c.name)),
    sql`, `,
  );
  for (let i = 0; i < rows.length; i += 2000) {
    const json = JSON.stringify(rows.slice(i, i + 2000).map((r) => Object.fromEntries(columns.map(([key, c]) => [c.name, r[key] ?? null]))));
    await tx.execute(sql`INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, ${json}::json)`);
  }
}

// ---- Organisations and links ----------------------------------------------------------------------------------

interface DirectoryServiceRow {
  id: string;
  name: string;
  type_code: string;
  accepts_referrals: boolean;
  mediation_languages: string[];
  organization_id: string;
  organization_name: string;
  member_organisation_id: string | null;
  place_keys: string[];
}

interface RegionSetup {
  plan: RegionPlan;
  regionId: string;
  centres: { id: string; name: string; typeCode: string }[];
  /** The directory services the region's referrals go to, with the organisation that receives them on Ponte. */
  services: { id: string | null; name: string; weight: number; toOrganisationId: string }[];
  /** The region's mediator agency on Ponte, with the directory service that covers each language. */
  agencyId: string | null;
  agencyServiceFor: (language: string) => string | null;
  targets: Record<Urgency, number>;
}

/** The demo organisation of a type in the region: the one of that name first; made when there is none. */
async function platformOrganisation(tx: DbOrTx, regionId: string, name: string, typeCodes: string[]): Promise<{ id: string; name: string; typeCode: string }> {
  const rows = await tx
    .select({ id: organisations.id, name: organisations.name, typeCode: organisations.typeCode })
    .from(organisations)
    .where(and(eq(organisations.regionId, regionId), inArray(organisations.typeCode, typeCodes), like(organisations.name, '%(demo)')));
  const found = rows.find((o) => o.name === name) ?? rows.sort((a, b) => a.name.localeCompare(b.name))[0];
  if (found) return found;
  const made = await createOrganisation(tx, { name, typeCode: typeCodes[0]!, country: 'IT', regionId, website: null });
  return { id: made.id, name: made.name, typeCode: made.typeCode };
}

/** A tag the agency lists covers the language as agenciesFor (mediators.ts) matches them. */
const covers = (listed: string, language: string) => {
  const [a, b] = [listed.toLowerCase(), language.toLowerCase()];
  return a === b || b.startsWith(`${a}-`) || a.startsWith(`${b}-`);
};

async function setUpRegion(tx: DbOrTx, plan: RegionPlan, regionId: string, directory: DirectoryServiceRow[]): Promise<RegionSetup> {
  const centres: RegionSetup['centres'] = [];
  for (const c of plan.centres) {
    const o = await platformOrganisation(tx, regionId, c.name, [c.typeCode]);
    if (!centres.some((x) => x.id === o.id)) centres.push(o);
  }
  const csm = await platformOrganisation(tx, regionId, plan.csm, ['community-mental-health-centre']);
  const agency = await platformOrganisation(tx, regionId, plan.agency, ['mediator-agency']);
  const inRegion = directory.filter((s) => s.place_keys.includes(regionId));

  // The health authority running the region's CSMs: the one the plan names, else the one with most of them.
  const csmServices = inRegion.filter((s) => s.type_code === 'community-mental-health-centre');
  const byOrg = new Map<string, DirectoryServiceRow[]>();
  for (const s of csmServices) byOrg.set(s.organization_id, [...(byOrg.get(s.organization_id) ?? []), s]);
  const ranked = [...byOrg.values()].sort((a, b) => Number(b[0]!.organization_name === plan.healthAuthority) - Number(a[0]!.organization_name === plan.healthAuthority) || b.length - a.length || a[0]!.organization_name.localeCompare(b[0]!.organization_name));
  // In Sicily the fixed entry that tests and journeys use must reach the network's CSM too.
  const fixed = csmServices.find((s) => s.name === DEMO_DIRECTORY.palermoCsm);
  const chosen = [ranked[0], fixed ? byOrg.get(fixed.organization_id) : undefined].filter((x, i, all): x is DirectoryServiceRow[] => !!x && all.indexOf(x) === i);
  const services: RegionSetup['services'] = [];
  for (const group of chosen) {
    const org = group[0]!;
    let member = org.member_organisation_id;
    if (!member) {
      await linkMemberOrganisation(tx, org.organization_id, csm.id);
      member = csm.id;
    }
    for (const s of group.filter((x) => x.accepts_referrals)) services.push({ id: s.id, name: s.name, weight: s.name === DEMO_DIRECTORY.palermoCsm ? 3 : 1, toOrganisationId: member });
  }
  // Without a directory (or a CSM in it) the referrals still go to the network's CSM, by name.
  if (!services.length) services.push({ id: null, name: csm.name, weight: 1, toOrganisationId: csm.id });

  // The mediator agency: the directory's agency in the region that mediates in Arabic and in most languages.
  const agencyServices = inRegion.filter((s) => s.type_code === 'mediator-agency');
  const agencies = new Map<string, DirectoryServiceRow[]>();
  for (const s of agencyServices) agencies.set(s.organization_id, [...(agencies.get(s.organization_id) ?? []), s]);
  const languagesOf = (list: DirectoryServiceRow[]) => new Set(list.flatMap((s) => s.mediation_languages));
  const best = [...agencies.values()].sort(
    (a, b) => Number(languagesOf(b).has('ar')) - Number(languagesOf(a).has('ar')) || languagesOf(b).size - languagesOf(a).size || a[0]!.organization_name.localeCompare(b[0]!.organization_name),
  )[0];
  let agencyId: string | null = null;
  let agencyList: DirectoryServiceRow[] = [];
  if (best) {
    agencyId = best[0]!.member_organisation_id;
    if (!agencyId) {
      await linkMemberOrganisation(tx, best[0]!.organization_id, agency.id);
      agencyId = agency.id;
    }
    agencyList = best;
  }
  const agencyServiceFor = (language: string) => agencyList.find((s) => s.mediation_languages.some((l) => covers(l, language)))?.id ?? null;

  const set = await tx.select().from(urgencyTargets).where(eq(urgencyTargets.regionId, regionId));
  const targets = { ...DEFAULT_TARGET_HOURS };
  for (const x of set) targets[x.urgency] = x.targetHours;
  return { plan, regionId, centres, services, agencyId, agencyServiceFor, targets };
}

// ---- The seed -------------------------------------------------------------------------------------------------

/**
 * Seeds the care demo once: nothing happens when demo residents are already there. Needs the regions, the networks
 * demo's organisations (made here when missing) and, for referrals through the directory, the directory demo.
 * Returns whether it seeded.
 */
export async function seedCareDemo(tx: DbOrTx, cipher: CareCipher, now = new Date()): Promise<boolean> {
  const [seeded] = executedRows<{ one: number }>(
    await tx.execute(sql`SELECT 1 AS one FROM care_residents r JOIN organisations o ON o.id = r.organisation_id WHERE o.name LIKE '%(demo)' LIMIT 1`),
  );
  if (seeded) return false;
  const regionRows = await tx
    .select({ id: regions.id, code: regions.code })
    .from(regions)
    .where(and(eq(regions.country, 'IT'), inArray(regions.code, REGIONS.map((p) => p.code))));
  const regionIds = new Map(regionRows.map((x) => [x.code, x.id]));
  const plans = REGIONS.filter((p) => regionIds.has(p.code));
  if (!plans.length) return false;

  await seedVulnerabilityCategories(tx);
  const instrument = await seedDemoInstrument(tx);
  const definition = instrument.definition;

  const directory = executedRows<DirectoryServiceRow>(
    await tx.execute(sql`
      SELECT s.id, s.name, s.type_code, s.accepts_referrals, s.mediation_languages, s.place_keys,
             o.id AS organization_id, o.name AS organization_name, o.member_organisation_id
      FROM directory_services s JOIN directory_organizations o ON o.id = s.organization_id
      WHERE o.demo AND s.status = 'active' AND s.type_code IN ('community-mental-health-centre', 'mediator-agency')
      ORDER BY s.name, s.id`),
  );
  const setups: RegionSetup[] = [];
  for (const plan of plans) setups.push(await setUpRegion(tx, plan, regionIds.get(plan.code)!, directory));

  // Ids come from one stream, so they never repeat; each resident draws from a stream of their own, so that the
  // content barely changes with the day of the seed (only arrivals' calendar months and weekends move things).
  const idStream = generator(20250806);
  const newId = () => idStream.uuid();
  const end = now.getTime();
  const start = end - SPAN_DAYS * DAY;
  const timeOf = (ms: number) => (ms - start) / (end - start);
  const rows = {
    residents: [] as ResidentRow[],
    consents: [] as ConsentRow[],
    screenings: [] as ScreeningRow[],
    referrals: [] as ReferralRow[],
    events: [] as EventRow[],
    mediators: [] as MediatorRow[],
    agencies: [] as AgencyRow[],
  };
  /** A request sent to the region's agency; booked ones name the mediator (a first name or the agency's code). */
  const addMediatorRequest = (
    r: Random,
    s: RegionSetup,
    m: { id: string; referralId: string | null; requestingOrganisationId: string; language: string; startsAt: number; place: string; status: MediatorRequestStatus; bookedAt: number | null; declinedAt: number | null; createdAt: number },
  ) => {
    const names = MEDIATORS[m.language.split('-')[0]!] ?? MEDIATORS.en!;
    rows.mediators.push({
      id: m.id,
      referralId: m.referralId,
      requestingOrganisationId: m.requestingOrganisationId,
      regionId: s.regionId,
      language: m.language,
      startsAt: new Date(m.startsAt),
      durationMinutes: r.pick([60, 60, 90, 120]),
      place: m.place,
      status: m.status,
      bookedOrganisationId: m.bookedAt !== null ? s.agencyId : null,
      mediatorName: m.bookedAt !== null ? (r.chance(0.7) ? r.pick(names) : `MED-${String(r.int(1, 80)).padStart(3, '0')}`) : null,
      bookedAt: m.bookedAt !== null ? new Date(m.bookedAt) : null,
      createdAt: new Date(m.createdAt),
    });
    rows.agencies.push({ requestId: m.id, organisationId: s.agencyId!, serviceId: s.agencyServiceFor(m.language), declinedAt: m.declinedAt !== null ? new Date(m.declinedAt) : null });
  };
  const languages = definition.languages;
  const baseLanguage = languages.includes('it') ? 'it' : (definition.baseLanguage ?? languages[0] ?? 'en');

  for (const s of setups) {
    const { plan } = s;
    const regionIndex = REGIONS.indexOf(plan);
    const regional = generator(Math.imul(regionIndex + 1, 0x85ebca6b) ^ 20250806);
    // Arrivals over the two years, more in the summer months (crossings by sea).
    const arrivals: number[] = [];
    while (arrivals.length < plan.residents) {
      const at = start + regional.between(0, SPAN_DAYS - 2) * DAY;
      const month = new Date(at).getUTCMonth();
      if (regional.next() < (1 + 0.4 * Math.cos((2 * Math.PI * (month - 7)) / 12)) / 1.4) arrivals.push(at);
    }
    arrivals.sort((a, b) => a - b);
    const sequence = new Map<number, number>();
    const origins = ORIGINS.map((o) => [o, o.weight * (plan.leanings[o.code] ?? 1)] as [Origin, number]);

    for (const [index, arrival] of arrivals.entries()) {
      const r = generator(Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(regionIndex + 1, 0x85ebca6b) ^ 20250806);
      const id = newId();
      const origin = r.weighted(origins);
      const spoken = r.weighted(origin.languages);
      const year = new Date(arrival).getUTCFullYear();
      const n = (sequence.get(year) ?? 0) + r.int(1, 3);
      sequence.set(year, n);
      const female = r.chance(origin.women);
      const gender: ResidentGender = r.chance(0.02) ? r.weighted<ResidentGender>([['undisclosed', 3], ['other', 1]]) : female ? 'female' : 'male';
      const age = r.weighted<[number, number]>([
        [[15, 17], 7],
        [[18, 25], 45],
        [[26, 35], 32],
        [[36, 45], 12],
        [[46, 62], 4],
      ]);
      const ageAtArrival = r.int(age[0], age[1]);
      const minor = ageAtArrival < 18;
      const vulnerabilities: string[] = [];
      if (minor) vulnerabilities.push(r.chance(0.8) ? 'unaccompanied-minor' : 'minor');
      if (r.chance(['ER', 'SD', 'SO'].includes(origin.code) ? 0.22 : 0.1)) vulnerabilities.push('torture-violence');
      if (female && r.chance(origin.code === 'NG' ? 0.4 : origin.code === 'CI' ? 0.15 : 0.04)) vulnerabilities.push('trafficking');
      if (female && r.chance(['SO', 'ER', 'SD', 'GN', 'ML'].includes(origin.code) ? 0.35 : 0)) vulnerabilities.push('fgm');
      if (female && !minor && r.chance(0.1)) vulnerabilities.push('pregnant');
      if (female && !minor && r.chance(0.12)) vulnerabilities.push('single-parent');
      if (r.chance(0.04)) vulnerabilities.push('serious-illness');
      if (r.chance(0.02)) vulnerabilities.push('disability');
      if (ageAtArrival >= 60) vulnerabilities.push('elderly');
      const firstLanguage = spoken[0]!;
      const mediatorNeeded = ['en', 'fr'].includes(firstLanguage) ? r.chance(0.35) : r.chance(0.92);
      // Minors go mostly to the SAI projects; adults mostly to the CAS.
      const sai = s.centres.filter((c) => c.typeCode === 'integration-project');
      const cas = s.centres.filter((c) => c.typeCode !== 'integration-project');
      const centre = (minor ? r.chance(0.8) : r.chance(0.35)) && sai.length ? r.pick(sai) : r.pick(cas.length ? cas : s.centres);
      // About a third of the cases leave the centre within two years (a decision, a transfer, a move).
      const leavesAt = r.chance(0.32) ? arrival + r.int(180, 640) * DAY : Infinity;
      const left = leavesAt < end ? leavesAt : null;
      const recordedAt = Math.min(workingTime(r, arrival + r.int(0, 2) * DAY), end - HOUR);
      const name = r.chance(0.3) ? `${r.pick(female ? origin.womenNames : origin.men)} ${r.pick([...INITIALS])}.` : null;
      const resident: ResidentRow = {
        id,
        organisationId: centre.id,
        caseCode: `${plan.prefix}-${year}-${String(n).padStart(4, '0')}`,
        birthYear: year - ageAtArrival - (r.chance(0.5) ? 1 : 0),
        gender,
        countryOfOrigin: origin.code,
        languages: spoken,
        mediatorNeeded,
        arrivalDate: dayOf(arrival),
        vulnerabilities: sealVulnerabilities(cipher, id, vulnerabilities),
        nameSealed: name ? cipher.seal(name, placeOf('care_residents', 'name_sealed', id)) : null,
        status: left ? 'closed' : 'open',
        closedOn: left ? dayOf(left) : null,
        createdAt: new Date(recordedAt),
        updatedAt: new Date(left ?? recordedAt),
      };
      rows.residents.push(resident);
      const until = Math.min(end, leavesAt);
      const consentLanguage = firstLanguage;
      const withMediator = () => mediatorNeeded && r.chance(0.85);

      // Screening consent, asked some days after arrival: most agree.
      const t0 = timeOf(arrival);
      const firstScreening = workingTime(r, Math.max(recordedAt + DAY, arrival + Math.max(3, lerp(40, 16, t0) * Math.exp(0.4 * r.normal())) * DAY));
      let screeningConsent: ConsentRow | null = null;
      if (r.chance(lerp(0.82, 0.95, t0))) {
        const given = Math.max(recordedAt + HOUR, firstScreening - r.int(0, 7) * DAY - HOUR);
        if (given < until) {
          screeningConsent = { id: newId(), residentId: id, purpose: 'screening', givenOn: dayOf(given), language: consentLanguage, mediatorPresent: withMediator(), recordedAt: new Date(given) };
          rows.consents.push(screeningConsent);
        }
      }
      if (r.chance(0.08)) {
        const given = recordedAt + r.int(1, 30) * DAY;
        if (given < until) rows.consents.push({ id: newId(), residentId: id, purpose: 'retention', givenOn: dayOf(given), language: consentLanguage, mediatorPresent: withMediator(), recordedAt: new Date(given) });
      }

      // The sharing consents given so far, one per receiving organisation.
      const sharing = new Map<string, ConsentRow>();
      /** When the resident's last referral closed (Infinity while one is open): a new one waits for it. */
      let freeFrom = 0;
      let lastOutcome: string | null = null;
      const distress = 5.1 + (vulnerabilities.includes('torture-violence') ? 4 : 0) + (vulnerabilities.includes('trafficking') ? 3 : 0) + (vulnerabilities.includes('serious-illness') ? 2 : 0) + (female ? 0.8 : 0);

      const refer = (at: number, urgency: Urgency, screening: ScreeningRow | null, reason: string, previousServiceId: string | null = null): void => {
        const lead = urgency === 'routine' ? workingTime(r, at + r.int(1, 6) * DAY) : urgency === 'urgent' ? workingTime(r, at + r.int(0, 1) * DAY) : at + r.int(10, 180) * MINUTE;
        const requestedAt = Math.max(lead, at + r.int(30, 90) * MINUTE);
        if (requestedAt >= until) return;
        const choices = s.services.filter((x) => x.id !== previousServiceId);
        const service = r.weighted((choices.length ? choices : s.services).map((x) => [x, x.weight] as [typeof x, number]));
        const referralId = newId();
        // Some emergencies go before the resident could consent: more often a crisis than a screening's result.
        const override = urgency === 'emergency' && !sharing.has(service.toOrganisationId) && r.chance(screening ? 0.3 : 0.7);
        // The language a mediator can be found in: the first the resident speaks that the agency offers.
        const mediatorLanguage = mediatorNeeded ? canonical(spoken.find((l) => s.agencyServiceFor(canonical(l))) ?? firstLanguage) : null;
        const mediation = !!(mediatorLanguage && s.agencyId && s.agencyServiceFor(mediatorLanguage));
        const { path, mediators } = planReferral(r, { plan, t: timeOf(requestedAt), urgency, requestedAt, notBefore: at, override, mediation, needsMediator: mediatorNeeded, now: end });

        // Cut at the seed, or where the resident left: an open referral is then cancelled or failed.
        let events = path.events.filter((e) => e.at <= until);
        let state = stateAfter(events);
        if (state.requestedAt === null) return;
        if (left && !CLOSED.includes(state.status)) {
          const at = Math.min(end, Math.max(left, events[events.length - 1]!.at + MINUTE));
          const sender = state.status !== 'in-progress';
          events = [...events, { at, from: state.status, to: sender ? 'cancelled' : 'failed', step: sender ? 'cancelled' : 'failed', side: sender ? 'sender' : 'receiver', reason: 'resident-moved' }];
          state = stateAfter(events);
        }
        const created = events[0]!.at;

        let consentId: string | null = null;
        if (!override) {
          let consent = sharing.get(service.toOrganisationId);
          if (!consent) {
            const given = created - r.int(1, 4) * MINUTE;
            consent = { id: newId(), residentId: id, purpose: 'sharing', recipientOrganisationId: service.toOrganisationId, givenOn: dayOf(given), language: consentLanguage, mediatorPresent: withMediator(), recordedAt: new Date(given) };
            sharing.set(service.toOrganisationId, consent);
            rows.consents.push(consent);
          }
          consentId = consent.id;
        }
        const targetHours = s.targets[urgency];
        rows.referrals.push({
          id: referralId,
          residentId: id,
          fromOrganisationId: centre.id,
          regionId: s.regionId,
          serviceId: service.id,
          serviceName: service.name,
          toOrganisationId: service.toOrganisationId,
          urgency,
          targetHours,
          reasonSealed: cipher.seal(reason, placeOf('care_referrals', 'reason_sealed', referralId)),
          screeningId: screening?.id ?? null,
          mediatorLanguage,
          consentId,
          overrideReasonSealed: override ? cipher.seal(r.pick(OVERRIDE_REASONS), placeOf('care_referrals', 'override_reason_sealed', referralId)) : null,
          status: state.status,
          statusReason: state.statusReason,
          outcome: state.outcome,
          appointmentAt: state.appointmentAt === null ? null : new Date(state.appointmentAt),
          appointmentStatus: state.appointmentStatus,
          requestedAt: new Date(state.requestedAt!),
          dueAt: new Date(state.requestedAt! + targetHours * HOUR),
          acceptedAt: state.acceptedAt === null ? null : new Date(state.acceptedAt),
          firstAppointmentAt: state.firstAppointmentAt === null ? null : new Date(state.firstAppointmentAt),
          firstAppointmentMissed: state.firstAppointmentMissed,
          closedAt: state.closedAt === null ? null : new Date(state.closedAt),
          createdAt: new Date(created),
          updatedAt: new Date(events[events.length - 1]!.at),
        });
        for (const e of events) {
          rows.events.push({
            referralId,
            at: new Date(e.at),
            actorId: null,
            organisationId: e.side === 'sender' ? centre.id : service.toOrganisationId,
            fromStatus: e.from,
            toStatus: e.to,
            step: e.step,
            reason: e.reason ?? null,
            appointmentAt: e.appointmentAt ? new Date(e.appointmentAt) : null,
            note: e.note ?? null,
          });
        }

        // Mediator requests made before the cut, to the region's agency; those whose referral closed first were cancelled.
        for (const m of mediators) {
          if (m.createdAt > Math.min(until, end) || !mediatorLanguage || !s.agencyId) continue;
          const requestId = newId();
          // A referral closed before the appointment takes its request (open or booked) with it.
          const closedBefore = state.closedAt !== null && state.closedAt < m.startsAt;
          const closing = closedBefore ? state.closedAt! : Infinity;
          const booked = m.bookedAt !== null && m.bookedAt <= end && m.bookedAt < closing;
          const declined = !booked && m.declinedAt !== null && m.declinedAt <= end && m.declinedAt < closing;
          const status: MediatorRequestStatus = declined ? 'unfilled' : closedBefore ? 'cancelled' : booked ? 'booked' : m.startsAt <= end ? 'unfilled' : 'open';
          addMediatorRequest(r, s, { id: requestId, referralId, requestingOrganisationId: m.requester === 'sender' ? centre.id : service.toOrganisationId, language: mediatorLanguage, startsAt: m.startsAt, place: service.name, status, bookedAt: booked ? m.bookedAt : null, declinedAt: !booked && declined ? m.declinedAt : null, createdAt: m.createdAt });
        }

        freeFrom = state.closedAt ?? Infinity;
        lastOutcome = state.status === 'completed' ? state.outcome : state.status;
        // Declined for the catchment area or missing details: the centre tries again, with another service.
        if (state.status === 'rejected' && ['outside-catchment-area', 'incomplete-information', 'capacity'].includes(state.statusReason ?? '') && r.chance(0.6)) {
          refer(state.closedAt! + r.int(1, 7) * DAY, urgency, screening, reason, service.id);
        }
      };

      const screen = (at: number, mean: number): ScreeningRow | null => {
        if (!screeningConsent || at >= until - 2 * HOUR) return null;
        const screeningId = newId();
        // In the resident's language when the instrument has it; else read in Italian (or English) with a mediator.
        const own = spoken.find((l) => languages.includes(l));
        let language: string;
        let mode: ScreeningMode;
        let mediatorLanguage: string | null = null;
        if (own === firstLanguage) {
          language = own;
          mode = minor ? r.weighted<ScreeningMode>([['operator', 1], ['operator-with-mediator', 1]]) : r.weighted<ScreeningMode>([['self', 3], ['operator', 3], ['operator-with-mediator', mediatorNeeded ? 4 : 1]]);
        } else if (own && !mediatorNeeded) {
          language = own;
          mode = r.weighted<ScreeningMode>([['self', 1], ['operator', 2]]);
        } else {
          language = own && r.chance(0.3) ? own : baseLanguage;
          mode = r.chance(0.9) ? 'operator-with-mediator' : 'operator';
        }
        if (mode === 'operator-with-mediator') mediatorLanguage = canonical(firstLanguage);
        const completedAt = at;
        const startedAt = at - r.int(12, 45) * MINUTE;
        // A few screenings of the last days are still being filled in.
        if (!left && end - completedAt < 4 * DAY && r.chance(0.3)) {
          const answers = answersFor(r, definition, Math.max(0, Math.round(mean + 4.5 * r.normal())), vulnerabilities.includes('torture-violence'));
          const partial = Object.fromEntries(Object.entries(answers).slice(0, r.int(1, 4)));
          rows.screenings.push({ id: screeningId, residentId: id, organisationId: centre.id, instrumentId: instrument.id, language, mode, mediatorLanguage, answers: sealAnswers(cipher, screeningId, partial), status: 'in-progress', startedAt: new Date(startedAt) });
          return null;
        }
        const target = Math.max(0, Math.round(mean + 4.5 * r.normal()));
        const answers = answersFor(r, definition, target, vulnerabilities.includes('torture-violence'));
        const scored = scoreAnswers(definition, answers);
        const row: ScreeningRow = {
          id: screeningId,
          residentId: id,
          organisationId: centre.id,
          instrumentId: instrument.id,
          language,
          mode,
          mediatorLanguage,
          answers: sealAnswers(cipher, screeningId, answers),
          status: 'completed',
          score: scored.score,
          band: scored.band?.code ?? null,
          aboveCutoff: scored.aboveCutoff,
          startedAt: new Date(startedAt),
          completedAt: new Date(completedAt),
        };
        rows.screenings.push(row);
        return row;
      };

      const urgencyFor = (band: string | null | undefined): Urgency =>
        band === 'high' ? r.weighted<Urgency>([['routine', 35], ['urgent', 55], ['emergency', 10]]) : r.weighted<Urgency>([['routine', 66], ['urgent', 30], ['emergency', 4]]);
      const afterScreening = (row: ScreeningRow | null, followUp: boolean) => {
        if (!row?.completedAt || row.completedAt.getTime() < freeFrom) return;
        const at = row.completedAt.getTime();
        if (row.aboveCutoff) {
          // Already taken in charge: the follow-up screening goes to the service that has them.
          if (followUp && lastOutcome === 'taken-in-charge' && r.chance(0.8)) return;
          if (r.chance(0.92)) {
            const urgency = urgencyFor(row.band);
            refer(at, urgency, row, r.pick(urgency === 'routine' ? REASONS.routine : urgency === 'urgent' ? REASONS.urgent : REASONS.emergency));
          }
        } else if (r.chance(followUp ? 0.1 : 0.2)) {
          refer(at, r.chance(0.82) ? 'routine' : 'urgent', row, r.pick(REASONS.concern));
        }
      };

      // A crisis before any screening (or without one): referred straight away.
      if (r.chance(0.08)) {
        const at = Math.max(recordedAt + DAY, arrival + r.int(5, 120) * DAY);
        const urgency = r.weighted<Urgency>([['routine', 35], ['urgent', 40], ['emergency', 25]]);
        if (!screeningConsent || at < firstScreening) {
          refer(urgency === 'emergency' ? at : workingTime(r, at), urgency, null, r.pick(urgency === 'routine' ? REASONS.concern : urgency === 'urgent' ? REASONS.urgent : REASONS.emergency));
        }
      }
      // A screening planned after the seed, with a mediator asked for it: what agencies find waiting in their inbox.
      const mediatorTag = canonical(firstLanguage);
      if (firstScreening > end && !left && mediatorNeeded && s.agencyId && s.agencyServiceFor(mediatorTag) && r.chance(0.95)) {
        const createdAt = Math.max(recordedAt + 10 * MINUTE, firstScreening - r.int(2, 12) * DAY);
        const bookedAt = r.chance(0.3) ? createdAt + r.int(1, 48) * HOUR : firstScreening - r.int(1, 2) * DAY;
        if (createdAt < end) {
          const booked = bookedAt <= end && bookedAt > createdAt;
          addMediatorRequest(r, s, { id: newId(), referralId: null, requestingOrganisationId: centre.id, language: mediatorTag, startsAt: firstScreening, place: centre.name, status: booked ? 'booked' : 'open', bookedAt: booked ? bookedAt : null, declinedAt: null, createdAt });
        }
      }
      const first = screen(firstScreening, distress);
      afterScreening(first, false);
      // A follow-up screening some months later: lower for those taken in charge.
      let second: ScreeningRow | null = null;
      if (first && r.chance(0.58)) {
        const mean = lastOutcome === 'taken-in-charge' ? distress - 4.5 : (first.score ?? distress) * 0.7 + distress * 0.3;
        second = screen(workingTime(r, firstScreening + r.int(90, 240) * DAY), mean);
        afterScreening(second, true);
      }

      // A few withdraw a consent: screening after the last screening, sharing once their referrals are closed.
      const lastScreening = (second ?? first)?.completedAt?.getTime();
      if (screeningConsent && lastScreening && r.chance(0.025)) {
        const at = workingTime(r, lastScreening + r.int(10, 100) * DAY);
        if (at < until) Object.assign(screeningConsent, { withdrawnAt: new Date(at), withdrawalChannel: r.pick<WithdrawalChannel>(['in-person', 'through-mediator', 'written']) });
      }
      if (freeFrom !== Infinity && freeFrom > 0 && r.chance(0.05)) {
        const at = workingTime(r, freeFrom + r.int(10, 60) * DAY);
        const consent = [...sharing.values()][0];
        if (consent && at < until) Object.assign(consent, { withdrawnAt: new Date(at), withdrawalChannel: r.pick<WithdrawalChannel>(['in-person', 'through-mediator', 'phone']) });
      }
    }
  }

  // Event ids are taken first, so that each note can be sealed to its row.
  const ids = executedRows<{ id: string }>(await tx.execute(sql`SELECT nextval(pg_get_serial_sequence('care_referral_events', 'id'))::text AS id FROM generate_series(1, ${rows.events.length}::int)`))
    .map((x) => Number(x.id))
    .sort((a, b) => a - b);
  const events = rows.events.map((e, i) => {
    const { note, ...rest } = e;
    return { ...rest, id: ids[i]!, noteSealed: note ? cipher.seal(note, placeOf('care_referral_events', 'note_sealed', String(ids[i]))) : null };
  });

  await insertAll(tx, residents, rows.residents);
  await insertAll(tx, consents, rows.consents);
  await insertAll(tx, screenings, rows.screenings);
  await insertAll(tx, referrals, rows.referrals);
  await insertAll(tx, referralEvents, events);
  await insertAll(tx, mediatorRequests, rows.mediators);
  await insertAll(tx, mediatorRequestAgencies, rows.agencies);
  return true;
}

