import type { Ride, VehicleType } from '@truck4u/contracts';
import { rideNotifications, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDispatchStack } from '#test/dispatch-stack';
import { goOnlineAt, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { connectSocket, eventually, recordEvents } from '#test/realtime-client';
import { northOf } from '#test/ride-fixtures';
import type { TestEnvironment } from '#test/test-environment';
import { dispatchJobId } from '../dispatch/dispatch.jobs';
import type { DispatchQueue } from '../dispatch/dispatch.queue';

// Rides booked ahead, posted over HTTP and dispatched by a real worker on the real queue. The lead time is
// 1.5 s instead of an hour, so a ride scheduled 4 s ahead is offered to drivers from 2.5 s after posting.
const LEAD_MS = 1_500;
const AHEAD_MS = 4_000;

const stack = useDispatchStack({
  SCHEDULED_DISPATCH_LEAD_MS: String(LEAD_MS),
  DISPATCH_RADII_KM: '5',
  // Long enough that nothing below sees the search give up.
  DISPATCH_BID_WINDOW_MS: '60000',
});
let env: TestEnvironment;
let baseUrl: string;
const { sockets } = stack;

beforeAll(() => {
  ({ env, url: baseUrl } = stack);
});

// Each test works in its own town, so no driver sees another test's ride.
const BIZERTE = { lat: 37.2744, lng: 9.8739 };
const NABEUL = { lat: 36.4561, lng: 10.7376 };
const BEJA = { lat: 36.7256, lng: 9.1817 };
const MAHDIA = { lat: 35.5047, lng: 11.0622 };

async function onlineDriver(at: { lat: number; lng: number }, vehicleType: VehicleType) {
  const driver = await registerDriver(env, { verified: true, vehicleType });
  await goOnlineAt(env.app, driver, at);
  const socket = await connectSocket(baseUrl, driver.accessToken);
  sockets.push(socket);
  const requests = recordEvents(socket, 'ride:request');
  const receivedAt: number[] = [];
  socket.on('ride:request', () => receivedAt.push(Date.now()));
  return { driver, requests, receivedAt };
}

async function postRide(
  customer: TestAccount,
  pickup: { lat: number; lng: number },
  vehicleType: VehicleType,
  scheduledAt?: Date,
) {
  const response = await call<Ride>(env.app, 'POST', '/api/rides', {
    token: customer.accessToken,
    body: {
      pickup: { ...pickup, address: 'Dépôt central' },
      dropoff: { ...northOf(pickup, 20), address: 'Chantier nord' },
      vehicleType,
      cargo: { description: 'Bags of cement', weightKg: 900 },
      loadAssistance: false,
      ...(scheduledAt ? { scheduledAt: scheduledAt.toISOString() } : {}),
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

function firstStepJob(rideId: string) {
  const queue = (env.app.dispatch as DispatchQueue).bullQueue;
  return queue.getJob(dispatchJobId('dispatch-step', { rideId, round: 0, step: 0 }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduled rides', () => {
  it('offers an unscheduled ride to a nearby driver at once, with no deferred start', async () => {
    const customer = await registerCustomer(env);
    const near = await onlineDriver(northOf(BIZERTE, 1), 'SMALL_VAN');
    const ride = await postRide(customer, BIZERTE, 'SMALL_VAN');
    expect(ride.dispatchStartsAt).toBeNull();
    await eventually(() => expect(near.requests.map((r) => r.ride.id)).toEqual([ride.id]), 1_000);
  });

  it('offers a ride due within the lead time at once', async () => {
    const customer = await registerCustomer(env);
    const near = await onlineDriver(northOf(MAHDIA, 1), 'SMALL_VAN');
    const ride = await postRide(customer, MAHDIA, 'SMALL_VAN', new Date(Date.now() + LEAD_MS - 500));
    expect(ride.dispatchStartsAt).toBeNull();
    await eventually(() => expect(near.requests.map((r) => r.ride.id)).toEqual([ride.id]), 1_000);
  });

  it('does not offer a ride booked beyond the lead time until its window opens, then offers it', async () => {
    const customer = await registerCustomer(env);
    const near = await onlineDriver(northOf(NABEUL, 1), 'BOX_TRUCK');
    const scheduledAt = new Date(Date.now() + AHEAD_MS);
    const ride = await postRide(customer, NABEUL, 'BOX_TRUCK', scheduledAt);
    const startsAt = scheduledAt.getTime() - LEAD_MS;

    expect(ride).toMatchObject({ status: 'PENDING_BIDS', scheduledAt: scheduledAt.toISOString() });
    expect(ride.dispatchStartsAt).toBe(new Date(startsAt).toISOString());
    const read = await call<Ride>(env.app, 'GET', `/api/rides/${ride.id}`, { token: customer.accessToken });
    expect(read.body.dispatchStartsAt).toBe(ride.dispatchStartsAt);
    expect(await (await firstStepJob(ride.id))?.getState()).toBe('delayed');

    // Well before the window: the driver, online and free 1 km away, has not been asked.
    await sleep(startsAt - Date.now() - 1_000);
    expect(near.requests).toHaveLength(0);
    const notYet = await call(env.app, 'GET', '/api/drivers/me/rides/available', {
      token: near.driver.accessToken,
    });
    expect(notYet.body.items).toEqual([]);

    await eventually(() => expect(near.requests.map((r) => r.ride.id)).toEqual([ride.id]), 5_000);
    // Asked no earlier than the window (a little slack for the queue's timer resolution).
    expect(near.receivedAt[0]).toBeGreaterThanOrEqual(startsAt - 100);
    const available = await call(env.app, 'GET', '/api/drivers/me/rides/available', {
      token: near.driver.accessToken,
    });
    expect(available.body.items).toMatchObject([{ ride: { id: ride.id, status: 'PENDING_BIDS' } }]);
  });

  it('never offers a scheduled ride cancelled before its window, and its delayed job ends doing nothing', async () => {
    const customer = await registerCustomer(env);
    const near = await onlineDriver(northOf(BEJA, 1), 'FLATBED');
    const scheduledAt = new Date(Date.now() + AHEAD_MS);
    const ride = await postRide(customer, BEJA, 'FLATBED', scheduledAt);
    const cancelled = await call(env.app, 'POST', `/api/rides/${ride.id}/cancel`, {
      token: customer.accessToken,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.cancellation).toMatchObject({ fee: 0, strike: false });

    // The job still fires at the window; it finds the ride cancelled and stops.
    await eventually(
      async () => expect(await (await firstStepJob(ride.id))?.getState()).toBe('completed'),
      AHEAD_MS + 3_000,
      100,
    );
    await sleep(300);
    expect(near.requests).toHaveLength(0);
    const notified = await env.database.db
      .select()
      .from(rideNotifications)
      .where(eq(rideNotifications.rideId, ride.id));
    expect(notified).toEqual([]);
    const [row] = await env.database.db.select().from(rides).where(eq(rides.id, ride.id));
    expect(row).toMatchObject({ status: 'CANCELLED', dispatchStep: 0 });
  });
});
