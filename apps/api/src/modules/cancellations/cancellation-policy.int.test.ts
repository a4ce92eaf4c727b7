import { rideCancellations, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { fundWallet } from '#test/payment-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { balanceOf, customerWallet, driverWallet, ledgerTotal } from '../wallet/ledger';
import { applyCancellationPolicy, type CancellationRules } from './cancellation-policy';

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => env?.close());

const rules: CancellationRules = {
  graceMs: 300_000,
  feeMillimes: 5_000,
  strikeLimit: 3,
  strikeWindowDays: 30,
};

async function acceptedRide(customer: TestAccount, driver: TestAccount, acceptedMsAgo: number) {
  const [ride] = await env.database.db
    .insert(rides)
    .values({
      customerId: customer.user.id,
      driverId: driver.user.id,
      status: 'CANCELLED',
      pickupLat: 36.8,
      pickupLng: 10.18,
      pickupAddress: 'Tunis',
      dropoffLat: 36.86,
      dropoffLng: 10.19,
      dropoffAddress: 'Ariana',
      vehicleType: 'SMALL_VAN',
      cargoDescription: 'Boxes',
      cargoWeightKg: 100,
      governorateCode: 'TN-11',
      distanceMeters: 8_000,
      priceEstimate: 30_000,
      price: 30_000,
      commissionRateBps: 2000,
      acceptedAt: new Date(Date.now() - acceptedMsAgo),
    })
    .returning();
  if (!ride) throw new Error('insert failed');
  return {
    id: ride.id,
    customerId: ride.customerId,
    driverId: ride.driverId,
    governorateCode: ride.governorateCode,
    commissionRateBps: ride.commissionRateBps,
    acceptedAt: ride.acceptedAt,
    previousStatus: 'DRIVER_ARRIVING' as const,
  };
}

describe('cancellation policy', () => {
  it('charges nothing within the grace period after acceptance', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env);
    await fundWallet(env, customer.user.id, 10_000);
    const ride = await acceptedRide(customer, driver, 60_000);
    const outcome = await env.database.db.transaction((tx) =>
      applyCancellationPolicy(tx, ride, { role: 'customer', id: customer.user.id }, 'changed my mind', rules),
    );
    expect(outcome).toEqual({ fee: 0, feeStatus: 'NONE', strike: false, isDriverOverStrikeLimit: false });
    expect(await balanceOf(env.database.db, customerWallet(customer.user.id))).toBe(10_000);
  });

  it('charges the fee after the grace period: to the driver, less the ride’s commission', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env);
    await fundWallet(env, customer.user.id, 10_000);
    const ride = await acceptedRide(customer, driver, 6 * 60_000);
    const outcome = await env.database.db.transaction((tx) =>
      applyCancellationPolicy(tx, ride, { role: 'customer', id: customer.user.id }, 'too late', rules),
    );
    expect(outcome).toMatchObject({ fee: 5_000, feeStatus: 'CHARGED' });
    expect(await balanceOf(env.database.db, customerWallet(customer.user.id))).toBe(5_000);
    expect(await balanceOf(env.database.db, driverWallet(driver.user.id))).toBe(4_000);
    const [record] = await env.database.db
      .select()
      .from(rideCancellations)
      .where(eq(rideCancellations.rideId, ride.id));
    expect(record).toMatchObject({
      actorRole: 'customer',
      reason: 'too late',
      fee: 5_000,
      feeStatus: 'CHARGED',
      statusAtCancellation: 'DRIVER_ARRIVING',
    });
    expect(await ledgerTotal(env.database.db)).toBe(0);
  });

  it('records an unpaid fee when the wallet is short, and still cancels', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env);
    const ride = await acceptedRide(customer, driver, 10 * 60_000);
    const outcome = await env.database.db.transaction((tx) =>
      applyCancellationPolicy(tx, ride, { role: 'customer', id: customer.user.id }, undefined, rules),
    );
    expect(outcome).toMatchObject({ fee: 5_000, feeStatus: 'UNPAID' });
    expect(await balanceOf(env.database.db, driverWallet(driver.user.id))).toBe(0);
  });

  it('gives a driver a strike per cancelled accepted ride and flags the third within the window', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env);
    const flags: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const ride = await acceptedRide(customer, driver, 60_000);
      const outcome = await env.database.db.transaction((tx) =>
        applyCancellationPolicy(tx, ride, { role: 'driver', id: driver.user.id }, 'truck broke down', rules),
      );
      expect(outcome.strike).toBe(true);
      flags.push(outcome.isDriverOverStrikeLimit);
    }
    expect(flags).toEqual([false, false, true]);
  });
});
