import { S3Error } from '../s3.js';

/** Thrown by handlers and services to answer with a status; `messageKey` is shown to the user, translated. */
export class HttpError extends Error {
  constructor(
    public readonly statusCode: number,
    public readonly messageKey?: string,
    public readonly detail?: string,
  ) {
    super(detail ?? messageKey ?? `HTTP ${statusCode}`);
  }
}

/** RFC 9457 problem details, for the JSON API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { path: string; message: string }[];
}

export const PROBLEM_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  507: 'Insufficient Storage',
  503: 'Service Unavailable',
};

/** Statuses with a message of their own in the catalogues (`error.<status>.title`, `.body`); others share 400's or 500's. */
export const STATUSES_WITH_MESSAGES = [400, 401, 403, 404, 413, 415, 429, 503, 507];

/** Error codes (SQLSTATE, errno) that say what an unexpected failure means for the client. */
const FAILURE_CODES: Record<string, 400 | 503 | 507> = {
  // PostgreSQL refusing text it cannot store (a NUL character): bad input.
  '22021': 400,
  '22P05': 400,
  // The database out of reach now (restarting, shutting down, network): retry shortly.
  ...Object.fromEntries(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006'].map((c) => [c, 503 as const])),
  // A server still in recovery (a replica being promoted, a failed-over primary not yet ready) refusing a write.
  '25006': 503,
  // The file storage has no room left (disk full, quota reached).
  ENOSPC: 507,
  EDQUOT: 507,
};
// …and a read replica that cancelled a long query because replay needed its rows ("conflict with recovery").
const DATABASE_UNREACHABLE = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|the database system is (starting up|shutting down)|conflict with recovery/i;

/** S3 error codes of a bucket with no room left (MinIO's drives full; a quota reached on Ceph and others). */
const STORAGE_FULL = new Set(['XMinioStorageFull', 'QuotaExceeded']);

/** The error from the S3 bucket in an error's chain of causes, if the failure came from there. */
export function storageFailure(err: unknown): S3Error | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) if (e instanceof S3Error) return e;
  return undefined;
}

/** Whether the failure was the malware scanner not answering (malware.ts): as the storage out of reach, for now. */
export function scannerFailure(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) if ((e as { code?: unknown }).code === 'PONTE_SCANNER_UNAVAILABLE') return true;
  return false;
}

/**
 * What an unexpected error, or one it wraps, means: 400 (text the database cannot hold), 503 (the database or the
 * file storage out of reach or refusing for now: answered with Retry-After), 507 (no room to store a file), or
 * null (a 500).
 */
export function failureStatus(err: unknown): 400 | 503 | 507 | null {
  // The bucket refusing a request (its service unavailable, slowing clients down, access withdrawn): the
  // request cannot be served now, whatever it carried.
  const s3 = storageFailure(err);
  if (s3) return s3.status === 507 || STORAGE_FULL.has(s3.code) ? 507 : 503;
  if (scannerFailure(err)) return 503;
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && Object.hasOwn(FAILURE_CODES, code)) return FAILURE_CODES[code]!;
    if (DATABASE_UNREACHABLE.test(e.message)) return 503;
  }
  return null;
}
