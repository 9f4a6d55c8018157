/**
 * The training platform at scale: 100,000 learners, 2,000,000 lesson progress records, on PostgreSQL.
 *
 *   npm run bench:training        (PostgreSQL at 127.0.0.1:5432, user postgres, trust authentication)
 *
 * It creates its own database (and drops it), seeds the demo content (five published courses of four lessons
 * each, with question banks, pre- and post-tests), then generates in bulk with SQL: BENCH_LEARNERS learners
 * (100,000), each enrolled in every course and with a progress record on every lesson (20 per learner), pre-test
 * and final-test attempts with scored answers for a share of the enrolments, completions, satisfaction
 * answers and certificates, and cohorts: one of 5,000 learners (run by the demo trainer) and ten of 1,000. Then it
 * starts a real Ponte server (`ponte start`, one process, production settings, request logs on) and measures:
 *
 *   (a) a signed-in lesson page, GET /learn/:slug/lessons/:lesson: 32 connections, each a different learner's
 *       session, each going through all 20 lessons of its courses; target ≥ 2,000 requests per second with
 *       p99 < 50 ms. Reference in the same run, in alternating slices: GET /healthz with the same cookies (the
 *       platform's per-request floor for a signed-in visitor: session lookup, CSRF cookie, log line, headers).
 *   (b) progress writes, POST /api/learning/time (JSON, session cookie and CSRF token), the same way; target
 *       ≥ 2,000 per second.
 *   (c) every trainer report page and export (the cohort page, the course report and the cohort report, and
 *       their CSV and XLSX tables), each requested BENCH_REPORT_RUNS times (5) one after another; target < 500 ms
 *       (p99 of the runs, that is the slowest).
 *
 * Environment: BENCH_PG (server URL, default postgres://postgres@127.0.0.1:5432/postgres), BENCH_LEARNERS
 * (100000), BENCH_SECONDS (10 per scenario), BENCH_CONNECTIONS (32), BENCH_REPORT_RUNS (5), BENCH_KEEP (1: keep the database
 * afterwards, to look at query plans; drop it by hand).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { alternating, benchSessions, createBenchDatabase, describeMachine, freePort, ms, peakRssMiB, secondsSince, startPonte, stopPonte, waitFor } from './lib.js';
import { seedDemo } from '../src/demo.js';
import { DEMO_TRAINER_EMAIL } from '../src/modules/training/demo-learners.js';
import { QUESTIONNAIRES } from '../src/modules/training/content.js';
import { currentVersion, lessonsInOrder, loadSnapshot } from '../src/modules/training/versions.js';
import { hmac, randomToken } from '../src/platform/auth/crypto.js';
import { createPlatform, shutdown } from '../src/platform/boot.js';
import { loadConfig } from '../src/platform/config.js';
import { COOKIE_NAMES } from '../src/platform/http/app.js';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 5);
const WARMUP_SECONDS = 2;
const SLICES = 5;
const BIG_COHORT = Math.min(5_000, LEARNERS);
const TARGET_RPS = 2_000;
const TARGET_P99_MS = 50;
const TARGET_REPORT_MS = 500;


interface BenchCourse {
  k: number;
  id: string;
  slug: string;
  major: number;
  lessons: string[];
  pre: { id: string; n: number };
  post: { id: string; n: number; passMark: number };
  questions: string[];
}

/** The demo content, through the platform's own code; returns the courses as the generator needs them. */
async function seedContent(databaseUrl: string, dataDir: string, secret: string): Promise<BenchCourse[]> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, SECRET_KEY: secret, LOG_LEVEL: 'warn' });
  const p = await createPlatform(config, { log: pino({ level: 'warn' }) });
  try {
    await seedDemo(p);
    const out: BenchCourse[] = [];
    const rows = await p.database.query<{ id: string; slug: string }>("SELECT id, slug FROM training_courses WHERE status = 'published' ORDER BY created_at, slug");
    for (const [k, c] of rows.entries()) {
      const version = (await currentVersion(p.database.db, c.id, null))!;
      const lessons = lessonsInOrder(await loadSnapshot(p.database.db, version.id)).map((x) => x.lesson.id);
      const tests = await p.database.query<{ id: string; kind: string; n: number; pass_mark: number }>('SELECT id, kind, questions_per_attempt AS n, pass_mark FROM training_assessments WHERE course_id = $1', [c.id]);
      const pre = tests.find((t) => t.kind === 'pre-test')!;
      const post = tests.find((t) => t.kind === 'post-test')!;
      const questions = (await p.database.query<{ id: string }>('SELECT id FROM training_questions WHERE course_id = $1 AND NOT retired ORDER BY competence, sort', [c.id])).map((q) => q.id);
      out.push({ k, id: c.id, slug: c.slug, major: version.major, lessons, pre: { id: pre.id, n: pre.n }, post: { id: post.id, n: post.n, passMark: post.pass_mark }, questions });
    }
    return out;
  } finally {
    await shutdown(p);
  }
}

