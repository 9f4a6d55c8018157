/**
 * SCORM 1.2 and SCORM 2004 packages as lesson content (docs/scorm.md): reading and checking an uploaded zip
 * before anything is stored, storing its files, the signed launch token that serves them, and what a SCO's
 * runtime commits (CMI data kept for resuming; completion, success and score feeding the lesson's progress).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { hmac, hmacMatches, type SecretKeys } from '../../platform/auth/crypto.js';
import type { DbOrTx } from '../../platform/db/index.js';
import type { Locale } from '../../platform/i18n/index.js';
import type { Platform } from '../../platform/platform.js';
import { storedFiles } from '../../platform/schema.js';
import { recordingStorage, removeUnreferenced, saveFile, type Storage } from '../../platform/storage.js';
import type { LearningEvents } from './xapi-events.js';
import { completeLesson, learnerCourse } from './learning.js';
import { courses, enrolments, lessonProgress } from './schema.js';
import { scormAttempts, scormFiles, scormPackages } from './scorm-schema.js';
import { lessonsInOrder, type SnapshotLesson } from './versions.js';

// ——— Reading a package ———

/** Why a package was refused: a message key (training.scorm.errors.*) shown beside the form's file field. */
export class ScormError extends Error {
  constructor(
    public readonly messageKey: string,
    /** 413 for what is too large, else 400. */
    public readonly status: 400 | 413 = 400,
  ) {
    super(messageKey);
  }
}

/** Limits on what a package unpacks (with the zip's own limit, TRAINING_SCORM_MAX_MB). */
export const SCORM_LIMITS = {
  entries: 10_000,
  /** Everything unpacked, as a multiple of the zip's limit. */
  unpackedFactor: 4,
  /** An entry inflating more than this many times its compressed size (beyond 1 MiB) is a zip bomb: no real content does. */
  ratio: 200,
  manifestBytes: 4 * 1024 * 1024,
  /** SCOs in one package (the launch token carries the index in two bytes; real packages have a few dozen). */
  scos: 500,
} as const;

/** One SCO of a package: an item of the default organisation whose resource is a SCO. */
export interface ScormSco {
  /** The item's identifier in the manifest. */
  identifier: string;
  title: string;
  /** Its launch file, relative to the package's root, with the item's parameters. */
  launch: string;
  /** SCORM 1.2's adlcp:masteryscore (0–100), or null. */
  masteryScore: number | null;
}

export interface ScormManifest {
  version: '1.2' | '2004';
  edition: string | null;
  identifier: string;
  title: string;
  /** The SCOs in the organisation's order (depth first): a learner takes each, and the package is done when all are. */
  scos: ScormSco[];
}

export interface ScormPackageFiles {
  manifest: ScormManifest;
  files: Map<string, Uint8Array>;
  size: number;
}

const err = (key: string, status: 400 | 413 = 400) => new ScormError(`training.scorm.errors.${key}`, status);

/**
 * A path inside a package, or null when it could reach outside the package: absolute, a drive letter, a
 * backslash, a NUL or another control character, `..`, or `.` segments and doubled slashes.
 */
export function safeEntryPath(name: string): string | null {
  if (!name || name.length > 500 || name.startsWith('/') || /^[a-z]:/i.test(name) || name.includes('\\') || /[\u0000-\u001f\u007f]/.test(name)) return null;
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((p) => p === '..' || p === '.' || p === '')) return null;
  return parts.join('/');
}

/**
 * Symbolic links, read from the zip's central directory (fflate does not report entries' external attributes):
 * an entry made on Unix whose mode is a link. Ponte never writes entries to a disk, but a link in a package is
 * either a mistake or an attack, and is refused with the rest.
 */
