import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApp } from '../../test/helpers.js';
import { seedDemo } from '../demo.js';
import { encodePath, parseS3Url, S3Error, signV4, type S3Location } from './s3.js';
import { s3Storage } from './storage.js';

const read = async (s: Readable | null) => {
  if (!s) return null;
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

describe('AWS Signature Version 4', () => {
  // The examples of the Amazon S3 API reference ("Signature Calculations for the Authorization Header").
  const example = { region: 'us-east-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const date = new Date('2013-05-24T00:00:00Z');
  const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

  it('signs a GET of a byte range as the S3 reference does', () => {
    const headers = { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-content-sha256': empty, 'x-amz-date': '20130524T000000Z' };
    expect(signV4({ method: 'GET', path: '/test.txt', headers, payloadHash: empty, date }, example)).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('signs a PUT with its payload hash and an encoded path as the S3 reference does', () => {
    const payloadHash = createHash('sha256').update('Welcome to Amazon S3.').digest('hex');
    const headers = {
      date: 'Fri, 24 May 2013 00:00:00 GMT',
      host: 'examplebucket.s3.amazonaws.com',
      'x-amz-content-sha256': payloadHash,
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    };
    expect(encodePath('/test$file.text')).toBe('/test%24file.text');
    expect(signV4({ method: 'PUT', path: encodePath('/test$file.text'), headers, payloadHash, date }, example)).toMatch(/Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd$/);
  });
});

describe('files in an S3-compatible bucket', () => {
  let server: S3rver;
  let endpoint: string;
  const bucket = 'ponte-files';
  let ctx: Awaited<ReturnType<typeof testApp>> | undefined;

  beforeAll(async () => {
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: mkdtempSync(join(tmpdir(), 'ponte-s3-')), configureBuckets: [{ name: bucket, configs: [] }] });
    const { port } = (await server.run()) as unknown as { port: number };
    endpoint = `http://S3RVER:S3RVER@127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await ctx?.close();
    await server?.close();
  });

  const storage = (url = `${endpoint}/${bucket}`) => s3Storage(parseS3Url(url) as S3Location);

  it('stores bytes once under their hash, reads them whole or by range, and removes them', async () => {
    const s = storage();
    await s.check();
    const bytes = Buffer.from('Ponte keeps uploaded files in the bucket, addressed by their SHA-256.');
    const key = await s.put(bytes);
    expect(key).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await s.put(bytes)).toBe(key);
    expect(await read(await s.open(key))).toEqual(bytes);
    expect(await read(await s.open(key, { start: 6, end: 10 }))).toEqual(bytes.subarray(6, 11));
    expect(await s.open('0'.repeat(64))).toBeNull();
    await s.remove(key);
    expect(await s.open(key)).toBeNull();
    await s.remove(key); // removing what is gone is not an error
    await expect(s.open('../../etc/passwd')).rejects.toThrow('invalid storage key');
  });

  it('says what is wrong when the bucket cannot be used', async () => {
    const missing = storage(`${endpoint}/no-such-bucket`);
    await expect(missing.check()).rejects.toBeInstanceOf(S3Error);
    await expect(missing.put(Buffer.from('x'))).rejects.toThrow(/S3 PUT answered 404 NoSuchBucket/);
    const wrongKey = storage(`${endpoint.replace('S3RVER:S3RVER', 'NOBODY:secret')}/${bucket}`);
    await expect(wrongKey.put(Buffer.from('x'))).rejects.toThrow(/S3 HEAD answered 403/);
    await expect(wrongKey.open('0'.repeat(64))).rejects.toThrow(/S3 GET answered 403 InvalidAccessKeyId/);
  });

  it('serves a Ponte instance whose STORAGE is the bucket: seeded files are downloaded, by range too, and /readyz checks the bucket', async () => {
    ctx = await testApp({ env: { STORAGE: `${endpoint}/${bucket}` } });
    await seedDemo(ctx.platform);
    const visitor = new Client(ctx.app);
    const page = await visitor.get('/documents/psychcare-guidelines');
    const link = /href="(\/documents\/psychcare-guidelines\/files\/[0-9a-f-]{36})"/.exec(page.body)?.[1];
    expect(link).toBeDefined();
    const whole = await ctx.app.inject({ method: 'GET', url: link! });
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const part = await ctx.app.inject({ method: 'GET', url: link!, headers: { range: 'bytes=1-3' } });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.toString()).toBe('PDF');
    expect((await ctx.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
    // The bytes are in the bucket, nowhere else.
    const keys = await ctx.platform.database.query<{ key: string }>('SELECT DISTINCT key FROM stored_files');
    expect(keys.length).toBeGreaterThan(3);
    for (const { key } of keys) expect((await read(await storage().open(key)))!.length).toBeGreaterThan(0);
  });

  it('is not ready while the bucket cannot be reached', async () => {
    const other = await testApp({ env: { STORAGE: `${endpoint}/no-such-bucket` } });
    try {
      const res = await other.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'storage unreachable' });
    } finally {
      await other.close();
    }
  });
});
