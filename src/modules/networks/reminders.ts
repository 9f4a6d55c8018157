import { and, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import { DEFAULT_LOCALE, isLocale, translator, type Locale } from '../../platform/i18n/index.js';
import { signedMail } from '../../platform/mail/html.js';
import type { Platform } from '../../platform/platform.js';
import { regions, users } from '../../platform/schema.js';
import { networkActions, networkMeetings, networkMembers, networks } from './schema.js';
import { formatMeetingTime, localDate, timeZoneOf, usersOf, type Network } from './service.js';

export const REMINDERS_QUEUE = 'networks.reminders';
/** Members are reminded of a planned meeting this long before it starts. */
const MEETING_AHEAD_MS = 2 * 86_400_000;
/** Owners are reminded of an open action this many days before it is due (and once more when it is overdue). */
const ACTION_AHEAD_DAYS = 3;

/** The recipient's language, else the network's, else the default. */
const localeFor = (userLocale: string | null, networkLocale: string): Locale => (isLocale(userLocale) ? userLocale : isLocale(networkLocale) ? networkLocale : DEFAULT_LOCALE);

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function activeMemberIds(p: Platform, networkId: string, day: string) {
  const rows = await p.database.db
    .select({ id: networkMembers.organisationId })
    .from(networkMembers)
    .where(and(eq(networkMembers.networkId, networkId), sql`(${networkMembers.leftOn} IS NULL OR ${networkMembers.leftOn} > ${day})`));
  return rows.map((r) => r.id);
}

function send(p: Platform, db: Parameters<Platform['mailer']['send']>[0], to: string, locale: Locale, subject: string, text: string) {
  const t = translator(locale);
  return p.mailer.send(db, { to, ...signedMail(locale, t, subject, text) });
}

/**
 * Reminds the users of member organisations of each planned meeting starting within two days, once per
 * meeting (`reminded_at`, claimed in the transaction that queues the messages), in the network's time zone.
 */
export async function sendMeetingReminders(p: Platform, now = new Date()): Promise<number> {
  const db = p.database.db;
  const due = await db
    .select({ meeting: networkMeetings, network: networks, region: regions })
    .from(networkMeetings)
    .innerJoin(networks, eq(networks.id, networkMeetings.networkId))
    .innerJoin(regions, eq(regions.id, networks.regionId))
    .where(and(eq(networkMeetings.status, 'planned'), isNull(networkMeetings.remindedAt), gt(networkMeetings.startsAt, now), lte(networkMeetings.startsAt, new Date(now.getTime() + MEETING_AHEAD_MS))));
  let sent = 0;
  for (const { meeting, network, region } of due) {
    const tz = timeZoneOf(region);
    const recipients = await usersOf(db, await activeMemberIds(p, network.id, localDate(now, tz)));
    sent += await db.transaction(async (tx) => {
      const claimed = await tx
        .update(networkMeetings)
        .set({ remindedAt: now })
        .where(and(eq(networkMeetings.id, meeting.id), isNull(networkMeetings.remindedAt)))
        .returning({ id: networkMeetings.id });
      if (!claimed.length) return 0;
      for (const u of recipients) {
        const locale = localeFor(u.locale, network.locale);
        const t = translator(locale);
        const base = `${p.config.publicUrl}/networks/${network.slug}/meetings/${meeting.id}`;
        // Labels are translated; the values follow them, so that no message loses a fact to a missing placeholder.
        const text = [
          `${t('mail.networks.meeting.intro')}\n${network.name}: ${meeting.title}`,
          [
            `${t('mail.networks.meeting.when')} ${formatMeetingTime(locale, meeting, tz)}`,
            meeting.place ? `${t('mail.networks.meeting.where')} ${meeting.place}` : '',
            meeting.onlineUrl ? `${t('mail.networks.meeting.online')} ${meeting.onlineUrl}` : '',
          ]
            .filter(Boolean)
            .join('\n'),
          meeting.agenda ? `${t('mail.networks.meeting.agenda')}\n${meeting.agenda}` : '',
          `${t('mail.networks.meeting.calendar')} ${base}.ics`,
          `${t('mail.networks.meeting.page')} ${base}`,
        ]
          .filter(Boolean)
          .join('\n\n');
        await send(p, tx, u.email, locale, `${t('mail.networks.meeting.subject')} ${meeting.title} · ${network.name}`, text);
      }
      return recipients.length;
    });
  }
  return sent;
}

/**
 * Reminds the owner of each open action once when it is due within three days and once when it is overdue
 * (the day after its due date, where the network is). An action owned by an organisation alone goes to its users.
 */
export async function sendActionReminders(p: Platform, now = new Date()): Promise<number> {
  const db = p.database.db;
  const horizon = addDays(now.toISOString().slice(0, 10), ACTION_AHEAD_DAYS + 1);
  const open = await db
    .select({ action: networkActions, network: networks, region: regions })
    .from(networkActions)
    .innerJoin(networks, eq(networks.id, networkActions.networkId))
    .innerJoin(regions, eq(regions.id, networks.regionId))
    .where(and(isNull(networkActions.doneAt), lte(networkActions.dueOn, horizon), sql`(${networkActions.remindedAt} IS NULL OR ${networkActions.overdueRemindedAt} IS NULL)`));
  let sent = 0;
  for (const { action, network, region } of open) {
    const today = localDate(now, timeZoneOf(region));
    const overdue = action.dueOn < today;
    if (overdue ? action.overdueRemindedAt : action.remindedAt || action.dueOn > addDays(today, ACTION_AHEAD_DAYS)) continue;
    const recipients = action.ownerUserId
      ? await db.select({ email: users.email, locale: users.locale }).from(users).where(and(eq(users.id, action.ownerUserId), eq(users.status, 'active')))
      : await usersOf(db, action.ownerOrganisationId ? [action.ownerOrganisationId] : []);
    sent += await db.transaction(async (tx) => {
      const column = overdue ? networkActions.overdueRemindedAt : networkActions.remindedAt;
      const claimed = await tx
        .update(networkActions)
        .set(overdue ? { overdueRemindedAt: now } : { remindedAt: now })
        .where(and(eq(networkActions.id, action.id), isNull(column), isNull(networkActions.doneAt)))
        .returning({ id: networkActions.id });
      if (!claimed.length) return 0;
      for (const u of recipients) await send(p, tx, u.email, ...actionMail(p, network, action, u.locale, overdue));
      return recipients.length;
    });
  }
  return sent;
}

function actionMail(p: Platform, network: Network, action: typeof networkActions.$inferSelect, userLocale: string | null, overdue: boolean): [Locale, string, string] {
  const locale = localeFor(userLocale, network.locale);
  const t = translator(locale);
  const due = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${action.dueOn}T00:00:00Z`));
  const kind = overdue ? 'overdue' : 'due';
  const text = [
    t(`mail.networks.action.${kind}.intro`),
    `${t('mail.networks.action.title')} ${action.title}\n${t('mail.networks.action.dueOn')} ${due}\n${t('mail.networks.action.network')} ${network.name}`,
    `${t('mail.networks.action.page')} ${p.config.publicUrl}/networks/${network.slug}/space`,
  ].join('\n\n');
  return [locale, `${t(`mail.networks.action.${kind}.subject`)} ${action.title}`, text];
}

/** The daily job. */
export async function sendReminders(p: Platform, now = new Date()): Promise<{ meetings: number; actions: number }> {
  return { meetings: await sendMeetingReminders(p, now), actions: await sendActionReminders(p, now) };
}
