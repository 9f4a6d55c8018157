import type { Platform } from '../../platform/platform.js';
import { PRIVILEGED_ROLES } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import { HttpError } from '../../platform/http/errors.js';
import { checkPassword, hashPassword, needsRehash, verifyAgainstDummy, verifyPassword, type PasswordProblem } from '../../platform/auth/password.js';
import { hmac, hmacMatches, randomToken, type SecretKeys } from '../../platform/auth/crypto.js';
import type { DbOrTx } from '../../platform/db/index.js';
import { DEFAULT_LOCALE, isLocale, translator, type Locale } from '../../platform/i18n/index.js';
import { createSession, endAllSessions, endSession } from '../../platform/identity/sessions.js';
import { consumeEmailToken, createEmailToken, peekEmailToken } from '../../platform/identity/tokens.js';
import { acceptSecondFactor, matchTotp, removeSecondFactor, replaceRecoveryCodes, sealTotpSecret, useRecoveryCode } from '../../platform/identity/totp.js';
import { acceptSecurityKey, addSecurityKey, listSecurityKeys, relyingParty, removeSecurityKey, securityKeyRequired, type SecurityKey } from '../../platform/identity/security-keys.js';
import { createUser, deleteUser, exportUserData, findUserByEmail, getUser, principalOf, roleGrants, updateUser, type User } from '../../platform/identity/users.js';
import { grantRole, totpRequiredFor } from '../../platform/identity/organisations.js';
import { personalDataErasers, personalDataSources } from '../../platform/personal-data.js';
import { enforceLimit, RATE_LIMITS, type RateLimitRule } from '../../platform/rate-limit.js';
import { passwordConfirms } from '../../platform/identity/reauth.js';
import { signedMail } from '../../platform/mail/html.js';

export interface RequestMeta {
  ip: string;
  userAgent: string;
  requestId: string;
  locale: Locale;
}

export type SignUpInput = { email: string; password: string; name: string; locale: Locale; country?: string | null; profession?: string | null };

const limit = (p: Platform, rule: RateLimitRule, subject: string) => enforceLimit(p.limiter, rule, subject);

const link = (p: Platform, path: string) => `${p.config.publicUrl}${path}`;

async function sendTemplate(p: Platform, db: DbOrTx, to: string, locale: Locale, template: string, values: Record<string, string>) {
  const t = translator(locale);
  const subject = t(`mail.${template}.subject`, values);
  const text = t(`mail.${template}.body`, values);
  await p.mailer.send(db, { to, ...signedMail(locale, t, subject, text) });
}

export type SecurityChange = 'passwordReset' | 'totpEnabled' | 'totpDisabled' | 'recoveryCodes' | 'keyAdded' | 'keyRemoved';

/**
 * Tells the owner that how their account signs in has changed (ASVS 2.2.3), in their language, with the way to
 * their security page and to a new password if it was not them. Sent in the change's transaction.
 */
async function tellSecurityChange(p: Platform, db: DbOrTx, user: User, change: SecurityChange, meta: RequestMeta, values: Record<string, string> = {}) {
  const locale = (isLocale(user.locale) && user.locale) || meta.locale;
  const what = translator(locale)(`mail.securityChanged.${change}`, values);
  await sendTemplate(p, db, user.email, locale, 'securityChanged', { name: user.name, change: what, security: link(p, '/account/security'), reset: link(p, '/password/forgot') });
}

/**
 * Sign-up. The answer is the same whether or not the address is taken (no account enumeration): a new
 * address gets a verification link, a known one a note that someone tried to sign up with it.
 */
