/**
 * The directory of services at scale: 50,000 services on PostgreSQL, searched over HTTP.
 *
 *   npm run bench:directory       (PostgreSQL at 127.0.0.1:5432, user postgres, trust authentication)
 *
 * It creates its own database (and drops it), seeds the demo content (service types, needs, the four regions and
 * the demo directory), then generates in bulk with SQL: BENCH_SERVICES services (50,000) in the ten service types
 * with needs that fit the type, mediation and staff languages, referral rules, waiting times, statuses and
 * verification dates; about one organisation per six services (a public health authority per municipality, and
 * third-sector organisations from one service to hundreds); a place for each service (and a second for a share of
 * the mediation agencies) in 120 municipalities of Lazio, Lombardia, Campania and Sicilia, the big cities more
 * often; weekly opening hours and a phone. Then it ANALYZEs, times each search in-process (searchServices, one at
 * a time) and starts a real Ponte server (`ponte start`, one process, production settings, request logs on) to
 * measure, with autocannon:
 *
 *   (a) GET /directory, the public search page, with a mix of query strings (free text, need, language, region,
 *       city, type, open now, accepting referrals, pages deep in the list, and combinations such as an operator's
 *       type=community-mental-health-centre&lang=ti&region=IT-82); each connection goes through the mix from its
 *       own starting point. The page cache would answer anonymous visitors from memory for a minute, so every
 *       request carries a signed-in session (an operator's, as in real use): the cache lets signed-in visitors
 *       through (page-cache.ts), so each request runs its search and renders the page.
 *   (b) GET /api/hsds/services?per_page=50&search=…, the HSDS API (never cached), anonymous, with rotating words
 *       and filters.
 *
 * Target: p95 < 30 ms, the time one search takes: BENCH_CONNECTIONS (1) connection by default, since with more
 * connections than the machine has cores, p95 measures the queue rather than the search. Reference in the same run, in alternating slices:
 * GET /healthz with the same cookies (the per-request floor: session lookup, CSRF cookie, log line, headers).
 * After the load, each query string is requested BENCH_RUNS times (20) one at a time, to show which is slow.
 *
 * Environment: BENCH_PG (server URL, default postgres://postgres@127.0.0.1:5432/postgres), BENCH_SERVICES (50000),
 * BENCH_SECONDS (10 per scenario), BENCH_CONNECTIONS (1), BENCH_RUNS (20), BENCH_EXPLAIN (1: print the
 * EXPLAIN (ANALYZE, BUFFERS) plans of the slowest search), BENCH_KEEP (1: keep the database afterwards; drop it
 * by hand).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import pino from 'pino';
import { alternating, createBenchDatabase, describeMachine, freePort, ms, peakRssMiB, percentile, root, secondsSince, sh, startPonte, stopPonte, waitFor } from './lib.js';
import { seedDemo } from '../src/demo.js';
import { searchServices, type DirectoryFilters } from '../src/modules/directory/service.js';
import { randomToken, sha256 } from '../src/platform/auth/crypto.js';
import { createPlatform, shutdown } from '../src/platform/boot.js';
import { loadConfig } from '../src/platform/config.js';
import type { Db } from '../src/platform/db/index.js';
import { COOKIE_NAMES } from '../src/platform/http/app.js';
import * as schema from '../src/schema.js';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 50_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const WARMUP_SECONDS = 2;
const SLICES = 5;
const TARGET_P95_MS = 30;
/** The page size of GET /directory (routes.ts). */
const PAGE_SIZE = 20;


/** The searches of GET /directory: what people type and pick, alone and together. */
const SEARCHES = [
  '',
  'q=salute+mentale',
  'q=traumi',
  'q=Palermo',
  'q=tortura',
  'need=trauma-care',
  'need=psychiatric-assessment&region=IT-25',
  'lang=ti',
  'lang=ar&region=IT-72',
  'type=community-mental-health-centre&lang=ti&region=IT-82',
  'type=community-mental-health-centre&lang=ti&region=IT-82&open=1',
  'region=IT-62&city=Roma',
  'city=Catania&need=psychological-support',
  'type=legal-aid&region=IT-62',
  'open=1',
  'referrals=1&need=torture-survivors',
  'need=cultural-mediation&lang=so&referrals=1&open=1',
  'lang=man&region=IT-62',
  'region=IT-25&page=5',
  'page=50',
  'q=consultorio&region=IT-72&page=2',
  'type=mediator-agency&lang=ti',
];

/** GET /api/hsds/services: words and filters an integrating system sends, 50 services a page. */
const HSDS = [
  'per_page=50',
  'per_page=50&search=traumi',
  'per_page=50&search=salute%20mentale',
  'per_page=50&search=Palermo',
  'per_page=50&search=mediazione',
  'per_page=50&search=tortura',
  'per_page=50&search=consultorio',
  'per_page=50&search=dipendenze',
  'per_page=50&search=legale&region=IT-62',
  'per_page=50&search=salute%20mentale&region=IT-82&language=ti',
  'per_page=50&search=bambini&page=3',
  'per_page=50&page=20',
];

