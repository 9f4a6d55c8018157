import { and, asc, count, desc, eq, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { audit } from '../../platform/audit.js';
import { hmac, hmacMatches } from '../../platform/auth/crypto.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { isLocale, translator, type Locale } from '../../platform/i18n/index.js';
import { signedMail } from '../../platform/mail/html.js';
import type { Platform } from '../../platform/platform.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { sheet } from '../../platform/spreadsheet.js';
import { consentEvents, subscribers, TOPICS } from './schema.js';

export type Subscriber = typeof subscribers.$inferSelect;
export type ConsentEvent = typeof consentEvents.$inferSelect;
export type Topic = (typeof TOPICS)[number];

/** Raised with every change of the consent text's wording, so that the ledger says which wording someone agreed to. */
export const CONSENT_VERSION = '2026-11';
/** How long a confirmation link works. */
const CONFIRM_TTL_S = 7 * 24 * 3600;

// Links. Each is the subscriber's id with a keyed hash, so nothing secret is stored; the confirmation link also
// carries its expiry and the address it confirms, so that it cannot confirm anything else.

// Made with SECRET_KEY; links sent before it was rotated keep working while the earlier key is in SECRET_KEY_PREVIOUS.
const CONFIRM = 'newsletter-confirm';
const MANAGE = 'newsletter-manage';
const confirmed = (id: string, email: string, exp: number) => `${id}.${exp}.${email}`;
const confirmMac = (p: Platform, id: string, email: string, exp: number) => hmac(p.config.secretKey, CONFIRM, confirmed(id, email, exp));
export const manageToken = (p: Platform, id: string) => `${id}.${hmac(p.config.secretKey, MANAGE, id)}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The subscriber a manage or unsubscribe link belongs to, or null for a forged or stale link. */
export async function subscriberByManageToken(p: Platform, token: string): Promise<Subscriber | null> {
  const [id, mac, ...rest] = token.split('.');
  if (!id || !mac || rest.length || !UUID.test(id) || !hmacMatches(p.config.secretKeys, MANAGE, id, mac)) return null;
  const [s] = await p.database.db.select().from(subscribers).where(eq(subscribers.id, id));
  return s ?? null;
}

export const manageUrl = (p: Platform, id: string) => `${p.config.publicUrl}/newsletter/manage/${manageToken(p, id)}`;
export const unsubscribeUrl = (p: Platform, id: string) => `${p.config.publicUrl}/newsletter/unsubscribe/${manageToken(p, id)}`;

async function sendMail(p: Platform, db: DbOrTx, to: string, locale: Locale, template: string, values: Record<string, string>) {
  const t = translator(locale);
  const subject = t(`mail.newsletter.${template}.subject`);
  const text = t(`mail.newsletter.${template}.body`, values);
  await p.mailer.send(db, { to, ...signedMail(locale, t, subject, text) });
}

async function sendConfirmation(p: Platform, db: DbOrTx, s: Pick<Subscriber, 'id' | 'email' | 'locale'>) {
  const exp = Math.floor(Date.now() / 1000) + CONFIRM_TTL_S;
  const link = `${p.config.publicUrl}/newsletter/confirm/${s.id}.${exp}.${confirmMac(p, s.id, s.email, exp)}`;
  await sendMail(p, db, s.email, s.locale as Locale, 'confirm', { link });
}

export interface SignUp {
  email: string;
  locale: Locale;
  projects: string[];
  topics: Topic[];
  /** The consent wording exactly as the page showed it, in the page's language. */
  consentText: string;
  consentLocale: Locale;
  form: string;
  page: string;
  ip: string;
}

export class TooMany extends Error {
  constructor(public readonly retryAfterSeconds: number) {
    super('rate limited');
  }
}

/**
 * Sign-up, double opt-in: the address gets a confirmation link and nothing else until it is used. The answer is
 * the same whatever the address's state, so the list cannot be probed; an active subscriber gets their
 * preferences link instead. Re-subscribing after unsubscribing, bouncing or complaining needs a new confirmation.
 */
export async function signUp(p: Platform, input: SignUp): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const ipWait = await p.limiter.hit(RATE_LIMITS.newsletterSignUpByIp, input.ip);
  if (ipWait) throw new TooMany(ipWait);
  // At most a few confirmation mails a day to one address, whoever asks: the form cannot be used to flood a mailbox.
  const addressWait = await p.limiter.hit(RATE_LIMITS.newsletterSignUpByAddress, email);
  if (addressWait) return;
  await p.database.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(subscribers).where(eq(subscribers.email, email)).for('update');
    let s = existing;
    if (existing?.status === 'active') {
      await sendMail(p, tx, existing.email, existing.locale as Locale, 'already', { link: manageUrl(p, existing.id) });
      return;
    }
    const wanted = { locale: input.locale, projects: input.projects, topics: input.topics, source: input.form === 'site' ? 'site' : input.form };
    if (existing) [s] = await tx.update(subscribers).set({ ...wanted, status: 'pending' }).where(eq(subscribers.id, existing.id)).returning();
    else [s] = await tx.insert(subscribers).values({ email, status: 'pending', ...wanted }).returning();
    await tx.insert(consentEvents).values({
      subscriberId: s!.id,
      kind: 'signup',
      ip: input.ip,
      consentText: input.consentText,
      consentVersion: CONSENT_VERSION,
      consentLocale: input.consentLocale,
      form: input.form,
      page: input.page,
      details: { locale: input.locale, projects: input.projects, topics: input.topics },
    });
    await sendConfirmation(p, tx, s!);
  });
}

/** The subscriber a confirmation link is for, if the link is genuine and has not expired. */
export async function checkConfirmation(p: Platform, token: string): Promise<Subscriber | null> {
  const m = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m || !UUID.test(m[1]!)) return null;
  const exp = Number(m[2]);
  if (exp * 1000 < Date.now()) return null;
  const [s] = await p.database.db.select().from(subscribers).where(eq(subscribers.id, m[1]!));
  if (!s || !hmacMatches(p.config.secretKeys, CONFIRM, confirmed(s.id, s.email, exp), m[3]!)) return null;
  return s;
}

/** Confirms a subscription (the press of the button on the link's page), recorded in the ledger with its address. */
export async function confirm(p: Platform, token: string, ip: string): Promise<Subscriber | null> {
  const s = await checkConfirmation(p, token);
  if (!s) return null;
  if (s.status === 'active') return s;
  return p.database.db.transaction(async (tx) => {
    const now = new Date();
    const [updated] = await tx.update(subscribers).set({ status: 'active', confirmedAt: now, unsubscribedAt: null, lastActivityAt: now }).where(eq(subscribers.id, s.id)).returning();
    await tx.insert(consentEvents).values({ subscriberId: s.id, kind: 'confirm', ip });
    return updated!;
  });
}

export type WithdrawalChannel = 'one-click' | 'link' | 'preferences' | 'mailto' | 'bounce' | 'complaint' | 'administrator';

/** Ends a subscription at once; recorded with its channel. Unsubscribing twice changes nothing. */
export async function unsubscribe(p: Platform, id: string, channel: WithdrawalChannel, ip: string | null): Promise<void> {
  await p.database.db.transaction(async (tx) => {
    const [s] = await tx.select().from(subscribers).where(eq(subscribers.id, id)).for('update');
    if (!s || s.status === 'unsubscribed' || s.status === 'bounced' || s.status === 'complained') return;
    const status = channel === 'bounce' ? 'bounced' : channel === 'complaint' ? 'complained' : 'unsubscribed';
    await tx.update(subscribers).set({ status, unsubscribedAt: new Date() }).where(eq(subscribers.id, id));
    await tx.insert(consentEvents).values({ subscriberId: id, kind: 'withdraw', channel, ip });
  });
}

export interface Preferences {
  locale: Locale;
  projects: string[];
  topics: Topic[];
  country: string | null;
  profession: string | null;
}

export async function savePreferences(p: Platform, id: string, prefs: Preferences, ip: string): Promise<void> {
  await p.database.db.transaction(async (tx) => {
    await tx
      .update(subscribers)
      .set({ ...prefs, lastActivityAt: new Date() })
      .where(eq(subscribers.id, id));
    await tx.insert(consentEvents).values({ subscriberId: id, kind: 'preferences', ip, details: { ...prefs } });
  });
}

/** A visit to the preferences page is a sign of life for the retention rule. */
export async function touch(p: Platform, id: string) {
  await p.database.db.update(subscribers).set({ lastActivityAt: new Date() }).where(eq(subscribers.id, id));
}

/** Erasure on request: the subscriber and their whole ledger go; the audit log keeps only that it happened. */
export async function erase(p: Platform, id: string, by: { actorId: string | null; requestId: string }): Promise<boolean> {
  return p.database.db.transaction(async (tx) => {
    const gone = await tx.delete(subscribers).where(eq(subscribers.id, id)).returning({ id: subscribers.id });
    if (gone.length) await audit(tx, { actorId: by.actorId, action: 'newsletter.subscriber.erase', outcome: 'success', targetType: 'newsletter-subscriber', targetId: id, requestId: by.requestId });
    return gone.length > 0;
  });
}

/** Proof of consent for one subscriber: who, what they chose, and every consent event with its evidence. */
export async function consentRecord(db: DbOrTx, id: string) {
  const [s] = await db.select().from(subscribers).where(eq(subscribers.id, id));
  if (!s) return null;
  const events = await db.select().from(consentEvents).where(eq(consentEvents.subscriberId, id)).orderBy(asc(consentEvents.at), asc(consentEvents.id));
  return { subscriber: s, events };
}
export type ConsentRecord = NonNullable<Awaited<ReturnType<typeof consentRecord>>>;

/** The consent record as a self-describing JSON document, for the subscriber (access request) or an auditor. */
export const consentRecordJson = (r: ConsentRecord) => ({
  subscriber: {
    email: r.subscriber.email,
    status: r.subscriber.status,
    language: r.subscriber.locale,
    projects: r.subscriber.projects,
    topics: r.subscriber.topics,
    country: r.subscriber.country,
    profession: r.subscriber.profession,
    source: r.subscriber.source,
    subscribedAt: r.subscriber.createdAt.toISOString(),
    confirmedAt: r.subscriber.confirmedAt?.toISOString() ?? null,
    unsubscribedAt: r.subscriber.unsubscribedAt?.toISOString() ?? null,
  },
  consentEvents: r.events.map((e) => ({
    kind: e.kind,
    at: e.at.toISOString(),
    ip: e.ip,
    consentText: e.consentText,
    consentVersion: e.consentVersion,
    consentLanguage: e.consentLocale,
    form: e.form,
    page: e.page,
    channel: e.channel,
    details: e.details,
  })),
});

/**
 * Retention: unconfirmed sign-ups are removed after `unconfirmedDays`; any subscriber without a sign of life
 * (confirmation, preference change, a visit to the preferences page) for `inactiveYears` is removed with
 * their ledger. Returns how many went.
 */
export async function applyRetention(db: DbOrTx, rules: { unconfirmedDays: number; inactiveYears: number }): Promise<number> {
  const gone = await db
    .delete(subscribers)
    .where(
      or(
        and(eq(subscribers.status, 'pending'), lt(subscribers.createdAt, sql`now() - make_interval(days => ${rules.unconfirmedDays})`)),
        lt(subscribers.lastActivityAt, sql`now() - make_interval(years => ${rules.inactiveYears})`),
      ),
    )
    .returning({ id: subscribers.id });
  return gone.length;
}

// Editors.

export interface SubscriberFilters {
  q?: string;
  status?: Subscriber['status'];
  locale?: string;
}

export async function listSubscribers(db: DbOrTx, f: SubscriberFilters, page: number, pageSize: number) {
  const conditions: (SQL | undefined)[] = [f.status ? eq(subscribers.status, f.status) : undefined, f.locale ? eq(subscribers.locale, f.locale) : undefined];
  if (f.q) conditions.push(ilike(subscribers.email, `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const where = and(...conditions);
  const [{ total }] = (await db.select({ total: count() }).from(subscribers).where(where)) as [{ total: number }];
  const rows = await db
    .select()
    .from(subscribers)
    .where(where)
    .orderBy(desc(subscribers.createdAt), asc(subscribers.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { total: Number(total), rows };
}

/** Subscribers by status and by language, for the editors' overview. */
export async function subscriberCounts(db: DbOrTx) {
  const rows = await db.select({ status: subscribers.status, locale: subscribers.locale, n: count() }).from(subscribers).groupBy(subscribers.status, subscribers.locale);
  const byStatus: Record<string, number> = {};
  const activeByLocale: Record<string, number> = {};
  for (const r of rows) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + Number(r.n);
    if (r.status === 'active') activeByLocale[r.locale] = (activeByLocale[r.locale] ?? 0) + Number(r.n);
  }
  return { byStatus, activeByLocale };
}

// Import, export, bounces and figures.

/** Every subscriber with the evidence of their consent, as CSV or XLSX; the export is audited. */
export async function exportSubscribers(p: Platform, format: 'csv' | 'xlsx', by: { actorId: string; requestId: string }): Promise<Buffer> {
  const db = p.database.db;
  const rows = await db.select().from(subscribers).orderBy(asc(subscribers.createdAt), asc(subscribers.id));
  const events = await db.select().from(consentEvents).orderBy(asc(consentEvents.at));
  const last = (id: string, kind: ConsentEvent['kind']) => events.filter((e) => e.subscriberId === id && e.kind === kind).at(-1);
  const iso = (d: Date | null | undefined) => d?.toISOString() ?? '';
  const bytes = await sheet(
    format,
    'subscribers',
    ['email', 'status', 'locale', 'projects', 'topics', 'country', 'profession', 'source', 'consent_at', 'consent_ip', 'consent_text', 'consent_version', 'consent_language', 'confirmed_at', 'confirm_ip', 'unsubscribed_at', 'withdrawal_channel'].map((key) => ({ header: key, key, width: key === 'consent_text' ? 60 : 20 })),
    rows.map((s) => {
      const consent = last(s.id, 'signup') ?? last(s.id, 'import');
      return {
        email: s.email,
        status: s.status,
        locale: s.locale,
        projects: s.projects.join(';'),
        topics: s.topics.join(';'),
        country: s.country ?? '',
        profession: s.profession ?? '',
        source: s.source,
        consent_at: iso(consent?.at),
        consent_ip: consent?.ip ?? '',
        consent_text: consent?.consentText ?? '',
        consent_version: consent?.consentVersion ?? '',
        consent_language: consent?.consentLocale ?? '',
        confirmed_at: iso(s.confirmedAt),
        confirm_ip: last(s.id, 'confirm')?.ip ?? '',
        unsubscribed_at: iso(s.unsubscribedAt),
        withdrawal_channel: last(s.id, 'withdraw')?.channel ?? '',
      };
    }),
  );
  await audit(db, { actorId: by.actorId, action: 'newsletter.subscribers.export', outcome: 'success', requestId: by.requestId, details: { format, rows: rows.length } });
  return bytes;
}

export interface ImportProblem {
  line: number;
  problem: 'email' | 'consent_at' | 'consent_text' | 'locale' | 'duplicate';
}

/**
 * Imports subscribers who consented elsewhere. Each row must carry the evidence (when, and the wording agreed
 * to); the evidence goes into the ledger as an `import` event. Rows are checked first: with any problem, nothing
 * is imported and the problems are listed by line. Addresses already known are left as they are.
 */
export async function importSubscribers(p: Platform, rows: Record<string, string>[], by: { actorId: string; requestId: string; file: string }): Promise<{ ok: true; imported: number; known: number } | { ok: false; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  const valid = rows.map((r, i) => {
    const line = i + 2;
    const email = (r.email ?? '').trim().toLowerCase();
    const at = new Date(r.consent_at ?? '');
    const locale = (r.locale || 'en').trim();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || email.length > 254) problems.push({ line, problem: 'email' });
    else if (seen.has(email)) problems.push({ line, problem: 'duplicate' });
    if (!r.consent_at || Number.isNaN(at.getTime()) || at.getTime() > Date.now()) problems.push({ line, problem: 'consent_at' });
    if (!r.consent_text?.trim()) problems.push({ line, problem: 'consent_text' });
    if (!isLocale(locale)) problems.push({ line, problem: 'locale' });
    seen.add(email);
    return { email, at, locale: locale as Locale, text: (r.consent_text ?? '').trim().slice(0, 2000), version: (r.consent_version ?? '').trim().slice(0, 50) || null, ip: (r.consent_ip ?? '').trim().slice(0, 45) || null, topics: (r.topics ?? '').split(';').map((x) => x.trim()).filter((x): x is Topic => (TOPICS as readonly string[]).includes(x)) };
  });
  if (problems.length) return { ok: false, problems };
  return p.database.db.transaction(async (tx) => {
    let imported = 0;
    for (const r of valid) {
      const [s] = await tx
        .insert(subscribers)
        .values({ email: r.email, locale: r.locale, status: 'active', topics: r.topics, source: 'import', createdAt: r.at, confirmedAt: r.at })
        .onConflictDoNothing()
        .returning();
      if (!s) continue;
      imported++;
      await tx.insert(consentEvents).values({ subscriberId: s.id, kind: 'import', at: r.at, ip: r.ip, consentText: r.text, consentVersion: r.version, consentLocale: r.locale, form: 'import', page: by.file.slice(0, 200), details: { importedAt: new Date().toISOString() } });
    }
    await audit(tx, { actorId: by.actorId, action: 'newsletter.subscribers.import', outcome: 'success', requestId: by.requestId, details: { rows: valid.length, imported } });
    return { ok: true as const, imported, known: valid.length - imported };
  });
}

