import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { signedOutByUser, useSession } from './session';
import type { Role } from './session';

/** Signed in, in one of the roles: else to the sign-in page, and back here afterwards. */
export function Signed({ roles, children }: { readonly roles?: readonly Role[]; readonly children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    const back = signedOutByUser() ? undefined : { from: location.pathname + location.search };
    return <Navigate to="/inloggning" replace state={back} />;
  }
  // A page of another role (a link kept from an earlier sign-in): the start page of this one.
  if (roles && !roles.includes(session.role)) return <Navigate to="/" replace />;
  return <>{children}</>;
}
