import { sql } from 'drizzle-orm';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptBid, offerRide, placeBid, rideRow } from '#test/bid-fixtures';
import { loginAdmin, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { findActiveGovernorateRate } from '../modules/commissions/commissions.repository';
import { CacheMetrics } from './cache-metrics';
import { ReadCache } from './read-cache';
import { createCommandRedis } from './redis';

const DEAD_REDIS = 'redis://127.0.0.1:1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let env: TestEnvironment;
let admin: TestAccount;
beforeAll(async () => {
  env = await createTestEnvironment();
  admin = await loginAdmin(env);
});
afterAll(async () => env?.close());

/** The value of the sample `name` carrying `cache="<cache>"` on a /metrics page; 0 when it has none yet. */
function counter(text: string, name: string, cache: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{cache="${cache}"}`));
  return line ? Number(line.split(' ')[1]) : 0;
}

async function apiMetrics(app = env.app): Promise<string> {
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  return response.body;
}

async function setGovernorateRate(code: string, rateBps: number): Promise<void> {
  await env.database.db.execute(sql`
    INSERT INTO governorate_commissions (governorate_code, rate_bps, is_active)
    VALUES (${code}, ${rateBps}, true)
    ON CONFLICT (governorate_code) DO UPDATE SET rate_bps = ${rateBps}, is_active = true`);
}

/** A PENDING_BIDS ride in Tunis (TN-11) with a bid of a fresh verified driver. */
async function rideWithBid(customer: TestAccount, driver?: TestAccount) {
  const bidder = driver ?? (await registerDriver(env, { verified: true }));
  const rideId = await insertRide(env, { customerId: customer.user.id });
  await offerRide(env, rideId, bidder.user.id);
  const bid = await placeBid(env, bidder, rideId);
  return { rideId, bid, driver: bidder };
}

describe('read cache', () => {
  it('never keeps a value older than a write that raced its load (300 rounds against Postgres)', async () => {
    const registry = new Registry();
    const cache = new ReadCache<number | null>(env.redis, {
      name: 'race_test',
      version: 1,
      keyPrefix: env.redisPrefix,
      ttlSeconds: 60,
      metrics: new CacheMetrics(registry),
    });
    const code = 'TN-12';
    await setGovernorateRate(code, 1000);
    let raced = 0;
    for (let round = 1; round <= 300; round++) {
      const next = 1000 + round;
      // As a previous write did: the next read misses and loads.
      await cache.invalidate(code);
      const reader = cache.get(code, async () => {
        const value = await findActiveGovernorateRate(env.database.db, code);
        // Holding the loaded row lets the write commit and invalidate before the fill lands.
        await sleep(Math.random() * 4);
        if (value !== next) raced += 1;
        return value;
      });
      const writer = (async () => {
        await sleep(Math.random() * 2);
        await setGovernorateRate(code, next);
        await cache.invalidate(code);
      })();
      await Promise.all([reader, writer]);
      expect(await cache.get(code, () => findActiveGovernorateRate(env.database.db, code))).toBe(next);
    }
    // The interleaving under test happened: loads read the old row and tried to store it after the write.
    expect(raced).toBeGreaterThan(10);
  });

  it('answers from the source when Redis is down, and counts each lookup as a miss', async () => {
    const dead = createCommandRedis(DEAD_REDIS);
    const registry = new Registry();
    const cache = new ReadCache<{ n: number }>(dead, {
      name: 'down_test',
      version: 1,
      keyPrefix: env.redisPrefix,
      ttlSeconds: 60,
      metrics: new CacheMetrics(registry),
    });
    try {
      expect(await cache.get('a', async () => ({ n: 1 }))).toEqual({ n: 1 });
      expect(await cache.get('a', async () => ({ n: 2 }))).toEqual({ n: 2 });
      await expect(cache.invalidate('a')).resolves.toBeUndefined();
      expect(counter(await registry.metrics(), 'cache_misses_total', 'down_test')).toBe(2);
    } finally {
      dead.disconnect();
    }
  });

  it('serves the plan catalogue from the cache after the first read, counted on /metrics', async () => {
    const before = await apiMetrics();
    const first = await call(env.app, 'GET', '/api/subscriptions/plans');
    const second = await call(env.app, 'GET', '/api/subscriptions/plans');
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(first.body.items.length).toBeGreaterThan(0);
    const after = await apiMetrics();
    expect(counter(after, 'cache_misses_total', 'plans')).toBe(
      counter(before, 'cache_misses_total', 'plans') + 1,
    );
    expect(counter(after, 'cache_hits_total', 'plans')).toBe(
      counter(before, 'cache_hits_total', 'plans') + 1,
    );
  });

  it('fixes the new governorate rate on the next accepted bid once an admin changes it', async () => {
    await setGovernorateRate('TN-11', 1200);
    const customer = await registerCustomer(env);
    const first = await rideWithBid(customer);
    expect((await acceptBid(env, customer, first.rideId, first.bid.id)).status).toBe(200);
    expect((await rideRow(env, first.rideId)).commissionRateBps).toBe(1200);

    const changed = await call(env.app, 'PUT', '/api/admin/commissions/TN-11', {
      token: admin.accessToken,
      body: { rateBps: 900 },
    });
    expect(changed.status).toBe(200);
    const second = await rideWithBid(customer);
    expect((await acceptBid(env, customer, second.rideId, second.bid.id)).status).toBe(200);
    expect((await rideRow(env, second.rideId)).commissionRateBps).toBe(900);

    // Switched off, the governorate falls back to the default rate at once.
    await call(env.app, 'PUT', '/api/admin/commissions/TN-11', {
      token: admin.accessToken,
      body: { rateBps: 900, isActive: false },
    });
    const third = await rideWithBid(customer);
    expect((await acceptBid(env, customer, third.rideId, third.bid.id)).status).toBe(200);
    expect((await rideRow(env, third.rideId)).commissionRateBps).toBe(1500);
  });

  it('shows a driver’s new rating on bid listings right after a customer rates them, every time', async () => {
    const customer = await registerCustomer(env);
    const { rideId, driver } = await rideWithBid(customer);
    const listDriver = async () => {
      const listed = await call(env.app, 'GET', `/api/rides/${rideId}/bids`, { token: customer.accessToken });
      expect(listed.status).toBe(200);
      return listed.body.items[0].driver as { rating: number | null; ratingCount: number };
    };
    expect(await listDriver()).toMatchObject({ rating: null, ratingCount: 0 });
    const before = await apiMetrics();
    expect(await listDriver()).toMatchObject({ rating: null, ratingCount: 0 });
    expect(counter(await apiMetrics(), 'cache_hits_total', 'driver_card')).toBe(
      counter(before, 'cache_hits_total', 'driver_card') + 1,
    );

    // Listings racing each rating: the listing after the rating answers always shows it.
    for (let round = 1; round <= 100; round++) {
      const completed = await insertRide(env, {
        customerId: customer.user.id,
        driverId: driver.user.id,
        status: 'COMPLETED',
        price: 40_000,
      });
      const [rated] = await Promise.all([
        call(env.app, 'POST', `/api/rides/${completed}/rating`, {
          token: customer.accessToken,
          body: { score: round % 2 === 0 ? 5 : 3 },
        }),
        listDriver(),
        listDriver(),
      ]);
      expect(rated.status, JSON.stringify(rated.body)).toBe(201);
      expect((await listDriver()).ratingCount).toBe(round);
    }
    expect(await listDriver()).toMatchObject({ rating: 4, ratingCount: 100 });
  });

  it('keeps answering bid listings and plans from Postgres on an instance whose Redis is down', async () => {
    const customer = await registerCustomer(env);
    const { rideId, driver } = await rideWithBid(customer);
    const noRedis = await env.startInstance({ REDIS_URL: DEAD_REDIS });
    const listed = await call(noRedis.app, 'GET', `/api/rides/${rideId}/bids`, {
      token: customer.accessToken,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.items[0].driver).toMatchObject({ id: driver.user.id, name: 'Test Driver' });
    const plans = await call(noRedis.app, 'GET', '/api/subscriptions/plans');
    expect(plans.status).toBe(200);
    expect(plans.body.items.length).toBeGreaterThan(0);
    expect(counter(await apiMetrics(noRedis.app), 'cache_misses_total', 'plans')).toBe(1);
  });
});
