import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { grantRole } from '../../platform/identity/organisations.js';
import { createUser, findUserByEmail, type Profession } from '../../platform/identity/users.js';
import { drawQuestions } from './assessments.js';
import { issueCertificate } from './certificates.js';
import { QUESTIONNAIRES } from './content.js';
import { assessments, attempts, cohorts, cohortTrainers, courses, enrolments, lessonProgress, liveRegistrations, liveSessions, questionnaireReceipts, questionnaireResponses, questions, type AttemptAnswer } from './schema.js';
import { currentVersion, lessonsInOrder, loadSnapshot } from './versions.js';

/** A small seeded generator (mulberry32): the demo's learners and their results are the same on every start. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Giulia', 'Marco', 'Sofia', 'Luca', 'Anna', 'Jonas', 'Lea', 'Elena', 'Carmen', 'Pablo', 'Maria', 'Nikos', 'Eleni', 'Andreas', 'Chiara', 'Paolo', 'Sara', 'Tobias', 'Lucía', 'Dimitra'];
const LAST = ['Esposito', 'Bianchi', 'Romano', 'Weber', 'Schmidt', 'García', 'López', 'Papadopoulou', 'Georgiou', 'Ricci', 'Fischer', 'Martín', 'Christou', 'Conti', 'Greco'];
const PLACES: { country: string; locale: string }[] = [
  { country: 'IT', locale: 'it' },
  { country: 'IT', locale: 'it' },
  { country: 'DE', locale: 'de' },
  { country: 'ES', locale: 'es' },
  { country: 'GR', locale: 'el' },
  { country: 'CY', locale: 'el' },
];
const PROFESSIONS: Profession[] = ['nurse', 'nurse', 'physician', 'psychologist', 'social-worker', 'cultural-mediator', 'nurse', 'psychiatrist'];

export const DEMO_TRAINER_EMAIL = 'trainer@example.org';

/**
 * A cohort of synthetic learners (fictional names, example.org addresses that cannot sign in) on the first
 * EU-MiCare module, with progress, pre-test and final-test attempts, certificates and satisfaction answers,
 * so that the trainer's report shows real figures. The demo trainer (trainer@example.org) runs the cohort.
 */
