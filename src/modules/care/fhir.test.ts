import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform } from '../../../test/helpers.js';
import type { Role } from '../../platform/access.js';
import { grantRole } from '../../platform/identity/organisations.js';
import { createUser } from '../../platform/identity/users.js';
import { organisations, organisationTypes, regions } from '../../platform/schema.js';
import { directoryOrganizations, directoryServices, serviceTypes } from '../directory/schema.js';
import type { CareActor } from './access.js';
import { careCipher, placeOf, type CareCipher } from './crypto.js';
import { referralBundle, validateFhir, type FhirBundle } from './fhir.js';
import { createReferral, sendReferral, transition } from './referrals.js';
import { careAudit, consents, residents } from './schema.js';

let ctx: Awaited<ReturnType<typeof testPlatform>>;
let cipher: CareCipher;
const db = () => ctx.platform.database.db;
const p = () => ctx.platform;
const ids: Record<string, string> = {};
const DAY = 86_400_000;
let operator: CareActor;
let clinician: CareActor;
let otherClinician: CareActor;

async function person(email: string, grants: [Role, string][]): Promise<CareActor> {
  const u = await createUser(db(), { email, name: email.split('@')[0]!, passwordHash: null, verified: true });
  for (const [role, org] of grants) await grantRole(db(), u.id, role, org);
  return { principal: { id: u.id, email: u.email, name: u.name, locale: null, roles: grants.map(([role, organisationId]) => ({ role, organisationId })), totpEnabled: true } };
}

async function resident(caseCode: string) {
  const id = randomUUID();
  await db()
    .insert(residents)
    .values({ id, organisationId: ids.centre!, caseCode, birthYear: 2001, languages: ['ti'], nameSealed: cipher.seal('Selam Example', placeOf('care_residents', 'name_sealed', id)) });
  return id;
}

/** Exported JSON, read along whatever path a test names. */
type Json = ReturnType<typeof JSON.parse>;
const entries = (b: FhirBundle, type: string): Json[] => b.entry.filter((e) => e.resource.resourceType === type).map((e) => e.resource);

beforeAll(async () => {
  ctx = await testPlatform();
  cipher = careCipher(ctx.platform.config);
  await db()
    .insert(organisationTypes)
    .values([
      { code: 'reception-centre', names: { en: 'Reception centre' } },
      { code: 'health', names: { en: 'Health service' } },
    ])
    .onConflictDoNothing();
  await db().insert(serviceTypes).values({ code: 'community-mental-health-centre', names: { en: 'Community mental-health centre' } }).onConflictDoNothing();
  const [region] = await db().insert(regions).values({ country: 'IT', code: 'IT-25', name: 'Lombardia' }).returning();
  const [centre, asl, asl2] = await db()
    .insert(organisations)
    .values([
      { name: 'CAS Prova Milano', typeCode: 'reception-centre', country: 'IT', regionId: region!.id },
      { name: 'ASST Prova Milano', typeCode: 'health', country: 'IT', regionId: region!.id },
      { name: 'ASST Prova Bergamo', typeCode: 'health', country: 'IT', regionId: region!.id },
    ])
    .returning();
  const [dir] = await db().insert(directoryOrganizations).values({ name: 'ASST Prova Milano', memberOrganisationId: asl!.id }).returning();
  const [svc] = await db()
    .insert(directoryServices)
    .values({ organizationId: dir!.id, name: 'CPS Milano Nord', description: 'Centro psico-sociale.', email: 'cps@asst.example.org', url: 'https://asst.example.org/cps', typeCode: 'community-mental-health-centre', staffLanguages: ['it', 'en'], acceptsReferrals: true })
    .returning();
  Object.assign(ids, { centre: centre!.id, asl: asl!.id, asl2: asl2!.id, service: svc!.id });
  operator = await person('operator@cas-milano.example.org', [['care-operator', centre!.id]]);
  clinician = await person('clinician@asst-milano.example.org', [['care-clinician', asl!.id]]);
  otherClinician = await person('clinician@asst-bergamo.example.org', [['care-clinician', asl2!.id]]);
});

afterAll(async () => {
  await ctx?.close();
});

