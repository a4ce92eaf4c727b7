import type { RideStatus } from '@truck4u/contracts';
import { customers, drivers, ratings, rideEvents } from '@truck4u/database';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptBid, offerRide, placeBid, rideRow } from '#test/bid-fixtures';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { type ClientSocket, connectSocket, listen, recordEvents } from '#test/realtime-client';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
let baseUrl: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  env = await createTestEnvironment();
  baseUrl = await listen(env.app);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await env?.close();
});

const WALK: RideStatus[] = [
  'DRIVER_ARRIVING',
  'PICKUP_ARRIVED',
  'LOADING',
  'IN_TRANSIT',
  'DROPOFF_ARRIVED',
  'COMPLETED',
];

/** A ride accepted through the bid routes: customer, its driver and the ride id. */
async function acceptedRide(customer?: TestAccount, driver?: TestAccount) {
  const owner = customer ?? (await registerCustomer(env));
  const assigned = driver ?? (await registerDriver(env, { verified: true }));
  const rideId = await insertRide(env, { customerId: owner.user.id });
  await offerRide(env, rideId, assigned.user.id);
  const bid = await placeBid(env, assigned, rideId, { price: 60_000, etaMinutes: 10 });
  const accepted = await acceptBid(env, owner, rideId, bid.id);
  expect(accepted.status).toBe(200);
  return { customer: owner, driver: assigned, rideId };
}

const setStatus = (account: TestAccount | null, rideId: string, status: unknown) =>
  call(env.app, 'PATCH', `/api/rides/${rideId}/status`, {
    ...(account ? { token: account.accessToken } : {}),
    body: { status },
  });

async function walkToCompleted(driver: TestAccount, rideId: string) {
  for (const status of WALK) {
    const response = await setStatus(driver, rideId, status);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }
}

describe('walking a ride through its statuses', () => {
  it('moves step by step to COMPLETED, records each step and tells the ride room, then frees the driver', async () => {
    const { customer, driver, rideId } = await acceptedRide();
    const socket = await connectSocket(baseUrl, customer.accessToken);
    sockets.push(socket);
    const seen = recordEvents(socket, 'ride:status');

    let from: RideStatus = 'BID_ACCEPTED';
    for (const status of WALK) {
      const response = await setStatus(driver, rideId, status);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ id: rideId, status, driverId: driver.user.id, price: 60_000 });
      from = status;
    }
    expect(from).toBe('COMPLETED');
    const row = await rideRow(env, rideId);
    expect(row.completedAt).toBeInstanceOf(Date);

    const events = await env.database.db
      .select()
      .from(rideEvents)
      .where(eq(rideEvents.rideId, rideId))
      .orderBy(asc(rideEvents.id));
    const walked = events.filter((e) => e.actorRole === 'driver' && e.type === 'STATUS_CHANGED');
    expect(walked.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      ['BID_ACCEPTED', 'DRIVER_ARRIVING'],
      ['DRIVER_ARRIVING', 'PICKUP_ARRIVED'],
      ['PICKUP_ARRIVED', 'LOADING'],
      ['LOADING', 'IN_TRANSIT'],
      ['IN_TRANSIT', 'DROPOFF_ARRIVED'],
      ['DROPOFF_ARRIVED', 'COMPLETED'],
    ]);
    expect(walked.every((e) => e.actorId === driver.user.id)).toBe(true);

    await expect.poll(() => seen.length).toBe(WALK.length);
    expect(seen.map((e) => e.to)).toEqual(WALK);
    expect(seen.map((e) => e.eventId)).toEqual(walked.map((e) => e.id));

    // Completed: the same driver may take another ride.
    await acceptedRide(undefined, driver);
  });

  it('refuses skipped steps, going back, cancelling through this route and unknown statuses', async () => {
    const { driver, rideId } = await acceptedRide();
    for (const status of ['LOADING', 'COMPLETED', 'PENDING_BIDS', 'BID_ACCEPTED', 'CANCELLED']) {
      const response = await setStatus(driver, rideId, status);
      expect(response.status, status).toBe(409);
      expect(response.body.error.code).toBe('INVALID_TRANSITION');
    }
    for (const status of ['ARRIVED', '', 42, null]) {
      const response = await setStatus(driver, rideId, status);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    const bad = await call(env.app, 'PATCH', `/api/rides/${rideId}/status`, {
      token: driver.accessToken,
      body: {},
    });
    expect(bad.status).toBe(400);
    expect((await rideRow(env, rideId)).status).toBe('BID_ACCEPTED');
  });

  it('lets exactly one of concurrent identical status updates win', async () => {
    const { driver, rideId } = await acceptedRide();
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => setStatus(driver, rideId, 'DRIVER_ARRIVING')),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of responses.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('INVALID_TRANSITION');
    }
    const events = await env.database.db.select().from(rideEvents).where(eq(rideEvents.rideId, rideId));
    expect(events.filter((e) => e.toStatus === 'DRIVER_ARRIVING')).toHaveLength(1);
  });

  it('lets only the assigned driver move the ride', async () => {
    const { customer, rideId } = await acceptedRide();
    const otherDriver = await registerDriver(env, { verified: true });
    const otherCustomer = await registerCustomer(env);
    expect((await setStatus(otherDriver, rideId, 'DRIVER_ARRIVING')).status).toBe(404);
    expect((await setStatus(customer, rideId, 'DRIVER_ARRIVING')).status).toBe(403);
    expect((await setStatus(otherCustomer, rideId, 'DRIVER_ARRIVING')).status).toBe(403);
    expect((await setStatus(null, rideId, 'DRIVER_ARRIVING')).status).toBe(401);
    const searching = await insertRide(env, { customerId: customer.user.id });
    expect((await setStatus(otherDriver, searching, 'DRIVER_ARRIVING')).status).toBe(404);
    expect((await rideRow(env, rideId)).status).toBe('BID_ACCEPTED');
  });
});

