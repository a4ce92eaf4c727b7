import type { Ride, VehicleType } from '@truck4u/contracts';
import { bids, rideNotifications, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDispatchStack } from '#test/dispatch-stack';
import { goOnlineAt, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { connectSocket, eventually, nextEvent, recordEvents } from '#test/realtime-client';
import { northOf } from '#test/ride-fixtures';
import type { TestEnvironment } from '#test/test-environment';

// Rides posted over HTTP, dispatched by a real worker on the real queue.
const stack = useDispatchStack({ DISPATCH_RADII_KM: '5,10', DISPATCH_BID_WINDOW_MS: '1500' });
let env: TestEnvironment;
let baseUrl: string;
const { sockets } = stack;

beforeAll(() => {
  ({ env, url: baseUrl } = stack);
});

const KAIROUAN = { lat: 35.6781, lng: 10.0963 };
const MONASTIR = { lat: 35.7643, lng: 10.8113 };
const GAFSA = { lat: 34.425, lng: 8.7842 };

async function connect(account: TestAccount) {
  const socket = await connectSocket(baseUrl, account.accessToken);
  sockets.push(socket);
  return socket;
}

async function onlineDriver(at: { lat: number; lng: number }, vehicleType: VehicleType) {
  const driver = await registerDriver(env, { verified: true, vehicleType });
  await goOnlineAt(env.app, driver, at);
  const socket = await connect(driver);
  return { driver, socket, requests: recordEvents(socket, 'ride:request') };
}

async function postRide(
  customer: TestAccount,
  pickup: { lat: number; lng: number },
  vehicleType: VehicleType,
) {
  const response = await call<Ride>(env.app, 'POST', '/api/rides', {
    token: customer.accessToken,
    body: {
      pickup: { ...pickup, address: 'Zone industrielle' },
      dropoff: { ...northOf(pickup, 30), address: 'Entrepôt nord' },
      vehicleType,
      cargo: { description: 'Pallets of tiles', weightKg: 900 },
      loadAssistance: false,
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function statusOf(rideId: string) {
  const [row] = await env.database.db.select().from(rides).where(eq(rides.id, rideId));
  return row?.status;
}

describe('rides and dispatch', () => {
  it('offers a posted ride to a nearby driver, who finds it in available rides until the customer cancels, which stops the search', async () => {
    const customer = await registerCustomer(env);
    const near = await onlineDriver(northOf(KAIROUAN, 1), 'FLATBED');
    const farther = await onlineDriver(northOf(KAIROUAN, 8), 'FLATBED');
    const ride = await postRide(customer, KAIROUAN, 'FLATBED');

    const request = await nextEvent(near.socket, 'ride:request');
    expect(request.ride).toMatchObject({ id: ride.id, priceEstimate: ride.priceEstimate });
    const available = await call(env.app, 'GET', '/api/drivers/me/rides/available', {
      token: near.driver.accessToken,
    });
    expect(available.status).toBe(200);
    expect(available.body.items).toMatchObject([
      { ride: { id: ride.id, status: 'PENDING_BIDS' }, myBid: null, distanceMeters: expect.any(Number) },
    ]);
    expect(
      (await call(env.app, 'GET', `/api/rides/${ride.id}`, { token: near.driver.accessToken })).status,
    ).toBe(200);
    // The farther driver has not been asked yet: no access to the ride.
    expect(
      (await call(env.app, 'GET', `/api/rides/${ride.id}`, { token: farther.driver.accessToken })).status,
    ).toBe(404);

    const cancelled = await call(env.app, 'POST', `/api/rides/${ride.id}/cancel`, {
      token: customer.accessToken,
    });
    expect(cancelled.status).toBe(200);
    // Past the bid window: the next step would have asked the farther driver had the ride still been open.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(farther.requests).toHaveLength(0);
    expect(await statusOf(ride.id)).toBe('CANCELLED');
    const after = await call(env.app, 'GET', '/api/drivers/me/rides/available', {
      token: near.driver.accessToken,
    });
    expect(after.body.items).toEqual([]);
    expect(
      (await call(env.app, 'GET', `/api/rides/${ride.id}`, { token: near.driver.accessToken })).status,
    ).toBe(404);
  });

  it('shows the driver’s own bid on available rides and pages through them', async () => {
    const customer = await registerCustomer(env);
    const driver = await onlineDriver(northOf(MONASTIR, 1), 'REFRIGERATED');
    // Another driver's live bid on each ride stops the search, so the rides stay open while the test pages.
    const rival = await registerDriver(env, { verified: true, vehicleType: 'REFRIGERATED' });
    const posted: Ride[] = [];
    for (let i = 0; i < 3; i++) {
      const ride = await postRide(customer, MONASTIR, 'REFRIGERATED');
      await env.database.db.insert(bids).values({
        rideId: ride.id,
        driverId: rival.user.id,
        price: 85_000,
        etaMinutes: 25,
        expiresAt: new Date(Date.now() + 600_000),
      });
      posted.push(ride);
      await eventually(() => expect(driver.requests).toHaveLength(i + 1));
    }
    const [first, second] = posted;
    if (!first || !second) throw new Error('no ride');
    await env.database.db.insert(bids).values({
      rideId: second.id,
      driverId: driver.driver.user.id,
      price: 90_000,
      etaMinutes: 20,
      expiresAt: new Date(Date.now() - 1_000),
    });
    await env.database.db.insert(bids).values({
      rideId: first.id,
      driverId: driver.driver.user.id,
      price: 80_000,
      etaMinutes: 15,
      expiresAt: new Date(Date.now() + 600_000),
    });

    const seen: { id: string; myBid: unknown }[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        env.app,
        'GET',
        `/api/drivers/me/rides/available?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: driver.driver.accessToken },
      );
      expect(page.status).toBe(200);
      seen.push(
        ...page.body.items.map((i: { ride: Ride; myBid: unknown }) => ({ id: i.ride.id, myBid: i.myBid })),
      );
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((s) => s.id)).toEqual(posted.map((r) => r.id).reverse());
    expect(seen.find((s) => s.id === first.id)?.myBid).toMatchObject({ price: 80_000, status: 'PENDING' });
    // Past its expiry a bid reads as EXPIRED, as everywhere else.
    expect(seen.find((s) => s.id === second.id)?.myBid).toMatchObject({ price: 90_000, status: 'EXPIRED' });

    const customerCall = await call(env.app, 'GET', '/api/drivers/me/rides/available', {
      token: customer.accessToken,
    });
    expect(customerCall.status).toBe(403);
    const anonymous = await call(env.app, 'GET', '/api/drivers/me/rides/available');
    expect(anonymous.status).toBe(401);
  });

  it('retries dispatch from NO_DRIVERS_AVAILABLE with a new round that asks drivers again', async () => {
    const customer = await registerCustomer(env);
    const customerSocket = await connect(customer);
    const noDrivers = nextEvent(customerSocket, 'ride:no-drivers', 10_000);
    const idle = await onlineDriver(northOf(GAFSA, 2), 'PICKUP');
    const ride = await postRide(customer, GAFSA, 'PICKUP');
    await nextEvent(idle.socket, 'ride:request');
    expect(await noDrivers).toMatchObject({ rideId: ride.id });

    const statusEvent = nextEvent(customerSocket, 'ride:status');
    const secondRequest = nextEvent(idle.socket, 'ride:request');
    const answers = await Promise.all(
      [1, 2].map(() =>
        call(env.app, 'POST', `/api/rides/${ride.id}/retry-dispatch`, { token: customer.accessToken }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const retried = answers.find((a) => a.status === 200)?.body;
    expect(retried).toMatchObject({ id: ride.id, status: 'PENDING_BIDS' });
    expect(await statusEvent).toMatchObject({
      rideId: ride.id,
      from: 'NO_DRIVERS_AVAILABLE',
      to: 'PENDING_BIDS',
    });
    // The driver asked in round 0 is asked again in round 1.
    expect((await secondRequest).ride.id).toBe(ride.id);
    const [row] = await env.database.db.select().from(rides).where(eq(rides.id, ride.id));
    expect(row?.dispatchRound).toBe(1);
    await eventually(async () => expect(await statusOf(ride.id)).toBe('NO_DRIVERS_AVAILABLE'), 10_000);
    const notifications = await env.database.db
      .select()
      .from(rideNotifications)
      .where(eq(rideNotifications.rideId, ride.id));
    expect(notifications).toHaveLength(1);

    const events = await call(env.app, 'GET', `/api/rides/${ride.id}/events`, {
      token: customer.accessToken,
    });
    expect(
      events.body.items.map((e: { fromStatus: string | null; toStatus: string }) => [
        e.fromStatus,
        e.toStatus,
      ]),
    ).toEqual([
      [null, 'PENDING_BIDS'],
      ['PENDING_BIDS', 'NO_DRIVERS_AVAILABLE'],
      ['NO_DRIVERS_AVAILABLE', 'PENDING_BIDS'],
      ['PENDING_BIDS', 'NO_DRIVERS_AVAILABLE'],
    ]);
  });
});
