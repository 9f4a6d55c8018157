import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.js';
import { createOrganisation } from '../../platform/identity/organisations.js';
import { organisations, regions } from '../../platform/schema.js';
import { DEMO_GUIDELINE } from './demo.js';
import { guidelineAdoptions, guidelineComments, guidelineEndorsements, guidelines, guidelineVersions, recommendations, type AdoptionStatus } from './schema.js';

/**
 * Demo participation in the demo guideline (all fictional, names end in "(demo)"): twelve organisations in
 * the four regions assess the published version's recommendations, four endorse it, and a handful of
 * comments are left on the version under consultation, some answered or closed. Drawn by a seeded generator,
 * so every seed gives the same picture; dates are relative to `now`.
 */

type RegionCode = 'IT-62' | 'IT-25' | 'IT-72' | 'IT-82';

export const DEMO_ADOPTION_ORGANISATIONS: { name: string; typeCode: string; region: RegionCode }[] = [
  { name: 'CAS Colle Aurelio (demo)', typeCode: 'reception-centre', region: 'IT-62' },
  { name: 'ASL Roma Esempio (demo)', typeCode: 'local-health-authority', region: 'IT-62' },
  { name: 'Progetto SAI Tevere (demo)', typeCode: 'integration-project', region: 'IT-62' },
  { name: 'CSM Navigli Esempio (demo)', typeCode: 'community-mental-health-centre', region: 'IT-25' },
  { name: 'Cooperativa Accoglienza Brianza (demo)', typeCode: 'reception-centre', region: 'IT-25' },
  { name: 'Consultorio Porta Venezia (demo)', typeCode: 'family-clinic', region: 'IT-25' },
  { name: 'CAS Vesuvio Esempio (demo)', typeCode: 'reception-centre', region: 'IT-72' },
  { name: 'Associazione Ponte Sud (demo)', typeCode: 'ngo', region: 'IT-72' },
  { name: 'ASL Salerno Esempio (demo)', typeCode: 'local-health-authority', region: 'IT-72' },
  { name: 'Hotspot Esempio Trapani (demo)', typeCode: 'reception-centre', region: 'IT-82' },
  { name: 'Mediazione Trinacria (demo)', typeCode: 'mediator-agency', region: 'IT-82' },
  { name: 'CSM Palermo Esempio (demo)', typeCode: 'community-mental-health-centre', region: 'IT-82' },
];

/** How far each region has gone, roughly: the chance that a recommendation is implemented, or partly. */
const LEANINGS: Record<RegionCode, { implemented: number; partly: number; planned: number }> = {
  'IT-25': { implemented: 0.55, partly: 0.25, planned: 0.12 },
  'IT-62': { implemented: 0.45, partly: 0.25, planned: 0.18 },
  'IT-72': { implemented: 0.3, partly: 0.3, planned: 0.25 },
  'IT-82': { implemented: 0.25, partly: 0.3, planned: 0.3 },
};

const ENDORSEMENTS: { organisation: number; statement: string; daysAgo: number }[] = [
  { organisation: 1, statement: 'We adopt these recommendations in all districts of our health authority. (demo)', daysAgo: 90 },
  { organisation: 3, statement: 'Our centre uses the guideline to plan screening and referral with the reception centres of the area. (demo)', daysAgo: 60 },
  { organisation: 7, statement: '', daysAgo: 40 },
  { organisation: 11, statement: 'The guideline helps us agree with mental-health services on how mediators take part in care. (demo)', daysAgo: 12 },
];

const COMMENTS: { identifier: string; organisation: number | null; body: string; daysAgo: number; answer?: string; closed?: true }[] = [
  {
    identifier: 'R6',
    organisation: 0,
    body: 'Six months is a good interval, but in large centres a transfer often happens with one day’s notice. Could the recommendation say who repeats the screening when the person has already left? (demo comment)',
    daysAgo: 8,
    answer: 'Thank you. The rationale now says that the receiving centre repeats the screening within 14 days of a transfer. (demo answer)',
  },
  { identifier: 'R6', organisation: 6, body: 'We suggest naming a negative asylum decision on appeal as well, not only the first decision. (demo comment)', daysAgo: 6 },
  {
    identifier: 'R4',
    organisation: 9,
    body: 'In hotspots people often stay fewer than 14 days: the first screening should start there and travel with the person. (demo comment)',
    daysAgo: 5,
    answer: 'This is outside the scope of version 2.1, which only reviews R6; we have noted it for the next edition. (demo answer)',
    closed: true,
  },
  { identifier: 'R9', organisation: null, body: 'Same-day urgent referral works only if the mental-health centre has a named contact for reception centres. (demo comment)', daysAgo: 3 },
  { identifier: 'R22', organisation: 10, body: 'Please mention mediators of the same gender for unaccompanied girls where they ask for it. (demo comment)', daysAgo: 1, closed: true },
];

