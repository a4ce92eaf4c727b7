import type { AuthResponse, UserProfile } from '@truck4u/contracts';
import {
  type ApiClient,
  createApiClient,
  createRealtime,
  createSessionStore,
  isApiError,
  type Realtime,
  type RealtimeOptions,
  type SessionStore,
  type WatchPosition,
} from '@truck4u/logic';
import type { PlaceSuggestion } from '../places/place-search';
import { type KeyValueStorage, STORAGE_KEYS } from './key-value-storage';

/** Everything the screens talk to, built once per app (tests build one over a fake api and socket). */
export interface AppServices {
  api: ApiClient;
  realtime: Realtime;
  session: SessionStore;
  storage: KeyValueStorage;
  watchPosition: WatchPosition;
  searchPlaces: (query: string) => Promise<PlaceSuggestion[]>;
  openUrl: (url: string) => Promise<unknown>;
  /** Keeps the tokens of a login or registration and opens the realtime connection. */
  startSession(auth: AuthResponse): Promise<UserProfile>;
  /** At launch: a stored refresh token signs the user back in, otherwise they are signed out. */
  restore(): Promise<void>;
  logout(everywhere?: boolean): Promise<void>;
  /** Ends the session at once (revoked, suspended): the gate sends the user to sign in and says why. */
  endSession(reason: string | null): void;
}

export interface AppServicesDeps {
  apiUrl: string;
  storage: KeyValueStorage;
  watchPosition: WatchPosition;
  searchPlaces: AppServices['searchPlaces'];
  openUrl: AppServices['openUrl'];
  fetch?: typeof fetch;
  createSocket?: RealtimeOptions['createSocket'];
}

export function createAppServices(deps: AppServicesDeps): AppServices {
  const session = createSessionStore();
  const { storage } = deps;
  let refreshing: Promise<string | null> | null = null;

  function endSession(reason: string | null): void {
    realtime.disconnect();
    void storage.remove(STORAGE_KEYS.refreshToken);
    session.getState().signOut(reason ?? undefined);
  }

  /**
   * One refresh at a time: the refresh token is single use and the api revokes the whole family when one is
   * presented twice, so two parallel refreshes (two calls, the socket) would sign the user out everywhere.
   */
  function refreshSession(): Promise<string | null> {
    refreshing ??= (async () => {
      try {
        const refreshToken = await storage.get(STORAGE_KEYS.refreshToken);
        if (!refreshToken) return null;
        const pair = await api.auth.refresh(refreshToken);
        await storage.set(STORAGE_KEYS.refreshToken, pair.refreshToken);
        session.getState().setAccessToken(pair.accessToken);
        return pair.accessToken;
      } catch (error) {
        // Offline is not the end of a session: keep the token and let the next call try again.
        if (isApiError(error) && error.code !== 'NETWORK_ERROR') {
          endSession(session.getState().status === 'signedIn' ? error.code : null);
        }
        return null;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  const api = createApiClient({
    baseUrl: deps.apiUrl,
    getAccessToken: () => session.getState().accessToken,
    refreshAccessToken: refreshSession,
    onSessionEnded: (code) => endSession(code),
    fetch: deps.fetch,
  });

  const realtime = createRealtime({
    url: deps.apiUrl,
    getAccessToken: () => session.getState().accessToken,
    refreshAccessToken: refreshSession,
    fetchEventsAfter: (rideId, after) => api.rides.events(rideId, after),
    onSessionRevoked: (reason) =>
      endSession(/DEACTIVATED|suspend/i.test(reason) ? 'ACCOUNT_DEACTIVATED' : 'TOKEN_REVOKED'),
    // A server-side disconnect without session:revoked: ask the api whether the session still stands.
    onServerDisconnect: () => {
      void api
        .me()
        .then(() => realtime.connect())
        .catch(() => undefined);
    },
    createSocket: deps.createSocket,
  });

  return {
    api,
    realtime,
    session,
    storage,
    watchPosition: deps.watchPosition,
    searchPlaces: deps.searchPlaces,
    openUrl: deps.openUrl,
    async startSession(auth) {
      await storage.set(STORAGE_KEYS.refreshToken, auth.refreshToken);
      session.getState().signIn(auth.user, auth.accessToken);
      realtime.connect();
      return auth.user;
    },
    async restore() {
      const token = await refreshSession();
      if (!token) {
        if (session.getState().status === 'unknown') session.getState().signOut();
        return;
      }
      try {
        const user = await api.me();
        session.getState().signIn(user, token);
        realtime.connect();
      } catch (error) {
        if (session.getState().status !== 'signedOut') {
          session.getState().signOut(isApiError(error) ? error.code : undefined);
        }
      }
    },
    async logout(everywhere = false) {
      const refreshToken = (await storage.get(STORAGE_KEYS.refreshToken)) ?? undefined;
      await (everywhere ? api.auth.logoutAll() : api.auth.logout(refreshToken)).catch(() => undefined);
      endSession(null);
    },
    endSession,
  };
}
