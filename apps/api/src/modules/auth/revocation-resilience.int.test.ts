import { tokenRevocations } from '@truck4u/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer } from '#test/factories';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment, waitForRedis } from '#test/test-environment';

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => env?.close());

// Nothing listens on port 1: connections are refused at once, as with a crashed server.
const DEAD_REDIS = 'redis://127.0.0.1:1';
const DEAD_POSTGRES = 'postgres://postgres@127.0.0.1:1/nothing';

describe('revocation when Redis or Postgres is down', () => {
  it('falls back to Postgres when Redis is unreachable: valid tokens pass, revoked ones do not', async () => {
    const noRedis = await env.startInstance({ REDIS_URL: DEAD_REDIS });
    const alive = await registerCustomer(env);
    const loggedOut = await registerCustomer(env);
    const cutOff = await registerCustomer(env);
    await call(env.app, 'POST', '/api/auth/logout', { token: loggedOut.accessToken });
    await call(env.app, 'POST', '/api/auth/logout-all', { token: cutOff.accessToken });

    expect((await call(noRedis.app, 'GET', '/api/me', { token: alive.accessToken })).status).toBe(200);
    const revoked = await call(noRedis.app, 'GET', '/api/me', { token: loggedOut.accessToken });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('TOKEN_REVOKED');
    const all = await call(noRedis.app, 'GET', '/api/me', { token: cutOff.accessToken });
    expect(all.body.error.code).toBe('USER_TOKENS_REVOKED');
  });

  it('records a logout made while Redis is down, and every instance honours it', async () => {
    const noRedis = await env.startInstance({ REDIS_URL: DEAD_REDIS });
    const customer = await registerCustomer(env);
    const out = await call(noRedis.app, 'POST', '/api/auth/logout', { token: customer.accessToken });
    expect(out.status).toBe(204);
    expect((await call(noRedis.app, 'GET', '/api/me', { token: customer.accessToken })).body.error.code).toBe(
      'TOKEN_REVOKED',
    );
    // The healthy instance trusts Redis; it hears the Postgres notification and copies the revocation there.
    await expect
      .poll(async () => (await call(env.app, 'GET', '/api/me', { token: customer.accessToken })).status)
      .toBe(401);
    expect((await call(env.app, 'GET', '/api/me', { token: customer.accessToken })).body.error.code).toBe(
      'TOKEN_REVOKED',
    );
  });

  it('answers 503, never a pass, when both Redis and Postgres are unreachable', async () => {
    const customer = await registerCustomer(env);
    const blind = await env.startInstance({ REDIS_URL: DEAD_REDIS, DATABASE_URL: DEAD_POSTGRES });
    const response = await call(blind.app, 'GET', '/api/me', { token: customer.accessToken });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('SERVICE_UNAVAILABLE');
    const ready = await call(blind.app, 'GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.redis.status).toBe('down');
    expect(ready.body.checks.postgres.status).toBe('down');
  });

  it('rebuilds the blacklist in Redis from Postgres after Redis loses its data', async () => {
    const instance = await env.startInstance();
    await waitForRedis(instance.redis);
    const customer = await registerCustomer(env);
    await call(env.app, 'POST', '/api/auth/logout', { token: customer.accessToken });
    // Simulate a Redis restart (it keeps nothing on disk): drop this test's keys and the connection.
    const keys = await env.redis.keys(`${env.redisPrefix}token:blacklist:*`);
    await env.redis.del(...keys);
    instance.redis.disconnect(true);
    await waitForRedis(instance.redis);
    const response = await call(instance.app, 'GET', '/api/me', { token: customer.accessToken });
    expect(response.body.error.code).toBe('TOKEN_REVOKED');
    await expect
      .poll(async () => (await env.redis.keys(`${env.redisPrefix}token:blacklist:*`)).length)
      .toBeGreaterThan(0);
  });

  it('keeps every revocation in Postgres with the same key as in Redis', async () => {
    const customer = await registerCustomer(env);
    await call(env.app, 'POST', '/api/auth/logout', { token: customer.accessToken });
    const rows = await env.database.db.select({ key: tokenRevocations.key }).from(tokenRevocations);
    const redisKeys = (await env.redis.keys(`${env.redisPrefix}token:blacklist:*`)).map((k) =>
      k.slice(env.redisPrefix.length),
    );
    for (const key of redisKeys) expect(rows.map((r) => r.key)).toContain(key);
  });

  it('reports /health/ready as ready when both stores answer', async () => {
    const ready = await call(env.app, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ready',
      checks: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });
    expect((await call(env.app, 'GET', '/health/live')).body).toEqual({ status: 'ok' });
  });
});
