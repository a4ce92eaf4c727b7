import type { AuthResponse, UserProfile } from '@truck4u/contracts';
import {
  type ApiClient,
  createApiClient,
  createOfflineQueue,
  createRealtime,
  createSessionStore,
  isApiError,
  type OfflineQueue,
  type PlaceSuggestion,
  type Realtime,
  type RealtimeOptions,
  type SessionStore,
  type WatchPosition,
} from '@truck4u/logic';
import { type KeyValueStorage, STORAGE_KEYS } from './key-value-storage';
import type { PushTokenSource } from './push-registration';

/** Everything the screens talk to, built once per app (tests build one over a fake api and socket). */
export interface AppServices {
  api: ApiClient;
  /**
   * The api for the driver's shift: positions go through the offline queue, so those taken without a
   * connection are replayed, in order, when it is back.
   */
  driverApi: ApiClient;
  /** The driver's status changes and positions made offline, replayed in order (packages/logic offline-queue). */
  offlineQueue: OfflineQueue;
  realtime: Realtime;
  session: SessionStore;
  storage: KeyValueStorage;
  watchPosition: WatchPosition;
  /** "Always" location access for the shift (expo-task-manager); absent where there is no background task. */
  backgroundLocation?: BackgroundLocationAccess;
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

/** Asking for location access while the app is closed; the shift screen explains why first. */
export interface BackgroundLocationAccess {
  permission(): Promise<'granted' | 'undetermined' | 'denied'>;
  /** Asks the OS, then starts the background task for the shift under way; true when both happened. */
  allow(): Promise<boolean>;
}

export interface AppServicesDeps {
  apiUrl: string;
  storage: KeyValueStorage;
  watchPosition: WatchPosition;
  backgroundLocation?: BackgroundLocationAccess;
  searchPlaces: AppServices['searchPlaces'];
  openUrl: AppServices['openUrl'];
  fetch?: typeof fetch;
  createSocket?: RealtimeOptions['createSocket'];
  /** The phone's push token (expo-notifications); left out, nothing is registered for push. */
  pushToken?: PushTokenSource;
  /** Where the offline queue is kept (the app's storage unless a test gives another). */
  queueStorage?: KeyValueStorage;
}

/** Where the push token registered for this sign-in is remembered, to unregister it on sign-out. */
const PUSH_TOKEN_KEY = 't4u.push-token';

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
    // Back online: what was queued meanwhile goes out, oldest first.
    onConnectionChange: (connected) => {
      if (connected) void offlineQueue.flush().catch(() => undefined);
    },
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

  const offlineQueue = createOfflineQueue({
    // Status changes are replayed with their clientEventId, positions with when they were taken.
    api: {
      setStatus: (rideId, status, clientEventId) => api.rides.setStatus(rideId, status, clientEventId),
      sendLocation: (report) => api.drivers.sendLocation(report),
    },
    storage: deps.queueStorage ?? storage,
    // The phone keystore holds small values (about 2 KB): a handful of positions, the newest, is enough for
    // the api's live index; status changes are never dropped.
    maxPositions: 8,
  });
  const driverApi: ApiClient = {
    ...api,
    drivers: {
      ...api.drivers,
      sendLocation: async (location) => {
        await offlineQueue.submitPosition(location);
        return { at: new Date().toISOString(), activeRideId: null };
      },
    },
  };

  /** Registers the phone for push after a sign-in; best effort, a refusal leaves the app on its socket. */
  async function registerForPush(): Promise<void> {
    const device = await deps.pushToken?.().catch(() => null);
    if (!device) return;
    await api.devices.register(device);
    await storage.set(PUSH_TOKEN_KEY, device.token);
  }

  async function unregisterFromPush(): Promise<void> {
    const token = await storage.get(PUSH_TOKEN_KEY).catch(() => null);
    if (!token) return;
    await api.devices.unregister(token).catch(() => undefined);
    await storage.remove(PUSH_TOKEN_KEY).catch(() => undefined);
  }

  return {
    api,
    driverApi,
    offlineQueue,
    realtime,
    session,
    storage,
    watchPosition: deps.watchPosition,
    ...(deps.backgroundLocation ? { backgroundLocation: deps.backgroundLocation } : {}),
    searchPlaces: deps.searchPlaces,
    openUrl: deps.openUrl,
    async startSession(auth) {
      await storage.set(STORAGE_KEYS.refreshToken, auth.refreshToken);
      session.getState().signIn(auth.user, auth.accessToken);
      realtime.connect();
      void registerForPush().catch(() => undefined);
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
        void registerForPush().catch(() => undefined);
        void offlineQueue.flush().catch(() => undefined);
      } catch (error) {
        if (session.getState().status !== 'signedOut') {
          session.getState().signOut(isApiError(error) ? error.code : undefined);
        }
      }
    },
    async logout(everywhere = false) {
      const refreshToken = (await storage.get(STORAGE_KEYS.refreshToken)) ?? undefined;
      // While the session still stands: the phone stops receiving this account's pushes.
      await unregisterFromPush();
      await (everywhere ? api.auth.logoutAll() : api.auth.logout(refreshToken)).catch(() => undefined);
      endSession(null);
    },
    endSession,
  };
}
