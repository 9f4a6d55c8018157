import { randomUUID } from 'node:crypto';
import { Fhir } from 'fhir';
import type { DbOrTx } from '../../platform/db/index.js';
import { getService } from '../directory/service.js';
import { openReferral, type CareActor } from './access.js';
import type { CareCipher } from './crypto.js';
import { isUuid, referralView, type ReferralView } from './referrals.js';
import type { ReferralStatus, Urgency } from './schema.js';

/**
 * A referral as FHIR R4: a Bundle (type collection) of the ServiceRequest (what was asked of whom, and why), the
 * Task that tracks it (status, appointment as business status, target as restriction, history as Provenance), the
 * Consent to share it rests on, both Organizations and the directory's HealthcareService.
 *
 * The minimum leaves: the resident is a Patient reference holding only the centre's case code (no name, no Patient
 * resource), transition notes and the thread stay in Ponte, and an emergency override shows as the ETREAT
 * security label, not its reason. Ponte's own codes and identifiers live under `<public URL>/fhir/…`.
 *
 * `validateFhir` checks a resource against the R4 StructureDefinitions and required value sets shipped with the
 * `fhir` package (FHIR.js, offline): cardinality, types and formats, unknown elements, required bindings.
 * FHIRPath invariants are not evaluated.
 */

export type FhirResource = { resourceType: string; id?: string; [key: string]: unknown };
export type FhirBundle = FhirResource & { resourceType: 'Bundle'; type: 'collection'; entry: { fullUrl: string; resource: FhirResource }[] };

const PRIORITY: Record<Urgency, 'routine' | 'urgent' | 'stat'> = { routine: 'routine', urgent: 'urgent', emergency: 'stat' };

/** The request's own status: Task carries the precise state, the request says whether it still stands. */
const REQUEST_STATUS: Record<ReferralStatus, 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed'> = {
  draft: 'draft',
  requested: 'active',
  accepted: 'active',
  'in-progress': 'active',
  'on-hold': 'on-hold',
  rejected: 'revoked',
  cancelled: 'revoked',
  failed: 'revoked',
  completed: 'completed',
};

/** Ponte's statuses are FHIR Task's own codes (a subset of them). */
const TASK_STATUS: Record<ReferralStatus, string> = {
  draft: 'draft',
  requested: 'requested',
  accepted: 'accepted',
  rejected: 'rejected',
  cancelled: 'cancelled',
  'in-progress': 'in-progress',
  'on-hold': 'on-hold',
  failed: 'failed',
  completed: 'completed',
};

const BUSINESS_STATUS_TEXT = { scheduled: 'Appointment scheduled', attended: 'Appointment attended', missed: 'Appointment missed' } as const;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);
/** Drops undefined members, as JSON does. */
const clean = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * The referral as a FHIR Bundle for whoever may open it (audited as `referral.export`); `not-found` otherwise.
 * `baseUrl` is the instance's public URL: resources get full URLs under `<baseUrl>/fhir/`.
 */
export async function referralBundle(
  db: DbOrTx,
  cipher: CareCipher,
  actor: CareActor,
  referralId: string,
  baseUrl: string,
  now = new Date(),
): Promise<{ ok: true; bundle: FhirBundle } | { ok: false; error: 'not-found' }> {
  if (!isUuid(referralId)) return { ok: false, error: 'not-found' };
  const opened = await openReferral(db, actor, referralId, 'referral.export', 'read');
  if (!opened) return { ok: false, error: 'not-found' };
  const view = await referralView(db, cipher, opened, now);
  const service = view.serviceId ? await getService(db, view.serviceId) : null;
  return { ok: true, bundle: buildBundle(view, service?.service ?? null, baseUrl, now) };
}

type DirectoryService = NonNullable<Awaited<ReturnType<typeof getService>>>['service'];

