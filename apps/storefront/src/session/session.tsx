import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import type { LoginResponse, UserProfile } from '../api/api-types';
import { login as loginCall, logout as logoutCall, refreshTokens } from '../api/shop-api';
import { SessionTokens, type AuthorizedRequest, type TokenPair } from './session-tokens';

interface Session extends TokenPair {
  user: UserProfile;
}

/** Makes a call with the session's access token, renewed once on a 401 (session-tokens.ts). */
export type Authorized = <T>(request: AuthorizedRequest<T>) => Promise<T>;

interface SessionApi {
  session: Session | null;
  logIn(email: string, password: string): Promise<void>;
  logOut(): Promise<void>;
  /** Every call that needs the customer's token goes through it; stable across renewals. */
  authorized: Authorized;
  /** Forgets a session the gateway no longer accepts (a 401 even after renewal): the next page asks to log in. */
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
  // One SessionTokens per session: a renewal replaces the pair and keeps the user.
  const tokensOf = useCallback(
    (started: Session) =>
      new SessionTokens(started, refreshTokens, (pair) =>
        store(pair && { accessToken: pair.accessToken, refreshToken: pair.refreshToken, user: started.user }),
      ),
    [store],
  );
  const tokens = useRef<SessionTokens | null>(null);
  if (tokens.current === null && session) tokens.current = tokensOf(session); // the tab's stored session
  const start = useCallback(
    (next: Session | null) => {
      tokens.current = next && tokensOf(next);
      store(next);
    },
    [store, tokensOf],
  );
  const authorized = useCallback<Authorized>((request) => {
    if (!tokens.current) return Promise.reject(new Error('not logged in'));
    return tokens.current.call(request);
  }, []);

  const api = useMemo<SessionApi>(
    () => ({
      session,
      logIn: async (email, password) => start(toSession(await loginCall({ email, password }))),
      logOut: async () => {
        if (session) await logoutCall(session.refreshToken).catch(() => undefined); // revoked or not, we forget it
        start(null);
      },
      authorized,
      expire: () => start(null),
    }),
    [session, start, authorized],
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
