import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Module } from '../../platform/http/app.js';
import { COOKIE_NAMES } from '../../platform/http/app.js';
import { HttpError } from '../../platform/http/errors.js';
import { email, isPasswordOrCode, parseForm, password, safeNext, text } from '../../platform/http/forms.js';
import { unseal, seal } from '../../platform/auth/crypto.js';
import { isCountry } from '../../platform/i18n/countries.js';
import { isLocale, LOCALES } from '../../platform/i18n/index.js';
import { listSessions, SESSION_LIMITS } from '../../platform/identity/sessions.js';
import { newTotpSecret, recoveryCodeStatus, totpUri } from '../../platform/identity/totp.js';
import { authenticationOptions, countSecurityKeys, KEY_NAME_MAX, listSecurityKeys, registrationOptions, relyingParty, securityKeyRequired } from '../../platform/identity/security-keys.js';
import { GENDERS, getUser, PROFESSIONS } from '../../platform/identity/users.js';
import { totpRequiredFor } from '../../platform/identity/organisations.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from './service.js';
import { ChangeEmailPage, ChangePasswordPage, DataPage, ProfilePage, SecurityPage, SessionsPage, TotpSetupPage } from './views/account.js';
import { ConfirmPage, ForgotPasswordPage, MessagePage, ResetPasswordPage, SecondFactorPage, SignInPage, SignUpPage, VerifyPage } from './views/auth.js';
import { contentDisposition } from '../../platform/storage.js';

/** The notices a page may show after a redirect (`?notice=`); anything else is ignored. */
/** What signing out and deleting the account clear from the browser: its caches and the site's storage (offline lessons, the progress outbox, the service worker). */
const CLEAR_DEVICE = '"cache", "storage"';

export const NOTICES = new Set(['profile-saved', 'password-changed', 'email-changed', 'totp-enabled', 'totp-disabled', 'totp-required', 'session-ended', 'sessions-ended', 'password-reset', 'email-verified', 'codes-renewed', 'key-added', 'key-removed', 'key-required']);
const noticeOf = (req: FastifyRequest) => {
  const n = (req.query as Record<string, unknown>).notice;
  return typeof n === 'string' && NOTICES.has(n) ? n : null;
};

const optionalCode = z.string().max(40, 'errors.tooLong').optional();
const profileSchema = z.object({
  name: text({ max: 200 }),
  profession: z.union([z.literal(''), z.enum(PROFESSIONS, { message: 'errors.choose' })]).optional(),
  gender: z.union([z.literal(''), z.enum(GENDERS, { message: 'errors.choose' })]).optional(),
  country: z
    .string()
    .optional()
    .refine((v) => !v || isCountry(v), 'errors.choose'),
  locale: z.enum(LOCALES, { message: 'errors.choose' }),
});
const signUpSchema = profileSchema.extend({ email: email(), password: password() });

export const PASSWORD_PROBLEMS: Record<string, string> = {
  'too-short': 'errors.passwordTooShort',
  'too-long': 'errors.passwordTooLong',
  common: 'errors.passwordCommon',
  'like-email': 'errors.passwordLikeEmail',
};

