import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition, type Storage } from '../storage.js';
import { HttpError } from './errors.js';

export interface StoredFileToSend {
  key: string;
  name: string;
  size: number;
  contentType: string;
}

/**
 * The byte range a `Range` header asks for (one range; RFC 9110 §14), as inclusive offsets; null for the whole
 * file, 'unsatisfiable' when it starts past the end.
 */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (!m[1] && !m[2])) return null;
  if (!m[1]) {
    // A suffix: the last n bytes.
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}

/**
 * Sends a stored file, honouring a single byte range (players seek in recordings by asking for ranges) and
 * `download` (attachment rather than shown in place); cached privately for an hour unless `cacheControl` says
 * otherwise. The file's own content runs in a sandbox: nothing it
 * holds can script the site.
 */
export async function sendStoredFile(req: FastifyRequest, reply: FastifyReply, storage: Storage, file: StoredFileToSend, opts: { download: boolean; cacheControl?: string }) {
  const range = byteRange(req.headers.range, file.size);
  if (range === 'unsatisfiable') {
    return reply.code(416).header('content-range', `bytes */${file.size}`).header('cache-control', 'private, no-store').send();
  }
  const stream = await storage.open(file.key, range ?? undefined);
  if (!stream) throw new HttpError(404, 'error.404.body');
  reply
    .header('content-type', file.contentType)
    .header('accept-ranges', 'bytes')
    .header('content-disposition', contentDisposition(opts.download ? 'attachment' : 'inline', file.name))
    .header('content-security-policy', "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'")
    .header('cache-control', opts.cacheControl ?? 'private, max-age=3600');
  if (range) reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${file.size}`).header('content-length', String(range.end - range.start + 1));
  else reply.header('content-length', String(file.size));
  return reply.send(stream);
}