function hasSymlink(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return false;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  for (let n = 0; n < count && at + 46 <= bytes.length; n++) {
    if (view.getUint32(at, true) !== 0x02014b50) break;
    const madeOn = view.getUint8(at + 5);
    const mode = view.getUint32(at + 38, true) >>> 16;
    if (madeOn === 3 && (mode & 0o170000) === 0o120000) return true;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return false;
}

/** Unpacks a package within the limits; a zip bomb is refused from the declared sizes, before any of it is inflated. */
export function unpackScorm(bytes: Uint8Array, maxBytes: number): Map<string, Uint8Array> {
  if (bytes.length > maxBytes) throw err('tooLarge', 413);
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw err('notZip');
  if (hasSymlink(bytes)) throw err('unsafePath');
  let count = 0;
  let total = 0;
  let raw: Record<string, Uint8Array>;
  const names = new Map<string, string>();
  try {
    raw = unzipSync(bytes, {
      filter: (f) => {
        const path = safeEntryPath(f.name);
        if (path === null) throw err('unsafePath');
        if (++count > SCORM_LIMITS.entries) throw err('tooManyEntries', 413);
        total += f.originalSize;
        if (total > SCORM_LIMITS.unpackedFactor * maxBytes) throw err('tooLargeUnpacked', 413);
        if (f.originalSize > 1024 * 1024 && f.originalSize > SCORM_LIMITS.ratio * Math.max(1, f.size)) throw err('tooLargeUnpacked', 413);
        if (f.compression !== 0 && f.compression !== 8) throw err('corrupt');
        if (f.name.endsWith('/')) return false;
        if (names.has(path)) throw err('unsafePath');
        names.set(path, f.name);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ScormError) throw e;
    throw err('corrupt');
  }
  return new Map(Object.entries(raw).map(([name, data]) => [safeEntryPath(name)!, data]));
}

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['organization', 'item', 'resource', 'file', 'dependency'].includes(name),
});
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v && typeof v === 'object' ? [v as Node] : []);
const textOf = (v: unknown): string => (typeof v === 'string' ? v.trim() : v && typeof v === 'object' && typeof (v as Node)['#text'] === 'string' ? ((v as Node)['#text'] as string).trim() : '');
const attr = (n: Node, name: string): string => {
  const key = Object.keys(n).find((k) => k.toLowerCase() === `@${name.toLowerCase()}`);
  return key && typeof n[key] === 'string' ? (n[key] as string).trim() : '';
};

/**
 * Reads `imsmanifest.xml`. A document type declaration is refused before parsing, so no entity of the
 * package's is ever expanded (billion laughs, external entities); the parser is given no DTD either way.
 */
export function parseManifest(xml: Uint8Array, fileName: string): ScormManifest {
  if (xml.length > SCORM_LIMITS.manifestBytes) throw err('manifest');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(xml).replace(/^\uFEFF/, '');
  } catch {
    throw err('manifest');
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw err('doctype');
  let doc: Node;
  try {
    doc = parser.parse(text, true) as Node;
  } catch {
    throw err('manifest');
  }
  const manifest = doc.manifest as Node | undefined;
  if (!manifest || typeof manifest !== 'object') throw err('manifest');
  const metadata = (manifest.metadata ?? {}) as Node;
  const schemaversion = textOf(metadata.schemaversion);
  let version: '1.2' | '2004' | null = null;
  let edition: string | null = null;
  if (schemaversion === '1.2') version = '1.2';
  else if (/2004|CAM 1\.3/i.test(schemaversion)) {
    version = '2004';
    edition = /4th/i.test(schemaversion) ? '4th' : /3rd/i.test(schemaversion) ? '3rd' : /CAM 1\.3/i.test(schemaversion) ? '2nd' : null;
  } else if (/adlcp_v1p3/.test(text)) version = '2004';
  else if (/adlcp_rootv1p2/.test(text)) version = '1.2';
  if (!version) throw err('version');

  const resources = list((manifest.resources as Node | undefined)?.resource);
  const byId = new Map(resources.map((r) => [attr(r, 'identifier'), r]));
  const organizations = (manifest.organizations ?? {}) as Node;
  const orgs = list(organizations.organization);
  const org = orgs.find((o) => attr(o, 'identifier') === attr(organizations, 'default')) ?? orgs[0];
  const isSco = (r: Node | undefined) => !!r && attr(r, 'scormtype').toLowerCase() === 'sco' && !!attr(r, 'href');
  const scoOf = (resource: Node, item: Node | null): ScormSco => {
    const base = attr(resource, 'base');
    const href = `${base && !/\/$/.test(base) ? `${base}/` : base}${attr(resource, 'href')}`;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) throw err('launchMissing');
    const mastery = item ? Number.parseFloat(textOf(item.masteryscore)) : Number.NaN;
    return {
      identifier: (item ? attr(item, 'identifier') : attr(resource, 'identifier')).slice(0, 300),
      title: (textOf(item?.title) || textOf(org?.title) || fileName.replace(/\.zip$/i, '')).slice(0, 300),
      launch: withParameters(href, item ? attr(item, 'parameters') : ''),
      masteryScore: version === '1.2' && Number.isFinite(mastery) && mastery >= 0 && mastery <= 100 ? mastery : null,
    };
  };
  // Every item, depth first, whose resource is a SCO; a package whose organisation names none launches its first SCO resource.
  const scos: ScormSco[] = [];
  const walk = (items: Node[]) => {
    for (const item of items) {
      const resource = byId.get(attr(item, 'identifierref'));
      if (isSco(resource)) {
        if (scos.length >= SCORM_LIMITS.scos) throw err('tooManyScos');
        scos.push(scoOf(resource!, item));
      }
      walk(list(item.item));
    }
  };
  if (org) walk(list(org.item));
  if (!scos.length) {
    const resource = resources.find(isSco);
    if (!resource) throw err('noSco');
    scos.push(scoOf(resource, null));
  }
  return {
    version,
    edition,
    identifier: attr(manifest, 'identifier').slice(0, 300),
    title: (textOf(org?.title) || scos[0]!.title).slice(0, 300),
    scos,
  };
}