export const accountsModule: Module = {
  name: 'accounts',
  routes(app: FastifyInstance, p: Platform) {
    const cookies = COOKIE_NAMES(p.config.publicUrl.startsWith('https:'));
    const secure = p.config.publicUrl.startsWith('https:');
    const meta = (req: FastifyRequest): accounts.RequestMeta => ({ ip: req.ip, userAgent: String(req.headers['user-agent'] ?? ''), requestId: req.id, locale: req.locale });
    const setSession = (reply: FastifyReply, token: string, stage: 'mfa' | 'full') =>
      reply.setCookie(cookies.session, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: stage === 'full' ? SESSION_LIMITS.standard.absoluteMs / 1000 : undefined });
    const pub = { config: { access: 'public' as const } };
    // Security keys answer only the site they were made for: its public address (none for an IP address).
    const rp = relyingParty(p.config.publicUrl);
    /** The browser's answer to a security key challenge, as the form sends it (JSON text), or null. */
    const credentialOf = (body: unknown) => {
      const c = (body as Record<string, unknown> | undefined)?.credential;
      return typeof c === 'string' && c.trim() ? c : null;
    };
    const json = (reply: FastifyReply, body: unknown) => reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(JSON.stringify(body));
    const signedIn = { config: { access: 'signed-in' as const } };
    const me = (req: FastifyRequest) => req.principal!;

    // Language switcher: stored on the account when signed in, in a cookie otherwise.
    app.post('/language', { config: { access: 'public', allowWhileOwingSecondFactor: true } }, async (req, reply) => {
      const body = req.body as Record<string, unknown>;
      if (!isLocale(body.locale)) throw new HttpError(400, 'errors.choose');
      reply.setCookie(cookies.lang, body.locale, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 86400 });
      if (req.principal) await accounts.updateProfile(p, req.principal.id, { ...(await currentProfile(req.principal.id)), locale: body.locale }, meta(req));
      const next = safeNext(body.next).replace(/([?&])lang=[^&]*&?/, '$1').replace(/[?&]$/, '');
      return reply.redirect(next || '/', 303);
    });

    async function currentProfile(userId: string) {
      const u = (await getUser(p.database.db, userId))!;
      return { name: u.name, locale: isLocale(u.locale) ? u.locale : 'en', country: u.country, profession: u.profession, gender: u.gender };
    }

    // Sign-up and e-mail verification.
    app.get('/signup', pub, async (req, reply) => (req.principal ? reply.redirect('/account', 303) : reply.page(h(SignUpPage, { values: {} }))));
    app.post('/signup', pub, async (req, reply) => {
      const form = parseForm(signUpSchema, req.body);
      if (!form.ok) return reply.page(h(SignUpPage, { values: form.values, errors: form.errors }), { status: 400 });
      const d = form.data;
      const r = await accounts.signUp(p, { email: d.email, password: d.password, name: d.name, locale: d.locale, country: d.country || null, profession: d.profession || null }, meta(req));
      if (!r.ok) return reply.page(h(SignUpPage, { values: form.values, errors: { password: PASSWORD_PROBLEMS[r.problem]! } }), { status: 400 });
      return reply.redirect('/signup/sent', 303);
    });
    app.get('/signup/sent', pub, async (req, reply) => reply.page(h(MessagePage, { title: req.t('signup.sent.title'), body: req.t('signup.sent.body') })));
    app.get<{ Params: { token: string } }>('/verify/:token', pub, async (req, reply) => reply.page(h(VerifyPage, { token: req.params.token })));
    app.post<{ Params: { token: string } }>('/verify/:token', pub, async (req, reply) => {
      if (!(await accounts.verifyEmail(p, req.params.token, meta(req)))) return reply.page(h(VerifyPage, { token: req.params.token, invalid: true }), { status: 400 });
      return reply.redirect(req.principal ? '/account?notice=email-verified' : '/signin?notice=email-verified', 303);
    });

    // Sign-in, second factor, sign-out.
    const signInSchema = z.object({ email: email(), password: password(), next: z.string().optional() });
    app.get('/signin', pub, async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      if (req.principal) return reply.redirect(safeNext(q.next, '/account'), 303);
      return reply.page(h(SignInPage, { next: safeNext(q.next, ''), notice: noticeOf(req) ?? undefined }));
    });
    app.post('/signin', pub, async (req, reply) => {
      const form = parseForm(signInSchema, req.body);
      const next = safeNext((req.body as Record<string, unknown>)?.next, '/account');
      if (!form.ok) return reply.page(h(SignInPage, { values: form.values, errors: form.errors, next }), { status: 400 });
      const r = await accounts.signIn(p, { ...form.data, device: req.cookies[cookies.device] }, meta(req));
      if (r.kind === 'invalid') return reply.page(h(SignInPage, { values: form.values, errors: { _form: 'errors.signInFailed' }, next }), { status: 400 });
      if (r.kind === 'unverified') return reply.page(h(MessagePage, { title: req.t('signup.sent.title'), body: req.t('signin.unverified') }), { status: 403 });
      setSession(reply, r.token, r.kind === 'signed-in' ? 'full' : 'mfa');
      reply.setCookie(cookies.device, r.device, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 86400 });
      if (r.kind === 'second-factor') return reply.redirect(`/signin/second-factor?next=${encodeURIComponent(next)}`, 303);
      if (isLocale(r.user.locale)) reply.setCookie(cookies.lang, r.user.locale, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 86400 });
      return reply.redirect(next, 303);
    });
    const mfa = { config: { access: 'mfa-pending' as const } };
    const secondFactorPage = async (req: FastifyRequest, next: string, errors?: Record<string, string>) => {
      const userId = req.session!.userId;
      const hasKeys = !!rp && (await countSecurityKeys(p.database.db, userId)) > 0;
      return h(SecondFactorPage, { next, errors, hasKeys, keyRequired: await securityKeyRequired(p.database.db, userId) });
    };
    app.get('/signin/second-factor', mfa, async (req, reply) => reply.page(await secondFactorPage(req, safeNext((req.query as Record<string, unknown>).next, '/account'))));
    app.post('/signin/second-factor/key-options', mfa, async (req, reply) => {
      const options = rp && (await authenticationOptions(p.database.db, rp, req.session!.id, req.session!.userId));
      if (!options) throw new HttpError(404, 'error.404.body');
      return json(reply, options);
    });
    app.post('/signin/second-factor', mfa, async (req, reply) => {
      const body = req.body as Record<string, unknown>;
      const next = safeNext(body?.next, '/account');
      const key = credentialOf(body);
      const code = typeof body?.code === 'string' ? body.code.slice(0, 40) : '';
      if (!key && !code.trim()) return reply.page(await secondFactorPage(req, next, { code: 'errors.required' }), { status: 400 });
      const r = await accounts.completeSecondFactor(p, req.session!.id, req.session!.userId, key ? { key } : { code }, meta(req));
      if (!r) return reply.page(await secondFactorPage(req, next, key ? { _form: 'securityKeys.failed' } : { code: 'errors.codeInvalid' }), { status: 400 });
      setSession(reply, r.token, 'full');
      return reply.redirect(next, 303);
    });
    app.post('/signout', { config: { access: 'public', allowWhileOwingSecondFactor: true } }, async (req, reply) => {
      if (req.session) await accounts.signOut(p, req.session.id, req.session.userId, meta(req));
      reply.clearCookie(cookies.session, { path: '/' });
      // Lessons kept for reading offline and progress waiting to be sent leave the device with the person.
      reply.header('clear-site-data', CLEAR_DEVICE);
      return reply.redirect('/', 303);
    });

    // Password reset.
    app.get('/password/forgot', pub, async (_req, reply) => reply.page(h(ForgotPasswordPage, { values: {} })));
    app.post('/password/forgot', pub, async (req, reply) => {
      const form = parseForm(z.object({ email: email() }), req.body);
      if (!form.ok) return reply.page(h(ForgotPasswordPage, { values: form.values, errors: form.errors }), { status: 400 });
      await accounts.requestPasswordReset(p, form.data.email, meta(req));
      return reply.page(h(ForgotPasswordPage, { sent: true }));
    });
    app.get<{ Params: { token: string } }>('/password/reset/:token', pub, async (req, reply) => {
      const info = await accounts.inspectResetToken(p, req.params.token);
      return reply.page(h(ResetPasswordPage, { token: req.params.token, needsSecondFactor: !!info?.needsSecondFactor, keyRequired: !!info?.keyRequired, invalid: !info }), { status: info ? 200 : 400 });
    });
    app.post<{ Params: { token: string } }>('/password/reset/:token', pub, async (req, reply) => {
      const form = parseForm(z.object({ password: password(), code: optionalCode }), req.body, isPasswordOrCode);
      const info = await accounts.inspectResetToken(p, req.params.token);
      const page = (errors: Record<string, string>, invalid = false) =>
        reply.page(h(ResetPasswordPage, { token: req.params.token, needsSecondFactor: !!info?.needsSecondFactor, keyRequired: !!info?.keyRequired, errors, invalid }), { status: 400 });
      if (!form.ok) return page(form.errors, !info);
      const r = await accounts.resetPassword(p, { token: req.params.token, password: form.data.password, code: form.data.code }, meta(req));
      if (r === 'done') {
        reply.clearCookie(cookies.session, { path: '/' });
        return reply.redirect('/signin?notice=password-reset', 303);
      }
      if (r === 'invalid-token') return page({}, true);
      if (r === 'second-factor') return page({ code: 'errors.codeInvalid' });
      return page({ password: PASSWORD_PROBLEMS[r]! });
    });

    // The account area.
    app.get('/account', signedIn, async (req, reply) => {
      const profile = await currentProfile(me(req).id);
      return reply.page(h(ProfilePage, { values: { name: profile.name, locale: profile.locale, country: profile.country ?? '', profession: profile.profession ?? '', gender: profile.gender ?? '' }, email: me(req).email, notice: noticeOf(req) }));
    });
    app.post('/account', signedIn, async (req, reply) => {
      const form = parseForm(profileSchema, req.body);
      if (!form.ok) return reply.page(h(ProfilePage, { values: form.values, errors: form.errors, email: me(req).email }), { status: 400 });
      const d = form.data;
      await accounts.updateProfile(p, me(req).id, { name: d.name, locale: d.locale, country: d.country || null, profession: d.profession || null, gender: d.gender || null }, meta(req));
      reply.setCookie(cookies.lang, d.locale, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 86400 });
      return reply.redirect('/account?notice=profile-saved', 303);
    });
    app.get('/account/email', signedIn, async (_req, reply) => reply.page(h(ChangeEmailPage, { values: {} })));
    app.post('/account/email', signedIn, async (req, reply) => {
      const form = parseForm(z.object({ email: email(), password: password() }), req.body);
      if (!form.ok) return reply.page(h(ChangeEmailPage, { values: form.values, errors: form.errors }), { status: 400 });
      const r = await accounts.requestEmailChange(p, me(req).id, form.data, meta(req));
      if (r === 'wrong-password') return reply.page(h(ChangeEmailPage, { values: form.values, errors: { password: 'errors.passwordWrong' } }), { status: 400 });
      if (r === 'same') return reply.page(h(ChangeEmailPage, { values: form.values, errors: { email: 'errors.emailSame' } }), { status: 400 });
      return reply.page(h(ChangeEmailPage, { sent: true }));
    });
    app.get<{ Params: { token: string } }>('/account/email/confirm/:token', signedIn, async (req, reply) =>
      reply.page(h(ConfirmPage, { title: req.t('account.email.title'), body: req.t('account.email.confirmIntro'), action: `/account/email/confirm/${encodeURIComponent(req.params.token)}` })),
    );
    app.post<{ Params: { token: string } }>('/account/email/confirm/:token', signedIn, async (req, reply) => {
      if (!(await accounts.confirmEmailChange(p, req.params.token, meta(req)))) return reply.page(h(MessagePage, { title: req.t('account.email.title'), body: req.t('verify.invalid') }), { status: 400 });
      return reply.redirect('/account?notice=email-changed', 303);
    });
    app.get('/account/password', signedIn, async (_req, reply) => reply.page(h(ChangePasswordPage, { errors: {} })));
    app.post('/account/password', signedIn, async (req, reply) => {
      const form = parseForm(z.object({ current: password(), password: password() }), req.body);
      if (!form.ok) return reply.page(h(ChangePasswordPage, { errors: form.errors }), { status: 400 });
      const r = await accounts.changePassword(p, me(req).id, req.session!.id, { current: form.data.current, next: form.data.password }, meta(req));
      if (r === 'wrong-password') return reply.page(h(ChangePasswordPage, { errors: { current: 'errors.passwordWrong' } }), { status: 400 });
      if (r !== 'done') return reply.page(h(ChangePasswordPage, { errors: { password: PASSWORD_PROBLEMS[r]! } }), { status: 400 });
      return reply.redirect('/account/security?notice=password-changed', 303);
    });

    // Second factor.
    const owing = { config: { access: 'signed-in' as const, allowWhileOwingSecondFactor: true } };
    const securityPage = async (req: FastifyRequest, extra: { errors?: Record<string, string>; values?: Record<string, string>; codes?: string[] } = {}) => {
      const user = (await getUser(p.database.db, me(req).id))!;
      return h(SecurityPage, {
        totpEnabled: !!user.totpEnabledAt,
        required: await totpRequiredFor(p.database.db, me(req)),
        recoveryCodes: await recoveryCodeStatus(p.database.db, user.id),
        keys: rp ? await listSecurityKeys(p.database.db, user.id) : null,
        keyRequired: await securityKeyRequired(p.database.db, user.id),
        notice: noticeOf(req),
        ...extra,
      });
    };
    app.get('/account/security', owing, async (req, reply) => reply.page(await securityPage(req)));
    const setupPage = async (req: FastifyRequest, secret: string, errors?: Record<string, string>) =>
      h(TotpSetupPage, {
        secret,
        sealed: seal(p.config.secretKey, `totp-setup:${me(req).id}`, secret),
        qrSvg: await QRCode.toString(totpUri(secret, me(req).email, 'Ponte'), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
        errors,
      });
    app.get('/account/security/totp', owing, async (req, reply) => {
      if (me(req).totpEnabled) return reply.redirect('/account/security', 303);
      return reply.page(await setupPage(req, newTotpSecret()));
    });
    app.post('/account/security/totp', owing, async (req, reply) => {
      const body = req.body as Record<string, unknown>;
      const secret = typeof body.sealed === 'string' ? unseal(p.config.secretKeys, `totp-setup:${me(req).id}`, body.sealed) : null;
      if (!secret || me(req).totpEnabled) return reply.redirect('/account/security/totp', 303);
      const code = typeof body.code === 'string' ? body.code : '';
      const codes = await accounts.enableTotp(p, me(req).id, secret, code, meta(req));
      if (!codes) return reply.page(await setupPage(req, secret, { code: code.trim() ? 'errors.codeInvalid' : 'errors.required' }), { status: 400 });
      req.principal = { ...me(req), totpEnabled: true };
      return reply.page(await securityPage(req, { codes }));
    });
    app.post('/account/security/recovery-codes', signedIn, async (req, reply) => {
      const body = req.body as Record<string, unknown>;
      const code = typeof body.code === 'string' ? body.code.slice(0, 40) : '';
      if (!code.trim()) return reply.page(await securityPage(req, { errors: { code: 'errors.required' } }), { status: 400 });
      if (body.action === 'disable') {
        const r = await accounts.turnOffTotp(p, me(req).id, code, meta(req));
        if (r === 'done') return reply.redirect('/account/security?notice=totp-disabled', 303);
        return reply.page(await securityPage(req, { errors: { code: r === 'required' ? 'totp.requiredByRole' : 'errors.codeInvalid' } }), { status: 400 });
      }
      const codes = await accounts.newRecoveryCodes(p, me(req).id, code, meta(req));
      if (!codes) return reply.page(await securityPage(req, { errors: { code: 'errors.codeInvalid' } }), { status: 400 });
      return reply.page(await securityPage(req, { codes }));
    });

    // Security keys, beside the authenticator app (whose recovery codes stay the way back).
    app.post('/account/security/keys/options', owing, async (req, reply) => {
      if (!rp || !me(req).totpEnabled) throw new HttpError(409, 'securityKeys.needsApp');
      return json(reply, await registrationOptions(p.database.db, rp, req.session!.id, me(req)));
    });
    app.post('/account/security/keys', owing, async (req, reply) => {
      const form = parseForm(z.object({ name: text({ max: KEY_NAME_MAX }) }), req.body);
      const credential = credentialOf(req.body);
      if (!form.ok) return reply.page(await securityPage(req, { errors: form.errors, values: form.values }), { status: 400 });
      if (!rp || !me(req).totpEnabled || !credential) return reply.page(await securityPage(req, { errors: { _form: 'securityKeys.failed' }, values: form.values }), { status: 400 });
      const key = await accounts.addKey(p, req.session!.id, me(req).id, form.data.name, credential, meta(req));
      if (!key) return reply.page(await securityPage(req, { errors: { _form: 'securityKeys.failed' }, values: form.values }), { status: 400 });
      return reply.redirect('/account/security?notice=key-added', 303);
    });
    app.post('/account/security/keys/remove', owing, async (req, reply) => {
      const body = req.body as Record<string, unknown>;
      const code = typeof body.removeCode === 'string' ? body.removeCode.slice(0, 40) : '';
      const keyId = typeof body.key === 'string' ? body.key : '';
      if (!code.trim()) return reply.page(await securityPage(req, { errors: { removeCode: 'errors.required' } }), { status: 400 });
      const r = await accounts.removeKey(p, me(req).id, keyId, code, meta(req));
      if (r === 'wrong-code') return reply.page(await securityPage(req, { errors: { removeCode: 'errors.codeInvalid' } }), { status: 400 });
      if (r === 'not-found') return reply.page(await securityPage(req, { errors: { key: 'errors.choose' } }), { status: 400 });
      return reply.redirect('/account/security?notice=key-removed', 303);
    });

    // Sessions.
    app.get('/account/sessions', signedIn, async (req, reply) =>
      reply.page(h(SessionsPage, { sessions: await listSessions(p.database.db, me(req).id), currentId: req.session!.id, notice: noticeOf(req) })),
    );
    app.post<{ Params: { id: string } }>('/account/sessions/:id/end', signedIn, async (req, reply) => {
      // Only the caller's own sessions can be ended; another user's id answers 404, as if it did not exist.
      if (!(await accounts.endOwnSession(p, me(req).id, req.params.id, meta(req)))) throw new HttpError(404, 'error.404.body');
      if (req.params.id === req.session!.id) {
        reply.clearCookie(cookies.session, { path: '/' });
        return reply.redirect('/', 303);
      }
      return reply.redirect('/account/sessions?notice=session-ended', 303);
    });
    app.post('/account/sessions/end-others', signedIn, async (req, reply) => {
      const n = await accounts.endOtherSessions(p, me(req).id, req.session!.id, meta(req));
      return reply.redirect(`/account/sessions?notice=${n ? 'sessions-ended' : 'session-ended'}`, 303);
    });

    // My data: export and deletion.
    app.get('/account/data', signedIn, async (req, reply) => reply.page(h(DataPage, { totpEnabled: me(req).totpEnabled })));
    app.get('/account/export', signedIn, async (req, reply) => {
      const data = await accounts.exportMyData(p, me(req).id, meta(req));
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', contentDisposition('attachment', `ponte-my-data-${new Date().toISOString().slice(0, 10)}.json`))
        .header('cache-control', 'no-store')
        .send(JSON.stringify(data, null, 2));
    });
    app.post('/account/delete', signedIn, async (req, reply) => {
      const form = parseForm(z.object({ password: password(), code: optionalCode, confirm: z.string().transform((s) => s.trim().toLowerCase()) }), req.body, isPasswordOrCode);
      const page = (errors: Record<string, string>) => reply.page(h(DataPage, { errors, totpEnabled: me(req).totpEnabled }), { status: 400 });
      if (!form.ok) return page(form.errors);
      if (form.data.confirm !== me(req).email) return page({ confirm: 'errors.confirmEmail' });
      const r = await accounts.deleteAccount(p, me(req).id, form.data, meta(req));
      if (r === 'wrong-password') return page({ password: 'errors.passwordWrong' });
      if (r === 'second-factor') return page({ code: 'errors.codeInvalid' });
      reply.clearCookie(cookies.session, { path: '/' });
      reply.header('clear-site-data', CLEAR_DEVICE);
      return reply.page(h(MessagePage, { title: req.t('account.delete.doneTitle'), body: req.t('account.delete.done') }));
    });
  },
};
