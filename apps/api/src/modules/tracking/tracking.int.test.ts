import { PUBLIC_TRACK_NAMESPACE, type PublicTracking, type TrackJoinAck } from '@truck4u/contracts';
import { rides } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptBid, offerRide, placeBid } from '#test/bid-fixtures';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { connectSocket, eventually, listen, recordEvents } from '#test/realtime-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { type OsrmStandIn, startOsrmStandIn } from '../../providers/routing/osrm-stand-in';

let env: TestEnvironment;
let baseUrl: string;
let router: OsrmStandIn;
const sockets: { close(): void }[] = [];

const PICKUP = { lat: 36.8008, lng: 10.18, address: 'Avenue Habib Bourguiba, Tunis' };
const STOP_A = { lat: 36.72, lng: 10.25, address: 'Rue de Rades, Ben Arous' };
// Off the straight line (Zaghouan), so the route with stops is clearly longer and dearer.
const STOP_B = { lat: 36.4028, lng: 10.1433, address: 'Avenue Habib Bourguiba, Zaghouan' };
const DROPOFF = { lat: 36.4, lng: 10.6167, address: 'Avenue de la République, Hammamet' };

beforeAll(async () => {
  router = await startOsrmStandIn();
  // The public limit is small so the rate-limit test is quick; the other tests use distinct client addresses.
  env = await createTestEnvironment({ TRACKING_PUBLIC_LIMIT_PER_MINUTE: '5' });
  baseUrl = await listen(env.app);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await env?.close();
  await router?.close();
});

function rideBody(stops: unknown[] = [STOP_A, STOP_B]) {
  return {
    pickup: PICKUP,
    dropoff: DROPOFF,
    vehicleType: 'SMALL_VAN',
    cargo: { description: 'Boxes of books', weightKg: 200 },
    stops,
  };
}

/** A ride posted over HTTP with two stops and accepted: its customer, driver and id. */
async function acceptedRide(stops: unknown[] = [STOP_A, STOP_B]) {
  const customer = await registerCustomer(env);
  const driver = await registerDriver(env, { verified: true, name: 'Mohamed Ali Trabelsi' });
  const posted = await call(env.app, 'POST', '/api/rides', {
    token: customer.accessToken,
    body: rideBody(stops),
  });
  expect(posted.status, JSON.stringify(posted.body)).toBe(201);
  const rideId: string = posted.body.id;
  await offerRide(env, rideId, driver.user.id);
  const bid = await placeBid(env, driver, rideId, { price: 60_000, etaMinutes: 10 });
  expect((await acceptBid(env, customer, rideId, bid.id)).status).toBe(200);
  return { customer, driver, rideId };
}

const setStatus = (driver: TestAccount, rideId: string, status: string) =>
  call(env.app, 'PATCH', `/api/rides/${rideId}/status`, { token: driver.accessToken, body: { status } });

async function walkTo(driver: TestAccount, rideId: string, statuses: string[]) {
  for (const status of statuses) {
    const response = await setStatus(driver, rideId, status);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }
}

const markStop = (driver: TestAccount, rideId: string, index: number, status: string) =>
  call(env.app, 'PATCH', `/api/rides/${rideId}/stops/${index}`, {
    token: driver.accessToken,
    body: { status },
  });

const report = (driver: TestAccount, at: { lat: number; lng: number }) =>
  call(env.app, 'POST', '/api/drivers/me/location', {
    token: driver.accessToken,
    body: { lat: at.lat, lng: at.lng },
  });

const TO_TRANSIT = ['DRIVER_ARRIVING', 'PICKUP_ARRIVED', 'LOADING', 'IN_TRANSIT'];