/** An item's `parameters` joined to its resource's address (IMS CP: `#…` is a fragment, else a query). */
function withParameters(href: string, params: string): string {
  if (!params) return href;
  if (params.startsWith('#')) return `${href}${params}`;
  return `${href}${href.includes('?') ? '&' : '?'}${params.replace(/^[?&]/, '')}`;
}

/** The file a launch address names, without its query or fragment, decoded and checked like an entry's path. */
export function launchFile(launch: string): string | null {
  const path = launch.split(/[?#]/)[0]!;
  try {
    return safeEntryPath(decodeURIComponent(path));
  } catch {
    return null;
  }
}

/** Reads and checks an uploaded package: limits, paths, manifest, version, and that its launch file is in it. */
export function readScormPackage(bytes: Uint8Array, fileName: string, maxBytes: number): ScormPackageFiles {
  return checkScormFiles(unpackScorm(bytes, maxBytes), fileName);
}

// ——— Storing ———

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  xhtml: 'application/xhtml+xml',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  xml: 'application/xml',
  xsd: 'application/xml',
  txt: 'text/plain; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  pdf: 'application/pdf',
  swf: 'application/octet-stream',
};
export const contentTypeOf = (path: string) => CONTENT_TYPES[/\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';

export interface ScormPackageRef {
  id: string;
  version: '1.2' | '2004';
  title: string;
}

/**
 * Checks a package and stores it for a course: every check runs before anything is stored; the rows are written
 * in one transaction, and the bytes it stored are removed again if that fails, so a refused or failed upload
 * leaves nothing behind.
 */
export async function importScormPackage(p: Platform, courseId: string, upload: { filename: string; data: Uint8Array }, userId: string | null): Promise<ScormPackageRef> {
  const pkg = readScormPackage(upload.data, upload.filename, p.config.training.scormMaxMb * 1024 * 1024);
  return storeScormPackage(p, courseId, pkg, upload.filename, userId);
}

export async function storeScormPackage(p: Platform, courseId: string, pkg: ScormPackageFiles, fileName: string, userId: string | null): Promise<ScormPackageRef> {
  const storage = recordingStorage(p.storage);
  try {
    return await p.database.db.transaction((tx) => writeScormPackage(tx, storage, courseId, pkg, fileName, userId));
  } catch (e) {
    await removeUnreferenced(p.database.db, p.storage, storage.written);
    throw e;
  }
}

/** Writes a checked package's rows and files within the caller's transaction (a course package's import uses it too). */
export async function writeScormPackage(tx: DbOrTx, storage: Storage, courseId: string, pkg: ScormPackageFiles, fileName: string, userId: string | null): Promise<ScormPackageRef> {
  const m = pkg.manifest;
  const [row] = await tx
    .insert(scormPackages)
    .values({ courseId, version: m.version, edition: m.edition, title: m.title, scos: m.scos, size: pkg.size, fileCount: pkg.files.size, fileName: fileName.slice(0, 300), createdBy: userId })
    .returning({ id: scormPackages.id });
  const rows: { packageId: string; path: string; fileId: string }[] = [];
  for (const [path, data] of pkg.files) {
    const file = await saveFile(tx, storage, { name: path.split('/').pop()!, contentType: contentTypeOf(path), bytes: Buffer.from(data.buffer, data.byteOffset, data.byteLength), createdBy: userId });
    rows.push({ packageId: row!.id, path, fileId: file.id });
  }
  for (let i = 0; i < rows.length; i += 500) await tx.insert(scormFiles).values(rows.slice(i, i + 500));
  return { id: row!.id, version: m.version, title: m.title };
}

/** Checks files already unpacked (from a course package) as an upload is checked: paths, manifest, launch file. */
export function checkScormFiles(files: Map<string, Uint8Array>, fileName: string): ScormPackageFiles {
  for (const path of files.keys()) if (safeEntryPath(path) !== path) throw err('unsafePath');
  const xml = files.get('imsmanifest.xml');
  if (!xml) throw err('noManifest');
  const manifest = parseManifest(xml, fileName);
  for (const sco of manifest.scos) {
    const launch = launchFile(sco.launch);
    if (!launch || !files.has(launch)) throw err('launchMissing');
  }
  return { manifest, files, size: [...files.values()].reduce((n, f) => n + f.length, 0) };
}


export async function findScormPackage(db: DbOrTx, id: string) {
  const [row] = await db.select().from(scormPackages).where(eq(scormPackages.id, id));
  return row ?? null;
}

/** A package's file by its path, with what serving it needs. */
export async function findScormFile(db: DbOrTx, packageId: string, path: string) {
  const [row] = await db
    .select({ key: storedFiles.key, name: storedFiles.name, size: storedFiles.size, contentType: storedFiles.contentType })
    .from(scormFiles)
    .innerJoin(storedFiles, eq(storedFiles.id, scormFiles.fileId))
    .where(and(eq(scormFiles.packageId, packageId), eq(scormFiles.path, path)));
  return row ?? null;
}

/** A package's files in path order (for course packages). */
export async function scormPackageFiles(db: DbOrTx, packageId: string) {
  return db
    .select({ path: scormFiles.path, key: storedFiles.key, size: storedFiles.size })
    .from(scormFiles)
    .innerJoin(storedFiles, eq(storedFiles.id, scormFiles.fileId))
    .where(eq(scormFiles.packageId, packageId))
    .orderBy(asc(scormFiles.path));
}

// ——— Launch tokens ———

/** How long a launch address works: a lesson page gives a fresh one each time it is opened. */
export const LAUNCH_SECONDS = 4 * 60 * 60;
const PURPOSE = 'scorm-launch';

/**
 * What a launch token binds: the package, the block, the SCO in the package, and for a learner their enrolment (and
 * so their account; an author's preview has none, and its commits are not kept).
 */
export interface LaunchClaims {
  packageId: string;
  blockId: string;
  /** The SCO's index in the package's `scos`. */
  sco: number;
  enrolmentId: string | null;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const NO_ENROLMENT = '00000000-0000-0000-0000-000000000000';
const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidOf = (b: Buffer) => b.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
/** 132 bits of HMAC-SHA-256: the token fits a path segment (Fastify's parameters are at most 100 characters). */
const MAC_LENGTH = 22;
const macOf = (secret: string, body: string) => hmac(secret, PURPOSE, body).slice(0, MAC_LENGTH);

/** A token: the three ids, the expiry and the SCO's index in 54 bytes, base64url, then its truncated HMAC under SECRET_KEY. */
export function signLaunch(secret: string, claims: Omit<LaunchClaims, 'exp'>, now = Date.now()): string {
  const tail = Buffer.alloc(6);
  tail.writeUInt32BE(Math.floor(now / 1000) + LAUNCH_SECONDS);
  tail.writeUInt16BE(claims.sco, 4);
  const body = Buffer.concat([uuidBytes(claims.packageId), uuidBytes(claims.blockId), uuidBytes(claims.enrolmentId ?? NO_ENROLMENT), tail]).toString('base64url');
  return `${body}.${macOf(secret, body)}`;
}

/** The claims of a genuine, unexpired token (made under one of the keys); null for anything else. */
export function verifyLaunch(keys: SecretKeys, token: string, now = Date.now()): LaunchClaims | null {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined || body.length !== 72) return null;
  if (!hmacMatches(keys, PURPOSE, body, mac, MAC_LENGTH)) return null;
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length !== 54) return null;
  const exp = bytes.readUInt32BE(48);
  if (exp * 1000 <= now) return null;
  const enrolmentId = uuidOf(bytes.subarray(32, 48));
  return { packageId: uuidOf(bytes.subarray(0, 16)), blockId: uuidOf(bytes.subarray(16, 32)), sco: bytes.readUInt16BE(52), enrolmentId: enrolmentId === NO_ENROLMENT ? null : enrolmentId, exp };
}

/** Where a SCORM block's content is served for this launch. */
export const launchBase = (token: string) => `/scorm/${token}`;

// ——— Runtime data ———

/** The CMI elements kept between sessions (the rest is the SCO's session, or set by Ponte). */
const KEPT: Record<'1.2' | '2004', RegExp> = {
  '1.2': /^cmi\.(suspend_data|core\.(lesson_location|lesson_status|score\.(raw|min|max)|exit)|objectives\.\d+\.|interactions\.\d+\.|comments$|student_preference\.)/,
  '2004': /^cmi\.(suspend_data|location|completion_status|success_status|score\.(scaled|raw|min|max)|progress_measure|exit|objectives\.\d+\.|interactions\.\d+\.|comments_from_learner\.\d+\.|learner_preference\.)/,
};
const MAX_CMI_KEYS = 5000;
const MAX_CMI_VALUE = 64_000;

/** ISO 8601 duration (2004) or HHHH:MM:SS.SS (1.2) in whole seconds; 0 when it is neither. */
export function durationSeconds(value: string | undefined): number {
  if (!value) return 0;
  const hms = /^(\d{1,4}):(\d{1,2}):(\d{1,2})(\.\d{1,2})?$/.exec(value);
  if (hms) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]);
  const iso = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!iso) return 0;
  const [, y, mo, d, h, mi, s] = iso.map((x) => Number(x ?? 0));
  return Math.floor(y! * 31_536_000 + mo! * 2_592_000 + d! * 86_400 + h! * 3600 + mi! * 60 + s!);
}

