import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAs, testApp } from '../../test/helpers.js';
import { mediaImages } from '../modules/media/schema.js';
import { storedFiles } from './schema.js';

/** ASVS 12.1.3: each account may store so much in files (UPLOAD_QUOTA_MB, here 1 MB), whatever it uploads. */
let ctx: Awaited<ReturnType<typeof testApp>>;
let editor: Client;
let other: Client;
beforeAll(async () => {
  ctx = await testApp({ env: { UPLOAD_QUOTA_MB: '1' } });
  editor = await signedInAs(ctx, 'quota-editor@example.org', 'editor');
  other = await signedInAs(ctx, 'quota-other@example.org', 'editor');
}, 60_000);
afterAll(async () => ctx?.close());

const photo = (width: number, height: number, seed: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: 'gaussian', mean: 100 + seed, sigma: 60 } } })
    .jpeg({ quality: 92 })
    .toBuffer();
const upload = async (c: Client, name: string, data: Buffer) => {
  await c.get('/editor/media');
  return c.upload('/editor/media', { sourceLocale: 'en', alt: `Alt text of ${name}` }, { field: 'file', name, type: 'image/jpeg', data });
};
const filesOnDisk = () => {
  const dir = join(ctx.platform.config.dataDir, 'files');
  return existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
};
const counts = async () => ({ images: (await ctx.platform.database.db.select().from(mediaImages)).length, files: (await ctx.platform.database.db.select().from(storedFiles)).length, onDisk: filesOnDisk() });

describe('storage quota per account', () => {
  it('stores within the quota, refuses the file that would pass it with a clear 413 and nothing half-stored, and leaves other accounts alone', async () => {
    expect((await upload(editor, 'small.jpg', await photo(400, 300, 1))).statusCode).toBe(303);
    const before = await counts();
    // A large photograph: its copies would take the account past 1 MB.
    const big = await upload(editor, 'large.jpg', await photo(2400, 1600, 2));
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('Your account has reached its limit for stored files');
    expect(await counts()).toEqual(before);
    // Another account has a quota of its own: the owner's files count, not the site's.
    expect((await upload(other, 'small.jpg', await photo(400, 300, 3))).statusCode).toBe(303);
    expect((await counts()).images).toBe(before.images + 1);
  });
});
