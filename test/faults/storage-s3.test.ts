import { mkdtempSync, readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaImages } from '../../src/modules/media/schema.js';
import { storedFiles } from '../../src/platform/schema.js';
import { type Client, signedInAs, testApp } from '../helpers.js';

/**
 * The S3 bucket refuses to store files. Ponte's STORAGE is a real S3 server (s3rver) reached through a proxy on
 * loopback that passes every request on, or, when told, answers uploads (PUT) the way S3 services do when they
 * refuse them: 503 SlowDown, 507 XMinioStorageFull (MinIO's drives full), or no answer at all (the connection
 * closed). Reads always pass, so what is stored stays served.
 */
type Mode = 'pass' | 'slow-down' | 'full' | 'drop' | 'refuse-after-one';
let mode: Mode = 'pass';
let putsSeen = 0;
let s3: S3rver;
let proxy: http.Server;
const s3Dir = mkdtempSync(join(tmpdir(), 'ponte-s3-fault-'));
const bucket = 'ponte-files';
let ctx: Awaited<ReturnType<typeof testApp>>;
let editor: Client;

const s3Answer = (res: http.ServerResponse, status: number, code: string) =>
  res.writeHead(status, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>refused by the test</Message></Error>`);

function refuses(req: http.IncomingMessage): Mode | null {
  if (req.method !== 'PUT') return null;
  putsSeen++;
  if (mode === 'refuse-after-one') return putsSeen > 1 ? 'slow-down' : null;
  return mode === 'pass' ? null : mode;
}

const photo = (seed: number) =>
  sharp({ create: { width: 1600, height: 1000, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: 'gaussian', mean: 100 + seed, sigma: 50 } } })
    .jpeg({ quality: 85 })
    .toBuffer();
const upload = async (name: string, data: Buffer) => {
  await editor.get('/editor/media');
  return editor.upload('/editor/media', { sourceLocale: 'en', alt: `Alt text of ${name}` }, { field: 'file', name, type: 'image/jpeg', data });
};
/** The objects in the bucket (s3rver keeps each one as a directory of files under the bucket's). */
const objects = () => readdirSync(join(s3Dir, bucket), { recursive: true }).filter((f) => String(f).endsWith('._S3rver_object')).length;
const counts = async () => ({
  images: (await ctx.platform.database.db.select().from(mediaImages)).length,
  files: (await ctx.platform.database.db.select().from(storedFiles)).length,
  objects: objects(),
});

beforeAll(async () => {
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port: s3Port } = (await s3.run()) as unknown as { port: number };
  proxy = http.createServer((req, res) => {
    const refusal = refuses(req);
    if (refusal) {
      req.resume();
      req.on('end', () => {
        if (refusal === 'drop') req.socket.destroy();
        else if (refusal === 'full') s3Answer(res, 507, 'XMinioStorageFull');
        else s3Answer(res, 503, 'SlowDown');
      });
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port: s3Port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  ctx = await testApp({ env: { STORAGE: `http://S3RVER:S3RVER@127.0.0.1:${port}/${bucket}` } });
  editor = await signedInAs(ctx, 's3-editor@example.org', 'editor');
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  await new Promise((resolve) => proxy?.close(resolve));
  await s3?.close();
});

describe('an S3 bucket that refuses writes', () => {
  it('answers uploads with a clear 503 or 507, keeps no record or stray object, serves what was stored, and takes the upload once the bucket does', async () => {
    const first = await upload('first.jpg', await photo(0));
    expect(first.statusCode).toBe(303);
    const firstPage = (await editor.get(first.headers.location as string)).body;
    const variant = /(\/media\/[0-9a-f-]{36}\/\d+\.webp)/.exec(firstPage)![1]!;
    const before = (await editor.get(variant)).rawPayload;
    expect(before.length).toBeGreaterThan(0);
    const stored = await counts();
    expect(stored.objects).toBeGreaterThan(0);
    const second = await photo(40);

    // The bucket slows clients down, or its connection drops: try again later, nothing half-written.
    for (const refusal of ['slow-down', 'drop'] as const) {
      mode = refusal;
      const refused = await upload('second.jpg', second);
      expect(refused.statusCode, refusal).toBe(503);
      expect(refused.headers['retry-after']).toBe('60');
      expect(refused.body).toContain('cannot store or read files for a moment');
      expect(await counts()).toEqual(stored);
    }

    // The first copy is stored, the next refused: the stored copy is removed again with the records.
    mode = 'refuse-after-one';
    putsSeen = 0;
    const halfway = await upload('second.jpg', second);
    expect(halfway.statusCode).toBe(503);
    expect(putsSeen).toBeGreaterThan(1);
    expect(await counts()).toEqual(stored);

    // The bucket is full.
    mode = 'full';
    const full = await upload('second.jpg', second);
    expect(full.statusCode).toBe(507);
    expect(full.body).toContain('no room left to store this file');
    expect(await counts()).toEqual(stored);

    // Reading never stopped: what was stored is served, the same bytes.
    expect((await editor.get(variant)).rawPayload.equals(before)).toBe(true);

    mode = 'pass';
    const again = await upload('second.jpg', second);
    expect(again.statusCode).toBe(303);
    const after = await counts();
    expect(after.images).toBe(stored.images + 1);
    expect(after.objects).toBeGreaterThan(stored.objects);
  });
});