export async function signUp(p: Platform, input: SignUpInput, meta: RequestMeta): Promise<{ ok: true } | { ok: false; problem: PasswordProblem }> {
  await limit(p, RATE_LIMITS.signUpByIp, meta.ip);
  const problem = checkPassword(input.password, { email: input.email });
  if (problem) return { ok: false, problem };
  const hash = await hashPassword(input.password, p.config.passwordHashCost, p.config.secretKeys);
  await p.database.db.transaction(async (tx) => {
    const existing = await findUserByEmail(tx, input.email);
    if (existing) {
      await sendTemplate(p, tx, existing.email, (isLocale(existing.locale) && existing.locale) || input.locale, 'signupExisting', { signin: link(p, '/signin'), reset: link(p, '/password/forgot') });
      await audit(tx, { actorId: null, action: 'account.signup', outcome: 'failure', targetType: 'user', targetId: existing.id, requestId: meta.requestId, details: { reason: 'exists' } });
      return;
    }
    const user = await createUser(tx, { email: input.email, passwordHash: hash, name: input.name, locale: input.locale, country: input.country, profession: input.profession });
    await grantRole(tx, user.id, 'learner', null);
    const token = await createEmailToken(tx, user.id, 'verify');
    await sendTemplate(p, tx, user.email, input.locale, 'verify', { name: user.name, link: link(p, `/verify/${token}`) });
    await audit(tx, { actorId: user.id, action: 'account.signup', outcome: 'success', targetType: 'user', targetId: user.id, requestId: meta.requestId });
  });
  return { ok: true };
}

export async function verifyEmail(p: Platform, token: string, meta: RequestMeta): Promise<boolean> {
  return p.database.db.transaction(async (tx) => {
    const row = await consumeEmailToken(tx, token, 'verify');
    if (!row) return false;
    await updateUser(tx, row.userId, { emailVerifiedAt: new Date() });
    await audit(tx, { actorId: row.userId, action: 'account.verify-email', outcome: 'success', targetType: 'user', targetId: row.userId, requestId: meta.requestId });
    return true;
  });
}

export async function resendVerification(p: Platform, user: User, meta: RequestMeta) {
  await p.database.db.transaction(async (tx) => {
    const token = await createEmailToken(tx, user.id, 'verify');
    await sendTemplate(p, tx, user.email, (isLocale(user.locale) && user.locale) || meta.locale, 'verify', { name: user.name, link: link(p, `/verify/${token}`) });
  });
}

export type SignInResult =
  | { kind: 'signed-in'; token: string; user: User; device: string }
  | { kind: 'second-factor'; token: string; device: string }
  | { kind: 'unverified' }
  | { kind: 'invalid' };

const isPrivileged = async (db: DbOrTx, userId: string) => (await roleGrants(db, userId)).some((g) => PRIVILEGED_ROLES.includes(g.role));

/**
 * Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a browser where an account's
 * password was given right keeps a token bound to that account. Attempts from it count against a budget of its
 * own, so that guesses from anywhere else, which use up the account's budget, cannot keep the owner out.
 */
const DEVICE_PURPOSE = 'signin-device';
const newDeviceToken = (secret: string, userId: string) => {
  const id = randomToken();
  return `${id}.${hmac(secret, DEVICE_PURPOSE, `${userId}:${id}`)}`;
};
/** The device's id when the token is one this instance gave to a browser of this account, else null. */
function deviceOf(keys: SecretKeys, token: string | undefined, userId: string): string | null {
  const [id, mac, ...rest] = (token ?? '').split('.');
  if (!id || !mac || rest.length) return null;
  return hmacMatches(keys, DEVICE_PURPOSE, `${userId}:${id}`, mac) ? id : null;
}

/**
 * Checks e-mail and password; unknown e-mail, wrong password and disabled account all answer "invalid". `device`
 * is the browser's device cookie, if it has one; a successful answer gives the one to keep.
 */
