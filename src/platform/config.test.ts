import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'ponte-config-'));

describe('configuration', () => {
  it('starts with defaults on a fresh machine and keeps a generated secret under DATA_DIR', () => {
    const d = dir();
    const c = loadConfig({ DATA_DIR: d });
    expect(c).toMatchObject({ env: 'development', port: 3000, host: 'localhost', publicUrl: 'http://localhost:3000', databaseUrl: null, smtpUrl: null, passwordHashCost: 17 });
    expect(c.storage).toEqual({ kind: 'directory', path: join(d, 'files') });
    expect(c.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(d, 'secret.key'), 'utf8').trim()).toBe(c.secretKey);
    // A second start reads the same key: sessions and sealed values survive restarts.
    expect(loadConfig({ DATA_DIR: d }).secretKey).toBe(c.secretKey);
  });

  it('names every bad value with a clear message', () => {
    let error: ConfigError | null = null;
    try {
      loadConfig({ DATA_DIR: dir(), PORT: 'eighty', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail', NODE_ENV: 'staging', TRUST_PROXY: 'everyone' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual(
      expect.arrayContaining([
        'PORT: must be a number',
        'DATABASE_URL: must be a PostgreSQL URL (postgres://… or postgresql://…)',
        'SMTP_URL: must be a SMTP URL (smtp://… or smtps://…)',
        'NODE_ENV: must be development, production or test',
        'TRUST_PROXY: must be true, false, a number of proxies, or proxy addresses (e.g. 127.0.0.1,10.0.0.0/8)',
      ]),
    );
    expect(() => loadConfig({ DATA_DIR: dir(), BACKUP_KEY: 'secret' })).toThrow(/BACKUP_KEY: must be 32 random bytes in base64/);
    expect(() => loadConfig({ DATA_DIR: dir(), BACKUP_KEY: randomBytes(31).toString('base64') + 'AAAAAAAAAAAA' })).toThrow(/BACKUP_KEY: must be exactly 32 bytes/);
    expect(loadConfig({ DATA_DIR: dir(), BACKUP_KEY: randomBytes(32).toString('base64url') }).backupKey).toHaveLength(32);
    expect(loadConfig({ DATA_DIR: dir(), TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ DATA_DIR: dir(), DATABASE_QUERY_TIMEOUT: '0' })).toThrow(/DATABASE_QUERY_TIMEOUT: must be between 0.1 and 3600 seconds/);
    expect(() => loadConfig({ DATA_DIR: dir(), DATABASE_READ_URL: 'postgres://replica/ponte' })).toThrow(/DATABASE_READ_URL: needs DATABASE_URL/);
    expect(() => loadConfig({ DATA_DIR: dir(), DATABASE_CONNECT_TIMEOUT: 'soon' })).toThrow(/DATABASE_CONNECT_TIMEOUT: must be a number of seconds/);
  });

  it('waits 5 s for a database connection and 30 s for a statement unless told otherwise, in milliseconds', () => {
    expect(loadConfig({ DATA_DIR: dir() }).databaseTimeouts).toEqual({ connectMs: 5000, queryMs: 30_000 });
    expect(loadConfig({ DATA_DIR: dir(), DATABASE_CONNECT_TIMEOUT: '1.5', DATABASE_QUERY_TIMEOUT: '120' }).databaseTimeouts).toEqual({ connectMs: 1500, queryMs: 120_000 });
  });

  it('requires a secret key, care data keys and an https public URL in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dir(), PUBLIC_URL: 'http://example.org' })).toThrow(
      /SECRET_KEY: required when NODE_ENV=production[\s\S]*CARE_DATA_KEYS: required[\s\S]*PUBLIC_URL: must be an https URL/,
    );
    const key = randomBytes(32).toString('base64');
    const c = loadConfig({ NODE_ENV: 'production', DATA_DIR: dir(), PUBLIC_URL: 'https://ponte.example.org/', SECRET_KEY: 'x'.repeat(40), CARE_DATA_KEYS: `k2:${key},k1:${randomBytes(32).toString('base64')}` });
    expect(c.publicUrl).toBe('https://ponte.example.org');
    expect(c.care.keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(c.care.keys[0]!.key.equals(Buffer.from(key, 'base64'))).toBe(true);
  });

  it('reads secrets from the files a secrets manager writes (<NAME>_FILE), and says which setting is wrong', () => {
    const secrets = dir();
    const key = randomBytes(32).toString('base64');
    writeFileSync(join(secrets, 'secret-key'), `${'s'.repeat(40)}\n`);
    writeFileSync(join(secrets, 'care-keys'), `k1:${key}`);
    const production = { NODE_ENV: 'production', DATA_DIR: dir(), PUBLIC_URL: 'https://ponte.example.org' };
    const c = loadConfig({ ...production, SECRET_KEY_FILE: join(secrets, 'secret-key'), CARE_DATA_KEYS_FILE: join(secrets, 'care-keys') });
    expect(c.secretKey).toBe('s'.repeat(40));
    expect(c.care.keys[0]!.key.equals(Buffer.from(key, 'base64'))).toBe(true);
    expect(() => loadConfig({ ...production, SECRET_KEY: 'x'.repeat(40), SECRET_KEY_FILE: join(secrets, 'secret-key') })).toThrow(/SECRET_KEY_FILE: SECRET_KEY is set too/);
    expect(() => loadConfig({ ...production, SECRET_KEY_FILE: join(secrets, 'missing') })).toThrow(/SECRET_KEY_FILE: cannot read .*missing \(ENOENT\)/);
  });

  it('refuses, in production, a database on another machine reached without TLS unless the URL says so (ASVS 9.2.2)', () => {
    const production = { NODE_ENV: 'production', DATA_DIR: dir(), PUBLIC_URL: 'https://ponte.example.org', SECRET_KEY: 'x'.repeat(40), CARE_DATA_KEYS: `k1:${randomBytes(32).toString('base64')}` };
    expect(() => loadConfig({ ...production, DATABASE_URL: 'postgres://ponte@db.internal:5432/ponte' })).toThrow(/DATABASE_URL: reaches another machine without TLS; add \?sslmode=verify-full/);
    expect(() => loadConfig({ ...production, DATABASE_URL: 'postgres://ponte@db.internal/ponte?sslmode=verify-full', DATABASE_READ_URL: 'postgres://ponte@replica.internal/ponte?sslmode=prefer' })).toThrow(/DATABASE_READ_URL: reaches another machine without TLS/);
    for (const ok of ['postgres://ponte@db.internal/ponte?sslmode=verify-full', 'postgres://ponte@db.internal/ponte?sslmode=require', 'postgres://ponte@db.internal/ponte?sslmode=disable', 'postgres://ponte@127.0.0.1:5432/ponte', 'postgres://ponte@localhost/ponte', 'postgres://ponte@db.internal/ponte?host=/var/run/postgresql'])
      expect(loadConfig({ ...production, DATABASE_URL: ok }).databaseUrl).toBe(ok);
    // Outside production (development, tests) nothing is refused.
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: dir(), DATABASE_URL: 'postgres://ponte@db.internal/ponte' }).databaseUrl).toBe('postgres://ponte@db.internal/ponte');
  });

  it('refuses care data keys of the wrong length or with the same id', () => {
    expect(() => loadConfig({ DATA_DIR: dir(), CARE_DATA_KEYS: `a:${randomBytes(31).toString('base64')}` })).toThrow(/CARE_DATA_KEYS: each key must be exactly 32 bytes/);
    const k = randomBytes(32).toString('base64');
    expect(() => loadConfig({ DATA_DIR: dir(), CARE_DATA_KEYS: `a:${k},a:${k}` })).toThrow(/CARE_DATA_KEYS: key ids must differ/);
    expect(() => loadConfig({ DATA_DIR: dir(), CARE_DATA_KEYS: 'just-a-password' })).toThrow(/CARE_DATA_KEYS: must be id:key pairs/);
  });

  it('names the Open Badges issuer from BADGE_ISSUER_*, else after the instance, and refuses addresses that are not web addresses', () => {
    expect(loadConfig({ DATA_DIR: dir(), PUBLIC_URL: 'https://training.example.org' }).badgeIssuer).toEqual({ name: 'Ponte (training.example.org)', url: 'https://training.example.org', email: null, image: null });
    const c = loadConfig({ DATA_DIR: dir(), BADGE_ISSUER_NAME: 'EU-MiCare consortium', BADGE_ISSUER_URL: 'https://eu-micare.example.org', BADGE_ISSUER_EMAIL: 'training@eu-micare.example.org', BADGE_ISSUER_IMAGE: 'https://eu-micare.example.org/logo.png' });
    expect(c.badgeIssuer).toEqual({ name: 'EU-MiCare consortium', url: 'https://eu-micare.example.org', email: 'training@eu-micare.example.org', image: 'https://eu-micare.example.org/logo.png' });
    let error: ConfigError | null = null;
    try {
      loadConfig({ DATA_DIR: dir(), BADGE_ISSUER_NAME: ' ', BADGE_ISSUER_URL: 'javascript:alert(1)', BADGE_ISSUER_EMAIL: 'nobody', BADGE_ISSUER_IMAGE: 'file:///etc/logo.png' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error!.problems).toEqual(
      expect.arrayContaining(['BADGE_ISSUER_NAME: must not be empty', 'BADGE_ISSUER_URL: must be an http(s) address', 'BADGE_ISSUER_EMAIL: must be an e-mail address', 'BADGE_ISSUER_IMAGE: must be an http(s) address of a PNG or SVG image']),
    );
  });

  it('sizes the page cache from PAGE_CACHE_MB, 0 turning it off', () => {
    expect(loadConfig({ DATA_DIR: dir() }).pageCacheMb).toBe(64);
    expect(loadConfig({ DATA_DIR: dir(), PAGE_CACHE_MB: '0' }).pageCacheMb).toBe(0);
    expect(() => loadConfig({ DATA_DIR: dir(), PAGE_CACHE_MB: '-1' })).toThrow(/PAGE_CACHE_MB: must be between 0 and 4096/);
    expect(() => loadConfig({ DATA_DIR: dir(), PAGE_CACHE_MB: 'lots' })).toThrow(/PAGE_CACHE_MB: must be a number/);
  });

  it('reads an S3 store or a directory from STORAGE', () => {
    expect(loadConfig({ DATA_DIR: dir(), STORAGE: 's3://key:se%2Fcret@minio.local:9000/ponte' }).storage).toEqual({
      kind: 's3',
      location: { endpoint: 'https://minio.local:9000', bucket: 'ponte', region: 'us-east-1', accessKeyId: 'key', secretAccessKey: 'se/cret', style: 'path' },
    });
    expect(loadConfig({ DATA_DIR: dir(), STORAGE: 'http://k:s@10.0.0.5:9000/ponte-files?region=eu-south-1&style=virtual' }).storage).toMatchObject({
      location: { endpoint: 'http://10.0.0.5:9000', bucket: 'ponte-files', region: 'eu-south-1', style: 'virtual' },
    });
    expect(loadConfig({ DATA_DIR: dir(), STORAGE: '/srv/ponte-files' }).storage).toEqual({ kind: 'directory', path: '/srv/ponte-files' });
    expect(() => loadConfig({ DATA_DIR: dir(), STORAGE: 's3://minio.local/ponte' })).toThrow(/STORAGE: the access key and secret must be given/);
    expect(() => loadConfig({ DATA_DIR: dir(), STORAGE: 's3://k:s@minio.local/' })).toThrow(/STORAGE: the path must be a bucket name/);
    expect(() => loadConfig({ DATA_DIR: dir(), STORAGE: 's3://k:s@minio.local/bucket?style=odd' })).toThrow(/STORAGE: style must be path or virtual/);
  });
});