/** What Ponte reads of a SCO's CMI data: completion, success and score. */
export function outcomeOf(version: '1.2' | '2004', cmi: Record<string, string>, masteryScore: number | null) {
  const num = (k: string) => (cmi[k] !== undefined && cmi[k] !== '' && Number.isFinite(Number(cmi[k])) ? Number(cmi[k]) : null);
  if (version === '1.2') {
    let status = cmi['cmi.core.lesson_status'] ?? 'not attempted';
    const raw = num('cmi.core.score.raw');
    const min = num('cmi.core.score.min') ?? 0;
    const max = num('cmi.core.score.max') ?? 100;
    // SCORM 1.2: with a mastery score, the LMS judges a completed SCO's score against it.
    if (masteryScore !== null && raw !== null && (status === 'completed' || status === 'passed' || status === 'failed')) status = raw >= masteryScore ? 'passed' : 'failed';
    const completion = status === 'completed' || status === 'passed' ? 'completed' : status === 'failed' ? 'completed' : status === 'incomplete' || status === 'browsed' ? 'incomplete' : status === 'not attempted' ? 'not attempted' : 'unknown';
    const success = status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : 'unknown';
    const score = raw === null ? null : max > min ? Math.min(1, Math.max(0, (raw - min) / (max - min))) : null;
    return { completion, success, score, scoreRaw: raw, scoreMin: min, scoreMax: max };
  }
  const completion = ['completed', 'incomplete', 'not attempted'].includes(cmi['cmi.completion_status'] ?? '') ? cmi['cmi.completion_status']! : 'unknown';
  const success = ['passed', 'failed'].includes(cmi['cmi.success_status'] ?? '') ? cmi['cmi.success_status']! : 'unknown';
  const scaled = num('cmi.score.scaled');
  const raw = num('cmi.score.raw');
  const min = num('cmi.score.min') ?? 0;
  const max = num('cmi.score.max') ?? 100;
  const score = scaled !== null ? Math.min(1, Math.max(0, scaled)) : raw !== null && max > min ? Math.min(1, Math.max(0, (raw - min) / (max - min))) : null;
  return { completion, success, score, scoreRaw: raw, scoreMin: min, scoreMax: max };
}