export async function signIn(p: Platform, input: { email: string; password: string; device?: string }, meta: RequestMeta): Promise<SignInResult> {
  await limit(p, RATE_LIMITS.signInByIp, meta.ip);
  // Without a device cookie the account's shared budget applies before anything is looked up; a cookie is only
  // worth its own budget once the account it was issued for is known.
  if (!input.device) await limit(p, RATE_LIMITS.signInByAccount, input.email);
  const user = await findUserByEmail(p.database.db, input.email);
  const device = user ? deviceOf(p.config.secretKeys, input.device, user.id) : null;
  if (device) await limit(p, RATE_LIMITS.signInByDevice, `${user!.id}:${device}`);
  else if (input.device) await limit(p, RATE_LIMITS.signInByAccount, input.email);
  if (!user || !user.passwordHash) {
    await verifyAgainstDummy(input.password, p.config.passwordHashCost, p.config.secretKeys);
    await audit(p.database.db, { actorId: null, action: 'auth.signin', outcome: 'failure', requestId: meta.requestId, details: { reason: 'unknown-account' } });
    return { kind: 'invalid' };
  }
  const ok = await verifyPassword(input.password, user.passwordHash, p.config.secretKeys);
  if (!ok || user.status !== 'active') {
    await audit(p.database.db, { actorId: null, action: 'auth.signin', outcome: 'failure', targetType: 'user', targetId: user.id, requestId: meta.requestId, details: { reason: ok ? 'disabled' : 'password' } });
    return { kind: 'invalid' };
  }
  if (!user.emailVerifiedAt) {
    await resendVerification(p, user, meta);
    return { kind: 'unverified' };
  }
  if (ok === 'stale' || needsRehash(user.passwordHash, p.config.passwordHashCost)) {
    await updateUser(p.database.db, user.id, { passwordHash: await hashPassword(input.password, p.config.passwordHashCost, p.config.secretKeys) });
  }
  const deviceToken = device ? input.device! : newDeviceToken(p.config.secretKey, user.id);
  return p.database.db.transaction(async (tx) => {
    if (user.totpEnabledAt) {
      const { token } = await createSession(tx, { userId: user.id, stage: 'mfa', userAgent: meta.userAgent, privileged: false });
      await audit(tx, { actorId: user.id, action: 'auth.signin.password', outcome: 'success', targetType: 'user', targetId: user.id, requestId: meta.requestId });
      return { kind: 'second-factor' as const, token, device: deviceToken };
    }
    const { token } = await createSession(tx, { userId: user.id, stage: 'full', userAgent: meta.userAgent, privileged: await isPrivileged(tx, user.id) });
    await audit(tx, { actorId: user.id, action: 'auth.signin', outcome: 'success', targetType: 'user', targetId: user.id, requestId: meta.requestId });
    return { kind: 'signed-in' as const, token, user, device: deviceToken };
  });
}

/** How the second step of sign-in was answered: a code (from the app, or a recovery code), or a security key's signature (JSON). */
export type SecondFactorAnswer = { code: string } | { key: string };

/**
 * Second step of sign-in: the pending session is replaced by a new full one (a fresh identifier). Someone whose
 * role requires a security key signs in with it or, having lost it, with a recovery code: a code from the app,
 * which a look-alike site could relay, is not enough for them.
 */
export async function completeSecondFactor(p: Platform, pendingSessionId: string, userId: string, answer: SecondFactorAnswer, meta: RequestMeta): Promise<{ token: string; user: User } | null> {
  await limit(p, RATE_LIMITS.secondFactorBySession, pendingSessionId);
  await limit(p, RATE_LIMITS.secondFactorByAccount, userId);
  const rp = relyingParty(p.config.publicUrl);
  return p.database.db.transaction(async (tx) => {
    let method: 'totp' | 'recovery' | 'security-key' | null = null;
    if ('key' in answer) method = rp && (await acceptSecurityKey(tx, rp, pendingSessionId, userId, answer.key)) ? 'security-key' : null;
    else if (await securityKeyRequired(tx, userId)) method = (await useRecoveryCode(tx, userId, answer.code)) ? 'recovery' : null;
    else method = await acceptSecondFactor(tx, p.config.secretKeys, userId, answer.code);
    if (!method) {
      await audit(tx, { actorId: userId, action: 'auth.signin.second-factor', outcome: 'failure', targetType: 'user', targetId: userId, requestId: meta.requestId });
      return null;
    }
    await endSession(tx, pendingSessionId);
    const user = (await getUser(tx, userId))!;
    const { token } = await createSession(tx, { userId, stage: 'full', userAgent: meta.userAgent, privileged: await isPrivileged(tx, userId) });
    await audit(tx, { actorId: userId, action: 'auth.signin', outcome: 'success', targetType: 'user', targetId: userId, requestId: meta.requestId, details: { secondFactor: method } });
    return { token, user };
  });
}

