import type { Principal } from './principal';

// Kept beside the request rather than on it, so that request loggers never serialise it.
const principals = new WeakMap<object, Principal>();

/** Only the guard calls this, after it has verified the token. */
export function rememberPrincipal(request: object, principal: Principal): void {
  principals.set(request, principal);
}

/** The principal the guard verified for this request, if the route was not @Public(). */
export function principalOf(request: object): Principal | undefined {
  return principals.get(request);
}
