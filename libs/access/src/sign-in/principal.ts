import { isUuid } from '@samspar/kernel';
import { UnauthenticatedError } from './sign-in.errors';

export const ROLES = ['caseworker', 'manager', 'evaluator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Grants beyond the role. `protected_identity`: may see participants with skyddade personuppgifter.
 * `system_admin`: an admin for the whole installation (registers organisations, keeps any organisation's
 * catalogue entries, reads the whole audit log); other admins keep their own organisations only.
 */
export const PERMISSIONS = ['protected_identity', 'system_admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Who is signed in, in which role and for which organisations, as a verified token says. */
export interface Principal {
  readonly userId: string;
  readonly role: Role;
  readonly organisationIds: readonly string[];
  readonly unitId?: string;
  readonly permissions: readonly Permission[];
  /** The token's `name` claim: how colleagues see this user in lists. Staff data, kept out of events and logs. */
  readonly displayName?: string;
}

/** Roles that act for an organisation and so see nothing without one; an admin too, unless a system admin. */
const ORGANISATION_BOUND: readonly Role[] = ['caseworker', 'manager', 'evaluator'];
const MAX_ID_LENGTH = 255;
const MAX_NAME_LENGTH = 200;

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);
export const isPermission = (value: unknown): value is Permission => (PERMISSIONS as readonly unknown[]).includes(value);

export const isSystemAdmin = (principal: Principal): boolean =>
  principal.role === 'admin' && principal.permissions.includes('system_admin');

/**
 * Maps the claims of a token whose signature, issuer, audience and lifetime are already checked.
 * A token the identity provider filled in wrongly is refused here, with a detail that names the claim.
 */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>): Principal {
  const { sub, role, organisations, org, unit, permissions, name } = claims;
  if (!isPlainId(sub)) refuse('The token names no user: its sub claim must be a non-empty string.');
  if (!isRole(role)) refuse(`The token's role claim must be one of ${ROLES.join(', ')}.`);

  const organisationIds = organisationIdsOf(organisations, org);
  if (organisationIds.length === 0 && ORGANISATION_BOUND.includes(role)) {
    refuse(
      `The token gives ${role === 'evaluator' ? 'an' : 'a'} ${role} no organisation; the identity provider must send organisations (or org).`,
    );
  }
  const granted = Array.isArray(permissions) ? (permissions as unknown[]) : [];
  if (organisationIds.length === 0 && role === 'admin' && !granted.includes('system_admin')) {
    refuse('The token gives an admin no organisation and no system_admin permission; it administers nothing.');
  }
  if (unit !== undefined && !isPlainId(unit)) refuse("The token's unit claim must be a non-empty string.");
  if (permissions !== undefined && !(Array.isArray(permissions) && permissions.every((p) => typeof p === 'string'))) {
    refuse("The token's permissions claim must be a list of strings.");
  }

  return {
    userId: sub,
    role,
    organisationIds,
    ...(unit !== undefined ? { unitId: unit } : {}),
    // Grants Samspår does not know yet are left out rather than refused, so an identity provider may send more.
    permissions: [...new Set((permissions ?? []).filter(isPermission))],
    // A missing or unusable name is no reason to refuse a sign-in: lists then show the user id.
    ...(typeof name === 'string' && name.trim() !== '' ? { displayName: name.trim().slice(0, MAX_NAME_LENGTH) } : {}),
  };
}

/** The claims that `principalFromClaims` reads back into the same principal. */
export function claimsOf(principal: Principal): Record<string, unknown> {
  return {
    sub: principal.userId,
    role: principal.role,
    organisations: [...principal.organisationIds],
    ...(principal.unitId !== undefined ? { unit: principal.unitId } : {}),
    ...(principal.permissions.length > 0 ? { permissions: [...principal.permissions] } : {}),
    ...(principal.displayName !== undefined ? { name: principal.displayName } : {}),
  };
}

function organisationIdsOf(organisations: unknown, org: unknown): string[] {
  const ids: string[] = [];
  if (organisations !== undefined) {
    if (!Array.isArray(organisations) || !organisations.every(isUuid)) {
      refuse("The token's organisations claim must be a list of organisation ids (uuids).");
    }
    ids.push(...organisations);
  }
  if (org !== undefined) {
    if (!isUuid(org)) refuse("The token's org claim must be an organisation id (uuid).");
    ids.push(org);
  }
  // Lower case, so that comparing with ids stored by Samspår never depends on how the provider spelt them.
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

function isPlainId(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_ID_LENGTH;
}

function refuse(detail: string): never {
  throw new UnauthenticatedError('invalid_token', detail);
}
