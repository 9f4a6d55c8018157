import { isIP } from 'node:net';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/index.js';
import { roleAssignments, rolePolicies, securityKeyChallenges, securityKeys, users } from '../schema.js';

/**
 * Security keys and passkeys (WebAuthn, ASVS 2.2.4/2.3.2 at level 3): an account with an authenticator app may add
 * them, signs in with one instead of a code, and a role policy can require them, after which codes from the app
 * no longer sign its holders in. Ponte is the relying party of its public address: a key made for it answers
 * only there, so a look-alike site cannot relay it.
 */

export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

/** The relying party for the public address; null when that is an IP address, for which browsers refuse WebAuthn. */
export function relyingParty(publicUrl: string): RelyingParty | null {
  const url = new URL(publicUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return null;
  return { id: host, origin: url.origin, name: 'Ponte' };
}

const CHALLENGE_MS = 5 * 60_000;
const TIMEOUT_MS = 120_000;
export const KEY_NAME_MAX = 60;
/** A browser's answer is a few hundred bytes to a few KiB (attestation certificates); anything larger is not one. */
const RESPONSE_MAX = 32_768;

export type SecurityKey = typeof securityKeys.$inferSelect;

export const listSecurityKeys = (db: DbOrTx, userId: string) => db.select().from(securityKeys).where(eq(securityKeys.userId, userId)).orderBy(asc(securityKeys.createdAt));

async function openChallenge(db: DbOrTx, sessionId: string, purpose: 'register' | 'authenticate', challenge: string) {
  const row = { sessionId, purpose, challenge, expiresAt: new Date(Date.now() + CHALLENGE_MS) };
  await db.insert(securityKeyChallenges).values(row).onConflictDoUpdate({ target: securityKeyChallenges.sessionId, set: row });
}

/** The session's open challenge for this purpose, taken so that it cannot answer twice; null if none or expired. */
async function takeChallenge(db: DbOrTx, sessionId: string, purpose: 'register' | 'authenticate'): Promise<string | null> {
  const [row] = await db
    .delete(securityKeyChallenges)
    .where(and(eq(securityKeyChallenges.sessionId, sessionId), eq(securityKeyChallenges.purpose, purpose), gt(securityKeyChallenges.expiresAt, new Date())))
    .returning({ challenge: securityKeyChallenges.challenge });
  return row?.challenge ?? null;
}

const transportsOf = (key: SecurityKey) => key.transports as AuthenticatorTransportFuture[];

/** What the browser needs to make a new key for the signed-in user; the challenge is kept with the session. */
export async function registrationOptions(db: DbOrTx, rp: RelyingParty, sessionId: string, user: { id: string; email: string; name: string }): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await listSecurityKeys(db, user.id);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    timeout: TIMEOUT_MS,
    excludeCredentials: existing.map((k) => ({ id: k.credentialId, transports: transportsOf(k) })),
    authenticatorSelection: { residentKey: 'discouraged', userVerification: 'preferred' },
  });
  await openChallenge(db, sessionId, 'register', options.challenge);
  return options;
}

/** A browser's answer as posted by a form (JSON text); its parts are checked by the verification that follows. */
const responseShape = z.object({ id: z.string().min(1).max(1400), rawId: z.string().min(1).max(1400), type: z.literal('public-key'), response: z.record(z.string(), z.unknown()), clientExtensionResults: z.record(z.string(), z.unknown()).default({}) }).loose();

function parseResponse(text: string): unknown {
  if (!text || text.length > RESPONSE_MAX) return null;
  try {
    const r = responseShape.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** Verifies the browser's answer to the session's registration challenge and keeps the new key. */
export async function addSecurityKey(db: DbOrTx, rp: RelyingParty, sessionId: string, userId: string, name: string, responseText: string): Promise<SecurityKey | null> {
  const response = parseResponse(responseText) as RegistrationResponseJSON | null;
  const challenge = await takeChallenge(db, sessionId, 'register');
  if (!response || !challenge) return null;
  const result = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: false }).catch(() => null);
  if (!result?.verified) return null;
  const { credential } = result.registrationInfo;
  const [key] = await db
    .insert(securityKeys)
    .values({ userId, credentialId: credential.id, publicKey: Buffer.from(credential.publicKey).toString('base64url'), signCount: credential.counter, transports: credential.transports ?? [], name })
    .onConflictDoNothing()
    .returning();
  return key ?? null;
}

