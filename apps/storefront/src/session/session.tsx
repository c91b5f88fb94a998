import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { LoginResponse, UserProfile } from '../api/api-types';
import { login as loginCall, logout as logoutCall } from '../api/shop-api';

interface Session {
  accessToken: string;
  refreshToken: string;
  user: UserProfile;
}

interface SessionApi {
  session: Session | null;
  logIn(email: string, password: string): Promise<void>;
  logOut(): Promise<void>;
  /** Forgets a session the gateway no longer accepts (a 401): the next page asks to log in. */
  expire(): void;
}

// Per tab, gone when the tab closes: sessionStorage, not localStorage, so a shared
// computer does not keep a customer logged in. A demo choice; production storefronts
// keep the refresh token in an HttpOnly cookie set by a backend-for-frontend.
const STORAGE_KEY = 'shop.session';

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(readStored);
  const store = useCallback((next: Session | null) => {
    if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(STORAGE_KEY);
    setSession(next);
  }, []);

  const api = useMemo<SessionApi>(
    () => ({
      session,
      logIn: async (email, password) => store(toSession(await loginCall({ email, password }))),
      logOut: async () => {
        if (session) await logoutCall(session.refreshToken).catch(() => undefined); // revoked or not, we forget it
        store(null);
      },
      expire: () => store(null),
    }),
    [session, store],
  );
  return <SessionContext.Provider value={api}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const api = useContext(SessionContext);
  if (!api) throw new Error('useSession outside SessionProvider');
  return api;
}

const toSession = ({ accessToken, refreshToken, user }: LoginResponse): Session => ({
  accessToken,
  refreshToken,
  user,
});

function readStored(): Session | null {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  return stored ? (JSON.parse(stored) as Session) : null;
}
