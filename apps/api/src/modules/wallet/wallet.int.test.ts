import { randomUUID } from 'node:crypto';
import { rides } from '@truck4u/database';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { customerWallet, driverWallet, postTransaction } from './ledger';

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment({ DRIVER_MIN_BALANCE_MILLIMES: '-20000' });
});
afterAll(async () => env?.close());

async function completedRide(
  customer: TestAccount,
  driver: TestAccount,
  price: number,
  rateBps: number | null,
  completedAt: Date,
) {
  const [ride] = await env.database.db
    .insert(rides)
    .values({
      customerId: customer.user.id,
      driverId: driver.user.id,
      status: 'COMPLETED',
      pickupLat: 36.8,
      pickupLng: 10.18,
      pickupAddress: 'Avenue Habib Bourguiba, Tunis',
      dropoffLat: 36.86,
      dropoffLng: 10.19,
      dropoffAddress: 'Ariana centre',
      vehicleType: 'SMALL_VAN',
      cargoDescription: 'Sofa',
      cargoWeightKg: 80,
      governorateCode: 'TN-11',
      distanceMeters: 8_000,
      priceEstimate: price,
      price,
      commissionRateBps: rateBps,
      completedAt,
    })
    .returning({ id: rides.id });
  return ride?.id ?? '';
}

describe('wallet', () => {
  it('starts at zero, and shows history newest first with labels, ride references and running balance', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env);
    const empty = await call(env.app, 'GET', '/api/wallet', { token: customer.accessToken });
    expect(empty.body).toEqual({ balance: 0, currency: 'TND' });

    const rideId = await completedRide(customer, driver, 40_000, 1500, new Date());
    await env.database.db.transaction(async (tx) => {
      await postTransaction(tx, {
        kind: 'TOP_UP',
        description: 'Top-up with Flouci',
        idempotencyKey: randomUUID(),
        entries: [
          { account: { kind: 'FLOUCI_CLEARING' }, amount: -100_000 },
          { account: customerWallet(customer.user.id), amount: 100_000 },
        ],
      });
      await postTransaction(tx, {
        kind: 'RIDE_PAYMENT',
        description: 'Ride Tunis → Ariana',
        idempotencyKey: randomUUID(),
        rideId,
        entries: [
          { account: customerWallet(customer.user.id), amount: -40_000 },
          { account: driverWallet(driver.user.id), amount: 34_000 },
          { account: { kind: 'PLATFORM_REVENUE' }, amount: 6_000 },
        ],
      });
    });
    const wallet = await call(env.app, 'GET', '/api/wallet', { token: customer.accessToken });
    expect(wallet.body.balance).toBe(60_000);
    const history = await call(env.app, 'GET', '/api/wallet/transactions', { token: customer.accessToken });
    expect(
      history.body.items.map(
        (i: { label: string; amount: number; balanceAfter: number; rideId: string | null }) => [
          i.label,
          i.amount,
          i.balanceAfter,
          i.rideId,
        ],
      ),
    ).toEqual([
      ['Ride Tunis → Ariana', -40_000, 60_000, rideId],
      ['Top-up with Flouci', 100_000, 100_000, null],
    ]);
    const driverWalletView = await call(env.app, 'GET', '/api/wallet', { token: driver.accessToken });
    expect(driverWalletView.body).toEqual({
      balance: 34_000,
      currency: 'TND',
      minimumBalanceToGoOnline: -20_000,
      // Nothing owed on cash rides: below the default cap (CASH_COMMISSION_CAP_MILLIMES).
      cashCommission: {
        owedMillimes: 0,
        capMillimes: 50_000,
        isCapReached: false,
        topUp: { amountMillimes: 0 },
      },
    });
  });

  it('pages through history with a cursor, and never shows another user’s lines', async () => {
    const customer = await registerCustomer(env);
    const stranger = await registerCustomer(env);
    for (let i = 1; i <= 5; i++) {
      await env.database.db.transaction((tx) =>
        postTransaction(tx, {
          kind: 'TOP_UP',
          description: `Top-up ${i}`,
          idempotencyKey: randomUUID(),
          entries: [
            { account: { kind: 'FLOUCI_CLEARING' }, amount: -1_000 * i },
            { account: customerWallet(customer.user.id), amount: 1_000 * i },
          ],
        }),
      );
    }
    const first = await call(env.app, 'GET', '/api/wallet/transactions?limit=2', {
      token: customer.accessToken,
    });
    expect(first.body.items.map((i: { label: string }) => i.label)).toEqual(['Top-up 5', 'Top-up 4']);
    const second = await call(
      env.app,
      'GET',
      `/api/wallet/transactions?limit=2&cursor=${first.body.nextCursor}`,
      {
        token: customer.accessToken,
      },
    );
    expect(second.body.items.map((i: { label: string }) => i.label)).toEqual(['Top-up 3', 'Top-up 2']);
    const third = await call(
      env.app,
      'GET',
      `/api/wallet/transactions?limit=2&cursor=${second.body.nextCursor}`,
      {
        token: customer.accessToken,
      },
    );
    expect(third.body.items.map((i: { label: string }) => i.label)).toEqual(['Top-up 1']);
    expect(third.body.nextCursor).toBeUndefined();
    const strangers = await call(env.app, 'GET', '/api/wallet/transactions', { token: stranger.accessToken });
    expect(strangers.body.items).toEqual([]);
  });

  it('is for customers and drivers only', async () => {
    expect((await call(env.app, 'GET', '/api/wallet')).status).toBe(401);
  });
});

