/**
 * The signed-in session: tokens in localStorage, the current user, login and logout. Pages get the
 * API client from {@link useApi}; when a refresh fails the session ends here and the router
 * sends the user to the login page.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createApiClient, localTokenStore, type ApiClient, type Schemas } from './api';

export type User = Schemas['UserView'];

const store = localTokenStore();
let expired = false;
const client = createApiClient({
  tokens: store,
  onSessionExpired: () => {
    expired = true;
  },
});

interface AuthState {
  api: ApiClient;
  signedIn: boolean;
  user: User | null;
  /** True after a session ended by itself (not by logout), for the login page to say so. */
  sessionExpired: boolean;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Drops the tokens without telling the server (after a password change ended every session). */
  forget(): void;
  reloadUser(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const tokens = useSyncExternalStore(store.subscribe, () => store.get()?.refreshToken ?? null);
  const signedIn = tokens !== null;
  const [user, setUser] = useState<User | null>(null);
  const [sessionExpired, setSessionExpired] = useState(false);

  useEffect(() => {
    if (!signedIn) {
      setUser(null);
      if (expired) {
        setSessionExpired(true);
        expired = false;
      }
    }
  }, [signedIn]);

  const reloadUser = useCallback(async () => {
    setUser(await client.get<User>('/api/me'));
  }, []);

  useEffect(() => {
    if (signedIn && !user) reloadUser().catch(() => undefined);
  }, [signedIn, user, reloadUser]);

  const login = useCallback(async (email: string, password: string) => {
    const pair = await client.post<Schemas['TokenPair']>('/api/auth/login', { email, password }, { anonymous: true });
    setSessionExpired(false);
    store.set({ accessToken: pair.accessToken!, refreshToken: pair.refreshToken! });
  }, []);

  const logout = useCallback(async () => {
    const current = store.get();
    store.set(null);
    setSessionExpired(false);
    if (current) {
      await client.post('/api/auth/logout', { refreshToken: current.refreshToken }, { anonymous: true }).catch(() => undefined);
    }
  }, []);

  const forget = useCallback(() => {
    store.set(null);
  }, []);

  const value = useMemo<AuthState>(
    () => ({ api: client, signedIn, user, sessionExpired, login, logout, forget, reloadUser }),
    [signedIn, user, sessionExpired, login, logout, forget, reloadUser],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

export function useApi(): ApiClient {
  return useAuth().api;
}