export function buildBundle(r: ReferralView, service: DirectoryService | null, baseUrl: string, now = new Date()): FhirBundle {
  const base = `${baseUrl.replace(/\/+$/, '')}/fhir`;
  const system = {
    referral: `${base}/sid/referral`,
    // A case code is unique within its centre only.
    caseCode: `${base}/sid/case-code/${r.fromOrganisation.id}`,
    statusReason: `${base}/CodeSystem/referral-status-reason`,
    businessStatus: `${base}/CodeSystem/referral-business-status`,
    outcome: `${base}/CodeSystem/referral-outcome`,
    step: `${base}/CodeSystem/referral-step`,
    serviceType: `${base}/CodeSystem/service-type`,
    mediatorLanguage: `${base}/StructureDefinition/mediator-language`,
    consentLanguage: `${base}/StructureDefinition/consent-language`,
    mediatorPresent: `${base}/StructureDefinition/consent-mediator-present`,
  };
  const patient = { type: 'Patient', identifier: { system: system.caseCode, value: r.resident.caseCode, assigner: { reference: `Organization/${r.fromOrganisation.id}` } } };
  const security = [
    { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R', display: 'restricted' },
    // Sent without the resident's consent, for emergency treatment.
    ...(r.overridden ? [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'ETREAT', display: 'Emergency Treatment' }] : []),
  ];
  const meta = { lastUpdated: r.updatedAt.toISOString(), security };
  const performer = service ? { reference: `HealthcareService/${service.id}`, display: r.serviceName } : { reference: `Organization/${r.toOrganisation.id}`, display: r.toOrganisation.name };
  const authoredOn = iso(r.requestedAt ?? r.createdAt);

  const serviceRequest: FhirResource = {
    resourceType: 'ServiceRequest',
    id: r.id,
    meta,
    extension: r.mediatorLanguage ? [{ url: system.mediatorLanguage, valueCode: r.mediatorLanguage }] : undefined,
    identifier: [{ system: system.referral, value: r.id }],
    status: REQUEST_STATUS[r.status],
    intent: 'order',
    category: [{ coding: [{ system: 'http://snomed.info/sct', code: '3457005', display: 'Patient referral' }] }],
    priority: PRIORITY[r.urgency],
    subject: patient,
    // When the service should take place: by the target time.
    occurrencePeriod: r.requestedAt ? { start: iso(r.requestedAt), end: iso(r.dueAt) } : undefined,
    authoredOn,
    requester: { reference: `Organization/${r.fromOrganisation.id}`, display: r.fromOrganisation.name },
    performer: [performer],
    reasonCode: r.reason ? [{ text: r.reason }] : undefined,
  };

  const history = r.events.filter((e) => e.organisationId);
  const firstAnswer = r.events.find((e) => e.organisationId === r.toOrganisation.id && e.fromStatus !== null);
  const output = [
    r.firstAppointmentAt ? { type: { coding: [{ system: system.businessStatus, code: 'first-appointment' }], text: 'First appointment attended' }, valueDateTime: iso(r.firstAppointmentAt) } : null,
    r.outcome ? { type: { coding: [{ system: system.outcome, code: 'outcome' }], text: 'Outcome' }, valueCodeableConcept: { coding: [{ system: system.outcome, code: r.outcome }] } } : null,
  ].filter(Boolean);
  const task: FhirResource = {
    resourceType: 'Task',
    id: r.id,
    meta,
    identifier: [{ system: system.referral, value: r.id }],
    basedOn: [{ reference: `ServiceRequest/${r.id}` }],
    status: TASK_STATUS[r.status],
    statusReason: r.statusReason ? { coding: [{ system: system.statusReason, code: r.statusReason }] } : undefined,
    businessStatus: r.appointmentStatus ? { coding: [{ system: system.businessStatus, code: `appointment-${r.appointmentStatus}` }], text: BUSINESS_STATUS_TEXT[r.appointmentStatus] } : undefined,
    intent: 'order',
    priority: PRIORITY[r.urgency],
    focus: { reference: `ServiceRequest/${r.id}` },
    for: patient,
    // From the receiver's first answer to the close.
    executionPeriod: firstAnswer ? { start: iso(firstAnswer.at), end: iso(r.closedAt) } : undefined,
    authoredOn,
    lastModified: iso(r.updatedAt),
    requester: { reference: `Organization/${r.fromOrganisation.id}`, display: r.fromOrganisation.name },
    owner: { reference: `Organization/${r.toOrganisation.id}`, display: r.toOrganisation.name },
    restriction: r.dueAt ? { period: { end: iso(r.dueAt) } } : undefined,
    relevantHistory: history.length ? history.map((e) => ({ reference: `Provenance/${r.id}-${e.id}` })) : undefined,
    output: output.length ? output : undefined,
  };

  // One Provenance per transition: when, which side's organisation, what step (and its coded reason).
  const provenance: FhirResource[] = history.map((e) => ({
    resourceType: 'Provenance',
    id: `${r.id}-${e.id}`,
    target: [{ reference: `Task/${r.id}` }],
    occurredDateTime: iso(e.at),
    recorded: iso(e.at),
    activity: { coding: [{ system: system.step, code: e.step ?? e.toStatus }], text: e.reason ? `${e.step ?? e.toStatus}: ${e.reason}` : (e.step ?? e.toStatus) },
    agent: [{ who: { reference: `Organization/${e.organisationId}`, display: e.organisationName ?? undefined } }],
  }));

  const consent: FhirResource | null = r.consent
    ? {
        resourceType: 'Consent',
        id: r.consent.id,
        extension: [
          { url: system.consentLanguage, valueCode: r.consent.language },
          { url: system.mediatorPresent, valueBoolean: r.consent.mediatorPresent },
        ],
        status: r.consent.withdrawn ? 'inactive' : 'active',
        scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }] },
        category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
        patient,
        dateTime: r.consent.givenOn,
        organization: [{ reference: `Organization/${r.fromOrganisation.id}` }],
        // Explicit consent under the GDPR (art. 9(2)(a)): FHIR's policy rule codes are US and research ones.
        policy: [{ uri: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' }],
        provision: {
          type: 'permit',
          period: { start: r.consent.givenOn },
          actor: [
            {
              role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] },
              reference: { reference: `Organization/${r.toOrganisation.id}`, display: r.toOrganisation.name },
            },
          ],
          purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT', display: 'treatment' }],
        },
      }
    : null;

  const organisationsOf = [r.fromOrganisation, ...(r.toOrganisation.id !== r.fromOrganisation.id ? [r.toOrganisation] : [])].map((o) => ({ resourceType: 'Organization', id: o.id, active: true, name: o.name }));

  const healthcareService: FhirResource | null = service
    ? {
        resourceType: 'HealthcareService',
        id: service.id,
        active: service.status === 'active',
        providedBy: { reference: `Organization/${r.toOrganisation.id}`, display: r.toOrganisation.name },
        type: [{ coding: [{ system: system.serviceType, code: service.typeCode }] }],
        name: service.name,
        comment: service.description || undefined,
        telecom: [service.email ? { system: 'email', value: service.email } : null, service.url ? { system: 'url', value: service.url } : null].filter(Boolean),
        communication: service.staffLanguages.length ? service.staffLanguages.map((code) => ({ coding: [{ system: 'urn:ietf:bcp:47', code }] })) : undefined,
        referralMethod: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/service-referral-method', code: 'elec', display: 'Secure Messaging' }] }],
      }
    : null;

  const resources = [serviceRequest, task, ...provenance, ...(consent ? [consent] : []), ...organisationsOf, ...(healthcareService ? [healthcareService] : [])];
  return clean({
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: now.toISOString(), security: [security[0]] },
    type: 'collection',
    timestamp: now.toISOString(),
    entry: resources.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource })),
  }) as FhirBundle;
}

