import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { compactVerify, createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, sessionsChanged, signedInAs, testApp } from '../../../test/helpers.js';
import { completeCourse, testedCourse } from '../../../test/training.js';
import { users } from '../../platform/schema.js';
import { seal } from '../../platform/auth/crypto.js';
import { activeSigningKey, rotateSigningKey, STATUS_LIST_BITS } from './badges.js';
import { MAX_CREDENTIAL_BYTES } from './badge-routes.js';
import { badgeSigningKeys, badgeStatusEntries } from './badge-schema.js';
import { certificates } from './schema.js';
import { publishCourse } from './versions.js';

let ctx: Awaited<ReturnType<typeof testApp>>;
let origin: string;
const db = () => ctx.platform.database.db;
const ISSUER = 'http://ponte.test/badges/issuer';

beforeAll(async () => {
  ctx = await testApp();
  // Verifiers fetch keys over HTTP: the app listens on a real port for them.
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => ctx?.close());

/** A learner (a nurse reading in Italian) who completed a course with ECM and CPD credits for nurses, and their certificate. */
async function certified(slug: string, email: string, name: string, on = ctx) {
  const d = on.platform.database.db;
  const course = await testedCourse(d, slug, { n: 6, perAttempt: 6, ecmCredits: 4, italianTitle: `Corso ${slug}` });
  expect(await publishCourse(d, course.id, null)).toMatchObject({ ok: true });
  await signedInAs(on, email, 'learner', { name });
  await d.update(users).set({ locale: 'it', profession: 'nurse' }).where(eq(users.email, email));
  await sessionsChanged(on.app);
  const enrolment = await completeCourse(d, email, slug);
  const [cert] = await d.select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id));
  if (!cert) throw new Error('no certificate');
  return cert;
}

/**
 * A bit of a status list as the Bitstring Status List specification decodes it, written here independently of
 * Ponte's code: multibase 'u' (base64url), GZIP, at least 16 KiB, index 0 the left-most bit of the first byte.
 */
function statusBit(encodedList: string, index: number) {
  expect(encodedList[0]).toBe('u');
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  expect(bits.length * 8).toBeGreaterThanOrEqual(131_072);
  return (bits[Math.floor(index / 8)]! & (1 << (7 - (index % 8)))) !== 0;
}

const visitor = () => new Client(ctx.app);
const jwtOf = async (code: string) => (await visitor().get(`/certificates/${code}/credential.jwt`)).body;
const b64json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** Re-encodes a token's payload after `change`, keeping its header and signature: what a forger can do without the key. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a forger edits any part of the payload
function tamper(token: string, change: (payload: Record<string, any>) => void) {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const p = b64json(payload);
  change(p);
  return `${header}.${Buffer.from(JSON.stringify(p)).toString('base64url')}.${signature}`;
}

/** The iTXt chunks of a PNG, read by hand (length, type, data, CRC-32 checked) as a badge reader would. */
function itxtChunks(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const found: { keyword: string; compressed: number; text: string }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)) >>> 0);
    if (type === 'iTXt') {
      const nul = data.indexOf(0);
      const lang = data.indexOf(0, nul + 3);
      const translated = data.indexOf(0, lang + 1);
      found.push({ keyword: data.toString('latin1', 0, nul), compressed: data[nul + 1]!, text: data.subarray(translated + 1).toString('utf8') });
    }
    at += 12 + length;
  }
  return found;
}

const checkFile = (client: Client, name: string, type: string, data: Buffer) => client.upload('/badges/verify', {}, { field: 'file', name, type, data });

