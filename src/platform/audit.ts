import { auditEvents } from './schema.js';
import type { DbOrTx } from './db/index.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  targetType?: string;
  targetId?: string;
  requestId?: string;
  /** Ids and codes only: never names, e-mail addresses or clinical content. */
  details?: Record<string, string | number | boolean | null>;
}

/** Appends one row to the security audit log; pass the transaction that does the audited work. */
export async function audit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    actorId: entry.actorId,
    action: entry.action,
    outcome: entry.outcome,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    requestId: entry.requestId ?? null,
    details: entry.details ?? {},
  });
}
