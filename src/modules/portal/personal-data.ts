import { asc, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { isLocale, type Locale } from '../../platform/i18n/index.js';
import { iso, type JsonValue } from '../../platform/personal-data.js';
import { users } from '../../platform/schema.js';
import { pickTranslation } from '../../platform/translations.js';
import { eventRegistrations, events, eventTranslations, news, newsTranslations } from './schema.js';

/**
 * What the portal holds about one person (platform/personal-data.ts), under `portal` in "download my data":
 *
 * - `eventRegistrations[]`: registrations made signed in, or with the account's address (matched by address
 *   only when it is verified: the confirmation mails went there anyway), with what the form asked (name,
 *   e-mail, organisation, country, profession) and their state;
 * - `newsAuthored[]`: news items the person is recorded as the author of.
 */
export async function portalPersonalData(db: DbOrTx, userId: string): Promise<{ [key: string]: JsonValue }> {
  const [user] = await db.select({ email: users.email, verified: users.emailVerifiedAt, locale: users.locale }).from(users).where(eq(users.id, userId));
  if (!user) return { eventRegistrations: [], newsAuthored: [] };
  const locale: Locale = isLocale(user.locale) ? user.locale : 'en';
  const mine = user.verified ? or(eq(eventRegistrations.userId, userId), eq(eventRegistrations.email, user.email)) : eq(eventRegistrations.userId, userId);
  const regs = await db
    .select({ registration: eventRegistrations, slug: events.slug, sourceLocale: events.sourceLocale, startsAt: events.startsAt })
    .from(eventRegistrations)
    .innerJoin(events, eq(events.id, eventRegistrations.eventId))
    .where(mine)
    .orderBy(asc(eventRegistrations.createdAt), asc(eventRegistrations.id));
  const eventIds = [...new Set(regs.map((r) => r.registration.eventId))];
  const eventTexts = eventIds.length ? await db.select().from(eventTranslations).where(inArray(eventTranslations.eventId, eventIds)) : [];
  const authored = await db.select().from(news).where(eq(news.authorId, userId)).orderBy(asc(news.createdAt), asc(news.id));
  const newsTexts = authored.length
    ? await db
        .select()
        .from(newsTranslations)
        .where(
          inArray(
            newsTranslations.newsId,
            authored.map((n) => n.id),
          ),
        )
    : [];
  return {
    eventRegistrations: regs.map(({ registration: r, slug, sourceLocale, startsAt }) => ({
      event: {
        slug,
        title:
          pickTranslation(
            eventTexts.filter((t) => t.eventId === r.eventId),
            locale,
            sourceLocale,
          )?.value.title ?? null,
        startsAt: iso(startsAt),
      },
      name: r.name,
      email: r.email,
      organisation: r.organisation,
      country: r.country,
      profession: r.profession,
      language: r.locale,
      status: r.status,
      registeredAt: iso(r.createdAt),
      cancelledAt: iso(r.cancelledAt),
    })),
    newsAuthored: authored.map((n) => ({
      slug: n.slug,
      title:
        pickTranslation(
          newsTexts.filter((t) => t.newsId === n.id),
          locale,
          n.sourceLocale,
        )?.value.title ?? null,
      status: n.status,
      createdAt: iso(n.createdAt),
      publishedAt: iso(n.publishedAt),
    })),
  };
}
