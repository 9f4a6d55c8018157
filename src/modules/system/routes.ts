import { z } from 'zod';
import type { Module } from '../../platform/http/app.js';
import { pendingMigrations } from '../../platform/db/migrate.js';

const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional(), instance: z.string().optional() });

/** Health, readiness and the smallest API surface: who am I. */
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
        return reply.header('cache-control', 'no-store').send({ status: 'ready' });
      } catch {
        return reply.code(503).send({ status: 'database unreachable' });
      }
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
  },
};
