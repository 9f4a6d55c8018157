import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomInt, sign, verify, type KeyObject } from 'node:crypto';
import { crc32, gzipSync } from 'node:zlib';
import { and, count, desc, eq, isNull, or, isNotNull, sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { DbOrTx } from '../../platform/db/index.js';
import type { Config } from '../../platform/config.js';
import { hmac, seal, unseal, type SecretKeys } from '../../platform/auth/crypto.js';
import type { SealedColumn } from '../../platform/auth/reseal.js';
import { isLocale, translator } from '../../platform/i18n/index.js';
import { badgeSigningKeys, badgeStatusEntries } from './badge-schema.js';
import type { Certificate } from './certificates.js';
import { certificates } from './schema.js';
import { formatDuration } from './views/format.js';

/**
 * Open Badges 3.0: each certificate as an OpenBadgeCredential (a W3C Verifiable Credential, data model 2.0),
 * secured as a VC-JWT (a compact JWS signed with the instance's Ed25519 key, OB 3.0 §8.2), revocable through a
 * W3C Bitstring Status List, and baked into PNG and SVG images. See docs/open-badges.md.
 */

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB_SCHEMA = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
/** Bits in a status list: the minimum the Bitstring Status List asks for (16 KiB), for herd privacy. */
export const STATUS_LIST_BITS = 131_072;
/** A new list is started once a list holds this many certificates, so random free slots stay easy to find. */
const STATUS_LIST_FILL = STATUS_LIST_BITS / 2;
const KEY_PURPOSE = 'badge-signing-key';
/** Any fixed 64-bit number: nodes creating or rotating the signing key take this advisory lock. */
const KEY_LOCK = 7_311_504_220_118_337n;

/** The addresses a verifier uses. */
export const badgeUrls = (publicUrl: string) => ({
  issuer: `${publicUrl}/badges/issuer`,
  jwks: `${publicUrl}/.well-known/jwks.json`,
  key: (id: string) => `${publicUrl}/badges/keys/${id}`,
  statusList: (list: number) => `${publicUrl}/badges/status/${list}`,
  certificate: (code: string) => `${publicUrl}/certificates/${code}`,
  course: (slug: string) => `${publicUrl}/training/courses/${slug}`,
});

export interface BadgeContext {
  publicUrl: string;
  secretKeys: SecretKeys;
  /** Who the issuer Profile names (BADGE_ISSUER_*). */
  issuer: Config['badgeIssuer'];
}

// ---------------------------------------------------------------------------------------------------------
// Keys

export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
}
export interface SigningKey {
  id: string;
  privateKey: KeyObject;
  publicJwk: PublicJwk;
}

/** Where the private signing keys are sealed under SECRET_KEY (`ponte secret reseal`). */
export const BADGE_SIGNING_KEYS: SealedColumn = { name: 'Open Badges signing keys', table: badgeSigningKeys, id: badgeSigningKeys.id, sealed: badgeSigningKeys.privateKeySealed, purpose: KEY_PURPOSE };

/** The key ready to sign, or null when no configured SECRET_KEY (current or previous) sealed it. */
const openKey = (keys: SecretKeys, row: typeof badgeSigningKeys.$inferSelect): SigningKey | null => {
  const der = unseal(keys, KEY_PURPOSE, row.privateKeySealed);
  return der === null ? null : { id: row.id, privateKey: createPrivateKey({ key: Buffer.from(der, 'base64url'), format: 'der', type: 'pkcs8' }), publicJwk: row.publicJwk };
};

async function createKey(tx: DbOrTx, secretKey: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' }) as PublicJwk;
  const [row] = await tx
    .insert(badgeSigningKeys)
    .values({
      id: randomBytes(9).toString('base64url'),
      algorithm: 'EdDSA',
      publicJwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x },
      privateKeySealed: seal(secretKey, KEY_PURPOSE, privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url')),
    })
    .returning();
  return row!;
}

const activeRow = async (db: DbOrTx) => (await db.select().from(badgeSigningKeys).where(isNull(badgeSigningKeys.retiredAt)).orderBy(desc(badgeSigningKeys.createdAt)).limit(1))[0];

// Each node keeps the active key for a minute: a rotation made on another node reaches it within that time, and
// what it signs meanwhile still verifies (retired keys stay published).
const KEY_TTL_MS = 60_000;
const keyCache = new WeakMap<object, { key: SigningKey; at: number }>();

