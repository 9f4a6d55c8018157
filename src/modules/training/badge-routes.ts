import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, type ComponentChildren } from 'preact';
import { z } from 'zod';
import type { Platform } from '../../platform/platform.js';
import { HttpError, PROBLEM_TITLES } from '../../platform/http/errors.js';
import type { UploadedFile } from '../../platform/http/forms.js';
import { contentDisposition } from '../../platform/storage.js';
import { normaliseCode } from './codes.js';
import { findCertificate, type Certificate } from './certificates.js';
import { activeSigningKey, bakePng, bakeSvg, checkCredentialJwt, issuedCredential, issuerProfile, presentedCredential, publishedKey, publishedKeys, statusListCredential, statusListExists, type BadgeContext } from './badges.js';
import { DigitalCredential, VerifyCredentialPage, type CheckOutcome } from './views/badges.js';

/** Largest file the credential check accepts: a baked badge is a few kilobytes. */
export const MAX_CREDENTIAL_BYTES = 1024 * 1024;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const LIST = /^[1-9][0-9]{0,5}$/;

const problemSchema = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional(), instance: z.string().optional() });
const checkSchema = z.object({
  result: z.enum(['valid', 'revoked', 'tampered', 'foreign']).describe('valid; revoked (or its certificate no longer exists); tampered (signature or claims do not hold); foreign (another issuer)'),
  certificate: z.object({ code: z.string(), url: z.string(), revokedAt: z.string().nullable() }).optional(),
});

const contextOf = (p: Platform): BadgeContext => ({ publicUrl: p.config.publicUrl, secretKeys: p.config.secretKeys, issuer: p.config.badgeIssuer });

/** RFC 9457 problem details, for the machine-readable answers of these routes (they live outside /api). */
const problem = (reply: FastifyReply, status: number, detail: string) =>
  reply.code(status).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify({ type: 'about:blank', title: PROBLEM_TITLES[status] ?? 'Error', status, detail, instance: reply.request.id }));

/**
 * The verification page's panel on the certificate's digital credential: its own credential, checked as a
 * verifier would (signature against the published key, revocation), with the downloads.
 */
export async function credentialPanel(p: Platform, c: NonNullable<Awaited<ReturnType<typeof findCertificate>>>): Promise<ComponentChildren> {
  const db = p.database.db;
  const ctx = contextOf(p);
  const { jwt } = await issuedCredential(db, ctx, c);
  const check = await checkCredentialJwt(db, ctx, jwt, (code) => findCertificate(db, code));
  return h(DigitalCredential, { code: c.code, status: check?.kind === 'valid' ? 'valid' : check?.kind === 'revoked' ? 'revoked' : 'invalid' });
}

/**
 * Open Badges 3.0: each certificate's OpenBadgeCredential (JSON, VC-JWT, baked PNG and SVG), the issuer profile,
 * the published keys, the revocation status lists, and a form to check a credential someone holds. All public:
 * anyone with a certificate's code may verify it, and verifiers fetch keys and status lists unauthenticated.
 */
