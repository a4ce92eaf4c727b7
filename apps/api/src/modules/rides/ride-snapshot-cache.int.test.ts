import { rides } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { acceptBid, offerRide, placeBid } from '#test/bid-fixtures';
import { useDispatchStack } from '#test/dispatch-stack';
import { loginAdmin, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { completedRide, pay } from '#test/payment-fixtures';
import { nextEvent } from '#test/realtime-client';
import { startCountingProxy } from '#test/redis-command-counter';
import { insertRide } from '#test/ride-fixtures';
import { RIDE_SNAPSHOT_CACHE } from './ride-snapshot-cache';

// One radius and a short bid window: a search with nobody around gives up within a second, in the worker.
const stack = useDispatchStack({ DISPATCH_RADII_KM: '5', DISPATCH_BID_WINDOW_MS: '300' });

const getRide = (account: TestAccount, rideId: string) =>
  call(stack.env.app, 'GET', `/api/rides/${rideId}`, { token: account.accessToken });

/** Reads the ride as `account` (filling the cache) and checks the read was answered. */
async function warm(account: TestAccount, rideId: string) {
  const response = await getRide(account, rideId);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

async function cachedKeyExists(rideId: string): Promise<boolean> {
  const { env } = stack;
  const key = `${env.redisPrefix}cache:${RIDE_SNAPSHOT_CACHE.name}:v${RIDE_SNAPSHOT_CACHE.version}:${rideId}`;
  return (await env.redis.exists(key)) === 1;
}

/** A customer and a verified driver with the driver's bid accepted on a new ride (BID_ACCEPTED). */
async function acceptedRide() {
  const { env } = stack;
  const customer = await registerCustomer(env);
  const driver = await registerDriver(env, { verified: true, name: 'Sami Ben Salah' });
  const rideId = await insertRide(env, { customerId: customer.user.id });
  await offerRide(env, rideId, driver.user.id);
  const bid = await placeBid(env, driver, rideId, { price: 52_000, etaMinutes: 10 });
  expect((await acceptBid(env, customer, rideId, bid.id)).status).toBe(200);
  return { customer, driver, rideId };
}

function counter(text: string, name: string, cache: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{cache="${cache}"}`));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('the ride snapshot cache behind GET /api/rides/:id', () => {
  it('answers a party from the cache, without Postgres: a row changed behind the api’s back is not seen', async () => {
    const { env } = stack;
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: customer.user.id });
    const first = await warm(customer, rideId);
    expect(await cachedKeyExists(rideId)).toBe(true);
    // Not a write path of the api: only a read that never reaches Postgres still shows the old address.
    await env.database.db.update(rides).set({ pickupAddress: 'changed by hand' }).where(eq(rides.id, rideId));
    const second = await warm(customer, rideId);
    expect(second).toEqual(first);
    expect(second.pickup.address).not.toBe('changed by hand');
  });

  it('shows the accepted bid’s driver and price at once after acceptance', async () => {
    const { env } = stack;
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true, name: 'Sami Ben Salah' });
    const rideId = await insertRide(env, { customerId: customer.user.id });
    await offerRide(env, rideId, driver.user.id);
    const bid = await placeBid(env, driver, rideId, { price: 61_000, etaMinutes: 9 });
    const before = await warm(customer, rideId);
    expect(before).toMatchObject({ status: 'PENDING_BIDS', driverId: null, price: null });

    expect((await acceptBid(env, customer, rideId, bid.id)).status).toBe(200);
    const after = await warm(customer, rideId);
    expect(after).toMatchObject({ status: 'BID_ACCEPTED', driverId: driver.user.id, price: 61_000 });
    expect(after.driver).toMatchObject({ firstName: 'Sami', phone: driver.phone });
  });

  it('shows each status the driver moves the ride to, to the customer and the driver', async () => {
    const { env } = stack;
    const { customer, driver, rideId } = await acceptedRide();
    await warm(customer, rideId);
    await warm(driver, rideId);
    for (const status of ['DRIVER_ARRIVING', 'PICKUP_ARRIVED', 'LOADING', 'IN_TRANSIT']) {
      const moved = await call(env.app, 'PATCH', `/api/rides/${rideId}/status`, {
        token: driver.accessToken,
        body: { status },
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect((await warm(customer, rideId)).status).toBe(status);
      expect((await warm(driver, rideId)).status).toBe(status);
    }
  });

  it('shows a cancellation by the customer, and one by an admin', async () => {
    const { env } = stack;
    const byCustomer = await acceptedRide();
    await warm(byCustomer.customer, byCustomer.rideId);
    await warm(byCustomer.driver, byCustomer.rideId);
    const cancelled = await call(env.app, 'POST', `/api/rides/${byCustomer.rideId}/cancel`, {
      token: byCustomer.customer.accessToken,
      body: { reason: 'plans changed' },
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect((await warm(byCustomer.customer, byCustomer.rideId)).status).toBe('CANCELLED');
    expect((await warm(byCustomer.driver, byCustomer.rideId)).status).toBe('CANCELLED');

    const byAdmin = await acceptedRide();
    await warm(byAdmin.customer, byAdmin.rideId);
    await warm(byAdmin.driver, byAdmin.rideId);
    const admin = await loginAdmin(env);
    const adminCancel = await call(env.app, 'POST', `/api/admin/rides/${byAdmin.rideId}/cancel`, {
      token: admin.accessToken,
      body: { reason: 'customer called support' },
    });
    expect(adminCancel.status, JSON.stringify(adminCancel.body)).toBe(200);
    expect((await warm(byAdmin.customer, byAdmin.rideId)).status).toBe('CANCELLED');
    expect((await warm(byAdmin.driver, byAdmin.rideId)).status).toBe('CANCELLED');
  });

  it('shows the payment as it is declared and then confirmed', async () => {
    const { env } = stack;
    const ride = await completedRide(env);
    expect((await warm(ride.customer, ride.rideId)).payment).toEqual({ status: 'NONE', method: null });
    const declared = await pay(env, ride.customer.accessToken, { rideId: ride.rideId, method: 'CASH' });
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    expect((await warm(ride.customer, ride.rideId)).payment).toEqual({ status: 'NONE', method: 'CASH' });
    expect((await warm(ride.driver, ride.rideId)).payment).toEqual({ status: 'NONE', method: 'CASH' });

    const confirmed = await call(env.app, 'POST', `/api/rides/${ride.rideId}/payments/cash/confirm`, {
      token: ride.driver.accessToken,
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect((await warm(ride.customer, ride.rideId)).payment).toEqual({ status: 'PAID', method: 'CASH' });
    expect((await warm(ride.driver, ride.rideId)).payment).toEqual({ status: 'PAID', method: 'CASH' });
  });

  it('shows the driver’s new rating on every ride of theirs once a customer rates them', async () => {
    const { env } = stack;
    const ride = await completedRide(env);
    // Another, older ride of the same driver: its card shows the rating too.
    const other = await insertRide(env, {
      customerId: ride.customer.user.id,
      driverId: ride.driver.user.id,
      status: 'COMPLETED',
      price: 30_000,
    });
    expect((await warm(ride.customer, ride.rideId)).driver.rating).toBeNull();
    expect((await warm(ride.customer, other)).driver.rating).toBeNull();
    const rated = await call(env.app, 'POST', `/api/rides/${ride.rideId}/rating`, {
      token: ride.customer.accessToken,
      body: { score: 4, criteria: { punctuality: 4, care: 4, communication: 4 } },
    });
    expect(rated.status, JSON.stringify(rated.body)).toBe(201);
    expect((await warm(ride.customer, ride.rideId)).driver.rating).toBe(4);
    expect((await warm(ride.customer, other)).driver.rating).toBe(4);
    expect((await warm(ride.driver, other)).driver.rating).toBe(4);
  });

  it('shows the worker’s change: dispatch giving up moves the ride to NO_DRIVERS_AVAILABLE', async () => {
    const { env } = stack;
    const customer = await registerCustomer(env);
    // Far from every other test's drivers: nobody is found and the worker gives up.
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      pickup: { lat: 33.5, lng: 8.0 },
      status: 'NO_DRIVERS_AVAILABLE',
    });
    expect((await warm(customer, rideId)).status).toBe('NO_DRIVERS_AVAILABLE');
    const socket = await stack.connect(customer);
    const gaveUp = nextEvent(socket, 'ride:no-drivers', 10_000);
    const retried = await call(env.app, 'POST', `/api/rides/${rideId}/retry-dispatch`, {
      token: customer.accessToken,
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect((await warm(customer, rideId)).status).toBe('PENDING_BIDS');
    expect(await gaveUp).toMatchObject({ rideId });
    // The worker invalidated before telling anyone: the first read after the event is already new.
    expect((await warm(customer, rideId)).status).toBe('NO_DRIVERS_AVAILABLE');
  });

  it('refuses a revoked token even while the ride is cached', async () => {
    const { env } = stack;
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: customer.user.id });
    await warm(customer, rideId);
    await warm(customer, rideId);
    const out = await call(env.app, 'POST', '/api/auth/logout', { token: customer.accessToken, body: {} });
    expect(out.status).toBe(204);
    const refused = await getRide(customer, rideId);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('TOKEN_REVOKED');
  });

  it('answers a stranger 404 and an offered driver as before, with the cache warm', async () => {
    const { env } = stack;
    const customer = await registerCustomer(env);
    const stranger = await registerCustomer(env);
    const strangerDriver = await registerDriver(env, { verified: true });
    const offered = await registerDriver(env, { verified: true });
    const winner = await registerDriver(env, { verified: true });
    const rideId = await insertRide(env, { customerId: customer.user.id });
    await offerRide(env, rideId, offered.user.id, winner.user.id);
    await warm(customer, rideId);
    expect(await cachedKeyExists(rideId)).toBe(true);

    for (const outsider of [stranger, strangerDriver]) {
      const response = await getRide(outsider, rideId);
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain(rideId);
    }
    // Offered while it takes bids: the ride, but no cargo photo ids (only parties get those).
    const look = await getRide(offered, rideId);
    expect(look.status).toBe(200);
    expect(look.body.photoUploadIds).toBeUndefined();

    const bid = await placeBid(env, winner, rideId);
    expect((await acceptBid(env, customer, rideId, bid.id)).status).toBe(200);
    await warm(customer, rideId);
    expect((await getRide(offered, rideId)).status).toBe(404);
    expect((await warm(winner, rideId)).driverId).toBe(winner.user.id);
  });

  it('counts hits and misses under cache="ride" on /metrics', async () => {
    const { env } = stack;
    const scrape = async () => (await env.app.inject({ method: 'GET', url: '/metrics' })).body;
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: customer.user.id });
    const before = await scrape();
    await warm(customer, rideId);
    await warm(customer, rideId);
    await warm(customer, rideId);
    const after = await scrape();
    expect(counter(after, 'cache_misses_total', 'ride') - counter(before, 'cache_misses_total', 'ride')).toBe(
      1,
    );
    expect(counter(after, 'cache_hits_total', 'ride') - counter(before, 'cache_hits_total', 'ride')).toBe(2);
  });

  it('serves admins from Postgres, never from a snapshot', async () => {
    const { env } = stack;
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: customer.user.id });
    await warm(customer, rideId);
    await env.database.db.execute(
      sql`UPDATE rides SET pickup_address = 'seen by admins' WHERE id = ${rideId}`,
    );
    const admin = await loginAdmin(env);
    expect((await warm(admin, rideId)).pickup.address).toBe('seen by admins');
  });

  it('answers a cached read in one Redis command: the revocation check’s MGET carries the snapshot’s keys', async () => {
    const { env } = stack;
    const proxy = await startCountingProxy(env.config.redis.url);
    try {
      const instance = await env.startInstance({ REDIS_URL: proxy.url });
      const customer = await registerCustomer(env);
      const rideId = await insertRide(env, { customerId: customer.user.id });
      const read = () => call(instance.app, 'GET', `/api/rides/${rideId}`, { token: customer.accessToken });
      // The Socket.io adapter polls its stream on connections of its own all along: not the request's.
      const sentSince = (before: number) => proxy.commands.slice(before).filter((name) => name !== 'xread');
      // Until the new instance has copied the blacklist into its connection, checks go to Postgres.
      await expect
        .poll(async () => {
          const before = proxy.commands.length;
          expect((await read()).status).toBe(200);
          return proxy.commands.slice(before);
        })
        .toEqual(['mget']);
      const logout = await call(env.app, 'POST', '/api/auth/logout', {
        token: customer.accessToken,
        body: {},
      });
      expect(logout.status).toBe(204);
      const before = proxy.commands.length;
      const refused = await read();
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('TOKEN_REVOKED');
      expect(sentSince(before)).toEqual(['mget']);
    } finally {
      await proxy.close();
    }
  });
});
