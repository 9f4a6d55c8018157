import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { iso, type JsonValue } from '../../platform/personal-data.js';
import { users } from '../../platform/schema.js';
import { campaigns, deliveries, subscribers } from './schema.js';
import { consentRecord, consentRecordJson } from './service.js';

/**
 * What the newsletter holds about one person (platform/personal-data.ts), under `newsletter` in "download my
 * data". Subscribers have no account: the subscription is the one for the account's address, and only once that
 * address is verified (so that nobody reads another's subscription by typing their address).
 *
 * - `subscription`: null, or the consent record subscribers get on request (`subscriber` and `consentEvents`,
 *   see consentRecordJson) and `issuesSent[]`, the issues addressed to them (campaign, language, state, sent at).
 */
export async function newsletterPersonalData(db: DbOrTx, userId: string): Promise<{ [key: string]: JsonValue }> {
  const [user] = await db.select({ email: users.email, verified: users.emailVerifiedAt }).from(users).where(eq(users.id, userId));
  const [s] = user?.verified ? await db.select({ id: subscribers.id }).from(subscribers).where(eq(subscribers.email, user.email.toLowerCase())) : [];
  const record = s ? await consentRecord(db, s.id) : null;
  if (!record) return { subscription: null };
  const sent = await db
    .select({ slug: campaigns.slug, locale: deliveries.locale, status: deliveries.status, sentAt: deliveries.sentAt })
    .from(deliveries)
    .innerJoin(campaigns, eq(campaigns.id, deliveries.campaignId))
    .where(eq(deliveries.subscriberId, record.subscriber.id))
    .orderBy(asc(campaigns.startedAt), asc(campaigns.slug));
  return {
    subscription: {
      // Consent-event details are JSON from a jsonb column; everything else there is strings, arrays and nulls.
      ...(consentRecordJson(record) as unknown as { [key: string]: JsonValue }),
      issuesSent: sent.map((d) => ({ campaign: d.slug, language: d.locale, status: d.status, sentAt: iso(d.sentAt) })),
    },
  };
}
