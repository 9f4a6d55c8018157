import type { FastifyRequest } from 'fastify';
import { nameIn } from '../../platform/i18n/index.js';
import { h } from 'preact';
import { z } from 'zod';
import { isRole, ROLES } from '../../platform/access.js';
import type { Module } from '../../platform/http/app.js';
import { HttpError } from '../../platform/http/errors.js';
import { pageParam, parseForm, password, text } from '../../platform/http/forms.js';
import { passwordConfirms } from '../../platform/identity/reauth.js';
import { isCountry } from '../../platform/i18n/countries.js';
import { getOrganisation, grantsWithOrganisations, listOrganisations, listOrganisationTypes, listRegions, listRolePolicies, members } from '../../platform/identity/organisations.js';
import { getUser, listUsers } from '../../platform/identity/users.js';
import type { Platform } from '../../platform/platform.js';
import { detectSecurityAnomalies, SECURITY_ANOMALY_QUEUE } from './anomalies.js';
import * as admin from './service.js';
import { AuditPage, JobsPage, OrganisationPage, OrganisationsPage, OutboxMessagePage, OutboxPage, OverviewPage, RolesPage, UserPage, UsersPage } from './views/admin.js';

const PAGE_SIZE = 25;
const uuid = z.string().uuid();
/** The notices a page may show after a redirect (`?notice=`); anything else is ignored. */
export const NOTICES = new Set(['role-granted', 'role-exists', 'role-revoked', 'user-disabled', 'user-enabled', 'second-factor-reset', 'saved', 'requeued', 'error-last-admin', 'error-self']);

const orgSchema = z.object({
  name: text({ max: 200 }),
  typeCode: z.string({ message: 'errors.choose' }).min(1, 'errors.choose'),
  country: z.string({ message: 'errors.choose' }).refine(isCountry, 'errors.choose'),
  regionId: z.union([z.literal(''), uuid]).optional(),
  website: z
    .string()
    .trim()
    .max(500, 'errors.tooLong')
    .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'errors.url')
    .optional(),
});