export async function signOut(p: Platform, sessionId: string, userId: string, meta: RequestMeta) {
  await p.database.db.transaction(async (tx) => {
    await endSession(tx, sessionId);
    await audit(tx, { actorId: userId, action: 'auth.signout', outcome: 'success', requestId: meta.requestId });
  });
}

/** Always answers the same; sends a reset link only when the account exists. */
export async function requestPasswordReset(p: Platform, email: string, meta: RequestMeta): Promise<void> {
  await limit(p, RATE_LIMITS.resetByIp, meta.ip);
  await limit(p, RATE_LIMITS.resetByAccount, email);
  await p.database.db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user || user.status !== 'active') return;
    const token = await createEmailToken(tx, user.id, 'reset');
    await sendTemplate(p, tx, user.email, (isLocale(user.locale) && user.locale) || meta.locale, 'reset', { name: user.name, link: link(p, `/password/reset/${token}`) });
    await audit(tx, { actorId: null, action: 'account.password-reset.request', outcome: 'success', targetType: 'user', targetId: user.id, requestId: meta.requestId });
  });
}

/**
 * Who a reset link belongs to, and whether the reset must also ask for the second factor: a code, or for someone
 * whose role requires a security key, a recovery code (a code from the app, which a look-alike site could relay,
 * does not sign them in, so it does not reset their password either).
 */
export async function inspectResetToken(p: Platform, token: string): Promise<{ userId: string; email: string; needsSecondFactor: boolean; keyRequired: boolean } | null> {
  const row = await peekEmailToken(p.database.db, token, 'reset');
  if (!row) return null;
  const user = await getUser(p.database.db, row.userId);
  if (!user || user.status !== 'active') return null;
  return { userId: user.id, email: user.email, needsSecondFactor: !!user.totpEnabledAt, keyRequired: !!user.totpEnabledAt && (await securityKeyRequired(p.database.db, user.id)) };
}

export type ResetOutcome = 'done' | 'invalid-token' | 'second-factor' | PasswordProblem;

/** Sets a new password from a reset link; never bypasses the second factor; ends every session. */
export async function resetPassword(p: Platform, input: { token: string; password: string; code?: string }, meta: RequestMeta): Promise<ResetOutcome> {
  const info = await inspectResetToken(p, input.token);
  if (!info) return 'invalid-token';
  const problem = checkPassword(input.password, { email: info.email });
  if (problem) return problem;
  const hash = await hashPassword(input.password, p.config.passwordHashCost, p.config.secretKeys);
  if (info.needsSecondFactor) await limit(p, RATE_LIMITS.secondFactorByAccount, info.userId);
  return p.database.db.transaction(async (tx) => {
    if (info.needsSecondFactor) {
      const accepted = input.code && (info.keyRequired ? await useRecoveryCode(tx, info.userId, input.code) : await acceptSecondFactor(tx, p.config.secretKeys, info.userId, input.code));
      if (!accepted) {
        await audit(tx, { actorId: null, action: 'account.password-reset', outcome: 'failure', targetType: 'user', targetId: info.userId, requestId: meta.requestId, details: { reason: 'second-factor' } });
        return 'second-factor' as const;
      }
    }
    if (!(await consumeEmailToken(tx, input.token, 'reset'))) return 'invalid-token' as const;
    // Following the link proves the address, so an unverified account becomes verified.
    await updateUser(tx, info.userId, { passwordHash: hash, emailVerifiedAt: (await getUser(tx, info.userId))!.emailVerifiedAt ?? new Date() });
    await endAllSessions(tx, info.userId);
    await tellSecurityChange(p, tx, (await getUser(tx, info.userId))!, 'passwordReset', meta);
    await audit(tx, { actorId: info.userId, action: 'account.password-reset', outcome: 'success', targetType: 'user', targetId: info.userId, requestId: meta.requestId });
    return 'done' as const;
  });
}

