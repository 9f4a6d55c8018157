import { and, eq, isNull, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { translatedMail } from '../../platform/mail/html.js';
import type { Platform } from '../../platform/platform.js';
import { auditEvents, roleAssignments, users } from '../../platform/schema.js';

export const SECURITY_ANOMALY_QUEUE = 'security.anomalies';

/** The span each rule counts over, and how long one alert about a subject and a rule stands before another. */
export const SECURITY_WINDOW_MINUTES = 15;
const QUIET_MINUTES = 60;

/**
 * What is unusual outside the care records (which have rules of their own, care/anomalies.ts), read from the audit
 * trail: per subject (an account, or the instance as a whole), the entries of the window that the rule counts.
 */
export const SECURITY_RULES = [
  // One account refused again and again: someone trying addresses and identifiers that are not theirs.
  { kind: 'refusals', threshold: 20, subject: 'actor_id::text', where: `outcome = 'denied' AND actor_id IS NOT NULL` },
  // One account's password failing again and again, from wherever it comes (each address has its own limit).
  { kind: 'password-guessing', threshold: 10, subject: 'target_id', where: `action = 'auth.signin' AND outcome = 'failure' AND target_type = 'user'` },
  // Sign-ins with many addresses that have no account: a list of stolen credentials being tried.
  { kind: 'unknown-accounts', threshold: 50, subject: `'instance'`, where: `action = 'auth.signin' AND outcome = 'failure' AND details->>'reason' = 'unknown-account'` },
  // One account exporting again and again: data leaving Ponte.
  { kind: 'exports', threshold: 10, subject: 'actor_id::text', where: `outcome = 'success' AND action LIKE '%.export' AND actor_id IS NOT NULL` },
] as const;
export type SecurityAnomalyKind = (typeof SECURITY_RULES)[number]['kind'];

export interface SecurityAnomaly {
  kind: SecurityAnomalyKind;
  /** The account concerned, or 'instance'. */
  subject: string;
  count: number;
}

/**
 * Looks for unusual activity (scheduled every five minutes). Each finding not already reported within the hour
 * becomes an audit entry (`anomaly.<kind>`, the account as target) and an e-mail to every instance-wide
 * administrator, in their language, naming no account (the audit trail does). Returns the new findings.
 */
export async function detectSecurityAnomalies(p: Platform): Promise<SecurityAnomaly[]> {
  const found: SecurityAnomaly[] = [];
  for (const rule of SECURITY_RULES) {
    const rows = await p.database.query<{ subject: string; n: number }>(
      `SELECT ${rule.subject} AS subject, count(*)::int AS n FROM audit_events
        WHERE at > now() - make_interval(mins => $1) AND ${rule.where}
        GROUP BY 1 HAVING count(*) >= $2`,
      [SECURITY_WINDOW_MINUTES, rule.threshold],
    );
    for (const r of rows) {
      const reported = await p.database.db.transaction((tx) => report(p, tx, { kind: rule.kind, subject: r.subject, count: r.n }));
      if (reported) found.push(reported);
    }
  }
  return found;
}

async function report(p: Platform, tx: DbOrTx, a: SecurityAnomaly): Promise<SecurityAnomaly | null> {
  // One report per subject and rule within the quiet period; the lock keeps two workers from both sending it.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`security-anomaly:${a.kind}:${a.subject}`}))`);
  const [earlier] = await tx
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, `anomaly.${a.kind}`), eq(auditEvents.targetId, a.subject), sql`${auditEvents.at} > now() - make_interval(mins => ${QUIET_MINUTES})`))
    .limit(1);
  if (earlier) return null;
  await audit(tx, { actorId: null, action: `anomaly.${a.kind}`, outcome: 'success', targetType: a.subject === 'instance' ? 'instance' : 'user', targetId: a.subject, details: { count: a.count, minutes: SECURITY_WINDOW_MINUTES } });
  const administrators = await tx
    .select({ email: users.email, locale: users.locale })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, 'administrator'), isNull(roleAssignments.organisationId), eq(users.status, 'active')));
  for (const admin of administrators) {
    await p.mailer.send(tx, {
      to: admin.email,
      ...translatedMail(admin.locale, (t) => ({
        subject: t('admin.anomaly.mail.subject'),
        text: t('admin.anomaly.mail.body', { what: t(`admin.anomaly.kind.${a.kind}`, { count: a.count, minutes: SECURITY_WINDOW_MINUTES }), url: `${p.config.publicUrl}/admin/audit?action=anomaly.${a.kind}` }),
      })),
    });
  }
  return a;
}
