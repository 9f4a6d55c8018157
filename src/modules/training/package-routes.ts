import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod';
import { HttpError } from '../../platform/http/errors.js';
import { fileField, parseForm, slugField } from '../../platform/http/forms.js';
import type { Platform } from '../../platform/platform.js';
import { contentDisposition } from '../../platform/storage.js';
import { exportCoursePackage, importCoursePackage, PACKAGE_EXTENSION } from './packages.js';
import { ImportPackagePage } from './views/packages.js';

/** The import form: the package, and optionally the new course's address (else the package's, made free). */
const importSchema = z.object({
  package: fileField(),
  slug: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), slugField().optional()),
});

/**
 * Course packages (role course author; administrators hold every role): the draft of a course downloaded as
 * one file, and a package uploaded as a new draft course. See docs/course-packages.md.
 */
export function packageRoutes(app: FastifyInstance, p: Platform) {
  const maxBytes = p.config.training.packageMaxMb * 1024 * 1024;
  const authors = { config: { access: { roles: ['course-author'] as const } } };
  const uploading = { config: { access: { roles: ['course-author'] as const }, multipartOptions: { limits: { fileSize: maxBytes, files: 1 } } } };
  const id = (req: FastifyRequest) => {
    const v = (req.params as { id: string }).id;
    if (!z.string().uuid().safeParse(v).success) throw new HttpError(404, 'error.404.body');
    return v;
  };

  app.get('/author/courses/:id/package', authors, async (req, reply) => {
    const pkg = await exportCoursePackage(p, id(req));
    if (!pkg) throw new HttpError(404, 'error.404.body');
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', contentDisposition('attachment', `${pkg.slug}${PACKAGE_EXTENSION}`))
      .header('cache-control', 'no-store')
      .send(pkg.stream);
  });

  app.get('/author/courses/import', authors, async (_req, reply) => reply.page(h(ImportPackagePage, { values: {}, errors: {}, maxMb: p.config.training.packageMaxMb })));
  app.post('/author/courses/import', uploading, async (req, reply) => {
    const form = parseForm(importSchema, req.body);
    const fail = (errors: Record<string, string>, status = 400) => reply.page(h(ImportPackagePage, { values: form.values, errors, maxMb: p.config.training.packageMaxMb }), { status });
    if (!form.ok) return fail(form.errors);
    const r = await importCoursePackage(p, form.data.package.data, { slug: form.data.slug ?? null, userId: req.principal!.id, maxBytes });
    if (!r.ok) return fail({ [r.field]: r.error }, r.error === 'training.packages.errors.tooLarge' || r.error === 'training.packages.errors.tooLargeUnpacked' ? 413 : r.error === 'errors.slugTaken' ? 409 : 400);
    return reply.redirect(`/author/courses/${r.id}?notice=imported`, 303);
  });
}
