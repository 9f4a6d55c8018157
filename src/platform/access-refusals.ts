import type { Role } from './access.js';
import { audit } from './audit.js';
import type { DbOrTx } from './db/index.js';
import { listenerRegistry } from './listeners.js';
import type { Platform } from './platform.js';

/** A signed-in account refused a route for want of one of its roles (answered 403). */
export interface AccessRefusal {
  userId: string;
  method: string;
  /** The route's pattern (`/care/residents/:id`), never the address with its identifiers. */
  route: string;
  roles: readonly Role[];
  requestId: string;
}

/** What a module does when a route is refused, in the refusal's transaction: the care module writes its trail. */
export type AccessRefusalListener = (db: DbOrTx, refusal: AccessRefusal) => Promise<void>;

const listeners = listenerRegistry<AccessRefusalListener>('access refusal');

/** A module registers its listener once per platform (in its `setup`). */
export const onAccessRefused = listeners.add;

/** Writes the refusal in the audit trail (`access.denied`, ASVS 7.2.2) and tells the listeners, all in one transaction. */
export async function accessRefused(p: Platform, refusal: AccessRefusal): Promise<void> {
  await p.database.db.transaction(async (tx) => {
    await audit(tx, { actorId: refusal.userId, action: 'access.denied', outcome: 'denied', requestId: refusal.requestId, details: { method: refusal.method, route: refusal.route } });
    for (const listen of listeners.of(p)) await listen(tx, refusal);
  });
}
