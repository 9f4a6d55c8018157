/**
 * Site-wide search at scale: 20,000 news items and 20,000 documents on PostgreSQL, searched over HTTP.
 *
 *   npm run bench:search       (PostgreSQL at 127.0.0.1:5432, user postgres, trust authentication)
 *
 * It creates its own database (and drops it), seeds the demo content, then generates in bulk with SQL
 * BENCH_NEWS news items (20,000) and BENCH_DOCUMENTS documents (20,000) of the two demo projects: every item in
 * English and Italian, one in five also in German, Spanish or Greek; news bodies of about 400 words and document
 * descriptions of about 100, drawn from sentence pools per language with a town, a year and a number that vary;
 * a tenth of the documents for members only and a twentieth of the news still drafts (neither may be found).
 * The search index is then written by the portal's own code (indexNews, indexDocument), as publishing does.
 * It times each search in-process (platform/search.ts `search`, one at a time) and starts a real Ponte server
 * (`ponte start`, one process, production settings, request logs on) to measure, with autocannon, GET /search
 * with a mix of what readers type: a common word, two words, a quoted phrase, a misspelt word, a town, a rare
 * word, no match at all, a type or language filter, a page deep in the results, in English and in Italian.
 * The page cache answers anonymous visitors from memory for a minute, so every request carries a signed-in
 * session (the cache lets signed-in visitors through): each request searches and renders.
 *
 * Target: p95 < 100 ms, the time one search takes (a tenth of a second: an answer that feels immediate), with
 * BENCH_CONNECTIONS (1) connection by default, since with more connections than the machine has cores p95 measures
 * the queue. Reference in the same run, in alternating slices: GET /healthz with the same cookies. After the load,
 * each query is requested BENCH_RUNS times (20) one at a time, to show which is slow.
 *
 * Environment: BENCH_PG (server URL, default postgres://postgres@127.0.0.1:5432/postgres), BENCH_NEWS (20000),
 * BENCH_DOCUMENTS (20000), BENCH_SECONDS (10 per scenario), BENCH_CONNECTIONS (1), BENCH_RUNS (20), BENCH_EXPLAIN
 * (1: print the EXPLAIN (ANALYZE, BUFFERS) plan of the slowest search), BENCH_KEEP (1: keep the database).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { alternating, benchSessions, createBenchDatabase, describeMachine, freePort, ms, peakRssMiB, percentile, secondsSince, sh, root, startPonte, stopPonte, waitFor } from './lib.js';
import { seedDemo } from '../src/demo.js';
import { indexDocument } from '../src/modules/portal/documents.js';
import { indexNews } from '../src/modules/portal/search-index.js';
import { randomToken } from '../src/platform/auth/crypto.js';
import { createPlatform, shutdown } from '../src/platform/boot.js';
import { loadConfig } from '../src/platform/config.js';
import type { Database } from '../src/platform/db/index.js';
import { COOKIE_NAMES } from '../src/platform/http/app.js';
import type { Platform } from '../src/platform/platform.js';
import type { Locale } from '../src/platform/i18n/index.js';
import { pruneSearchWords, search, type SearchQuery } from '../src/platform/search.js';

const NEWS = Number(process.env.BENCH_NEWS ?? 20_000);
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const WARMUP_SECONDS = 2;
const SLICES = 5;
const TARGET_P95_MS = 100;
/** The page size of GET /search (modules/search/routes.ts). */
const PAGE_SIZE = 20;

/** What readers look for, as the search page gets it: the reader's language and the query string. */
const SEARCHES: { locale: Locale; query: string }[] = [
  { locale: 'en', query: 'q=training' },
  { locale: 'en', query: 'q=trauma+interpreters' },
  { locale: 'en', query: 'q=%22mental+health%22' },
  { locale: 'en', query: 'q=mediaton' },
  { locale: 'en', query: 'q=Palermo' },
  { locale: 'en', query: 'q=nightmares' },
  { locale: 'en', query: 'q=quantum+chromodynamics' },
  { locale: 'en', query: 'q=report&type=document' },
  { locale: 'en', query: 'q=training&page=10' },
  { locale: 'en', query: 'q=trauma&type=news&project=psychcare' },
  { locale: 'it', query: 'q=formazione' },
  { locale: 'it', query: 'q=salute+mentale+rifugiati' },
  { locale: 'it', query: 'q=mediatori&language=it' },
  { locale: 'it', query: 'q=Lampedusa' },
  { locale: 'it', query: 'q=traumma' },
];