/** An instant given as Tunis wall-clock time (Tunisia is UTC+01:00 all year). */
const tunis = (local: string) => new Date(`${local}+01:00`);

describe('driver earnings', () => {
  afterEach(() => env.clock.release());

  async function earningsAt(now: Date, driver: TestAccount) {
    env.clock.pin(now);
    const response = await call(env.app, 'GET', '/api/drivers/me/earnings', { token: driver.accessToken });
    expect(response.status).toBe(200);
    return response.body;
  }

  it('sums gross, commission and net for today, this week and this month, at each ride’s fixed rate', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env);
    const other = await registerDriver(env);
    const now = tunis('2026-12-16T15:00:00'); // a Wednesday in mid-month
    await completedRide(customer, driver, 50_000, 1500, now);
    await completedRide(customer, driver, 33_333, 1200, new Date(now.getTime() - 60_000));
    await completedRide(customer, other, 99_000, 1500, now);
    const body = await earningsAt(now, driver);
    expect(body.today).toEqual({ rides: 2, gross: 83_333, commission: 7_500 + 4_000, net: 83_333 - 11_500 });
    expect(body.week).toEqual(body.today);
    expect(body.month).toEqual(body.today);
    expect(body.rides[0]).toMatchObject({
      gross: 50_000,
      commission: 7_500,
      net: 42_500,
      commissionRateBps: 1500,
    });
    const customerTry = await call(env.app, 'GET', '/api/drivers/me/earnings', {
      token: customer.accessToken,
    });
    expect(customerTry.status).toBe(403);
  });

  it('keeps the days of this week that fall in the previous month in the weekly total', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env);
    // Tuesday 1 December: the week began on Monday 30 November.
    await completedRide(customer, driver, 1_000, 1000, tunis('2026-11-29T23:59:00')); // Sunday: last week
    await completedRide(customer, driver, 10_000, 1000, tunis('2026-11-30T12:00:00')); // Monday: week only
    await completedRide(customer, driver, 20_000, 1000, tunis('2026-11-30T23:59:00')); // Monday night: week only
    await completedRide(customer, driver, 40_000, 1000, tunis('2026-12-01T00:30:00')); // today
    const body = await earningsAt(tunis('2026-12-01T10:00:00'), driver);
    expect(body.today.gross).toBe(40_000);
    expect(body.week).toMatchObject({ rides: 3, gross: 70_000 });
    expect(body.month).toMatchObject({ rides: 1, gross: 40_000 });
    expect(body.rides.map((r: { gross: number }) => r.gross)).toEqual([40_000, 20_000, 10_000]);
  });

  it('starts the week at Monday 00:00 Tunis time: Sunday 23:59 belongs to the week before', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env);
    await completedRide(customer, driver, 10_000, 1000, tunis('2026-12-06T23:59:59')); // Sunday
    const onSundayNight = await earningsAt(tunis('2026-12-06T23:59:59'), driver);
    expect(onSundayNight.today.gross).toBe(10_000);
    expect(onSundayNight.week.gross).toBe(10_000);
    await completedRide(customer, driver, 20_000, 1000, tunis('2026-12-07T00:00:00')); // Monday 00:00
    const atMondayMidnight = await earningsAt(tunis('2026-12-07T00:00:00'), driver);
    expect(atMondayMidnight.today.gross).toBe(20_000);
    expect(atMondayMidnight.week.gross).toBe(20_000);
    expect(atMondayMidnight.month.gross).toBe(30_000);
  });

  it('closes the month and the year at midnight Tunis time, not midnight UTC', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env);
    await completedRide(customer, driver, 10_000, 1000, tunis('2026-12-31T23:59:00')); // 22:59 UTC
    const lastDay = await earningsAt(tunis('2026-12-31T23:59:30'), driver);
    expect(lastDay.today).toMatchObject({ rides: 1, gross: 10_000 });
    expect(lastDay.month).toMatchObject({ rides: 1, gross: 10_000 });
    await completedRide(customer, driver, 20_000, 1000, tunis('2027-01-01T00:01:00')); // still 31 Dec in UTC
    // Friday 1 January 2027, 00:05: its week began Monday 28 December 2026.
    const newYear = await earningsAt(tunis('2027-01-01T00:05:00'), driver);
    expect(newYear.today).toMatchObject({ rides: 1, gross: 20_000 });
    expect(newYear.month).toMatchObject({ rides: 1, gross: 20_000 });
    expect(newYear.week).toMatchObject({ rides: 2, gross: 30_000 });
  });

  it('counts a ride on the first day of a month in today, this week and this month', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env);
    await completedRide(customer, driver, 10_000, 1000, tunis('2027-02-28T23:00:00')); // last day of February
    await completedRide(customer, driver, 20_000, 1000, tunis('2027-03-01T08:00:00')); // Monday 1 March
    const body = await earningsAt(tunis('2027-03-01T09:00:00'), driver);
    expect(body.today.gross).toBe(20_000);
    expect(body.week.gross).toBe(20_000);
    expect(body.month.gross).toBe(20_000);
    expect(body.rides).toHaveLength(1);
  });
});