/** A SCO's outcome counts as done: completed, and not failed (a failed SCO is taken again). */
export const scoDone = (o: { completion: string; success: string }) => o.completion === 'completed' && o.success !== 'failed';

/** The launch's learner context: their enrolment (still theirs), its course and version, and the block's lesson in it. */
async function launchContext(db: DbOrTx, claims: LaunchClaims, locale: Locale) {
  if (!claims.enrolmentId) return null;
  const [e] = await db.select({ slug: courses.slug, userId: enrolments.userId }).from(enrolments).innerJoin(courses, eq(courses.id, enrolments.courseId)).where(eq(enrolments.id, claims.enrolmentId));
  if (!e) return null;
  const lc = await learnerCourse(db, e.userId, e.slug, locale);
  if (!lc || lc.enrolment.id !== claims.enrolmentId) return null;
  const lesson = lessonsInOrder(lc.snapshot).find((x) => x.lesson.blocks.some((b) => b.id === claims.blockId))?.lesson;
  const block = lesson?.blocks.find((b) => b.id === claims.blockId);
  if (!lesson || block?.data.kind !== 'scorm' || block.data.packageId !== claims.packageId) return null;
  return { lc, lesson };
}

/**
 * What the runtime starts with: the learner's identity as SCORM names it and, when they have been here before,
 * the kept CMI data with `entry` set to resume (when the SCO suspended) and the mastery score. Null for a launch
 * that is no longer the learner's.
 */