describe('a referral as FHIR', () => {
  it('is a valid R4 Bundle of ServiceRequest, Task, Consent, Organizations and HealthcareService', async () => {
    const res = await resident('MI-2026-014');
    const [consent] = await db().insert(consents).values({ residentId: res, purpose: 'sharing', recipientOrganisationId: ids.asl!, givenOn: '2026-02-01', language: 'ti', mediatorPresent: true }).returning();
    const created = await createReferral(db(), cipher, operator, res, { serviceId: ids.service!, reason: 'Low mood and insomnia for three months', urgency: 'urgent', mediatorLanguage: 'ti' });
    expect(created.ok).toBe(true);
    const id = (created as { id: string }).id;
    const t0 = new Date(Date.now() - 5 * DAY);
    await sendReferral(p(), db(), cipher, operator, id, {}, t0);
    await transition(p(), db(), cipher, clinician, id, 'accept', {}, new Date(t0.getTime() + DAY));
    const appointment = new Date(t0.getTime() + 3 * DAY);
    await transition(p(), db(), cipher, clinician, id, 'schedule', { appointmentAt: appointment }, new Date(t0.getTime() + DAY));

    const exported = await referralBundle(db(), cipher, clinician, id, 'https://ponte.example.org/');
    expect(exported.ok).toBe(true);
    const bundle = (exported as { bundle: FhirBundle }).bundle;
    const validation = validateFhir(bundle);
    expect(validation.errors).toEqual([]);
    expect(validation.valid).toBe(true);

    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual(['ServiceRequest', 'Task', 'Provenance', 'Provenance', 'Provenance', 'Provenance', 'Consent', 'Organization', 'Organization', 'HealthcareService']);
    expect(bundle.entry.every((e) => e.fullUrl === `https://ponte.example.org/fhir/${e.resource.resourceType}/${e.resource.id}`)).toBe(true);

    const [sr] = entries(bundle, 'ServiceRequest');
    expect(sr).toMatchObject({
      id,
      status: 'active',
      intent: 'order',
      priority: 'urgent',
      reasonCode: [{ text: 'Low mood and insomnia for three months' }],
      requester: { reference: `Organization/${ids.centre}` },
      performer: [{ reference: `HealthcareService/${ids.service}` }],
      authoredOn: t0.toISOString(),
      extension: [{ valueCode: 'ti' }],
    });
    // The resident is only an identifier: the centre's case code.
    expect(sr!.subject).toEqual({ type: 'Patient', identifier: { system: `https://ponte.example.org/fhir/sid/case-code/${ids.centre}`, value: 'MI-2026-014', assigner: { reference: `Organization/${ids.centre}` } } });
    expect(JSON.stringify(bundle)).not.toMatch(/Selam|2001/);
    expect(bundle.entry.some((e) => e.resource.resourceType === 'Patient')).toBe(false);

    const [task] = entries(bundle, 'Task');
    expect(task).toMatchObject({
      status: 'in-progress',
      intent: 'order',
      priority: 'urgent',
      focus: { reference: `ServiceRequest/${id}` },
      businessStatus: { coding: [{ code: 'appointment-scheduled' }] },
      owner: { reference: `Organization/${ids.asl}` },
      executionPeriod: { start: new Date(t0.getTime() + DAY).toISOString() },
      restriction: { period: { end: new Date(t0.getTime() + 7 * DAY).toISOString() } },
    });
    expect(task!.relevantHistory).toHaveLength(4);
    const steps = entries(bundle, 'Provenance').map((x) => x.activity.coding[0].code);
    expect(steps).toEqual(['created', 'sent', 'accepted', 'appointment-scheduled']);

    const [c] = entries(bundle, 'Consent');
    expect(c).toMatchObject({
      id: consent!.id,
      status: 'active',
      scope: { coding: [{ code: 'patient-privacy' }] },
      dateTime: '2026-02-01',
      provision: { type: 'permit', actor: [{ reference: { reference: `Organization/${ids.asl}` } }] },
    });
    expect(entries(bundle, 'Organization').map((o) => o.name)).toEqual(['CAS Prova Milano', 'ASST Prova Milano']);
    expect(entries(bundle, 'HealthcareService')[0]).toMatchObject({ name: 'CPS Milano Nord', providedBy: { reference: `Organization/${ids.asl}` }, active: true });

    // Exporting is a read of the record.
    const audited = await db().select().from(careAudit).where(and(eq(careAudit.referralId, id), eq(careAudit.action, 'referral.export')));
    expect(audited).toMatchObject([{ actorId: clinician.principal.id, outcome: 'success', basis: 'referral-recipient' }]);
  });

  it('maps an emergency sent without consent to stat, flagged, with no Consent; and the close of a referral', async () => {
    const res = await resident('MI-2026-015');
    const created = await createReferral(db(), cipher, operator, res, { serviceId: ids.service!, reason: 'Acute crisis', urgency: 'emergency' });
    const id = (created as { id: string }).id;
    await sendReferral(p(), db(), cipher, operator, id, { overrideReason: 'Cannot wait for consent, acute risk' });
    await transition(p(), db(), cipher, clinician, id, 'reject', { reason: 'capacity' });
    const exported = await referralBundle(db(), cipher, operator, id, 'https://ponte.example.org');
    const bundle = (exported as { bundle: FhirBundle }).bundle;
    expect(validateFhir(bundle)).toMatchObject({ valid: true, errors: [] });
    const [sr] = entries(bundle, 'ServiceRequest');
    expect(sr).toMatchObject({ priority: 'stat', status: 'revoked' });
    expect(sr!.meta.security.map((s: { code: string }) => s.code)).toEqual(['R', 'ETREAT']);
    const [task] = entries(bundle, 'Task');
    expect(task).toMatchObject({ status: 'rejected', statusReason: { coding: [{ code: 'capacity' }] } });
    expect(task!.executionPeriod.end).toBeTruthy();
    expect(entries(bundle, 'Consent')).toEqual([]);
    expect(JSON.stringify(bundle)).not.toContain('Cannot wait');
  });

  it('is refused to anyone who may not open the referral', async () => {
    const res = await resident('MI-2026-016');
    const created = await createReferral(db(), cipher, operator, res, { serviceId: ids.service!, reason: 'Anxiety', urgency: 'routine' });
    const id = (created as { id: string }).id;
    // A draft is the sender's alone.
    expect(await referralBundle(db(), cipher, clinician, id, 'https://ponte.example.org')).toEqual({ ok: false, error: 'not-found' });
    expect(await referralBundle(db(), cipher, otherClinician, id, 'https://ponte.example.org')).toEqual({ ok: false, error: 'not-found' });
    expect(await referralBundle(db(), cipher, otherClinician, 'nope', 'https://ponte.example.org')).toEqual({ ok: false, error: 'not-found' });
    const denied = await db().select().from(careAudit).where(and(eq(careAudit.referralId, id), eq(careAudit.outcome, 'denied')));
    expect(denied).toHaveLength(2);
    // The sender exports a draft: a draft request and task.
    const own = await referralBundle(db(), cipher, operator, id, 'https://ponte.example.org');
    const bundle = (own as { bundle: FhirBundle }).bundle;
    expect(validateFhir(bundle).valid).toBe(true);
    expect(entries(bundle, 'ServiceRequest')[0]).toMatchObject({ status: 'draft', priority: 'routine' });
    expect(entries(bundle, 'Task')[0]).toMatchObject({ status: 'draft' });
  });
});

