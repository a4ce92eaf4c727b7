import { randomUUID } from 'node:crypto';
import type { Ride, RideStatus } from '@truck4u/contracts';
import { bids, drivers, rideCancellations, rideEvents, rideNotifications, rides } from '@truck4u/database';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { fundWallet } from '#test/payment-fixtures';
import { type ClientSocket, connectSocket, listen, nextEvent } from '#test/realtime-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { dispatchJobId } from '../dispatch/dispatch.jobs';
import type { DispatchQueue } from '../dispatch/dispatch.queue';
import { balanceOf, customerWallet, driverWallet } from '../wallet/ledger';

// No dispatch worker runs in this file: rides stay where the tests put them. Dispatch itself is exercised in
// ride-dispatch.int.test.ts.
let env: TestEnvironment;
let baseUrl: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  env = await createTestEnvironment({
    DRIVER_STRIKE_LIMIT: '2',
    CANCELLATION_GRACE_MS: '300000',
    CANCELLATION_FEE_MILLIMES: '5000',
  });
  baseUrl = await listen(env.app);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await env?.close();
});

const SFAX = { lat: 34.7406, lng: 10.7603, address: 'Route de Gabès, Sfax' };
const SOUSSE = { lat: 35.8256, lng: 10.6411, address: 'Port de Sousse' };
const TUNIS = { lat: 36.8008, lng: 10.18, address: 'Avenue Habib Bourguiba, Tunis' };
const LA_MARSA = { lat: 36.8782, lng: 10.3247, address: 'La Marsa' };

function rideBody(overrides: Record<string, unknown> = {}) {
  return {
    pickup: SFAX,
    dropoff: SOUSSE,
    vehicleType: 'BOX_TRUCK',
    cargo: { description: 'Olive oil, 40 drums', weightKg: 2_500 },
    loadAssistance: true,
    ...overrides,
  };
}