export async function runtimeStart(db: DbOrTx, claims: LaunchClaims, pkg: { version: '1.2' | '2004'; scos: ScormSco[] }, learner: { id: string; name: string }) {
  const v = pkg.version;
  const masteryScore = pkg.scos[claims.sco]?.masteryScore ?? null;
  const start: Record<string, string> = {};
  let saved: Record<string, string> = {};
  if (claims.enrolmentId) {
    const [row] = await db
      .select({ cmi: scormAttempts.cmi })
      .from(scormAttempts)
      .where(and(eq(scormAttempts.enrolmentId, claims.enrolmentId), eq(scormAttempts.blockId, claims.blockId), eq(scormAttempts.sco, claims.sco), eq(scormAttempts.packageId, claims.packageId)));
    saved = row?.cmi ?? {};
  }
  const suspended = (v === '1.2' ? saved['cmi.core.exit'] : saved['cmi.exit']) === 'suspend';
  for (const [k, value] of Object.entries(saved)) if (KEPT[v].test(k) && !/\.exit$/.test(k)) start[k] = value;
  if (v === '1.2') {
    start['cmi.core.student_id'] = learner.id;
    start['cmi.core.student_name'] = learner.name;
    start['cmi.core.entry'] = Object.keys(saved).length ? (suspended ? 'resume' : '') : 'ab-initio';
    if (masteryScore !== null) start['cmi.student_data.mastery_score'] = String(masteryScore);
  } else {
    start['cmi.learner_id'] = learner.id;
    start['cmi.learner_name'] = learner.name;
    start['cmi.entry'] = Object.keys(saved).length ? (suspended ? 'resume' : '') : 'ab-initio';
  }
  return start;
}

/** A launch may run: its SCO is one of the package's, and for a learner the block is still theirs. */
export async function mayLaunch(db: DbOrTx, claims: LaunchClaims, pkg: { scos: ScormSco[] }, locale: Locale): Promise<boolean> {
  return claims.sco < pkg.scos.length && (!claims.enrolmentId || !!(await launchContext(db, claims, locale)));
}

/** What a commit may carry: the flattened CMI data model (`cmi.…` keys, string values), within bounds. */
export function cleanCmi(input: Record<string, unknown>): Record<string, string> | null {
  const out: Record<string, string> = {};
  const entries = Object.entries(input);
  if (entries.length > MAX_CMI_KEYS) return null;
  for (const [k, v] of entries) {
    if (!/^cmi\.[a-z0-9_.]{1,200}$/i.test(k)) continue;
    if (v === null || v === undefined) continue;
    const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
    if (s === null) continue;
    if (s.length > MAX_CMI_VALUE || s.includes('\u0000')) return null;
    out[k] = s;
  }
  return out;
}

/**
 * Keeps what a SCO committed and feeds Ponte's progress: the CMI data per enrolment, block and SCO (merged over what
 * was kept, so a commit naming a few elements loses none); session time added to the lesson's time only as far
 * as it exceeds what the page's own time reports counted, bounded by real time since the attempt began; and once
 * every SCO of every SCORM block of the lesson is done, the lesson completed through completeLesson (completion
 * rule, certificate, xAPI). Null when the launch is no longer the learner's.
 */
