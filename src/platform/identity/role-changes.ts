import type { Role } from '../access.js';
import type { DbOrTx } from '../db/index.js';
import { listenerRegistry } from '../listeners.js';
import type { Platform } from '../platform.js';

/** A role granted to or taken from an account, by an administrator (actorId) or on the server (`ponte`, null). */
export interface RoleChange {
  change: 'grant' | 'revoke';
  userId: string;
  role: Role;
  organisationId: string | null;
  actorId: string | null;
  requestId?: string | null;
}

/**
 * What a module does when a role changes, in the change's transaction (so both land or neither): the care module
 * records care-role changes in the care audit trail and tells the data-protection contacts.
 */
export type RoleChangeListener = (p: Platform, db: DbOrTx, change: RoleChange) => Promise<void>;

const listeners = listenerRegistry<RoleChangeListener>('role change');

/** A module registers its listener once per platform (in its `setup`). */
export const onRoleChange = listeners.add;

/** Tells every registered listener of a change that happened in `db` (a transaction). */
export async function roleChanged(p: Platform, db: DbOrTx, change: RoleChange): Promise<void> {
  for (const listen of listeners.of(p)) await listen(p, db, change);
}
