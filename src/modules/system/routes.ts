import { z } from 'zod';
import type { Module } from '../../platform/http/app.js';
import { pendingMigrations } from '../../platform/db/migrate.js';
import { listOrganisations } from '../../platform/identity/organisations.js';

const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional(), instance: z.string().optional() });

/** Health, readiness and the platform's API: who am I, which organisations exist. */
export const systemModule: Module = {
  name: 'system',
  routes(app, p) {
    const open = { access: 'public' as const, allowWhileOwingSecondFactor: true };
    app.get('/healthz', { config: open }, async (_req, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
    app.get('/readyz', { config: open }, async (_req, reply) => {
      try {
        await p.database.query('SELECT 1');
        const pending = await pendingMigrations(p.database);
        if (pending.length) return reply.code(503).send({ status: 'migrations pending', pending });
      } catch {
        return reply.code(503).send({ status: 'database unreachable' });
      }
      try {
        await p.storage.check();
      } catch {
        return reply.code(503).send({ status: 'storage unreachable' });
      }
      return reply.header('cache-control', 'no-store').send({ status: 'ready' });
    });

    app.get(
      '/api/me',
      {
        config: { access: 'signed-in' },
        schema: {
          summary: 'The signed-in user',
          tags: ['accounts'],
          security: [{ session: [] }],
          response: {
            200: z.object({
              id: z.string().uuid(),
              email: z.string(),
              name: z.string(),
              locale: z.string().nullable(),
              twoFactor: z.boolean(),
              roles: z.array(z.object({ role: z.string(), organisationId: z.string().uuid().nullable() })),
            }),
            401: problem,
          },
        },
      },
      async (req) => {
        const me = req.principal!;
        return { id: me.id, email: me.email, name: me.name, locale: me.locale, twoFactor: me.totpEnabled, roles: me.roles };
      },
    );

    const organisation = z.object({
      id: z.string().uuid(),
      name: z.string(),
      type: z.string(),
      country: z.string().length(2),
      region: z.string().nullable(),
    });
    app.get(
      '/api/organisations',
      {
        config: { access: 'signed-in' },
        schema: {
          summary: 'Organisations, with their type, country and region',
          tags: ['organisations'],
          security: [{ session: [] }],
          querystring: z.object({ q: z.string().max(200).optional(), page: z.coerce.number().int().min(1).max(100000).default(1), size: z.coerce.number().int().min(1).max(100).default(25) }),
          response: { 200: z.object({ total: z.number().int(), page: z.number().int(), size: z.number().int(), items: z.array(organisation) }), 400: problem, 401: problem },
        },
      },
      async (req) => {
        const { q, page, size } = req.query as { q?: string; page: number; size: number };
        const { total, rows } = await listOrganisations(p.database.db, { q: q?.trim() || undefined, page, pageSize: size });
        return { total, page, size, items: rows.map((o) => ({ id: o.id, name: o.name, type: o.typeCode, country: o.country, region: o.region })) };
      },
    );
  },
};
