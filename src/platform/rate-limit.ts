import type { Database } from './db/index.js';
import { hmac } from './auth/crypto.js';
import { HttpError } from './http/errors.js';

export interface RateLimitRule {
  name: string;
  limit: number;
  windowSeconds: number;
}

/** Fixed-window limits kept in PostgreSQL, so that every web node counts the same hits. */
export interface RateLimiter {
  /** Counts one hit; returns how long to wait when over the limit, or 0 when allowed. */
  hit(rule: RateLimitRule, subject: string): Promise<number>;
  /** How long to wait when already over the limit (0 when allowed), without counting a hit. */
  peek(rule: RateLimitRule, subject: string): Promise<number>;
}

export const RATE_LIMITS = {
  signInByIp: { name: 'signin-ip', limit: 30, windowSeconds: 600 },
  /** Attempts on an account from browsers it has not signed in from before (accounts/service.ts, device cookies). */
  signInByAccount: { name: 'signin-account', limit: 10, windowSeconds: 900 },
  /** Attempts on an account from one browser it signed in from before: a budget the others cannot use up. */
  signInByDevice: { name: 'signin-device', limit: 10, windowSeconds: 900 },
  signUpByIp: { name: 'signup-ip', limit: 10, windowSeconds: 3600 },
  resetByIp: { name: 'reset-ip', limit: 10, windowSeconds: 3600 },
  resetByAccount: { name: 'reset-account', limit: 3, windowSeconds: 3600 },
  secondFactorBySession: { name: 'mfa-session', limit: 6, windowSeconds: 600 },
  secondFactorByAccount: { name: 'mfa-account', limit: 15, windowSeconds: 3600 },
  /** The current password asked again of a signed-in user (change password or address, delete the account). */
  reauthByAccount: { name: 'reauth-account', limit: 10, windowSeconds: 900 },
  eventRegistrationByIp: { name: 'event-registration-ip', limit: 20, windowSeconds: 3600 },
  newsletterSignUpByIp: { name: 'newsletter-signup-ip', limit: 20, windowSeconds: 3600 },
  newsletterSignUpByAddress: { name: 'newsletter-signup-address', limit: 3, windowSeconds: 86400 },
  /** Failed xAPI Basic credentials, per address (only failures count: a client sends many requests). */
  xapiAuthFailuresByIp: { name: 'xapi-auth-ip', limit: 30, windowSeconds: 600 },
  /** The directory's public CSV export, per address: each reads up to every service into memory. */
  directoryExportByIp: { name: 'directory-export-ip', limit: 20, windowSeconds: 600 },
  /** Content-Security-Policy reports a browser sends (a page can break many rules at once). */
  cspReportsByIp: { name: 'csp-reports-ip', limit: 100, windowSeconds: 600 },
} satisfies Record<string, RateLimitRule>;

export function createRateLimiter(database: Database, secret: string): RateLimiter {
  return {
    async hit(rule, subject) {
      // Keys are keyed hashes: the table never holds an address or an e-mail in clear.
      const key = `${rule.name}:${hmac(secret, 'rate-limit', subject.toLowerCase())}`;
      const [row] = await database.query<{ hits: number; retry: number }>(
        `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, now(), 1)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE rate_limits.hits + 1 END,
           window_start = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => $2) THEN now() ELSE rate_limits.window_start END
         RETURNING hits, ceil(extract(epoch FROM (window_start + make_interval(secs => $2) - now())))::int AS retry`,
        [key, rule.windowSeconds],
      );
      return row!.hits > rule.limit ? Math.max(1, row!.retry) : 0;
    },
    async peek(rule, subject) {
      const key = `${rule.name}:${hmac(secret, 'rate-limit', subject.toLowerCase())}`;
      const [row] = await database.query<{ hits: number; retry: number }>(
        `SELECT hits, ceil(extract(epoch FROM (window_start + make_interval(secs => $2) - now())))::int AS retry
           FROM rate_limits WHERE key = $1 AND window_start > now() - make_interval(secs => $2)`,
        [key, rule.windowSeconds],
      );
      return row && row.hits > rule.limit ? Math.max(1, row.retry) : 0;
    },
  };
}

/** Too many attempts: answered 429 with Retry-After wherever it is not caught. */
export class RateLimited extends HttpError {
  constructor(public readonly retryAfterSeconds: number) {
    super(429, 'error.429.body', String(retryAfterSeconds));
  }
}

/** Counts one hit of `subject` against `rule`, and throws RateLimited when it is over the limit. */
export async function enforceLimit(limiter: RateLimiter, rule: RateLimitRule, subject: string): Promise<void> {
  const wait = await limiter.hit(rule, subject);
  if (wait) throw new RateLimited(wait);
}
