import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/index.js';
import type { Jobs } from './jobs/index.js';
import type { Mailer } from './mail/index.js';
import type { RateLimiter } from './rate-limit.js';
import type { Assets } from './http/assets.js';

/** The platform services every module receives. */
export interface Platform {
  config: Config;
  database: Database;
  jobs: Jobs;
  mailer: Mailer;
  limiter: RateLimiter;
  assets: Assets;
  log: Logger;
}