export async function commitRuntime(db: DbOrTx, claims: LaunchClaims, cmi: Record<string, string>, opts: { locale: Locale; terminate: boolean; xapi?: LearningEvents }) {
  const ctx = await launchContext(db, claims, opts.locale);
  if (!ctx) return null;
  const pkg = await findScormPackage(db, claims.packageId);
  const sco = pkg?.scos[claims.sco];
  if (!pkg || !sco) return null;
  const key = and(eq(scormAttempts.enrolmentId, claims.enrolmentId!), eq(scormAttempts.blockId, claims.blockId), eq(scormAttempts.sco, claims.sco));
  const [had] = await db.select().from(scormAttempts).where(key);
  const merged = { ...(had?.packageId === pkg.id ? had.cmi : {}), ...cmi };
  // Read-only elements and the session's own are not kept: Ponte sets them at each launch.
  for (const k of Object.keys(merged)) if (!KEPT[pkg.version].test(k)) delete merged[k];
  const outcome = outcomeOf(pkg.version, merged, sco.masteryScore);
  const session = durationSeconds(cmi[pkg.version === '1.2' ? 'cmi.core.session_time' : 'cmi.session_time']);
  // A session's time counts once, when it ends; never more than has passed since the attempt's last write.
  const sinceLast = had ? Math.max(0, Math.floor((Date.now() - had.updatedAt.getTime()) / 1000)) : 4 * 3600;
  const seconds = opts.terminate ? Math.min(session, sinceLast, 4 * 3600) : 0;
  const values = { completion: outcome.completion, success: outcome.success, score: outcome.score, scoreRaw: outcome.scoreRaw };
  await db
    .insert(scormAttempts)
    .values({ enrolmentId: claims.enrolmentId!, blockId: claims.blockId, sco: claims.sco, packageId: pkg.id, cmi: merged, ...values, secondsReported: seconds, commits: 1 })
    .onConflictDoUpdate({
      target: [scormAttempts.enrolmentId, scormAttempts.blockId, scormAttempts.sco],
      set: { packageId: pkg.id, cmi: merged, ...values, secondsReported: sql`${scormAttempts.secondsReported} + ${seconds}`, commits: sql`${scormAttempts.commits} + 1`, updatedAt: sql`now()` },
    });
  const { lc, lesson } = ctx;
  if (seconds > 0) {
    // The lesson page's own time reports count the same minutes: the lesson's time is the larger of the two.
    const reported = await lessonScormSeconds(db, lc.enrolment.id, lesson);
    await db.insert(lessonProgress).values({ enrolmentId: lc.enrolment.id, lessonId: lesson.id, secondsSpent: reported }).onConflictDoUpdate({
      target: [lessonProgress.enrolmentId, lessonProgress.lessonId],
      set: { secondsSpent: sql`greatest(${lessonProgress.secondsSpent}, ${reported})` },
    });
  }
  let lessonCompleted = false;
  let courseCompleted = false;
  if (scoDone(outcome) && !lc.progress.get(lesson.id)?.completedAt) {
    const blocks = await scormBlocksOf(db, lesson);
    const outcomes = await scormOutcomes(db, lc.enrolment.id, blocks);
    const all = [...outcomes.values()];
    if (all.length === blocks.length && all.every((b) => b.done)) {
      const scos = all.flatMap((b) => b.scos.flatMap((x) => (x ? [x] : [])));
      const scores = scos.flatMap((r) => (r.score === null ? [] : [r.score]));
      const successes = scos.filter((r) => r.success !== 'unknown');
      const r = await completeLesson(db, lc, lesson.id, opts.xapi, {
        ...(scores.length ? { score: { raw: Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100), min: 0, max: 100 } } : {}),
        ...(successes.length ? { success: successes.every((x) => x.success === 'passed') } : {}),
      });
      lessonCompleted = true;
      courseCompleted = r.courseCompleted;
    }
  }
  return { ...outcome, lessonCompleted, courseCompleted };
}

/** A lesson's SCORM blocks that name a package, each with that package's SCOs. */
async function scormBlocksOf(db: DbOrTx, lesson: SnapshotLesson): Promise<{ blockId: string; packageId: string; scos: ScormSco[] }[]> {
  const named = lesson.blocks.flatMap((b) => (b.data.kind === 'scorm' && b.data.packageId ? [{ blockId: b.id, packageId: b.data.packageId }] : []));
  if (!named.length) return [];
  const pkgs = await db.select({ id: scormPackages.id, scos: scormPackages.scos }).from(scormPackages).where(inArray(scormPackages.id, [...new Set(named.map((w) => w.packageId))]));
  const scosOf = new Map(pkgs.map((x) => [x.id, x.scos]));
  return named.map((b) => ({ ...b, scos: scosOf.get(b.packageId) ?? [] }));
}

async function lessonScormSeconds(db: DbOrTx, enrolmentId: string, lesson: SnapshotLesson): Promise<number> {
  const ids = lesson.blocks.filter((b) => b.data.kind === 'scorm').map((b) => b.id);
  if (!ids.length) return 0;
  const [row] = await db.select({ s: sql<number>`coalesce(sum(${scormAttempts.secondsReported}), 0)::int` }).from(scormAttempts).where(and(eq(scormAttempts.enrolmentId, enrolmentId), inArray(scormAttempts.blockId, ids)));
  return Number(row?.s ?? 0);
}

export interface ScoOutcome {
  completion: string;
  success: string;
  score: number | null;
}

/** A block's outcome: each SCO's (null where not yet launched), and the block's as a whole. */
export interface BlockOutcome {
  scos: (ScoOutcome | null)[];
  /** Every SCO done (completed and not failed). */
  done: boolean;
  /** The block's outcome as one activity: for one SCO, its own; for several, completed when all are, passed when all passed, failed when one failed, the mean score. */
  overall: ScoOutcome | null;
}