/**
 * The active signing key, created (once, whichever node asks first) on first use. When no configured key opens
 * it (SECRET_KEY replaced without keeping the earlier one in SECRET_KEY_PREVIOUS), it is retired (it stays
 * published, so what it signed still verifies) and a new one takes its place.
 */
export async function activeSigningKey(db: DbOrTx, keys: SecretKeys): Promise<SigningKey> {
  const cached = keyCache.get(db);
  if (cached && Date.now() - cached.at < KEY_TTL_MS) return cached.key;
  const row = await activeRow(db);
  let key = row ? openKey(keys, row) : null;
  if (!key) {
    key = await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${KEY_LOCK})`);
      const current = await activeRow(tx);
      const opened = current ? openKey(keys, current) : null;
      if (opened) return opened;
      if (current) await tx.update(badgeSigningKeys).set({ retiredAt: new Date() }).where(eq(badgeSigningKeys.id, current.id));
      return openKey(keys, await createKey(tx, keys[0]))!;
    });
  }
  keyCache.set(db, { key, at: Date.now() });
  return key;
}

/** Retires the active key and makes a new one; the old one stays published for the credentials it signed. */
export async function rotateSigningKey(db: DbOrTx, keys: SecretKeys): Promise<{ retired: string | null; created: string }> {
  const r = await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${KEY_LOCK})`);
    const old = await activeRow(tx);
    if (old) await tx.update(badgeSigningKeys).set({ retiredAt: new Date() }).where(eq(badgeSigningKeys.id, old.id));
    const created = await createKey(tx, keys[0]);
    return { retired: old?.id ?? null, created: created.id };
  });
  keyCache.delete(db);
  return r;
}

/** Every key ever used, newest first, as public JWKs with their `kid` URLs (the JWKS). */
export async function publishedKeys(db: DbOrTx, publicUrl: string) {
  const rows = await db.select().from(badgeSigningKeys).orderBy(desc(badgeSigningKeys.createdAt));
  return rows.map((r) => publicJwkOf(r, publicUrl));
}

const publicJwkOf = (r: typeof badgeSigningKeys.$inferSelect, publicUrl: string) => ({ kty: r.publicJwk.kty, crv: r.publicJwk.crv, x: r.publicJwk.x, kid: badgeUrls(publicUrl).key(r.id), alg: r.algorithm, use: 'sig' as const });

/** One published key by its id (what a `kid` URL dereferences to), or null. */
export async function publishedKey(db: DbOrTx, publicUrl: string, id: string) {
  const [r] = await db.select().from(badgeSigningKeys).where(eq(badgeSigningKeys.id, id));
  return r ? publicJwkOf(r, publicUrl) : null;
}

// ---------------------------------------------------------------------------------------------------------
// JWS (RFC 7515, compact), signed and checked with node:crypto

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A compact JWS of `payload`, EdDSA (Ed25519), with the key's `kid` URL. */
export function signJws(payload: object, key: SigningKey, publicUrl: string, typ: 'JWT' | 'vc+jwt' = 'JWT'): string {
  const input = `${b64({ alg: 'EdDSA', kid: badgeUrls(publicUrl).key(key.id), typ })}.${b64(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), key.privateKey).toString('base64url')}`;
}

