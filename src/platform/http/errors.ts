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

/** SQLSTATE classes and socket errors that mean the database cannot be reached now (restarting, shutting down, network). */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

/** Whether an error, or one it wraps, says the database is out of reach: answered 503 with Retry-After, not 500. */
export function databaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (/Connection terminated|connection timeout|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(e.message)) return true;
  }
  return false;
}

/** Whether an error, or one it wraps, is PostgreSQL refusing text it cannot store (a NUL character): bad input. */
export function unstorableText(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === '22021' || code === '22P05') return true;
  }
  return false;
}

/** Whether an error, or one it wraps, says the file storage has no room left (disk full, quota reached). */
export function storageFull(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  }
  return false;
}