export function badgeRoutes(app: FastifyInstance, p: Platform) {
  const db = p.database.db;
  const ctx = contextOf(p);
  const open = { config: { access: 'public' as const } };

  /** The certificate named in the address (normalised code), or a 404 in the form the route answers in. */
  const certificateOf = async (req: FastifyRequest) => {
    const code = normaliseCode((req.params as { code: string }).code);
    return code ? await findCertificate(db, code) : null;
  };
  const credentialOf = async (req: FastifyRequest, reply: FastifyReply) => {
    const c = await certificateOf(req);
    if (!c) {
      await problem(reply, 404, 'There is no certificate with this code.');
      return null;
    }
    return { c, ...(await issuedCredential(db, ctx, c)) };
  };
  // Verifiers run anywhere, browsers included, and profiles show badge images from here: what verifiers fetch is
  // readable from any origin (no cookies are involved, and none of it is secret).
  const shared = (reply: FastifyReply) => reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
  // Credentials change only when the signing key rotates; revocation is checked through the status list.
  const downloadable = (reply: FastifyReply, type: string, name: string, inline = false) =>
    shared(reply)
      .header('content-type', type).header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', name)).header('cache-control', 'public, max-age=300').header('x-robots-tag', 'noindex');

  app.get('/certificates/:code/credential.json', open, async (req, reply) => {
    const r = await credentialOf(req, reply);
    if (!r) return reply;
    return downloadable(reply, 'application/json; charset=utf-8', `certificate-${r.c.code}.json`).send(JSON.stringify(r.credential, null, 2));
  });

  // OB 3.0 §5.2: a VC-JWT file holds the compact JWS, served as text/plain.
  app.get('/certificates/:code/credential.jwt', open, async (req, reply) => {
    const r = await credentialOf(req, reply);
    if (!r) return reply;
    return downloadable(reply, 'text/plain; charset=utf-8', `certificate-${r.c.code}.jwt`).send(r.jwt);
  });

  app.get('/certificates/:code/badge.png', open, async (req, reply) => {
    const r = await credentialOf(req, reply);
    if (!r) return reply;
    return downloadable(reply, 'image/png', `certificate-${r.c.code}.png`, true).send(await bakePng(r.jwt));
  });

  app.get('/certificates/:code/badge.svg', open, async (req, reply) => {
    const r = await credentialOf(req, reply);
    if (!r) return reply;
    // An SVG is a document: this one has no script, and the page's CSP and nosniff apply to it anyway.
    return downloadable(reply, 'image/svg+xml', `certificate-${r.c.code}.svg`, true).send(bakeSvg(r.jwt, r.c.courseTitle));
  });

  app.get('/badges/issuer', open, async (_req, reply) =>
    shared(reply)
      .header('content-type', 'application/ld+json; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('link', `<${p.config.publicUrl}/.well-known/jwks.json>; rel="jwks"`)
      .send(JSON.stringify({ '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'], ...issuerProfile(ctx) }, null, 2)),
  );

  // The JWKS: every key ever used (retired ones too), so that older credentials keep verifying. The active key
  // is created here if no credential has been made yet, so that verifiers always find one.
  app.get('/.well-known/jwks.json', open, async (_req, reply) => {
    await activeSigningKey(db, p.config.secretKeys);
    return shared(reply)
      .header('content-type', 'application/jwk-set+json')
      .header('cache-control', 'public, max-age=300')
      .send(JSON.stringify({ keys: await publishedKeys(db, p.config.publicUrl) }));
  });

  // What a credential's `kid` dereferences to: the bare public JWK (OB 3.0 §8.4).
  app.get('/badges/keys/:id', open, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    const key = KEY_ID.test(id) ? await publishedKey(db, p.config.publicUrl, id) : null;
    if (!key) return problem(reply, 404, 'There is no key with this id.');
    return shared(reply).header('content-type', 'application/jwk+json').header('cache-control', 'public, max-age=86400').send(JSON.stringify(key));
  });

  // A Bitstring Status List credential, read from the certificates at each request: a revocation shows at once.
  app.get('/badges/status/:list', open, async (req, reply) => {
    const raw = (req.params as { list: string }).list;
    const list = LIST.test(raw) ? Number(raw) : 0;
    if (!list || !(await statusListExists(db, list))) return problem(reply, 404, 'There is no status list with this number.');
    return shared(reply).header('content-type', 'application/vc+jwt').header('cache-control', 'no-cache').send(await statusListCredential(db, ctx, list));
  });

  // The same check for programs. It changes nothing and reads no session, so it needs no CSRF token: an HR
  // system posts a credential it was given and reads the answer.
  app.post(
    '/api/badges/verify',
    {
      config: { access: 'public', csrf: false, changesNoContent: true },
      schema: {
        summary: 'Check an Open Badges 3.0 credential issued by this instance',
        description: 'The credential as a compact JWS (VC-JWT, the .jwt file or what a badge image carries), or an EnvelopedVerifiableCredential as JSON text. See docs/open-badges.md.',
        tags: ['training'],
        body: z.object({ credential: z.string().min(1).max(MAX_CREDENTIAL_BYTES) }),
        response: { 200: checkSchema, 400: problemSchema, 413: problemSchema, 415: problemSchema, 422: problemSchema },
      },
    },
    async (req) => {
      const presented = presentedCredential(Buffer.from((req.body as { credential: string }).credential, 'utf8'));
      if (presented.kind !== 'jwt') throw new HttpError(422, undefined, presented.kind === 'unsigned' ? 'This credential carries no signature this instance can check; send the VC-JWT.' : 'This is not an Open Badges credential.');
      const r = await checkCredentialJwt(db, ctx, presented.token, (code) => findCertificate(db, code));
      if (!r) throw new HttpError(422, undefined, 'This is not an Open Badges credential.');
      if (r.kind === 'valid' || r.kind === 'revoked') {
        const certificate = r.kind === 'revoked' ? r.certificate : null;
        return { result: r.kind, certificate: { code: r.code, url: `${p.config.publicUrl}/certificates/${r.code}`, revokedAt: certificate?.revokedAt?.toISOString() ?? null } };
      }
      return { result: r.kind };
    },
  );

  // Checking a credential someone holds: a file (VC-JWT, JSON, baked PNG or SVG) or a pasted token.
  app.get('/badges/verify', open, async (_req, reply) => reply.page(h(VerifyCredentialPage, { errors: {} })));

  app.post('/badges/verify', { config: { access: 'public', multipartOptions: { limits: { fileSize: MAX_CREDENTIAL_BYTES, files: 1 } } } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const file = body.file as UploadedFile | null | undefined;
    const pasted = typeof body.token === 'string' ? body.token.trim() : '';
    const data = file && file.data?.length ? file.data : pasted ? Buffer.from(pasted, 'utf8') : null;
    const field = file && file.data?.length ? 'file' : 'token';
    const refuse = (status: number, key: string) => reply.page(h(VerifyCredentialPage, { errors: { [field]: key }, token: pasted.slice(0, 20_000) }), { status });
    if (!data) return refuse(400, 'training.badge.errors.missing');
    if (data.length > MAX_CREDENTIAL_BYTES) return refuse(413, 'training.badge.errors.tooLarge');
    const presented = presentedCredential(data);
    if (presented.kind === 'unsupported') return refuse(415, 'training.badge.errors.type');
    if (presented.kind === 'not-credential') return refuse(422, 'training.badge.errors.notCredential');
    if (presented.kind === 'unsigned') return refuse(422, 'training.badge.errors.unsigned');
    const r = await checkCredentialJwt(db, ctx, presented.token, (code) => findCertificate(db, code));
    if (!r) return refuse(422, 'training.badge.errors.notCredential');
    const outcome: CheckOutcome =
      r.kind === 'valid' || r.kind === 'revoked'
        ? { kind: r.kind, code: r.code, certificate: r.kind === 'revoked' ? (r.certificate as Certificate | null) : null, credential: r.credential }
        : { kind: r.kind };
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').page(h(VerifyCredentialPage, { errors: {}, outcome }));
  });
}
