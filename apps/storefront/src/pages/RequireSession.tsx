import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession, type Authorized } from '../session/session';

/** Renders its children with the way to call the API as the customer, or sends the visitor to log in and back. */
export function RequireSession({ children }: { children: (authorized: Authorized) => ReactNode }) {
  const { session, authorized } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/login" state={{ from: location.pathname }} replace />;
  return <>{children(authorized)}</>;
}
