/**
 * Statement validation by the xAPI 1.0.3 Data section (xAPI-Data.md, part two): required and unknown
 * properties, IRIs, UUIDs, ISO 8601 timestamps and durations, language maps, agents with exactly one
 * inverse functional identifier, interaction activities, scores, context rules, sub-statements and
 * attachments. A failure throws `XapiError` (answered 400) naming the path of the first bad property.
 */

import { HttpError } from '../../platform/http/errors.js';

/** A refusal of the LRS, answered with its status and the message as the problem's detail. */
export class XapiError extends HttpError {
  constructor(status: number, message: string) {
    super(status, undefined, message);
  }
}

type Json = Record<string, unknown>;

const fail = (path: string, message: string): never => {
  throw new XapiError(400, `${path}: ${message}`);
};

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** An IRI or IRL: a scheme, then no white space (RFC 3987 is broader than anything a client sends). */
const IRI = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;
/** RFC 5646 language tags, by their shape. */
const LANG = /^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?$|^x(?:-[a-z\d]{1,8})+$|^i-[a-z]+$/i;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const DURATION = /^P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$/;
const MBOX = /^mailto:[^@\s]+@[^@\s]+$/i;
const SHA1 = /^[0-9a-f]{40}$/i;
const SHA2 = /^[0-9a-f]{56,128}$/i;
const VERSION = /^1\.0(?:\.\d+)?$/;

export const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
export const isIri = (v: unknown): v is string => typeof v === 'string' && IRI.test(v);
/** An RFC 5646 tag: its shape, and no extension singleton twice (zh-z-aaa-z-bbb is not a tag). */
export function isLanguageTag(v: unknown): v is string {
  if (typeof v !== 'string' || !LANG.test(v)) return false;
  const beforePrivate = v.toLowerCase().split(/-x-/)[0]!.split('-');
  const singletons = beforePrivate.slice(1).filter((s) => s.length === 1);
  return new Set(singletons).size === singletons.length;
}

/** An ISO 8601 date and time as xAPI accepts it (not the `-00:00` offset RFC 3339 forbids), and a real instant. */
export function isTimestamp(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = TIMESTAMP.exec(v);
  if (!m) return false;
  if (m[7] && /^-00:?(00)?$/.test(m[7])) return false;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return false;
  return !Number.isNaN(Date.parse(m[7] ? v : `${v}Z`));
}
export const isDuration = (v: unknown): v is string => typeof v === 'string' && DURATION.test(v);

