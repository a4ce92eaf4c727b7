import { bids, ratings, rideEvents, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptBid, offerRide, placeBid } from '#test/bid-fixtures';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => env?.close());

/** Everything written about the rides, to prove an intruder's request changed nothing. */
async function snapshot(rideIds: string[]) {
  const db = env.database.db;
  const parts = await Promise.all(
    rideIds.map(async (id) => ({
      ride: await db.select().from(rides).where(eq(rides.id, id)),
      bids: await db.select().from(bids).where(eq(bids.rideId, id)),
      events: await db.select().from(rideEvents).where(eq(rideEvents.rideId, id)),
      ratings: await db.select().from(ratings).where(eq(ratings.rideId, id)),
    })),
  );
  return JSON.stringify(parts);
}

describe('who may touch bids, statuses and ratings', () => {
  it('gives another customer, an unrelated driver and anonymous callers nothing on every route', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const rival = await registerDriver(env, { verified: true });

    // A ride still taking bids, one being driven and one completed: each route is tried where it would work.
    const searching = await insertRide(env, { customerId: customer.user.id });
    await offerRide(env, searching, driver.user.id, rival.user.id);
    const openBid = await placeBid(env, rival, searching);
    const driven = await insertRide(env, { customerId: customer.user.id });
    await offerRide(env, driven, driver.user.id);
    const drivenBid = await placeBid(env, driver, driven);
    expect((await acceptBid(env, customer, driven, drivenBid.id)).status).toBe(200);
    const done = await insertRide(env, {
      customerId: customer.user.id,
      driverId: rival.user.id,
      status: 'COMPLETED',
      price: 40_000,
    });

    const intruders: [string, TestAccount | null][] = [
      ['another customer', await registerCustomer(env)],
      ['an unrelated driver', await registerDriver(env, { verified: true })],
      ['anonymous', null],
    ];
    const routes: { method: 'GET' | 'POST' | 'PATCH'; url: string; body?: unknown }[] = [
      { method: 'GET', url: `/api/rides/${searching}/bids` },
      { method: 'POST', url: `/api/rides/${searching}/bids`, body: { price: 20_000, etaMinutes: 5 } },
      { method: 'POST', url: `/api/rides/${searching}/bids/${openBid.id}/accept` },
      { method: 'PATCH', url: `/api/rides/${driven}/status`, body: { status: 'DRIVER_ARRIVING' } },
      { method: 'POST', url: `/api/rides/${done}/rating`, body: { score: 1 } },
    ];

    const before = await snapshot([searching, driven, done]);
    for (const [who, intruder] of intruders) {
      for (const route of routes) {
        const response = await call(env.app, route.method, route.url, {
          ...(intruder ? { token: intruder.accessToken } : {}),
          ...(route.body ? { body: route.body } : {}),
        });
        const label = `${who}: ${route.method} ${route.url}`;
        expect([401, 403, 404], label).toContain(response.status);
        expect(Object.keys(response.body), label).toEqual(['error']);
        expect(JSON.stringify(response.body), label).not.toContain(openBid.id);
      }
    }
    expect(await snapshot([searching, driven, done])).toBe(before);
  });
});