const JWS_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The header and payload of a compact JWS, not verified; null when it is not one. */
export function decodeJws(token: string): { header: Record<string, unknown>; payload: Record<string, unknown>; input: string; signature: Buffer } | null {
  if (!JWS_SHAPE.test(token)) return null;
  const [h, p, s] = token.split('.') as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    if (!header || typeof header !== 'object' || Array.isArray(header) || !payload || typeof payload !== 'object' || Array.isArray(payload)) return null;
    return { header, payload, input: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Status list (W3C Bitstring Status List v1.0)

/** The certificate's slot in a status list, allocated at random in the current list on first use. */
export async function statusSlot(db: DbOrTx, certificateId: string): Promise<{ list: number; index: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const [found] = await db.select({ list: badgeStatusEntries.list, index: badgeStatusEntries.index }).from(badgeStatusEntries).where(eq(badgeStatusEntries.certificateId, certificateId));
    if (found) return found;
    const [last] = await db.select({ list: badgeStatusEntries.list, n: count() }).from(badgeStatusEntries).groupBy(badgeStatusEntries.list).orderBy(desc(badgeStatusEntries.list)).limit(1);
    const list = !last ? 1 : last.n >= STATUS_LIST_FILL ? last.list + 1 : last.list;
    // A taken slot (or another request allocating for the same certificate) inserts nothing: look again.
    await db.insert(badgeStatusEntries).values({ certificateId, list, index: randomInt(STATUS_LIST_BITS) }).onConflictDoNothing();
  }
  throw new Error('no free status list slot found');
}

/** The indexes set in a list: certificates revoked, or deleted since their credential was made. */
export async function revokedIndexes(db: DbOrTx, list: number): Promise<number[]> {
  const rows = await db
    .select({ index: badgeStatusEntries.index })
    .from(badgeStatusEntries)
    .leftJoin(certificates, eq(certificates.id, badgeStatusEntries.certificateId))
    .where(and(eq(badgeStatusEntries.list, list), or(isNull(certificates.id), isNotNull(certificates.revokedAt))));
  return rows.map((r) => r.index);
}

/** Whether a status list has been started (lists are numbered from 1 with no gap). */
export async function statusListExists(db: DbOrTx, list: number): Promise<boolean> {
  const [r] = await db.select({ n: count() }).from(badgeStatusEntries).where(eq(badgeStatusEntries.list, list));
  return list === 1 || (r?.n ?? 0) > 0;
}

/** The bitstring, GZIP-compressed, multibase base64url ('u'): index 0 is the left-most bit of the first byte. */
export function encodeStatusList(indexes: number[]): string {
  const bits = Buffer.alloc(STATUS_LIST_BITS / 8);
  for (const i of indexes) bits[i >> 3]! |= 0x80 >> (i & 7);
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** The status list as a BitstringStatusListCredential, secured as a JWT (VC-JOSE-COSE) with the same key. */
export async function statusListCredential(db: DbOrTx, ctx: BadgeContext, list: number, now = new Date()): Promise<string> {
  const urls = badgeUrls(ctx.publicUrl);
  const credential = {
    '@context': [VC_CONTEXT],
    id: urls.statusList(list),
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: urls.issuer,
    validFrom: isoSeconds(now),
    credentialSubject: { id: `${urls.statusList(list)}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: encodeStatusList(await revokedIndexes(db, list)) },
  };
  return signJws({ ...credential, iss: urls.issuer, jti: credential.id, iat: Math.floor(now.getTime() / 1000) }, await activeSigningKey(db, ctx.secretKeys), ctx.publicUrl, 'vc+jwt');
}

// ---------------------------------------------------------------------------------------------------------
// The credential

const isoSeconds = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/** The issuer's Open Badges Profile (what `issuer.id` dereferences to): its id is this instance's, the rest is configured. */
export function issuerProfile(ctx: Pick<BadgeContext, 'publicUrl' | 'issuer'>) {
  const { name, url, email, image } = ctx.issuer;
  return { id: badgeUrls(ctx.publicUrl).issuer, type: ['Profile'], name, url, ...(email ? { email } : {}), ...(image ? { image: { id: image, type: 'Image' } } : {}) };
}

/**
 * A stable, pseudonymous identifier of the learner (the credential's subject and the JWT's `sub`): a UUID made
 * from an HMAC of their account id, so their credentials name the same subject without revealing who it is.
 */
export function subjectId(secretKey: string, userId: string): string {
  const h = Buffer.from(hmac(secretKey, 'badge-subject', userId), 'base64url').subarray(0, 16);
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8 (custom, RFC 9562)
  h[8] = (h[8]! & 0x3f) | 0x80; // variant 10
  const x = h.toString('hex');
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

type IssuedCertificate = Certificate & { courseSlug: string; userId: string };

/**
 * The OpenBadgeCredential of a certificate, in the certificate's language, from what the certificate fixed at
 * issue: the same certificate and status slot always give the same credential.
 */
export function openBadgeCredential(c: IssuedCertificate, slot: { list: number; index: number }, ctx: BadgeContext) {
  const urls = badgeUrls(ctx.publicUrl);
  const locale = isLocale(c.locale) ? c.locale : 'en';
  const t = translator(locale);
  const hours = Math.round((c.durationMinutes / 60) * 100) / 100;
  const credits = c.profession ? c.credits : [];
  const achievementId = urls.course(c.courseSlug);
  const creditName = (x: { scheme: string }) => `${t(`training.scheme.${x.scheme}`)} (${t(`profession.${c.profession}`)})`;
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: urls.certificate(c.code),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: issuerProfile(ctx),
    validFrom: isoSeconds(c.issuedAt),
    name: c.courseTitle,
    credentialSubject: {
      id: subjectId(ctx.secretKeys[0], c.userId),
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: c.learnerName, identityType: 'name', hashed: false }],
      achievement: {
        id: achievementId,
        type: ['Achievement'],
        achievementType: 'Course',
        name: c.courseTitle,
        description: t('training.badge.achievementDescription', { title: c.courseTitle, duration: formatDuration(locale, c.durationMinutes) }),
        criteria: { id: achievementId, narrative: t('training.badge.criteria') },
        resultDescription: [
          { id: `${achievementId}#hours`, type: ['ResultDescription'], name: t('training.badge.hours'), resultType: 'Result' },
          ...credits.map((x) => ({ id: `${achievementId}#${x.scheme}-${c.profession}`, type: ['ResultDescription'], name: creditName(x), resultType: 'Result' })),
        ],
      },
      result: [
        { type: ['Result'], resultDescription: `${achievementId}#hours`, value: String(hours) },
        ...credits.map((x) => ({ type: ['Result'], resultDescription: `${achievementId}#${x.scheme}-${c.profession}`, value: String(x.amount) })),
      ],
    },
    description: [t('training.certificate.certifies'), c.learnerName, t('training.certificate.completed'), `${c.courseTitle}.`, `${t('training.certificate.duration')}: ${formatDuration(locale, c.durationMinutes)}.`, ...credits.map((x) => `${creditName(x)}: ${number(x.amount)}.`)].join(' '),
    credentialStatus: { id: `${urls.statusList(slot.list)}#${slot.index}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(slot.index), statusListCredential: urls.statusList(slot.list) },
    credentialSchema: [{ id: OB_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
  };
}
export type OpenBadgeCredential = ReturnType<typeof openBadgeCredential>;

/** The credential and its VC-JWT (OB 3.0 §8.2: the credential with iss, jti, sub and nbf claims). */
export async function issuedCredential(db: DbOrTx, ctx: BadgeContext, c: IssuedCertificate): Promise<{ credential: OpenBadgeCredential; jwt: string }> {
  const credential = openBadgeCredential(c, await statusSlot(db, c.id), ctx);
  const claims = { iss: credential.issuer.id, jti: credential.id, sub: credential.credentialSubject.id, nbf: Math.floor(c.issuedAt.getTime() / 1000) };
  return { credential, jwt: signJws({ ...credential, ...claims }, await activeSigningKey(db, ctx.secretKeys), ctx.publicUrl) };
}

// ---------------------------------------------------------------------------------------------------------
// Checking a credential someone holds

export type CheckResult =
  | { kind: 'valid'; code: string; credential: Record<string, unknown> }
  | { kind: 'revoked'; code: string; certificate: Certificate | null; credential: Record<string, unknown> }
  | { kind: 'tampered' }
  | { kind: 'foreign' };

/**
 * Checks a VC-JWT as a verifier would: the issuer must be this instance, the signature must verify with the
 * published key its `kid` names, the claims must agree with the credential, and the certificate must still be
 * on record and not revoked. `find` reads a certificate by code.
 */
export async function checkCredentialJwt(db: DbOrTx, ctx: BadgeContext, token: string, find: (code: string) => Promise<Certificate | null>): Promise<CheckResult | null> {
  const jws = decodeJws(token.trim());
  if (!jws) return null;
  const p = jws.payload;
  const types = Array.isArray(p.type) ? p.type : [p.type];
  if (!types.includes('OpenBadgeCredential') && !types.includes('AchievementCredential')) return null;
  const urls = badgeUrls(ctx.publicUrl);
  const issuerId = typeof p.issuer === 'string' ? p.issuer : (p.issuer as { id?: unknown } | null)?.id;
  const kid = typeof jws.header.kid === 'string' ? jws.header.kid : '';
  const ours = kid.startsWith(urls.key('')) || issuerId === urls.issuer || p.iss === urls.issuer;
  if (!ours) return { kind: 'foreign' };
  const [row] = kid.startsWith(urls.key('')) ? await db.select().from(badgeSigningKeys).where(eq(badgeSigningKeys.id, kid.slice(urls.key('').length))) : [];
  if (!row || jws.header.alg !== 'EdDSA') return { kind: 'tampered' };
  const publicKey = createPublicKey({ key: { ...row.publicJwk }, format: 'jwk' });
  if (!verify(null, Buffer.from(jws.input), publicKey, jws.signature)) return { kind: 'tampered' };
  const subject = p.credentialSubject as { id?: unknown } | undefined;
  const nbfMatches = typeof p.nbf === 'number' && typeof p.validFrom === 'string' && Date.parse(p.validFrom) === p.nbf * 1000;
  if (p.iss !== issuerId || p.jti !== p.id || p.sub !== subject?.id || !nbfMatches || typeof p.id !== 'string' || !p.id.startsWith(urls.certificate(''))) return { kind: 'tampered' };
  const code = p.id.slice(urls.certificate('').length);
  const certificate = await find(code);
  if (!certificate || certificate.revokedAt) return { kind: 'revoked', code, certificate, credential: p };
  return { kind: 'valid', code, credential: p };
}

// ---------------------------------------------------------------------------------------------------------
// Baking (OB 3.0 §5.3): PNG iTXt chunk `openbadgecredential`, SVG <openbadges:credential verify="…">

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const OB_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';
const KEYWORD = 'openbadgecredential';

/** The badge's picture (no text: it must read the same in every language and needs no fonts to render). */
function badgeArt() {
  return [
    '<circle cx="256" cy="230" r="190" fill="#0b5d7a"/>',
    '<circle cx="256" cy="230" r="160" fill="none" stroke="#ffffff" stroke-width="10"/>',
    '<path d="M176 236 l56 56 l108 -116" fill="none" stroke="#ffffff" stroke-width="30" stroke-linecap="round" stroke-linejoin="round"/>',
    '<path d="M150 392 l-44 100 l62 -18 l34 54 l44 -110 z M362 392 l44 100 l-62 -18 l-34 54 l-44 -110 z" fill="#073f54"/>',
  ].join('');
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** The badge as SVG with the credential baked in (`title` names it for assistive technology). */
export function bakeSvg(jwt: string, title: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="${OB_NAMESPACE}" viewBox="0 0 512 560" width="512" height="560" role="img" aria-label="${escapeXml(title)}">`,
    `<openbadges:credential verify="${escapeXml(jwt)}"></openbadges:credential>`,
    `<title>${escapeXml(title)}</title>`,
    badgeArt(),
    '</svg>\n',
  ].join('');
}

let pngArt: Promise<Buffer> | null = null;
/** The badge's picture as PNG, drawn once per process. */
const badgePng = () => (pngArt ??= sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 560" width="512" height="560">${badgeArt()}</svg>`)).png({ compressionLevel: 9 }).toBuffer());

const chunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
};

/** Inserts an uncompressed iTXt chunk with the credential just before IEND (replacing one already there). */
export function bakePngChunk(png: Buffer, jwt: string): Buffer {
  const chunks = pngChunks(png);
  if (!chunks) throw new Error('not a PNG');
  const itxt = chunk('iTXt', Buffer.concat([Buffer.from(KEYWORD, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(jwt, 'utf8')]));
  const kept = chunks.filter((c) => !(c.type === 'iTXt' && c.data.subarray(0, KEYWORD.length + 1).equals(Buffer.from(`${KEYWORD}\0`, 'latin1'))));
  const end = kept.findIndex((c) => c.type === 'IEND');
  const parts = kept.map((c) => png.subarray(c.start, c.end));
  parts.splice(end, 0, itxt);
  return Buffer.concat([PNG_SIGNATURE, ...parts]);
}

export const bakePng = async (jwt: string) => bakePngChunk(await badgePng(), jwt);

/** The chunks of a PNG (type, data, byte range), or null when it is not a well-formed PNG. */
function pngChunks(png: Buffer) {
  if (png.length < 8 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  const out: { type: string; data: Buffer; start: number; end: number }[] = [];
  let at = 8;
  while (at + 12 <= png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > png.length) return null;
    out.push({ type, data: png.subarray(at + 8, at + 8 + length), start: at, end: at + 12 + length });
    at += 12 + length;
    if (type === 'IEND') return out;
  }
  return null;
}

export type Extracted = { ok: true; text: string } | { ok: false; reason: 'not-png' | 'no-credential' | 'compressed' };

/** The text of the first iTXt chunk named `openbadgecredential` (OB 3.0 §5.3.1.2). */
export function extractFromPng(png: Buffer): Extracted {
  const chunks = pngChunks(png);
  if (!chunks) return { ok: false, reason: 'not-png' };
  for (const c of chunks) {
    if (c.type !== 'iTXt') continue;
    const nul = c.data.indexOf(0);
    if (nul < 0 || c.data.toString('latin1', 0, nul) !== KEYWORD) continue;
    const compressed = c.data[nul + 1] === 1;
    if (compressed) return { ok: false, reason: 'compressed' };
    // After the keyword: compression flag, method, language tag NUL, translated keyword NUL, then the text.
    const lang = c.data.indexOf(0, nul + 3);
    const translated = lang < 0 ? -1 : c.data.indexOf(0, lang + 1);
    if (translated < 0) return { ok: false, reason: 'no-credential' };
    return { ok: true, text: c.data.subarray(translated + 1).toString('utf8') };
  }
  return { ok: false, reason: 'no-credential' };
}

/** The `verify` attribute (or the CDATA body) of the first <openbadges:credential> element of an SVG. */
export function extractFromSvg(svg: string): Extracted {
  const element = /<([A-Za-z_][\w.-]*):credential\b([^>]*)>([\s\S]*?)<\/\1:credential>|<([A-Za-z_][\w.-]*):credential\b([^>]*)\/>/.exec(svg);
  if (!element) return { ok: false, reason: 'no-credential' };
  const attrs = element[2] ?? element[5] ?? '';
  const verifyAttr = /\bverify\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(attrs);
  if (verifyAttr) return { ok: true, text: unescapeXml(verifyAttr[1] ?? verifyAttr[2] ?? '') };
  const body = /<!\[CDATA\[([\s\S]*?)\]\]>/.exec(element[3] ?? '')?.[1];
  return body ? { ok: true, text: body.trim() } : { ok: false, reason: 'no-credential' };
}

const unescapeXml = (s: string) => s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

/** What an uploaded file holds, judged by its content. */
export type Presented = { kind: 'jwt'; token: string } | { kind: 'unsigned' } | { kind: 'not-credential' } | { kind: 'unsupported' };

/** Finds the credential in an uploaded or pasted file: a PNG or SVG badge, a VC-JWT, or JSON. */
export function presentedCredential(data: Buffer): Presented {
  if (data.subarray(0, 8).equals(PNG_SIGNATURE)) {
    const r = extractFromPng(data);
    return r.ok ? fromText(r.text) : { kind: 'not-credential' };
  }
  const text = data.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(data) || text.includes('\0')) return { kind: 'unsupported' };
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg\b/i.test(trimmed)) {
    const r = extractFromSvg(trimmed);
    return r.ok ? fromText(r.text) : { kind: 'not-credential' };
  }
  if (trimmed.startsWith('{') || JWS_SHAPE.test(trimmed)) return fromText(trimmed);
  return { kind: 'unsupported' };
}

/** A baked or uploaded text: a compact JWS, or JSON holding one (an EnvelopedVerifiableCredential, VC 2.0 §4.13). */
function fromText(text: string): Presented {
  const t = text.trim();
  if (JWS_SHAPE.test(t)) return decodeJws(t) ? { kind: 'jwt', token: t } : { kind: 'not-credential' };
  let json: unknown;
  try {
    json = JSON.parse(t);
  } catch {
    return { kind: 'not-credential' };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { kind: 'not-credential' };
  const o = json as Record<string, unknown>;
  const types = Array.isArray(o.type) ? o.type : [o.type];
  if (types.includes('EnvelopedVerifiableCredential') && typeof o.id === 'string') {
    const m = /^data:application\/vc\+jwt,(.+)$/.exec(o.id);
    return m && JWS_SHAPE.test(m[1]!) ? { kind: 'jwt', token: m[1]! } : { kind: 'not-credential' };
  }
  if (types.includes('VerifiableCredential')) return { kind: 'unsigned' };
  return { kind: 'not-credential' };
}