export async function seedDemoLearners(db: DbOrTx, slug = 'migration-culture-mental-health', count = 40): Promise<void> {
  if (await findUserByEmail(db, DEMO_TRAINER_EMAIL)) return;
  const [course] = await db.select().from(courses).where(eq(courses.slug, slug));
  if (!course) return;
  const version = (await currentVersion(db, course.id, null))!;
  const lessonIds = lessonsInOrder(await loadSnapshot(db, version.id)).map((x) => x.lesson.id);
  const trainer = await createUser(db, { email: DEMO_TRAINER_EMAIL, passwordHash: null, name: 'Demo Trainer', locale: 'it', verified: true });
  await grantRole(db, trainer.id, 'trainer', null);
  const [cohort] = await db.insert(cohorts).values({ courseId: course.id, name: 'EU-MiCare pilot, Milano', startsOn: '2025-03-03', endsOn: '2025-06-30', invitationCode: 'DEM0C-0H0RT' }).returning();
  await db.insert(cohortTrainers).values({ cohortId: cohort!.id, userId: trainer.id });
  const tests = await db.select().from(assessments).where(eq(assessments.courseId, course.id));
  const pre = tests.find((t) => t.kind === 'pre-test')!;
  const post = tests.find((t) => t.kind === 'post-test')!;
  const bank = await db.select().from(questions).where(and(eq(questions.courseId, course.id), eq(questions.retired, false)));
  const rnd = random(2025);
  const at = (day: number) => sql`'2025-03-03'::timestamptz + make_interval(days => ${day})`;

  /** An attempt whose answers are right with probability `p` (options shown in authored order). */
  const attempt = (enrolmentId: string, assessment: typeof pre, number: number, p: number, seen: Set<string>, day: number) => {
    const { ids } = drawQuestions(bank, assessment.questionsPerAttempt, seen);
    ids.forEach((id) => seen.add(id));
    const answers: AttemptAnswer[] = ids.map((questionId) => {
      const q = bank.find((x) => x.id === questionId)!;
      const right = rnd() < p;
      const correct = q.data.kind === 'single' ? q.data.correct : 0;
      return { questionId, answer: right ? correct : (correct + 1) % 4, correct: right };
    });
    const score = Math.round((answers.filter((a) => a.correct).length / answers.length) * 10000) / 100;
    return { enrolmentId, assessmentId: assessment.id, number, locale: 'en', items: ids.map((questionId) => ({ questionId, order: [0, 1, 2, 3] })), answers, scorePercent: score, passed: assessment.kind === 'post-test' ? score >= assessment.passMark : null, startedAt: at(day), submittedAt: at(day) };
  };

  // A workshop the cohort attended, and a webinar still to come (three weeks after the demo is seeded).
  const [workshop] = await db
    .insert(liveSessions)
    .values({ courseId: course.id, cohortId: cohort!.id, kind: 'workshop', locale: 'it', title: 'Laboratorio: il colloquio con l’interprete', description: 'Esercitazioni a gruppi su casi proposti dai partecipanti.', facilitatorGuide: 'Dividere i partecipanti in gruppi di tre: clinico, persona assistita, interprete. Ogni giro dura venti minuti, poi si discute in plenaria.', startsAt: new Date('2025-04-10T07:30:00Z'), endsAt: new Date('2025-04-10T11:30:00Z'), timeZone: 'Europe/Rome', mode: 'in-person', place: 'Milano', capacity: 40, createdBy: trainer.id })
    .returning();
  const soon = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 21, 15, 0));
  const [webinar] = await db
    .insert(liveSessions)
    .values({ courseId: course.id, cohortId: cohort!.id, kind: 'webinar', locale: 'it', title: 'Webinar di ritorno: che cosa è cambiato nella pratica', description: 'Un’ora per confrontarsi su che cosa si è potuto applicare.', facilitatorGuide: 'Aprire con un giro di esperienze; raccogliere gli ostacoli per il questionario di follow-up.', startsAt: soon, endsAt: new Date(soon.getTime() + 3600_000), timeZone: 'Europe/Rome', mode: 'online', onlineUrl: 'https://meet.example.org/eu-micare-milano', capacity: 60, createdBy: trainer.id })
    .returning();

  for (let i = 0; i < count; i++) {
    const place = PLACES[i % PLACES.length]!;
    const user = await createUser(db, {
      email: `demo-learner-${String(i + 1).padStart(2, '0')}@example.org`,
      passwordHash: null,
      name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`,
      locale: place.locale,
      country: place.country,
      profession: PROFESSIONS[i % PROFESSIONS.length]!,
      verified: true,
    });
    const [e] = await db.insert(enrolments).values({ userId: user.id, courseId: course.id, major: version.major, cohortId: cohort!.id, enrolledAt: at(0), lastActivityAt: at(10) }).returning();
    // Most learners get to the end; some stop part-way.
    const reached = rnd() < 0.8 ? lessonIds.length : Math.floor(rnd() * lessonIds.length);
    const seen = new Set<string>();
    await db.insert(attempts).values(attempt(e!.id, pre, 1, 0.35 + rnd() * 0.3, seen, 0));
    if (reached) await db.insert(lessonProgress).values(lessonIds.slice(0, reached).map((lessonId, k) => ({ enrolmentId: e!.id, lessonId, firstVisitedAt: at(k + 1), completedAt: at(k + 1), secondsSpent: 900 + Math.floor(rnd() * 900), lastSeenAt: at(k + 1) })));
    if (i < 12) await db.insert(liveRegistrations).values({ sessionId: webinar!.id, enrolmentId: e!.id });
    if (reached < lessonIds.length) continue;
    await db.insert(liveRegistrations).values({ sessionId: workshop!.id, enrolmentId: e!.id, registeredAt: at(20), attendedAt: at(38), markedBy: trainer.id });
    // The final test: most pass at once, some at the second attempt.
    const first = attempt(e!.id, post, 1, 0.65 + rnd() * 0.3, new Set(seen), 6);
    await db.insert(attempts).values(first);
    if (!first.passed) {
      let second = attempt(e!.id, post, 2, 0.92, seen, 8);
      while (!second.passed) second = attempt(e!.id, post, 2, 0.92, seen, 8);
      await db.insert(attempts).values(second);
    }
    // As if the follow-up had gone out long ago: the demo never mails its fictional learners.
    await db.update(enrolments).set({ status: 'completed', completedAt: at(first.passed ? 6 : 8), followUpSentAt: at(100) }).where(eq(enrolments.id, e!.id));
    await db.insert(questionnaireReceipts).values({ enrolmentId: e!.id, kind: 'satisfaction' });
    const answers = Object.fromEntries(QUESTIONNAIRES.satisfaction.items.filter((x) => x.type !== 'text').map((x) => [x.id, x.type === 'scale' ? 3 + Math.floor(rnd() * 3) : rnd() < 0.95]));
    await db.insert(questionnaireResponses).values({ courseId: course.id, kind: 'satisfaction', version: QUESTIONNAIRES.satisfaction.version, locale: place.locale, month: '2025-03-01', answers });
    await issueCertificate(db, e!.id);
  }
}
