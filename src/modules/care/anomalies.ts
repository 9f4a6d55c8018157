import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import type { Platform } from '../../platform/platform.js';
import { tellDataProtectionContacts } from './residents.js';
import { careAudit } from './schema.js';

export const ANOMALY_QUEUE = 'care.anomalies';

/** The span each rule counts over, and how long one alert about an account and a rule stands before another. */
export const ANOMALY_WINDOW_MINUTES = 15;
const QUIET_MINUTES = 60;

/**
 * What is unusual for one account in the care records within the window, read from the care audit trail: many
 * refusals (someone trying identifiers that are not theirs), many different records opened (more than a day's
 * work in minutes), many exports (records leaving Ponte).
 */
export const ANOMALY_RULES = [
  { kind: 'refusals', threshold: 10, counts: `count(*) filter (where outcome = 'denied')` },
  { kind: 'records', threshold: 60, counts: `count(distinct coalesce(resident_id, referral_id)) filter (where outcome = 'success' and action in ('resident.read', 'referral.read'))` },
  { kind: 'exports', threshold: 10, counts: `count(*) filter (where outcome = 'success' and action like '%.export')` },
] as const;
export type AnomalyKind = (typeof ANOMALY_RULES)[number]['kind'];

export interface Anomaly {
  kind: AnomalyKind;
  userId: string;
  count: number;
  /** The organisation holding most of the records concerned (its data-protection contacts are told), or null. */
  organisationId: string | null;
}

/**
 * Looks for unusual activity (scheduled every five minutes). Each finding not already reported within the hour
 * becomes a row in the care audit trail (`anomaly.<kind>`, basis `monitoring`, the account in subject_user_id)
 * and an e-mail to the data-protection contacts of the organisation concerned and of the whole instance, naming
 * no resident and no account (the trail does). Returns the new findings.
 */
export async function detectCareAnomalies(p: Platform): Promise<Anomaly[]> {
  const found: Anomaly[] = [];
  // One pass over the window counts every rule; the organisation is the one most of the account's entries name.
  const rows = await p.database.query<Record<string, string | number | null>>(
    `select actor_id::text as user_id,
            mode() within group (order by owner_organisation_id) filter (where owner_organisation_id is not null)::text as organisation_id,
            ${ANOMALY_RULES.map((r) => `${r.counts}::int as ${r.kind}`).join(', ')}
       from care_audit
      where at > now() - make_interval(mins => $1) and actor_id is not null
      group by actor_id`,
    [ANOMALY_WINDOW_MINUTES],
  );
  for (const r of rows) {
    for (const rule of ANOMALY_RULES) {
      const count = Number(r[rule.kind]);
      if (count < rule.threshold) continue;
      const reported = await p.database.db.transaction(async (tx) => report(p, tx, { kind: rule.kind, userId: String(r.user_id), count, organisationId: (r.organisation_id as string | null) ?? null }));
      if (reported) found.push(reported);
    }
  }
  return found;
}

async function report(p: Platform, tx: DbOrTx, a: Anomaly): Promise<Anomaly | null> {
  // One report per account and rule within the quiet period; the lock keeps two workers from both sending it.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`care-anomaly:${a.kind}:${a.userId}`}))`);
  const [earlier] = await tx
    .select({ id: careAudit.id })
    .from(careAudit)
    .where(and(eq(careAudit.action, `anomaly.${a.kind}`), eq(careAudit.subjectUserId, a.userId), sql`${careAudit.at} > now() - make_interval(mins => ${QUIET_MINUTES})`))
    .limit(1);
  if (earlier) return null;
  await tx.insert(careAudit).values({ actorId: null, ownerOrganisationId: a.organisationId, subjectUserId: a.userId, action: `anomaly.${a.kind}`, access: 'read', basis: 'monitoring', outcome: 'success' });
  await tellDataProtectionContacts(p, tx, a.organisationId, (t) => ({
    subject: t('care.anomaly.mail.subject'),
    text: t('care.anomaly.mail.body', { what: t(`care.anomaly.kind.${a.kind}`, { count: a.count, minutes: ANOMALY_WINDOW_MINUTES }), url: `${p.config.publicUrl}/care/audit` }),
  }));
  return a;
}
