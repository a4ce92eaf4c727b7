import { randomUUID } from 'node:crypto';
import type { VehicleType } from '@truck4u/contracts';
import { drivers, rideNotifications, subscriptions } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDispatchWorker } from '#test/dispatch-worker';
import { goOnlineAt, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { eventually } from '#test/realtime-client';
import { insertRide, northOf } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { customerWallet, postTransaction } from '../wallet/ledger';

const MONASTIR = { lat: 35.7643, lng: 10.8113 };
const NABEUL = { lat: 36.4561, lng: 10.7376 };

describe('priority dispatch for Business plans and up', () => {
  let env: TestEnvironment;
  let worker: { close(): Promise<void> };

  beforeAll(async () => {
    env = await createTestEnvironment({
      DISPATCH_RADII_KM: '5,10',
      DISPATCH_BID_WINDOW_MS: '300',
      DISPATCH_FIRST_STEP_DELAY_MS: '0',
      DISPATCH_MAX_DRIVERS_PER_STEP: '1',
    });
    worker = await startDispatchWorker(env);
  });

  afterAll(async () => {
    await worker?.close();
    await env?.close();
  });

  /** A verified driver online at `at` whose past customers rated them `ratings` (1 to 5 each). */
  async function ratedDriver(at: { lat: number; lng: number }, ratings: number[], vehicleType: VehicleType) {
    const driver = await registerDriver(env, { verified: true, vehicleType });
    await env.database.db
      .update(drivers)
      .set({ ratingSum: ratings.reduce((a, b) => a + b, 0), ratingCount: ratings.length })
      .where(eq(drivers.id, driver.user.id));
    await goOnlineAt(env.app, driver, at);
    return driver.user.id;
  }

  /** A business customer subscribed to `planCode` through the API, paid from a funded wallet. */
  async function subscriber(planCode: 'STARTER' | 'BUSINESS' | 'ENTERPRISE'): Promise<TestAccount> {
    const customer = await registerCustomer(env, { company: { name: `${planCode} Logistique SARL` } });
    await env.database.db.transaction((tx) =>
      postTransaction(tx, {
        kind: 'TOP_UP',
        description: 'Top-up',
        idempotencyKey: randomUUID(),
        entries: [
          { account: { kind: 'FLOUCI_CLEARING' }, amount: -500_000 },
          { account: customerWallet(customer.user.id), amount: 500_000 },
        ],
      }),
    );
    const subscribed = await call(env.app, 'POST', '/api/subscriptions', {
      token: customer.accessToken,
      body: { planCode },
    });
    expect(subscribed.status, JSON.stringify(subscribed.body)).toBe(201);
    return customer;
  }

  /** Dispatches a ride and returns who was asked at each step, once both steps have run. */
  async function askedByStep(
    customerId: string,
    pickup: { lat: number; lng: number },
    vehicleType: VehicleType,
  ) {
    const rideId = await insertRide(env, { customerId, pickup, vehicleType });
    await env.app.dispatch.startDispatch(rideId, 0);
    let rows: { driverId: string; step: number }[] = [];
    await eventually(async () => {
      rows = await env.database.db
        .select({ driverId: rideNotifications.driverId, step: rideNotifications.step })
        .from(rideNotifications)
        .where(eq(rideNotifications.rideId, rideId));
      expect(rows).toHaveLength(2);
    }, 10_000);
    const at = (step: number) => rows.filter((r) => r.step === step).map((r) => r.driverId);
    return [at(0), at(1)];
  }

  it("asks a Business customer's ride to the best-rated driver of the step first, and others to the nearest", async () => {
    const vehicleType = 'BOX_TRUCK';
    const nearAverage = await ratedDriver(northOf(MONASTIR, 1), [4, 3], vehicleType); // 3.5 stars, 1 km
    const fartherTop = await ratedDriver(northOf(MONASTIR, 4), [5, 5, 5, 5, 5, 5, 5, 5, 5, 4], vehicleType); // 4.9, 4 km

    const business = await subscriber('BUSINESS');
    expect(await askedByStep(business.user.id, MONASTIR, vehicleType)).toEqual([[fartherTop], [nearAverage]]);

    const enterprise = await subscriber('ENTERPRISE');
    expect(await askedByStep(enterprise.user.id, MONASTIR, vehicleType)).toEqual([
      [fartherTop],
      [nearAverage],
    ]);

    const starter = await subscriber('STARTER');
    expect(await askedByStep(starter.user.id, MONASTIR, vehicleType)).toEqual([[nearAverage], [fartherTop]]);

    const person = await registerCustomer(env);
    expect(await askedByStep(person.user.id, MONASTIR, vehicleType)).toEqual([[nearAverage], [fartherTop]]);
  });

  it('keeps the radius steps: a better-rated driver outside the first circle waits for the second step', async () => {
    const vehicleType = 'FLATBED';
    const inside = await ratedDriver(northOf(NABEUL, 3), [3], vehicleType);
    const outside = await ratedDriver(northOf(NABEUL, 8), [5], vehicleType);
    const business = await subscriber('BUSINESS');
    expect(await askedByStep(business.user.id, NABEUL, vehicleType)).toEqual([[inside], [outside]]);
  });

  it('asks rated drivers before unrated ones, and falls back to nearest once the plan has lapsed', async () => {
    const vehicleType = 'REFRIGERATED';
    const unratedNear = await ratedDriver(northOf(MONASTIR, 1), [], vehicleType);
    const ratedFar = await ratedDriver(northOf(MONASTIR, 3), [2], vehicleType);
    const business = await subscriber('BUSINESS');
    expect(await askedByStep(business.user.id, MONASTIR, vehicleType)).toEqual([[ratedFar], [unratedNear]]);

    await env.database.db
      .update(subscriptions)
      .set({ status: 'EXPIRED' })
      .where(eq(subscriptions.customerId, business.user.id));
    expect(await askedByStep(business.user.id, MONASTIR, vehicleType)).toEqual([[unratedNear], [ratedFar]]);
  });
});
