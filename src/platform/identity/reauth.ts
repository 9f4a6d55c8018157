import type { Platform } from '../platform.js';
import { verifyPassword } from '../auth/password.js';
import { enforceLimit, RATE_LIMITS } from '../rate-limit.js';
import { getUser } from './users.js';

/**
 * Whether a signed-in user's password, asked again, is theirs: before changing how the account signs in, deleting
 * it, or reaching what the session alone should not (break-glass, granting a privileged role; ASVS 3.7.1). Each
 * try counts against `reauthByAccount`, so a stolen session cannot guess it: past the limit, 429 with Retry-After.
 */
export async function passwordConfirms(p: Platform, userId: string, password: string): Promise<boolean> {
  await enforceLimit(p.limiter, RATE_LIMITS.reauthByAccount, userId);
  const user = await getUser(p.database.db, userId);
  return !!user?.passwordHash && (await verifyPassword(password, user.passwordHash, p.config.secretKeys)) !== false;
}
