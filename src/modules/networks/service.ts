import { regionTimeZone } from '../../platform/i18n/time-zones.js';
import { and, asc, count, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import icalGenerator, { ICalEventStatus } from 'ical-generator';
import type { Principal } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import { contentChanged } from '../../platform/content-version.js';
import type { Db, DbOrTx } from '../../platform/db/index.js';
import { organisations, regions, roleAssignments, storedFiles, users } from '../../platform/schema.js';
import { saveFile, withFilesDeleted, type Storage } from '../../platform/storage.js';
import {
  networkActions,
  networkAgreements,
  networkAttendance,
  networkDecisions,
  networkMeetings,
  networkMembers,
  networkNews,
  networks,
  type AgreementKind,
  type Attendance,
  type MeetingStatus,
  type MemberRole,
} from './schema.js';

export type Network = typeof networks.$inferSelect;
export type Meeting = typeof networkMeetings.$inferSelect;
export type Region = typeof regions.$inferSelect;

/** The time zone a network's meetings are written and shown in: its region's. */
export const timeZoneOf = (region: Pick<Region, 'country' | 'code'>): string => regionTimeZone(region.country, region.code);

/** Today's date (YYYY-MM-DD) in a time zone. */
export const localDate = (now: Date, tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** "Thursday 12 March 2026, 10:00 – 12:30 (Europe/Rome)": the meeting's time where the network is. */
export function formatMeetingTime(locale: string, m: Pick<Meeting, 'startsAt' | 'endsAt'>, tz: string): string {
  const f = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: tz });
  return `${f.formatRange(m.startsAt, m.endsAt)} (${tz.replace(/_/g, ' ')})`;
}

// ---- Networks and regions ----------------------------------------------------------------------------

/** Active membership: not left, or leaving on a later day. */
const activeMember = (today: string) => or(isNull(networkMembers.leftOn), gt(networkMembers.leftOn, today));
const today = () => new Date().toISOString().slice(0, 10);

export async function listNetworks(db: DbOrTx) {
  return db
    .select({
      id: networks.id,
      slug: networks.slug,
      name: networks.name,
      description: networks.description,
      region: regions.name,
      regionCode: regions.code,
      country: regions.country,
      members: sql<number>`(SELECT count(*)::int FROM network_members m WHERE m.network_id = ${networks.id} AND (m.left_on IS NULL OR m.left_on > CURRENT_DATE))`,
    })
    .from(networks)
    .innerJoin(regions, eq(regions.id, networks.regionId))
    .orderBy(asc(regions.country), asc(regions.name), asc(networks.name));
}

export async function getNetwork(db: DbOrTx, slug: string) {
  const [row] = await db.select({ network: networks, region: regions }).from(networks).innerJoin(regions, eq(regions.id, networks.regionId)).where(eq(networks.slug, slug));
  return row ?? null;
}
export type NetworkWithRegion = NonNullable<Awaited<ReturnType<typeof getNetwork>>>;

export interface NetworkInput {
  slug: string;
  regionId: string;
  name: string;
  locale: string;
  description: string;
  contactEmail: string | null;
}

/** Creates a network; null when the slug is taken. */
export async function createNetwork(db: DbOrTx, input: NetworkInput, actorId: string): Promise<Network | null> {
  const [n] = await db.insert(networks).values(input).onConflictDoNothing({ target: networks.slug }).returning();
  if (!n) return null;
  await audit(db, { actorId, action: 'network.create', outcome: 'success', targetType: 'network', targetId: n.id });
  await contentChanged(db);
  return n;
}

export async function updateNetwork(db: DbOrTx, id: string, input: Omit<NetworkInput, 'slug' | 'regionId'>, actorId: string): Promise<void> {
  await db.update(networks).set({ ...input, updatedAt: new Date() }).where(eq(networks.id, id));
  await audit(db, { actorId, action: 'network.update', outcome: 'success', targetType: 'network', targetId: id });
  await contentChanged(db);
}

