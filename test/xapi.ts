import type { FastifyInstance } from 'fastify';
import type { Client } from './helpers.js';

/** Credentials issued through the administrators' page, read from the page as an administrator would copy them. */
export async function issueCredentials(admin: Client, form: { name: string; canRead?: boolean; canWrite?: boolean; authority?: string }) {
  const res = await admin.post('/admin/xapi', {
    name: form.name,
    ...(form.canRead === false ? {} : { canRead: 'on' }),
    ...(form.canWrite === false ? {} : { canWrite: 'on' }),
    authority: form.authority ?? '',
  });
  if (res.statusCode !== 200) throw new Error(`credentials not issued: ${res.statusCode}`);
  const codes = [...res.body.matchAll(/<dd><code>([^<]+)<\/code><\/dd>/g)].map((m) => m[1]!);
  const [, key, secret] = codes;
  if (!key || !secret) throw new Error('no key and secret on the page');
  return { key, secret, page: res.body };
}

type Query = Record<string, string | Record<string, unknown> | undefined>;

/** An xAPI client over HTTP: Basic credentials and the version header on every request, as a real LRS client sends. */
export class Lrs {
  constructor(
    private app: FastifyInstance,
    private credentials: { key: string; secret: string } | null,
    readonly ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`,
  ) {}

  get authorization() {
    return this.credentials ? `Basic ${Buffer.from(`${this.credentials.key}:${this.credentials.secret}`).toString('base64')}` : undefined;
  }

  request(method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD', path: string, opts: { query?: Query; json?: unknown; body?: string | Buffer; headers?: Record<string, string | undefined> } = {}) {
    const query = opts.query ? '?' + new URLSearchParams(Object.entries(opts.query).flatMap(([k, v]) => (v === undefined ? [] : [[k, typeof v === 'string' ? v : JSON.stringify(v)]]))).toString() : '';
    const headers: Record<string, string> = {};
    const all = { authorization: this.authorization, 'x-experience-api-version': '1.0.3', ...(opts.json !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers };
    for (const [k, v] of Object.entries(all)) if (v !== undefined) headers[k] = v;
    return this.app.inject({ method, url: `/xapi/${path}${query}`, remoteAddress: this.ip, headers, payload: opts.json !== undefined ? JSON.stringify(opts.json) : opts.body });
  }

  get(path: string, query?: Query, headers?: Record<string, string | undefined>) {
    return this.request('GET', path, { query, headers });
  }

  /** POSTs statements and returns the ids; fails the test unless the LRS answers 200. */
  async store(statements: unknown): Promise<string[]> {
    const res = await this.request('POST', 'statements', { json: statements });
    if (res.statusCode !== 200) throw new Error(`statements refused: ${res.statusCode} ${res.body}`);
    return res.json() as string[];
  }
}