/** The administration area: users, organisations, roles, outbox, jobs and the audit log. Administrators only. */
export const adminModule: Module = {
  name: 'admin',
  routes(app, p: Platform) {
    p.jobs.define({ name: SECURITY_ANOMALY_QUEUE, schedule: '*/5 * * * *', retryLimit: 1, handler: async () => void (await detectSecurityAnomalies(p)) });
    const admins = { config: { access: { roles: ['administrator'] as const } } };
    const actor = (req: FastifyRequest): admin.Actor => ({ id: req.principal!.id, requestId: req.id });
    const q = (req: FastifyRequest) => req.query as Record<string, unknown>;
    const str = (v: unknown, max = 200) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
    const notice = (req: FastifyRequest) => {
      const n = q(req).notice;
      return typeof n === 'string' && NOTICES.has(n) ? n : null;
    };
    const idParam = (req: FastifyRequest) => {
      const id = (req.params as { id: string }).id;
      if (!uuid.safeParse(id).success) throw new HttpError(404, 'error.404.body');
      return id;
    };

    app.get('/admin', admins, async (_req, reply) => reply.page(h(OverviewPage, { data: await admin.overview(p) })));

    app.get('/admin/users', admins, async (req, reply) => {
      const page = pageParam(q(req).page);
      const search = str(q(req).q);
      const { total, rows } = await listUsers(p.database.db, { q: search || undefined, page, pageSize: PAGE_SIZE });
      return reply.page(h(UsersPage, { rows, total, page, pageSize: PAGE_SIZE, q: search }));
    });

    const userPage = async (req: FastifyRequest, id: string, extra: { errors?: Record<string, string>; values?: Record<string, string> } = {}) => {
      const user = await getUser(p.database.db, id);
      if (!user) throw new HttpError(404, 'error.404.body');
      const orgs = await listOrganisations(p.database.db, { page: 1, pageSize: 1000 });
      return h(UserPage, {
        user,
        grants: await grantsWithOrganisations(p.database.db, id),
        organisations: orgs.rows,
        notice: notice(req),
        isSelf: id === req.principal!.id,
        ...extra,
      });
    };
    app.get('/admin/users/:id', admins, async (req, reply) => reply.page(await userPage(req, idParam(req))));

    const grantSchema = z.object({ role: z.string().refine(isRole, 'errors.choose'), organisationId: z.union([z.literal(''), uuid]).default('') });
    app.post('/admin/users/:id/roles', admins, async (req, reply) => {
      const id = idParam(req);
      const form = parseForm(grantSchema.extend({ password: password() }), req.body);
      if (!form.ok) return reply.page(await userPage(req, id, { errors: form.errors, values: form.values }), { status: 400 });
      // A role opens what the session alone should not: the administrator's password is asked again (ASVS 3.7.1).
      if (!(await passwordConfirms(p, req.principal!.id, form.data.password))) return reply.page(await userPage(req, id, { errors: { password: 'errors.passwordWrong' }, values: form.values }), { status: 400 });
      const r = await admin.grant(p, actor(req), id, form.data.role as (typeof ROLES)[number], form.data.organisationId || null);
      if (r === 'no-user') throw new HttpError(404, 'error.404.body');
      if (r === 'no-organisation') return reply.page(await userPage(req, id, { errors: { organisationId: 'errors.choose' }, values: form.values }), { status: 400 });
      if (r === 'self-care-role') return reply.page(await userPage(req, id, { errors: { role: 'admin.errors.selfCareRole' }, values: form.values }), { status: 403 });
      return reply.redirect(`/admin/users/${id}?notice=${r === 'granted' ? 'role-granted' : 'role-exists'}`, 303);
    });
    app.post('/admin/users/:id/roles/revoke', admins, async (req, reply) => {
      const id = idParam(req);
      const form = parseForm(grantSchema, req.body);
      if (!form.ok) throw new HttpError(400, 'errors.choose');
      const r = await admin.revoke(p, actor(req), id, form.data.role as (typeof ROLES)[number], form.data.organisationId || null);
      return reply.redirect(`/admin/users/${id}?notice=${r === 'last-admin' ? 'error-last-admin' : 'role-revoked'}`, 303);
    });
    app.post('/admin/users/:id/status', admins, async (req, reply) => {
      const id = idParam(req);
      const status = (req.body as Record<string, unknown>).status;
      if (status !== 'active' && status !== 'disabled') throw new HttpError(400, 'errors.choose');
      const r = await admin.setUserStatus(p, actor(req), id, status);
      if (r === 'no-user') throw new HttpError(404, 'error.404.body');
      return reply.redirect(`/admin/users/${id}?notice=${r === 'self' ? 'error-self' : status === 'disabled' ? 'user-disabled' : 'user-enabled'}`, 303);
    });

    app.post('/admin/users/:id/second-factor/reset', admins, async (req, reply) => {
      const id = idParam(req);
      const r = await admin.resetUserSecondFactor(p, actor(req), id);
      if (r === 'no-user') throw new HttpError(404, 'error.404.body');
      if (r === 'none') throw new HttpError(409, 'admin.errors.noSecondFactor');
      return reply.redirect(`/admin/users/${id}?notice=${r === 'self' ? 'error-self' : 'second-factor-reset'}`, 303);
    });

    app.get('/admin/organisations', admins, async (req, reply) => {
      const page = pageParam(q(req).page);
      const search = str(q(req).q);
      const { total, rows } = await listOrganisations(p.database.db, { q: search || undefined, page, pageSize: PAGE_SIZE });
      const types = await listOrganisationTypes(p.database.db);
      const typeNames = Object.fromEntries(types.map((x) => [x.code, nameIn(x.names, req.locale, x.code)]));
      return reply.page(h(OrganisationsPage, { rows, total, page, pageSize: PAGE_SIZE, q: search, typeNames }));
    });
    const orgPage = async (req: FastifyRequest, id: string | null, values: Record<string, string>, errors?: Record<string, string>) => {
      const types = await listOrganisationTypes(p.database.db);
      return h(OrganisationPage, {
        id,
        values,
        errors,
        types: types.map((x) => ({ code: x.code, name: nameIn(x.names, req.locale, x.code) })),
        regions: await listRegions(p.database.db),
        members: id ? await members(p.database.db, id) : [],
        notice: notice(req),
      });
    };
    const saveOrg = async (req: FastifyRequest, id: string | null): Promise<{ errors: Record<string, string>; values: Record<string, string> } | { orgId: string }> => {
      const form = parseForm(orgSchema, req.body);
      const types = new Set((await listOrganisationTypes(p.database.db)).map((x) => x.code));
      const regions = new Map((await listRegions(p.database.db)).map((r) => [r.id, r.country]));
      const errors = form.ok ? {} : { ...form.errors };
      if (form.ok && !types.has(form.data.typeCode)) errors.typeCode = 'errors.choose';
      if (form.ok && form.data.regionId && regions.get(form.data.regionId) !== form.data.country) errors.regionId = 'errors.regionCountry';
      if (!form.ok || Object.keys(errors).length) return { errors, values: form.values };
      const d = form.data;
      const orgId = await admin.saveOrganisation(p, actor(req), id, { name: d.name, typeCode: d.typeCode, country: d.country, regionId: d.regionId || null, website: d.website || null });
      return { orgId };
    };
    app.get('/admin/organisations/new', admins, async (req, reply) => reply.page(await orgPage(req, null, {})));
    app.post('/admin/organisations/new', admins, async (req, reply) => {
      const r = await saveOrg(req, null);
      if ('errors' in r) return reply.page(await orgPage(req, null, r.values, r.errors), { status: 400 });
      return reply.redirect(`/admin/organisations/${r.orgId}?notice=saved`, 303);
    });
    app.get('/admin/organisations/:id', admins, async (req, reply) => {
      const id = idParam(req);
      const org = await getOrganisation(p.database.db, id);
      if (!org) throw new HttpError(404, 'error.404.body');
      return reply.page(await orgPage(req, id, { name: org.name, typeCode: org.typeCode, country: org.country, regionId: org.regionId ?? '', website: org.website ?? '' }));
    });
    app.post('/admin/organisations/:id', admins, async (req, reply) => {
      const id = idParam(req);
      if (!(await getOrganisation(p.database.db, id))) throw new HttpError(404, 'error.404.body');
      const r = await saveOrg(req, id);
      if ('errors' in r) return reply.page(await orgPage(req, id, r.values, r.errors), { status: 400 });
      return reply.redirect(`/admin/organisations/${id}?notice=saved`, 303);
    });

    app.get('/admin/roles', admins, async (req, reply) => reply.page(h(RolesPage, { policies: await listRolePolicies(p.database.db), notice: notice(req) })));
    app.post('/admin/roles', admins, async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      await admin.savePolicies(
        p,
        actor(req),
        ROLES.map((role) => ({ role, requireTotp: body[`totp.${role}`] === 'on', requireSecurityKey: body[`key.${role}`] === 'on' })),
      );
      return reply.redirect('/admin/roles?notice=saved', 303);
    });

    app.get('/admin/outbox', admins, async (req, reply) => {
      const page = pageParam(q(req).page);
      const status = admin.OUTBOX_STATUSES.find((s) => s === q(req).status);
      const { total, rows } = await admin.listOutbox(p, { status, page, pageSize: PAGE_SIZE });
      return reply.page(h(OutboxPage, { rows, total, page, pageSize: PAGE_SIZE, status: status ?? '', transport: p.mailer.transport }));
    });
    app.get('/admin/outbox/:id', admins, async (req, reply) => {
      const message = await admin.readOutboxMessage(p, actor(req), idParam(req));
      if (!message) throw new HttpError(404, 'error.404.body');
      return reply.page(h(OutboxMessagePage, { message, canRequeue: p.mailer.transport === 'smtp' && (message.status === 'failed' || message.status === 'uncertain') }));
    });
    app.post('/admin/outbox/:id/requeue', admins, async (req, reply) => {
      const id = idParam(req);
      if (!(await admin.requeue(p, actor(req), id))) throw new HttpError(409, 'admin.outbox.cannotRequeue');
      return reply.redirect(`/admin/outbox/${id}`, 303);
    });

    app.get('/admin/jobs', admins, async (_req, reply) => reply.page(h(JobsPage, { rows: await p.jobs.summary() })));

    app.get('/admin/audit', admins, async (req, reply) => {
      const page = pageParam(q(req).page);
      const action = str(q(req).action, 100);
      const outcome = (['success', 'failure', 'denied'] as const).find((o) => o === q(req).outcome);
      const actorId = str(q(req).actor, 100);
      const validActor = uuid.safeParse(actorId).success ? actorId : undefined;
      const { total, rows } = await admin.listAudit(p, { action: action || undefined, outcome, actorId: validActor, page, pageSize: PAGE_SIZE });
      return reply.page(h(AuditPage, { rows, total, page, pageSize: PAGE_SIZE, filters: { action, outcome: outcome ?? '', actor: actorId } }));
    });
  },
};
