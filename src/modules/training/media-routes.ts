import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../../platform/http/errors.js';
import { safeNext } from '../../platform/http/forms.js';
import { sendStoredFile } from '../../platform/http/send-file.js';
import type { Platform } from '../../platform/platform.js';
import { registerImageUsage } from '../media/service.js';
import { findCourseFile, LIGHT_COOKIE, lessonImageUses, mayReadCourseFiles } from './files.js';

const uuid = z.string().uuid();

/** A block's captions as the WebVTT file a player loads (their text is escaped by the player: it never runs). */
export const sendCaptions = (reply: FastifyReply, vtt: string) =>
  reply.header('content-type', 'text/vtt; charset=utf-8').header('cache-control', 'private, max-age=300').send(vtt);

/** Lessons' recordings and handouts, for those who reach the course; the learner's choice of the light version. */
export function mediaRoutes(app: FastifyInstance, p: Platform) {
  const db = p.database.db;
  registerImageUsage(p, lessonImageUses);

  app.get('/training/files/:id', { config: { access: 'signed-in' } }, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    const file = uuid.safeParse(id).success ? await findCourseFile(db, id) : null;
    // Someone who does not reach the course learns nothing about its files: not found, as for a wrong id.
    if (!file || !(await mayReadCourseFiles(db, req.principal, file.courseId))) throw new HttpError(404, 'error.404.body');
    return sendStoredFile(req, reply, p.storage, file, { download: (req.query as Record<string, unknown>).download === '1' });
  });

  app.post('/learn/light', { config: { access: 'signed-in', changesNoContent: true } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.light !== 'on' && body.light !== 'off') throw new HttpError(400, 'errors.choose');
    const secure = p.config.publicUrl.startsWith('https:');
    if (body.light === 'on') reply.setCookie(LIGHT_COOKIE, '1', { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 86400 });
    else reply.clearCookie(LIGHT_COOKIE, { path: '/' });
    return reply.redirect(safeNext(body.next, '/learn'), 303);
  });
}
