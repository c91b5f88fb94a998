import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../session/session';

/** Renders its children with the access token, or sends the visitor to log in and back. */
export function RequireSession({ children }: { children: (token: string) => ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/login" state={{ from: location.pathname }} replace />;
  return <>{children(session.accessToken)}</>;
}
