import { and, asc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { randomToken, sha256 } from '../../platform/auth/crypto.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { DEFAULT_LOCALE, translator, type Locale } from '../../platform/i18n/index.js';
import { signedMail } from '../../platform/mail/html.js';
import type { Platform } from '../../platform/platform.js';
import { directoryLocations, directoryOrganizations, directoryServices, verificationRequests } from './schema.js';
import { markVerified } from './service.js';

/** A verification link stays valid for 30 days, until it is used to confirm. */
const LINK_DAYS = 30;
const notConfirmed = sql`${verificationRequests.answer} IS DISTINCT FROM 'confirmed'`;

/**
 * Organisations due a verification request: they have an address and an interval, and neither a request
 * nor a verification of every entry falls within that interval.
 */
export async function dueForVerification(db: DbOrTx, now = new Date()) {
  return db
    .select({ id: directoryOrganizations.id })
    .from(directoryOrganizations)
    .where(
      and(
        isNotNull(directoryOrganizations.verificationEmail),
        isNotNull(directoryOrganizations.verifyEveryDays),
        sql`(${directoryOrganizations.verificationRequestedAt} IS NULL OR ${directoryOrganizations.verificationRequestedAt} < ${now.toISOString()}::timestamptz - make_interval(days => ${directoryOrganizations.verifyEveryDays}))`,
        sql`EXISTS (SELECT 1 FROM directory_services s WHERE s.organization_id = ${directoryOrganizations.id} AND s.status <> 'defunct'
          AND (s.last_verified_at IS NULL OR s.last_verified_at < ${now.toISOString()}::timestamptz - make_interval(days => ${directoryOrganizations.verifyEveryDays})))`,
      ),
    )
    .orderBy(asc(directoryOrganizations.name));
}

/** The organisation has no account, hence no language of its own: it is written to in its country's. */
const COUNTRY_LOCALES: Record<string, Locale> = { IT: 'it', SM: 'it', DE: 'de', AT: 'de', ES: 'es', GR: 'el', CY: 'el' };
const localeOfCountry = (country: string | null): Locale => (country && COUNTRY_LOCALES[country]) || DEFAULT_LOCALE;

/**
 * E-mails the organisation a one-time link to confirm or correct its entries, in the language of the
 * country of its places; returns false when it has no verification address.
 */
export async function sendVerificationRequest(p: Platform, db: DbOrTx, organizationId: string, now = new Date()): Promise<boolean> {
  const [o] = await db.select().from(directoryOrganizations).where(eq(directoryOrganizations.id, organizationId)).for('update');
  if (!o?.verificationEmail) return false;
  const token = randomToken();
  await db.insert(verificationRequests).values({ organizationId, tokenHash: sha256(token), sentTo: o.verificationEmail, sentAt: now, expiresAt: new Date(now.getTime() + LINK_DAYS * 86_400_000) });
  await db.update(directoryOrganizations).set({ verificationRequestedAt: now }).where(eq(directoryOrganizations.id, organizationId));
  const [place] = await db
    .select({ country: directoryLocations.country })
    .from(directoryLocations)
    .where(eq(directoryLocations.organizationId, organizationId))
    .limit(1);
  const locale = localeOfCountry(place?.country ?? null);
  const t = translator(locale);
  const services = await db.select({ name: directoryServices.name }).from(directoryServices).where(eq(directoryServices.organizationId, organizationId)).orderBy(asc(directoryServices.name));
  const subject = t('mail.directory.verify.subject', { organization: o.name });
  const text = [
    t('mail.directory.verify.intro', { organization: o.name, count: services.length }),
    services.map((s) => `- ${s.name}`).join('\n'),
    t('mail.directory.verify.link', { url: `${p.config.publicUrl}/directory/verify/${token}`, days: LINK_DAYS }),
  ].join('\n\n');
  await p.mailer.send(db, { to: o.verificationEmail, ...signedMail(locale, t, subject, text) });
  return true;
}

/** The scheduled job: sends every request that is due, each in its own transaction. */
export async function sendDueVerificationRequests(p: Platform, now = new Date()): Promise<number> {
  let sent = 0;
  for (const o of await dueForVerification(p.database.db, now)) {
    if (await p.database.db.transaction((tx) => sendVerificationRequest(p, tx, o.id, now))) sent++;
  }
  return sent;
}

/** The request a link names, while it is valid and not yet used to confirm (proposals leave it open). */
export async function findVerificationRequest(db: DbOrTx, token: string, now = new Date()) {
  const [row] = await db
    .select({ request: verificationRequests, organization: directoryOrganizations })
    .from(verificationRequests)
    .innerJoin(directoryOrganizations, eq(directoryOrganizations.id, verificationRequests.organizationId))
    .where(and(eq(verificationRequests.tokenHash, sha256(token)), gt(verificationRequests.expiresAt, now), notConfirmed));
  return row ?? null;
}

/** The organisation confirms that all its entries are true: they count as verified now, by the address asked. */
export async function confirmVerification(db: DbOrTx, requestId: string, now = new Date()): Promise<number> {
  const [r] = await db
    .update(verificationRequests)
    .set({ answer: 'confirmed', answeredAt: now })
    .where(and(eq(verificationRequests.id, requestId), notConfirmed))
    .returning();
  if (!r) return 0;
  return markVerified(db, { organizationId: r.organizationId }, r.sentTo, now);
}

/** The organisation proposed a correction: the answer is recorded, and the link stays open for more, or to confirm the rest. */
export async function recordProposalAnswer(db: DbOrTx, requestId: string, now = new Date()): Promise<void> {
  await db
    .update(verificationRequests)
    .set({ answer: 'proposed', answeredAt: now })
    .where(and(eq(verificationRequests.id, requestId), isNull(verificationRequests.answer)));
}

/** The last requests sent to an organisation, newest first. */
export async function requestHistory(db: DbOrTx, organizationId: string) {
  return db
    .select({ sentAt: verificationRequests.sentAt, sentTo: verificationRequests.sentTo, answer: verificationRequests.answer, answeredAt: verificationRequests.answeredAt, expiresAt: verificationRequests.expiresAt })
    .from(verificationRequests)
    .where(eq(verificationRequests.organizationId, organizationId))
    .orderBy(sql`${verificationRequests.sentAt} DESC`)
    .limit(10);
}