export async function listRegionsWithNetworks(db: DbOrTx) {
  return db
    .select({ id: regions.id, country: regions.country, code: regions.code, name: regions.name, networks: sql<number>`(SELECT count(*)::int FROM networks n WHERE n.region_id = ${regions.id})` })
    .from(regions)
    .orderBy(asc(regions.country), asc(regions.code));
}

// ---- Members and access ------------------------------------------------------------------------------

export async function listMembers(db: DbOrTx, networkId: string, opts: { includeLeft?: boolean } = {}) {
  return db
    .select({ organisationId: organisations.id, name: organisations.name, typeCode: organisations.typeCode, role: networkMembers.role, joinedOn: networkMembers.joinedOn, leftOn: networkMembers.leftOn })
    .from(networkMembers)
    .innerJoin(organisations, eq(organisations.id, networkMembers.organisationId))
    .where(and(eq(networkMembers.networkId, networkId), opts.includeLeft ? undefined : activeMember(today())))
    .orderBy(asc(sql`${networkMembers.role} = 'member'`), asc(organisations.name));
}
export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];

export interface NetworkAccess {
  /** The user belongs to an organisation that is a member (or is an administrator). */
  member: boolean;
  /** The user may manage the network: an administrator, or a network coordinator of a coordinating member. */
  manager: boolean;
  /** The member organisations the user belongs to. */
  organisationIds: string[];
}

/**
 * What a user may do in a network. A user belongs to an organisation when they hold any role scoped to it;
 * managers hold `network-coordinator` for a member organisation whose role in the network is coordinator.
 */
export async function accessTo(db: DbOrTx, principal: Principal | null, networkId: string): Promise<NetworkAccess> {
  if (!principal) return { member: false, manager: false, organisationIds: [] };
  const admin = principal.roles.some((g) => g.role === 'administrator');
  const orgIds = [...new Set(principal.roles.map((g) => g.organisationId).filter((x): x is string => !!x))];
  const rows = orgIds.length
    ? await db
        .select({ organisationId: networkMembers.organisationId, role: networkMembers.role })
        .from(networkMembers)
        .where(and(eq(networkMembers.networkId, networkId), inArray(networkMembers.organisationId, orgIds), activeMember(today())))
    : [];
  const coordinating = new Set(rows.filter((r) => r.role === 'coordinator').map((r) => r.organisationId));
  const manager = admin || principal.roles.some((g) => g.role === 'network-coordinator' && g.organisationId !== null && coordinating.has(g.organisationId));
  return { member: admin || rows.length > 0, manager, organisationIds: rows.map((r) => r.organisationId) };
}

/** Organisations that may join: not active members already. */
export async function candidateOrganisations(db: DbOrTx, networkId: string) {
  return db
    .select({ id: organisations.id, name: organisations.name, country: organisations.country })
    .from(organisations)
    .where(sql`NOT EXISTS (SELECT 1 FROM network_members m WHERE m.network_id = ${networkId} AND m.organisation_id = ${organisations.id} AND (m.left_on IS NULL OR m.left_on > CURRENT_DATE))`)
    .orderBy(asc(organisations.name))
    .limit(2000);
}

/** Adds an organisation (or brings back one that had left) with a role. */
export async function addMember(db: DbOrTx, networkId: string, organisationId: string, role: MemberRole, actorId: string, joinedOn = today()): Promise<void> {
  await db
    .insert(networkMembers)
    .values({ networkId, organisationId, role, joinedOn })
    .onConflictDoUpdate({ target: [networkMembers.networkId, networkMembers.organisationId], set: { role, joinedOn, leftOn: null } });
  await audit(db, { actorId, action: 'network.member.add', outcome: 'success', targetType: 'network', targetId: networkId, details: { organisationId, role } });
  await contentChanged(db);
}

