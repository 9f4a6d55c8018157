import { createStorage } from './storage.js';
import { clamdScanner, scanningStorage } from './malware.js';
import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { sealAuditChains } from './audit-chain.js';
import type { Config } from './config.js';
import { openDatabase } from './db/index.js';
import { migrate } from './db/migrate.js';
import { primaryOnly, replicaRouting } from './db/replica.js';
import { buildAssets } from './http/assets.js';
import { buildApp, COOKIE_NAMES, type PonteApp } from './http/app.js';
import { createJobs } from './jobs/index.js';
import { createMailer } from './mail/index.js';
import type { Platform } from './platform.js';
import { createRateLimiter } from './rate-limit.js';
import { modules } from '../modules/index.js';

/** Personal data never reaches the logs: requests are logged by route pattern, never by URL, body or address. */
export const LOG_SERIALIZERS = {
  req: (req: { method?: string; routeOptions?: { url?: string } }) => ({ method: req.method, route: req.routeOptions?.url }),
  res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
};

/** The platform's logger: JSON lines on standard output, or on `destination` (tests read what it writes). */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      serializers: LOG_SERIALIZERS,
      redact: { paths: ['email', '*.email', 'password', '*.password', 'headers.cookie', 'headers.authorization'], remove: true },
    },
    destination,
  );
}

/** Opens the database, migrates it and wires the platform services (no HTTP yet). */
/** `inMemory` keeps an embedded database in memory (tests), instead of under DATA_DIR. */
export async function createPlatform(config: Config, opts: { log?: Logger; poolSize?: number; inMemory?: boolean } = {}): Promise<Platform> {
  const log = opts.log ?? createLogger(config);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl || opts.inMemory ? null : config.dataDir, poolSize: opts.poolSize, timeouts: config.databaseTimeouts });
  const replica = config.databaseReadUrl ? await openDatabase({ url: config.databaseReadUrl, poolSize: opts.poolSize, timeouts: config.databaseTimeouts }) : null;
  const applied = await migrate(database);
  if (applied.length) log.info({ migrations: applied }, 'database migrated');
  const jobs = createJobs(database, log);
  const mailer = createMailer({ database, jobs, smtpUrl: config.smtpUrl, from: config.mailFrom, log });
  jobs.define({
    name: 'maintenance.rate-limits',
    schedule: '17 * * * *',
    retryLimit: 0,
    handler: async () => void (await database.query(`DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'`)),
  });
  jobs.define({
    name: 'maintenance.audit-seal',
    schedule: '* * * * *',
    retryLimit: 0,
    handler: async () => {
      for (const r of await sealAuditChains(database)) if (r.sealed) log.info({ chain: r.chain, sealed: r.sealed, seq: r.head?.seq, head: r.head?.hash }, 'audit chain sealed');
    },
  });
  const reads = replica ? replicaRouting(database, replica, log, COOKIE_NAMES(config.publicUrl.startsWith('https:')).wal) : primaryOnly(database);
  const platform: Platform = { config, database, reads, jobs, mailer, limiter: createRateLimiter(database, config.secretKey), storage: config.clamavUrl ? scanningStorage(createStorage(config), clamdScanner(config.clamavUrl)) : createStorage(config), assets: await buildAssets(), log, navigation: { primary: [], account: [], footer: [], footerSources: [] }, clientAuth: {} };
  for (const m of modules) m.setup?.(platform);
  return platform;
}

export async function createServer(platform: Platform): Promise<PonteApp> {
  return buildApp(platform, modules);
}

export async function shutdown(platform: Platform, app?: FastifyInstance) {
  await app?.close();
  await platform.jobs.stop();
  platform.mailer.close();
  await platform.database.close();
  await platform.reads.replica?.close();
}
