import type { VehicleType } from '@truck4u/contracts';
import { drivers, rideNotifications, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDispatchWorker } from '#test/dispatch-worker';
import { insertApprovedDocuments } from '#test/document-fixtures';
import { goOnlineAt, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { eventually } from '#test/realtime-client';
import { insertRide, northOf } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

const SOUSSE = { lat: 35.8256, lng: 10.6411 };
const GABES = { lat: 33.8815, lng: 10.0982 };
const KASSERINE = { lat: 35.1676, lng: 8.8365 };

describe('dispatch and driver documents', () => {
  let env: TestEnvironment;
  let worker: { close(): Promise<void> };
  let customer: TestAccount;

  beforeAll(async () => {
    env = await createTestEnvironment({
      DISPATCH_RADII_KM: '5',
      DISPATCH_BID_WINDOW_MS: '200',
      DISPATCH_FIRST_STEP_DELAY_MS: '0',
    });
    worker = await startDispatchWorker(env);
    customer = await registerCustomer(env);
  });
  afterAll(async () => {
    await worker?.close();
    await env?.close();
  });

  async function onlineDriver(
    at: { lat: number; lng: number },
    vehicleType: VehicleType,
    options: { capacityKg?: number } = {},
  ) {
    const driver = await registerDriver(env, { verified: true, vehicleType, ...options });
    await goOnlineAt(env.app, driver, at);
    return driver.user.id;
  }

  /** Dispatches a ride and returns the drivers asked, once the search has ended. */
  async function askedFor(
    pickup: { lat: number; lng: number },
    vehicleType: VehicleType,
    cargoWeightKg: number,
  ) {
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      pickup,
      vehicleType,
      cargoWeightKg,
    });
    await env.app.dispatch.startDispatch(rideId, 0);
    await eventually(async () => {
      const [ride] = await env.database.db
        .select({ status: rides.status })
        .from(rides)
        .where(eq(rides.id, rideId));
      expect(ride?.status).toBe('NO_DRIVERS_AVAILABLE');
    }, 10_000);
    const rows = await env.database.db
      .select({ driverId: rideNotifications.driverId })
      .from(rideNotifications)
      .where(eq(rideNotifications.rideId, rideId));
    return rows.map((row) => row.driverId).sort();
  }

  it('skips a driver with an expired required document, and still asks verified drivers without document rows', async () => {
    const fixtureVerified = await onlineDriver(northOf(SOUSSE, 1), 'LARGE_VAN');
    const blocked = await onlineDriver(northOf(SOUSSE, 2), 'LARGE_VAN');
    // As the expiry sweep leaves it, with the driver still online (e.g. going online raced the sweep).
    await env.database.db
      .update(drivers)
      .set({ expiredDocumentKinds: ['INSURANCE'], isOnline: true })
      .where(eq(drivers.id, blocked));
    expect(await askedFor(SOUSSE, 'LARGE_VAN', 400)).toEqual([fixtureVerified]);
  });

  it("only asks drivers whose declared vehicle capacity carries the ride's weight", async () => {
    const big = await onlineDriver(northOf(GABES, 1), 'SMALL_VAN', { capacityKg: 1_000 });
    const exact = await onlineDriver(northOf(GABES, 2), 'SMALL_VAN', { capacityKg: 900 });
    await onlineDriver(northOf(GABES, 3), 'SMALL_VAN', { capacityKg: 600 });
    expect(await askedFor(GABES, 'SMALL_VAN', 900)).toEqual([big, exact].sort());
  });

  it('only asks drivers whose approved licence allows the vehicle type (C above 3.5 t)', async () => {
    const withC = await registerDriver(env, { verified: true, vehicleType: 'BOX_TRUCK' });
    await insertApprovedDocuments(env, withC.user.id, { categories: ['B', 'C'] });
    await goOnlineAt(env.app, withC, northOf(KASSERINE, 1));
    const onlyB = await registerDriver(env, { verified: true, vehicleType: 'BOX_TRUCK' });
    await insertApprovedDocuments(env, onlyB.user.id, { categories: ['B'] });
    await goOnlineAt(env.app, onlyB, northOf(KASSERINE, 2));
    expect(await askedFor(KASSERINE, 'BOX_TRUCK', 2_000)).toEqual([withC.user.id]);
  });

  it('refuses a bid from a driver offered the ride before their document expired', async () => {
    const driver = await registerDriver(env, { verified: true, vehicleType: 'PICKUP' });
    const rideId = await insertRide(env, { customerId: customer.user.id, vehicleType: 'PICKUP' });
    await env.database.db
      .insert(rideNotifications)
      .values({ rideId, driverId: driver.user.id, step: 0, distanceMeters: 900 });
    await env.database.db
      .update(drivers)
      .set({ expiredDocumentKinds: ['TECHNICAL_INSPECTION'] })
      .where(eq(drivers.id, driver.user.id));
    const bid = await call(env.app, 'POST', `/api/rides/${rideId}/bids`, {
      token: driver.accessToken,
      body: { price: 60_000, etaMinutes: 15 },
    });
    expect(bid.status).toBe(409);
    expect(bid.body.error).toMatchObject({
      code: 'DOCUMENT_EXPIRED',
      details: { kind: 'TECHNICAL_INSPECTION' },
    });
  });
});
