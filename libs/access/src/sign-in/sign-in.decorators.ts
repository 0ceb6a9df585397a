import { ExecutionContext, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Principal, Role } from './principal';
import { principalOf } from './request-principal';

export const IS_PUBLIC = 'samspar:access:public';
export const REQUIRED_ROLES = 'samspar:access:roles';

/** The route answers without a token: health probes, documentation, the development JWKS. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Only these roles may call the route (or every route of the controller); others get 403. Published in the
 * OpenAPI document as `x-samspar-roles`.
 */
export const Roles = (...roles: [Role, ...Role[]]) =>
  applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiExtension('x-samspar-roles', roles));

/**
 * Which rule decides, beyond the role, whether the caller's organisation may call the route on a given record.
 * The rules themselves live with the records (the sharing rule of @samspar/journeys, the catalogue's keepers,
 * the organisations of the sign-in); this names the one that applies, in the OpenAPI document as
 * `x-samspar-access`, so that clients and the access matrix know what to expect.
 */
export const ACCESS_RULES = {
  'participant-register': 'Any caseworker registers a person; the registration is their organisation’s record.',
  'participant-find': 'Found only when the caller’s organisation may see the participant; otherwise 404, as for nobody.',
  'participant-read': 'The records the caller’s organisation owns or has had shared with it by consent; 404 when none.',
  'journey-read': 'A journey the caller’s organisation runs, or one shared with it by consent; 404 otherwise.',
  'participant-record': 'Adds a record of the caller’s own organisation about a participant it may see; 404 otherwise.',
  'consent-withdrawal': 'Only the organisation that recorded the consent (403 not-record-owner); 404 when unseen.',
  'referral-answer': 'Only the receiving organisation (403 not-receiver); 404 when the referral is not visible.',
  'referral-withdrawal': 'Only the sending organisation (403 not-sender); 404 when the referral is not visible.',
  'journey-step': 'Only the organisation that runs the journey (403 not-record-owner); 404 when the journey is unseen.',
  'intervention-progress':
    'The organisation that runs the journey, or the intervention’s provider while a consent names both; 403 or 404 otherwise.',
  'evaluation-history': 'Journeys run by the organisations of the sign-in (every one for a system admin); 404 otherwise.',
  'evaluation-export': 'Records owned by the organisations of the sign-in (every one for a system admin).',
  'organisation-report': 'organisationId must be one of the sign-in’s organisations (403 not-your-organisation).',
  'acting-organisation': 'X-Organisation-Id must be one of the sign-in’s organisations (403 not-your-organisation).',
  'audit-log': 'Rows of the sign-in’s organisations; the whole log for a system admin (403 not-your-organisation).',
  'catalogue-register': 'A system admin only (403 system-admin-only).',
  'catalogue-entry': 'An admin of the owning organisation, or a system admin (403 not-record-owner).',
  'catalogue-read': 'Any signed-in role reads the catalogue: organisations, units and tracks hold no personal data.',
  'work-list':
    'X-Organisation-Id must be one of the sign-in’s organisations (403 not-your-organisation); lists only the journeys and referrals that organisation may see.',
  operations: 'Any admin: positions and progress, no personal data.',
  'system-operation': 'A system admin only (403 system-admin-only).',
} as const;
export type AccessRuleName = keyof typeof ACCESS_RULES;

export const AccessRule = (rule: AccessRuleName) => ApiExtension('x-samspar-access', rule);

/** The signed-in principal the guard verified for this request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = principalOf(context.switchToHttp().getRequest<object>());
  // Only a @Public() route can get here without one, and such a route has nobody to name.
  if (!principal) throw new Error('@CurrentPrincipal() is used on a route that is @Public(); remove one of them.');
  return principal;
});
