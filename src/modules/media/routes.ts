import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod';
import type { Module } from '../../platform/http/app.js';
import { HttpError } from '../../platform/http/errors.js';
import { fileField, pageParam, parseForm, text } from '../../platform/http/forms.js';
import { LOCALES, type Locale } from '../../platform/i18n/index.js';
import { addNav, type Platform } from '../../platform/platform.js';
import { registerPersonalData } from '../../platform/personal-data.js';
import { deleteImage, findVariant, getImageForEditing, imageFromUpload, listImages, saveAltTexts } from './service.js';
import type { ImageFormat } from './schema.js';
import { MediaImagePage, MediaLibraryPage } from './views/media.js';
import { mediaPersonalData } from './personal-data.js';

/** Uploads to the media library: up to 20 MB each (the pixel limit in images.ts is the stricter one). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const PAGE_SIZE = 24;
const NOTICES = new Set(['uploaded', 'saved', 'deleted']);
const uuid = z.string().uuid();
const FILE_PATTERN = /^([1-9][0-9]{0,4})\.(webp|jpg|png)$/;
const EXT_FORMAT: Record<string, ImageFormat> = { webp: 'webp', jpg: 'jpeg', png: 'png' };

const altField = (required: boolean) => text({ max: 250, required });
/** A missing alt text gets a message that says why it is needed. */
const altErrors = (errors: Record<string, string>) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, k.startsWith('alt') && v === 'errors.required' ? 'errors.altRequired' : v]));

/** The media library: editors upload images once, describe them per language and use them across the site. */
export const mediaModule: Module = {
  name: 'media',
  setup(p) {
    registerPersonalData(p, 'media', mediaPersonalData);
  },
  routes(app, p: Platform) {
    addNav(p.navigation.primary, { href: '/editor/media', labelKey: 'media.title', role: 'editor' });
    const editors = { config: { access: { roles: ['editor'] as const } } };
    const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
    const notice = (req: FastifyRequest) => (typeof q(req).notice === 'string' && NOTICES.has(q(req).notice as string) ? (q(req).notice as string) : null);

    const libraryPage = async (req: FastifyRequest, extra: { values?: Record<string, string>; errors?: Record<string, string> } = {}) => {
      const search = typeof q(req).q === 'string' ? (q(req).q as string).replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 100) : '';
      const page = pageParam(q(req).page);
      const { total, items } = await listImages(p, { q: search || undefined, page, pageSize: PAGE_SIZE, locale: req.locale });
      return h(MediaLibraryPage, { items, total, page, pageSize: PAGE_SIZE, q: search, values: extra.values ?? {}, errors: extra.errors ?? {}, notice: notice(req) });
    };

    app.get('/editor/media', editors, async (req, reply) => reply.page(await libraryPage(req)));
    app.post('/editor/media', { config: { access: { roles: ['editor'] as const }, multipartOptions: { limits: { fileSize: MAX_IMAGE_BYTES, files: 1 } } } }, async (req, reply) => {
      const form = parseForm(z.object({ sourceLocale: z.enum(LOCALES, { message: 'errors.choose' }), alt: altField(true), file: fileField() }), req.body);
      const fail = async (errors: Record<string, string>) => reply.page(await libraryPage(req, { values: form.values, errors }), { status: 400 });
      if (!form.ok) return fail(altErrors(form.errors));
      const r = await imageFromUpload(p, form.data.file, { sourceLocale: form.data.sourceLocale, alt: form.data.alt, userId: req.principal!.id });
      if ('error' in r) return fail({ file: r.error });
      return reply.redirect(`/editor/media/${r.id}?notice=uploaded`, 303);
    });

    const found = async (req: FastifyRequest) => {
      const id = (req.params as { id: string }).id;
      const f = uuid.safeParse(id).success ? await getImageForEditing(p, id, req.locale) : null;
      if (!f) throw new HttpError(404, 'error.404.body');
      return f;
    };
    app.get('/editor/media/:id', editors, async (req, reply) => reply.page(h(MediaImagePage, { found: await found(req), values: {}, errors: {}, notice: notice(req) })));
    app.post('/editor/media/:id/alt', editors, async (req, reply) => {
      const f = await found(req);
      const schema = z.object(Object.fromEntries(LOCALES.map((l) => [`alt_${l}`, altField(l === f.image.sourceLocale)])));
      const form = parseForm(schema, req.body);
      if (!form.ok) return reply.page(h(MediaImagePage, { found: f, values: form.values, errors: altErrors(form.errors) }), { status: 400 });
      const data = form.data as Record<string, string>;
      await saveAltTexts(p.database.db, f.image.id, Object.fromEntries(LOCALES.map((l) => [l, data[`alt_${l}`] ?? ''])) as Record<Locale, string>);
      return reply.redirect(`/editor/media/${f.image.id}?notice=saved`, 303);
    });
    app.post('/editor/media/:id/delete', editors, async (req, reply) => {
      const f = await found(req);
      const r = await deleteImage(p, f.image.id, req.locale);
      if (r === 'not-found') throw new HttpError(404, 'error.404.body');
      if (r === 'in-use') return reply.page(h(MediaImagePage, { found: await found(req), values: {}, errors: {}, deleteError: true }), { status: 409 });
      return reply.redirect('/editor/media?notice=deleted', 303);
    });

    // The public copies: immutable for the image's life, so browsers and proxies keep them for a year.
    app.get('/media/:id/:file', { config: { access: 'public' } }, async (req, reply) => {
      const { id, file } = req.params as { id: string; file: string };
      const m = FILE_PATTERN.exec(file);
      if (!uuid.safeParse(id).success || !m) throw new HttpError(404, 'error.404.body');
      const variant = await findVariant(p.database.db, id, Number(m[1]), EXT_FORMAT[m[2]!]!);
      if (!variant) throw new HttpError(404, 'error.404.body');
      const etag = `"${variant.key}"`;
      reply.header('etag', etag).header('cache-control', 'public, max-age=31536000, immutable');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      const stream = await p.storage.open(variant.key);
      if (!stream) throw new HttpError(404, 'error.404.body');
      return reply.header('content-type', variant.contentType).header('content-length', String(variant.size)).send(stream);
    });
  },
};
