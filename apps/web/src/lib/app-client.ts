'use client';
import type { UserProfile } from '@truck4u/contracts';
import {
  type ApiClient,
  ApiError,
  createApiClient,
  createRealtime,
  createSessionRefresher,
  createSessionStore,
  type Realtime,
  type RefreshOutcome,
} from '@truck4u/logic';
import { takeEarlyRefresh } from './early-refresh';

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

function errorFromBody(raw: unknown, status: number, statusText: string): ApiError {
  const body = raw as { error?: { code?: string; message?: string; details?: unknown } } | null;
  const code = (body?.error?.code ?? 'UNEXPECTED_RESPONSE') as ApiError['code'];
  return new ApiError(code, body?.error?.message ?? statusText, status, body?.error?.details);
}

async function asApiError(response: Response): Promise<ApiError> {
  return errorFromBody(await response.json().catch(() => null), response.status, response.statusText);
}

/** The page-load refresh's answer when the document's inline script already asked, else a request now. */
async function presentRefreshCookie(): Promise<RefreshOutcome> {
  const early = takeEarlyRefresh();
  if (early) {
    const answer = await early;
    if (!answer) return { kind: 'unreachable' };
    if (!answer.ok) return { kind: 'refused', error: errorFromBody(answer.body, answer.status, '') };
    return { kind: 'session', session: answer.body as PageSession };
  }
  const response = await postSession('refresh');
  if (!response.ok) return { kind: 'refused', error: await asApiError(response) };
  return { kind: 'session', session: (await response.json()) as PageSession };
}

const refresher = createSessionRefresher({
  store: sessionStore,
  refresh: presentRefreshCookie,
  onRefused: (code) => endSession(code),
});

/**
 * A new access token from the refresh cookie, one request at a time (the refresh token is single use). A refusal
 * that comes back after a sign-in finished is ignored: it was about the session before it.
 */
export function refreshSession(): Promise<string | null> {
  return refresher.refresh();
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

/**
 * The api signs local-storage file URLs with its own address; the page reaches the api through the web server
 * (same origin), so those become same-origin paths. Object-storage (S3) URLs are left alone.
 */
function throughWebServer(url: string): string {
  const parsed = new URL(url, window.location.href);
  return parsed.pathname.startsWith('/api/uploads/') ? `${parsed.pathname}${parsed.search}` : url;
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
    rewriteFileUrl: throughWebServer,
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