export async function setMemberRole(db: DbOrTx, networkId: string, organisationId: string, role: MemberRole, actorId: string): Promise<boolean> {
  const r = await db
    .update(networkMembers)
    .set({ role })
    .where(and(eq(networkMembers.networkId, networkId), eq(networkMembers.organisationId, organisationId), activeMember(today())))
    .returning({ id: networkMembers.organisationId });
  if (!r.length) return false;
  await audit(db, { actorId, action: 'network.member.role', outcome: 'success', targetType: 'network', targetId: networkId, details: { organisationId, role } });
  await contentChanged(db);
  return true;
}

/** The organisation leaves: it stays listed in past meetings and agreements. */
export async function removeMember(db: DbOrTx, networkId: string, organisationId: string, actorId: string): Promise<boolean> {
  const r = await db
    .update(networkMembers)
    .set({ leftOn: today() })
    .where(and(eq(networkMembers.networkId, networkId), eq(networkMembers.organisationId, organisationId), activeMember(today())))
    .returning({ id: networkMembers.organisationId });
  if (!r.length) return false;
  await audit(db, { actorId, action: 'network.member.remove', outcome: 'success', targetType: 'network', targetId: networkId, details: { organisationId } });
  await contentChanged(db);
  return true;
}

/** Active users who belong to any of the organisations (hold a role scoped to it). */
export async function usersOf(db: DbOrTx, organisationIds: string[]) {
  if (!organisationIds.length) return [];
  return db
    .selectDistinct({ id: users.id, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .where(and(inArray(roleAssignments.organisationId, organisationIds), eq(users.status, 'active')))
    .orderBy(asc(users.name), asc(users.id));
}

// ---- Meetings ----------------------------------------------------------------------------------------

export interface MeetingInput {
  title: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  onlineUrl: string | null;
  agenda: string;
  minutes: string;
  status: MeetingStatus;
}

export async function createMeeting(db: DbOrTx, networkId: string, input: MeetingInput, actorId: string): Promise<string> {
  const [m] = await db.insert(networkMeetings).values({ ...input, networkId, createdById: actorId }).returning({ id: networkMeetings.id });
  await audit(db, { actorId, action: 'network.meeting.create', outcome: 'success', targetType: 'network', targetId: networkId, details: { meetingId: m!.id } });
  await contentChanged(db);
  return m!.id;
}

/** Saves a meeting; a new time sends the reminder again before it. */
export async function updateMeeting(db: DbOrTx, meeting: Meeting, input: MeetingInput, actorId: string): Promise<void> {
  const moved = meeting.startsAt.getTime() !== input.startsAt.getTime();
  await db
    .update(networkMeetings)
    .set({ ...input, updatedAt: new Date(), ...(moved ? { remindedAt: null } : {}) })
    .where(eq(networkMeetings.id, meeting.id));
  await audit(db, { actorId, action: 'network.meeting.update', outcome: 'success', targetType: 'network', targetId: meeting.networkId, details: { meetingId: meeting.id, moved } });
  await contentChanged(db);
}

export async function getMeeting(db: DbOrTx, networkId: string, id: string): Promise<Meeting | null> {
  const [m] = await db.select().from(networkMeetings).where(and(eq(networkMeetings.networkId, networkId), eq(networkMeetings.id, id)));
  return m ?? null;
}

export async function listMeetings(db: DbOrTx, networkId: string) {
  return db.select().from(networkMeetings).where(eq(networkMeetings.networkId, networkId)).orderBy(desc(networkMeetings.startsAt));
}

/** What the public page shows of the meetings to come: date and title only. */
export async function upcomingMeetings(db: DbOrTx, networkId: string, now = new Date()) {
  return db
    .select({ id: networkMeetings.id, title: networkMeetings.title, startsAt: networkMeetings.startsAt, endsAt: networkMeetings.endsAt })
    .from(networkMeetings)
    .where(and(eq(networkMeetings.networkId, networkId), eq(networkMeetings.status, 'planned'), gt(networkMeetings.endsAt, now)))
    .orderBy(asc(networkMeetings.startsAt))
    .limit(10);
}

export async function meetingRecord(db: DbOrTx, meetingId: string) {
  const [attendance, decisions, actions] = await Promise.all([
    db
      .select({ organisationId: networkAttendance.organisationId, status: networkAttendance.status, attendees: networkAttendance.attendees })
      .from(networkAttendance)
      .where(eq(networkAttendance.meetingId, meetingId)),
    db.select().from(networkDecisions).where(eq(networkDecisions.meetingId, meetingId)).orderBy(asc(networkDecisions.sort), asc(networkDecisions.id)),
    actionsQuery(db, and(eq(networkActions.meetingId, meetingId))!),
  ]);
  return { attendance, decisions, actions };
}

/** Records attendance per member organisation (one row each, replaced). */
export async function setAttendance(db: DbOrTx, meeting: Pick<Meeting, 'id' | 'networkId'>, rows: { organisationId: string; status: Attendance; attendees: string }[], actorId: string): Promise<void> {
  const meetingId = meeting.id;
  await audit(db, { actorId, action: 'network.meeting.attendance', outcome: 'success', targetType: 'network', targetId: meeting.networkId, details: { meetingId } });
  for (const r of rows) {
    await db
      .insert(networkAttendance)
      .values({ meetingId, ...r })
      .onConflictDoUpdate({ target: [networkAttendance.meetingId, networkAttendance.organisationId], set: { status: r.status, attendees: r.attendees } });
  }
}

export async function addDecision(db: DbOrTx, meeting: Pick<Meeting, 'id' | 'networkId'>, text: string, actorId: string): Promise<void> {
  const [{ n }] = (await db.select({ n: count() }).from(networkDecisions).where(eq(networkDecisions.meetingId, meeting.id))) as [{ n: number }];
  const [d] = await db.insert(networkDecisions).values({ meetingId: meeting.id, text, sort: n + 1 }).returning({ id: networkDecisions.id });
  await audit(db, { actorId, action: 'network.decision.add', outcome: 'success', targetType: 'network', targetId: meeting.networkId, details: { decisionId: d!.id, meetingId: meeting.id } });
}

export type Decision = typeof networkDecisions.$inferSelect;

/** A decision of one of the network's meetings, or null (another network's decision is not found). */
export async function getDecision(db: DbOrTx, networkId: string, id: string): Promise<Decision | null> {
  const [row] = await db
    .select({ decision: networkDecisions })
    .from(networkDecisions)
    .innerJoin(networkMeetings, eq(networkMeetings.id, networkDecisions.meetingId))
    .where(and(eq(networkMeetings.networkId, networkId), eq(networkDecisions.id, id)));
  return row?.decision ?? null;
}

/** Decisions are read by members only: no public content changes. */
export async function updateDecision(db: DbOrTx, networkId: string, decision: Decision, text: string, actorId: string): Promise<void> {
  await db.update(networkDecisions).set({ text }).where(eq(networkDecisions.id, decision.id));
  await audit(db, { actorId, action: 'network.decision.update', outcome: 'success', targetType: 'network', targetId: networkId, details: { decisionId: decision.id, meetingId: decision.meetingId } });
}

export async function deleteDecision(db: DbOrTx, networkId: string, decision: Decision, actorId: string): Promise<void> {
  await db.delete(networkDecisions).where(eq(networkDecisions.id, decision.id));
  await audit(db, { actorId, action: 'network.decision.delete', outcome: 'success', targetType: 'network', targetId: networkId, details: { decisionId: decision.id, meetingId: decision.meetingId } });
}

// ---- Actions -----------------------------------------------------------------------------------------

const ownerUser = sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${networkActions.ownerUserId})`;
const ownerOrg = sql<string | null>`(SELECT o.name FROM organisations o WHERE o.id = ${networkActions.ownerOrganisationId})`;
function actionsQuery(db: DbOrTx, where: ReturnType<typeof and>) {
  return db
    .select({ action: networkActions, ownerName: ownerUser, ownerOrganisation: ownerOrg })
    .from(networkActions)
    .where(where)
    .orderBy(asc(sql`${networkActions.doneAt} IS NOT NULL`), asc(networkActions.dueOn), asc(networkActions.title));
}
export type ActionRow = Awaited<ReturnType<typeof actionsQuery>>[number];

export async function listActions(db: DbOrTx, networkId: string) {
  return actionsQuery(db, eq(networkActions.networkId, networkId));
}

export async function addAction(db: DbOrTx, input: { networkId: string; meetingId: string | null; title: string; ownerUserId: string | null; ownerOrganisationId: string | null; dueOn: string }, actorId: string): Promise<string> {
  const [a] = await db.insert(networkActions).values(input).returning({ id: networkActions.id });
  await audit(db, { actorId, action: 'network.action.add', outcome: 'success', targetType: 'network', targetId: input.networkId, details: { actionId: a!.id, meetingId: input.meetingId } });
  return a!.id;
}

export type Action = typeof networkActions.$inferSelect;

export async function getAction(db: DbOrTx, networkId: string, id: string): Promise<Action | null> {
  const [a] = await db.select().from(networkActions).where(and(eq(networkActions.networkId, networkId), eq(networkActions.id, id)));
  return a ?? null;
}

/** Marks an action done (or open again). */
export async function setActionDone(db: DbOrTx, action: Pick<Action, 'id' | 'networkId'>, done: boolean, actorId: string, now = new Date()): Promise<void> {
  await db.update(networkActions).set({ doneAt: done ? now : null }).where(eq(networkActions.id, action.id));
  await audit(db, { actorId, action: done ? 'network.action.done' : 'network.action.reopen', outcome: 'success', targetType: 'network', targetId: action.networkId, details: { actionId: action.id } });
}

/**
 * Who may be made responsible for an action: the users and organisations of the active members, and the action's
 * current owners even when they have left since (so that saving other changes keeps them).
 */
export async function actionOwnerChoices(db: DbOrTx, networkId: string, current?: Pick<Action, 'ownerUserId' | 'ownerOrganisationId'>) {
  const members = (await listMembers(db, networkId, { includeLeft: true })).filter((m) => !m.leftOn || m.organisationId === current?.ownerOrganisationId);
  const organisations = members.map((m) => ({ id: m.organisationId, name: m.name }));
  const active = members.filter((m) => !m.leftOn).map((m) => m.organisationId);
  const people = (await usersOf(db, active)).map((u) => ({ id: u.id, name: u.name || u.id.slice(0, 8) }));
  if (current?.ownerUserId && !people.some((u) => u.id === current.ownerUserId)) {
    const [u] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, current.ownerUserId));
    if (u) people.push({ id: u.id, name: u.name || u.id.slice(0, 8) });
  }
  return { people, organisations };
}

export interface ActionInput {
  title: string;
  ownerUserId: string | null;
  ownerOrganisationId: string | null;
  dueOn: string;
}

/** Saves an action; a new due date sends its reminders again (before the new date, and when it is overdue). */
export async function updateAction(db: DbOrTx, action: Action, input: ActionInput, actorId: string): Promise<void> {
  const moved = action.dueOn !== input.dueOn;
  await db
    .update(networkActions)
    .set({ ...input, ...(moved ? { remindedAt: null, overdueRemindedAt: null } : {}) })
    .where(eq(networkActions.id, action.id));
  await audit(db, { actorId, action: 'network.action.update', outcome: 'success', targetType: 'network', targetId: action.networkId, details: { actionId: action.id, dueOnChanged: moved } });
}

export async function deleteAction(db: DbOrTx, action: Action, actorId: string): Promise<void> {
  await db.delete(networkActions).where(eq(networkActions.id, action.id));
  await audit(db, { actorId, action: 'network.action.delete', outcome: 'success', targetType: 'network', targetId: action.networkId, details: { actionId: action.id } });
}

// ---- Agreements --------------------------------------------------------------------------------------

export async function listAgreements(db: DbOrTx, networkId: string, opts: { publicOnly: boolean }) {
  return db
    .select({ agreement: networkAgreements, file: { id: storedFiles.id, name: storedFiles.name, size: storedFiles.size, contentType: storedFiles.contentType } })
    .from(networkAgreements)
    .leftJoin(storedFiles, eq(storedFiles.id, networkAgreements.fileId))
    .where(and(eq(networkAgreements.networkId, networkId), opts.publicOnly ? eq(networkAgreements.public, true) : undefined))
    .orderBy(desc(sql`coalesce(${networkAgreements.signedOn}, ${networkAgreements.createdAt}::date)`), asc(networkAgreements.title));
}
export type AgreementRow = Awaited<ReturnType<typeof listAgreements>>[number];

export interface AgreementInput {
  kind: AgreementKind;
  title: string;
  summary: string;
  parties: string[];
  signedOn: string | null;
  validUntil: string | null;
  public: boolean;
}

export async function createAgreement(db: DbOrTx, storage: Storage, networkId: string, input: AgreementInput, file: { name: string; contentType: string; bytes: Buffer } | null, actorId: string): Promise<string> {
  const stored = file ? await saveFile(db, storage, { ...file, createdBy: actorId }) : null;
  const [a] = await db
    .insert(networkAgreements)
    .values({ ...input, networkId, fileId: stored?.id ?? null })
    .returning({ id: networkAgreements.id });
  await audit(db, { actorId, action: 'network.agreement.add', outcome: 'success', targetType: 'network', targetId: networkId, details: { agreementId: a!.id, file: !!stored } });
  if (input.public) await contentChanged(db);
  return a!.id;
}

export type Agreement = typeof networkAgreements.$inferSelect;

/** An agreement of the network with its file's name and size, or null (another network's agreement is not found). */
export async function getAgreement(db: DbOrTx, networkId: string, id: string) {
  const [row] = await db
    .select({ agreement: networkAgreements, file: { id: storedFiles.id, name: storedFiles.name, size: storedFiles.size, contentType: storedFiles.contentType } })
    .from(networkAgreements)
    .leftJoin(storedFiles, eq(storedFiles.id, networkAgreements.fileId))
    .where(and(eq(networkAgreements.networkId, networkId), eq(networkAgreements.id, id)));
  return row ?? null;
}

/**
 * Saves an agreement's facts and, when asked, replaces or removes its document. A document it no longer keeps
 * is deleted through the platform's storage (its record in the same transaction, its bytes after the commit
 * unless another record shares them), as the media library does.
 */
export async function updateAgreement(
  db: Db,
  storage: Storage,
  agreement: Agreement,
  input: AgreementInput,
  document: { replace: { name: string; contentType: string; bytes: Buffer } | null; remove: boolean },
  actorId: string,
): Promise<void> {
  await withFilesDeleted(db, storage, async (tx) => {
    const stored = document.replace ? await saveFile(tx, storage, { ...document.replace, createdBy: actorId }) : null;
    const fileId = stored ? stored.id : document.remove ? null : agreement.fileId;
    await tx.update(networkAgreements).set({ ...input, fileId }).where(eq(networkAgreements.id, agreement.id));
    const file = stored ? 'replaced' : fileId === agreement.fileId ? 'kept' : 'removed';
    await audit(tx, { actorId, action: 'network.agreement.update', outcome: 'success', targetType: 'network', targetId: agreement.networkId, details: { agreementId: agreement.id, file } });
    // The public page lists public agreements: a change to one, or to whether it is public, changes it.
    if (input.public || agreement.public) await contentChanged(tx);
    return { fileIds: agreement.fileId && agreement.fileId !== fileId ? [agreement.fileId] : [], result: undefined };
  });
}

/** Deletes an agreement; its document goes through the platform's storage, as in `updateAgreement`. */
export async function deleteAgreement(db: Db, storage: Storage, agreement: Agreement, actorId: string): Promise<void> {
  await withFilesDeleted(db, storage, async (tx) => {
    await tx.delete(networkAgreements).where(eq(networkAgreements.id, agreement.id));
    await audit(tx, { actorId, action: 'network.agreement.delete', outcome: 'success', targetType: 'network', targetId: agreement.networkId, details: { agreementId: agreement.id, file: !!agreement.fileId } });
    if (agreement.public) await contentChanged(tx);
    return { fileIds: agreement.fileId ? [agreement.fileId] : [], result: undefined };
  });
}

/** The file of an agreement of the network, or null. */
export async function agreementFile(db: DbOrTx, networkId: string, agreementId: string) {
  const [row] = await db
    .select({ key: storedFiles.key, name: storedFiles.name, size: storedFiles.size, contentType: storedFiles.contentType, public: networkAgreements.public })
    .from(networkAgreements)
    .innerJoin(storedFiles, eq(storedFiles.id, networkAgreements.fileId))
    .where(and(eq(networkAgreements.networkId, networkId), eq(networkAgreements.id, agreementId)));
  return row ?? null;
}

// ---- News --------------------------------------------------------------------------------------------

export async function listNews(db: DbOrTx, networkId: string, opts: { publicOnly: boolean; limit?: number }) {
  return db
    .select()
    .from(networkNews)
    .where(and(eq(networkNews.networkId, networkId), opts.publicOnly ? eq(networkNews.public, true) : undefined))
    .orderBy(desc(networkNews.publishedAt))
    .limit(opts.limit ?? 50);
}

export type News = typeof networkNews.$inferSelect;

export async function getNews(db: DbOrTx, networkId: string, id: string): Promise<News | null> {
  const [n] = await db.select().from(networkNews).where(and(eq(networkNews.networkId, networkId), eq(networkNews.id, id)));
  return n ?? null;
}

/** Saves news; the public page changes when it was or becomes public. */
export async function updateNews(db: DbOrTx, news: News, input: { title: string; body: string; public: boolean }, actorId: string): Promise<void> {
  await db.update(networkNews).set(input).where(eq(networkNews.id, news.id));
  await audit(db, { actorId, action: 'network.news.update', outcome: 'success', targetType: 'network', targetId: news.networkId, details: { newsId: news.id, public: input.public } });
  if (input.public || news.public) await contentChanged(db);
}

export async function deleteNews(db: DbOrTx, news: News, actorId: string): Promise<void> {
  await db.delete(networkNews).where(eq(networkNews.id, news.id));
  await audit(db, { actorId, action: 'network.news.delete', outcome: 'success', targetType: 'network', targetId: news.networkId, details: { newsId: news.id } });
  if (news.public) await contentChanged(db);
}

export async function publishNews(db: DbOrTx, networkId: string, input: { title: string; body: string; public: boolean }, authorId: string): Promise<string> {
  const [n] = await db.insert(networkNews).values({ ...input, networkId, authorId }).returning({ id: networkNews.id });
  if (input.public) await contentChanged(db);
  return n!.id;
}

// ---- Calendar ----------------------------------------------------------------------------------------

/** An iCalendar file (RFC 5545) of one meeting, with a stable UID; cancelled meetings say so. */
export function meetingCalendar(opts: { baseUrl: string; network: Network; meeting: Meeting }): string {
  const { network, meeting } = opts;
  const host = new URL(opts.baseUrl).host;
  const url = `${opts.baseUrl}/networks/${network.slug}/meetings/${meeting.id}`;
  const cal = icalGenerator({ name: network.name, prodId: { company: 'Ponte', product: 'Ponte networks', language: network.locale.toUpperCase() } });
  cal.createEvent({
    id: `network-meeting-${meeting.id}@${host}`,
    start: meeting.startsAt,
    end: meeting.endsAt,
    stamp: meeting.updatedAt,
    lastModified: meeting.updatedAt,
    summary: `${network.name}: ${meeting.title}`,
    description: [meeting.agenda, url].filter(Boolean).join('\n\n'),
    location: [meeting.place, meeting.onlineUrl].filter(Boolean).join(' · ') || null,
    url,
    status: meeting.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return cal.toString();
}