/** The filters searchServices gets for a query string, as routes.ts builds them. */
function filtersOf(query: string, regionIds: Map<string, string>): { filters: DirectoryFilters; page: number } {
  const q = new URLSearchParams(query);
  const filters: DirectoryFilters = {
    q: q.get('q') ?? undefined,
    need: q.get('need') ?? undefined,
    typeCode: q.get('type') ?? undefined,
    language: q.get('lang') ?? undefined,
    regionId: q.get('region') ? regionIds.get(q.get('region')!) : undefined,
    city: q.get('city') ?? undefined,
    openAt: q.get('open') === '1' ? new Date() : undefined,
    acceptsReferrals: q.get('referrals') === '1' || undefined,
  };
  return { filters, page: Number(q.get('page') ?? 1) };
}

/** The demo content, through the platform's own code (types, needs, regions and the demo directory). */
async function seedContent(databaseUrl: string, dataDir: string, secret: string) {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, SECRET_KEY: secret, LOG_LEVEL: 'warn' });
  const p = await createPlatform(config, { log: pino({ level: 'warn' }) });
  try {
    await seedDemo(p);
  } finally {
    await shutdown(p);
  }
}

/** 120 municipalities, 30 a region, roughly from the largest; the weight falls with the rank (a Zipf-like spread). */
const MUNICIPALITIES: Record<string, string[]> = {
  'IT-62': ['Roma', 'Latina', 'Guidonia Montecelio', 'Fiumicino', 'Aprilia', 'Viterbo', 'Pomezia', 'Tivoli', 'Velletri', 'Anzio', 'Civitavecchia', 'Frosinone', 'Nettuno', 'Ladispoli', 'Rieti', 'Cisterna di Latina', 'Terracina', 'Fondi', 'Formia', 'Cassino', 'Monterotondo', 'Cerveteri', 'Ciampino', 'Marino', 'Albano Laziale', 'Sora', 'Alatri', 'Frascati', 'Colleferro', 'Tarquinia'],
  'IT-25': ['Milano', 'Brescia', 'Monza', 'Bergamo', 'Como', 'Busto Arsizio', 'Sesto San Giovanni', 'Varese', 'Cinisello Balsamo', 'Cremona', 'Vigevano', 'Pavia', 'Legnano', 'Gallarate', 'Rho', 'Mantova', 'Lecco', 'Cologno Monzese', 'Lodi', 'Seregno', 'Desio', 'Lissone', 'Crema', 'Voghera', 'Treviglio', 'Saronno', 'Abbiategrasso', 'Cantù', 'Rozzano', 'Sondrio'],
  'IT-72': ['Napoli', 'Salerno', 'Giugliano in Campania', 'Torre del Greco', 'Pozzuoli', 'Casoria', 'Caserta', 'Castellammare di Stabia', 'Afragola', 'Benevento', 'Avellino', 'Acerra', 'Marano di Napoli', 'Portici', 'Ercolano', 'Cava de’ Tirreni', 'Aversa', 'Battipaglia', 'Scafati', 'Nocera Inferiore', 'Castel Volturno', 'Eboli', 'Pomigliano d’Arco', 'Marcianise', 'Torre Annunziata', 'Pagani', 'Sarno', 'Mondragone', 'Ariano Irpino', 'Agropoli'],
  'IT-82': ['Palermo', 'Catania', 'Messina', 'Siracusa', 'Marsala', 'Gela', 'Ragusa', 'Trapani', 'Vittoria', 'Caltanissetta', 'Agrigento', 'Bagheria', 'Modica', 'Acireale', 'Mazara del Vallo', 'Paternò', 'Misterbianco', 'Alcamo', 'Sciacca', 'Licata', 'Caltagirone', 'Canicattì', 'Augusta', 'Adrano', 'Avola', 'Termini Imerese', 'Milazzo', 'Enna', 'Pozzallo', 'Lampedusa e Linosa'],
};
/** Share of the services in each region. */
const REGION_SHARE: Record<string, number> = { 'IT-62': 0.28, 'IT-25': 0.3, 'IT-72': 0.22, 'IT-82': 0.2 };

/**
 * Service types: share of the services, needs always and sometimes offered (with the chance of each extra), the
 * average number of mediation languages, the chance of accepting referrals, waiting days, whether a public
 * health authority runs it, a name, short descriptions, and weekly hours (patterns: byday, opens, closes).
 */
