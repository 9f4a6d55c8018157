import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { SecretKeys } from './auth/crypto.js';
import { isAllowEntry } from './outbound.js';
import { parseS3Url, type S3Location } from './s3.js';

/** Validated configuration. Every value comes from the environment; see README "Configuration". */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | null;
  /** A streaming replica of DATABASE_URL for heavy read-only queries (reports, search), or null. */
  databaseReadUrl: string | null;
  /**
   * How long a web or worker node waits for PostgreSQL, in milliseconds: for a connection (or a free one in the pool)
   * and for the answer to a statement. Past them the request is answered 503, so an unreachable server (a network
   * partition, a frozen host) never holds requests open.
   */
  databaseTimeouts: { connectMs: number; queryMs: number };
  smtpUrl: string | null;
  mailFrom: string;
  dataDir: string;
  storage: { kind: 'directory'; path: string } | { kind: 's3'; location: S3Location };
  /** CLAMAV_URL: the ClamAV daemon every stored file is checked by (malware.ts); null: files are not checked. */
  clamavUrl: string | null;
  /** UPLOAD_QUOTA_MB: how much one account may store in files; 0, no limit. */
  uploadQuotaMb: number;
  /** SECRET_KEY: what Ponte signs and seals with now. */
  secretKey: string;
  /**
   * SECRET_KEY first, then the earlier keys of SECRET_KEY_PREVIOUS: links, tokens and sealed values made with an
   * earlier key are still accepted until `ponte secret reseal` has sealed everything again and the key is removed.
   */
  secretKeys: SecretKeys;
  metricsToken: string | null;
  /** log2 of the scrypt cost; 17 is the production value (docs/decisions/0002). */
  passwordHashCost: number;
  logLevel: string;
  role: 'all' | 'web' | 'worker';
  /**
   * Which proxies' X-Forwarded-For to believe: false (none), their addresses (true: any on loopback or a private
   * network), or a number of proxies in front. Never "all": the left-most entry is whatever the client wrote.
   */
  trustProxy: false | number | string;
  /** Newsletter retention: unconfirmed sign-ups and subscribers without a sign of life are removed after these periods. */
  newsletter: { unconfirmedDays: number; inactiveYears: number; concurrency: number; ratePerSecond: number; webhookToken: string | null };
  /** Months after completing a course when learners get the follow-up questionnaire on their practice. */
  /** The Open Badges issuer Profile's name, web site, e-mail and logo (BADGE_ISSUER_*). */
  badgeIssuer: { name: string; url: string; email: string | null; image: string | null };
  training: { followUpMonths: number; /** The largest course package an author can import, in MB. */ packageMaxMb: number; /** The largest SCORM package (zip) an author can upload, in MB. */ scormMaxMb: number };
  /** Memory for rendered anonymous pages, in MiB; 0 turns the page cache off. */
  pageCacheMb: number;
  /**
   * Care records: the keys that seal names and free text (AES-256-GCM), the first one sealing new text and every
   * one opening what it sealed, so a key can be rotated; and how long closed cases are kept.
   */
  care: { keys: CareKey[]; retentionMonths: number; retentionAction: 'anonymise' | 'delete' };
  /** Encrypts what `ponte backup` writes and opens what `ponte restore` reads (32 bytes), or null for plain archives. */
  backupKey: Buffer | null;
  /**
   * Requests to addresses administrators enter (platform/outbound.ts) never go to private, loopback or link-local
   * addresses, except to the host names, addresses and CIDR ranges listed here.
   */
  outbound: { allow: string[] };
}

