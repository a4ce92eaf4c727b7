import { drivers } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { type AppInstance, createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
let other: AppInstance;
let admin: TestAccount;
beforeAll(async () => {
  env = await createTestEnvironment();
  other = await env.startInstance();
  admin = await loginAdmin(env);
});
afterAll(async () => env?.close());

const suspend = (id: string, token = admin.accessToken, body: unknown = { reason: 'Documents expired' }) =>
  call(env.app, 'PATCH', `/api/admin/drivers/${id}/suspend`, { token, body });

describe('driver suspension', () => {
  it('deactivates the driver and refuses all their tokens with ACCOUNT_DEACTIVATED on every instance', async () => {
    const driver = await registerDriver(env, { verified: true });
    const response = await suspend(driver.user.id);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: driver.user.id, isDeactivated: true, isOnline: false });

    for (const app of [env.app, other.app]) {
      for (const [method, url] of [
        ['GET', '/api/me'],
        ['POST', '/api/auth/logout-all'],
      ] as const) {
        const refused = await call(app, method, url, { token: driver.accessToken });
        expect(refused.status, `${method} ${url}`).toBe(403);
        expect(refused.body.error.code).toBe('ACCOUNT_DEACTIVATED');
      }
    }
    const refresh = await call(env.app, 'POST', '/api/auth/refresh', {
      body: { refreshToken: driver.refreshToken },
    });
    expect(refresh.status).toBe(403);
    expect(refresh.body.error.code).toBe('ACCOUNT_DEACTIVATED');
    const login = await call(env.app, 'POST', '/api/auth/login', {
      body: { role: 'driver', phone: driver.phone, password: driver.password },
    });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('ACCOUNT_DEACTIVATED');
    const [row] = await env.database.db.select().from(drivers).where(eq(drivers.id, driver.user.id));
    expect(row?.deactivationReason).toBe('Documents expired');
  });

  it('does not reveal deactivation to someone with the wrong password', async () => {
    const driver = await registerDriver(env);
    await suspend(driver.user.id);
    const login = await call(env.app, 'POST', '/api/auth/login', {
      body: { role: 'driver', phone: driver.phone, password: 'not-their-password' },
    });
    expect(login.status).toBe(401);
    expect(login.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('sends no login code to a suspended driver', async () => {
    const driver = await registerDriver(env);
    await suspend(driver.user.id);
    const response = await call(env.app, 'POST', '/api/auth/otp/request', {
      body: { role: 'driver', phone: driver.phone },
    });
    expect(response.status).toBe(202);
    expect(env.sms.messagesTo(driver.phone)).toHaveLength(0);
  });

  it('activation lets the driver log in again while the old tokens stay dead', async () => {
    const driver = await registerDriver(env);
    await suspend(driver.user.id);
    const activated = await call(env.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/activate`, {
      token: admin.accessToken,
    });
    expect(activated.status).toBe(200);
    expect(activated.body.isDeactivated).toBe(false);
    const old = await call(env.app, 'GET', '/api/me', { token: driver.accessToken });
    expect(old.status).toBe(401);
    expect(old.body.error.code).toBe('USER_TOKENS_REVOKED');
    const login = await call(env.app, 'POST', '/api/auth/login', {
      body: { role: 'driver', phone: driver.phone, password: driver.password },
    });
    expect(login.status).toBe(200);
    expect((await call(other.app, 'GET', '/api/me', { token: login.body.accessToken })).status).toBe(200);
  });

  it('suspends without a body', async () => {
    const driver = await registerDriver(env);
    const response = await env.app.inject({
      method: 'PATCH',
      url: `/api/admin/drivers/${driver.user.id}/suspend`,
      headers: { authorization: `Bearer ${admin.accessToken}` },
    });
    expect(response.statusCode).toBe(200);
  });

  it('is for admins only, and unknown or malformed ids are 404 and 400', async () => {
    const driver = await registerDriver(env);
    const customer = await registerCustomer(env);
    expect((await suspend(driver.user.id, customer.accessToken)).body.error.code).toBe('FORBIDDEN');
    expect((await suspend(driver.user.id, driver.accessToken)).status).toBe(403);
    expect((await call(env.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/suspend`)).status).toBe(401);
    expect((await suspend(customer.user.id)).status).toBe(404);
    const malformed = await suspend('not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
    expect((await call(env.app, 'GET', '/api/me', { token: driver.accessToken })).status).toBe(200);
  });
});

describe('blacklist stats', () => {
  it('counts live revocations by kind', async () => {
    const before = await call(env.app, 'GET', '/api/admin/tokens/blacklist-stats', {
      token: admin.accessToken,
    });
    expect(before.status).toBe(200);
    expect(before.body.source).toBe('redis');
    const customer = await registerCustomer(env);
    await call(env.app, 'POST', '/api/auth/logout', { token: customer.accessToken });
    const driver = await registerDriver(env);
    await call(env.app, 'POST', '/api/auth/logout-all', { token: driver.accessToken });
    const after = await call(env.app, 'GET', '/api/admin/tokens/blacklist-stats', {
      token: admin.accessToken,
    });
    expect(after.body.revokedAccessTokens).toBe(before.body.revokedAccessTokens + 1);
    expect(after.body.revokedSessions).toBe(before.body.revokedSessions + 1);
    expect(after.body.userCutoffs).toBe(before.body.userCutoffs + 1);
    expect(after.body.total).toBe(before.body.total + 3);
  });

  it('counts from Postgres when Redis is unreachable', async () => {
    const noRedis = await env.startInstance({ REDIS_URL: 'redis://127.0.0.1:1' });
    const viaRedis = await call(env.app, 'GET', '/api/admin/tokens/blacklist-stats', {
      token: admin.accessToken,
    });
    const viaDb = await call(noRedis.app, 'GET', '/api/admin/tokens/blacklist-stats', {
      token: admin.accessToken,
    });
    expect(viaDb.status).toBe(200);
    expect(viaDb.body.source).toBe('database');
    expect(viaDb.body.total).toBe(viaRedis.body.total);
  });
});
