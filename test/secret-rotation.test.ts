import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, TEST_PASSWORD, testApp } from './helpers.js';
import { loadConfig } from '../src/platform/config.js';
import { createServer } from '../src/platform/boot.js';
import type { Platform } from '../src/platform/platform.js';
import { seal, unseal, type SecretKeys } from '../src/platform/auth/crypto.js';
import { hashPassword } from '../src/platform/auth/password.js';
import { resealUnderSecretKey } from '../src/platform/auth/reseal.js';
import { grantRole } from '../src/platform/identity/organisations.js';
import { newTotpSecret, sealTotpSecret, TOTP_SECRETS } from '../src/platform/identity/totp.js';
import { createUser } from '../src/platform/identity/users.js';
import { users } from '../src/platform/schema.js';
import { activeSigningKey, BADGE_SIGNING_KEYS } from '../src/modules/training/badges.js';
import { badgeSigningKeys } from '../src/modules/training/badge-schema.js';
import { manageToken } from '../src/modules/newsletter/service.js';
import { subscribers } from '../src/modules/newsletter/schema.js';
import { FORWARDING_SECRET } from '../src/modules/xapi/forwarding.js';
import { xapiForwarding } from '../src/modules/xapi/schema.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
const started: { close(): Promise<unknown> }[] = [];
beforeAll(async () => {
  ctx = await testApp();
});
afterAll(async () => {
  for (const app of started) await app.close();
  await ctx?.close();
});

/** The same instance restarted with other keys (same database): SECRET_KEY and SECRET_KEY_PREVIOUS. */
async function restartedWith(keys: SecretKeys) {
  const platform: Platform = { ...ctx.platform, config: { ...ctx.platform.config, secretKey: keys[0], secretKeys: keys } };
  const app = await createServer(platform);
  started.push(app);
  return { platform, app };
}

const totpCode = (secret: string, at = Date.now()) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), period: 30, digits: 6 }).generate({ timestamp: at });

async function signInWithTotp(app: Awaited<ReturnType<typeof createServer>>, email: string, code: string) {
  const c = new Client(app);
  await c.get('/signin');
  expect((await c.post('/signin', { email, password: TEST_PASSWORD })).statusCode).toBe(303);
  await c.get('/signin/second-factor');
  return (await c.post('/signin/second-factor', { code })).statusCode;
}

