import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaImages } from '../../src/modules/media/schema.js';
import { storedFiles } from '../../src/platform/schema.js';
import { type Client, signedInAs, testApp } from '../helpers.js';

/**
 * The upload storage fills up: the data directory is a small file system of its own (tmpfs, mounted by the
 * test, which needs root as in CI), and images are uploaded until no room is left.
 */
const dir = mkdtempSync(join(tmpdir(), 'ponte-full-'));
let ctx: Awaited<ReturnType<typeof testApp>>;
let editor: Client;

const photo = (seed: number) =>
  sharp({ create: { width: 1800, height: 1200, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: 'gaussian', mean: 128 + seed, sigma: 60 } } })
    .jpeg({ quality: 90 })
    .toBuffer();
const upload = async (name: string, data: Buffer) => {
  await editor.get('/editor/media');
  return editor.upload('/editor/media', { sourceLocale: 'en', alt: `Alt text of ${name}` }, { field: 'file', name, type: 'image/jpeg', data });
};
const filesUnder = (d: string): string[] => readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
const counts = async () => ({
  images: (await ctx.platform.database.db.select().from(mediaImages)).length,
  files: (await ctx.platform.database.db.select().from(storedFiles)).length,
});

beforeAll(async () => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`The storage test mounts a small tmpfs and needs root (as in CI): ${(err as Error).message}`);
  }
  ctx = await testApp({ env: { DATA_DIR: dir } });
  editor = await signedInAs(ctx, 'full-editor@example.org', 'editor');
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  execFileSync('umount', [dir], { stdio: 'pipe' });
  rmSync(dir, { recursive: true, force: true });
});

describe('upload storage full', () => {
  it('refuses an upload with a clear 507, keeps no partial file or record, serves what was stored, and takes it once there is room', async () => {
    const first = await upload('first.jpg', await photo(0));
    expect(first.statusCode).toBe(303);
    const firstPage = (await editor.get(first.headers.location as string)).body;
    const variant = /src="(\/media\/[0-9a-f-]{36}\/\d+\.webp)"/.exec(firstPage)?.[1] ?? /(\/media\/[0-9a-f-]{36}\/\d+\.webp)/.exec(firstPage)![1]!;
    const before = (await editor.get(variant)).rawPayload;
    expect(before.length).toBeGreaterThan(0);

    // Fill the file system, leaving less room than the next upload needs.
    const { bavail, bsize } = statfsSync(dir);
    writeFileSync(join(dir, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - 64 * 1024)));
    const stored = await counts();
    const second = await photo(40);
    const refused = await upload('second.jpg', second);
    expect(refused.statusCode).toBe(507);
    expect(refused.body).toContain('no room left to store this file');
    expect(await counts()).toEqual(stored);
    expect(filesUnder(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // What was stored before is intact.
    expect((await editor.get(variant)).rawPayload.equals(before)).toBe(true);

    rmSync(join(dir, 'filler'));
    const again = await upload('second.jpg', second);
    expect(again.statusCode).toBe(303);
    expect((await counts()).images).toBe(stored.images + 1);
  });
});