describe('validateFhir', () => {
  const task = { resourceType: 'Task', status: 'requested', intent: 'order', focus: { reference: 'ServiceRequest/x' } };

  it('accepts a valid resource and names what is wrong with an invalid one', () => {
    expect(validateFhir(task)).toEqual({ valid: true, errors: [], warnings: [] });
    expect(validateFhir({ ...task, status: 'scheduled' }).errors).toEqual(['Task.status: Code "scheduled" not found in value set']);
    expect(validateFhir({ resourceType: 'Task', status: 'requested' }).errors).toEqual(['Task.intent: Missing property']);
    expect(validateFhir({ ...task, colour: 'red' }).valid).toBe(false);
    expect(validateFhir({ ...task, authoredOn: 'yesterday' }).valid).toBe(false);
    expect(validateFhir({ resourceType: 'ServiceRequest', status: 'active', intent: 'order', priority: 'emergency', subject: { reference: 'Patient/x' } }).errors).toEqual([
      'ServiceRequest.priority: Code "emergency" not found in value set',
    ]);
    expect(validateFhir({ status: 'active' })).toMatchObject({ valid: false });
    expect(validateFhir(null)).toMatchObject({ valid: false });
  });

  it('checks the resources inside a Bundle', () => {
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'https://x.example/fhir/Task/1', resource: { ...task, id: '1', status: 'nearly-done' } }] };
    expect(validateFhir(bundle).valid).toBe(false);
    expect(validateFhir({ ...bundle, type: 'heap' }).valid).toBe(false);
  });
});
