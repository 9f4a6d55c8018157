import { and, asc, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { hmac, hmacMatches, type SecretKeys } from '../../platform/auth/crypto.js';
import { users } from '../../platform/schema.js';
import type { LiveSessionKind } from './content.js';
import { cohortTrainers, enrolments, liveRegistrations, liveSessions } from './schema.js';

export type LiveSession = typeof liveSessions.$inferSelect;

export interface LiveSessionInput {
  courseId: string;
  cohortId: string | null;
  kind: LiveSessionKind;
  locale: string;
  title: string;
  description: string;
  facilitatorGuide: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  mode: 'in-person' | 'online' | 'hybrid';
  place: string;
  onlineUrl: string | null;
  capacity: number | null;
}

export async function createLiveSession(db: DbOrTx, input: LiveSessionInput, createdBy: string): Promise<LiveSession> {
  const [s] = await db
    .insert(liveSessions)
    .values({ ...input, createdBy })
    .returning();
  return s!;
}

/** Sessions open to an enrolment: the course's own, and those of the learner's cohort; with their state for the learner. */
export async function sessionsForLearner(db: DbOrTx, enrolment: { id: string; courseId: string; cohortId: string | null }) {
  const rows = await db
    .select({ session: liveSessions, registered: liveRegistrations.registeredAt, attended: liveRegistrations.attendedAt, taken: sql<number>`(select count(*)::int from ${liveRegistrations} r where r.session_id = ${liveSessions.id})` })
    .from(liveSessions)
    .leftJoin(liveRegistrations, and(eq(liveRegistrations.sessionId, liveSessions.id), eq(liveRegistrations.enrolmentId, enrolment.id)))
    .where(and(eq(liveSessions.courseId, enrolment.courseId), enrolment.cohortId ? or(isNull(liveSessions.cohortId), eq(liveSessions.cohortId, enrolment.cohortId)) : isNull(liveSessions.cohortId)))
    .orderBy(asc(liveSessions.startsAt));
  return rows.map((r) => ({ session: r.session, registered: r.registered !== null, attended: r.attended !== null, taken: Number(r.taken) }));
}

export type RegisterResult = 'registered' | 'already' | 'full' | 'over' | 'not-found';

/** Registers a learner, within the capacity (the session row is locked while places are counted). */
export async function registerForSession(db: DbOrTx, sessionId: string, enrolment: { id: string; courseId: string; cohortId: string | null }): Promise<RegisterResult> {
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(liveSessions).where(eq(liveSessions.id, sessionId)).for('update');
    if (!s || s.courseId !== enrolment.courseId || (s.cohortId && s.cohortId !== enrolment.cohortId)) return 'not-found';
    if (s.endsAt <= new Date()) return 'over';
    if (s.capacity !== null) {
      const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(liveRegistrations).where(eq(liveRegistrations.sessionId, sessionId))) as [{ n: number }];
      if (Number(n) >= s.capacity) return 'full';
    }
    const r = await tx.insert(liveRegistrations).values({ sessionId, enrolmentId: enrolment.id }).onConflictDoNothing().returning();
    return r.length ? 'registered' : 'already';
  });
}

/** Cancels a registration that has not been marked attended. */
export async function cancelSessionRegistration(db: DbOrTx, sessionId: string, enrolmentId: string): Promise<boolean> {
  const r = await db
    .delete(liveRegistrations)
    .where(and(eq(liveRegistrations.sessionId, sessionId), eq(liveRegistrations.enrolmentId, enrolmentId), isNull(liveRegistrations.attendedAt)))
    .returning();
  return r.length > 0;
}

/** A session a trainer may run: one they created, of a cohort they train, or any for administrators. */
export async function sessionForTrainer(db: DbOrTx, sessionId: string, userId: string, all: boolean): Promise<LiveSession | null> {
  const [s] = await db.select().from(liveSessions).where(eq(liveSessions.id, sessionId));
  if (!s) return null;
  if (all || s.createdBy === userId) return s;
  if (s.cohortId) {
    const [mine] = await db
      .select({ id: cohortTrainers.userId })
      .from(cohortTrainers)
      .where(and(eq(cohortTrainers.cohortId, s.cohortId), eq(cohortTrainers.userId, userId)));
    if (mine) return s;
  }
  return null;
}