const DAY = 86_400_000;

/** Mulberry32: the same draw on every seed. */
function generator(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EVIDENCE: Partial<Record<AdoptionStatus, string[]>> = {
  implemented: ['Written procedure in use since last year (demo).', 'Included in the service charter (demo).', 'Checked at the last internal audit (demo).'],
  partly: ['In place at one of our sites only (demo).', 'Done when a mediator is available (demo).'],
  planned: ['Training of staff planned for next quarter (demo).'],
};

export async function seedAdoptionDemo(db: DbOrTx, now = new Date()): Promise<void> {
  const [g] = await db.select().from(guidelines).where(eq(guidelines.slug, DEMO_GUIDELINE.slug));
  if (!g) return;
  // Once: the first demo organisation's row tells whether the demo is there already.
  if ((await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, DEMO_ADOPTION_ORGANISATIONS[0]!.name))).length) return;
  const regionIds = new Map((await db.select().from(regions).where(inArray(regions.code, Object.keys(LEANINGS)))).map((r) => [r.code, r.id]));
  const orgIds: string[] = [];
  for (const o of DEMO_ADOPTION_ORGANISATIONS) {
    const [existing] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, o.name));
    orgIds.push(existing?.id ?? (await createOrganisation(db, { name: o.name, typeCode: o.typeCode, country: 'IT', regionId: regionIds.get(o.region) ?? null, website: null })).id);
  }
  const [published] = await db
    .select()
    .from(guidelineVersions)
    .where(and(eq(guidelineVersions.guidelineId, g.id), eq(guidelineVersions.status, 'published')));
  if (published) {
    const identifiers = (await db.select({ identifier: recommendations.identifier }).from(recommendations).where(eq(recommendations.versionId, published.id))).map((r) => r.identifier);
    const random = generator(2025);
    const rows: (typeof guidelineAdoptions.$inferInsert)[] = [];
    DEMO_ADOPTION_ORGANISATIONS.forEach((o, i) => {
      const lean = LEANINGS[o.region];
      const assessedOn = new Date(now.getTime() - Math.floor(20 + random() * 180) * DAY).toISOString().slice(0, 10);
      for (const identifier of identifiers) {
        // Not every organisation assesses every recommendation: those left out are not counted.
        if (random() < 0.12) continue;
        const x = random();
        const status: AdoptionStatus = x < lean.implemented ? 'implemented' : x < lean.implemented + lean.partly ? 'partly' : x < lean.implemented + lean.partly + lean.planned ? 'planned' : 'not-applicable';
        const notes = EVIDENCE[status];
        rows.push({ guidelineId: g.id, organisationId: orgIds[i]!, identifier, status, evidence: notes && random() < 0.5 ? notes[Math.floor(random() * notes.length)]! : '', assessedOn, updatedAt: now });
      }
    });
    if (rows.length) await db.insert(guidelineAdoptions).values(rows).onConflictDoNothing();
    await db
      .insert(guidelineEndorsements)
      .values(ENDORSEMENTS.map((e) => ({ guidelineId: g.id, organisationId: orgIds[e.organisation]!, versionId: published.id, statement: e.statement, endorsedAt: new Date(now.getTime() - e.daysAgo * DAY) })))
      .onConflictDoNothing();
  }
  const [consultation] = await db
    .select()
    .from(guidelineVersions)
    .where(and(eq(guidelineVersions.guidelineId, g.id), eq(guidelineVersions.status, 'consultation')));
  if (consultation) {
    const recs = new Map((await db.select({ id: recommendations.id, identifier: recommendations.identifier }).from(recommendations).where(eq(recommendations.versionId, consultation.id))).map((r) => [r.identifier, r.id]));
    const comments = COMMENTS.filter((c) => recs.has(c.identifier)).map((c) => {
      const createdAt = new Date(now.getTime() - c.daysAgo * DAY);
      const answeredAt = c.answer ? new Date(createdAt.getTime() + DAY / 2) : null;
      return {
        versionId: consultation.id,
        recommendationId: recs.get(c.identifier)!,
        authorId: null,
        organisationId: c.organisation === null ? null : orgIds[c.organisation]!,
        locale: 'en',
        body: c.body,
        status: c.closed ? ('closed' as const) : c.answer ? ('answered' as const) : ('open' as const),
        answer: c.answer ?? null,
        answeredAt,
        closedAt: c.closed ? new Date(createdAt.getTime() + DAY) : null,
        createdAt,
      };
    });
    if (comments.length) await db.insert(guidelineComments).values(comments);
  }
}
