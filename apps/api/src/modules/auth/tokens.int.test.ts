import { refreshTokens } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver } from '#test/factories';
import { call } from '#test/http-client';
import { type AppInstance, createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
let other: AppInstance;
beforeAll(async () => {
  env = await createTestEnvironment();
  other = await env.startInstance();
});
afterAll(async () => env?.close());

const me = (token: string, app = env.app) =>
  call(env.app === app ? env.app : app, 'GET', '/api/me', { token });
const refresh = (refreshToken: string) =>
  call(env.app, 'POST', '/api/auth/refresh', { body: { refreshToken } });

const SECRET = new TextEncoder().encode('test-secret-that-is-long-enough-for-hs256-keys');
function forge(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'at+jwt' },
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: 'customer', sid: crypto.randomUUID(), ...claims })
    .setProtectedHeader(header as { alg: string })
    .setSubject(String(claims.sub ?? crypto.randomUUID()))
    .setJti(crypto.randomUUID())
    .setIssuedAt(now)
    .setExpirationTime((claims.exp as number | undefined) ?? now + 600)
    .setIssuer((claims.iss as string | undefined) ?? 'truck4u-api')
    .setAudience((claims.aud as string | undefined) ?? 'truck4u')
    .sign(SECRET);
}

describe('access tokens', () => {
  it('refuses a request without a token', async () => {
    const response = await call(env.app, 'GET', '/api/me');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('TOKEN_MISSING');
  });

  it('refuses an expired token with TOKEN_EXPIRED', async () => {
    const customer = await registerCustomer(env);
    const token = await forge({ sub: customer.user.id, exp: Math.floor(Date.now() / 1000) - 5 });
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses tampered tokens with TOKEN_INVALID', async () => {
    const customer = await registerCustomer(env);
    const [header, payload, signature] = customer.accessToken.split('.') as [string, string, string];

    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const asAdmin = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const roleSwapped = `${header}.${asAdmin}.${signature}`;

    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    const badSignature = `${header}.${payload}.${flipped}`;

    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    const algNone = `${noneHeader}.${payload}.`;

    const otherSecret = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .sign(new TextEncoder().encode('a-completely-different-secret-of-enough-length'));

    const tokens = {
      roleSwapped,
      badSignature,
      algNone,
      otherSecret,
      wrongIssuer: await forge({ sub: customer.user.id, iss: 'someone-else' }),
      wrongAudience: await forge({ sub: customer.user.id, aud: 'another-app' }),
      wrongType: await forge({ sub: customer.user.id }, { alg: 'HS256', typ: 'JWT' }),
      unknownRole: await forge({ sub: customer.user.id, role: 'superuser' }),
      garbage: 'not.a.jwt',
    };
    for (const [name, token] of Object.entries(tokens)) {
      const response = await me(token);
      expect(response.status, name).toBe(401);
      expect(response.body.error.code, name).toBe('TOKEN_INVALID');
    }
  });

  it('refuses a customer token on an admin route with FORBIDDEN', async () => {
    const customer = await registerCustomer(env);
    const response = await call(env.app, 'GET', '/api/admin/tokens/blacklist-stats', {
      token: customer.accessToken,
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
  });
});

describe('refresh tokens', () => {
  it('rotates: each refresh returns a new pair and the old refresh token stops working', async () => {
    const customer = await registerCustomer(env);
    const first = await refresh(customer.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(customer.refreshToken);
    expect((await me(first.body.accessToken)).status).toBe(200);
    const second = await refresh(first.body.refreshToken);
    expect(second.status).toBe(200);
  });

  it('treats reuse of a spent refresh token as theft and ends the whole session', async () => {
    const customer = await registerCustomer(env);
    const rotated = await refresh(customer.refreshToken);
    const replay = await refresh(customer.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    // The thief's copy and the legitimate rotated tokens are all dead now.
    const legit = await refresh(rotated.body.refreshToken);
    expect(legit.status).toBe(401);
    expect(legit.body.error.code).toBe('REFRESH_TOKEN_INVALID');
    expect((await me(rotated.body.accessToken)).body.error.code).toBe('TOKEN_REVOKED');
    expect((await me(customer.accessToken)).body.error.code).toBe('TOKEN_REVOKED');
    const family = await env.database.db
      .select({ revokedAt: refreshTokens.revokedAt })
      .from(refreshTokens)
      .where(eq(refreshTokens.userId, customer.user.id));
    expect(family.every((row) => row.revokedAt !== null)).toBe(true);
  });

  it('lets exactly one of many concurrent refreshes with the same token win', async () => {
    const customer = await registerCustomer(env);
    const results = await Promise.all(Array.from({ length: 10 }, () => refresh(customer.refreshToken)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(9);
  });

  it('refuses unknown and malformed refresh tokens', async () => {
    expect((await refresh('x'.repeat(43))).body.error.code).toBe('REFRESH_TOKEN_INVALID');
    const empty = await refresh('');
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('leaves other sessions of the same account alone after a reuse', async () => {
    const customer = await registerCustomer(env);
    const otherDevice = await call(env.app, 'POST', '/api/auth/login', {
      body: { role: 'customer', phone: customer.phone, password: customer.password },
    });
    await refresh(customer.refreshToken);
    await refresh(customer.refreshToken);
    expect((await me(otherDevice.body.accessToken)).status).toBe(200);
    expect((await refresh(otherDevice.body.refreshToken)).status).toBe(200);
  });
});

describe('logout and logout-all', () => {
  it('logout kills the access token and the refresh token at once, on every api instance', async () => {
    const customer = await registerCustomer(env);
    expect((await me(customer.accessToken, other.app)).status).toBe(200);
    const out = await call(env.app, 'POST', '/api/auth/logout', { token: customer.accessToken, body: {} });
    expect(out.status).toBe(204);
    const here = await me(customer.accessToken);
    const there = await call(other.app, 'GET', '/api/me', { token: customer.accessToken });
    expect(here.body.error.code).toBe('TOKEN_REVOKED');
    expect(there.status).toBe(401);
    expect(there.body.error.code).toBe('TOKEN_REVOKED');
    expect((await refresh(customer.refreshToken)).body.error.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('logout without a body works and keeps other devices logged in', async () => {
    const customer = await registerCustomer(env);
    const second = await call(env.app, 'POST', '/api/auth/login', {
      body: { role: 'customer', phone: customer.phone, password: customer.password },
    });
    const out = await env.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${customer.accessToken}` },
    });
    expect(out.statusCode).toBe(204);
    expect((await me(second.body.accessToken)).status).toBe(200);
  });

  it('logout-all ends every session everywhere, and logging in again works at once', async () => {
    const driver = await registerDriver(env);
    const tablet = await call(env.app, 'POST', '/api/auth/login', {
      body: { role: 'driver', phone: driver.phone, password: driver.password },
    });
    const out = await call(other.app, 'POST', '/api/auth/logout-all', { token: driver.accessToken });
    expect(out.status).toBe(204);
    for (const token of [driver.accessToken, tablet.body.accessToken]) {
      const response = await me(token);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('USER_TOKENS_REVOKED');
    }
    expect((await refresh(tablet.body.refreshToken)).body.error.code).toBe('REFRESH_TOKEN_INVALID');

    const again = await call(env.app, 'POST', '/api/auth/login', {
      body: { role: 'driver', phone: driver.phone, password: driver.password },
    });
    expect(again.status).toBe(200);
    expect((await me(again.body.accessToken)).status).toBe(200);
    expect((await call(other.app, 'GET', '/api/me', { token: again.body.accessToken })).status).toBe(200);
    expect((await refresh(again.body.refreshToken)).status).toBe(200);
  });

  it('keys the blacklist on jti, never on the raw token', async () => {
    const customer = await registerCustomer(env);
    await call(env.app, 'POST', '/api/auth/logout', { token: customer.accessToken });
    const keys = await env.redis.keys(`${env.redisPrefix}token:blacklist:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).not.toContain(customer.accessToken.split('.')[2]);
    const jti = JSON.parse(Buffer.from(customer.accessToken.split('.')[1] ?? '', 'base64url').toString()).jti;
    const ttl = await env.redis.pttl(`${env.redisPrefix}token:blacklist:${jti}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(900_000);
  });
});