/** The sessions a trainer runs (all for administrators), soonest first. */
export async function sessionsForTrainer(db: DbOrTx, userId: string, all: boolean): Promise<LiveSession[]> {
  if (all) return db.select().from(liveSessions).orderBy(asc(liveSessions.startsAt));
  const trained = db.select({ id: cohortTrainers.cohortId }).from(cohortTrainers).where(eq(cohortTrainers.userId, userId));
  return db
    .select()
    .from(liveSessions)
    .where(or(eq(liveSessions.createdBy, userId), sql`${liveSessions.cohortId} in ${trained}`))
    .orderBy(asc(liveSessions.startsAt));
}

/** Who registered for a session, and who attended. */
export async function sessionRoster(db: DbOrTx, sessionId: string) {
  return db
    .select({ enrolmentId: liveRegistrations.enrolmentId, name: users.name, email: users.email, registeredAt: liveRegistrations.registeredAt, attendedAt: liveRegistrations.attendedAt })
    .from(liveRegistrations)
    .innerJoin(enrolments, eq(enrolments.id, liveRegistrations.enrolmentId))
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(eq(liveRegistrations.sessionId, sessionId))
    .orderBy(asc(users.name), asc(users.email));
}

const ATTENDANCE_MAC_LENGTH = 22;
const attended = (sessionId: string, enrolmentId: string) => `${sessionId}.${enrolmentId}`;

/**
 * The code a learner shows at a session (as a QR code of the trainer's attendance link): keyed to the session
 * and the enrolment, so it marks only that learner at that session, and only for a trainer of the session.
 */
export const attendanceToken = (secret: string, sessionId: string, enrolmentId: string) => hmac(secret, 'attendance', attended(sessionId, enrolmentId)).slice(0, ATTENDANCE_MAC_LENGTH);
export const validAttendanceToken = (keys: SecretKeys, sessionId: string, enrolmentId: string, token: string) => hmacMatches(keys, 'attendance', attended(sessionId, enrolmentId), token, ATTENDANCE_MAC_LENGTH);

/**
 * Marks a learner present (or not) at a session; a learner who came without registering is registered on
 * the spot. Returns the enrolment, so that the course's completion rule can be applied.
 */
export async function markAttendance(db: DbOrTx, session: LiveSession, enrolmentId: string, present: boolean, trainerId: string) {
  const [e] = await db.select().from(enrolments).where(eq(enrolments.id, enrolmentId));
  if (!e || e.courseId !== session.courseId || (session.cohortId && e.cohortId !== session.cohortId)) return null;
  await db
    .insert(liveRegistrations)
    .values({ sessionId: session.id, enrolmentId, attendedAt: present ? new Date() : null, markedBy: trainerId })
    .onConflictDoUpdate({ target: [liveRegistrations.sessionId, liveRegistrations.enrolmentId], set: { attendedAt: present ? sql`coalesce(${liveRegistrations.attendedAt}, now())` : null, markedBy: trainerId } });
  return e;
}

/** How many of the course's live sessions the enrolment attended. */
export async function attendedSessions(db: DbOrTx, enrolmentId: string): Promise<number> {
  const [{ n }] = (await db
    .select({ n: sql<number>`count(*)::int` })
    .from(liveRegistrations)
    .where(and(eq(liveRegistrations.enrolmentId, enrolmentId), isNotNull(liveRegistrations.attendedAt)))) as [{ n: number }];
  return Number(n);
}

/** A learner's coming sessions across their courses (registered or open to them), soonest first. */
export async function upcomingSessionsFor(db: DbOrTx, userId: string) {
  const mine = await db.select().from(enrolments).where(eq(enrolments.userId, userId));
  const now = new Date();
  const lists = await Promise.all(mine.map(async (e) => (await sessionsForLearner(db, e)).filter((x) => x.session.endsAt > now).map((x) => ({ ...x, courseId: e.courseId }))));
  return lists.flat().sort((a, b) => a.session.startsAt.getTime() - b.session.startsAt.getTime());
}