/**
 * Sentence pools per language (written for this benchmark): a body is a draw of these, with {town}, {year} and
 * {n} filled in per item, so that items share their vocabulary the way a project's news does without being alike.
 */
const TEXT: Record<string, { titles: string[]; summaries: string[]; sentences: string[] }> = {
  en: {
    titles: ['Training day in {town} for reception staff', 'Workshop on trauma and mental health in {town}', 'New report on referrals in {town}', 'Interpreters and mediators meet in {town}', 'Results of the {year} survey of clinicians', 'Webinar {n}: working with unaccompanied minors', 'Community mental health services in {town} join the network', 'Lessons from the pilot in {town}'],
    summaries: ['What the partners learned and what comes next.', 'A short account of the day, with the materials to download.', 'Figures from {n} services and what they mean for the network.', 'Why this matters for people seeking asylum.'],
    sentences: [
      'Reception staff in {town} asked for practical guidance on recognising distress early.',
      'The training combined short lectures with case discussions led by clinicians and cultural mediators.',
      'Participants practised working with interpreters during a first assessment.',
      'Several services reported waiting times of more than {n} days for a first appointment.',
      'The network agreed on a shared referral form for people with signs of trauma.',
      'Nightmares, poor sleep and headaches were the complaints most often described by residents.',
      'Mediators explained how stigma shapes the way people talk about mental health.',
      'A psychiatrist from the community mental health centre presented the stepped-care model.',
      'The {year} survey collected answers from {n} health professionals across four regions.',
      'Trainers used role play to show how a screening interview can feel safe.',
      'Social workers described the difficulty of following people who are transferred between centres.',
      'The guidelines recommend involving a mediator from the first contact onwards.',
      'Children and adolescents travelling alone need services that know their rights and their needs.',
      'Local health authorities committed to reserving appointments for urgent referrals.',
      'The session closed with a discussion of what each service can change in the next months.',
      'Learners who completed the online module said the case vignettes were the most useful part.',
      'Volunteers in {town} asked how to respond when a person speaks about torture.',
      'Primary care physicians were invited to the next meeting of the regional network.',
      'Supervision for staff was named as a condition for good care and for preventing burnout.',
      'The project will publish the materials in six languages before the end of {year}.',
    ],
  },
  it: {
    titles: ['Giornata di formazione a {town} per gli operatori dell’accoglienza', 'Laboratorio su trauma e salute mentale a {town}', 'Nuovo rapporto sugli invii a {town}', 'Incontro tra interpreti e mediatori a {town}', 'I risultati dell’indagine {year} tra i clinici', 'Webinar {n}: lavorare con i minori non accompagnati', 'I servizi di salute mentale di {town} entrano nella rete', 'Cosa insegna la sperimentazione di {town}'],
    summaries: ['Cosa hanno imparato i partner e quali sono i prossimi passi.', 'Un breve resoconto della giornata, con i materiali da scaricare.', 'I dati di {n} servizi e cosa significano per la rete.', 'Perché conta per le persone che chiedono asilo.'],
    sentences: [
      'Gli operatori dell’accoglienza di {town} hanno chiesto indicazioni pratiche per riconoscere presto il disagio.',
      'La formazione ha alternato brevi lezioni a discussioni di casi guidate da clinici e mediatori culturali.',
      'I partecipanti si sono esercitati a lavorare con gli interpreti durante una prima valutazione.',
      'Diversi servizi hanno segnalato attese di oltre {n} giorni per un primo appuntamento.',
      'La rete ha concordato una scheda di invio comune per le persone con segni di trauma.',
      'Incubi, insonnia e mal di testa sono i disturbi descritti più spesso dagli ospiti.',
      'I mediatori hanno spiegato come lo stigma influenzi il modo di parlare di salute mentale.',
      'Uno psichiatra del centro di salute mentale ha presentato il modello di cura a gradini.',
      'L’indagine {year} ha raccolto le risposte di {n} professionisti sanitari in quattro regioni.',
      'I formatori hanno usato il gioco di ruolo per mostrare come rendere sicuro un colloquio di screening.',
      'Gli assistenti sociali hanno descritto la difficoltà di seguire le persone trasferite tra i centri.',
      'Le linee guida raccomandano di coinvolgere un mediatore fin dal primo contatto.',
      'I minori che viaggiano soli hanno bisogno di servizi che conoscano i loro diritti e bisogni.',
      'Le aziende sanitarie si sono impegnate a riservare appuntamenti per gli invii urgenti.',
      'L’incontro si è chiuso con una discussione su cosa ogni servizio può cambiare nei prossimi mesi.',
      'Chi ha completato il modulo online ha indicato le vignette cliniche come la parte più utile.',
      'I volontari di {town} hanno chiesto come rispondere quando una persona parla di tortura.',
      'I medici di medicina generale sono stati invitati al prossimo incontro della rete regionale.',
      'La supervisione del personale è stata indicata come condizione per una buona cura e contro il burnout.',
      'Il progetto pubblicherà i materiali in sei lingue entro la fine del {year}.',
    ],
  },
  de: {
    titles: ['Schulungstag in {town} für Mitarbeitende der Aufnahme', 'Neuer Bericht über Überweisungen in {town}'],
    summaries: ['Was die Partner gelernt haben und wie es weitergeht.'],
    sentences: [
      'Mitarbeitende in {town} wünschten sich praktische Hinweise, um Belastungen früh zu erkennen.',
      'Die Schulung verband kurze Vorträge mit Fallbesprechungen von Fachleuten und Sprachmittlern.',
      'Mehrere Dienste meldeten Wartezeiten von über {n} Tagen bis zum ersten Termin.',
      'Die Leitlinien empfehlen, vom ersten Kontakt an eine Sprachmittlerin einzubeziehen.',
      'Das Netzwerk einigte sich auf ein gemeinsames Überweisungsformular.',
    ],
  },
  es: {
    titles: ['Jornada de formación en {town} para el personal de acogida', 'Nuevo informe sobre derivaciones en {town}'],
    summaries: ['Lo que aprendieron los socios y los próximos pasos.'],
    sentences: [
      'El personal de acogida de {town} pidió orientación práctica para reconocer el malestar a tiempo.',
      'La formación combinó charlas breves con el análisis de casos junto a mediadores culturales.',
      'Varios servicios informaron esperas de más de {n} días para una primera cita.',
      'Las guías recomiendan contar con un mediador desde el primer contacto.',
      'La red acordó un formulario común de derivación.',
    ],
  },
  el: {
    titles: ['Ημέρα εκπαίδευσης στην πόλη {town} για το προσωπικό υποδοχής', 'Νέα έκθεση για τις παραπομπές στην πόλη {town}'],
    summaries: ['Τι έμαθαν οι εταίροι και ποια είναι τα επόμενα βήματα.'],
    sentences: [
      'Το προσωπικό υποδοχής στην πόλη {town} ζήτησε πρακτική καθοδήγηση για την έγκαιρη αναγνώριση της δυσφορίας.',
      'Η εκπαίδευση συνδύασε σύντομες διαλέξεις με συζήτηση περιπτώσεων μαζί με πολιτισμικούς διαμεσολαβητές.',
      'Αρκετές υπηρεσίες ανέφεραν αναμονή άνω των {n} ημερών για το πρώτο ραντεβού.',
      'Οι κατευθυντήριες γραμμές συνιστούν τη συμμετοχή διαμεσολαβητή από την πρώτη επαφή.',
      'Το δίκτυο συμφώνησε σε ένα κοινό έντυπο παραπομπής.',
    ],
  },
};
const TOWNS = ['Roma', 'Milano', 'Napoli', 'Palermo', 'Catania', 'Bari', 'Torino', 'Bologna', 'Lampedusa', 'Crotone', 'Trapani', 'Agrigento', 'Siracusa', 'Ragusa', 'Caserta', 'Foggia', 'Lecce', 'Cagliari', 'Genova', 'Firenze', 'Athina', 'Lesvos', 'Madrid', 'Berlin'];
const DOCUMENT_TYPES = ['report', 'training-material', 'policy-brief', 'guideline', 'leaflet', 'presentation', 'article'];

