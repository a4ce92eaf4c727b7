'use client';
import type { UserProfile } from '@truck4u/contracts';
import {
  type ApiClient,
  ApiError,
  createApiClient,
  createRealtime,
  createSessionStore,
  type Realtime,
} from '@truck4u/logic';

/** The signed-in user and the in-memory access token (never persisted: a reload refreshes from the cookie). */
export const sessionStore = createSessionStore();

interface PageSession {
  user: UserProfile;
  accessToken: string;
}

async function postSession(action: string, body?: unknown, token?: string | null): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`/session/${action}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body ?? {}),
    credentials: 'same-origin',
  });
}

async function asApiError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: unknown };
  } | null;
  const code = (body?.error?.code ?? 'UNEXPECTED_RESPONSE') as ApiError['code'];
  return new ApiError(
    code,
    body?.error?.message ?? response.statusText,
    response.status,
    body?.error?.details,
  );
}

let refreshing: Promise<string | null> | null = null;

/**
 * A new access token from the refresh cookie, one request at a time: the refresh token is single use, so two
 * parallel refreshes (two api calls, the socket, a reload) would look like theft and end every session.
 */
export function refreshSession(): Promise<string | null> {
  if (!refreshing) {
    refreshing = (async () => {
      try {
        const response = await postSession('refresh');
        if (!response.ok) {
          const error = await asApiError(response);
          endSession(sessionStore.getState().status === 'signedIn' ? error.code : null);
          return null;
        }
        const session = (await response.json()) as PageSession;
        sessionStore.getState().signIn(session.user, session.accessToken);
        return session.accessToken;
      } catch {
        return null;
      } finally {
        refreshing = null;
      }
    })();
  }
  return refreshing;
}

/** Signs in through a session route handler (login, register, otp-verify). */
export async function startSession(
  action: 'login' | 'register' | 'otp-verify',
  body: unknown,
): Promise<UserProfile> {
  const response = await postSession(action, body);
  if (!response.ok) throw await asApiError(response);
  const session = (await response.json()) as PageSession;
  sessionStore.getState().signIn(session.user, session.accessToken);
  getRealtime().connect();
  return session.user;
}

export async function logout(everywhere = false): Promise<void> {
  const token = sessionStore.getState().accessToken;
  await postSession(everywhere ? 'logout-all' : 'logout', {}, token).catch(() => undefined);
  endSession(null);
}

/** Ends the session at once (revoked, suspended, logged out): the guards send the page to the login screen. */
export function endSession(reason: string | null): void {
  realtimeInstance?.disconnect();
  sessionStore.getState().signOut(reason ?? undefined);
}

let apiInstance: ApiClient | null = null;
let realtimeInstance: Realtime | null = null;

/** The api client (same origin: the web server proxies /api to the api). Browser only. */
export function getApi(): ApiClient {
  apiInstance ??= createApiClient({
    baseUrl: '',
    getAccessToken: () => sessionStore.getState().accessToken,
    refreshAccessToken: refreshSession,
    onSessionEnded: (code) => endSession(code),
  });
  return apiInstance;
}

/** The realtime connection (same origin: the web server proxies /socket.io). Browser only. */
export function getRealtime(): Realtime {
  realtimeInstance ??= createRealtime({
    url: '',
    getAccessToken: () => sessionStore.getState().accessToken,
    refreshAccessToken: refreshSession,
    fetchEventsAfter: (rideId, after) => getApi().rides.events(rideId, after),
    onSessionRevoked: (reason) =>
      endSession(/DEACTIVATED|suspend/i.test(reason) ? 'ACCOUNT_DEACTIVATED' : 'TOKEN_REVOKED'),
    // A server-side disconnect without session:revoked: ask the api whether the session still stands.
    onServerDisconnect: () => {
      void getApi()
        .me()
        .then(() => realtimeInstance?.connect())
        .catch(() => undefined);
    },
  });
  return realtimeInstance;
}