function only(o: Json, allowed: readonly string[], path: string) {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${path}.${k}`, 'is not a property the specification allows here');
}
function object(v: unknown, path: string): Json {
  if (!isObject(v)) fail(path, 'must be a JSON object');
  return v as Json;
}
function string(v: unknown, path: string) {
  if (typeof v !== 'string') fail(path, 'must be a string');
}
function bool(v: unknown, path: string) {
  if (typeof v !== 'boolean') fail(path, 'must be true or false');
}
function number(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'must be a number');
  return v as number;
}
function iri(v: unknown, path: string) {
  if (!isIri(v)) fail(path, 'must be an IRI (an absolute address such as http://example.org/verbs/completed)');
}
function uuid(v: unknown, path: string) {
  if (!isUuid(v)) fail(path, 'must be a UUID');
}

export function languageMap(v: unknown, path: string) {
  const o = object(v, path);
  for (const [k, text] of Object.entries(o)) {
    if (!isLanguageTag(k)) fail(`${path}.${k}`, 'is not an RFC 5646 language tag');
    string(text, `${path}.${k}`);
  }
}

function extensions(v: unknown, path: string) {
  const o = object(v, path);
  for (const k of Object.keys(o)) if (!isIri(k)) fail(`${path}.${k}`, 'extension keys must be IRIs');
}

/** Validates an Agent; `objectType` may be omitted where the Agent is the default. */
export function agent(v: unknown, path: string, requireType = false) {
  const o = object(v, path);
  if (requireType || o.objectType !== undefined) {
    if (o.objectType !== 'Agent') fail(`${path}.objectType`, 'must be "Agent"');
  }
  only(o, ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account'], path);
  if (o.name !== undefined) string(o.name, `${path}.name`);
  const n = ifis(o, path);
  if (n !== 1) fail(path, 'an Agent must have exactly one of mbox, mbox_sha1sum, openid and account');
}

function ifis(o: Json, path: string): number {
  let n = 0;
  if (o.mbox !== undefined) {
    n++;
    if (typeof o.mbox !== 'string' || !MBOX.test(o.mbox)) fail(`${path}.mbox`, 'must be mailto: followed by an e-mail address');
  }
  if (o.mbox_sha1sum !== undefined) {
    n++;
    if (typeof o.mbox_sha1sum !== 'string' || !SHA1.test(o.mbox_sha1sum)) fail(`${path}.mbox_sha1sum`, 'must be the hexadecimal SHA-1 of a mailto: address');
  }
  if (o.openid !== undefined) {
    n++;
    iri(o.openid, `${path}.openid`);
  }
  if (o.account !== undefined) {
    n++;
    const a = object(o.account, `${path}.account`);
    only(a, ['homePage', 'name'], `${path}.account`);
    iri(a.homePage, `${path}.account.homePage`);
    string(a.name, `${path}.account.name`);
  }
  return n;
}

export function group(v: unknown, path: string) {
  const o = object(v, path);
  if (o.objectType !== 'Group') fail(`${path}.objectType`, 'must be "Group"');
  only(o, ['objectType', 'name', 'member', 'mbox', 'mbox_sha1sum', 'openid', 'account'], path);
  if (o.name !== undefined) string(o.name, `${path}.name`);
  const n = ifis(o, path);
  if (n > 1) fail(path, 'a Group must have at most one of mbox, mbox_sha1sum, openid and account');
  if (o.member !== undefined) {
    if (!Array.isArray(o.member)) fail(`${path}.member`, 'must be an array of Agents');
    (o.member as unknown[]).forEach((m, i) => agent(m, `${path}.member[${i}]`));
  }
  if (n === 0 && (!Array.isArray(o.member) || o.member.length === 0)) fail(`${path}.member`, 'an anonymous Group must list its members');
}

/** An actor, authority, instructor: an Agent (objectType optional) or a Group. */
export function agentOrGroup(v: unknown, path: string) {
  const o = object(v, path);
  if (o.objectType === 'Group') group(o, path);
  else agent(o, path);
}

function verb(v: unknown, path: string) {
  const o = object(v, path);
  only(o, ['id', 'display'], path);
  iri(o.id, `${path}.id`);
  if (o.display !== undefined) languageMap(o.display, `${path}.display`);
}

const INTERACTIONS: Record<string, string[]> = {
  'true-false': [],
  choice: ['choices'],
  'fill-in': [],
  'long-fill-in': [],
  matching: ['source', 'target'],
  performance: ['steps'],
  sequencing: ['choices'],
  likert: ['scale'],
  numeric: [],
  other: [],
};
const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'];

function definition(v: unknown, path: string) {
  const o = object(v, path);
  only(o, ['name', 'description', 'type', 'moreInfo', 'extensions', 'interactionType', 'correctResponsesPattern', ...COMPONENT_LISTS], path);
  if (o.name !== undefined) languageMap(o.name, `${path}.name`);
  if (o.description !== undefined) languageMap(o.description, `${path}.description`);
  if (o.type !== undefined) iri(o.type, `${path}.type`);
  if (o.moreInfo !== undefined) iri(o.moreInfo, `${path}.moreInfo`);
  if (o.extensions !== undefined) extensions(o.extensions, `${path}.extensions`);
  const type = o.interactionType;
  if (type !== undefined && (typeof type !== 'string' || !(type in INTERACTIONS))) fail(`${path}.interactionType`, `must be one of ${Object.keys(INTERACTIONS).join(', ')}`);
  if (o.correctResponsesPattern !== undefined) {
    if (type === undefined) fail(`${path}.correctResponsesPattern`, 'needs an interactionType');
    if (!Array.isArray(o.correctResponsesPattern)) fail(`${path}.correctResponsesPattern`, 'must be an array of strings');
    (o.correctResponsesPattern as unknown[]).forEach((p, i) => string(p, `${path}.correctResponsesPattern[${i}]`));
  }
  for (const list of COMPONENT_LISTS) {
    if (o[list] === undefined) continue;
    if (type === undefined || !INTERACTIONS[type as string]!.includes(list)) fail(`${path}.${list}`, `is not used by interactionType ${String(type ?? '(none)')}`);
    if (!Array.isArray(o[list])) fail(`${path}.${list}`, 'must be an array of interaction components');
    const ids = new Set<string>();
    (o[list] as unknown[]).forEach((c, i) => {
      const p = `${path}.${list}[${i}]`;
      const component = object(c, p);
      only(component, ['id', 'description'], p);
      string(component.id, `${p}.id`);
      if (ids.has(component.id as string)) fail(`${p}.id`, 'interaction component ids must be unique in their list');
      ids.add(component.id as string);
      if (component.description !== undefined) languageMap(component.description, `${p}.description`);
    });
  }
}

export function activity(v: unknown, path: string) {
  const o = object(v, path);
  if (o.objectType !== undefined && o.objectType !== 'Activity') fail(`${path}.objectType`, 'must be "Activity"');
  only(o, ['objectType', 'id', 'definition'], path);
  iri(o.id, `${path}.id`);
  if (o.definition !== undefined) definition(o.definition, `${path}.definition`);
}

function statementRef(v: unknown, path: string) {
  const o = object(v, path);
  only(o, ['objectType', 'id'], path);
  if (o.objectType !== 'StatementRef') fail(`${path}.objectType`, 'must be "StatementRef"');
  uuid(o.id, `${path}.id`);
}

function statementObject(v: unknown, path: string, inSubStatement: boolean) {
  const o = object(v, path);
  switch (o.objectType ?? 'Activity') {
    case 'Activity':
      return activity(o, path);
    case 'Agent':
      return agent(o, path, true);
    case 'Group':
      return group(o, path);
    case 'StatementRef':
      return statementRef(o, path);
    case 'SubStatement':
      if (inSubStatement) fail(`${path}.objectType`, 'a SubStatement cannot contain another SubStatement');
      return subStatement(o, path);
    default:
      return fail(`${path}.objectType`, 'must be Activity, Agent, Group, StatementRef or SubStatement');
  }
}

function result(v: unknown, path: string) {
  const o = object(v, path);
  only(o, ['score', 'success', 'completion', 'response', 'duration', 'extensions'], path);
  if (o.score !== undefined) {
    const s = object(o.score, `${path}.score`);
    only(s, ['scaled', 'raw', 'min', 'max'], `${path}.score`);
    if (s.scaled !== undefined) {
      const scaled = number(s.scaled, `${path}.score.scaled`);
      if (scaled < -1 || scaled > 1) fail(`${path}.score.scaled`, 'must be between -1 and 1');
    }
    const min = s.min === undefined ? undefined : number(s.min, `${path}.score.min`);
    const max = s.max === undefined ? undefined : number(s.max, `${path}.score.max`);
    const raw = s.raw === undefined ? undefined : number(s.raw, `${path}.score.raw`);
    if (min !== undefined && max !== undefined && min >= max) fail(`${path}.score.max`, 'must be greater than min');
    if (raw !== undefined && ((min !== undefined && raw < min) || (max !== undefined && raw > max))) fail(`${path}.score.raw`, 'must be between min and max');
  }
  if (o.success !== undefined) bool(o.success, `${path}.success`);
  if (o.completion !== undefined) bool(o.completion, `${path}.completion`);
  if (o.response !== undefined) string(o.response, `${path}.response`);
  if (o.duration !== undefined && !isDuration(o.duration)) fail(`${path}.duration`, 'must be an ISO 8601 duration such as PT1H30M');
  if (o.extensions !== undefined) extensions(o.extensions, `${path}.extensions`);
}

const CONTEXT_ACTIVITIES = ['parent', 'grouping', 'category', 'other'];

function context(v: unknown, path: string, objectIsActivity: boolean) {
  const o = object(v, path);
  only(o, ['registration', 'instructor', 'team', 'contextActivities', 'revision', 'platform', 'language', 'statement', 'extensions'], path);
  if (o.registration !== undefined) uuid(o.registration, `${path}.registration`);
  if (o.instructor !== undefined) agentOrGroup(o.instructor, `${path}.instructor`);
  if (o.team !== undefined) group(o.team, `${path}.team`);
  if (o.contextActivities !== undefined) {
    const c = object(o.contextActivities, `${path}.contextActivities`);
    only(c, CONTEXT_ACTIVITIES, `${path}.contextActivities`);
    for (const [k, list] of Object.entries(c)) {
      if (Array.isArray(list)) list.forEach((a, i) => activity(a, `${path}.contextActivities.${k}[${i}]`));
      else activity(list, `${path}.contextActivities.${k}`);
    }
  }
  if (o.revision !== undefined) {
    string(o.revision, `${path}.revision`);
    if (!objectIsActivity) fail(`${path}.revision`, 'may be used only when the object is an Activity');
  }
  if (o.platform !== undefined) {
    string(o.platform, `${path}.platform`);
    if (!objectIsActivity) fail(`${path}.platform`, 'may be used only when the object is an Activity');
  }
  if (o.language !== undefined && !isLanguageTag(o.language)) fail(`${path}.language`, 'must be an RFC 5646 language tag');
  if (o.statement !== undefined) statementRef(o.statement, `${path}.statement`);
  if (o.extensions !== undefined) extensions(o.extensions, `${path}.extensions`);
}

function attachments(v: unknown, path: string) {
  if (!Array.isArray(v)) fail(path, 'must be an array');
  (v as unknown[]).forEach((a, i) => {
    const p = `${path}[${i}]`;
    const o = object(a, p);
    only(o, ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl'], p);
    iri(o.usageType, `${p}.usageType`);
    languageMap(o.display, `${p}.display`);
    if (o.description !== undefined) languageMap(o.description, `${p}.description`);
    if (typeof o.contentType !== 'string' || !/^[\w!#$&^.+-]+\/[\w!#$&^.+-]+/.test(o.contentType)) fail(`${p}.contentType`, 'must be an Internet media type');
    if (!Number.isInteger(o.length) || (o.length as number) < 0) fail(`${p}.length`, 'must be a whole number of bytes');
    if (typeof o.sha2 !== 'string' || !SHA2.test(o.sha2)) fail(`${p}.sha2`, 'must be the hexadecimal SHA-2 of the content');
    if (o.fileUrl !== undefined) iri(o.fileUrl, `${p}.fileUrl`);
  });
}

function body(o: Json, path: string, inSubStatement: boolean) {
  if (o.actor === undefined) fail(`${path}.actor`, 'is required');
  agentOrGroup(o.actor, `${path}.actor`);
  if (o.verb === undefined) fail(`${path}.verb`, 'is required');
  verb(o.verb, `${path}.verb`);
  if (o.object === undefined) fail(`${path}.object`, 'is required');
  statementObject(o.object, `${path}.object`, inSubStatement);
  if (o.result !== undefined) result(o.result, `${path}.result`);
  const objectIsActivity = ((o.object as Json).objectType ?? 'Activity') === 'Activity';
  if (o.context !== undefined) context(o.context, `${path}.context`, objectIsActivity);
  if (o.timestamp !== undefined && !isTimestamp(o.timestamp)) fail(`${path}.timestamp`, 'must be an ISO 8601 date and time');
  if (o.attachments !== undefined) attachments(o.attachments, `${path}.attachments`);
}

function subStatement(o: Json, path: string) {
  only(o, ['objectType', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments'], path);
  body(o, path, true);
}

/** Validates a statement sent by a client; throws XapiError(400) naming what is wrong. */
export function validateStatement(v: unknown, path = 'statement') {
  const o = object(v, path);
  only(o, ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments'], path);
  if (o.id !== undefined) uuid(o.id, `${path}.id`);
  body(o, path, false);
  if (o.stored !== undefined && !isTimestamp(o.stored)) fail(`${path}.stored`, 'must be an ISO 8601 date and time');
  if (o.authority !== undefined) agentOrGroup(o.authority, `${path}.authority`);
  if (o.version !== undefined && (typeof o.version !== 'string' || !VERSION.test(o.version))) fail(`${path}.version`, 'must be a 1.0.x version');
  const verbId = (o.verb as Json).id;
  if (verbId === VOIDED && (o.object as Json).objectType !== 'StatementRef') fail(`${path}.object`, 'a voiding statement must have a StatementRef object');
}
