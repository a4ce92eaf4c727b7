import type { FleetDriver } from '@truck4u/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdminAs } from '#test/admin-fixtures';
import { acceptBid, offerRide, placeBid } from '#test/bid-fixtures';
import { goOnlineAt, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { runJobsInProcess } from '#test/in-process-worker';
import {
  type ClientSocket,
  connectSocket,
  eventually,
  listen,
  nextEvent,
  recordEvents,
} from '#test/realtime-client';
import { insertRide, northOf, TUNIS } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { DRIVERS_QUEUE } from '../drivers/drivers.jobs';

const PRESENCE_TTL_MS = 1_500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let env: TestEnvironment;
let baseUrl: string;
let ops: TestAccount;
const sockets: ClientSocket[] = [];
const workers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  env = await createTestEnvironment({ DRIVER_PRESENCE_TTL_MS: String(PRESENCE_TTL_MS) });
  baseUrl = await listen(env.app);
  ops = await loginAdminAs(env, 'OPERATIONS');
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  for (const worker of workers) await worker.close();
  await env?.close();
});

async function socketOf(account: TestAccount): Promise<ClientSocket> {
  const socket = await connectSocket(baseUrl, account.accessToken);
  sockets.push(socket);
  return socket;
}

async function liveAdmin(): Promise<ClientSocket> {
  const socket = await socketOf(ops);
  expect(await socket.emitWithAck('admin:join-live', {})).toEqual({ ok: true });
  return socket;
}

const forDriver = (events: FleetDriver[], driverId: string) => events.filter((e) => e.driverId === driverId);

describe('admin:join-live', () => {
  it('is refused to roles without the live map, to customers and drivers', async () => {
    const support = await loginAdminAs(env, 'SUPPORT');
    const finance = await loginAdminAs(env, 'FINANCE');
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    for (const account of [support, finance, customer, driver]) {
      const socket = await socketOf(account);
      expect(await socket.emitWithAck('admin:join-live', {})).toEqual({ ok: false, error: 'FORBIDDEN' });
    }
    const superadmin = await loginAdminAs(env, 'SUPERADMIN');
    const allowed = await socketOf(superadmin);
    expect(await allowed.emitWithAck('admin:join-live', {})).toEqual({ ok: true });
  });
});

describe('fleet:driver', () => {
  it('sends a driver’s position at most once per 5 s, and OFFLINE at once when they go offline', async () => {
    const admin = await liveAdmin();
    const events = recordEvents(admin, 'fleet:driver');
    const driver = await registerDriver(env, { verified: true });
    await goOnlineAt(env.app, driver, TUNIS);
    const driverSocket = await socketOf(driver);
    for (let i = 1; i <= 4; i += 1) {
      expect(
        await driverSocket.emitWithAck('driver:location', { ...northOf(TUNIS, i), heading: 90 }),
      ).toEqual({
        ok: true,
      });
    }
    await eventually(() => expect(forDriver(events, driver.user.id)).toHaveLength(1));
    await sleep(500);
    const moves = forDriver(events, driver.user.id);
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({
      driverId: driver.user.id,
      state: 'ONLINE',
      lat: TUNIS.lat,
      lng: TUNIS.lng,
    });

    // The live snapshot has the latest position, throttled or not.
    const live = await call(env.app, 'GET', '/api/admin/live', { token: ops.accessToken });
    expect(live.status, JSON.stringify(live.body)).toBe(200);
    const listed = live.body.drivers.find((d: { driverId: string }) => d.driverId === driver.user.id);
    expect(listed).toMatchObject({ state: 'ONLINE', heading: 90, rideId: null, lat: northOf(TUNIS, 4).lat });

    const offline = call(env.app, 'PATCH', '/api/drivers/me/availability', {
      token: driver.accessToken,
      body: { online: false },
    });
    expect((await offline).status).toBe(200);
    await eventually(() => expect(forDriver(events, driver.user.id).at(-1)?.state).toBe('OFFLINE'));
    expect(forDriver(events, driver.user.id)).toHaveLength(2);
    const after = await call(env.app, 'GET', '/api/admin/live', { token: ops.accessToken });
    expect(after.body.drivers.map((d: { driverId: string }) => d.driverId)).not.toContain(driver.user.id);
  });

  it('shows a driver holding a ride as ON_RIDE, with the ride among the active ones', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    await goOnlineAt(env.app, driver, TUNIS);
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      driverId: driver.user.id,
      status: 'DRIVER_ARRIVING',
      price: 30_000,
    });
    const live = await call(env.app, 'GET', '/api/admin/live', { token: ops.accessToken });
    const listed = live.body.drivers.find((d: { driverId: string }) => d.driverId === driver.user.id);
    expect(listed).toMatchObject({ state: 'ON_RIDE', rideId });
    const ride = live.body.rides.find((r: { id: string }) => r.id === rideId);
    expect(ride).toMatchObject({ status: 'DRIVER_ARRIVING', driver: { id: driver.user.id } });
  });

  it('shows ON_RIDE with the ride for a ride posted, bid on, accepted and walked over HTTP', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true, vehicleType: 'LARGE_VAN' });
    await goOnlineAt(env.app, driver, TUNIS);
    const posted = await call(env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: {
        pickup: { ...TUNIS, address: 'Avenue Habib Bourguiba, Tunis' },
        dropoff: { lat: 36.8782, lng: 10.3247, address: 'La Marsa, rue du Maroc' },
        vehicleType: 'LARGE_VAN',
        cargo: { description: 'Douze cartons', weightKg: 200 },
      },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const rideId = posted.body.id as string;
    await offerRide(env, rideId, driver.user.id);
    const bid = await placeBid(env, driver, rideId);
    const accepted = await acceptBid(env, customer, rideId, bid.id);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const stateOf = async () => {
      const live = await call(env.app, 'GET', '/api/admin/live', { token: ops.accessToken });
      expect(live.status).toBe(200);
      return {
        driver: live.body.drivers.find((d: { driverId: string }) => d.driverId === driver.user.id),
        ride: live.body.rides.find((r: { id: string }) => r.id === rideId),
      };
    };
    for (const status of [
      'BID_ACCEPTED',
      'DRIVER_ARRIVING',
      'PICKUP_ARRIVED',
      'LOADING',
      'IN_TRANSIT',
    ] as const) {
      if (status !== 'BID_ACCEPTED') {
        const moved = await call(env.app, 'PATCH', `/api/rides/${rideId}/status`, {
          token: driver.accessToken,
          body: { status },
        });
        expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      }
      // The driver app keeps reporting positions during the ride.
      await call(env.app, 'POST', '/api/drivers/me/location', { token: driver.accessToken, body: TUNIS });
      const seen = await stateOf();
      expect(seen.driver, status).toMatchObject({ state: 'ON_RIDE', rideId });
      expect(seen.ride, status).toMatchObject({ status, driver: { id: driver.user.id } });
    }
  });

  it('sends OFFLINE when a driver’s presence expires', async () => {
    workers.push(await runJobsInProcess(env, [DRIVERS_QUEUE]));
    const admin = await liveAdmin();
    const events = recordEvents(admin, 'fleet:driver');
    const driver = await registerDriver(env, { verified: true });
    await goOnlineAt(env.app, driver, TUNIS);
    const expired = await eventually(
      () => {
        const last = forDriver(events, driver.user.id).at(-1);
        expect(last?.state).toBe('OFFLINE');
        return last;
      },
      PRESENCE_TTL_MS * 4,
      100,
    );
    expect(expired).toMatchObject({ lat: TUNIS.lat, lng: TUNIS.lng });
  });
});