/**
 * Learners and their results, in bulk (INSERT … SELECT over generate_series). What each enrolment reaches is drawn
 * once into a plan table, so that progress, attempts, completion and certificates agree with each other.
 */
async function generate(client: pg.Client, courses: BenchCourse[]) {
  const step = async (label: string, text: string, params: unknown[] = []) => {
    const t = Date.now();
    const r = await client.query(text, params);
    console.log(`  ${label}: ${r.rowCount ?? 0} rows, ${secondsSince(t)}`);
  };
  await client.query('SELECT setseed(0.2025)');
  await client.query(`CREATE TEMP TABLE bench_courses (k int, id uuid, major int, lessons uuid[], pre uuid, pre_n int, post uuid, post_n int, pass_mark int, questions uuid[], title text, minutes int)`);
  for (const c of courses)
    await client.query(
      `INSERT INTO bench_courses SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, (SELECT title FROM training_course_translations t JOIN training_courses c ON c.id = t.course_id WHERE c.id = $2 AND t.locale = c.source_locale), (SELECT duration_minutes FROM training_courses WHERE id = $2)`,
      [c.k, c.id, c.major, c.lessons, c.pre.id, c.pre.n, c.post.id, c.post.n, c.post.passMark, c.questions],
    );
  const trainer = (await client.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [DEMO_TRAINER_EMAIL])).rows[0]!.id;

  await step(
    'learners',
    `INSERT INTO users (id, email, name, locale, country, profession, gender, email_verified_at)
     SELECT md5('bench-learner-' || i)::uuid, 'learner' || i || '@bench.example', 'Learner ' || i,
            (ARRAY['it','it','de','es','el','en'])[1 + i % 6], (ARRAY['IT','IT','DE','ES','GR','CY','FR'])[1 + i % 7],
            (ARRAY['nurse','nurse','physician','psychologist','social-worker','cultural-mediator','interpreter','psychiatrist'])[1 + i % 8],
            (ARRAY['woman','woman','man','non-binary','undisclosed', NULL])[1 + i % 6], now()
     FROM generate_series(1, $1) AS i`,
    [LEARNERS],
  );
  // One cohort of 5,000 learners on the first course (the demo trainer runs it), ten of 1,000 on the others.
  await client.query(`INSERT INTO training_cohorts (course_id, name, starts_on, ends_on, invitation_code) SELECT id, 'Bench cohort (5,000)', '2025-01-13', '2025-12-19', 'BENCH-BIG00' FROM bench_courses WHERE k = 0`);
  await client.query(
    `INSERT INTO training_cohorts (course_id, name, starts_on, ends_on, invitation_code)
     SELECT c.id, 'Bench cohort ' || g, '2025-02-03', '2025-11-28', 'BENCH-' || lpad(g::text, 5, '0') FROM generate_series(1, 10) g JOIN bench_courses c ON c.k = 1 + g % (SELECT count(*) - 1 FROM bench_courses)`,
  );
  await client.query(`INSERT INTO training_cohort_trainers (cohort_id, user_id) SELECT id, $1 FROM training_cohorts WHERE invitation_code LIKE 'BENCH-%'`, [trainer]);

  // Per enrolment: how many lessons it completed (all of them for about 40 %), whether it took the pre-test,
  // how well it answers. Every learner is in every course, with a record on every lesson it has.
  await step(
    'plan',
    `CREATE TEMP TABLE bench_plan AS
     SELECT gen_random_uuid() AS enrolment_id, md5('bench-learner-' || i)::uuid AS user_id, i, c.k, c.id AS course_id, c.major,
            CASE WHEN r < 0.4 THEN cardinality(c.lessons) ELSE floor(r * cardinality(c.lessons))::int END AS reached,
            (i <= ${BIG_COHORT} AND c.k = 0) OR random() < 0.3 AS pre,
            0.3 + random() * 0.4 AS skill,
            timestamptz '2025-01-13' + make_interval(days => (i % 300)) AS start,
            CASE WHEN i <= ${BIG_COHORT} AND c.k = 0 THEN (SELECT id FROM training_cohorts WHERE invitation_code = 'BENCH-BIG00')
                 WHEN i > ${BIG_COHORT} AND i <= ${BIG_COHORT} + 10000 AND c.k > 0 THEN (SELECT id FROM training_cohorts WHERE course_id = c.id AND invitation_code = 'BENCH-' || lpad((1 + (i % 10))::text, 5, '0'))
            END AS cohort_id
     FROM generate_series(1, $1) AS i CROSS JOIN bench_courses c, LATERAL (SELECT random() + i * 0 AS r) AS x`,
    [LEARNERS],
  );
  await step(
    'enrolments',
    `INSERT INTO training_enrolments (id, user_id, course_id, major, cohort_id, enrolled_at, last_lesson_id, last_activity_at)
     SELECT p.enrolment_id, p.user_id, p.course_id, p.major, p.cohort_id, p.start, c.lessons[greatest(p.reached, 1)], p.start + make_interval(days => p.reached)
     FROM bench_plan p JOIN bench_courses c ON c.k = p.k`,
  );
  await step(
    'lesson progress',
    `INSERT INTO training_lesson_progress (enrolment_id, lesson_id, first_visited_at, completed_at, seconds_spent, last_seen_at)
     SELECT p.enrolment_id, c.lessons[j], p.start + make_interval(days => j), CASE WHEN j <= p.reached THEN p.start + make_interval(days => j) END,
            CASE WHEN j <= p.reached THEN 600 + (hashint4(p.i * 31 + j) & 1023) ELSE 60 END, p.start + make_interval(days => j)
     FROM bench_plan p JOIN bench_courses c ON c.k = p.k, generate_series(1, cardinality(c.lessons)) AS j`,
  );

  // Attempts: answers right with the enrolment's skill (better after the course), scored as Ponte scores them.
  const attempt = (kind: 'pre' | 'post', number: number, where: string, better: string) => `
    INSERT INTO training_attempts (enrolment_id, assessment_id, number, locale, items, answers, score_percent, passed, started_at, submitted_at)
    SELECT p.enrolment_id, c.${kind}, ${number}, 'en', x.items, x.answers, x.score,
           ${kind === 'post' ? 'x.score >= c.pass_mark' : 'NULL'}, p.start + make_interval(days => ${kind === 'pre' ? 0 : 5 + number}), p.start + make_interval(days => ${kind === 'pre' ? 0 : 5 + number})
    FROM bench_plan p JOIN bench_courses c ON c.k = p.k,
    LATERAL (
      SELECT jsonb_agg(jsonb_build_object('questionId', q, 'order', jsonb_build_array(0, 1, 2, 3)) ORDER BY g) AS items,
             jsonb_agg(jsonb_build_object('questionId', q, 'answer', CASE WHEN ok THEN 0 ELSE 1 END, 'correct', ok) ORDER BY g) AS answers,
             round(100.0 * count(*) FILTER (WHERE ok) / count(*), 2) AS score
      FROM (SELECT g, c.questions[1 + (p.i + g * ${number === 1 ? 1 : 5}) % cardinality(c.questions)] AS q, random() < least(0.98, p.skill + ${better}) AS ok
            FROM generate_series(0, c.${kind}_n - 1) AS g) AS z
    ) AS x
    WHERE ${where}`;
  await step('pre-test attempts', attempt('pre', 1, 'p.pre', '0'));
  await step('final-test attempts', attempt('post', 1, 'p.reached = cardinality(c.lessons) AND (p.pre OR random() < 0.5)', '0.35'));
  await step(
    'second final-test attempts',
    attempt('post', 2, `EXISTS (SELECT 1 FROM training_attempts a WHERE a.enrolment_id = p.enrolment_id AND a.assessment_id = c.post AND a.number = 1 AND NOT a.passed)`, '0.5'),
  );
  await step(
    'completions',
    `UPDATE training_enrolments e SET status = 'completed', completed_at = p.start + make_interval(days => 8), follow_up_sent_at = p.start + make_interval(days => 100)
     FROM bench_plan p JOIN bench_courses c ON c.k = p.k
     WHERE e.id = p.enrolment_id AND EXISTS (SELECT 1 FROM training_attempts a WHERE a.enrolment_id = p.enrolment_id AND a.assessment_id = c.post AND a.passed)`,
  );
  const satisfaction = QUESTIONNAIRES.satisfaction;
  const answers = satisfaction.items
    .filter((x) => x.type !== 'text')
    .map((x) => `'${x.id}', ${x.type === 'scale' ? '3 + floor(random() * 3)::int' : 'random() < 0.95'}`)
    .join(', ');
  await step(
    'satisfaction receipts',
    `INSERT INTO training_questionnaire_receipts (enrolment_id, kind) SELECT e.id, 'satisfaction' FROM training_enrolments e JOIN bench_plan p ON p.enrolment_id = e.id WHERE e.status = 'completed'`,
  );
  await step(
    'satisfaction answers',
    `INSERT INTO training_questionnaire_responses (course_id, kind, version, locale, month, answers)
     SELECT e.course_id, 'satisfaction', $1, 'it', date_trunc('month', e.completed_at)::date, jsonb_build_object(${answers})
     FROM training_enrolments e JOIN bench_plan p ON p.enrolment_id = e.id JOIN training_questionnaire_receipts r ON r.enrolment_id = e.id AND r.kind = 'satisfaction'`,
    [satisfaction.version],
  );
  await step(
    'certificates',
    `INSERT INTO training_certificates (code, enrolment_id, course_id, locale, learner_name, course_title, duration_minutes, minutes_spent, profession, credits, issued_at)
     SELECT upper(substr(md5(e.id::text), 1, 5) || '-' || substr(md5(e.id::text), 6, 5)), e.id, e.course_id, coalesce(u.locale, 'en'), u.name, c.title, c.minutes,
            (SELECT sum(seconds_spent) / 60 FROM training_lesson_progress lp WHERE lp.enrolment_id = e.id), u.profession, '[]'::jsonb, e.completed_at
     FROM training_enrolments e JOIN bench_plan p ON p.enrolment_id = e.id JOIN users u ON u.id = e.user_id JOIN bench_courses c ON c.id = e.course_id
     WHERE e.status = 'completed' AND (NOT EXISTS (SELECT 1 FROM training_courses tc WHERE tc.id = e.course_id AND tc.ecm) OR EXISTS (SELECT 1 FROM training_questionnaire_receipts r WHERE r.enrolment_id = e.id))`,
  );
  const t = Date.now();
  await client.query('VACUUM ANALYZE');
  console.log(`  vacuum analyze: ${secondsSince(t)}`);
}

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'ponte-bench-training-'));
  const database = await createBenchDatabase('ponte_bench_training');
  const secret = randomBytes(32).toString('hex');
  const cookieNames = COOKIE_NAMES(true);
  let ponte: ReturnType<typeof startPonte> | undefined;
  const client = new pg.Client({ connectionString: database.url });
  try {
    const started = Date.now();
    console.log('Seeding the demo content…');
    const courses = await seedContent(database.url, join(dir, 'data'), secret);
    console.log(`Generating ${LEARNERS.toLocaleString('en')} learners in ${courses.length} courses…`);
    await client.connect();
    const generating = Date.now();
    await generate(client, courses);
    const counts = (await client.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM training_enrolments) AS enrolments, (SELECT count(*) FROM training_lesson_progress) AS progress,
              (SELECT count(*) FROM training_attempts) AS attempts, (SELECT count(*) FROM training_certificates) AS certificates, (SELECT count(*) FROM training_questionnaire_responses) AS responses,
              pg_size_pretty(pg_database_size(current_database())) AS size`,
    )).rows[0]!;
    const generation = secondsSince(generating);
    console.log(`Generated in ${generation} (${secondsSince(started)} with the demo content): ${JSON.stringify(counts)}`);

    // Each connection is a different learner; the trainer runs the big cohort.
    const learners = Array.from({ length: CONNECTIONS }, (_, c) => `learner${1 + Math.floor((c * LEARNERS) / CONNECTIONS)}@bench.example`);
    const tokens = await benchSessions(client, learners);
    const [trainerToken] = await benchSessions(client, [DEMO_TRAINER_EMAIL]);
    const csrf = randomToken();
    const cookie = (token: string) => `${cookieNames.session}=${token}; ${cookieNames.csrf}=${csrf}`;
    const csrfToken = hmac(secret, 'csrf', csrf);
    const lessons = courses.flatMap((c) => c.lessons.map((id) => ({ slug: c.slug, id })));

    const host = `http://127.0.0.1:${await freePort()}`;
    const log = openSync(join(dir, 'ponte.log'), 'a');
    ponte = startPonte({
      args: ['--no-demo'],
      env: { SECRET_KEY: secret, DATABASE_URL: database.url, DATA_DIR: join(dir, 'data'), HOST: '127.0.0.1', PORT: new URL(host).port, PONTE_ROLE: 'all', LOG_LEVEL: 'info' },
      output: log,
    });
    await waitFor(`${host}/readyz`, ponte);

    // Every request of the load must be what it claims: a 200 lesson page, a 204 write.
    const first = await fetch(`${host}/learn/${lessons[0]!.slug}/lessons/${lessons[0]!.id}`, { headers: { cookie: cookie(tokens[0]!) }, redirect: 'manual' });
    if (first.status !== 200) throw new Error(`lesson page: ${first.status} ${first.headers.get('location') ?? ''}`);
    const write = await fetch(`${host}/api/learning/time`, { method: 'POST', headers: { cookie: cookie(tokens[0]!), 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ lesson: lessons[0]!.id, seconds: 30 }) });
    if (write.status !== 204) throw new Error(`progress write: ${write.status} ${await write.text()}`);

    const machine = await describeMachine(database.admin);
    console.log(`\nMachine: ${machine.nproc} CPUs (nproc), ${machine.cpu}, ${machine.memory}; Node ${machine.node}, PostgreSQL ${machine.postgres}; Ponte ${machine.commit}; load average ${machine.load}`);
    console.log(`Ponte: 1 process (ponte start, role all, NODE_ENV=production, LOG_LEVEL=info). autocannon: ${CONNECTIONS} connections, each a different learner, ${SECONDS} s per scenario in ${SLICES} slices alternating with the reference, after ${WARMUP_SECONDS} s of warm-up.\n`);

    /** Each connection signs in as its own learner and goes through the 20 lessons in turn. */
    const perLearner = (request: (lesson: { slug: string; id: string }, c: number) => { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string }) => {
      let next = 0;
      return {
        url: host,
        connections: CONNECTIONS,
        setupClient: (client: { setRequests(r: unknown[]): void }) => {
          const c = next++ % CONNECTIONS;
          client.setRequests(lessons.map((_, j) => request(lessons[(j + c) % lessons.length]!, c)));
        },
      };
    };
    const lessonPage = perLearner((l, c) => ({ method: 'GET', path: `/learn/${l.slug}/lessons/${l.id}`, headers: { cookie: cookie(tokens[c]!) } }));
    const progressWrite = perLearner((l, c) => ({ method: 'POST', path: '/api/learning/time', headers: { cookie: cookie(tokens[c]!), 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ lesson: l.id, seconds: 30 }) }));
    const floor = perLearner((_l, c) => ({ method: 'GET', path: '/healthz', headers: { cookie: cookie(tokens[c]!) } }));

    const rows: string[] = [];
    let failed = false;
    const measure = async (name: string, scenario: ReturnType<typeof perLearner>) => {
      process.stdout.write(`${name}… `);
      const { run, ref } = await alternating(scenario, floor, { seconds: SECONDS, slices: SLICES, warmupSeconds: WARMUP_SECONDS });
      const [p50, p99] = [run.percentile(50), run.percentile(99)];
      const pass = run.rps >= TARGET_RPS && p99 < TARGET_P99_MS && run.failures === 0;
      failed ||= !pass;
      console.log(pass ? 'PASS' : 'FAIL');
      rows.push(
        `| ${name} | ${Math.round(run.rps)} | ${ms(p50)} / ${ms(p99)} | ${Math.round(ref.rps)} | ${((run.rps / ref.rps) * 100).toFixed(1)} % | ${peakRssMiB(ponte!.pid!).toFixed(0)} MiB | ${run.failures} | ≥ ${TARGET_RPS}/s, p99 < ${TARGET_P99_MS} ms | ${pass ? 'PASS' : 'FAIL'} |`,
      );
    };
    await measure('lesson page (GET /learn/:slug/lessons/:lesson)', lessonPage);
    await measure('progress write (POST /api/learning/time)', progressWrite);

    // Reports, one request at a time, as a trainer opens them.
    const course = courses[0]!;
    const cohort = (await client.query<{ id: string }>(`SELECT id FROM training_cohorts WHERE invitation_code = 'BENCH-BIG00'`)).rows[0]!.id;
    const enrolled = (await client.query<{ course: string; cohort: string }>(`SELECT count(*) FILTER (WHERE course_id = $1) AS course, count(*) FILTER (WHERE cohort_id = $2) AS cohort FROM training_enrolments`, [course.id, cohort])).rows[0]!;
    const reports = [
      { name: 'trainer home', path: '/trainer' },
      { name: `cohort page (${Number(enrolled.cohort).toLocaleString('en')} learners)`, path: `/trainer/cohorts/${cohort}` },
      { name: `course report (${Number(enrolled.course).toLocaleString('en')} enrolments)`, path: `/trainer/courses/${course.id}/report` },
      { name: 'cohort report', path: `/trainer/courses/${course.id}/report?cohort=${cohort}` },
      ...['gain', 'counts', 'items'].flatMap((table) =>
        ['csv', 'xlsx'].flatMap((format) => [
          { name: `course ${table}.${format}`, path: `/trainer/courses/${course.id}/report.${format}?table=${table}` },
          { name: `cohort ${table}.${format}`, path: `/trainer/courses/${course.id}/report.${format}?table=${table}&cohort=${cohort}` },
        ]),
      ),
    ];
    const reportRows: string[] = [];
    for (const r of reports) {
      const times: number[] = [];
      let errors = 0;
      for (let i = 0; i < REPORT_RUNS; i++) {
        const t = performance.now();
        const res = await fetch(`${host}${r.path}`, { headers: { cookie: cookie(trainerToken!) }, redirect: 'manual' });
        await res.arrayBuffer();
        times.push(performance.now() - t);
        if (res.status !== 200) errors++;
      }
      times.sort((a, b) => a - b);
      const [p50, worst] = [times[Math.floor(times.length / 2)]!, times[times.length - 1]!];
      const pass = worst < TARGET_REPORT_MS && errors === 0;
      failed ||= !pass;
      console.log(`${r.name}: ${ms(p50)} / ${ms(worst)} ${pass ? 'PASS' : 'FAIL'}`);
      reportRows.push(`| ${r.name} | ${ms(p50)} | ${ms(worst)} | ${errors} | < ${TARGET_REPORT_MS} ms | ${pass ? 'PASS' : 'FAIL'} |`);
    }

    console.log(`\nData: ${LEARNERS.toLocaleString('en')} learners, ${Number(counts.enrolments).toLocaleString('en')} enrolments, ${Number(counts.progress).toLocaleString('en')} lesson progress records, ${Number(counts.attempts).toLocaleString('en')} attempts, ${Number(counts.certificates).toLocaleString('en')} certificates, ${Number(counts.responses).toLocaleString('en')} questionnaire answers (${counts.size}); generated in ${generation}.\n`);
    console.log(`| scenario | req/s | p50 / p99 | reference req/s (GET /healthz, same cookies) | ratio | peak RSS | errors | target | result |`);
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |');
    for (const r of rows) console.log(r);
    console.log(`\n| report (${REPORT_RUNS} requests each, one at a time) | p50 | p99 (slowest) | errors | target | result |`);
    console.log('| --- | ---: | ---: | ---: | --- | --- |');
    for (const r of reportRows) console.log(r);
    console.log(`\nPonte peak RSS over the whole run: ${peakRssMiB(ponte.pid!).toFixed(0)} MiB; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}.`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    await client.end().catch(() => undefined);
    await stopPonte(ponte);
    await database.finish();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