export async function changePassword(p: Platform, userId: string, sessionId: string, input: { current: string; next: string }, meta: RequestMeta): Promise<'done' | 'wrong-password' | PasswordProblem> {
  const user = (await getUser(p.database.db, userId))!;
  if (!(await passwordConfirms(p, userId, input.current))) {
    await audit(p.database.db, { actorId: userId, action: 'account.password-change', outcome: 'failure', requestId: meta.requestId, details: { reason: 'password' } });
    return 'wrong-password';
  }
  const problem = checkPassword(input.next, { email: user.email });
  if (problem) return problem;
  const hash = await hashPassword(input.next, p.config.passwordHashCost, p.config.secretKeys);
  await p.database.db.transaction(async (tx) => {
    await updateUser(tx, userId, { passwordHash: hash });
    await endAllSessions(tx, userId, sessionId);
    await sendTemplate(p, tx, user.email, (isLocale(user.locale) && user.locale) || meta.locale, 'passwordChanged', { name: user.name, reset: link(p, '/password/forgot') });
    await audit(tx, { actorId: userId, action: 'account.password-change', outcome: 'success', targetType: 'user', targetId: userId, requestId: meta.requestId });
  });
  return 'done';
}

/** Starts an e-mail change: the new address must confirm; the old one is told. */
export async function requestEmailChange(p: Platform, userId: string, input: { email: string; password: string }, meta: RequestMeta): Promise<'sent' | 'wrong-password' | 'same'> {
  const user = (await getUser(p.database.db, userId))!;
  if (!(await passwordConfirms(p, userId, input.password))) return 'wrong-password';
  if (input.email === user.email) return 'same';
  await p.database.db.transaction(async (tx) => {
    const taken = await findUserByEmail(tx, input.email);
    const locale = (isLocale(user.locale) && user.locale) || meta.locale;
    // A taken address gets a note instead of a link: the answer on screen is the same either way.
    if (taken) {
      await sendTemplate(p, tx, input.email, locale, 'emailTaken', { signin: link(p, '/signin') });
    } else {
      const token = await createEmailToken(tx, userId, 'change-email', { newEmail: input.email });
      await sendTemplate(p, tx, input.email, locale, 'changeEmail', { name: user.name, link: link(p, `/account/email/confirm/${token}`) });
    }
    await audit(tx, { actorId: userId, action: 'account.email-change.request', outcome: 'success', targetType: 'user', targetId: userId, requestId: meta.requestId });
  });
  return 'sent';
}

export async function confirmEmailChange(p: Platform, token: string, meta: RequestMeta): Promise<boolean> {
  return p.database.db.transaction(async (tx) => {
    const row = await consumeEmailToken(tx, token, 'change-email');
    if (!row?.newEmail) return false;
    if (await findUserByEmail(tx, row.newEmail)) return false;
    const user = (await getUser(tx, row.userId))!;
    await updateUser(tx, row.userId, { email: row.newEmail, emailVerifiedAt: new Date() });
    await sendTemplate(p, tx, user.email, (isLocale(user.locale) && user.locale) || meta.locale, 'emailChanged', { name: user.name, reset: link(p, '/password/forgot') });
    await audit(tx, { actorId: row.userId, action: 'account.email-change', outcome: 'success', targetType: 'user', targetId: row.userId, requestId: meta.requestId });
    return true;
  });
}

export async function updateProfile(p: Platform, userId: string, input: { name: string; locale: Locale; country: string | null; profession: string | null; gender: string | null }, meta: RequestMeta) {
  await p.database.db.transaction(async (tx) => {
    await updateUser(tx, userId, input);
    await audit(tx, { actorId: userId, action: 'account.profile-update', outcome: 'success', targetType: 'user', targetId: userId, requestId: meta.requestId });
  });
}