/** What the browser needs to sign in with one of the user's keys; null when they have none. */
export async function authenticationOptions(db: DbOrTx, rp: RelyingParty, sessionId: string, userId: string): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const keys = await listSecurityKeys(db, userId);
  if (!keys.length) return null;
  const options = await generateAuthenticationOptions({ rpID: rp.id, timeout: TIMEOUT_MS, userVerification: 'preferred', allowCredentials: keys.map((k) => ({ id: k.credentialId, transports: transportsOf(k) })) });
  await openChallenge(db, sessionId, 'authenticate', options.challenge);
  return options;
}

/**
 * Checks the browser's answer to the session's sign-in challenge against the user's own key and moves the key's
 * signature counter on. A counter that does not move forward (a copied key) is refused, as is a key of another
 * account or an answer for another site.
 */
export async function acceptSecurityKey(db: DbOrTx, rp: RelyingParty, sessionId: string, userId: string, responseText: string): Promise<SecurityKey | null> {
  const response = parseResponse(responseText) as AuthenticationResponseJSON | null;
  const challenge = await takeChallenge(db, sessionId, 'authenticate');
  if (!response || !challenge) return null;
  const [key] = await db
    .select()
    .from(securityKeys)
    .where(and(eq(securityKeys.userId, userId), eq(securityKeys.credentialId, response.id)));
  if (!key) return null;
  const result = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: { id: key.credentialId, publicKey: new Uint8Array(Buffer.from(key.publicKey, 'base64url')), counter: key.signCount, transports: transportsOf(key) },
    requireUserVerification: false,
  }).catch(() => null);
  if (!result?.verified) return null;
  const next = result.authenticationInfo.newCounter;
  // Authenticators that keep no counter always send 0; any other must move forward, also against a concurrent sign-in.
  const moved = await db
    .update(securityKeys)
    .set({ signCount: next, lastUsedAt: new Date() })
    .where(and(eq(securityKeys.id, key.id), next === 0 ? eq(securityKeys.signCount, 0) : lt(securityKeys.signCount, next)))
    .returning({ id: securityKeys.id });
  return moved.length ? key : null;
}

export async function removeSecurityKey(db: DbOrTx, userId: string, keyId: string): Promise<SecurityKey | null> {
  if (!z.uuid().safeParse(keyId).success) return null;
  const [key] = await db
    .delete(securityKeys)
    .where(and(eq(securityKeys.id, keyId), eq(securityKeys.userId, userId)))
    .returning();
  return key ?? null;
}

export async function countSecurityKeys(db: DbOrTx, userId: string): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(securityKeys).where(eq(securityKeys.userId, userId));
  return r!.n;
}

/** True when one of the user's roles requires signing in with a security key. */
export async function securityKeyRequired(db: DbOrTx, userId: string): Promise<boolean> {
  const [r] = await db.select({ required: securityKeyRequiredSql }).from(users).where(eq(users.id, userId));
  return r?.required === true;
}

/**
 * Whether a role of the user requires a security key, and whether they have one, in SQL over the `users` row of the
 * surrounding query (the session query reads them on every request). Qualified by hand: drizzle leaves a lone
 * table's columns bare, which inside these subqueries would name their own tables' columns.
 */
export const securityKeyRequiredSql = sql<boolean>`exists (select 1 from ${roleAssignments} ra join ${rolePolicies} rp on rp.role = ra.role where ra.user_id = "users"."id" and rp.require_security_key)`;
export const hasSecurityKeySql = sql<boolean>`exists (select 1 from ${securityKeys} sk where sk.user_id = "users"."id")`;
