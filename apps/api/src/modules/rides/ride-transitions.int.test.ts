import { rideEvents, rides } from '@truck4u/database';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver } from '#test/factories';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { AppError } from '../../errors/app-error';
import { transitionRide } from './ride-transitions';

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => env?.close());

const eventsOf = (rideId: string) =>
  env.database.db.select().from(rideEvents).where(eq(rideEvents.rideId, rideId)).orderBy(asc(rideEvents.id));

describe('transitionRide', () => {
  it('moves the ride from an expected status and records who did it, or returns null when it is elsewhere', async () => {
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: customer.user.id, status: 'NO_DRIVERS_AVAILABLE' });
    const moved = await env.database.db.transaction((tx) =>
      transitionRide(tx, {
        rideId,
        from: ['NO_DRIVERS_AVAILABLE'],
        to: 'PENDING_BIDS',
        actor: { role: 'customer', id: customer.user.id },
        eventData: { round: 1 },
        set: { dispatchRound: 1 },
      }),
    );
    expect(moved).toMatchObject({
      fromStatus: 'NO_DRIVERS_AVAILABLE',
      ride: { status: 'PENDING_BIDS', dispatchRound: 1 },
    });
    expect(await eventsOf(rideId)).toMatchObject([
      {
        id: moved?.eventId,
        type: 'STATUS_CHANGED',
        fromStatus: 'NO_DRIVERS_AVAILABLE',
        toStatus: 'PENDING_BIDS',
        actorRole: 'customer',
        actorId: customer.user.id,
        data: { round: 1 },
      },
    ]);

    const again = await env.database.db.transaction((tx) =>
      transitionRide(tx, { rideId, from: ['NO_DRIVERS_AVAILABLE'], to: 'PENDING_BIDS', actor: null }),
    );
    expect(again).toBeNull();
    const guarded = await env.database.db.transaction((tx) =>
      transitionRide(tx, {
        rideId,
        from: ['PENDING_BIDS'],
        to: 'NO_DRIVERS_AVAILABLE',
        actor: null,
        guard: eq(rides.dispatchRound, 7),
      }),
    );
    expect(guarded).toBeNull();
    expect(await eventsOf(rideId)).toHaveLength(1);
  });

  it('refuses a move the status machine forbids, as a bug', async () => {
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: customer.user.id, status: 'LOADING' });
    await expect(
      env.database.db.transaction((tx) =>
        transitionRide(tx, { rideId, from: ['LOADING'], to: 'CANCELLED', actor: null }),
      ),
    ).rejects.toThrow(/not in RIDE_TRANSITIONS/);
  });

  it('records the status the ride actually left when another transaction moved it in between', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      driverId: driver.user.id,
      status: 'DRIVER_ARRIVING',
    });
    let releaseFirst: () => void = () => {};
    const firstHolds = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let firstUpdated: () => void = () => {};
    const firstHasUpdated = new Promise<void>((resolve) => {
      firstUpdated = resolve;
    });
    const first = env.database.db.transaction(async (tx) => {
      const result = await transitionRide(tx, {
        rideId,
        from: ['DRIVER_ARRIVING'],
        to: 'PICKUP_ARRIVED',
        actor: { role: 'driver', id: driver.user.id },
      });
      firstUpdated();
      await firstHolds;
      return result;
    });
    await firstHasUpdated;
    const second = env.database.db.transaction((tx) =>
      transitionRide(tx, {
        rideId,
        from: ['DRIVER_ARRIVING', 'PICKUP_ARRIVED'],
        to: 'CANCELLED',
        actor: { role: 'customer', id: customer.user.id },
      }),
    );
    // The second transaction is now waiting on the first one's row lock.
    await new Promise((r) => setTimeout(r, 100));
    releaseFirst();
    expect(await first).toMatchObject({ fromStatus: 'DRIVER_ARRIVING' });
    expect(await second).toMatchObject({ fromStatus: 'PICKUP_ARRIVED', ride: { status: 'CANCELLED' } });
    expect((await eventsOf(rideId)).map((e) => [e.fromStatus, e.toStatus])).toEqual([
      ['DRIVER_ARRIVING', 'PICKUP_ARRIVED'],
      ['PICKUP_ARRIVED', 'CANCELLED'],
    ]);
  });

  it('answers DRIVER_BUSY when the driver already holds an active ride', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    await insertRide(env, { customerId: customer.user.id, driverId: driver.user.id, status: 'LOADING' });
    const rideId = await insertRide(env, { customerId: customer.user.id });
    const attempt = env.database.db.transaction((tx) =>
      transitionRide(tx, {
        rideId,
        from: ['PENDING_BIDS'],
        to: 'BID_ACCEPTED',
        actor: null,
        set: { driverId: driver.user.id },
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'DRIVER_BUSY', status: 409 });
    expect(await eventsOf(rideId)).toHaveLength(0);
  });
});