export interface CareKey {
  id: string;
  key: Buffer;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const urlWithProtocols = (protocols: string[], what: string) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a ${what} URL (${protocols.map((p) => p + '//…').join(' or ')})` },
  );

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { message: 'must be development, production or test' }).default('development'),
  PORT: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1, 'must not be empty').default('localhost'),
  PUBLIC_URL: urlWithProtocols(['http:', 'https:'], 'http or https').optional(),
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:'], 'PostgreSQL').optional(),
  DATABASE_READ_URL: urlWithProtocols(['postgres:', 'postgresql:'], 'PostgreSQL').optional(),
  DATABASE_CONNECT_TIMEOUT: z.coerce.number({ message: 'must be a number of seconds' }).min(0.1, 'must be between 0.1 and 300 seconds').max(300, 'must be between 0.1 and 300 seconds').default(5),
  DATABASE_QUERY_TIMEOUT: z.coerce.number({ message: 'must be a number of seconds' }).min(0.1, 'must be between 0.1 and 3600 seconds').max(3600, 'must be between 0.1 and 3600 seconds').default(30),
  SMTP_URL: urlWithProtocols(['smtp:', 'smtps:'], 'SMTP').optional(),
  MAIL_FROM: z.string().regex(/^(.+<)?[^@\s<>]+@[^@\s<>]+>?$/, 'must be an e-mail address, optionally as "Name <address>"').optional(),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  STORAGE: z.string().optional(),
  CLAMAV_URL: urlWithProtocols(['tcp:'], 'clamd').optional(),
  UPLOAD_QUOTA_MB: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 (no limit) or more').default(10_240),
  NEWSLETTER_UNCONFIRMED_DAYS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 365').max(365, 'must be between 1 and 365').default(30),
  NEWSLETTER_CONCURRENCY: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 50').max(50, 'must be between 1 and 50').default(4),
  NEWSLETTER_RATE: z.coerce.number({ message: 'must be a number' }).min(0, 'must be 0 (no limit) or more').max(100_000, 'must be at most 100000').default(100),
  NEWSLETTER_WEBHOOK_TOKEN: z.string().min(32, 'must be at least 32 characters of random text').optional(),
  NEWSLETTER_INACTIVE_YEARS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 20').max(20, 'must be between 1 and 20').default(3),
  TRAINING_FOLLOW_UP_MONTHS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 24').max(24, 'must be between 1 and 24').default(3),
  /** The largest course package an author can import (it is held in memory while it is checked). */
  TRAINING_PACKAGE_MAX_MB: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 2048').max(2048, 'must be between 1 and 2048').default(500),
  TRAINING_SCORM_MAX_MB: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 1024').max(1024, 'must be between 1 and 1024').default(200),
  /** Who issues the instance's certificates as Open Badges (the issuer Profile): name, web site, e-mail, logo. */
  BADGE_ISSUER_NAME: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  BADGE_ISSUER_URL: z.string().url('must be an http(s) address').regex(/^https?:\/\//, 'must be an http(s) address').optional(),
  BADGE_ISSUER_EMAIL: z.string().email('must be an e-mail address').optional(),
  BADGE_ISSUER_IMAGE: z.string().url('must be an http(s) address of a PNG or SVG image').regex(/^https?:\/\//, 'must be an http(s) address of a PNG or SVG image').optional(),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters of random text (e.g. `openssl rand -hex 32`)').optional(),
  /** Earlier values of SECRET_KEY still accepted, comma-separated, newest first (docs/operations.md, "Rotating SECRET_KEY"). */
  SECRET_KEY_PREVIOUS: z
    .string()
    .transform((v) => v.split(',').map((k) => k.trim()).filter(Boolean))
    .refine((keys) => keys.every((k) => k.length >= 32), 'each earlier key must be at least 32 characters')
    .optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  PASSWORD_HASH_COST: z.coerce.number({ message: 'must be a number' }).int().min(14, 'must be between 14 and 20').max(20, 'must be between 14 and 20').default(17),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d+|(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+))*)$/, 'must be true, false, a number of proxies, or proxy addresses (e.g. 127.0.0.1,10.0.0.0/8)')
    .default('false'),
  PAGE_CACHE_MB: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be between 0 and 4096').max(4096, 'must be between 0 and 4096').default(64),
  BACKUP_KEY: z.string().regex(/^[A-Za-z0-9+/=_-]{40,}$/, 'must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)').optional(),
  CARE_DATA_KEYS: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/=_-]{40,}(,[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/=_-]{40,})*$/, 'must be id:key pairs separated by commas, each key 32 random bytes in base64 (e.g. `2026a:$(openssl rand -base64 32)`)')
    .optional(),
  CARE_RETENTION_MONTHS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 600').max(600, 'must be between 1 and 600').default(24),
  CARE_RETENTION_ACTION: z.enum(['anonymise', 'delete'], { message: 'must be anonymise or delete' }).default('anonymise'),
  OUTBOUND_ALLOW: z
    .string()
    .refine((v) => v.split(',').every((x) => !x.trim() || isAllowEntry(x)), 'must be host names, addresses or CIDR ranges separated by commas (e.g. lrs.internal,10.0.5.0/24)')
    .default(''),
  PONTE_ROLE: z.enum(['all', 'web', 'worker'], { message: 'must be all, web or worker' }).default('all'),
});

/** The settings that hold secrets: each may instead be read from a file named by `<NAME>_FILE`. */
export const SECRET_SETTINGS = ['SECRET_KEY', 'SECRET_KEY_PREVIOUS', 'CARE_DATA_KEYS', 'BACKUP_KEY', 'DATABASE_URL', 'DATABASE_READ_URL', 'SMTP_URL', 'STORAGE', 'METRICS_TOKEN', 'NEWSLETTER_WEBHOOK_TOKEN'] as const;

/**
 * Secrets given as files (`SECRET_KEY_FILE=/run/secrets/ponte-secret-key`), as a secrets manager delivers them:
 * Docker and Kubernetes secrets, systemd's LoadCredential, a Vault agent's templates (ASVS 6.4.1). The file's
 * content, without its final line break, is the value; a setting given both ways, or a file that cannot be read,
 * is a configuration error.
 */
function secretsFromFiles(env: Record<string, string>, problems: string[]): Record<string, string> {
  const out = { ...env };
  for (const name of SECRET_SETTINGS) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    delete out[`${name}_FILE`];
    if (env[name]) {
      problems.push(`${name}_FILE: ${name} is set too; give it one way only`);
      continue;
    }
    try {
      out[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      problems.push(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  return out;
}

/** Reads and validates the configuration; throws ConfigError listing every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as shells and .env files often produce them.
  const fileProblems: string[] = [];
  const cleaned = secretsFromFiles(Object.fromEntries(Object.entries(env).filter((x): x is [string, string] => x[1] !== undefined && x[1] !== '')), fileProblems);
  if (fileProblems.length) throw new ConfigError(fileProblems);
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const dataDir = resolve(e.DATA_DIR);

  let storage: Config['storage'] = { kind: 'directory', path: join(dataDir, 'files') };
  if (e.STORAGE) {
    if (/^(s3|https?):\/\//.test(e.STORAGE)) {
      const location = parseS3Url(e.STORAGE);
      if (typeof location === 'string') problems.push(`STORAGE: ${location} (an S3 bucket is given as s3://KEY:SECRET@host/bucket)`);
      else storage = { kind: 's3', location };
    } else {
      storage = { kind: 'directory', path: resolve(e.STORAGE) };
    }
  }

  let secretKey = e.SECRET_KEY;
  if (!secretKey) {
    if (e.NODE_ENV === 'production') {
      problems.push('SECRET_KEY: required when NODE_ENV=production (e.g. `openssl rand -hex 32`)');
    } else {
      secretKey = readOrCreateSecret(dataDir);
    }
  }

  const previousKeys = e.SECRET_KEY_PREVIOUS ?? [];
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) problems.push('DATABASE_READ_URL: needs DATABASE_URL (a replica of a PostgreSQL server; the embedded database has none)');
  if (secretKey && previousKeys.includes(secretKey)) problems.push('SECRET_KEY_PREVIOUS: must not hold the current SECRET_KEY');
  if (new Set(previousKeys).size !== previousKeys.length) problems.push('SECRET_KEY_PREVIOUS: names the same key twice');

  // Care keys: from configuration; in development and tests one key is derived from SECRET_KEY so that the
  // quick start runs, but production must name its own keys (they are rotated apart from SECRET_KEY).
  let careKeys: CareKey[] = [];
  if (e.CARE_DATA_KEYS) {
    careKeys = e.CARE_DATA_KEYS.split(',').map((pair) => {
      const [id, key] = pair.split(':') as [string, string];
      return { id, key: Buffer.from(key, key.includes('-') || key.includes('_') ? 'base64url' : 'base64') };
    });
    if (careKeys.some((k) => k.key.length !== 32)) problems.push('CARE_DATA_KEYS: each key must be exactly 32 bytes (e.g. `openssl rand -base64 32`)');
    if (new Set(careKeys.map((k) => k.id)).size !== careKeys.length) problems.push('CARE_DATA_KEYS: key ids must differ');
  } else if (e.NODE_ENV === 'production') {
    problems.push('CARE_DATA_KEYS: required when NODE_ENV=production (e.g. `k1:$(openssl rand -base64 32)`)');
  } else if (secretKey) {
    careKeys = [{ id: 'dev', key: createHash('sha256').update(`care-data\u0000${secretKey}`).digest() }];
  }

  const backupKey = e.BACKUP_KEY ? Buffer.from(e.BACKUP_KEY, /[-_]/.test(e.BACKUP_KEY) ? 'base64url' : 'base64') : null;
  if (backupKey && backupKey.length !== 32) problems.push('BACKUP_KEY: must be exactly 32 bytes (e.g. `openssl rand -base64 32`)');

  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST}:${e.PORT}`).replace(/\/+$/, '');
  if (e.NODE_ENV === 'production' && !publicUrl.startsWith('https:')) {
    problems.push('PUBLIC_URL: must be an https URL when NODE_ENV=production');
  }
  if (e.NODE_ENV === 'production') {
    for (const name of ['DATABASE_URL', 'DATABASE_READ_URL'] as const) {
      const url = e[name];
      if (url && databaseWithoutTls(url)) problems.push(`${name}: reaches another machine without TLS; add ?sslmode=verify-full (the server's certificate checked), or ?sslmode=disable to accept an unencrypted connection on a network you trust`);
    }
  }
  if (problems.length) throw new ConfigError(problems);

  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL ?? null,
    databaseReadUrl: e.DATABASE_READ_URL ?? null,
    databaseTimeouts: { connectMs: Math.round(e.DATABASE_CONNECT_TIMEOUT * 1000), queryMs: Math.round(e.DATABASE_QUERY_TIMEOUT * 1000) },
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? `Ponte <no-reply@${new URL(publicUrl).hostname}>`,
    dataDir,
    storage,
    clamavUrl: e.CLAMAV_URL ?? null,
    uploadQuotaMb: e.UPLOAD_QUOTA_MB,
    secretKey: secretKey!,
    secretKeys: [secretKey!, ...previousKeys],
    metricsToken: e.METRICS_TOKEN ?? null,
    passwordHashCost: e.PASSWORD_HASH_COST,
    logLevel: e.LOG_LEVEL,
    role: e.PONTE_ROLE,
    newsletter: { unconfirmedDays: e.NEWSLETTER_UNCONFIRMED_DAYS, inactiveYears: e.NEWSLETTER_INACTIVE_YEARS, concurrency: e.NEWSLETTER_CONCURRENCY, ratePerSecond: e.NEWSLETTER_RATE, webhookToken: e.NEWSLETTER_WEBHOOK_TOKEN ?? null },
    training: { followUpMonths: e.TRAINING_FOLLOW_UP_MONTHS, packageMaxMb: e.TRAINING_PACKAGE_MAX_MB, scormMaxMb: e.TRAINING_SCORM_MAX_MB },
    badgeIssuer: { name: e.BADGE_ISSUER_NAME ?? `Ponte (${new URL(publicUrl).host})`, url: e.BADGE_ISSUER_URL ?? publicUrl, email: e.BADGE_ISSUER_EMAIL ?? null, image: e.BADGE_ISSUER_IMAGE ?? null },
    pageCacheMb: e.PAGE_CACHE_MB,
    care: { keys: careKeys, retentionMonths: e.CARE_RETENTION_MONTHS, retentionAction: e.CARE_RETENTION_ACTION },
    backupKey,
    outbound: { allow: e.OUTBOUND_ALLOW.split(',').map((x) => x.trim()).filter(Boolean) },
    trustProxy: e.TRUST_PROXY === 'true' ? 'loopback, linklocal, uniquelocal' : e.TRUST_PROXY === 'false' ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) || false : e.TRUST_PROXY,
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * Whether a PostgreSQL URL would carry the database's data to another machine unencrypted (ASVS 9.2.2): a host
 * that is not this machine (nor a Unix socket) and no `sslmode` that requires TLS. `sslmode=disable` written out is
 * the deployer's explicit choice and is let through.
 */
export function databaseWithoutTls(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const socket = parsed.searchParams.get('host')?.startsWith('/') ?? false;
  if (!parsed.hostname || socket || LOOPBACK_HOSTS.has(parsed.hostname)) return false;
  const mode = parsed.searchParams.get('sslmode');
  return !(mode && ['require', 'verify-ca', 'verify-full', 'disable'].includes(mode)) && parsed.searchParams.get('ssl') !== 'true';
}

function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