/** News, documents and their translations, in bulk (INSERT … SELECT over generate_series and the sentence pools). */
async function generate(client: pg.Client) {
  const step = async (label: string, text: string, params: unknown[] = []) => {
    const t = Date.now();
    const r = await client.query(text, params);
    console.log(`  ${label}: ${(r.rowCount ?? 0).toLocaleString('en')} rows, ${secondsSince(t)}`);
  };
  await client.query('SELECT setseed(0.2020)');
  await client.query(`CREATE TEMP TABLE bench_text AS SELECT * FROM json_to_recordset($1::json) AS t(locale text, titles text[], summaries text[], sentences text[])`, [
    JSON.stringify(Object.entries(TEXT).map(([locale, t]) => ({ locale, ...t }))),
  ]);
  // {town}, {year} and {n} of an item: the same in all its languages.
  const fill = (text: string) => `replace(replace(replace(${text}, '{town}', (${JSON.stringify(TOWNS).replace(/^\[/, 'ARRAY[').replace(/"/g, "'")})[1 + (i * 7) % ${TOWNS.length}]), '{year}', (2016 + i % 10)::text), '{n}', (3 + i % 97)::text)`;
  /** `count` sentences of the language drawn at random, the item's number keeping the draw per row. */
  const draw = (count: string) => fill(`array_to_string(ARRAY(SELECT t.sentences[1 + floor(random() * cardinality(t.sentences))::int] FROM generate_series(1, ${count}) WHERE i > 0), ' ')`);
  // Every item in English and Italian; one in five also in German, Spanish or Greek.
  const languages = `(t.locale IN ('en', 'it') OR (i % 5 = 0 AND t.locale = (ARRAY['de', 'es', 'el'])[1 + (i / 5) % 3]))`;
  const projects = `(SELECT array_agg(id ORDER BY slug) FROM projects)`;
  await step(
    'news',
    `INSERT INTO news (id, slug, project_id, tags, status, published_at, source_locale, created_at, updated_at)
     SELECT md5('bench-news-' || i)::uuid, 'bench-news-' || i, CASE WHEN i % 5 = 0 THEN NULL ELSE ${projects}[1 + i % 4] END,
            ARRAY[(ARRAY['training', 'events', 'guidelines', 'network'])[1 + i % 4]],
            CASE WHEN i % 20 = 0 THEN 'draft' ELSE 'published' END,
            CASE WHEN i % 20 = 0 THEN NULL ELSE now() - make_interval(hours => i) END, 'en', now(), now()
     FROM generate_series(1, $1) AS i`,
    [NEWS],
  );
  await step(
    'news translations',
    `INSERT INTO news_translations (news_id, locale, title, summary, body)
     SELECT md5('bench-news-' || i)::uuid, t.locale, ${fill('t.titles[1 + i % cardinality(t.titles)]')}, ${fill('t.summaries[1 + i % cardinality(t.summaries)]')},
            ${draw('6')} || E'\\n\\n' || ${draw('6')} || E'\\n\\n' || ${draw('6')}
     FROM generate_series(1, $1) AS i JOIN bench_text t ON ${languages}`,
    [NEWS],
  );
  await step(
    'documents',
    `INSERT INTO documents (id, slug, project_id, code, type, level, status, published_on, licence, source_locale)
     SELECT md5('bench-document-' || i)::uuid, 'bench-document-' || i, ${projects}[1 + i % 4], 'D' || (1 + i % 8) || '.' || (1 + i % 13),
            (ARRAY[${DOCUMENT_TYPES.map((t) => `'${t}'`).join(', ')}])[1 + i % ${DOCUMENT_TYPES.length}],
            CASE WHEN i % 10 = 0 THEN 'members' ELSE 'public' END, 'published', (current_date - (i % 3000))::date, 'CC BY 4.0', 'en'
     FROM generate_series(1, $1) AS i`,
    [DOCUMENTS],
  );
  await step(
    'document translations',
    `INSERT INTO document_translations (document_id, locale, title, description)
     SELECT md5('bench-document-' || i)::uuid, t.locale, ${fill("t.titles[1 + (i + 3) % cardinality(t.titles)] || ' (' || i || ')'")}, ${draw('5')}
     FROM generate_series(1, $1) AS i JOIN bench_text t ON ${languages}`,
    [DOCUMENTS],
  );
}