/** A learner's SCORM outcomes per block of their enrolment, for the package each block names (the lesson page shows them). */
async function scormOutcomes(db: DbOrTx, enrolmentId: string, blocks: { blockId: string; packageId: string; scos: ScormSco[] }[]): Promise<Map<string, BlockOutcome>> {
  const out = new Map<string, BlockOutcome>();
  if (!blocks.length) return out;
  const rows = await db
    .select({ blockId: scormAttempts.blockId, packageId: scormAttempts.packageId, sco: scormAttempts.sco, completion: scormAttempts.completion, success: scormAttempts.success, score: scormAttempts.score })
    .from(scormAttempts)
    .where(and(eq(scormAttempts.enrolmentId, enrolmentId), inArray(scormAttempts.blockId, blocks.map((b) => b.blockId))));
  for (const b of blocks) {
    const count = b.scos.length;
    if (!count) continue;
    const scos: (ScoOutcome | null)[] = Array.from({ length: count }, () => null);
    for (const r of rows) if (r.blockId === b.blockId && r.packageId === b.packageId && r.sco < count) scos[r.sco] = { completion: r.completion, success: r.success, score: r.score };
    const seen = scos.filter((x): x is ScoOutcome => !!x);
    const done = seen.length === count && seen.every(scoDone);
    const scores = seen.flatMap((x) => (x.score === null ? [] : [x.score]));
    const overall: ScoOutcome | null =
      count === 1
        ? scos[0]!
        : !seen.length
          ? null
          : {
              completion: done || (seen.length === count && seen.every((x) => x.completion === 'completed')) ? 'completed' : 'incomplete',
              success: seen.some((x) => x.success === 'failed') ? 'failed' : done && seen.every((x) => x.success === 'passed') ? 'passed' : 'unknown',
              score: scores.length ? scores.reduce((a, x) => a + x, 0) / scores.length : null,
            };
    out.set(b.blockId, { scos, done, overall });
  }
  return out;
}

/** What a SCORM block of a lesson page shows: its SCOs, the one launched in the frame, and the learner's outcomes so far. */
export interface ScormLaunch {
  /** Each SCO's title, and where it is launched (a fresh token each time the page is drawn). */
  scos: { title: string; src: string }[];
  /** The SCO shown in the frame: the one asked for, else the first not done. */
  current: number;
  /** The launch page's address of the current SCO (null when the package is gone). */
  src: string | null;
  outcome: BlockOutcome | null;
  /** An author's preview: nothing is kept. */
  preview: boolean;
}

/**
 * Launch addresses for a lesson's SCORM blocks, each with a fresh token bound to the block, the package, the SCO and
 * (for a learner) the enrolment, and so the account; an author's preview gets tokens without an enrolment.
 * `chosen` names, per block, the SCO the learner picked from the block's list.
 */
export async function scormLaunches(db: DbOrTx, secret: string, lesson: SnapshotLesson, learner: { enrolmentId: string } | null, chosen: { blockId: string; sco: number } | null = null): Promise<Map<string, ScormLaunch>> {
  const wanted = await scormBlocksOf(db, lesson);
  const out = new Map<string, ScormLaunch>();
  if (!wanted.length) return out;
  const outcomes = learner ? await scormOutcomes(db, learner.enrolmentId, wanted) : new Map<string, BlockOutcome>();
  for (const w of wanted) {
    const scos = w.scos.map((sco, i) => ({
      title: sco.title,
      src: launchUrl(signLaunch(secret, { packageId: w.packageId, blockId: w.blockId, sco: i, enrolmentId: learner?.enrolmentId ?? null }), sco.launch),
    }));
    const outcome = outcomes.get(w.blockId) ?? null;
    const asked = chosen?.blockId === w.blockId && chosen.sco < scos.length ? chosen.sco : null;
    const next = outcome ? outcome.scos.findIndex((x) => !x || !scoDone(x)) : 0;
    const current = asked ?? (next < 0 ? 0 : next);
    out.set(w.blockId, { scos, current, src: scos[current]?.src ?? null, outcome, preview: !learner });
  }
  return out;
}

/** The address of a package's launch file for a token (its path's parts encoded, its parameters kept). */
export function launchUrl(token: string, launch: string): string {
  const file = launchFile(launch) ?? '';
  const rest = launch.slice(launch.split(/[?#]/)[0]!.length);
  return `${launchBase(token)}/p/${file.split('/').map(encodeURIComponent).join('/')}${rest}`;
}
