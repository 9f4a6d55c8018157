import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform } from '../../../test/helpers.js';
import { seedDemo } from '../../demo.js';
import { regions } from '../../platform/schema.js';
import { DEMO_DIRECTORY, DEMO_NEEDS, DEMO_SERVICE_TYPES, demoDirectory, seedDirectoryDemo, type RegionCode } from './demo.js';
import { directoryOrganizations, directoryPhones, directorySchedules, directoryServices } from './schema.js';
import { listNeeds, listServiceTypes, searchServices } from './service.js';

let ctx: Awaited<ReturnType<typeof testPlatform>>;
const db = () => ctx.platform.database.db;
const DAY = 86_400_000;
const regionId = async (code: string) => (await db().select({ id: regions.id }).from(regions).where(eq(regions.code, code)))[0]!.id;

beforeAll(async () => {
  ctx = await testPlatform();
  await seedDemo(ctx.platform);
});
afterAll(async () => ctx?.close());

describe('demo directory', () => {
  it('names every service type and need in the six UI languages', async () => {
    const types = await listServiceTypes(db());
    const needs = await listNeeds(db());
    expect(types.map((t) => t.code)).toEqual(DEMO_SERVICE_TYPES.map((t) => t.code));
    expect(needs.map((n) => n.code)).toEqual(DEMO_NEEDS.map((n) => n.code));
    for (const x of [...types, ...needs]) for (const locale of ['en', 'it', 'de', 'es', 'el', 'ar']) expect(x.names[locale], `${x.code} ${locale}`).toBeTruthy();
  });

  it('finds CSM Palermo Centro by type, Tigrinya mediation and Sicily', async () => {
    const sicily = await regionId('IT-82');
    const { items } = await searchServices(db(), { typeCode: 'community-mental-health-centre', language: 'ti', regionId: sicily }, 1, 50);
    const csm = items.find((s) => s.name === DEMO_DIRECTORY.palermoCsm);
    expect(csm).toBeDefined();
    expect(csm).toMatchObject({ status: 'active', stale: false, acceptsReferrals: true, places: ['Palermo (Sicilia)'] });
    expect(csm!.mediationLanguages).toContain('ti');
    expect(Date.now() - csm!.lastVerifiedAt!.getTime()).toBeLessThan(30 * DAY);
    // The same entry through a need and the city, and through free text.
    expect((await searchServices(db(), { need: 'psychiatric-assessment', language: 'ti', city: 'palermo' }, 1, 50)).items.map((s) => s.name)).toContain(DEMO_DIRECTORY.palermoCsm);
    expect((await searchServices(db(), { q: 'salute mentale Palermo' }, 1, 50)).items.map((s) => s.name)).toContain(DEMO_DIRECTORY.palermoCsm);
    // Not in another region.
    expect((await searchServices(db(), { typeCode: 'community-mental-health-centre', regionId: await regionId('IT-62') }, 1, 100)).items.map((s) => s.name)).not.toContain(DEMO_DIRECTORY.palermoCsm);
  });

  it('keeps two organisations in Lazio unverified for over two years, found by their names', async () => {
    const stale = await searchServices(db(), { stale: true }, 1, 100);
    for (const [name, email] of [
      [DEMO_DIRECTORY.staleOrganization, DEMO_DIRECTORY.staleVerificationEmail],
      [DEMO_DIRECTORY.secondStaleOrganization, DEMO_DIRECTORY.secondStaleVerificationEmail],
    ]) {
      const [org] = await db().select().from(directoryOrganizations).where(eq(directoryOrganizations.name, name));
      expect(org).toMatchObject({ demo: true, verifyEveryDays: 180, verificationEmail: email });
      expect(org!.verificationEmail).toMatch(/@example\.org$/);
      const { items } = await searchServices(db(), { organizationId: org!.id, includeClosed: true }, 1, 50);
      expect(items.length).toBeGreaterThan(0);
      for (const s of items) {
        expect(s.stale).toBe(true);
        expect(Date.now() - s.lastVerifiedAt!.getTime()).toBeGreaterThan(2 * 365 * DAY);
        expect(s.places.every((p) => p.endsWith('(Lazio)'))).toBe(true);
      }
      expect(stale.items.map((s) => s.name)).toEqual(expect.arrayContaining(items.map((s) => s.name)));
      // The browser journey finds them by the organisation's name.
      const found = await searchServices(db(), { q: name.replace(' (demo)', '') }, 1, 50);
      expect(found.items.map((s) => s.organization)).toEqual(items.map(() => name));
    }
    // Most entries are fresh: only a handful are stale.
    const all = await searchServices(db(), {}, 1, 1);
    expect(stale.total).toBeLessThan(all.total / 10);
  });

  it('holds a few hundred services in the four regions, every one marked as demo data', async () => {
    const {
      rows: [{ services, notDemo, notNamed, cities }],
    } = (await db().execute(sql`
      SELECT count(*)::int AS services,
             count(*) FILTER (WHERE NOT o.demo)::int AS "notDemo",
             count(*) FILTER (WHERE s.name NOT LIKE '%(demo)')::int AS "notNamed",
             (SELECT count(DISTINCT city)::int FROM directory_locations) AS cities
      FROM ${directoryServices} s JOIN ${directoryOrganizations} o ON o.id = s.organization_id`)) as unknown as { rows: [{ services: number; notDemo: number; notNamed: number; cities: number }] };
    expect(services).toBeGreaterThanOrEqual(250);
    expect(services).toBeLessThanOrEqual(350);
    expect(notDemo).toBe(0);
    expect(notNamed).toBe(0);
    expect(cities).toBeGreaterThanOrEqual(20);
    for (const o of await db().select().from(directoryOrganizations)) expect(o.description).toMatch(/fittizi|Fictional/);
    for (const code of ['IT-62', 'IT-25', 'IT-72', 'IT-82']) expect((await searchServices(db(), { regionId: await regionId(code) }, 1, 1)).total).toBeGreaterThan(50);
    // Phone numbers that reach nobody, opening hours in Rome's time.
    expect((await db().select().from(directoryPhones)).every((p) => p.number.startsWith('+39 0000 '))).toBe(true);
    expect((await db().select().from(directorySchedules)).every((s) => s.timeZone === 'Europe/Rome')).toBe(true);
  });

  it('is the same on every seed, and seeds once', async () => {
    const ids = new Map((['IT-62', 'IT-25', 'IT-72', 'IT-82'] as RegionCode[]).map((c) => [c, `00000000-0000-4000-8000-00000000000${c.slice(-1)}`]));
    const now = new Date('2026-01-15T10:00:00Z');
    expect(JSON.stringify(demoDirectory(now, ids))).toBe(JSON.stringify(demoDirectory(now, ids)));
    const before = (await searchServices(db(), { includeClosed: true }, 1, 1)).total;
    await seedDirectoryDemo(db());
    expect((await searchServices(db(), { includeClosed: true }, 1, 1)).total).toBe(before);
  });
});