/** The search index, written by the portal's own code as publishing writes it; four items at a time. */
async function index(p: Platform, client: pg.Client) {
  const t = Date.now();
  const items = [
    ...(await client.query<{ id: string }>(`SELECT id FROM news WHERE slug LIKE 'bench-news-%'`)).rows.map((r) => () => indexNews(p.database.db, r.id)),
    ...(await client.query<{ id: string }>(`SELECT id FROM documents WHERE slug LIKE 'bench-document-%'`)).rows.map((r) => () => indexDocument(p.database.db, r.id)),
  ];
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < items.length) await items[next++]!();
    }),
  );
  console.log(`  search index: ${items.length.toLocaleString('en')} items, ${secondsSince(t)}`);
}

/** The query GET /search runs for a query string (as modules/search/routes.ts builds it). */
function queryOf(locale: Locale, query: string, projects: Map<string, string>): SearchQuery {
  const q = new URLSearchParams(query);
  return {
    q: q.get('q') ?? '',
    locale,
    type: q.get('type') ?? undefined,
    projectId: q.get('project') ? projects.get(q.get('project')!) : undefined,
    language: q.get('language') ?? undefined,
    page: Number(q.get('page') ?? 1),
    pageSize: PAGE_SIZE,
  };
}

/** A database that remembers the statements it ran (for EXPLAIN). */
function logged(database: Database) {
  const statements: { text: string; params: unknown[] }[] = [];
  const query: Database['query'] = (text, params = []) => (statements.push({ text, params }), database.query(text, params));
  return { statements, database: { ...database, query } as Database };
}

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'ponte-bench-search-'));
  const database = await createBenchDatabase('ponte_bench_search');
  const secret = randomBytes(32).toString('hex');
  const cookieNames = COOKIE_NAMES(true);
  let ponte: ReturnType<typeof startPonte> | undefined;
  const client = new pg.Client({ connectionString: database.url });
  let p: Platform | undefined;
  try {
    const started = Date.now();
    console.log('Seeding the demo content…');
    p = await createPlatform(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, DATA_DIR: join(dir, 'data'), SECRET_KEY: secret, LOG_LEVEL: 'warn' }), { log: pino({ level: 'warn' }) });
    await seedDemo(p);
    await client.connect();
    console.log(`Generating ${NEWS.toLocaleString('en')} news items and ${DOCUMENTS.toLocaleString('en')} documents…`);
    const generating = Date.now();
    await generate(client);
    await index(p, client);
    // Drafts and documents for members only must not be found.
    const hidden = await client.query(
      `SELECT 1 FROM search_documents s WHERE (s.type = 'news' AND s.ref_id IN (SELECT id::text FROM news WHERE status <> 'published'))
                                          OR (s.type = 'document' AND s.ref_id IN (SELECT id::text FROM documents WHERE level <> 'public')) LIMIT 1`,
    );
    if (hidden.rowCount) throw new Error('a draft or a document for members only is in the search index');
    await client.query('VACUUM ANALYZE');
    const counts = (
      await client.query<Record<string, string>>(
        `SELECT (SELECT count(*) FROM news) AS news, (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM search_documents) AS indexed,
                (SELECT count(DISTINCT (type, ref_id)) FROM search_documents) AS items, pg_size_pretty(pg_total_relation_size('search_documents')) AS index_size,
                pg_size_pretty(pg_database_size(current_database())) AS size`,
      )
    ).rows[0]!;
    const generation = secondsSince(generating);
    console.log(`Generated in ${generation} (${secondsSince(started)} with the demo content): ${JSON.stringify(counts)}`);
    // The daily job that keeps the spelling corrections' word list to what the index holds: it reads every text.
    const pruning = Date.now();
    const pruned = await pruneSearchWords(p.database);
    const words = (await client.query<{ n: string }>('SELECT count(*) AS n FROM search_words')).rows[0]!.n;
    console.log(`Daily pruning of the word list (search.prune-words): ${secondsSince(pruning)}, ${pruned} words removed, ${Number(words).toLocaleString('en')} kept.`);
    const projects = new Map((await client.query<{ slug: string; id: string }>(`SELECT slug, id FROM projects`)).rows.map((r) => [r.slug, r.id]));

    // The searches in-process: the database's share of each request, one at a time.
    console.log(`\nIn-process search (${RUNS} runs each, one at a time, page size ${PAGE_SIZE}):`);
    const { database: db, statements } = logged(p.database);
    const inProcess = new Map<string, { p50: number; p95: number; total: number }>();
    for (const { locale, query } of SEARCHES) {
      const sq = queryOf(locale, query, projects);
      await search(db, sq);
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        total = (await search(db, sq)).total;
        times.push(performance.now() - t);
      }
      inProcess.set(`${locale} ${query}`, { p50: percentile(times, 50), p95: percentile(times, 95), total });
    }
    const slowest = [...inProcess.entries()].sort((a, b) => b[1].p50 - a[1].p50)[0]!;
    if (EXPLAIN) {
      const [locale, query] = slowest[0].split(' ') as [Locale, string];
      console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the slowest search, ${slowest[0]} (${ms(slowest[1].p50)} in-process):`);
      statements.length = 0;
      await search(db, queryOf(locale, query, projects));
      for (const s of statements) {
        console.log(`\n${s.text}\n  params: ${JSON.stringify(s.params)}`);
        for (const row of await p.database.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.params)) console.log(`  ${row['QUERY PLAN']}`);
      }
    }
    await shutdown(p);
    p = undefined;

    // Readers signed in, one reading in English and one in Italian: the page cache lets them through to the search.
    const locales = ['en', 'it'] as const;
    for (const locale of locales) await client.query(`INSERT INTO users (email, name, locale, email_verified_at) VALUES ($1, 'Bench Reader', $2, now())`, [`reader-${locale}@bench.example`, locale]);
    const tokens = await benchSessions(client, locales.map((l) => `reader-${l}@bench.example`));
    const cookies = new Map<Locale, string>(locales.map((l, i) => [l, `${cookieNames.session}=${tokens[i]}; ${cookieNames.csrf}=${randomToken()}`]));

    const host = `http://127.0.0.1:${await freePort()}`;
    ponte = startPonte({
      args: ['--no-demo'],
      env: { SECRET_KEY: secret, DATABASE_URL: database.url, DATA_DIR: join(dir, 'data'), HOST: '127.0.0.1', PORT: new URL(host).port, PONTE_ROLE: 'all', LOG_LEVEL: 'info' },
      output: openSync(join(dir, 'ponte.log'), 'a'),
    });
    await waitFor(`${host}/readyz`, ponte);

    // Every request of the load must be what it claims: a 200 page, searched now, not from the cache.
    for (const { locale, query } of SEARCHES) {
      const res = await fetch(`${host}/search?${query}`, { headers: { cookie: cookies.get(locale)! }, redirect: 'manual' });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`/search?${query}: ${res.status}`);
      if (res.headers.get('x-cache') === 'hit') throw new Error(`/search?${query}: answered from the page cache`);
      if (!body.includes(`lang="${locale}"`)) throw new Error(`/search?${query}: not in ${locale}`);
      if (inProcess.get(`${locale} ${query}`)!.total > 0 && !body.includes('class="search-results"')) throw new Error(`/search?${query}: no results on the page`);
    }

    const machine = await describeMachine(database.admin);
    console.log(`\nMachine: ${machine.nproc} CPUs (nproc), ${machine.cpu}, ${machine.memory}; Node ${machine.node}, PostgreSQL ${machine.postgres}; Ponte ${machine.commit}${sh('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no']) ? ' with uncommitted changes' : ''}; load average ${machine.load}`);
    console.log(`Ponte: 1 process (ponte start, role all, NODE_ENV=production, LOG_LEVEL=info). autocannon: ${CONNECTIONS} connections, ${SECONDS} s in ${SLICES} slices alternating with the reference, after ${WARMUP_SECONDS} s of warm-up.\n`);

    // Each connection goes through the mix from its own starting point.
    let next = 0;
    const scenario = {
      url: host,
      connections: CONNECTIONS,
      setupClient: (c: { setRequests(r: unknown[]): void }) => {
        const k = next++ % CONNECTIONS;
        c.setRequests(SEARCHES.map((_, j) => SEARCHES[(j + k * 3) % SEARCHES.length]!).map((s) => ({ method: 'GET', path: `/search?${s.query}`, headers: { cookie: cookies.get(s.locale)! } })));
      },
    };
    const floor = { url: host, connections: CONNECTIONS, requests: [{ method: 'GET' as const, path: '/healthz', headers: { cookie: cookies.get('en')! } }] };
    process.stdout.write('search page… ');
    const { run, ref } = await alternating(scenario, floor, { seconds: SECONDS, slices: SLICES, warmupSeconds: WARMUP_SECONDS });
    const [p50, p95, p99] = [run.percentile(50), run.percentile(95), run.percentile(99)];
    const pass = p95 < TARGET_P95_MS && run.failures === 0;
    console.log(pass ? 'PASS' : 'FAIL');

    // Each query alone, one request at a time: which one is slow.
    const single: string[] = [];
    for (const { locale, query } of SEARCHES) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await (await fetch(`${host}/search?${query}`, { headers: { cookie: cookies.get(locale)! } })).arrayBuffer();
        times.push(performance.now() - t);
      }
      const r = inProcess.get(`${locale} ${query}`)!;
      single.push(`| ${locale} /search?${query} | ${r.total.toLocaleString('en')} | ${ms(r.p50)} / ${ms(r.p95)} | ${ms(percentile(times, 50))} / ${ms(percentile(times, 95))} |`);
    }

    console.log(`\nData: ${Number(counts.news).toLocaleString('en')} news items and ${Number(counts.documents).toLocaleString('en')} documents (with the demo's), ${Number(counts.items).toLocaleString('en')} items found by search in ${Number(counts.indexed).toLocaleString('en')} language versions (search index ${counts.index_size}, database ${counts.size}); generated and indexed in ${generation}.\n`);
    console.log('| scenario | req/s | p50 / p95 / p99 | reference req/s / p95 (GET /healthz, same cookies) | peak RSS | errors | target | result |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |');
    console.log(
      `| site search, GET /search (${SEARCHES.length} queries, signed in) | ${Math.round(run.rps)} | ${ms(p50)} / ${ms(p95)} / ${ms(p99)} | ${Math.round(ref.rps)} / ${ms(ref.percentile(95))} | ${peakRssMiB(ponte.pid!).toFixed(0)} MiB | ${run.failures} | p95 < ${TARGET_P95_MS} ms | ${pass ? 'PASS' : 'FAIL'} |`,
    );
    console.log(`\n| request (${RUNS} each, one at a time) | matches | search in-process p50 / p95 | HTTP p50 / p95 |`);
    console.log('| --- | ---: | ---: | ---: |');
    for (const r of single) console.log(r);
    console.log(`\nSlowest search in-process: ${slowest[0]} (${ms(slowest[1].p50)}).`);
    process.exitCode = pass ? 0 : 1;
  } finally {
    if (p) await shutdown(p).catch(() => undefined);
    await client.end().catch(() => undefined);
    await stopPonte(ponte);
    await database.finish();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