describe('rotating SECRET_KEY', () => {
  it('keeps second factors, open forms, sent links and the badge key working with SECRET_KEY_PREVIOUS, and `reseal` moves everything to the new key', async () => {
    const db = ctx.platform.database.db;
    const oldKey = ctx.platform.config.secretKey;
    const newKey = randomBytes(32).toString('hex');

    // Made under the old key: an administrator's TOTP secret, the badge signing key, the external LRS secret,
    // a newsletter link, and a sign-in form open in a browser.
    const totp = newTotpSecret();
    const admin = await createUser(db, { email: 'rotating.admin@example.org', name: 'Admin', passwordHash: await hashPassword(TEST_PASSWORD, 14), verified: true });
    await grantRole(db, admin.id, 'administrator', null);
    await db.update(users).set({ totpSecret: sealTotpSecret(oldKey, totp), totpEnabledAt: new Date() }).where(eq(users.id, admin.id));
    const badgeKey = await db.transaction((tx) => activeSigningKey(tx, [oldKey]));
    await db.insert(xapiForwarding).values({ endpoint: 'https://lrs.example.org/xapi/', key: 'ponte', secret: seal(oldKey, FORWARDING_SECRET.purpose, 'lrs secret') });
    const [subscriber] = await db.insert(subscribers).values({ email: 'reader@example.org', locale: 'en', status: 'active', source: 'site' }).returning();
    const link = `/newsletter/manage/${manageToken(ctx.platform, subscriber!.id)}`;
    const form = await ctx.app.inject({ method: 'GET', url: '/signin' });
    const csrfCookie = ([] as string[]).concat(form.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).join('; ');
    const csrfToken = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;

    // Restarted with the new key, the old one kept as previous.
    const rotated = await restartedWith([newKey, oldKey]);
    const posted = await rotated.app.inject({ method: 'POST', url: '/signin', headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrfToken, email: 'rotating.admin@example.org', password: TEST_PASSWORD }).toString() });
    expect(posted.statusCode).toBe(303);
    expect(await signInWithTotp(rotated.app, 'rotating.admin@example.org', totpCode(totp))).toBe(303);
    expect((await rotated.app.inject({ method: 'GET', url: link })).statusCode).toBe(200);
    expect((await db.transaction((tx) => activeSigningKey(tx, rotated.platform.config.secretKeys))).id).toBe(badgeKey.id);
    // What is made now is made with the new key only.
    const newLink = `/newsletter/manage/${manageToken(rotated.platform, subscriber!.id)}`;
    expect(newLink).not.toBe(link);

    // Reseal: every value an earlier key sealed is sealed again under the new key, once.
    const report = await resealUnderSecretKey(db, rotated.platform.config.secretKeys, [TOTP_SECRETS, BADGE_SIGNING_KEYS, FORWARDING_SECRET]);
    expect(report).toMatchObject({ resealed: 3, unreadable: 0 });
    expect(report.columns).toEqual([
      { name: TOTP_SECRETS.name, resealed: 1, unreadable: 0 },
      { name: BADGE_SIGNING_KEYS.name, resealed: 1, unreadable: 0 },
      { name: FORWARDING_SECRET.name, resealed: 1, unreadable: 0 },
    ]);
    expect((await resealUnderSecretKey(db, rotated.platform.config.secretKeys, [TOTP_SECRETS, BADGE_SIGNING_KEYS, FORWARDING_SECRET])).resealed).toBe(0);
    const [forwarding] = await db.select().from(xapiForwarding);
    expect(unseal(newKey, FORWARDING_SECRET.purpose, forwarding!.secret)).toBe('lrs secret');

    // The earlier key removed: the second factor and the badge key (not retired, not replaced) still work;
    // links and forms made with the earlier key no longer do.
    const final = await restartedWith([newKey]);
    expect(await signInWithTotp(final.app, 'rotating.admin@example.org', totpCode(totp, Date.now() + 30_000))).toBe(303);
    expect((await db.transaction((tx) => activeSigningKey(tx, final.platform.config.secretKeys))).id).toBe(badgeKey.id);
    const [key] = await db.select().from(badgeSigningKeys).where(eq(badgeSigningKeys.id, badgeKey.id));
    expect(key!.retiredAt).toBeNull();
    expect((await final.app.inject({ method: 'GET', url: newLink })).statusCode).toBe(200);
    expect((await final.app.inject({ method: 'GET', url: link })).statusCode).toBe(404);
    const stale = await final.app.inject({ method: 'POST', url: '/signin', headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrfToken, email: 'rotating.admin@example.org', password: TEST_PASSWORD }).toString() });
    expect(stale.statusCode).toBe(403);

    // A value no configured key opens is reported and left alone.
    await db.update(users).set({ totpSecret: sealTotpSecret(randomBytes(32).toString('hex'), totp) }).where(eq(users.id, admin.id));
    expect((await resealUnderSecretKey(db, final.platform.config.secretKeys, [TOTP_SECRETS])).columns).toEqual([{ name: TOTP_SECRETS.name, resealed: 0, unreadable: 1 }]);
  });

  it('reads SECRET_KEY_PREVIOUS as a comma-separated list after SECRET_KEY, and refuses short, repeated or current keys', () => {
    const base = { NODE_ENV: 'test', DATA_DIR: '/tmp/ponte-rotation-config', SECRET_KEY: 'n'.repeat(64) };
    expect(loadConfig({ ...base, SECRET_KEY_PREVIOUS: ` ${'o'.repeat(64)}, ${'p'.repeat(40)} ` }).secretKeys).toEqual(['n'.repeat(64), 'o'.repeat(64), 'p'.repeat(40)]);
    expect(loadConfig(base).secretKeys).toEqual(['n'.repeat(64)]);
    expect(() => loadConfig({ ...base, SECRET_KEY_PREVIOUS: 'short' })).toThrow(/SECRET_KEY_PREVIOUS: each earlier key must be at least 32 characters/);
    expect(() => loadConfig({ ...base, SECRET_KEY_PREVIOUS: 'n'.repeat(64) })).toThrow(/SECRET_KEY_PREVIOUS: must not hold the current SECRET_KEY/);
    expect(() => loadConfig({ ...base, SECRET_KEY_PREVIOUS: `${'o'.repeat(64)},${'o'.repeat(64)}` })).toThrow(/SECRET_KEY_PREVIOUS: names the same key twice/);
  });
});
