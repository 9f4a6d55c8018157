import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * A minimal S3 client for Ponte's file storage: HEAD, GET (with a byte range), PUT and DELETE of objects,
 * signed with AWS Signature Version 4. It speaks to AWS S3 and to S3-compatible servers (MinIO, Ceph RGW,
 * Garage, Cloudflare R2, Scaleway, OVH…).
 */
export interface S3Location {
  /** `https://host[:port]` (or http for a server on a private network). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path style (`host/bucket/key`, the default, understood by every S3-compatible server) or virtual-hosted (`bucket.host/key`). */
  style: 'path' | 'virtual';
}

/**
 * Reads `STORAGE` when it is a URL: `s3://KEY:SECRET@host[:port]/bucket` (HTTPS), or `http(s)://KEY:SECRET@host[:port]/bucket`
 * to choose the protocol, with optional `?region=` (default us-east-1) and `?style=virtual`. Returns the problem
 * in words when the URL cannot be used.
 */
export function parseS3Url(value: string): S3Location | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL';
  }
  if (!['s3:', 'http:', 'https:'].includes(url.protocol)) return 'the scheme must be s3, https or http';
  const bucket = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''));
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) return 'the path must be a bucket name (3 to 63 lower-case letters, digits, dots and hyphens)';
  if (!url.username || !url.password) return 'the access key and secret must be given as KEY:SECRET@host';
  const region = url.searchParams.get('region') ?? 'us-east-1';
  if (!/^[a-z0-9-]{2,40}$/.test(region)) return 'region must be a region name such as eu-central-1';
  const style = url.searchParams.get('style') ?? 'path';
  if (style !== 'path' && style !== 'virtual') return 'style must be path or virtual';
  const protocol = url.protocol === 's3:' ? 'https:' : url.protocol;
  return {
    endpoint: `${protocol}//${url.host}`,
    bucket,
    region,
    accessKeyId: decodeURIComponent(url.username),
    secretAccessKey: decodeURIComponent(url.password),
    style,
  };
}

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
/** RFC 3986 encoding as SigV4 wants it (every byte but unreserved characters), keeping '/' in paths. */
export const encodePath = (path: string) => path.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');

/** `20130524T000000Z`: the time format of SigV4. */
const amzDate = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * The Authorization header of a request signed with AWS Signature Version 4 (header-based, no query string):
 * `headers` are every header sent, `host` included, with lower-case names; `path` is already URI-encoded.
 */
export function signV4(req: { method: string; path: string; headers: Record<string, string>; payloadHash: string; date: Date }, loc: Pick<S3Location, 'region' | 'accessKeyId' | 'secretAccessKey'>): string {
  const stamp = amzDate(req.date);
  const day = stamp.slice(0, 8);
  const names = Object.keys(req.headers).sort();
  const canonical = [req.method, req.path, '', ...names.map((n) => `${n}:${req.headers[n]!.trim()}`), '', names.join(';'), req.payloadHash].join('\n');
  const scope = `${day}/${loc.region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256Hex(canonical)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${loc.secretAccessKey}`, day), loc.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(toSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${loc.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
}

interface S3Response {
  status: number;
  headers: Headers;
  body: Readable | null;
}

/** What the bucket answered instead of doing what was asked; status 0 and code `Unreachable` when it did not answer. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    operation: string,
    cause?: unknown,
  ) {
    super(status ? `S3 ${operation} answered ${status}${code ? ` ${code}` : ''}` : `S3 ${operation} got no answer: ${(cause as Error | undefined)?.message ?? 'unknown'}`, { cause });
  }
}

const TIMEOUT_MS = 30_000;

export function s3Client(loc: S3Location) {
  const endpoint = new URL(loc.endpoint);
  const host = loc.style === 'virtual' ? `${loc.bucket}.${endpoint.host}` : endpoint.host;
  const pathOf = (key: string) => encodePath(loc.style === 'virtual' ? `/${key}` : `/${loc.bucket}${key ? `/${key}` : ''}`);

  /** Signs and sends one request; the answer's body is a stream (null for HEAD and empty answers). */
  async function send(method: 'GET' | 'HEAD' | 'PUT' | 'DELETE', key: string, opts: { body?: Buffer; bodySha256?: string; headers?: Record<string, string> } = {}): Promise<S3Response> {
    const path = pathOf(key);
    const payloadHash = opts.body ? (opts.bodySha256 ?? sha256Hex(opts.body)) : sha256Hex('');
    const date = new Date();
    const headers: Record<string, string> = { host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate(date) };
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = v;
    const { host: _host, ...sent } = headers;
    sent.authorization = signV4({ method, path, headers, payloadHash, date }, loc);
    // The timeout covers the answer's headers; a long download then runs as long as the reader reads.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`S3 ${method} timed out after ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    try {
      const res = await fetch(`${endpoint.protocol}//${host}${path}`, { method, headers: sent, body: opts.body as Uint8Array<ArrayBuffer> | undefined, signal: abort.signal });
      return { status: res.status, headers: res.headers, body: res.body ? Readable.fromWeb(res.body as WebReadableStream<Uint8Array>) : null };
    } catch (err) {
      // Refused, reset, timed out, name not found: the bucket is out of reach.
      throw new S3Error(0, 'Unreachable', method, abort.signal.aborted ? abort.signal.reason : ((err as Error).cause ?? err));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Throws an S3Error with the server's error code, having read (and so released) the answer. */
  async function fail(res: S3Response, operation: string): Promise<never> {
    let code = '';
    if (res.body) {
      const chunks: Buffer[] = [];
      for await (const c of res.body) chunks.push(c as Buffer);
      code = /<Code>([^<]{1,100})<\/Code>/.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '';
    }
    throw new S3Error(res.status, code, operation);
  }

  const drain = (res: S3Response) => res.body?.resume();

  return {
    /** The object's size, or null when there is none. */
    async size(key: string): Promise<number | null> {
      const res = await send('HEAD', key);
      drain(res);
      if (res.status === 404) return null;
      if (res.status !== 200) throw new S3Error(res.status, '', 'HEAD');
      return Number(res.headers.get('content-length'));
    },
    async put(key: string, body: Buffer, sha256: string): Promise<void> {
      const res = await send('PUT', key, { body, bodySha256: sha256, headers: { 'content-type': 'application/octet-stream' } });
      if (res.status !== 200) return fail(res, 'PUT');
      drain(res);
    },
    /** The object's bytes (an inclusive range of them when asked), or null when there is none. */
    async get(key: string, range?: { start: number; end: number }): Promise<Readable | null> {
      const res = await send('GET', key, range ? { headers: { range: `bytes=${range.start}-${range.end}` } } : {});
      if (res.status === 404) {
        drain(res);
        return null;
      }
      if (res.status !== 200 && res.status !== 206) return fail(res, 'GET');
      return res.body ?? Readable.from([]);
    },
    async delete(key: string): Promise<void> {
      const res = await send('DELETE', key);
      if (res.status !== 204 && res.status !== 200 && res.status !== 404) return fail(res, 'DELETE');
      drain(res);
    },
    /** Whether the bucket is there and these credentials reach it. */
    async checkBucket(): Promise<void> {
      const res = await send('HEAD', '');
      drain(res);
      if (res.status !== 200) throw new S3Error(res.status, res.status === 404 ? 'NoSuchBucket' : res.status === 403 ? 'AccessDenied' : '', `HEAD bucket ${loc.bucket}`);
    },
  };
}