let validator: Fhir | null = null;

export interface FhirValidation {
  valid: boolean;
  /** Errors make a resource invalid: "Task.status: Code "x" not found in value set". */
  errors: string[];
  /** Warnings (e.g. a code outside an extensible value set) do not. */
  warnings: string[];
}

/**
 * Validates a FHIR R4 resource (a Bundle with its entries included) against the specification's
 * StructureDefinitions and required value sets, offline. Loaded on first use (about 50 ms).
 */
export function validateFhir(resource: unknown): FhirValidation {
  let value: unknown;
  try {
    value = JSON.parse(JSON.stringify(resource));
  } catch {
    return { valid: false, errors: ['not JSON'], warnings: [] };
  }
  if (!value || typeof value !== 'object' || typeof (value as FhirResource).resourceType !== 'string') return { valid: false, errors: ['resourceType: missing'], warnings: [] };
  validator ??= new Fhir();
  try {
    const result = validator.validate(value as object, { errorOnUnexpected: true });
    const line = (m: { location?: string; message?: string }) => `${m.location ?? ''}: ${m.message ?? ''}`;
    const errors = result.messages.filter((m) => m.severity === 'error' || m.severity === 'fatal').map(line);
    const warnings = result.messages.filter((m) => m.severity !== 'error' && m.severity !== 'fatal').map(line);
    return { valid: errors.length === 0, errors, warnings };
  } catch (err) {
    // The validator throws on shapes it cannot walk: that is not a valid resource either.
    return { valid: false, errors: [`validator: ${(err as Error).message}`], warnings: [] };
  }
}
