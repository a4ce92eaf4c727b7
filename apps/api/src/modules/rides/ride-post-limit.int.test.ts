import { rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { ridePostLimitKey } from './ride-posting.service';

const LIMIT = 3;
const SFAX = { lat: 34.7406, lng: 10.7603, address: 'Port de Sfax' };
const SOUSSE = { lat: 35.8256, lng: 10.6084, address: 'Zone industrielle, Sousse' };

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment({ RIDE_POST_LIMIT_PER_HOUR: String(LIMIT) });
});
afterAll(async () => env?.close());

function postRide(app: TestEnvironment['app'], customer: TestAccount, idempotencyKey?: string) {
  return call(app, 'POST', '/api/rides', {
    token: customer.accessToken,
    ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
    body: {
      pickup: SFAX,
      dropoff: SOUSSE,
      vehicleType: 'BOX_TRUCK',
      cargo: { description: 'Olive oil, 40 drums', weightKg: 2_500 },
      loadAssistance: false,
    },
  });
}

async function ridesOf(customer: TestAccount): Promise<number> {
  const rows = await env.database.db
    .select({ id: rides.id })
    .from(rides)
    .where(eq(rides.customerId, customer.user.id));
  return rows.length;
}

describe('POST /api/rides rate limit', () => {
  it('answers 429 RATE_LIMITED with Retry-After past the hourly limit, and writes nothing', async () => {
    const customer = await registerCustomer(env);
    for (let i = 0; i < LIMIT; i++) expect((await postRide(env.app, customer)).status).toBe(201);

    const refused = await postRide(env.app, customer);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.body.error.details.retryAfterSeconds).toBe(retryAfter);
    expect(await ridesOf(customer)).toBe(LIMIT);
    expect(await env.redis.get(env.redisPrefix + ridePostLimitKey(customer.user.id))).toBe(String(LIMIT));

    // The limit is per customer: someone else still posts.
    expect((await postRide(env.app, await registerCustomer(env))).status).toBe(201);
  });

  it('does not count a replay of the same Idempotency-Key, and still answers it at the limit', async () => {
    const customer = await registerCustomer(env);
    const first = await postRide(env.app, customer, 'post-limit-key-1');
    expect(first.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const replay = await postRide(env.app, customer, 'post-limit-key-1');
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.id).toBe(first.body.id);
    }
    // Three replays spent nothing: the other LIMIT - 1 new rides still go through.
    for (let i = 1; i < LIMIT; i++) expect((await postRide(env.app, customer)).status).toBe(201);
    expect((await postRide(env.app, customer, 'post-limit-key-2')).status).toBe(429);
    const lateReplay = await postRide(env.app, customer, 'post-limit-key-1');
    expect(lateReplay.status).toBe(201);
    expect(lateReplay.body.id).toBe(first.body.id);
    expect(await ridesOf(customer)).toBe(LIMIT);
  });

  it('fails open when Redis is unreachable: the ride is posted (and waits for a retry of dispatch)', async () => {
    const noRedis = await env.startInstance({
      REDIS_URL: 'redis://127.0.0.1:1',
      REALTIME_EMIT_TIMEOUT_MS: '200',
    });
    const customer = await registerCustomer(env);
    // Fail-closed would refuse this very first post, since the limiter cannot answer at all.
    const posted = await postRide(noRedis.app, customer);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    // Dispatch needs Redis too, so the ride does not reach drivers until the customer retries.
    expect(posted.body.status).toBe('NO_DRIVERS_AVAILABLE');
    expect(await ridesOf(customer)).toBe(1);
  });
});