describe('stops and route distance', () => {
  it('prices the whole route with stops, and the ride keeps the same route distance', async () => {
    const base = `/api/pricing/estimate?pickupLat=${PICKUP.lat}&pickupLng=${PICKUP.lng}&dropoffLat=${DROPOFF.lat}&dropoffLng=${DROPOFF.lng}&vehicleType=SMALL_VAN`;
    const direct = await call(env.app, 'GET', base);
    const viaStops = await call(
      env.app,
      'GET',
      `${base}&stop=${STOP_A.lat},${STOP_A.lng}&stop=${STOP_B.lat},${STOP_B.lng}`,
    );
    expect(direct.status).toBe(200);
    expect(viaStops.status, JSON.stringify(viaStops.body)).toBe(200);
    expect(viaStops.body.roadDistanceMeters).toBeGreaterThan(direct.body.roadDistanceMeters);
    expect(viaStops.body.amount).toBeGreaterThan(direct.body.amount);

    const customer = await registerCustomer(env);
    const posted = await call(env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: rideBody(),
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(posted.body.routeDistanceMeters).toBe(viaStops.body.roadDistanceMeters);
    expect(posted.body.priceEstimate).toBe(viaStops.body.amount);
    expect(posted.body.stops).toEqual([
      { ...STOP_A, status: 'PENDING' },
      { ...STOP_B, status: 'PENDING' },
    ]);
    const read = await call(env.app, 'GET', `/api/rides/${posted.body.id}`, { token: customer.accessToken });
    expect(read.body.stops).toHaveLength(2);
    expect(read.body.routeDistanceMeters).toBe(viaStops.body.roadDistanceMeters);
  });

  it('refuses more than five stops, and stops outside Tunisia, in the ride and in the estimate', async () => {
    const customer = await registerCustomer(env);
    const six = Array.from({ length: 6 }, () => STOP_A);
    const tooMany = await call(env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: rideBody(six),
    });
    expect(tooMany.status).toBe(400);
    const abroad = await call(
      env.app,
      'GET',
      `/api/pricing/estimate?pickupLat=36.8&pickupLng=10.18&dropoffLat=36.4&dropoffLng=10.6&vehicleType=SMALL_VAN&stop=48.85,2.35`,
    );
    expect(abroad.status).toBe(400);
    expect(abroad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('lets the assigned driver mark stops in order while in transit, each a ride event told to the room', async () => {
    const { customer, driver, rideId } = await acceptedRide();
    const early = await markStop(driver, rideId, 0, 'ARRIVED');
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INVALID_TRANSITION');
    await walkTo(driver, rideId, TO_TRANSIT);

    const socket = await connectSocket(baseUrl, customer.accessToken);
    sockets.push(socket);
    const stopEvents = recordEvents(socket, 'ride:stop');

    expect((await markStop(driver, rideId, 1, 'ARRIVED')).status).toBe(409); // stop 0 first
    expect((await markStop(driver, rideId, 0, 'DONE')).status).toBe(409); // arrive before done
    const stranger = await registerDriver(env, { verified: true });
    expect((await markStop(stranger, rideId, 0, 'ARRIVED')).status).toBe(404);
    expect((await markStop(driver, rideId, 4, 'ARRIVED')).status).toBe(404);
    const customerTries = await call(env.app, 'PATCH', `/api/rides/${rideId}/stops/0`, {
      token: customer.accessToken,
      body: { status: 'ARRIVED' },
    });
    expect(customerTries.status).toBe(403);

    const arrived = await markStop(driver, rideId, 0, 'ARRIVED');
    expect(arrived.status, JSON.stringify(arrived.body)).toBe(200);
    expect(arrived.body.stops[0]).toMatchObject({ status: 'ARRIVED', arrivedAt: expect.any(String) });
    expect((await markStop(driver, rideId, 0, 'ARRIVED')).status).toBe(409); // twice is refused
    expect((await markStop(driver, rideId, 0, 'DONE')).status).toBe(200);

    const early2 = await setStatus(driver, rideId, 'DROPOFF_ARRIVED');
    expect(early2.status).toBe(409);
    expect(early2.body.error).toMatchObject({ code: 'STOPS_PENDING', details: { pendingStops: [1] } });

    expect((await markStop(driver, rideId, 1, 'ARRIVED')).status).toBe(200);
    const done = await markStop(driver, rideId, 1, 'DONE');
    expect(done.body.stops.map((s: { status: string }) => s.status)).toEqual(['DONE', 'DONE']);
    expect((await setStatus(driver, rideId, 'DROPOFF_ARRIVED')).status).toBe(200);

    await eventually(() => expect(stopEvents).toHaveLength(4));
    expect(stopEvents.map((e) => [e.index, e.from, e.to])).toEqual([
      [0, 'PENDING', 'ARRIVED'],
      [0, 'ARRIVED', 'DONE'],
      [1, 'PENDING', 'ARRIVED'],
      [1, 'ARRIVED', 'DONE'],
    ]);
    const events = await call(env.app, 'GET', `/api/rides/${rideId}/events`, { token: customer.accessToken });
    const stopTypes = (events.body.items as { type: string; data: unknown }[]).filter((e) =>
      e.type.startsWith('STOP_'),
    );
    expect(stopTypes.map((e) => e.type)).toEqual(['STOP_ARRIVED', 'STOP_DONE', 'STOP_ARRIVED', 'STOP_DONE']);
    expect(stopTypes[0]?.data).toEqual({ stopIndex: 0, from: 'PENDING', to: 'ARRIVED' });
  });

  it('lets exactly one of two racing marks of the same stop win', async () => {
    const { driver, rideId } = await acceptedRide([STOP_A]);
    await walkTo(driver, rideId, TO_TRANSIT);
    const results = await Promise.all([
      markStop(driver, rideId, 0, 'ARRIVED'),
      markStop(driver, rideId, 0, 'ARRIVED'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

describe('live ETA and the tracking view', () => {
  it('sends ride:eta at most once per period however many positions arrive, with a plausible ETA', async () => {
    const { customer, driver, rideId } = await acceptedRide([]);
    await walkTo(driver, rideId, ['DRIVER_ARRIVING']);
    const socket = await connectSocket(baseUrl, customer.accessToken);
    sockets.push(socket);
    const etas = recordEvents(socket, 'ride:eta');
    const start = { lat: 36.85, lng: 10.2 }; // ~6 km from the pickup
    for (let i = 0; i < 3; i += 1) {
      const response = await report(driver, { lat: start.lat - i * 0.001, lng: start.lng });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    }
    await eventually(() => expect(etas).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 500));
    expect(etas).toHaveLength(1);
    const [eta] = etas;
    expect(eta?.rideId).toBe(rideId);
    // Straight line ~5.7 km × 1.3 at 40 km/h: about 7 km and 11 minutes.
    expect(eta?.distanceLeftMeters).toBeGreaterThan(6_000);
    expect(eta?.distanceLeftMeters).toBeLessThan(9_000);
    expect(eta?.etaSeconds).toBeGreaterThan(500);
    expect(eta?.etaSeconds).toBeLessThan(900);
  });

  it('shows participants and admins the last position and ETA, and nobody else', async () => {
    const { customer, driver, rideId } = await acceptedRide([STOP_A]);
    await walkTo(driver, rideId, ['DRIVER_ARRIVING']);
    await report(driver, { lat: 36.83, lng: 10.19 });
    const asCustomer = await call(env.app, 'GET', `/api/rides/${rideId}/tracking`, {
      token: customer.accessToken,
    });
    expect(asCustomer.status, JSON.stringify(asCustomer.body)).toBe(200);
    expect(asCustomer.body).toMatchObject({
      rideId,
      status: 'DRIVER_ARRIVING',
      target: 'PICKUP',
      position: { lat: 36.83, lng: 10.19 },
      nextStopIndex: 0,
      source: 'estimate',
    });
    // The whole way left runs through the pickup and the stop: longer than the leg to the pickup.
    expect(asCustomer.body.routeDistanceLeftMeters).toBeGreaterThan(asCustomer.body.distanceLeftMeters);
    const asDriver = await call(env.app, 'GET', `/api/rides/${rideId}/tracking`, {
      token: driver.accessToken,
    });
    expect(asDriver.status).toBe(200);

    const otherCustomer = await registerCustomer(env);
    const otherDriver = await registerDriver(env, { verified: true });
    for (const stranger of [otherCustomer, otherDriver]) {
      const response = await call(env.app, 'GET', `/api/rides/${rideId}/tracking`, {
        token: stranger.accessToken,
      });
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain('36.83');
    }
  });

  it('uses the OSRM router when ROUTER_URL is set, and the estimate when it fails', async () => {
    const instance = await env.startInstance({ ROUTER_URL: router.url, ROUTER_TIMEOUT_MS: '5000' });
    const { customer, driver, rideId } = await acceptedRide([]);
    await walkTo(driver, rideId, ['DRIVER_ARRIVING']);
    await report(driver, { lat: 36.83, lng: 10.19 });
    const before = router.requests.length;
    const viaRouter = await call(instance.app, 'GET', `/api/rides/${rideId}/tracking`, {
      token: customer.accessToken,
    });
    expect(viaRouter.status, JSON.stringify(viaRouter.body)).toBe(200);
    expect(viaRouter.body.source).toBe('router');
    expect(router.requests.length).toBeGreaterThan(before);
    router.fail(true);
    const fallback = await call(instance.app, 'GET', `/api/rides/${rideId}/tracking`, {
      token: customer.accessToken,
    });
    router.fail(false);
    expect(fallback.status).toBe(200);
    expect(fallback.body.source).toBe('estimate');
    expect(fallback.body.distanceLeftMeters).not.toBe(viaRouter.body.distanceLeftMeters);
  });
});

const PUBLIC_KEYS = ['driver', 'dropoff', 'etaSeconds', 'position', 'status', 'vehicle'];

const publicView = (token: string, address = '10.0.0.1') =>
  env.app.inject({ method: 'GET', url: `/api/track/${token}`, remoteAddress: address });

describe('share links', () => {
  it('gives a public view with exactly the allowed fields, and nothing about the parties or the pickup', async () => {
    const { customer, driver, rideId } = await acceptedRide([STOP_A]);
    await walkTo(driver, rideId, ['DRIVER_ARRIVING']);
    await report(driver, { lat: 36.83, lng: 10.19 });
    const shared = await call(env.app, 'POST', `/api/rides/${rideId}/share`, { token: customer.accessToken });
    expect(shared.status, JSON.stringify(shared.body)).toBe(201);
    expect(shared.body.expiresAt).toBeNull();
    expect(shared.body.token.length).toBeGreaterThanOrEqual(43); // 256 bits in base64url
    expect(shared.body.url).toBe(
      `${env.config.http.frontendUrl.replace(/\/+$/, '')}/fr/track/${shared.body.token}`,
    );

    const response = await publicView(shared.body.token, '10.0.0.2');
    expect(response.statusCode, response.body).toBe(200);
    const view = response.json() as PublicTracking;
    expect(Object.keys(view).sort()).toEqual(PUBLIC_KEYS);
    expect(view).toEqual({
      status: 'DRIVER_ARRIVING',
      etaSeconds: expect.any(Number),
      position: { lat: 36.83, lng: 10.19, at: expect.any(String) },
      vehicle: { type: 'SMALL_VAN' },
      driver: { firstName: 'Mohamed' },
      dropoff: { lat: DROPOFF.lat, lng: DROPOFF.lng },
    });
    for (const secret of [
      PICKUP.address,
      DROPOFF.address,
      STOP_A.address,
      'Trabelsi',
      driver.phone,
      customer.phone,
      rideId,
      '60000',
      String(PICKUP.lat),
    ]) {
      expect(response.body).not.toContain(secret);
    }
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers 404 for unknown, revoked and replaced links, and only the ride’s customer may share', async () => {
    const { customer, driver, rideId } = await acceptedRide([]);
    expect((await publicView('A'.repeat(43), '10.0.1.1')).statusCode).toBe(404);
    const otherCustomer = await registerCustomer(env);
    expect(
      (await call(env.app, 'POST', `/api/rides/${rideId}/share`, { token: otherCustomer.accessToken }))
        .status,
    ).toBe(404);
    expect(
      (await call(env.app, 'POST', `/api/rides/${rideId}/share`, { token: driver.accessToken })).status,
    ).toBe(403);

    const first = await call(env.app, 'POST', `/api/rides/${rideId}/share`, { token: customer.accessToken });
    const second = await call(env.app, 'POST', `/api/rides/${rideId}/share`, { token: customer.accessToken });
    expect((await publicView(first.body.token, '10.0.1.2')).statusCode).toBe(404);
    expect((await publicView(second.body.token, '10.0.1.2')).statusCode).toBe(200);
    const revoked = await call(env.app, 'DELETE', `/api/rides/${rideId}/share`, {
      token: customer.accessToken,
    });
    expect(revoked.status).toBe(204);
    expect((await publicView(second.body.token, '10.0.1.2')).statusCode).toBe(404);
  });

  it('keeps working for an hour after the ride ends, then answers 404', async () => {
    const { customer, driver, rideId } = await acceptedRide([]);
    const shared = await call(env.app, 'POST', `/api/rides/${rideId}/share`, { token: customer.accessToken });
    await walkTo(driver, rideId, [...TO_TRANSIT, 'DROPOFF_ARRIVED', 'COMPLETED']);
    const justEnded = await publicView(shared.body.token, '10.0.2.1');
    expect(justEnded.statusCode).toBe(200);
    expect(justEnded.json()).toMatchObject({ status: 'COMPLETED', position: null, etaSeconds: null });
    // An ended ride cannot be shared again.
    expect(
      (await call(env.app, 'POST', `/api/rides/${rideId}/share`, { token: customer.accessToken })).status,
    ).toBe(409);
    await env.database.db
      .update(rides)
      .set({ completedAt: sql`now() - interval '61 minutes'` })
      .where(eq(rides.id, rideId));
    expect((await publicView(shared.body.token, '10.0.2.1')).statusCode).toBe(404);
  });

  it('rate-limits the public view per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await publicView('B'.repeat(43), '10.0.3.1')).statusCode);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
    // Another address has its own budget.
    expect((await publicView('B'.repeat(43), '10.0.3.2')).statusCode).toBe(404);
  });
});

type PublicSocket = Socket;

async function connectPublic(): Promise<PublicSocket> {
  const socket = io(`${baseUrl}${PUBLIC_TRACK_NAMESPACE}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

const join = (socket: PublicSocket, token: unknown) =>
  new Promise<TrackJoinAck>((resolve) => socket.emit('track:join', { token }, resolve));

describe('the public socket (track:join)', () => {
  it('connects without a token, joins with a live link and receives only minimised status and positions', async () => {
    const { customer, driver, rideId } = await acceptedRide([]);
    const shared = await call(env.app, 'POST', `/api/rides/${rideId}/share`, { token: customer.accessToken });
    const socket = await connectPublic();
    const received: [string, unknown][] = [];
    socket.onAny((event: string, payload: unknown) => received.push([event, payload]));

    expect(await join(socket, 'C'.repeat(43))).toEqual({ ok: false, error: 'NOT_FOUND' });
    const joined = await join(socket, shared.body.token);
    expect(joined.ok).toBe(true);
    if (joined.ok) expect(Object.keys(joined.tracking).sort()).toEqual(PUBLIC_KEYS);

    // Authenticated-only events are not served on this namespace: a ride:join is never answered.
    let answered = false;
    socket.emit('ride:join', { rideId }, () => {
      answered = true;
    });

    await walkTo(driver, rideId, ['DRIVER_ARRIVING']);
    await report(driver, { lat: 36.83, lng: 10.19 });
    await eventually(() => {
      expect(received.map(([event]) => event)).toEqual(
        expect.arrayContaining(['track:status', 'track:position', 'track:eta']),
      );
    });
    expect(answered).toBe(false);
    const names = new Set(received.map(([event]) => event));
    expect([...names].sort()).toEqual(['track:eta', 'track:position', 'track:status']);
    for (const [event, payload] of received) {
      const keys = Object.keys(payload as object).sort();
      if (event === 'track:status') expect(keys).toEqual(['at', 'status']);
      if (event === 'track:position') expect(keys).toEqual(['at', 'lat', 'lng']);
      if (event === 'track:eta') expect(keys).toEqual(['etaSeconds']);
      expect(JSON.stringify(payload)).not.toContain(rideId);
      expect(JSON.stringify(payload)).not.toContain(driver.user.id);
    }
  });

  it('is disconnected when the link is revoked, and an unauthenticated socket still cannot use the main namespace', async () => {
    const { customer, rideId } = await acceptedRide([]);
    const shared = await call(env.app, 'POST', `/api/rides/${rideId}/share`, { token: customer.accessToken });
    const socket = await connectPublic();
    expect((await join(socket, shared.body.token)).ok).toBe(true);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await call(env.app, 'DELETE', `/api/rides/${rideId}/share`, { token: customer.accessToken });
    expect(await gone).toBe('io server disconnect');

    await expect(connectSocket(baseUrl, null)).rejects.toMatchObject({ data: { code: 'TOKEN_MISSING' } });
  });
});