/** Enrols TOTP after checking a first code against the secret the user scanned. */
export async function enableTotp(p: Platform, userId: string, secret: string, code: string, meta: RequestMeta): Promise<string[] | null> {
  const step = matchTotp(secret, code);
  if (step === null) return null;
  return p.database.db.transaction(async (tx) => {
    await updateUser(tx, userId, { totpSecret: sealTotpSecret(p.config.secretKey, secret), totpEnabledAt: new Date(), totpLastStep: step });
    const codes = await replaceRecoveryCodes(tx, userId);
    await tellSecurityChange(p, tx, (await getUser(tx, userId))!, 'totpEnabled', meta);
    await audit(tx, { actorId: userId, action: 'account.totp-enable', outcome: 'success', targetType: 'user', targetId: userId, requestId: meta.requestId });
    return codes;
  });
}

export async function turnOffTotp(p: Platform, userId: string, code: string, meta: RequestMeta): Promise<'done' | 'wrong-code' | 'required'> {
  const user = (await getUser(p.database.db, userId))!;
  if (await totpRequiredFor(p.database.db, await principalOf(p.database.db, user))) return 'required';
  await limit(p, RATE_LIMITS.secondFactorByAccount, userId);
  return p.database.db.transaction(async (tx) => {
    if (!(await acceptSecondFactor(tx, p.config.secretKeys, userId, code))) {
      await audit(tx, { actorId: userId, action: 'account.totp-disable', outcome: 'failure', requestId: meta.requestId });
      return 'wrong-code' as const;
    }
    await removeSecondFactor(tx, userId);
    await tellSecurityChange(p, tx, user, 'totpDisabled', meta);
    await audit(tx, { actorId: userId, action: 'account.totp-disable', outcome: 'success', targetType: 'user', targetId: userId, requestId: meta.requestId });
    return 'done' as const;
  });
}

/**
 * Removes an account's second factor and recovery codes for someone who lost them (an administrator on the
 * account's page, or `ponte user reset-second-factor`): its sessions end, the change is audited, and the owner is
 * told by e-mail, so that a reset they did not ask for does not go unnoticed. A role that requires a second factor
 * asks for a new one at the next sign-in. False when the account has none.
 */
export async function resetSecondFactor(p: Platform, db: DbOrTx, user: User, by: { actorId: string | null; action: 'admin.second-factor-reset' | 'cli.second-factor-reset'; requestId?: string }): Promise<boolean> {
  if (!user.totpEnabledAt) return false;
  await removeSecondFactor(db, user.id);
  await endAllSessions(db, user.id);
  await audit(db, { actorId: by.actorId, action: by.action, outcome: 'success', targetType: 'user', targetId: user.id, requestId: by.requestId });
  await sendTemplate(p, db, user.email, isLocale(user.locale) ? user.locale : DEFAULT_LOCALE, 'secondFactorReset', { name: user.name, security: link(p, '/account/security') });
  return true;
}

export async function newRecoveryCodes(p: Platform, userId: string, code: string, meta: RequestMeta): Promise<string[] | null> {
  await limit(p, RATE_LIMITS.secondFactorByAccount, userId);
  return p.database.db.transaction(async (tx) => {
    if (!(await acceptSecondFactor(tx, p.config.secretKeys, userId, code))) return null;
    const codes = await replaceRecoveryCodes(tx, userId);
    await tellSecurityChange(p, tx, (await getUser(tx, userId))!, 'recoveryCodes', meta);
    await audit(tx, { actorId: userId, action: 'account.recovery-codes', outcome: 'success', targetType: 'user', targetId: userId, requestId: meta.requestId });
    return codes;
  });
}

/**
 * Keeps a security key the browser made for the signed-in user, after checking its answer to the session's
 * challenge; the owner is told by e-mail. Null when the answer does not hold (another site, an old challenge, a
 * key already added).
 */
export async function addKey(p: Platform, sessionId: string, userId: string, name: string, response: string, meta: RequestMeta): Promise<SecurityKey | null> {
  const rp = relyingParty(p.config.publicUrl);
  if (!rp) return null;
  return p.database.db.transaction(async (tx) => {
    const key = await addSecurityKey(tx, rp, sessionId, userId, name, response);
    await audit(tx, { actorId: userId, action: 'account.security-key-add', outcome: key ? 'success' : 'failure', targetType: 'user', targetId: userId, requestId: meta.requestId, details: key ? { key: key.id } : undefined });
    if (key) await tellSecurityChange(p, tx, (await getUser(tx, userId))!, 'keyAdded', meta, { key: key.name });
    return key;
  });
}

