import { drivers, refreshTokens } from '@truck4u/database';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, registerCustomer, registerDriver } from '#test/factories';
import { call } from '#test/http-client';
import { type AppInstance, createTestEnvironment, type TestEnvironment } from '#test/test-environment';

// Nothing listens on port 1: the socket adapter's client (no command timeout, offline queue on) would wait
// for it indefinitely, as it does for a Redis that went away.
const DEAD_REDIS = 'redis://127.0.0.1:1';
// The default REALTIME_EMIT_TIMEOUT_MS (2 s) plus room for the database work and a slow machine.
const ANSWER_WITHIN_MS = 4_500;

let env: TestEnvironment;
let noRedis: AppInstance;
beforeAll(async () => {
  env = await createTestEnvironment();
  noRedis = await env.startInstance({ REDIS_URL: DEAD_REDIS });
});
afterAll(async () => env?.close());

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const started = Date.now();
  const result = await work();
  return { result, elapsedMs: Date.now() - started };
}

describe('socket pushes when Redis is unreachable', () => {
  it('still answers an admin suspension in a few seconds, with the driver suspended', async () => {
    expect(noRedis.config.realtime.emitTimeoutMs).toBe(2_000);
    const admin = await loginAdmin(env);
    const driver = await registerDriver(env, { verified: true });
    const { result, elapsedMs } = await timed(() =>
      call(noRedis.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/suspend`, {
        token: admin.accessToken,
        body: { reason: 'documents expired' },
      }),
    );
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(elapsedMs).toBeLessThan(ANSWER_WITHIN_MS);
    const [row] = await env.database.db
      .select({ isDeactivated: drivers.isDeactivated, reason: drivers.deactivationReason })
      .from(drivers)
      .where(eq(drivers.id, driver.user.id));
    expect(row).toEqual({ isDeactivated: true, reason: 'documents expired' });
    const me = await call(env.app, 'GET', '/api/me', { token: driver.accessToken });
    expect(me.status).toBe(403);
  });

  it('still answers a logout-all in a few seconds, with every session ended', async () => {
    const customer = await registerCustomer(env);
    const { result, elapsedMs } = await timed(() =>
      call(noRedis.app, 'POST', '/api/auth/logout-all', { token: customer.accessToken }),
    );
    expect(result.status, JSON.stringify(result.body)).toBe(204);
    expect(elapsedMs).toBeLessThan(ANSWER_WITHIN_MS);
    const live = await env.database.db
      .select({ id: refreshTokens.id })
      .from(refreshTokens)
      .where(and(eq(refreshTokens.userId, customer.user.id), isNull(refreshTokens.revokedAt)));
    expect(live).toEqual([]);
    const me = await call(noRedis.app, 'GET', '/api/me', { token: customer.accessToken });
    expect(me.body.error.code).toBe('USER_TOKENS_REVOKED');
  });
});
