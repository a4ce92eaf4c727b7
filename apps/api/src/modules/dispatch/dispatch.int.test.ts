import type { VehicleType } from '@truck4u/contracts';
import { bids, rideNotifications, rides } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDispatchStack } from '#test/dispatch-stack';
import { goOnlineAt, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { connectSocket, eventually, listen, nextEvent, recordEvents } from '#test/realtime-client';
import { insertRide, northOf } from '#test/ride-fixtures';
import type { AppInstance, TestEnvironment } from '#test/test-environment';
import { DISPATCH_QUEUE } from './dispatch.jobs';

const SFAX = { lat: 34.7406, lng: 10.7603 };
const SOUSSE = { lat: 35.8256, lng: 10.6411 };
const BIZERTE = { lat: 37.2744, lng: 9.8739 };
const GABES = { lat: 33.8815, lng: 10.0982 };
const KEF = { lat: 36.1742, lng: 8.7049 };

describe('dispatch', () => {
  const stack = useDispatchStack({
    DISPATCH_RADII_KM: '5,10,20,40',
    DISPATCH_BID_WINDOW_MS: '400',
    DISPATCH_MAX_DRIVERS_PER_STEP: '2',
  });
  let env: TestEnvironment;
  let second: AppInstance;
  let urlA: string;
  let urlB: string;
  const { sockets } = stack;

  beforeAll(async () => {
    ({ env, url: urlA } = stack);
    second = await env.startInstance();
    urlB = await listen(second.app);
  });

  async function connect(url: string, account: TestAccount) {
    const socket = await connectSocket(url, account.accessToken);
    sockets.push(socket);
    return socket;
  }

  /** A verified driver, online, who just reported a position, with a socket on instance B. */
  async function onlineDriver(at: { lat: number; lng: number }, vehicleType: VehicleType = 'SMALL_VAN') {
    const driver = await registerDriver(env, { verified: true, vehicleType });
    await goOnlineAt(env.app, driver, at);
    const socket = await connect(urlB, driver);
    return { driver, socket, requests: recordEvents(socket, 'ride:request') };
  }

  async function statusOf(rideId: string) {
    const [row] = await env.database.db.select().from(rides).where(eq(rides.id, rideId));
    return row?.status;
  }

  async function notificationsOf(rideId: string) {
    return env.database.db
      .select({ driverId: rideNotifications.driverId, step: rideNotifications.step })
      .from(rideNotifications)
      .where(eq(rideNotifications.rideId, rideId));
  }

  it('widens the circle: a driver 8 km away is asked only at the second step; then the search gives up', async () => {
    const customer = await registerCustomer(env);
    const near = await onlineDriver(northOf(SFAX, 8));
    const otherType = await onlineDriver(northOf(SFAX, 1), 'REFRIGERATED');
    const offline = await onlineDriver(northOf(SFAX, 1));
    await call(env.app, 'PATCH', '/api/drivers/me/availability', {
      token: offline.driver.accessToken,
      body: { online: false },
    });
    const stale = await onlineDriver(northOf(SFAX, 2));
    await env.redis.zadd(`${env.redisPrefix}geo:drivers:seen`, Date.now() - 130_000, stale.driver.user.id);

    const rideId = await insertRide(env, { customerId: customer.user.id, pickup: SFAX });
    const customerSocket = await connect(urlA, customer);
    const noDrivers = nextEvent(customerSocket, 'ride:no-drivers', 10_000);
    const statusEvent = nextEvent(customerSocket, 'ride:status', 10_000);
    await env.app.dispatch.startDispatch(rideId, 0);

    const request = await nextEvent(near.socket, 'ride:request');
    expect(request.ride).toMatchObject({ id: rideId, status: 'PENDING_BIDS', vehicleType: 'SMALL_VAN' });
    expect(request.distanceMeters).toBeGreaterThan(7_500);
    expect(request.distanceMeters).toBeLessThan(8_500);
    expect(await notificationsOf(rideId)).toEqual([{ driverId: near.driver.user.id, step: 1 }]);

    expect(await noDrivers).toMatchObject({ rideId, ride: { status: 'NO_DRIVERS_AVAILABLE' } });
    expect(await statusEvent).toMatchObject({ rideId, from: 'PENDING_BIDS', to: 'NO_DRIVERS_AVAILABLE' });
    expect(await statusOf(rideId)).toBe('NO_DRIVERS_AVAILABLE');
    expect(near.requests).toHaveLength(1);
    expect(otherType.requests).toHaveLength(0);
    expect(offline.requests).toHaveLength(0);
    expect(stale.requests).toHaveLength(0);
  });

  it('ends NO_DRIVERS_AVAILABLE at once when nobody is in range, and tells the customer on any instance', async () => {
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      pickup: GABES,
      vehicleType: 'FLATBED',
    });
    const customerSocket = await connect(urlB, customer);
    const noDrivers = nextEvent(customerSocket, 'ride:no-drivers');
    const started = Date.now();
    await env.app.dispatch.startDispatch(rideId, 0);
    expect(await noDrivers).toMatchObject({ rideId });
    // No one was asked, so no bid window was waited for.
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await statusOf(rideId)).toBe('NO_DRIVERS_AVAILABLE');
  });

  it('asks the nearest drivers first, at most N per step, skipping drivers busy on another ride', async () => {
    const customer = await registerCustomer(env);
    const busy = await onlineDriver(northOf(SOUSSE, 0.5), 'LARGE_VAN');
    await insertRide(env, {
      customerId: customer.user.id,
      pickup: KEF,
      vehicleType: 'LARGE_VAN',
      driverId: busy.driver.user.id,
      status: 'LOADING',
    });
    const d1 = await onlineDriver(northOf(SOUSSE, 1), 'LARGE_VAN');
    const d2 = await onlineDriver(northOf(SOUSSE, 2), 'LARGE_VAN');
    const d3 = await onlineDriver(northOf(SOUSSE, 3), 'LARGE_VAN');
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      pickup: SOUSSE,
      vehicleType: 'LARGE_VAN',
    });
    await env.app.dispatch.startDispatch(rideId, 0);
    await eventually(async () => expect(await notificationsOf(rideId)).toHaveLength(3));
    const byDriver = new Map((await notificationsOf(rideId)).map((n) => [n.driverId, n.step]));
    expect(byDriver.get(d1.driver.user.id)).toBe(0);
    expect(byDriver.get(d2.driver.user.id)).toBe(0);
    expect(byDriver.get(d3.driver.user.id)).toBe(1);
    expect(byDriver.has(busy.driver.user.id)).toBe(false);
    await eventually(() => expect(d3.requests).toHaveLength(1));
    expect(busy.requests).toHaveLength(0);
  });

  it('stops widening once the ride has a live bid, or is no longer searching', async () => {
    const customer = await registerCustomer(env);
    const bidder = await onlineDriver(northOf(BIZERTE, 1), 'PICKUP');
    const farther = await onlineDriver(northOf(BIZERTE, 8), 'PICKUP');
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      pickup: BIZERTE,
      vehicleType: 'PICKUP',
    });
    await env.app.dispatch.startDispatch(rideId, 0);
    await nextEvent(bidder.socket, 'ride:request');
    await env.database.db.insert(bids).values({
      rideId,
      driverId: bidder.driver.user.id,
      price: 40_000,
      etaMinutes: 20,
      expiresAt: new Date(Date.now() + 15 * 60_000),
    });

    const cancelled = await insertRide(env, {
      customerId: customer.user.id,
      pickup: BIZERTE,
      vehicleType: 'PICKUP',
    });
    await env.app.dispatch.startDispatch(cancelled, 0);
    await nextEvent(bidder.socket, 'ride:request');
    await env.database.db.update(rides).set({ status: 'CANCELLED' }).where(eq(rides.id, cancelled));

    await new Promise((r) => setTimeout(r, 1_500));
    expect(await statusOf(rideId)).toBe('PENDING_BIDS');
    expect(await statusOf(cancelled)).toBe('CANCELLED');
    expect(farther.requests).toHaveLength(0);
    expect((await notificationsOf(rideId)).map((n) => n.step)).toEqual([0]);
  });

  it('is harmless to start the same dispatch twice or to run a step twice', async () => {
    const customer = await registerCustomer(env);
    const driver = await onlineDriver(northOf(KEF, 1), 'BOX_TRUCK');
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      pickup: KEF,
      vehicleType: 'BOX_TRUCK',
    });
    const customerSocket = await connect(urlA, customer);
    const noDrivers = recordEvents(customerSocket, 'ride:no-drivers');
    await Promise.all([
      env.app.dispatch.startDispatch(rideId, 0),
      second.app.dispatch.startDispatch(rideId, 0),
    ]);
    // A copy of step 0 under another id, as a buggy producer would add: the notification insert still decides.
    const { Queue } = await import('bullmq');
    const queue = new Queue(DISPATCH_QUEUE, { connection: env.redis, prefix: `${env.redisPrefix}bull` });
    await queue.add('dispatch-step', { rideId, round: 0, step: 0 }, { jobId: `copy-${rideId}` });
    await queue.close();

    await eventually(async () => expect(await statusOf(rideId)).toBe('NO_DRIVERS_AVAILABLE'), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(driver.requests).toHaveLength(1);
    expect(await notificationsOf(rideId)).toHaveLength(1);
    expect(noDrivers).toHaveLength(1);
    const events = await env.database.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM ride_events WHERE ride_id = ${rideId} AND to_status = 'NO_DRIVERS_AVAILABLE'`,
    );
    expect(events.rows[0]?.n).toBe(1);
  });

  it('ignores a stale round once a retry has started a new one', async () => {
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      pickup: GABES,
      vehicleType: 'PICKUP',
    });
    await env.database.db.update(rides).set({ dispatchRound: 2 }).where(eq(rides.id, rideId));
    await env.app.dispatch.startDispatch(rideId, 1);
    await new Promise((r) => setTimeout(r, 800));
    expect(await statusOf(rideId)).toBe('PENDING_BIDS');
    await env.app.dispatch.startDispatch(rideId, 2);
    await eventually(async () => expect(await statusOf(rideId)).toBe('NO_DRIVERS_AVAILABLE'));
  });
});
