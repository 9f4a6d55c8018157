import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ApiClient } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import { safeEqual } from '../../platform/auth/crypto.js';
import type { Db } from '../../platform/db/index.js';
import { xapiClients } from './schema.js';

/** The credentials of a new client: the secret is shown once and only its hash is kept. */
export interface IssuedCredentials {
  id: string;
  key: string;
  secret: string;
}

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * Issues HTTP Basic credentials to a system. Without an authority agent of its own, its statements are
 * attributed to an account on this instance named after the key.
 */
export async function issueClient(
  db: Db,
  input: { name: string; canRead: boolean; canWrite: boolean; authority?: Record<string, unknown> | null; publicUrl: string },
  actor: { id: string; requestId: string },
): Promise<IssuedCredentials> {
  const key = randomBytes(12).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  const authority = input.authority ?? { objectType: 'Agent', name: input.name, account: { homePage: input.publicUrl, name: `xapi-client:${key}` } };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(xapiClients)
      .values({ name: input.name, key, secretHash: hashSecret(secret), canRead: input.canRead, canWrite: input.canWrite, authority, createdBy: actor.id })
      .returning({ id: xapiClients.id });
    await audit(tx, { actorId: actor.id, action: 'xapi.client.issue', outcome: 'success', targetType: 'xapi_client', targetId: row!.id, requestId: actor.requestId });
    return { id: row!.id, key, secret };
  });
}

export async function listClients(db: Db) {
  return db
    .select({ id: xapiClients.id, name: xapiClients.name, key: xapiClients.key, canRead: xapiClients.canRead, canWrite: xapiClients.canWrite, authority: xapiClients.authority, createdAt: xapiClients.createdAt, lastUsedAt: xapiClients.lastUsedAt, revokedAt: xapiClients.revokedAt })
    .from(xapiClients)
    .orderBy(desc(xapiClients.createdAt));
}

/** Revokes a client's credentials at once; false when there is no such active client. */
export async function revokeClient(db: Db, id: string, actor: { id: string; requestId: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const done = await tx
      .update(xapiClients)
      .set({ revokedAt: new Date() })
      .where(and(eq(xapiClients.id, id), isNull(xapiClients.revokedAt)))
      .returning({ id: xapiClients.id });
    if (done.length) await audit(tx, { actorId: actor.id, action: 'xapi.client.revoke', outcome: 'success', targetType: 'xapi_client', targetId: id, requestId: actor.requestId });
    return done.length > 0;
  });
}

/** The active client holding these credentials, or null. The secret's hash is compared in constant time. */
export async function clientByCredentials(db: Db, key: string, secret: string): Promise<ApiClient | null> {
  const [row] = await db.select().from(xapiClients).where(eq(xapiClients.key, key));
  const ok = !!row && safeEqual(hashSecret(secret), row.secretHash) && !row.revokedAt;
  if (!row || !ok) return null;
  // Written at most once a minute per client: a busy client sends many requests.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) await db.update(xapiClients).set({ lastUsedAt: new Date() }).where(eq(xapiClients.id, row.id));
  return { id: row.id, name: row.name, canRead: row.canRead, canWrite: row.canWrite, authority: row.authority };
}