async function postRide(customer: TestAccount, overrides: Record<string, unknown> = {}): Promise<Ride> {
  const response = await call<Ride>(env.app, 'POST', '/api/rides', {
    token: customer.accessToken,
    body: rideBody(overrides),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** Puts a ride where the bid and status routes would have taken it (not this module's behaviour). */
async function moveRide(
  rideId: string,
  status: RideStatus,
  driver?: TestAccount,
  acceptedMsAgo = 60_000,
): Promise<void> {
  await env.database.db
    .update(rides)
    .set({
      status,
      ...(driver
        ? { driverId: driver.user.id, price: 60_000, acceptedAt: new Date(Date.now() - acceptedMsAgo) }
        : {}),
    })
    .where(eq(rides.id, rideId));
}

async function rowCounts() {
  const [r] = await env.database.db.select({ n: count() }).from(rides);
  const [e] = await env.database.db.select({ n: count() }).from(rideEvents);
  return { rides: r?.n, events: e?.n };
}

async function statusOf(rideId: string) {
  const [row] = await env.database.db
    .select({ status: rides.status })
    .from(rides)
    .where(eq(rides.id, rideId));
  return row?.status;
}

async function connect(account: TestAccount) {
  const socket = await connectSocket(baseUrl, account.accessToken);
  sockets.push(socket);
  return socket;
}

describe('POST /api/rides', () => {
  it('answers 201 at once in PENDING_BIDS with the pickup governorate and the pre-posting estimate', async () => {
    const customer = await registerCustomer(env);
    const before = await rowCounts();
    const ride = await postRide(customer);

    expect(ride).toMatchObject({
      status: 'PENDING_BIDS',
      customerId: customer.user.id,
      driverId: null,
      pickup: SFAX,
      dropoff: SOUSSE,
      vehicleType: 'BOX_TRUCK',
      cargo: { description: 'Olive oil, 40 drums', weightKg: 2_500 },
      loadAssistance: true,
      scheduledAt: null,
      governorate: { code: 'TN-61', name: 'Sfax' },
      acceptedBidId: null,
      price: null,
    });
    const estimate = await call(
      env.app,
      'GET',
      `/api/pricing/estimate?pickupLat=${SFAX.lat}&pickupLng=${SFAX.lng}&dropoffLat=${SOUSSE.lat}&dropoffLng=${SOUSSE.lng}&vehicleType=BOX_TRUCK&loadAssistance=true`,
    );
    expect(estimate.status).toBe(200);
    expect(ride.priceEstimate).toBe(estimate.body.amount);
    expect(ride.distanceMeters).toBe(estimate.body.distanceMeters);
    expect(ride.governorate).toEqual(estimate.body.governorate);
    expect(Number.isInteger(ride.priceEstimate)).toBe(true);

    expect(await rowCounts()).toEqual({ rides: (before.rides ?? 0) + 1, events: (before.events ?? 0) + 1 });
    const events = await env.database.db.select().from(rideEvents).where(eq(rideEvents.rideId, ride.id));
    expect(events).toMatchObject([
      { type: 'CREATED', fromStatus: null, toStatus: 'PENDING_BIDS', actorRole: 'customer' },
    ]);
    // Dispatch was started after commit: the first step of round 0 is waiting on the queue.
    const queue = (env.app.dispatch as DispatchQueue).bullQueue;
    const job = await queue.getJob(dispatchJobId('dispatch-step', { rideId: ride.id, round: 0, step: 0 }));
    expect(job?.data).toEqual({ rideId: ride.id, round: 0, step: 0 });
  });

  it('keeps a future scheduledAt, and the governorate follows the pickup', async () => {
    const customer = await registerCustomer(env);
    const at = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const ride = await postRide(customer, {
      pickup: TUNIS,
      dropoff: LA_MARSA,
      scheduledAt: at,
      loadAssistance: false,
    });
    expect(ride.scheduledAt).toBe(at);
    expect(ride.governorate).toEqual({ code: 'TN-11', name: 'Tunis' });
    // Booked two days ahead: drivers are asked from an hour before (SCHEDULED_DISPATCH_LEAD_MS), by a job
    // already waiting on the queue under the same id an immediate start would use.
    const startsAt = Date.parse(at) - 3_600_000;
    expect(ride.dispatchStartsAt).toBe(new Date(startsAt).toISOString());
    const queue = (env.app.dispatch as DispatchQueue).bullQueue;
    const job = await queue.getJob(dispatchJobId('dispatch-step', { rideId: ride.id, round: 0, step: 0 }));
    expect(await job?.getState()).toBe('delayed');
    expect(Math.abs((job?.timestamp ?? 0) + (job?.opts.delay ?? 0) - startsAt)).toBeLessThan(2_000);
  });

  it('refuses bad input with 400 VALIDATION_FAILED listing every issue, and writes nothing', async () => {
    const customer = await registerCustomer(env);
    const before = await rowCounts();
    const paris = { lat: 48.8566, lng: 2.3522, address: 'Rue de Rivoli, Paris' };
    const cases: { body: unknown; paths: string[] }[] = [
      { body: rideBody({ pickup: paris }), paths: ['body.pickup'] },
      { body: rideBody({ dropoff: { ...SOUSSE, lat: 91 } }), paths: ['body.dropoff.lat'] },
      {
        body: rideBody({ cargo: { description: 'x', weightKg: -5 } }),
        paths: ['body.cargo.description', 'body.cargo.weightKg'],
      },
      { body: rideBody({ cargo: { description: 'Sand', weightKg: 1e9 } }), paths: ['body.cargo.weightKg'] },
      { body: rideBody({ cargo: { description: 'Sand', weightKg: 12.5 } }), paths: ['body.cargo.weightKg'] },
      { body: rideBody({ vehicleType: 'SPACESHIP' }), paths: ['body.vehicleType'] },
      { body: rideBody({ loadAssistance: 'yes' }), paths: ['body.loadAssistance'] },
      {
        body: rideBody({ scheduledAt: new Date(Date.now() - 60_000).toISOString() }),
        paths: ['body.scheduledAt'],
      },
      {
        body: rideBody({ scheduledAt: new Date(Date.now() + 400 * 86_400_000).toISOString() }),
        paths: ['body.scheduledAt'],
      },
      { body: rideBody({ scheduledAt: 'tomorrow morning' }), paths: ['body.scheduledAt'] },
      { body: rideBody({ dropoff: { ...SFAX, address: 'Same place' } }), paths: ['body.dropoff'] },
      {
        body: { pickup: { lat: '36.8', lng: 10.1 }, vehicleType: 'BOX_TRUCK' },
        paths: ['body.pickup.lat', 'body.pickup.address', 'body.dropoff', 'body.cargo'],
      },
    ];
    for (const { body, paths } of cases) {
      const response = await call(env.app, 'POST', '/api/rides', { token: customer.accessToken, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      const reported = (response.body.error.details.issues as { path: string }[]).map((i) => i.path);
      for (const path of paths) {
        expect(
          reported.some((r) => r === path || r.startsWith(`${path}.`)),
          `${path} in ${reported}`,
        ).toBe(true);
      }
    }
    for (const raw of ['{"pickup": ', '[]', 'null', '"ride"']) {
      const response = await env.app.inject({
        method: 'POST',
        url: '/api/rides',
        headers: { authorization: `Bearer ${customer.accessToken}`, 'content-type': 'application/json' },
        payload: raw,
      });
      expect(response.statusCode, raw).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('is for customers only: a driver gets 403, an anonymous caller 401, and nothing is written', async () => {
    const driver = await registerDriver(env, { verified: true });
    const before = await rowCounts();
    const asDriver = await call(env.app, 'POST', '/api/rides', {
      token: driver.accessToken,
      body: rideBody(),
    });
    expect(asDriver.status).toBe(403);
    expect(asDriver.body.error.code).toBe('FORBIDDEN');
    const anonymous = await call(env.app, 'POST', '/api/rides', { body: rideBody() });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('TOKEN_MISSING');
    expect(await rowCounts()).toEqual(before);
  });
});

describe('POST /api/rides with an Idempotency-Key', () => {
  it('returns the first ride for a repeated request instead of posting it twice, even when retries race', async () => {
    const customer = await registerCustomer(env);
    const key = randomUUID();
    const send = (body: unknown, token = customer.accessToken) =>
      call(env.app, 'POST', '/api/rides', { token, body, headers: { 'idempotency-key': key } });
    const before = await rowCounts();
    const first = await send(rideBody());
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await Promise.all([send(rideBody()), send(rideBody()), send(rideBody())]);
    for (const answer of again) {
      expect(answer.status).toBe(201);
      expect(answer.headers['idempotent-replayed']).toBe('true');
      expect(answer.body.id).toBe(first.body.id);
    }
    expect(await rowCounts()).toEqual({ rides: (before.rides ?? 0) + 1, events: (before.events ?? 0) + 1 });

    const different = await send(rideBody({ loadAssistance: false }));
    expect(different.status).toBe(422);
    expect(different.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys belong to the customer: another customer's identical key posts their own ride.
    const other = await registerCustomer(env);
    const theirs = await send(rideBody(), other.accessToken);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(first.body.id);
    expect(theirs.body.customerId).toBe(other.user.id);

    const simultaneous = randomUUID();
    const racing = await Promise.all(
      [1, 2, 3, 4].map(() =>
        call<Ride>(env.app, 'POST', '/api/rides', {
          token: customer.accessToken,
          body: rideBody(),
          headers: { 'idempotency-key': simultaneous },
        }),
      ),
    );
    expect(racing.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
    expect(racing.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(3);

    const malformed = await call(env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: rideBody(),
      headers: { 'idempotency-key': 'short' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.issues[0].path).toBe('headers.idempotency-key');
  });
});

describe('GET /api/rides', () => {
  it('pages through a customer’s own rides newest first, without gaps or repeats, and filters by status', async () => {
    const customer = await registerCustomer(env);
    const other = await registerCustomer(env);
    const otherRide = await postRide(other);
    const posted: Ride[] = [];
    for (let i = 0; i < 5; i++)
      posted.push(await postRide(customer, { cargo: { description: `Lot ${i}`, weightKg: 100 + i } }));
    const first = posted[0];
    if (!first) throw new Error('no ride');
    const cancelled = await call(env.app, 'POST', `/api/rides/${first.id}/cancel`, {
      token: customer.accessToken,
      body: {},
    });
    expect(cancelled.status).toBe(200);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await call(env.app, 'GET', `/api/rides?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: customer.accessToken,
      });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((r: Ride) => r.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(posted.map((r) => r.id).reverse());
    expect(seen).not.toContain(otherRide.id);

    const onlyCancelled = await call(env.app, 'GET', '/api/rides?status=CANCELLED', {
      token: customer.accessToken,
    });
    expect(onlyCancelled.body.items.map((r: Ride) => r.id)).toEqual([first.id]);
    expect(onlyCancelled.body.nextCursor).toBeUndefined();
    const both = await call(env.app, 'GET', '/api/rides?status=PENDING_BIDS,CANCELLED&limit=100', {
      token: customer.accessToken,
    });
    expect(both.body.items).toHaveLength(5);
    const pending = await call(env.app, 'GET', '/api/rides?status=PENDING_BIDS', {
      token: customer.accessToken,
    });
    expect(pending.body.items).toHaveLength(4);

    for (const bad of ['status=FLYING', 'status=PENDING_BIDS,', 'cursor=garbage', 'limit=0', 'limit=1000']) {
      const response = await call(env.app, 'GET', `/api/rides?${bad}`, { token: customer.accessToken });
      expect(response.status, bad).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('shows a driver only the rides assigned to them, and an admin every ride', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const stranger = await registerDriver(env, { verified: true });
    const admin = await loginAdmin(env);
    const assigned = await postRide(customer);
    const open = await postRide(customer);
    await moveRide(assigned.id, 'BID_ACCEPTED', driver);

    const mine = await call(env.app, 'GET', '/api/rides', { token: driver.accessToken });
    expect(mine.body.items.map((r: Ride) => r.id)).toEqual([assigned.id]);
    expect(mine.body.items[0]).toMatchObject({ status: 'BID_ACCEPTED', driverId: driver.user.id });
    const none = await call(env.app, 'GET', '/api/rides', { token: stranger.accessToken });
    expect(none.body.items).toEqual([]);
    const all = await call(env.app, 'GET', '/api/rides?limit=100', { token: admin.accessToken });
    const ids = all.body.items.map((r: Ride) => r.id);
    expect(ids).toEqual(expect.arrayContaining([assigned.id, open.id]));
    const anonymous = await call(env.app, 'GET', '/api/rides');
    expect(anonymous.status).toBe(401);
  });
});

describe('who may see and touch a ride', () => {
  it('gives another customer, an unrelated driver and anonymous callers nothing from any ride route', async () => {
    const owner = await registerCustomer(env);
    const otherCustomer = await registerCustomer(env);
    const unrelatedDriver = await registerDriver(env, { verified: true });
    const ride = await postRide(owner);
    const noDrivers = await postRide(owner);
    await moveRide(noDrivers.id, 'NO_DRIVERS_AVAILABLE');

    const routes: { method: 'GET' | 'POST'; url: string; body?: unknown }[] = [
      { method: 'GET', url: `/api/rides/${ride.id}` },
      { method: 'GET', url: `/api/rides/${ride.id}/events` },
      { method: 'POST', url: `/api/rides/${ride.id}/cancel`, body: { reason: 'not mine' } },
      { method: 'POST', url: `/api/rides/${noDrivers.id}/retry-dispatch` },
    ];
    for (const route of routes) {
      for (const [who, token] of [
        ['other customer', otherCustomer.accessToken],
        ['unrelated driver', unrelatedDriver.accessToken],
        ['anonymous', undefined],
      ] as const) {
        const response = await call(env.app, route.method, route.url, {
          ...(token ? { token } : {}),
          ...(route.body ? { body: route.body } : {}),
        });
        const label = `${who} ${route.method} ${route.url}`;
        // retry-dispatch is for customers: a driver is refused by role before the ride is even looked up.
        const expected =
          token === undefined
            ? [401]
            : who === 'unrelated driver' && route.url.endsWith('retry-dispatch')
              ? [403]
              : [404];
        expect(expected, label).toContain(response.status);
        expect(JSON.stringify(response.body), label).not.toContain(owner.user.id);
        expect(JSON.stringify(response.body), label).not.toContain('Olive oil');
      }
    }
    // An unknown id looks exactly like someone else's ride.
    const unknown = await call(env.app, 'GET', `/api/rides/${randomUUID()}`, {
      token: otherCustomer.accessToken,
    });
    const foreign = await call(env.app, 'GET', `/api/rides/${ride.id}`, { token: otherCustomer.accessToken });
    expect(unknown.status).toBe(404);
    expect(foreign.body.error.code).toBe(unknown.body.error.code);
    expect(foreign.body.error.message).toBe(unknown.body.error.message);

    expect(await statusOf(ride.id)).toBe('PENDING_BIDS');
    expect(await statusOf(noDrivers.id)).toBe('NO_DRIVERS_AVAILABLE');
  });

  it('lets its customer, its assigned driver and admins read it; a driver offered it reads it only while it takes bids', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const offered = await registerDriver(env, { verified: true });
    const admin = await loginAdmin(env);
    const ride = await postRide(customer);
    await env.database.db
      .insert(rideNotifications)
      .values({ rideId: ride.id, driverId: offered.user.id, step: 0 });

    for (const account of [customer, offered, admin]) {
      const response = await call(env.app, 'GET', `/api/rides/${ride.id}`, { token: account.accessToken });
      expect(response.status).toBe(200);
      expect(response.body.id).toBe(ride.id);
    }
    // The offered driver may look but not act.
    const cancelByOffered = await call(env.app, 'POST', `/api/rides/${ride.id}/cancel`, {
      token: offered.accessToken,
      body: {},
    });
    expect(cancelByOffered.status).toBe(403);

    await moveRide(ride.id, 'BID_ACCEPTED', driver);
    const asAssigned = await call(env.app, 'GET', `/api/rides/${ride.id}/events`, {
      token: driver.accessToken,
    });
    expect(asAssigned.status).toBe(200);
    const asOffered = await call(env.app, 'GET', `/api/rides/${ride.id}`, { token: offered.accessToken });
    expect(asOffered.status).toBe(404);
    const adminCancel = await call(env.app, 'POST', `/api/rides/${ride.id}/cancel`, {
      token: admin.accessToken,
      body: {},
    });
    expect(adminCancel.status).toBe(403);
  });
});

describe('GET /api/rides/:id/events', () => {
  it('returns the history in order with ids, and only what came after a given id', async () => {
    const customer = await registerCustomer(env);
    const ride = await postRide(customer);
    await call(env.app, 'POST', `/api/rides/${ride.id}/cancel`, {
      token: customer.accessToken,
      body: { reason: 'Found another carrier' },
    });
    const all = await call(env.app, 'GET', `/api/rides/${ride.id}/events`, { token: customer.accessToken });
    expect(all.status).toBe(200);
    expect(all.body.items).toMatchObject([
      { rideId: ride.id, type: 'CREATED', fromStatus: null, toStatus: 'PENDING_BIDS', actorRole: 'customer' },
      {
        rideId: ride.id,
        type: 'STATUS_CHANGED',
        fromStatus: 'PENDING_BIDS',
        toStatus: 'CANCELLED',
        actorRole: 'customer',
        data: { reason: 'Found another carrier' },
      },
    ]);
    const [created, cancelled] = all.body.items;
    expect(cancelled.id).toBeGreaterThan(created.id);
    const after = await call(env.app, 'GET', `/api/rides/${ride.id}/events?after=${created.id}`, {
      token: customer.accessToken,
    });
    expect(after.body.items.map((e: { id: number }) => e.id)).toEqual([cancelled.id]);
    const paged = await call(env.app, 'GET', `/api/rides/${ride.id}/events?limit=1`, {
      token: customer.accessToken,
    });
    expect(paged.body).toMatchObject({ items: [{ id: created.id }], nextCursor: String(created.id) });
    const none = await call(env.app, 'GET', `/api/rides/${ride.id}/events?after=${cancelled.id}`, {
      token: customer.accessToken,
    });
    expect(none.body).toEqual({ items: [] });
  });
});

describe('POST /api/rides/:id/cancel', () => {
  it('cancels an open ride: pending bids rejected, bidders and the ride room told, no fee; a second cancel is 409', async () => {
    const customer = await registerCustomer(env);
    const bidderA = await registerDriver(env, { verified: true });
    const bidderB = await registerDriver(env, { verified: true });
    const customerSocket = await connect(customer);
    const socketA = await connect(bidderA);
    const socketB = await connect(bidderB);
    const ride = await postRide(customer);
    const expiresAt = new Date(Date.now() + 600_000);
    await env.database.db.insert(bids).values([
      { rideId: ride.id, driverId: bidderA.user.id, price: 70_000, etaMinutes: 30, expiresAt },
      { rideId: ride.id, driverId: bidderB.user.id, price: 65_000, etaMinutes: 45, expiresAt },
    ]);
    const statusEvent = nextEvent(customerSocket, 'ride:status');
    const rejectedA = nextEvent(socketA, 'bid:rejected');
    const rejectedB = nextEvent(socketB, 'bid:rejected');

    const response = await call(env.app, 'POST', `/api/rides/${ride.id}/cancel`, {
      token: customer.accessToken,
      body: { reason: 'Plans changed' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      ride: { id: ride.id, status: 'CANCELLED' },
      cancellation: { fee: 0, feeStatus: 'NONE', strike: false, driverDeactivated: false },
    });
    expect(await statusEvent).toMatchObject({ rideId: ride.id, from: 'PENDING_BIDS', to: 'CANCELLED' });
    expect(await rejectedA).toMatchObject({
      bid: { driverId: bidderA.user.id, status: 'REJECTED' },
      reason: 'RIDE_CANCELLED',
    });
    expect(await rejectedB).toMatchObject({
      bid: { driverId: bidderB.user.id, status: 'REJECTED' },
      reason: 'RIDE_CANCELLED',
    });
    const bidRows = await env.database.db
      .select({ status: bids.status })
      .from(bids)
      .where(eq(bids.rideId, ride.id));
    expect(bidRows.map((b) => b.status)).toEqual(['REJECTED', 'REJECTED']);
    const [row] = await env.database.db.select().from(rides).where(eq(rides.id, ride.id));
    expect(row).toMatchObject({ cancelledByRole: 'customer', cancellationReason: 'Plans changed' });
    expect(row?.cancelledAt).toBeInstanceOf(Date);
    const [record] = await env.database.db
      .select()
      .from(rideCancellations)
      .where(eq(rideCancellations.rideId, ride.id));
    expect(record).toMatchObject({ actorRole: 'customer', statusAtCancellation: 'PENDING_BIDS', fee: 0 });

    const again = await call(env.app, 'POST', `/api/rides/${ride.id}/cancel`, {
      token: customer.accessToken,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
  });

  it('lets the customer cancel from NO_DRIVERS_AVAILABLE and within the grace period after acceptance for free', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const noDrivers = await postRide(customer);
    await moveRide(noDrivers.id, 'NO_DRIVERS_AVAILABLE');
    const a = await call(env.app, 'POST', `/api/rides/${noDrivers.id}/cancel`, {
      token: customer.accessToken,
    });
    expect(a.status).toBe(200);
    expect(a.body.cancellation.fee).toBe(0);

    const accepted = await postRide(customer);
    await moveRide(accepted.id, 'BID_ACCEPTED', driver, 60_000);
    const b = await call(env.app, 'POST', `/api/rides/${accepted.id}/cancel`, {
      token: customer.accessToken,
    });
    expect(b.status).toBe(200);
    expect(b.body.cancellation).toEqual({
      fee: 0,
      feeStatus: 'NONE',
      strike: false,
      driverDeactivated: false,
    });
    expect(await balanceOf(env.database.db, driverWallet(driver.user.id))).toBe(0);
  });

  it('charges a late cancellation fee after the grace period: paid to the driver less commission', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    await fundWallet(env, customer.user.id, 20_000);
    const ride = await postRide(customer);
    await moveRide(ride.id, 'DRIVER_ARRIVING', driver, 10 * 60_000);
    const response = await call(env.app, 'POST', `/api/rides/${ride.id}/cancel`, {
      token: customer.accessToken,
      body: { reason: 'Too slow' },
    });
    expect(response.status).toBe(200);
    expect(response.body.cancellation).toMatchObject({ fee: 5_000, feeStatus: 'CHARGED', strike: false });
    expect(await balanceOf(env.database.db, customerWallet(customer.user.id))).toBe(15_000);
    const driverGot = await balanceOf(env.database.db, driverWallet(driver.user.id));
    expect(driverGot).toBeGreaterThan(0);
    expect(driverGot).toBeLessThan(5_000);
  });

  it('refuses the customer once loading has started, or after the end, and changes nothing', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    for (const status of ['LOADING', 'IN_TRANSIT', 'DROPOFF_ARRIVED', 'COMPLETED'] as const) {
      const ride = await postRide(customer);
      await moveRide(ride.id, status, status === 'COMPLETED' ? undefined : driver);
      const before = await rowCounts();
      const response = await call(env.app, 'POST', `/api/rides/${ride.id}/cancel`, {
        token: customer.accessToken,
        body: {},
      });
      expect(response.status, status).toBe(409);
      expect(response.body.error).toMatchObject({ code: 'INVALID_TRANSITION', details: { status } });
      expect(await statusOf(ride.id)).toBe(status);
      expect(await rowCounts()).toEqual(before);
      // Free the driver for the next iteration (one active ride per driver).
      await moveRide(ride.id, 'COMPLETED');
    }
  });

  it('gives the assigned driver a strike per cancellation and suspends them at the limit, cutting their sessions', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const driverSocket = await connect(driver);
    const revoked = nextEvent(driverSocket, 'session:revoked');

    const first = await postRide(customer);
    await moveRide(first.id, 'BID_ACCEPTED', driver);
    const one = await call(env.app, 'POST', `/api/rides/${first.id}/cancel`, {
      token: driver.accessToken,
      body: { reason: 'Truck broke down' },
    });
    expect(one.status).toBe(200);
    expect(one.body.cancellation).toEqual({
      fee: 0,
      feeStatus: 'NONE',
      strike: true,
      driverDeactivated: false,
    });

    // Before pickup only: a driver cannot drop a ride being loaded.
    const loading = await postRide(customer);
    await moveRide(loading.id, 'LOADING', driver);
    const refused = await call(env.app, 'POST', `/api/rides/${loading.id}/cancel`, {
      token: driver.accessToken,
    });
    expect(refused.status).toBe(409);
    await moveRide(loading.id, 'COMPLETED');

    const second = await postRide(customer);
    await moveRide(second.id, 'PICKUP_ARRIVED', driver);
    const two = await call(env.app, 'POST', `/api/rides/${second.id}/cancel`, { token: driver.accessToken });
    expect(two.status).toBe(200);
    expect(two.body.cancellation).toMatchObject({ strike: true, driverDeactivated: true });

    const [row] = await env.database.db.select().from(drivers).where(eq(drivers.id, driver.user.id));
    expect(row).toMatchObject({ isDeactivated: true, isOnline: false });
    expect(await revoked).toMatchObject({ reason: 'suspended' });
    const me = await call(env.app, 'GET', '/api/me', { token: driver.accessToken });
    expect(me.status).toBe(403);
    expect(me.body.error.code).toBe('ACCOUNT_DEACTIVATED');
    const refresh = await call(env.app, 'POST', '/api/auth/refresh', {
      body: { refreshToken: driver.refreshToken },
    });
    expect(refresh.status).toBe(403);
    expect(refresh.body.error.code).toBe('ACCOUNT_DEACTIVATED');
  });

  it('lets exactly one of two simultaneous cancellations win', async () => {
    const customer = await registerCustomer(env);
    const ride = await postRide(customer);
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        call(env.app, 'POST', `/api/rides/${ride.id}/cancel`, { token: customer.accessToken }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const events = await env.database.db.select().from(rideEvents).where(eq(rideEvents.rideId, ride.id));
    expect(events.filter((e) => e.toStatus === 'CANCELLED')).toHaveLength(1);
  });
});

describe('cancelling while the customer accepts a bid', () => {
  it('never lets both act on the open ride: one wins (or they apply one after the other) and the ride and bid agree', async () => {
    const customer = await registerCustomer(env);
    for (let i = 0; i < 6; i++) {
      const driver = await registerDriver(env, { verified: true, vehicleType: 'BOX_TRUCK' });
      const ride = await postRide(customer);
      await env.database.db
        .insert(rideNotifications)
        .values({ rideId: ride.id, driverId: driver.user.id, step: 0 });
      const [bid] = await env.database.db
        .insert(bids)
        .values({
          rideId: ride.id,
          driverId: driver.user.id,
          price: 75_000,
          etaMinutes: 20,
          expiresAt: new Date(Date.now() + 600_000),
        })
        .returning();
      if (!bid) throw new Error('bid insert failed');
      const cancel = () =>
        call(env.app, 'POST', `/api/rides/${ride.id}/cancel`, { token: customer.accessToken });
      const accept = () =>
        call(env.app, 'POST', `/api/rides/${ride.id}/bids/${bid.id}/accept`, { token: customer.accessToken });
      const [cancelled, accepted] = await (i % 2 === 0
        ? Promise.all([cancel(), accept()])
        : Promise.all([accept(), cancel()]).then(([a, c]) => [c, a] as const));
      // Both may succeed only one after the other: accepted first, then cancelled from BID_ACCEPTED.
      expect(
        [cancelled.status, accepted.status].filter((s) => s === 200).length,
        JSON.stringify([cancelled.body, accepted.body]),
      ).toBeGreaterThan(0);
      const [row] = await env.database.db.select().from(rides).where(eq(rides.id, ride.id));
      const [bidRow] = await env.database.db.select().from(bids).where(eq(bids.id, bid.id));
      const events = await env.database.db
        .select()
        .from(rideEvents)
        .where(eq(rideEvents.rideId, ride.id))
        .orderBy(rideEvents.id);
      const path = events.map((e) => e.toStatus);
      if (accepted.status !== 200) {
        expect(accepted.body.error.code).toBe('INVALID_TRANSITION');
        expect(row).toMatchObject({ status: 'CANCELLED', driverId: null, acceptedBidId: null });
        expect(bidRow?.status).toBe('REJECTED');
        expect(path).toEqual(['PENDING_BIDS', 'CANCELLED']);
      } else if (cancelled.status !== 200) {
        expect(cancelled.body.error).toMatchObject({
          code: 'INVALID_TRANSITION',
          details: { status: 'BID_ACCEPTED' },
        });
        expect(row).toMatchObject({
          status: 'BID_ACCEPTED',
          driverId: driver.user.id,
          acceptedBidId: bid.id,
        });
        expect(bidRow?.status).toBe('ACCEPTED');
        expect(path).toEqual(['PENDING_BIDS', 'BID_ACCEPTED']);
      } else {
        expect(row).toMatchObject({ status: 'CANCELLED', driverId: driver.user.id, acceptedBidId: bid.id });
        expect(path).toEqual(['PENDING_BIDS', 'BID_ACCEPTED', 'CANCELLED']);
      }
    }
  });
});

describe('POST /api/rides/:id/retry-dispatch', () => {
  it('is refused with 409 unless the ride is NO_DRIVERS_AVAILABLE', async () => {
    const customer = await registerCustomer(env);
    const ride = await postRide(customer);
    const response = await call(env.app, 'POST', `/api/rides/${ride.id}/retry-dispatch`, {
      token: customer.accessToken,
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('INVALID_TRANSITION');
  });

  it('never leaves a ride waiting for a search that did not start: the customer can retry once the queue is back', async () => {
    // Nothing listens on port 1: the queue (Redis) is down for this instance; auth falls back to Postgres.
    const noQueue = await env.startInstance({ REDIS_URL: 'redis://127.0.0.1:1' });
    const customer = await registerCustomer(env);
    const posted = await call<Ride>(noQueue.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: rideBody(),
    });
    expect(posted.status).toBe(201);
    expect(posted.body.status).toBe('NO_DRIVERS_AVAILABLE');
    const events = await env.database.db
      .select()
      .from(rideEvents)
      .where(eq(rideEvents.rideId, posted.body.id));
    expect(events.at(-1)).toMatchObject({
      fromStatus: 'PENDING_BIDS',
      toStatus: 'NO_DRIVERS_AVAILABLE',
      actorRole: null,
      data: { reason: 'dispatch could not start', round: 0 },
    });

    const stillDown = await call(noQueue.app, 'POST', `/api/rides/${posted.body.id}/retry-dispatch`, {
      token: customer.accessToken,
    });
    expect(stillDown.status).toBe(503);
    expect(stillDown.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(await statusOf(posted.body.id)).toBe('NO_DRIVERS_AVAILABLE');

    const retried = await call(env.app, 'POST', `/api/rides/${posted.body.id}/retry-dispatch`, {
      token: customer.accessToken,
    });
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('PENDING_BIDS');
    const [row] = await env.database.db.select().from(rides).where(eq(rides.id, posted.body.id));
    expect(row?.dispatchRound).toBe(2);
    const queue = (env.app.dispatch as DispatchQueue).bullQueue;
    const job = await queue.getJob(
      dispatchJobId('dispatch-step', { rideId: posted.body.id, round: 2, step: 0 }),
    );
    expect(job?.data).toEqual({ rideId: posted.body.id, round: 2, step: 0 });
  });
});