/** Removes one of the user's security keys, with a code from their app or a recovery code; the owner is told. */
export async function removeKey(p: Platform, userId: string, keyId: string, code: string, meta: RequestMeta): Promise<'done' | 'wrong-code' | 'not-found'> {
  await limit(p, RATE_LIMITS.secondFactorByAccount, userId);
  // Which key first, so that a recovery code is not spent on a key that is not there.
  if (!(await listSecurityKeys(p.database.db, userId)).some((k) => k.id === keyId)) return 'not-found';
  return p.database.db.transaction(async (tx) => {
    if (!(await acceptSecondFactor(tx, p.config.secretKeys, userId, code))) {
      await audit(tx, { actorId: userId, action: 'account.security-key-remove', outcome: 'failure', requestId: meta.requestId });
      return 'wrong-code' as const;
    }
    const key = await removeSecurityKey(tx, userId, keyId);
    if (!key) throw new HttpError(409, 'securityKeys.failed');
    await tellSecurityChange(p, tx, (await getUser(tx, userId))!, 'keyRemoved', meta, { key: key.name });
    await audit(tx, { actorId: userId, action: 'account.security-key-remove', outcome: 'success', targetType: 'user', targetId: userId, requestId: meta.requestId, details: { key: key.id } });
    return 'done' as const;
  });
}

export async function deleteAccount(p: Platform, userId: string, input: { password: string; code?: string }, meta: RequestMeta): Promise<'done' | 'wrong-password' | 'second-factor'> {
  const user = (await getUser(p.database.db, userId))!;
  if (user.totpEnabledAt) await limit(p, RATE_LIMITS.secondFactorByAccount, userId);
  if (!(await passwordConfirms(p, userId, input.password))) return 'wrong-password';
  return p.database.db.transaction(async (tx) => {
    if (user.totpEnabledAt && !(input.code && (await acceptSecondFactor(tx, p.config.secretKeys, userId, input.code)))) return 'second-factor' as const;
    await sendTemplate(p, tx, user.email, (isLocale(user.locale) && user.locale) || meta.locale, 'accountDeleted', { name: user.name });
    // What modules hold beyond the cascades (e.g. xAPI statements naming the person), in the same transaction.
    for (const { erase } of personalDataErasers(p)) await erase(tx, userId);
    await deleteUser(tx, userId);
    await audit(tx, { actorId: userId, action: 'account.delete', outcome: 'success', targetType: 'user', targetId: userId, requestId: meta.requestId });
    return 'done' as const;
  });
}

export async function endOwnSession(p: Platform, userId: string, sessionId: string, meta: RequestMeta): Promise<boolean> {
  return p.database.db.transaction(async (tx) => {
    const ended = await endSession(tx, sessionId, userId);
    if (ended) await audit(tx, { actorId: userId, action: 'auth.session-end', outcome: 'success', requestId: meta.requestId });
    return ended;
  });
}

export async function endOtherSessions(p: Platform, userId: string, currentSessionId: string, meta: RequestMeta): Promise<number> {
  return p.database.db.transaction(async (tx) => {
    const ended = await endAllSessions(tx, userId, currentSessionId);
    await audit(tx, { actorId: userId, action: 'auth.session-end-others', outcome: 'success', requestId: meta.requestId, details: { count: ended } });
    return ended;
  });
}

/** Everything held about the user, as JSON (GDPR art. 15 and 20); the export itself is audited. */
export async function exportMyData(p: Platform, userId: string, meta: RequestMeta) {
  const data = await exportUserData(p.database.db, userId, personalDataSources(p));
  await audit(p.database.db, { actorId: userId, action: 'account.export', outcome: 'success', targetType: 'user', targetId: userId, requestId: meta.requestId });
  return data;
}