describe('rating a ride', () => {
  const rate = (account: TestAccount | null, rideId: string, body: unknown) =>
    call(env.app, 'POST', `/api/rides/${rideId}/rating`, {
      ...(account ? { token: account.accessToken } : {}),
      body,
    });

  it('lets each side rate the other once after completion, keeping the running average', async () => {
    const driver = await registerDriver(env, { verified: true });
    const first = await acceptedRide(undefined, driver);
    const early = await rate(first.customer, first.rideId, { score: 5 });
    expect(early.status).toBe(409);
    await walkToCompleted(driver, first.rideId);

    const byCustomer = await rate(first.customer, first.rideId, {
      score: 5,
      comment: 'Ponctuel et soigneux',
    });
    expect(byCustomer.status, JSON.stringify(byCustomer.body)).toBe(201);
    expect(byCustomer.body).toMatchObject({
      rideId: first.rideId,
      raterRole: 'customer',
      rateeRole: 'driver',
      rateeId: driver.user.id,
      score: 5,
      comment: 'Ponctuel et soigneux',
      rateeRating: { average: 5, count: 1 },
    });
    const byDriver = await rate(driver, first.rideId, { score: 4 });
    expect(byDriver.status).toBe(201);
    expect(byDriver.body).toMatchObject({
      rateeRole: 'customer',
      rateeId: first.customer.user.id,
      comment: null,
    });

    const twice = await rate(first.customer, first.rideId, { score: 1 });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('CONFLICT');

    const second = await acceptedRide(undefined, driver);
    await walkToCompleted(driver, second.rideId);
    const low = await rate(second.customer, second.rideId, { score: 2 });
    expect(low.body.rateeRating).toEqual({ average: 3.5, count: 2 });

    const [driverRow] = await env.database.db.select().from(drivers).where(eq(drivers.id, driver.user.id));
    expect(driverRow).toMatchObject({ ratingSum: 7, ratingCount: 2 });
    const [customerRow] = await env.database.db
      .select()
      .from(customers)
      .where(eq(customers.id, first.customer.user.id));
    expect(customerRow).toMatchObject({ ratingSum: 4, ratingCount: 1 });
    // The customer sees the new average next to the driver's bids.
    const third = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: third.user.id });
    await offerRide(env, rideId, driver.user.id);
    await placeBid(env, driver, rideId);
    const listed = await call(env.app, 'GET', `/api/rides/${rideId}/bids`, { token: third.accessToken });
    expect(listed.body.items[0].driver).toMatchObject({ rating: 3.5, ratingCount: 2 });
  });

  it('counts one rating per side even when the same rating is sent many times at once', async () => {
    const { customer, driver, rideId } = await acceptedRide();
    await walkToCompleted(driver, rideId);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => rate(customer, rideId, { score: 3 })),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(7);
    const [driverRow] = await env.database.db.select().from(drivers).where(eq(drivers.id, driver.user.id));
    expect(driverRow).toMatchObject({ ratingSum: 3, ratingCount: 1 });
  });

  it('refuses strangers and malformed ratings, writing nothing', async () => {
    const { customer, driver, rideId } = await acceptedRide();
    await walkToCompleted(driver, rideId);
    const otherCustomer = await registerCustomer(env);
    const otherDriver = await registerDriver(env, { verified: true });
    expect((await rate(otherCustomer, rideId, { score: 5 })).status).toBe(404);
    expect((await rate(otherDriver, rideId, { score: 1 })).status).toBe(404);
    expect((await rate(null, rideId, { score: 5 })).status).toBe(401);
    for (const body of [
      {},
      { score: 0 },
      { score: 6 },
      { score: 4.5 },
      { score: '5' },
      { score: 5, comment: 'x'.repeat(1001) },
    ]) {
      const response = await rate(customer, rideId, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await env.database.db.select().from(ratings).where(eq(ratings.rideId, rideId))).toEqual([]);
    const [driverRow] = await env.database.db.select().from(drivers).where(eq(drivers.id, driver.user.id));
    expect(driverRow).toMatchObject({ ratingSum: 0, ratingCount: 0 });
  });
});
