import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { XapiError } from './validate.js';

/**
 * A request to the LRS as the specification sees it: the method, headers and parameters it means, whether
 * sent directly or through the alternate request syntax (xAPI Communication 1.3: a form POST with
 * `?method=`, its headers, `content` and parameters as form fields).
 */
export interface XapiRequest {
  method: string;
  headers: Record<string, string | undefined>;
  params: Record<string, string>;
  body: Buffer;
  contentType: string;
  alternate: boolean;
}

/** Headers a client may send as form fields in the alternate request syntax. */
const FORM_HEADERS = ['authorization', 'x-experience-api-version', 'content-type', 'content-length', 'if-match', 'if-none-match'];

const cache = new WeakMap<FastifyRequest, XapiRequest>();

export const isAlternate = (req: FastifyRequest) => (req.query as Record<string, unknown>).method !== undefined;

export function xapiRequest(req: FastifyRequest): XapiRequest {
  const known = cache.get(req);
  if (known) return known;
  const query = req.query as Record<string, unknown>;
  let x: XapiRequest;
  if (isAlternate(req)) {
    const method = query.method;
    if (req.method !== 'POST') throw new XapiError(400, 'The alternate request syntax (?method=) is used with POST only');
    if (typeof method !== 'string' || !['GET', 'HEAD', 'PUT', 'POST', 'DELETE'].includes(method.toUpperCase())) throw new XapiError(400, 'method must be GET, HEAD, PUT, POST or DELETE');
    if (Object.keys(query).length > 1) throw new XapiError(400, 'With the alternate request syntax every parameter goes in the form body, none besides method in the address');
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) throw new XapiError(400, 'The alternate request syntax needs Content-Type application/x-www-form-urlencoded');
    const form = new URLSearchParams((Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)).toString('utf8'));
    const headers: Record<string, string | undefined> = {};
    const params: Record<string, string> = {};
    let content = '';
    for (const [k, v] of form) {
      const lower = k.toLowerCase();
      if (FORM_HEADERS.includes(lower)) headers[lower] = v;
      else if (k === 'content') content = v;
      else if (k in params) throw new XapiError(400, `The parameter ${k} is sent twice`);
      else params[k] = v;
    }
    x = { method: method.toUpperCase(), headers, params, body: Buffer.from(content, 'utf8'), contentType: headers['content-type'] ?? 'application/json', alternate: true };
  } else {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) {
      if (typeof v !== 'string') throw new XapiError(400, `The parameter ${k} is sent more than once`);
      params[k] = v;
    }
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    // The body is read when used: the credentials are checked (and this object made) before it is parsed.
    x = {
      method: req.method,
      headers,
      params,
      get body() {
        return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      },
      contentType: req.headers['content-type'] ?? '',
      alternate: false,
    };
  }
  cache.set(req, x);
  return x;
}

/** Refuses parameters the resource does not define (the conformance suite sends unknown ones and expects 400). */
export function allowOnly(x: XapiRequest, allowed: readonly string[]) {
  for (const k of Object.keys(x.params)) if (!allowed.includes(k)) throw new XapiError(400, `Unknown parameter: ${k}`);
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new XapiError(400, `${what} is not valid JSON`);
  }
}

export interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

/** Splits a multipart/mixed body (RFC 2046) into its parts. */
export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw new XapiError(400, 'multipart/mixed needs a boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new XapiError(400, 'The multipart body has no part');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, pos);
    if (next < 0) throw new XapiError(400, 'The multipart body is not closed');
    let chunk = body.subarray(pos, next);
    // The CRLF after the delimiter and the one before the next belong to the delimiters.
    if (chunk.subarray(0, 2).toString() === '\r\n') chunk = chunk.subarray(2);
    if (chunk.subarray(chunk.length - 2).toString() === '\r\n') chunk = chunk.subarray(0, chunk.length - 2);
    const split = chunk.indexOf('\r\n\r\n');
    if (split < 0) throw new XapiError(400, 'A multipart part has no header section');
    const headers: Record<string, string> = {};
    for (const line of chunk.subarray(0, split).toString('utf8').split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    parts.push({ headers, body: chunk.subarray(split + 4) });
    pos = next;
  }
  return parts;
}

/** The hex digest of `content` by the SHA-2 function a hash of this length belongs to. */
export function sha2Of(content: Buffer, like: string): string | null {
  const algorithm = { 56: 'sha224', 64: 'sha256', 96: 'sha384', 128: 'sha512' }[like.length];
  return algorithm ? createHash(algorithm).update(content).digest('hex') : null;
}

/** Sends parts as multipart/mixed. */
export function sendMultipart(reply: FastifyReply, parts: { contentType: string; headers?: Record<string, string>; body: Buffer | string }[]) {
  const boundary = `xapi-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head = [`--${boundary}`, `Content-Type: ${p.contentType}`, ...Object.entries(p.headers ?? {}).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
    chunks.push(Buffer.from(head), Buffer.isBuffer(p.body) ? p.body : Buffer.from(p.body), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return reply.header('content-type', `multipart/mixed; boundary=${boundary}`).send(Buffer.concat(chunks));
}