describe('Open Badges 3.0 credentials', () => {
  it('are OpenBadgeCredentials signed as VC-JWTs that an independent library verifies against the JWKS fetched over HTTP', async () => {
    const cert = await certified('badge-course', 'nadia.badge@example.org', 'Nadia Rossi');
    const jwt = await jwtOf(cert.code);

    // jose, with the key set fetched from the published address over real HTTP.
    const jwks = createRemoteJWKSet(new URL(`${origin}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(jwt, jwks, { algorithms: ['EdDSA'], issuer: ISSUER });
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'JWT' });
    expect(Object.keys(protectedHeader).sort()).toEqual(['alg', 'kid', 'typ']);

    // The `kid` is a URL that dereferences to the same public key (OB 3.0 §8.4), without its private part.
    const kid = new URL(protectedHeader.kid!);
    expect(kid.href).toMatch(/^http:\/\/ponte\.test\/badges\/keys\/[A-Za-z0-9_-]+$/);
    const keyRes = await fetch(`${origin}${kid.pathname}`);
    expect(keyRes.status).toBe(200);
    const jwk = (await keyRes.json()) as JWK;
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: kid.href });
    expect(jwk.d).toBeUndefined();
    await compactVerify(jwt, await importJWK(jwk, 'EdDSA'));

    // The credential: OB 3.0 on the VC data model 2.0, from the certificate, in the learner's language.
    expect(payload).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: `http://ponte.test/certificates/${cert.code}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: ISSUER, type: ['Profile'] },
      validFrom: `${cert.issuedAt.toISOString().slice(0, 19)}Z`,
      name: 'Corso badge-course',
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: [{ type: 'IdentityObject', identityHash: 'Nadia Rossi', identityType: 'name', hashed: false }],
        achievement: { id: 'http://ponte.test/training/courses/badge-course', type: ['Achievement'], achievementType: 'Course', name: 'Corso badge-course', criteria: { narrative: expect.stringContaining('lezioni') } },
        result: [
          { type: ['Result'], resultDescription: 'http://ponte.test/training/courses/badge-course#hours', value: '1.5' },
          { type: ['Result'], resultDescription: 'http://ponte.test/training/courses/badge-course#cpd-nurse', value: '1.5' },
          { type: ['Result'], resultDescription: 'http://ponte.test/training/courses/badge-course#ecm-nurse', value: '4' },
        ],
      },
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: 'http://ponte.test/badges/status/1' },
      credentialSchema: [{ id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019' }],
    });
    const subject = payload.credentialSubject as { id: string; achievement: { description: string; resultDescription: { name: string }[] } };
    expect(subject.achievement.description).toContain('Corso badge-course');
    expect(subject.achievement.resultDescription.map((r) => r.name)).toEqual(['Ore di formazione', expect.stringContaining('CPD'), expect.stringContaining('ECM')]);
    // The JWT claims repeat the credential's (OB 3.0 §8.2.4); the subject is a pseudonym, not an e-mail address.
    expect(payload).toMatchObject({ iss: ISSUER, jti: payload.id, sub: subject.id, nbf: Math.floor(cert.issuedAt.getTime() / 1000) });
    expect(subject.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.stringify(payload)).not.toContain('nadia.badge');

    // The same certificate gives the same credential; the JSON download is its content.
    expect(await jwtOf(cert.code)).toBe(jwt);
    const json = await visitor().get(`/certificates/${cert.code.toLowerCase()}/credential.json`);
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-disposition']).toContain(`certificate-${cert.code}.json`);
    const { iss: _iss, jti: _jti, sub: _sub, nbf: _nbf, ...credential } = payload;
    expect(JSON.parse(json.body)).toEqual(credential);

    // The issuer profile at the issuer's id, pointing to the key set.
    const profile = await fetch(`${origin}/badges/issuer`);
    for (const res of [profile, await fetch(`${origin}/.well-known/jwks.json`), await fetch(`${origin}${kid.pathname}`), await fetch(`${origin}/badges/status/1`)]) expect(res.headers.get('access-control-allow-origin'), res.url).toBe('*');
    expect(profile.headers.get('link')).toBe('<http://ponte.test/.well-known/jwks.json>; rel="jwks"');
    expect(await profile.json()).toMatchObject({ id: ISSUER, type: ['Profile'], name: 'Ponte (ponte.test)', url: 'http://ponte.test' });
  });

  it('name the issuer the operator configured (BADGE_ISSUER_*), with its logo, and still verify', async () => {
    const named = await testApp({ env: { BADGE_ISSUER_NAME: 'EU-MiCare consortium', BADGE_ISSUER_URL: 'https://eu-micare.example.org', BADGE_ISSUER_EMAIL: 'training@eu-micare.example.org', BADGE_ISSUER_IMAGE: 'https://eu-micare.example.org/logo.png' } });
    try {
      await named.app.listen({ port: 0, host: '127.0.0.1' });
      const there = `http://127.0.0.1:${(named.app.server.address() as AddressInfo).port}`;
      const cert = await certified('badge-issuer-named', 'badge-named@example.org', 'Sara Conti', named);
      const issuer = { id: ISSUER, type: ['Profile'], name: 'EU-MiCare consortium', url: 'https://eu-micare.example.org', email: 'training@eu-micare.example.org', image: { id: 'https://eu-micare.example.org/logo.png', type: 'Image' } };
      expect(await (await fetch(`${there}/badges/issuer`)).json()).toMatchObject(issuer);
      const jwt = await (await fetch(`${there}/certificates/${cert.code}/credential.jwt`)).text();
      const { payload } = await jwtVerify(jwt, createRemoteJWKSet(new URL(`${there}/.well-known/jwks.json`)), { algorithms: ['EdDSA'], issuer: ISSUER });
      expect(payload.issuer).toEqual(issuer);
    } finally {
      await named.close();
    }
  });

  it('fail to verify once any claim, the header or the signature is tampered with, for jose and for the check form', async () => {
    const cert = await certified('tamper-course', 'tamper@example.org', 'Tina Tamper');
    const jwt = await jwtOf(cert.code);
    const keys = createLocalJWKSet(JSON.parse((await visitor().get('/.well-known/jwks.json')).body));
    await jwtVerify(jwt, keys);
    const forgeries = [
      tamper(jwt, (p) => (p.credentialSubject.identifier[0].identityHash = 'Someone Else')),
      tamper(jwt, (p) => (p.credentialSubject.achievement.name = 'Another course')),
      tamper(jwt, (p) => (p.credentialSubject.result[2].value = '40')),
      tamper(jwt, (p) => (p.validFrom = '2020-01-01T00:00:00Z')),
      tamper(jwt, (p) => (p.credentialStatus.statusListIndex = '7')),
      tamper(jwt, (p) => (p.nbf -= 1)),
      tamper(jwt, (p) => delete p.credentialStatus),
    ];
    const client = visitor();
    for (const forged of forgeries) {
      await expect(jwtVerify(forged, keys)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
      const r = await client.post('/badges/verify', { token: forged });
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain('alert--error');
      expect(r.body).toContain('This credential has been altered');
    }
    // The signature itself, and a header naming a key that was never published.
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const flipped = `${h}.${p}.${(s[0] === 'A' ? 'B' : 'A') + s.slice(1)}`;
    await expect(jwtVerify(flipped, keys)).rejects.toThrow();
    expect((await client.post('/badges/verify', { token: flipped })).body).toContain('This credential has been altered');
    const otherKid = `${Buffer.from(JSON.stringify({ ...b64json(h), kid: 'http://ponte.test/badges/keys/unknown' })).toString('base64url')}.${p}.${s}`;
    expect((await client.post('/badges/verify', { token: otherKid })).body).toContain('This credential has been altered');
    // The genuine one is recognised.
    const genuine = await client.post('/badges/verify', { token: jwt });
    expect(genuine.statusCode).toBe(200);
    expect(genuine.body).toContain('This credential is genuine and valid');
    expect(genuine.body).toContain('Tina Tamper');
  });

  it('are revoked at once: the status list sets their bit, the verification page and the check form say so', async () => {
    const cert = await certified('revoke-badge', 'revoke.badge@example.org', 'Rita Revoked');
    const jwt = await jwtOf(cert.code);
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(JSON.parse((await visitor().get('/.well-known/jwks.json')).body)));
    const status = payload.credentialStatus as { statusListCredential: string; statusListIndex: string; id: string };
    const index = Number(status.statusListIndex);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(index).toBeLessThan(STATUS_LIST_BITS);
    expect(status.id).toBe(`${status.statusListCredential}#${index}`);

    /** The status list as a verifier reads it: fetched, its signature checked with jose, the bit decoded. */
    const revokedBit = async () => {
      const res = await fetch(`${origin}${new URL(status.statusListCredential).pathname}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vc+jwt');
      const list = await jwtVerify(await res.text(), createRemoteJWKSet(new URL(`${origin}/.well-known/jwks.json`)), { typ: 'vc+jwt' });
      expect(list.payload).toMatchObject({ id: status.statusListCredential, type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer: ISSUER, credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation' } });
      const encoded = (list.payload.credentialSubject as { encodedList: string }).encodedList;
      expect(encoded.startsWith('u')).toBe(true);
      return statusBit(encoded, index);
    };
    expect(await revokedBit()).toBe(false);
    const page = await visitor().get(`/certificates/${cert.code}`);
    expect(page.body).toContain('The digital credential is valid.');
    for (const f of ['badge.png', 'badge.svg', 'credential.jwt', 'credential.json']) expect(page.body).toContain(`href="/certificates/${cert.code}/${f}"`);

    const admin = await signedInAs(ctx, 'badge-admin@example.org', 'administrator');
    await admin.get(`/certificates/${cert.code}`);
    expect((await admin.post(`/certificates/${cert.code}/revoke`, { reason: 'Attempt void' })).statusCode).toBe(303);

    expect(await revokedBit()).toBe(true);
    const after = await visitor().get(`/certificates/${cert.code}`);
    expect(after.body).toContain('The digital credential has been revoked.');
    expect(after.body).not.toContain('The digital credential is valid.');
    const checked = await visitor().post('/badges/verify', { token: jwt });
    expect(checked.statusCode).toBe(200);
    expect(checked.body).toContain('This credential was issued by this site, but it has been revoked.');
    expect(checked.body).toContain('Attempt void');
    // The signature itself still holds: revocation is a matter of status, which jose alone does not check.
    await jwtVerify(jwt, createLocalJWKSet(JSON.parse((await visitor().get('/.well-known/jwks.json')).body)));
  });

  it('of a deleted certificate read as revoked, and its slot is never given to another', async () => {
    const cert = await certified('deleted-badge', 'deleted.badge@example.org', 'Dora Deleted');
    const jwt = await jwtOf(cert.code);
    const index = Number(b64json(jwt.split('.')[1]!).credentialStatus.statusListIndex);
    await db().delete(certificates).where(eq(certificates.id, cert.id));
    const list = await visitor().get('/badges/status/1');
    expect(statusBit(b64json(list.body.split('.')[1]!).credentialSubject.encodedList, index)).toBe(true);
    const checked = await visitor().post('/badges/verify', { token: jwt });
    expect(checked.body).toContain('Its certificate is no longer on record.');
    expect((await visitor().get(`/certificates/${cert.code}/credential.jwt`)).statusCode).toBe(404);
    expect(await db().select().from(badgeStatusEntries).where(eq(badgeStatusEntries.certificateId, cert.id))).toHaveLength(1);
  });

  it('are baked into PNG and SVG badges that carry the same credential, and the check form reads them', async () => {
    const cert = await certified('baked-course', 'baked@example.org', 'Bea Baker');
    const jwt = await jwtOf(cert.code);
    const png = await visitor().get(`/certificates/${cert.code}/badge.png`);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    // Other sites may show it (a profile page) and browser-based verifiers may read it.
    expect(png.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(png.headers['access-control-allow-origin']).toBe('*');
    // A real image, with exactly one uncompressed iTXt chunk `openbadgecredential` holding the compact JWS.
    expect(await sharp(png.rawPayload).metadata()).toMatchObject({ format: 'png', width: 512, height: 560 });
    const chunks = itxtChunks(png.rawPayload).filter((c) => c.keyword === 'openbadgecredential');
    expect(chunks).toEqual([{ keyword: 'openbadgecredential', compressed: 0, text: jwt }]);

    const svg = await visitor().get(`/certificates/${cert.code}/badge.svg`);
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg.body);
    expect(doc.svg['xmlns:openbadges']).toBe('https://purl.imsglobal.org/ob/v3p0');
    expect(doc.svg['openbadges:credential'].verify).toBe(jwt);
    expect(doc.svg.title).toBe('Corso baked-course');

    const client = visitor();
    for (const [name, type, data] of [
      ['badge.png', 'image/png', png.rawPayload],
      ['badge.svg', 'image/svg+xml', Buffer.from(svg.body)],
      ['certificate.jwt', 'application/octet-stream', Buffer.from(`${jwt}\n`)],
      ['enveloped.json', 'application/json', Buffer.from(JSON.stringify({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jwt}` }))],
    ] as const) {
      const r = await checkFile(client, name, type, data);
      expect(r.statusCode, name).toBe(200);
      expect(r.body, name).toContain('This credential is genuine and valid');
      expect(r.body, name).toContain('Bea Baker');
      expect(r.body, name).toContain('Corso baked-course');
    }
    // A badge whose baked credential was altered is caught.
    const forgedSvg = svg.body.replace(jwt, tamper(jwt, (p) => (p.credentialSubject.identifier[0].identityHash = 'Mallory')));
    expect((await checkFile(client, 'badge.svg', 'image/svg+xml', Buffer.from(forgedSvg))).body).toContain('This credential has been altered');
  });

  it('keep verifying after the signing key is rotated: old keys stay published', async () => {
    const cert = await certified('rotated-course', 'rotated@example.org', 'Rob Rotated');
    const before = await jwtOf(cert.code);
    const { retired, created } = await rotateSigningKey(db(), ctx.platform.config.secretKeys);
    expect(retired).not.toBe(created);
    const after = await jwtOf(cert.code);
    expect(decodeProtectedHeader(after).kid).toBe(`http://ponte.test/badges/keys/${created}`);
    expect(decodeProtectedHeader(before).kid).toBe(`http://ponte.test/badges/keys/${retired}`);
    const jwks = createRemoteJWKSet(new URL(`${origin}/.well-known/jwks.json`));
    await jwtVerify(before, jwks);
    await jwtVerify(after, jwks);
    for (const token of [before, after]) expect((await visitor().post('/badges/verify', { token })).body).toContain('This credential is genuine and valid');
  });

  it('from another issuer are told apart, and bad uploads are refused with a clear 4xx message', async () => {
    const client = visitor();
    // Another issuer's well-formed credential: not ours to vouch for.
    const { privateKey } = await generateKeyPair('EdDSA');
    const foreign = await new SignJWT({ type: ['VerifiableCredential', 'OpenBadgeCredential'], issuer: { id: 'https://elsewhere.example/issuer', type: ['Profile'] } })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'https://elsewhere.example/keys/1', typ: 'JWT' })
      .setIssuer('https://elsewhere.example/issuer')
      .sign(privateKey);
    const other = await client.post('/badges/verify', { token: foreign });
    expect(other.statusCode).toBe(200);
    expect(other.body).toContain('This credential was not issued by this site.');

    // The form is found from the code-check page, and works without JavaScript (a multipart form with its CSRF token).
    expect((await client.get('/certificates')).body).toContain('href="/badges/verify"');
    const form = await client.get('/badges/verify');
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<form action="\/badges\/verify" method="post" enctype="multipart\/form-data"[^>]*><input type="hidden" name="_csrf" value="[^"]+"/);
    const refused = async (r: { statusCode: number; body: string }, status: number, message: string) => {
      expect(r.statusCode).toBe(status);
      expect(r.body).toContain(message);
      expect(r.body).toContain('action="/badges/verify"');
    };
    await refused(await client.post('/badges/verify', {}), 400, 'Choose a file or paste a credential.');
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
    await refused(await checkFile(client, 'photo.png', 'image/png', jpeg), 415, 'This file is not a PNG or SVG image');
    await refused(await checkFile(client, 'notes.txt', 'text/plain', Buffer.from('just some words')), 415, 'This file is not a PNG or SVG image');
    const plainPng = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer();
    await refused(await checkFile(client, 'plain.png', 'image/png', plainPng), 422, 'This file holds no Open Badges credential.');
    await refused(await checkFile(client, 'plain.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>')), 422, 'This file holds no Open Badges credential.');
    await refused(await checkFile(client, 'broken.png', 'image/png', Buffer.concat([plainPng.subarray(0, 20)])), 422, 'This file holds no Open Badges credential.');
    await refused(await checkFile(client, 'x.json', 'application/json', Buffer.from('{"hello": "world"}')), 422, 'This file holds no Open Badges credential.');
    await refused(await checkFile(client, 'x.json', 'application/json', Buffer.from('{not json')), 422, 'This file holds no Open Badges credential.');
    await refused(await client.post('/badges/verify', { token: 'aaa.bbb.ccc' }), 422, 'This file holds no Open Badges credential.');
    // The readable JSON download has no signature: the form says what to upload instead.
    const cert = await certified('unsigned-course', 'unsigned@example.org', 'Uma Unsigned');
    const json = (await client.get(`/certificates/${cert.code}/credential.json`)).body;
    await refused(await checkFile(client, 'certificate.json', 'application/json', Buffer.from(json)), 422, 'Upload the badge image or the .jwt file.');
    // Too large: refused before anything is read.
    const big = await checkFile(client, 'huge.png', 'image/png', Buffer.concat([plainPng, Buffer.alloc(MAX_CREDENTIAL_BYTES + 1)]));
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('larger than allowed');
    // A form without its CSRF token is refused.
    const noToken = await ctx.app.inject({ method: 'POST', url: '/badges/verify', payload: 'token=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(noToken.statusCode).toBe(403);
    // Italian, for an Italian reader.
    const italian = new Client(ctx.app, { 'accept-language': 'it' });
    await refused(await italian.post('/badges/verify', {}), 400, 'Scegli un file o incolla una credenziale.');
  });

  it('answer unknown certificates, keys and lists with 404 problem details', async () => {
    for (const url of ['/certificates/AAAAA-AAAAA/credential.json', '/certificates/not-a-code/credential.jwt', '/certificates/AAAAA-AAAAA/badge.png', '/certificates/AAAAA-AAAAA/badge.svg', '/badges/keys/unknown', '/badges/keys/..%2F..', '/badges/status/99', '/badges/status/0', '/badges/status/abc']) {
      const r = await visitor().get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toContain('application/problem+json');
      expect(JSON.parse(r.body)).toMatchObject({ status: 404, title: 'Not Found' });
    }
  });
  it('get a new signing key when SECRET_KEY changed (the old one stays published), and operators rotate keys from the CLI', async () => {
    const secret = ctx.platform.config.secretKeys;
    const old = await db().transaction((tx) => activeSigningKey(tx, secret));
    // The sealed key as another SECRET_KEY sealed it: this one cannot open it.
    await db().update(badgeSigningKeys).set({ privateKeySealed: seal('a previous secret key', 'badge-signing-key', 'x') }).where(eq(badgeSigningKeys.id, old.id));
    const fresh = await db().transaction((tx) => activeSigningKey(tx, secret));
    expect(fresh.id).not.toBe(old.id);
    const [retired] = await db().select().from(badgeSigningKeys).where(eq(badgeSigningKeys.id, old.id));
    expect(retired!.retiredAt).not.toBeNull();
    const kids = (JSON.parse((await visitor().get('/.well-known/jwks.json')).body) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([`http://ponte.test/badges/keys/${old.id}`, `http://ponte.test/badges/keys/${fresh.id}`]));

    const cli = (args: string[], env: Record<string, string>) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', PUBLIC_URL: 'https://ponte.example', ...env }, timeout: 120_000 });
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'ponte-badges-cli-')) };
    const first = (await cli(['badges', 'rotate-key'], env)).stdout;
    const firstId = /New signing key: https:\/\/ponte\.example\/badges\/keys\/([A-Za-z0-9_-]+)/.exec(first)?.[1];
    expect(firstId).toBeTruthy();
    expect(first).not.toContain('Retired');
    const second = (await cli(['badges', 'rotate-key'], env)).stdout;
    expect(second).toContain(`Retired key ${firstId} (still published).`);
    expect(second).not.toContain(`keys/${firstId}\n`);
  }, 180_000);
  it('are checked by programs through the JSON API, without a session or token, and bad input gets problem details', async () => {
    const cert = await certified('api-course', 'api.badge@example.org', 'Ada Api');
    const jwt = await jwtOf(cert.code);
    const call = (payload: unknown) => ctx.app.inject({ method: 'POST', url: '/api/badges/verify', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    const valid = await call({ credential: jwt });
    expect(valid.statusCode).toBe(200);
    expect(valid.json()).toEqual({ result: 'valid', certificate: { code: cert.code, url: `http://ponte.test/certificates/${cert.code}`, revokedAt: null } });
    expect((await call({ credential: tamper(jwt, (p) => (p.name = 'Forged')) })).json()).toEqual({ result: 'tampered' });
    await db().update(certificates).set({ revokedAt: new Date('2026-11-01T10:00:00Z'), revokedReason: 'void' }).where(eq(certificates.id, cert.id));
    expect((await call({ credential: jwt })).json()).toMatchObject({ result: 'revoked', certificate: { code: cert.code, revokedAt: '2026-11-01T10:00:00.000Z' } });
    for (const [payload, status] of [
      [{}, 400],
      [{ credential: 42 }, 400],
      [{ credential: 'not a credential' }, 422],
      [{ credential: JSON.stringify({ type: ['VerifiableCredential', 'OpenBadgeCredential'] }) }, 422],
    ] as const) {
      const r = await call(payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(status);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    // It is part of the OpenAPI document.
    const doc = (await ctx.app.inject('/api/openapi.json')).json();
    expect(doc.paths['/api/badges/verify'].post.summary).toContain('Open Badges');
  });
});
