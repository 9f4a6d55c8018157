import type { DbOrTx } from './db/index.js';
import type { Platform } from './platform.js';

/** A value that survives JSON.stringify unchanged: dates are given as ISO 8601 strings, never as Date objects. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * What one module holds about a person, for "download my data" (GDPR art. 15 and 20). It reads only its own
 * tables (the platform cannot read modules' tables), and answers with JSON whose keys do not change from one
 * export to the next; it must never return another person's data.
 */
export type PersonalDataSource = (db: DbOrTx, userId: string) => Promise<{ [key: string]: JsonValue }>;

export interface NamedPersonalDataSource {
  /** The key the source's data is found under in the export, e.g. `training`. */
  name: string;
  source: PersonalDataSource;
}

/** The export's own top-level keys (platform/identity/users.ts), which no module may take. */
export const CORE_EXPORT_KEYS = ['exportedAt', 'profile', 'roles', 'sessions', 'securityEvents'] as const;

const sources = new WeakMap<Platform, NamedPersonalDataSource[]>();

/**
 * A module that holds personal data tells the platform how to read it, once per platform (in its `setup`).
 * Names are unique: a second source under a name already taken is a programming error.
 */
export function registerPersonalData(p: Platform, name: string, source: PersonalDataSource): void {
  const list = sources.get(p) ?? [];
  if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) throw new Error(`personal data source name ${JSON.stringify(name)}: use a camelCase word`);
  if ((CORE_EXPORT_KEYS as readonly string[]).includes(name) || list.some((s) => s.name === name)) throw new Error(`personal data source ${name} is already registered`);
  sources.set(p, [...list, { name, source }]);
}

/** The sources registered on a platform, in registration order (the order of the export's keys). */
export const personalDataSources = (p: Platform): readonly NamedPersonalDataSource[] => sources.get(p) ?? [];

/** An instant as ISO 8601 (UTC), or null. */
export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/**
 * What a module does with what it holds about a person when their account is deleted, beyond what the database
 * cascades: it runs in the deletion's transaction, before the user row goes (so it can still read the account),
 * and touches only the module's own tables.
 */
export type PersonalDataEraser = (db: DbOrTx, userId: string) => Promise<void>;

const erasers = new WeakMap<Platform, { name: string; erase: PersonalDataEraser }[]>();

/** A module that must erase more than cascades registers it once per platform (in its `setup`). */
export function registerErasure(p: Platform, name: string, erase: PersonalDataEraser): void {
  const list = erasers.get(p) ?? [];
  if (list.some((e) => e.name === name)) throw new Error(`personal data eraser ${name} is already registered`);
  erasers.set(p, [...list, { name, erase }]);
}

/** The erasers registered on a platform, in registration order. */
export const personalDataErasers = (p: Platform): readonly { name: string; erase: PersonalDataEraser }[] => erasers.get(p) ?? [];
