import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApp, signedInAs } from '../../../test/helpers.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let editor: Client;

beforeAll(async () => {
  ctx = await testApp();
  editor = await signedInAs(ctx, 'media-editor@example.org', 'editor', { name: 'Ada editor' });
});
afterAll(async () => ctx?.close());

/** A photo as a phone takes it: a camera model and a GPS position in its EXIF. */
const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 180 } } })
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Pocket 9' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '41/1 54/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '12/1 29/1 0/1' } })
    .jpeg()
    .toBuffer();

async function upload(name: string, data: Buffer, form: Record<string, string> = { sourceLocale: 'en', alt: `Alt text of ${name}` }, type = 'image/jpeg') {
  await editor.get('/editor/media');
  return editor.upload('/editor/media', form, { field: 'file', name, type, data });
}
const idOf = (location: string) => /\/editor\/media\/([0-9a-f-]{36})/.exec(location)![1]!;

describe('uploading images', () => {
  it('re-encodes a photo into WebP and JPEG copies of each width, without EXIF or GPS, served for a year', async () => {
    const original = await photo(2000, 1500);
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const res = await upload('Team photo.jpg', original);
    expect(res.statusCode).toBe(303);
    const id = idOf(res.headers.location as string);
    const page = await editor.get(`/editor/media/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Alt text of Team photo.jpg');
    for (const w of [480, 960, 1600]) for (const ext of ['webp', 'jpg']) expect(page.body).toContain(`/media/${id}/${w}.${ext}`);
    expect(page.body).not.toContain(`/media/${id}/2000.`);

    const anonymous = new Client(ctx.app);
    const webp = await anonymous.get(`/media/${id}/960.webp`);
    expect(webp.statusCode).toBe(200);
    expect(webp.headers['content-type']).toBe('image/webp');
    expect(webp.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const meta = await sharp(webp.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 960, height: 720 });
    expect(meta.exif).toBeUndefined();
    const jpeg = await anonymous.get(`/media/${id}/1600.jpg`);
    const jpegMeta = await sharp(jpeg.rawPayload).metadata();
    expect(jpegMeta).toMatchObject({ format: 'jpeg', width: 1600, height: 1200 });
    expect(jpegMeta.exif).toBeUndefined();
    expect(jpeg.rawPayload.includes(Buffer.from('PhoneMaker'))).toBe(false);
    // Revalidation costs nothing: the copy never changes.
    expect((await anonymous.get(`/media/${id}/960.webp`, { 'if-none-match': webp.headers.etag as string })).statusCode).toBe(304);
    expect((await anonymous.get(`/media/${id}/961.webp`)).statusCode).toBe(404);
    expect((await anonymous.get(`/media/${id}/960.gif`)).statusCode).toBe(404);
  });

  it('keeps a small PNG at its own width, in PNG and WebP', async () => {
    const png = await sharp({ create: { width: 600, height: 400, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } }).png().toBuffer();
    const res = await upload('chart.png', png, { sourceLocale: 'en', alt: 'A chart of referrals by month' }, 'image/png');
    expect(res.statusCode).toBe(303);
    const id = idOf(res.headers.location as string);
    const own = await editor.get(`/media/${id}/600.png`);
    expect(own.headers['content-type']).toBe('image/png');
    expect((await sharp(own.rawPayload).metadata()).width).toBe(600);
    expect((await editor.get(`/media/${id}/480.webp`)).statusCode).toBe(200);
    expect((await editor.get(`/media/${id}/960.webp`)).statusCode).toBe(404);
  });

  it('refuses SVG, HTML and broken files dressed as images, with the error next to the file field', async () => {
    const svg = await upload('logo.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'), undefined, 'image/png');
    expect(svg.statusCode).toBe(400);
    expect(svg.body).toContain('id="field-file-error"');
    expect(svg.body).toContain('Choose a PNG, JPEG or WebP image');
    const html = await upload('photo.jpg', Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'));
    expect(html.statusCode).toBe(400);
    expect(html.body).toContain('id="field-file-error"');
    // The right signature, but nothing an image decoder can read.
    const broken = await upload('broken.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a png')]), undefined, 'image/png');
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toContain('could not be read');
    // A JPEG named .png is refused too: the name must say what the content is.
    expect((await upload('misnamed.png', await photo(100, 100))).statusCode).toBe(400);
  });

  it('refuses a decompression bomb before decoding it', async () => {
    // A valid 1×1 PNG whose header claims 20000×20000 pixels (400 megapixels).
    const png = Buffer.from(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer());
    png.writeUInt32BE(20000, 16);
    png.writeUInt32BE(20000, 20);
    png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
    const res = await upload('huge.png', png, undefined, 'image/png');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('too many pixels');
  });

  it('requires alt text, shows the error next to it and keeps what was typed', async () => {
    const res = await upload('no-alt.jpg', await photo(300, 200), { sourceLocale: 'it', alt: '   ' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="field-alt-error"');
    expect(res.body).toContain('Describe what the image shows');
    expect(res.body).toMatch(/<option value="it" selected/);
    expect(res.body).toContain('class="error-summary"');
  });

  it('keeps the library to editors', async () => {
    const learner = await signedInAs(ctx, 'media-learner@example.org', 'learner');
    expect((await learner.get('/editor/media')).statusCode).toBe(403);
    expect((await learner.upload('/editor/media', { sourceLocale: 'en', alt: 'x' }, { field: 'file', name: 'a.jpg', type: 'image/jpeg', data: await photo(50, 50) })).statusCode).toBe(403);
    expect((await new Client(ctx.app).get('/editor/media')).statusCode).toBe(303);
  });
});

describe('using images', () => {
  let imageId: string;
  let newsId: string;

  beforeAll(async () => {
    imageId = idOf((await upload('mediators.jpg', await photo(1200, 800), { sourceLocale: 'en', alt: 'Cultural mediators at the training in Palermo' })).headers.location as string);
    await editor.get('/editor/news/new');
    const created = await editor.post('/editor/news/new', { sourceLocale: 'en', slug: 'mediators-trained', title: 'Mediators trained in Palermo', summary: 'Forty mediators.', body: 'Text.' });
    newsId = /\/editor\/news\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1]!;
  });

  it('offers library images as the news cover, and renders them with srcset, sizes, alt and Open Graph', async () => {
    const edit = await editor.get(`/editor/news/${newsId}`);
    expect(edit.body).toContain(`<option value="${imageId}">Cultural mediators at the training in Palermo (mediators.jpg)</option>`);
    const bad = await editor.post(`/editor/news/${newsId}/meta`, { projectId: '', tags: '', coverImageId: '00000000-0000-4000-8000-000000000000' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="field-coverImageId-error"');
    expect((await editor.post(`/editor/news/${newsId}/meta`, { projectId: '', tags: 'training', coverImageId: imageId })).statusCode).toBe(303);
    await editor.post(`/editor/news/${newsId}/state`, { action: 'publish' });

    const page = await new Client(ctx.app).get('/news/mediators-trained');
    expect(page.body).toContain(`<source type="image/webp" srcset="/media/${imageId}/480.webp 480w, /media/${imageId}/960.webp 960w, /media/${imageId}/1200.webp 1200w"`);
    const img = /<img [^>]*srcset="[^"]*"[^>]*>/.exec(page.body)![0];
    expect(img).toContain(`src="/media/${imageId}/960.jpg"`);
    expect(img).toContain('alt="Cultural mediators at the training in Palermo"');
    expect(img).toMatch(/width="1200" height="800"/);
    expect(img).toContain('loading="lazy"');
    expect(img).toContain('sizes="');
    expect(page.body).toContain(`<meta property="og:image" content="http://ponte.test/media/${imageId}/1200.jpg"/>`);
    expect(page.body).toContain('<meta property="og:image:alt" content="Cultural mediators at the training in Palermo"/>');
    expect((await new Client(ctx.app).get('/news')).body).toContain(`/media/${imageId}/480.webp 480w`);
  });

  it('translates alt text: readers get their language, and translations go out of date when the original changes', async () => {
    await editor.get(`/editor/media/${imageId}`);
    const cleared = await editor.post(`/editor/media/${imageId}/alt`, { alt_en: '', alt_it: 'Mediatori culturali alla formazione di Palermo' });
    expect(cleared.statusCode).toBe(400);
    expect(cleared.body).toContain('id="field-alt_en-error"');
    expect(cleared.body).toContain('value="Mediatori culturali alla formazione di Palermo"');
    expect((await editor.post(`/editor/media/${imageId}/alt`, { alt_en: 'Cultural mediators at the training in Palermo', alt_it: 'Mediatori culturali alla formazione di Palermo' })).statusCode).toBe(303);
    // Italian readers get the English text (the item has no Italian yet) with the Italian alt text, marked by its own lang.
    const it = /<img [^>]*srcset[^>]*>/.exec((await new Client(ctx.app, { 'accept-language': 'it' }).get('/news/mediators-trained')).body)![0];
    expect(it).toContain('alt="Mediatori culturali alla formazione di Palermo"');
    expect(it).toContain('lang="it"');
    await editor.post(`/editor/media/${imageId}/alt`, { alt_en: 'Cultural mediators and trainers in Palermo', alt_it: 'Mediatori culturali alla formazione di Palermo' });
    const page = await editor.get(`/editor/media/${imageId}`);
    expect(page.body).toMatch(/Italiano · out of date/);
  });

  it('shows where an image is used and refuses to delete it while it is', async () => {
    const page = await editor.get(`/editor/media/${imageId}`);
    expect(page.body).toContain(`href="/editor/news/${newsId}">Mediators trained in Palermo</a>`);
    expect(page.body).not.toContain(`action="/editor/media/${imageId}/delete"`);
    const list = await editor.get('/editor/media?q=palermo');
    expect(list.body).toContain(`/editor/media/${imageId}`);
    expect(list.body).not.toContain('chart.png');
    const refused = await editor.post(`/editor/media/${imageId}/delete`);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('is in use and cannot be deleted');
    expect((await editor.get(`/media/${imageId}/480.webp`)).statusCode).toBe(200);

    await editor.post(`/editor/news/${newsId}/meta`, { projectId: '', tags: 'training', coverImageId: '' });
    const deleted = await editor.post(`/editor/media/${imageId}/delete`);
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/editor/media?notice=deleted');
    expect((await editor.get(`/media/${imageId}/480.webp`)).statusCode).toBe(404);
    expect((await editor.get(`/editor/media/${imageId}`)).statusCode).toBe(404);
    expect((await new Client(ctx.app).get('/news/mediators-trained')).body).not.toContain('og:image');
  });

  it('searches accent-insensitively and pages through the library', async () => {
    await upload('cafe.jpg', await photo(200, 100), { sourceLocale: 'it', alt: 'Caffè della città' });
    expect((await editor.get('/editor/media?q=citta')).body).toContain('Caffè della città');
    expect((await editor.get('/editor/media?q=nothing-like-this')).body).toContain('No image matches the search.');
    expect((await editor.get('/editor/media?page=999&q=%00')).statusCode).toBe(200);
  });
});
