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
  503: 'Service Unavailable',
};
