import type { AuthResponse, ErrorEnvelope, TokenPair, UserProfile } from '@truck4u/contracts';
import { cookies } from 'next/headers';
import { type NextRequest, NextResponse } from 'next/server';
import { apiUrl } from '@/lib/runtime-config';

/**
 * Sessions on the web: these handlers sign in, refresh and sign out against the api and keep the refresh token
 * in an httpOnly, SameSite=Strict cookie scoped to /session, so page JavaScript only ever holds the access
 * token (in memory). A reload calls /session/refresh to get a new access token from the cookie.
 */
const COOKIE = 't4u_refresh';
export const dynamic = 'force-dynamic';

/** What the page receives: never the refresh token. */
interface PageSession {
  user: UserProfile;
  accessToken: string;
  accessTokenExpiresAt: string;
}

function errorResponse(status: number, code: string, message: string): NextResponse {
  return NextResponse.json({ error: { code, message } } satisfies ErrorEnvelope | object, { status });
}

async function callApi(path: string, init: { body?: unknown; token?: string; request: NextRequest }) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  // The api rate-limits by client address; pass the browser's on (honoured when the api sets TRUST_PROXY).
  const forwardedFor = init.request.headers.get('x-forwarded-for');
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  return fetch(`${apiUrl()}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(init.body ?? {}),
    cache: 'no-store',
  });
}

function isSecure(request: NextRequest): boolean {
  // Secure cookies need https; plain http is only for loopback development and tests.
  const proto = request.headers.get('x-forwarded-proto') ?? request.nextUrl.protocol.replace(':', '');
  const host = (request.headers.get('host') ?? '').replace(/:\d+$/, '');
  return proto === 'https' || !['localhost', '127.0.0.1', '[::1]'].includes(host);
}

function withRefreshCookie(
  response: NextResponse,
  request: NextRequest,
  pair: Pick<TokenPair, 'refreshToken' | 'refreshTokenExpiresAt'>,
) {
  response.cookies.set(COOKIE, pair.refreshToken, {
    httpOnly: true,
    secure: isSecure(request),
    sameSite: 'strict',
    path: '/session',
    expires: new Date(pair.refreshTokenExpiresAt),
  });
  response.headers.set('cache-control', 'no-store');
  return response;
}

function clearCookie(response: NextResponse): NextResponse {
  response.cookies.set(COOKIE, '', { httpOnly: true, sameSite: 'strict', path: '/session', maxAge: 0 });
  return response;
}

async function passError(response: Response): Promise<NextResponse> {
  const text = await response.text();
  return new NextResponse(text, {
    status: response.status,
    headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' },
  });
}

async function signIn(request: NextRequest, path: string): Promise<NextResponse> {
  const body = await request.json().catch(() => null);
  const response = await callApi(path, { body, request });
  if (!response.ok) return passError(response);
  const auth = (await response.json()) as AuthResponse;
  const session: PageSession = {
    user: auth.user,
    accessToken: auth.accessToken,
    accessTokenExpiresAt: auth.accessTokenExpiresAt,
  };
  return withRefreshCookie(NextResponse.json(session, { status: response.status }), request, auth);
}

async function refresh(request: NextRequest): Promise<NextResponse> {
  const refreshToken = (await cookies()).get(COOKIE)?.value;
  if (!refreshToken) return errorResponse(401, 'TOKEN_MISSING', 'No session');
  const response = await callApi('/api/auth/refresh', { body: { refreshToken }, request });
  if (!response.ok) return clearCookie(await passError(response));
  const pair = (await response.json()) as TokenPair;
  const me = await fetch(`${apiUrl()}/api/me`, {
    headers: { authorization: `Bearer ${pair.accessToken}` },
    cache: 'no-store',
  });
  if (!me.ok) return clearCookie(await passError(me));
  const session: PageSession = {
    user: (await me.json()) as UserProfile,
    accessToken: pair.accessToken,
    accessTokenExpiresAt: pair.accessTokenExpiresAt,
  };
  return withRefreshCookie(NextResponse.json(session), request, pair);
}

async function logout(request: NextRequest, everywhere: boolean): Promise<NextResponse> {
  const refreshToken = (await cookies()).get(COOKIE)?.value;
  const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
  if (token) {
    await callApi(everywhere ? '/api/auth/logout-all' : '/api/auth/logout', {
      body: everywhere ? {} : refreshToken ? { refreshToken } : {},
      token,
      request,
    }).catch(() => undefined);
  }
  return clearCookie(new NextResponse(null, { status: 204 }));
}

export async function POST(request: NextRequest, context: { params: Promise<{ action: string }> }) {
  // SameSite=Strict keeps the cookie off cross-site requests; refuse cross-site posts outright as well.
  const origin = request.headers.get('origin');
  if (origin && new URL(origin).host !== request.headers.get('host')) {
    return errorResponse(403, 'FORBIDDEN', 'Cross-site request');
  }
  const { action } = await context.params;
  switch (action) {
    case 'login':
      return signIn(request, '/api/auth/login');
    case 'register':
      return signIn(request, '/api/auth/register');
    case 'otp-verify':
      return signIn(request, '/api/auth/otp/verify');
    case 'refresh':
      return refresh(request);
    case 'logout':
      return logout(request, false);
    case 'logout-all':
      return logout(request, true);
    default:
      return errorResponse(404, 'NOT_FOUND', 'Unknown session action');
  }
}
