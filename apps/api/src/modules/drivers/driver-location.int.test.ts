import type { RideStatus } from '@truck4u/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import {
  type ClientSocket,
  connectSocket,
  eventually,
  listen,
  nextEvent,
  recordEvents,
} from '#test/realtime-client';
import { insertRide, TUNIS } from '#test/ride-fixtures';
import { type AppInstance, createTestEnvironment, type TestEnvironment } from '#test/test-environment';

// How long "nothing arrives" is watched for: far above a loopback round trip through the Redis adapter.
const QUIET_WINDOW_MS = 500;

describe('driver positions in a ride room', () => {
  let env: TestEnvironment;
  let second: AppInstance;
  let urlA: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    // These positions are in Tunis and the rides end in La Marsa: this file is about forwarding positions,
    // not the dropoff distance check (modules/proofs), so the check's radius covers the whole test area.
    env = await createTestEnvironment({ DROPOFF_MAX_DISTANCE_METERS: '100000' });
    second = await env.startInstance();
    urlA = await listen(env.app);
    await listen(second.app);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await env?.close();
  });

  async function connect(token: string): Promise<ClientSocket> {
    const socket = await connectSocket(urlA, token);
    sockets.push(socket);
    return socket;
  }

  /** A ride in `status` held by a driver, the customer's socket in its room and positions flowing to it. */
  async function rideWithPositionsFlowing(status: RideStatus) {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      driverId: driver.user.id,
      status,
      price: 40_000,
      commissionRateBps: 1200,
    });
    // Both sockets join the ride's room at connect: it is an active ride of each.
    const customerSocket = await connect(customer.accessToken);
    const driverSocket = await connect(driver.accessToken);
    const positions = recordEvents(customerSocket, 'driver:location');
    // The adapter starts reading its stream shortly after start-up: send until one arrives.
    await eventually(async () => {
      expect(await driverSocket.emitWithAck('driver:location', TUNIS)).toEqual({ ok: true });
      expect(positions.length).toBeGreaterThan(0);
    });
    expect(positions[0]).toMatchObject({ rideId, driverId: driver.user.id, lat: TUNIS.lat, lng: TUNIS.lng });
    return { customer, driver, rideId, customerSocket, driverSocket, positions };
  }

  /** Positions sent right after the ride ended, while the driver's socket still has its state cached. */
  async function expectNoPositionAfterEnd(
    driverSocket: ClientSocket,
    positions: { lat: number }[],
  ): Promise<void> {
    const afterEnd = { lat: TUNIS.lat + 0.01, lng: TUNIS.lng };
    expect(await driverSocket.emitWithAck('driver:location', afterEnd)).toEqual({ ok: true });
    expect(await driverSocket.emitWithAck('driver:location', afterEnd)).toEqual({ ok: true });
    await new Promise((r) => setTimeout(r, QUIET_WINDOW_MS));
    expect(positions.filter((p) => p.lat === afterEnd.lat)).toEqual([]);
  }

  async function advance(app: AppInstance['app'], driver: TestAccount, rideId: string, to: RideStatus) {
    const response = await call(app, 'PATCH', `/api/rides/${rideId}/status`, {
      token: driver.accessToken,
      body: { status: to },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }

  it('reach the customer during the ride and stop the moment the driver completes it', async () => {
    const { driver, rideId, customerSocket, driverSocket, positions } =
      await rideWithPositionsFlowing('IN_TRANSIT');
    await advance(env.app, driver, rideId, 'DROPOFF_ARRIVED');
    // Still on the ride: positions keep coming.
    const during = positions.length;
    await eventually(async () => {
      await driverSocket.emitWithAck('driver:location', TUNIS);
      expect(positions.length).toBeGreaterThan(during);
    });

    const completed = nextEvent(customerSocket, 'ride:status');
    await advance(env.app, driver, rideId, 'COMPLETED');
    await expectNoPositionAfterEnd(driverSocket, positions);
    // The room itself still works: the customer heard the completion.
    expect(await completed).toMatchObject({ rideId, to: 'COMPLETED' });
  });

  it('stop the moment the customer cancels, even through another api instance', async () => {
    const { customer, rideId, driverSocket, positions } = await rideWithPositionsFlowing('DRIVER_ARRIVING');
    // The driver's socket is on the first instance; the cancellation goes through the second.
    const cancelled = await call(second.app, 'POST', `/api/rides/${rideId}/cancel`, {
      token: customer.accessToken,
      body: { reason: 'Plans changed' },
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await expectNoPositionAfterEnd(driverSocket, positions);
  });

  it('stop the moment the driver completes the ride through another api instance', async () => {
    const { driver, rideId, driverSocket, positions } = await rideWithPositionsFlowing('DROPOFF_ARRIVED');
    await advance(second.app, driver, rideId, 'COMPLETED');
    await expectNoPositionAfterEnd(driverSocket, positions);
  });
});