const TYPES = [
  { code: 'community-mental-health-centre', share: 16, base: ['psychiatric-assessment', 'psychological-support'], extra: ['psychotherapy', 'trauma-care', 'torture-survivors', 'cultural-mediation', 'social-support'], extraP: 0.4, languages: 2, referrals: 0.95, waiting: [5, 40], public: 1, name: 'CSM', descriptions: ['Presa in carico di adulti con disturbi psichici: visite psichiatriche, colloqui psicologici, psicoterapia, interventi a domicilio.', 'Servizio territoriale di salute mentale per adulti, in rete con medici di base, servizi sociali e centri di accoglienza.', 'Valutazione e progetti di cura per adulti con sofferenza psichica, anche per persone richiedenti asilo.'], hours: [[['MO', 'TU', 'WE', 'TH', 'FR'], '08:00', '20:00']] },
  { code: 'child-mental-health-service', share: 7, base: ['child-mental-health', 'psychological-support'], extra: ['psychiatric-assessment', 'trauma-care', 'psychotherapy', 'cultural-mediation'], extraP: 0.4, languages: 1, referrals: 0.85, waiting: [15, 90], public: 1, name: 'Neuropsichiatria infantile', descriptions: ['Valutazione e cura dei disturbi neurologici e psichici dei bambini e dei ragazzi, sostegno ai genitori.', 'Servizio per minori fino a 17 anni: psicoterapia, sostegno alla famiglia e alla scuola, minori non accompagnati.'], hours: [[['MO', 'TU', 'WE', 'TH', 'FR'], '08:30', '14:00'], [['TU', 'TH'], '14:30', '17:30']] },
  { code: 'addiction-service', share: 9, base: ['addiction-treatment'], extra: ['psychological-support', 'social-support', 'psychiatric-assessment', 'cultural-mediation'], extraP: 0.5, languages: 1, referrals: 0.9, waiting: [1, 10], public: 1, name: 'SerD', descriptions: ['Cura delle dipendenze da sostanze, alcol e gioco: visite, terapie, colloqui e sostegno sociale.', 'Prevenzione, diagnosi e trattamento delle dipendenze, con programmi per giovani adulti e persone senza dimora.'], hours: [[['MO', 'TU', 'WE', 'TH', 'FR', 'SA'], '08:00', '13:00'], [['MO', 'WE'], '14:00', '17:00']] },
  { code: 'acute-psychiatric-ward', share: 5, base: ['psychiatric-emergency', 'psychiatric-assessment'], extra: ['cultural-mediation'], extraP: 0.2, languages: 0.5, referrals: 0, waiting: null, public: 1, name: 'SPDC', descriptions: ['Reparto ospedaliero per ricoveri psichiatrici in urgenza, collegato al pronto soccorso.'], hours: [[['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], '00:00', '23:59']] },
  { code: 'migrant-specialised-service', share: 8, base: ['trauma-care', 'cultural-mediation'], extra: ['torture-survivors', 'psychotherapy', 'psychiatric-assessment', 'medico-legal-certification', 'psychological-support', 'social-support'], extraP: 0.6, languages: 7, referrals: 1, waiting: [10, 60], public: 0.5, name: 'Servizio salute migranti', descriptions: ['Équipe multidisciplinare con mediatori per persone migranti e rifugiate con sofferenza psichica legata a traumi.', 'Presa in carico di sopravvissuti a tortura e violenza grave, fino alla certificazione medico-legale.', 'Consulenze transculturali e psicoterapia con il mediatore per richiedenti asilo e rifugiati.'], hours: [[['MO', 'TU', 'WE', 'TH', 'FR'], '09:00', '17:00']] },
  { code: 'family-clinic', share: 13, base: ['perinatal-mental-health', 'psychological-support'], extra: ['social-support', 'cultural-mediation', 'child-mental-health', 'primary-care'], extraP: 0.35, languages: 1.5, referrals: 0.8, waiting: [3, 20], public: 1, name: 'Consultorio familiare', descriptions: ['Gravidanza e puerperio, sostegno psicologico alla coppia e alla famiglia, spazio giovani.', 'Percorso nascita, sostegno alle madri, colloqui psicologici e sociali; attenzione alle donne migranti.'], hours: [[['MO', 'TU', 'WE', 'TH', 'FR'], '08:30', '13:30'], [['TU', 'TH'], '14:00', '17:00']] },
  { code: 'general-practitioner', share: 13, base: ['primary-care'], extra: ['psychological-support', 'social-support'], extraP: 0.1, languages: 0.3, referrals: 0.3, waiting: [1, 5], public: 0, name: 'Medicina di gruppo', descriptions: ['Medici di famiglia associati: visite in studio e a domicilio, ricette, certificati.', 'Cure primarie per persone straniere senza iscrizione al SSN (tessera STP o ENI).'], hours: [[['MO', 'WE', 'FR'], '09:00', '12:30'], [['TU', 'TH'], '15:00', '19:00']] },
  { code: 'ngo-psychosocial-support', share: 13, base: ['psychological-support', 'social-support'], extra: ['trauma-care', 'cultural-mediation', 'psychotherapy', 'torture-survivors', 'perinatal-mental-health'], extraP: 0.35, languages: 4, referrals: 0.9, waiting: [2, 21], public: 0, name: 'Sportello di ascolto', descriptions: ['Ascolto, colloqui psicologici e gruppi di sostegno per persone rifugiate e richiedenti asilo.', 'Sostegno psicosociale per donne e famiglie migranti; orientamento ai servizi del territorio.', 'Psychosocial support and peer groups for people living in reception centres.'], hours: [[['MO', 'TU', 'WE', 'TH', 'FR'], '09:30', '13:00'], [['MO', 'WE'], '14:30', '18:00']] },
  { code: 'legal-aid', share: 8, base: ['legal-advice'], extra: ['social-support', 'cultural-mediation'], extraP: 0.35, languages: 2, referrals: 0.85, waiting: [3, 15], public: 0, name: 'Sportello legale', descriptions: ['Consulenza su protezione internazionale, ricorsi e permessi di soggiorno; preparazione all’audizione.', 'Orientamento legale su asilo, ricongiungimento familiare e diritti sul lavoro.', 'Legal advice on the asylum procedure, appeals and residence permits.'], hours: [[['MO', 'WE'], '15:00', '18:00'], [['TU', 'TH'], '09:30', '12:30']] },
  { code: 'mediator-agency', share: 8, base: ['cultural-mediation'], extra: ['social-support'], extraP: 0.2, languages: 11, referrals: 1, waiting: [1, 5], public: 0, name: 'Mediazione linguistico-culturale', descriptions: ['Mediatori linguistico-culturali per visite e colloqui nei servizi sanitari e sociali.', 'Interpretariato e mediazione culturale su prenotazione per salute mentale, consultori e pronto soccorso.'], hours: [[['MO', 'TU', 'WE', 'TH', 'FR'], '09:00', '18:00']] },
] as const;

/** Mediation languages and how often they are offered, with Sicily's leaning towards the Horn of Africa and West Africa. */
const LANGUAGES: Record<string, number> = { ar: 10, en: 8, fr: 8, ti: 4, so: 3, am: 2, om: 1, fa: 3, prs: 2, ps: 3, ur: 4, bn: 5, pa: 3, ku: 2, tr: 1, uk: 4, ru: 2, sq: 2, ro: 2, wo: 3, ff: 2, bm: 2, man: 1, ha: 1, yo: 1, ig: 1, ak: 2, pcm: 3, es: 2, pt: 1, zh: 2 };
const SICILY_LEANING: Record<string, number> = { ti: 2.5, so: 2, wo: 1.6, man: 2, bm: 1.5 };

/** Services, organisations, places, hours and phones, in bulk (INSERT … SELECT over generate_series and a plan table). */
async function generate(client: pg.Client) {
  const step = async (label: string, text: string, params: unknown[] = []) => {
    const t = Date.now();
    const r = await client.query(text, params);
    console.log(`  ${label}: ${(r.rowCount ?? 0).toLocaleString('en')} rows, ${secondsSince(t)}`);
  };
  await client.query('SELECT setseed(0.2018)');

  // Municipalities with cumulative weights in [0, 1): a service falls in the one its random number lands in.
  const places: { region: string; city: string; k: number; w: number }[] = [];
  for (const [region, cities] of Object.entries(MUNICIPALITIES)) {
    const weights = cities.map((_, r) => 1 / (r + 1) ** 1.1);
    const sum = weights.reduce((a, b) => a + b, 0);
    cities.forEach((city, r) => places.push({ region, city, k: places.length, w: (REGION_SHARE[region]! * weights[r]!) / sum }));
  }
  let cum = 0;
  await client.query(`CREATE TEMP TABLE bench_places (k int PRIMARY KEY, region_code text, region_id uuid, city text, lo float8, hi float8, first_k int, n int)`);
  await client.query(
    `INSERT INTO bench_places SELECT p.k, p.region, r.id, p.city, p.lo, p.hi, min(p.k) OVER (PARTITION BY p.region), count(*) OVER (PARTITION BY p.region)
     FROM json_to_recordset($1::json) AS p(k int, region text, city text, lo float8, hi float8) JOIN regions r ON r.code = p.region AND r.country = 'IT'`,
    [JSON.stringify(places.map((p) => ({ k: p.k, region: p.region, city: p.city, lo: cum, hi: (cum += p.w) })))],
  );
  await client.query(`UPDATE bench_places SET hi = 1 WHERE k = $1`, [places.length - 1]);

  const totalShare = TYPES.reduce((s, t) => s + t.share, 0);
  cum = 0;
  await client.query(
    `CREATE TEMP TABLE bench_types AS SELECT * FROM json_to_recordset($1::json) AS t(k int, code text, lo float8, hi float8, base text[], extra text[], extra_p float8, languages float8, referrals float8, wait_lo int, wait_hi int, public float8, name text, descriptions text[])`,
    [
      JSON.stringify(
        TYPES.map((t, k) => ({
          k,
          code: t.code,
          lo: cum,
          hi: k === TYPES.length - 1 ? 1 : (cum += t.share / totalShare),
          base: t.base,
          extra: t.extra,
          extra_p: t.extraP,
          languages: t.languages,
          referrals: t.referrals,
          wait_lo: t.waiting?.[0] ?? null,
          wait_hi: t.waiting?.[1] ?? null,
          public: t.public,
          name: t.name,
          descriptions: t.descriptions,
        })),
      ),
    ],
  );
  await client.query(`CREATE TEMP TABLE bench_hours AS SELECT * FROM json_to_recordset($1::json) AS h(type_code text, byday text[], opens time, closes time)`, [
    JSON.stringify(TYPES.flatMap((t) => t.hours.map(([byday, opens, closes]) => ({ type_code: t.code, byday, opens, closes })))),
  ]);
  const languageTotal = Object.values(LANGUAGES).reduce((a, b) => a + b, 0);
  await client.query(`CREATE TEMP TABLE bench_languages AS SELECT * FROM json_to_recordset($1::json) AS l(code text, p float8, sicily float8)`, [
    JSON.stringify(Object.entries(LANGUAGES).map(([code, w]) => ({ code, p: w / languageTotal, sicily: SICILY_LEANING[code] ?? 1 }))),
  ]);

  // Per service: its type, its place, whether a public authority runs it, and the third-sector organisation that
  // does otherwise (power(random, 2) makes a few organisations large and most of them small).
  const thirdSector = Math.max(1, Math.round(SERVICES / 7));
  await step(
    'plan',
    `CREATE TEMP TABLE bench_plan AS
     SELECT i, md5('bench-service-' || i)::uuid AS id, md5('bench-location-' || i)::uuid AS location_id, t.k AS type_k, p.k AS place_k,
            x.public < t.public AS public,
            CASE WHEN x.public < t.public THEN md5('bench-authority-' || p.k)::uuid ELSE md5('bench-org-' || (1 + floor(power(x.org, 2) * $2))::int)::uuid END AS organization_id,
            x.second < 0.4 AND t.code = 'mediator-agency' AS second_place
     FROM generate_series(1, $1) AS i,
          LATERAL (SELECT random() + i * 0 AS rt, random() AS rp, random() AS public, random() AS org, random() AS second) AS x
          JOIN bench_types t ON x.rt >= t.lo AND x.rt < t.hi
          JOIN bench_places p ON x.rp >= p.lo AND x.rp < p.hi`,
    [SERVICES, thirdSector],
  );
  await client.query('CREATE INDEX ON bench_plan (i)');
  await client.query('ANALYZE bench_plan');

  await step(
    'organisations (public health authorities)',
    `INSERT INTO directory_organizations (id, name, alternate_name, description, email, legal_status, verification_email, verify_every_days)
     SELECT md5('bench-authority-' || p.k)::uuid, 'Azienda Sanitaria Bench ' || p.city, 'ASB ' || p.city, 'Azienda sanitaria pubblica generata per il benchmark.',
            'direzione.' || p.k || '@bench.example', 'Ente pubblico del SSN', 'verifiche.' || p.k || '@bench.example', 180
     FROM bench_places p WHERE EXISTS (SELECT 1 FROM bench_plan x WHERE x.place_k = p.k AND x.public)`,
  );
  await step(
    'organisations (third sector)',
    `INSERT INTO directory_organizations (id, name, description, email, legal_status, verification_email, verify_every_days)
     SELECT md5('bench-org-' || k)::uuid, (ARRAY['Associazione', 'Cooperativa sociale', 'Rete', 'Sportello', 'Studio medico associato', 'Fondazione'])[1 + k % 6] || ' Bench ' || k,
            'Organizzazione del terzo settore generata per il benchmark.', 'info.' || k || '@bench.example',
            (ARRAY['Associazione di promozione sociale', 'Cooperativa sociale', 'Organizzazione di volontariato'])[1 + k % 3],
            CASE WHEN k % 10 < 7 THEN 'verifiche.org' || k || '@bench.example' END, (ARRAY[180, 365, NULL])[1 + k % 3]
     FROM generate_series(1, $1) AS k WHERE EXISTS (SELECT 1 FROM bench_plan x WHERE x.organization_id = md5('bench-org-' || k)::uuid)`,
    [thirdSector],
  );
  const streets = `(ARRAY['Via Roma', 'Via Garibaldi', 'Via Mazzini', 'Corso Italia', 'Via dei Mille', 'Viale della Repubblica', 'Via Cavour', 'Via Verdi', 'Via Matteotti', 'Via Nazionale'])`;
  await step(
    'locations',
    `INSERT INTO directory_locations (id, organization_id, name, address, city, postal_code, region_id, country)
     SELECT x.location_id, x.organization_id, 'Sede ' || p.city || ' ' || x.i, ${streets}[1 + x.i % 10] || ' ' || (1 + x.i % 180), p.city, lpad((x.i % 99999)::text, 5, '0'), p.region_id, 'IT'
     FROM bench_plan x JOIN bench_places p ON p.k = x.place_k`,
  );
  await step(
    'second places (mediation agencies)',
    `INSERT INTO directory_locations (id, organization_id, name, address, city, postal_code, region_id, country)
     SELECT md5('bench-location-2-' || x.i)::uuid, x.organization_id, 'Recapito ' || q.city, ${streets}[1 + (x.i + 3) % 10] || ' ' || (1 + x.i % 97), q.city, '00000', q.region_id, 'IT'
     FROM bench_plan x JOIN bench_places p ON p.k = x.place_k JOIN bench_places q ON q.k = p.first_k + (x.i * 7 + 1) % p.n
     WHERE x.second_place AND q.k <> p.k`,
  );
  await step(
    'services',
    `INSERT INTO directory_services (id, organization_id, name, description, status, type_code, needs, staff_languages, mediation_languages, accepts_referrals,
                                     referral_method, waiting_days, catchment_area, eligibility, fees_description, last_verified_at)
     SELECT x.id, x.organization_id, t.name || ' ' || p.city || ' ' || x.i, t.descriptions[1 + x.i % cardinality(t.descriptions)],
            CASE WHEN r.status < 0.93 THEN 'active' WHEN r.status < 0.965 THEN 'temporarily closed' WHEN r.status < 0.99 THEN 'inactive' ELSE 'defunct' END,
            t.code,
            t.base || ARRAY(SELECT n FROM unnest(t.extra) AS n WHERE random() < t.extra_p + x.i * 0),
            ARRAY['it'] || CASE WHEN r.en < 0.7 THEN ARRAY['en'] ELSE '{}' END || CASE WHEN r.fr < 0.3 THEN ARRAY['fr'] ELSE '{}' END,
            ARRAY(SELECT l.code FROM bench_languages l WHERE random() < least(1, l.p * t.languages * CASE WHEN p.region_code = 'IT-82' THEN l.sicily ELSE 1 END) + x.i * 0),
            r.referrals < t.referrals,
            CASE WHEN r.referrals < t.referrals THEN 'Invio tramite Ponte o e-mail' ELSE 'Non riceve invii' END,
            CASE WHEN t.wait_lo IS NOT NULL THEN t.wait_lo + floor(r.waiting * (t.wait_hi - t.wait_lo + 1))::int END,
            'Comune di ' || p.city, 'Persone del territorio, anche senza iscrizione al SSN.', 'Gratuito.',
            CASE WHEN r.verified < 0.01 THEN NULL WHEN r.verified < 0.9 THEN now() - make_interval(secs => r.verified / 0.9 * 150 * 86400)
                 ELSE now() - make_interval(days => 400 + floor(r.verified * 300)::int) END
     FROM bench_plan x JOIN bench_types t ON t.k = x.type_k JOIN bench_places p ON p.k = x.place_k,
          LATERAL (SELECT random() + x.i * 0 AS status, random() AS en, random() AS fr, random() AS referrals, random() AS waiting, random() AS verified) AS r`,
  );
  // Statistics before the links: triggers on them may update the services, and plan that on a table not yet analysed.
  await client.query('ANALYZE directory_services');
  await step(
    'service at locations',
    `INSERT INTO directory_service_at_locations (service_id, location_id)
     SELECT id, location_id FROM bench_plan
     UNION ALL SELECT x.id, l.id FROM bench_plan x JOIN directory_locations l ON l.id = md5('bench-location-2-' || x.i)::uuid WHERE x.second_place`,
  );
  await step(
    'opening hours',
    `INSERT INTO directory_schedules (service_id, byday, opens_at, closes_at, time_zone)
     SELECT x.id, h.byday, h.opens, h.closes, 'Europe/Rome' FROM bench_plan x JOIN bench_types t ON t.k = x.type_k JOIN bench_hours h ON h.type_code = t.code`,
  );
  await step(
    'phones',
    `INSERT INTO directory_phones (service_id, number, type, description) SELECT id, '+39 0000 ' || lpad(i::text, 7, '0'), 'voice', 'Prenotazioni' FROM bench_plan`,
  );
  const t = Date.now();
  await client.query('VACUUM ANALYZE');
  console.log(`  vacuum analyze: ${secondsSince(t)}`);
}

/** A database handle that remembers the statements it ran (for EXPLAIN). */
function loggedDb(pool: pg.Pool) {
  const statements: { query: string; params: unknown[] }[] = [];
  const db = drizzle({ client: pool, schema, logger: { logQuery: (query, params) => void statements.push({ query, params }) } }) as unknown as Db;
  return { db, statements };
}

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'ponte-bench-directory-'));
  const database = await createBenchDatabase('ponte_bench_directory');
  const secret = randomBytes(32).toString('hex');
  const cookieNames = COOKIE_NAMES(true);
  let ponte: ReturnType<typeof startPonte> | undefined;
  const client = new pg.Client({ connectionString: database.url });
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  try {
    const started = Date.now();
    console.log('Seeding the demo content…');
    await seedContent(database.url, join(dir, 'data'), secret);
    console.log(`Generating ${SERVICES.toLocaleString('en')} services…`);
    await client.connect();
    const generating = Date.now();
    await generate(client);
    const counts = (
      await client.query<Record<string, string>>(
        `SELECT (SELECT count(*) FROM directory_services) AS services, (SELECT count(*) FROM directory_organizations) AS organizations, (SELECT count(*) FROM directory_locations) AS locations,
                (SELECT count(DISTINCT lower(city)) FROM directory_locations) AS cities, (SELECT count(*) FROM directory_schedules) AS schedules,
                (SELECT count(*) FROM directory_services WHERE status IN ('active', 'temporarily closed')) AS listed,
                pg_size_pretty(pg_database_size(current_database())) AS size`,
      )
    ).rows[0]!;
    const generation = secondsSince(generating);
    console.log(`Generated in ${generation} (${secondsSince(started)} with the demo content): ${JSON.stringify(counts)}`);
    const regionIds = new Map((await client.query<{ code: string; id: string }>(`SELECT code, id FROM regions WHERE country = 'IT'`)).rows.map((r) => [r.code, r.id]));

    // The searches in-process: the database's share of each request, one at a time.
    console.log(`\nIn-process searchServices (${RUNS} runs each, one at a time, page size ${PAGE_SIZE}):`);
    const { db, statements } = loggedDb(pool);
    const inProcess = new Map<string, { p50: number; p95: number; total: number }>();
    for (const query of SEARCHES) {
      const { filters, page } = filtersOf(query, regionIds);
      let total = 0;
      await searchServices(db, filters, page, PAGE_SIZE);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        total = (await searchServices(db, filtersOf(query, regionIds).filters, page, PAGE_SIZE)).total;
        times.push(performance.now() - t);
      }
      inProcess.set(query, { p50: percentile(times, 50), p95: percentile(times, 95), total });
    }
    const slowest = [...inProcess.entries()].sort((a, b) => b[1].p50 - a[1].p50)[0]!;
    if (EXPLAIN) {
      console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the slowest search, /directory?${slowest[0]} (${ms(slowest[1].p50)} in-process):`);
      statements.length = 0;
      const { filters, page } = filtersOf(slowest[0], regionIds);
      await searchServices(db, filters, page, PAGE_SIZE);
      for (const s of statements) {
        console.log(`\n${s.query}\n  params: ${JSON.stringify(s.params)}`);
        const plan = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${s.query}`, s.params as unknown[]);
        for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
      }
    }

    if (!existsSync(join(root, 'src/modules/directory/routes.ts'))) {
      console.log('\nsrc/modules/directory/routes.ts does not exist yet: no HTTP measurement.');
      for (const [query, r] of inProcess) console.log(`| /directory?${query} | ${r.total} | ${ms(r.p50)} / ${ms(r.p95)} |`);
      return;
    }

    // A signed-in reception operator: the page cache lets signed-in visitors through to the real search.
    const user = (await client.query<{ id: string }>(`INSERT INTO users (email, name, locale, email_verified_at) VALUES ('operator@bench.example', 'Bench Operator', 'it', now()) RETURNING id`)).rows[0]!.id;
    const token = randomToken();
    await client.query(`INSERT INTO sessions (id, user_id, stage, user_agent, expires_at) VALUES ($1, $2, 'full', 'bench', now() + interval '1 day')`, [sha256(token), user]);
    const cookie = `${cookieNames.session}=${token}; ${cookieNames.csrf}=${randomToken()}`;

    const host = `http://127.0.0.1:${await freePort()}`;
    const log = openSync(join(dir, 'ponte.log'), 'a');
    ponte = startPonte({
      args: ['--no-demo'],
      env: { SECRET_KEY: secret, DATABASE_URL: database.url, DATA_DIR: join(dir, 'data'), HOST: '127.0.0.1', PORT: new URL(host).port, PONTE_ROLE: 'all', LOG_LEVEL: 'info' },
      output: log,
    });
    await waitFor(`${host}/readyz`, ponte);

    // Every request of the load must be what it claims: a 200 page or JSON, searched now, not from the cache.
    for (const path of [...SEARCHES.map((q) => `/directory?${q}`), ...HSDS.map((q) => `/api/hsds/services?${q}`)]) {
      const res = await fetch(`${host}${path}`, { headers: path.startsWith('/directory') ? { cookie } : {}, redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.headers.get('location') ?? ''}`);
      if (res.headers.get('x-cache') === 'hit') throw new Error(`${path}: answered from the page cache`);
    }
    const typical = await (await fetch(`${host}/directory?type=community-mental-health-centre&lang=ti&region=IT-82`, { headers: { cookie } })).text();
    if (!typical.includes('CSM ')) throw new Error('the typical search did not render results');

    const machine = await describeMachine(database.admin);
    console.log(`\nMachine: ${machine.nproc} CPUs (nproc), ${machine.cpu}, ${machine.memory}; Node ${machine.node}, PostgreSQL ${machine.postgres}; Ponte ${machine.commit}${sh('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no']) ? ' with uncommitted changes' : ''}; load average ${machine.load}`);
    console.log(
      `Ponte: 1 process (ponte start, role all, NODE_ENV=production, LOG_LEVEL=info). autocannon: ${CONNECTIONS} connections, ${SECONDS} s per scenario in ${SLICES} slices alternating with the reference, after ${WARMUP_SECONDS} s of warm-up. Local time in Rome at the start: ${new Date().toLocaleString('it-IT', { timeZone: 'Europe/Rome' })} (open=1 depends on it).\n`,
    );

    /** Each connection goes through the mix from its own starting point. */
    const rotating = (paths: string[], headers: Record<string, string>) => {
      let next = 0;
      return {
        url: host,
        connections: CONNECTIONS,
        setupClient: (c: { setRequests(r: unknown[]): void }) => {
          const k = next++ % CONNECTIONS;
          c.setRequests(paths.map((_, j) => ({ method: 'GET', path: paths[(j + k * 3) % paths.length]!, headers })));
        },
      };
    };
    const floor = rotating(['/healthz'], { cookie });
    const rows: string[] = [];
    let failed = false;
    const measure = async (name: string, scenario: ReturnType<typeof rotating>) => {
      process.stdout.write(`${name}… `);
      const { run, ref } = await alternating(scenario, floor, { seconds: SECONDS, slices: SLICES, warmupSeconds: WARMUP_SECONDS });
      const [p50, p95, p99] = [run.percentile(50), run.percentile(95), run.percentile(99)];
      const pass = p95 < TARGET_P95_MS && run.failures === 0;
      failed ||= !pass;
      console.log(pass ? 'PASS' : 'FAIL');
      rows.push(
        `| ${name} | ${Math.round(run.rps)} | ${ms(p50)} / ${ms(p95)} / ${ms(p99)} | ${Math.round(ref.rps)} / ${ms(ref.percentile(95))} | ${peakRssMiB(ponte!.pid!).toFixed(0)} MiB | ${run.failures} | p95 < ${TARGET_P95_MS} ms | ${pass ? 'PASS' : 'FAIL'} |`,
      );
    };
    await measure(`search page, GET /directory (${SEARCHES.length} query strings, signed in)`, rotating(SEARCHES.map((q) => `/directory?${q}`), { cookie }));
    await measure(`HSDS API, GET /api/hsds/services (${HSDS.length} query strings, anonymous)`, rotating(HSDS.map((q) => `/api/hsds/services?${q}`), {}));

    // Each query string alone, one request at a time: which one is slow.
    const single: string[] = [];
    for (const path of [...SEARCHES.map((q) => `/directory?${q}`), ...HSDS.map((q) => `/api/hsds/services?${q}`)]) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const res = await fetch(`${host}${path}`, { headers: path.startsWith('/directory') ? { cookie } : {} });
        await res.arrayBuffer();
        times.push(performance.now() - t);
      }
      const search = path.startsWith('/directory') ? inProcess.get(path.slice('/directory?'.length)) : undefined;
      single.push(`| ${path} | ${search ? search.total.toLocaleString('en') : ''} | ${search ? `${ms(search.p50)} / ${ms(search.p95)}` : ''} | ${ms(percentile(times, 50))} / ${ms(percentile(times, 95))} |`);
    }

    console.log(`\nData: ${Number(counts.services).toLocaleString('en')} services (${Number(counts.listed).toLocaleString('en')} listed: active or temporarily closed), ${Number(counts.organizations).toLocaleString('en')} organisations, ${Number(counts.locations).toLocaleString('en')} places in ${counts.cities} municipalities, ${Number(counts.schedules).toLocaleString('en')} opening-hour rows (${counts.size}); generated in ${generation}.\n`);
    console.log('| scenario | req/s | p50 / p95 / p99 | reference req/s / p95 (GET /healthz, same cookies) | peak RSS | errors | target | result |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |');
    for (const r of rows) console.log(r);
    console.log(`\n| request (${RUNS} each, one at a time) | matches | searchServices in-process p50 / p95 | HTTP p50 / p95 |`);
    console.log('| --- | ---: | ---: | ---: |');
    for (const r of single) console.log(r);
    console.log(`\nSlowest search in-process: /directory?${slowest[0]} (${ms(slowest[1].p50)}).`);
    console.log(`Ponte peak RSS over the whole run: ${peakRssMiB(ponte.pid!).toFixed(0)} MiB; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}.`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    await client.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await stopPonte(ponte);
    await database.finish();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
