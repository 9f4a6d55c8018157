import type { Logger } from 'pino';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasRole, type ApiClient, type Principal, type Role } from './access.js';
import type { Config } from './config.js';
import type { Database } from './db/index.js';
import type { ReadRouting } from './db/replica.js';
import type { Jobs } from './jobs/index.js';
import type { Mailer } from './mail/index.js';
import type { RateLimiter } from './rate-limit.js';
import type { Assets } from './http/assets.js';
import type { Storage } from './storage.js';
import type { Locale } from './i18n/index.js';

/** A link a module adds to the site's navigation; the label is a catalogue key. */
export interface NavItem {
  href: string;
  labelKey: string;
  /** Shown only to holders of this role (or of one of these roles). */
  role?: Role | readonly Role[];
}

/** Whether a navigation link is for this person. */
export const navVisible = (principal: Principal | null, item: NavItem) => !item.role || (typeof item.role === 'string' ? [item.role] : item.role).some((r) => hasRole(principal, r));

/** Adds a link once: routes are registered again for every app built in a process (tests). */
export const addNav = (list: NavItem[], item: NavItem) => {
  if (!list.some((x) => x.href === item.href)) list.push(item);
};

/** Links whose labels come from content (editor-managed menus), resolved for each page in the reader's language. */
export type LinkSource = (locale: Locale) => Promise<{ href: string; label: string }[]>;

export interface Navigation {
  primary: NavItem[];
  /** Links in the signed-in user's menu, before the account's own pages. */
  account: NavItem[];
  footer: NavItem[];
  /** Editor-managed footer links, listed after the fixed ones. */
  footerSources: LinkSource[];
}

/** Checks the credentials of a system calling a route declared `access: 'xapi-client'`. */
export interface ClientAuthenticator {
  /** The credentials travel in the body (xAPI's alternate request syntax): they are checked once it is parsed. */
  inBody(req: FastifyRequest): boolean;
  /** The client, or throws an HttpError (401 with WWW-Authenticate, 403, 429). */
  authenticate(req: FastifyRequest, reply: FastifyReply): Promise<ApiClient>;
}

/** The platform services every module receives. */
export interface Platform {
  config: Config;
  database: Database;
  /** Where heavy read-only queries run: the read replica (DATABASE_READ_URL) when it has what the visitor wrote. */
  reads: ReadRouting;
  jobs: Jobs;
  mailer: Mailer;
  limiter: RateLimiter;
  /** Uploaded files' bytes (STORAGE). */
  storage: Storage;
  assets: Assets;
  log: Logger;
  /** Site-wide navigation that modules extend when their routes are registered. */
  navigation: Navigation;
  /** Authenticators of systems (not people) by access kind, registered by the module that issues their credentials. */
  clientAuth: { xapi?: ClientAuthenticator };
}
