import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Principal, Role } from './principal';
import { principalOf } from './request-principal';

export const IS_PUBLIC = 'samspar:access:public';
export const REQUIRED_ROLES = 'samspar:access:roles';

/** The route answers without a token: health probes, documentation, the development JWKS. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (or every route of the controller); others get 403. */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(REQUIRED_ROLES, roles);

/** The signed-in principal the guard verified for this request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = principalOf(context.switchToHttp().getRequest<object>());
  // Only a @Public() route can get here without one, and such a route has nobody to name.
  if (!principal) throw new Error('@CurrentPrincipal() is used on a route that is @Public(); remove one of them.');
  return principal;
});
