/** Roles (docs/architecture.md "Access control"). An administrator holds every permission. */
export const ROLES = [
  'administrator',
  'editor',
  'course-author',
  'translator',
  'trainer',
  'learner',
  'care-operator',
  'care-clinician',
  'network-coordinator',
  'data-protection',
  'mediation-agency',
] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/**
 * Roles whose holders reach care data or administer the instance: shorter sessions (docs/decisions/0003), and a
 * second factor whatever the role policies say (ASVS 4.3.1); role policies can add it for the other roles.
 */
export const PRIVILEGED_ROLES: readonly Role[] = ['administrator', 'care-operator', 'care-clinician', 'network-coordinator', 'data-protection'];

/** Roles that reach care records or their audit trail: an administrator cannot grant them to themselves. */
export const CARE_ROLES: readonly Role[] = ['care-operator', 'care-clinician', 'data-protection'];

/**
 * Who may call a route. Every route declares one; a route without it cannot be registered.
 * - public: anyone; signed-in: a fully signed-in user; mfa-pending: a user who still owes the second factor;
 * - metrics: loopback or the METRICS_TOKEN bearer; { roles }: a signed-in user holding one of them;
 * - xapi-client: a system holding HTTP Basic credentials that an administrator issued for the xAPI LRS
 *   (checked by the authenticator the xapi module registers in `platform.clientAuth`).
 */
export type Access = 'public' | 'signed-in' | 'mfa-pending' | 'metrics' | 'xapi-client' | { roles: readonly Role[] };

/** A system (not a person) calling with credentials issued to it: an xAPI client. */
export interface ApiClient {
  id: string;
  name: string;
  canRead: boolean;
  canWrite: boolean;
  /** The Agent or Group the client's writes are attributed to (a statement's `authority`). */
  authority: Record<string, unknown>;
}

export interface RoleGrant {
  role: Role;
  organisationId: string | null;
}

export interface Principal {
  id: string;
  email: string;
  name: string;
  locale: string | null;
  roles: RoleGrant[];
  totpEnabled: boolean;
}

/** Does the principal hold the role, across the instance or in the given organisation? */
export function hasRole(p: Principal | null, role: Role, organisationId?: string | null): boolean {
  if (!p) return false;
  return p.roles.some(
    (g) => g.role === 'administrator' || (g.role === role && (g.organisationId === null || organisationId === undefined || g.organisationId === organisationId)),
  );
}

export const describeAccess = (a: Access): string => (typeof a === 'string' ? a : `roles:${a.roles.join('|')}`);