describe('ride:status on admin:live', () => {
  it('reaches the live map for every ride, without joining its room', async () => {
    const admin = await liveAdmin();
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: customer.user.id });
    const status = nextEvent(admin, 'ride:status');
    const cancelled = await call(env.app, 'POST', `/api/rides/${rideId}/cancel`, {
      token: customer.accessToken,
      body: { reason: 'plans changed' },
    });
    expect(cancelled.status).toBe(200);
    expect(await status).toMatchObject({ rideId, from: 'PENDING_BIDS', to: 'CANCELLED' });
  });
});

describe('a demoted admin on admin:live', () => {
  it('stops receiving the feed on every instance once their role loses live.read, and stays connected', async () => {
    const second = await env.startInstance();
    const secondUrl = await listen(second.app);
    const superadmin = await loginAdminAs(env, 'SUPERADMIN');
    const demotedAdmin = await loginAdminAs(env, 'OPERATIONS');
    const witness = await liveAdmin();
    const onSecond = await connectSocket(secondUrl, demotedAdmin.accessToken);
    sockets.push(onSecond);
    expect(await onSecond.emitWithAck('admin:join-live', {})).toEqual({ ok: true });
    const customer = await registerCustomer(env);
    const cancelRide = async () => {
      const rideId = await insertRide(env, { customerId: customer.user.id });
      const response = await call(env.app, 'POST', `/api/rides/${rideId}/cancel`, {
        token: customer.accessToken,
        body: { reason: 'plans changed' },
      });
      expect(response.status).toBe(200);
      return rideId;
    };
    // Both hear a ride's status while the admin is OPERATIONS (the adapter reaches the second instance).
    const seen = recordEvents(onSecond, 'ride:status');
    const witnessed = recordEvents(witness, 'ride:status');
    const before = await cancelRide();
    await eventually(() => expect(seen.map((e) => e.rideId)).toContain(before));

    const demoted = await call(env.app, 'PATCH', `/api/admin/admins/${demotedAdmin.user.id}`, {
      token: superadmin.accessToken,
      body: { role: 'SUPPORT' },
    });
    expect(demoted.status, JSON.stringify(demoted.body)).toBe(200);
    const after = await cancelRide();
    await eventually(() => expect(witnessed.map((e) => e.rideId)).toContain(after));
    await sleep(300);
    expect(seen.map((e) => e.rideId)).not.toContain(after);
    expect(onSecond.connected).toBe(true);
    // And cannot join again with the new role.
    expect(await onSecond.emitWithAck('admin:join-live', {})).toEqual({ ok: false, error: 'FORBIDDEN' });
  });
});