export type DeliveryEventType = 'hard-bounce' | 'soft-bounce' | 'complaint' | 'unsubscribe';

/**
 * Bounces, complaints and unsubscribe requests reported by the mail service (webhook) or an editor (import): a hard
 * bounce or a complaint suppresses the address, an unsubscribe mail withdraws consent; soft bounces are counted only.
 */
export async function recordDeliveryEvents(p: Platform, events: { email: string; type: DeliveryEventType }[]) {
  const result = { suppressed: 0, unsubscribed: 0, ignored: 0 };
  for (const e of events) {
    const [s] = await p.database.db.select().from(subscribers).where(eq(subscribers.email, e.email.trim().toLowerCase()));
    if (!s || e.type === 'soft-bounce' || s.status !== 'active') {
      result.ignored++;
      continue;
    }
    await unsubscribe(p, s.id, e.type === 'hard-bounce' ? 'bounce' : e.type === 'complaint' ? 'complaint' : 'mailto', null);
    if (e.type === 'unsubscribe') result.unsubscribed++;
    else result.suppressed++;
  }
  return result;
}

/** Sign-ups, confirmations and withdrawals per month over the last twelve months. */
export async function monthlyFigures(db: DbOrTx) {
  const rows = await db
    .select({ month: sql<string>`to_char(date_trunc('month', ${consentEvents.at}), 'YYYY-MM')`, kind: consentEvents.kind, n: count() })
    .from(consentEvents)
    .where(sql`${consentEvents.at} > date_trunc('month', now()) - interval '11 months'`)
    .groupBy(sql`1`, consentEvents.kind)
    .orderBy(sql`1`);
  const months = [...new Set(rows.map((r) => r.month))];
  const of = (m: string, k: ConsentEvent['kind']) => Number(rows.find((r) => r.month === m && r.kind === k)?.n ?? 0);
  return months.map((m) => ({ month: m, signups: of(m, 'signup') + of(m, 'import'), confirmations: of(m, 'confirm'), withdrawals: of(m, 'withdraw') }));
}
