import { randomUUID } from 'node:crypto';
import { drivers, payments } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import {
  balance,
  completedRide,
  expectLedgerConsistent,
  flouciIdOf,
  pay,
  paymentReaches,
  postingsOf,
  postWebhook,
  startPaymentWorker,
  sweepPaymentsNow,
  topUp,
} from '#test/payment-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { customerWallet, driverWallet } from '../wallet/ledger';

const MINIMUM = -50_000;
let env: TestEnvironment;
let worker: { close(): Promise<void> };
beforeAll(async () => {
  env = await createTestEnvironment({ DRIVER_MIN_BALANCE_MILLIMES: String(MINIMUM) });
  worker = await startPaymentWorker(env);
});
afterAll(async () => {
  await worker?.close();
  await env?.close();
});

const setOnline = (driver: TestAccount, online: boolean) =>
  call(env.app, 'PATCH', '/api/drivers/me/availability', { token: driver.accessToken, body: { online } });
const isOnline = async (driverId: string) =>
  (await env.database.db.select().from(drivers).where(eq(drivers.id, driverId)))[0]?.isOnline;
const getPayment = (token: string, paymentId: string) =>
  call(env.app, 'GET', `/api/payments/${paymentId}`, { token });

/**
 * A driver in debt the way it happens in production: a customer pays a completed ride in cash, the
 * driver confirms it, and the commission the driver now owes is posted.
 */
async function driverOwingCashCommission(price: number, commissionRateBps: number) {
  const ride = await completedRide(env, { price, commissionRateBps });
  const cash = await pay(env, ride.customer.accessToken, { rideId: ride.rideId, method: 'CASH' });
  expect(cash.status).toBe(201);
  // The driver confirms the cash was received, which posts the commission (docs/MONEY.md, Cash).
  const confirmed = await call(env.app, 'POST', `/api/rides/${ride.rideId}/payments/cash/confirm`, {
    token: ride.driver.accessToken,
  });
  expect(confirmed.status).toBe(200);
  await paymentReaches(env, ride.customer.accessToken, cash.body.id, 'SUCCEEDED');
  return ride;
}

describe('driver top-ups', () => {
  it('settles a driver’s cash-commission debt through Flouci once, webhook replays included, and lets them go online', async () => {
    // 400 TND at 15%: the driver owes 60 TND, 10 TND more than the minimum allows.
    const { driver, customer } = await driverOwingCashCommission(400_000, 1500);
    expect(await balance(env, driverWallet(driver.user.id))).toBe(-60_000);
    const refused = await setOnline(driver, true);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'BALANCE_BELOW_MINIMUM',
      details: { balance: -60_000, shortfall: 10_000 },
    });

    const key = randomUUID();
    const [first, retry] = await Promise.all([
      topUp(env, driver.accessToken, 10_000, key),
      topUp(env, driver.accessToken, 10_000, key),
    ]);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(first.body).toMatchObject({
      purpose: 'TOP_UP',
      method: 'FLOUCI',
      amount: 10_000,
      rideId: null,
      status: 'PENDING',
    });
    const providerId = flouciIdOf(env, first.body.id);
    expect(first.body.redirectUrl).toBe(`${env.flouci.url}/pay/${providerId}`);
    expect(env.flouci.payments.get(providerId)).toMatchObject({ amount: 10_000, trackingId: first.body.id });
    const [row] = await env.database.db.select().from(payments).where(eq(payments.id, first.body.id));
    expect(row).toMatchObject({ driverId: driver.user.id, customerId: null });

    // Before the driver pays at Flouci, a webhook (forged with the real id, say) credits nothing.
    expect((await postWebhook(env, providerId)).body.status).toBe('PENDING');
    expect(await postingsOf(env, first.body.id)).toEqual([]);
    expect((await setOnline(driver, true)).status).toBe(409);

    await env.flouci.pay(providerId);
    const deliveries = await Promise.all([postWebhook(env, providerId), postWebhook(env, providerId)]);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
    await paymentReaches(env, driver.accessToken, first.body.id, 'SUCCEEDED');
    expect((await postWebhook(env, providerId)).body.status).toBe('SUCCEEDED');
    await new Promise((r) => setTimeout(r, 300));

    expect(await postingsOf(env, first.body.id)).toEqual([
      {
        kind: 'TOP_UP',
        idempotencyKey: `payment:${first.body.id}:settle`,
        entries: [
          { kind: 'DRIVER_WALLET', amount: 10_000 },
          { kind: 'FLOUCI_CLEARING', amount: -10_000 },
        ],
      },
    ]);
    const wallet = await call(env.app, 'GET', '/api/wallet', { token: driver.accessToken });
    expect(wallet.body).toMatchObject({ balance: -50_000 });
    // The customer who paid the ride in cash was not touched by the driver's top-up.
    expect(await balance(env, customerWallet(customer.user.id))).toBe(0);

    // Exactly the minimum is enough.
    expect((await setOnline(driver, true)).status).toBe(200);
    expect(await isOnline(driver.user.id)).toBe(true);
  });

  it('shows a driver’s top-up to that driver only', async () => {
    const { driver, customer } = await driverOwingCashCommission(100_000, 1500);
    const created = await topUp(env, driver.accessToken, 15_000);
    expect(created.status).toBe(201);
    const own = await getPayment(driver.accessToken, created.body.id);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: created.body.id, purpose: 'TOP_UP', amount: 15_000 });

    const otherDriver = await registerDriver(env, { verified: true });
    // Neither another driver, nor the customer of the driver's ride, nor an unrelated customer sees it.
    for (const stranger of [otherDriver, customer, await registerCustomer(env)]) {
      const response = await getPayment(stranger.accessToken, created.body.id);
      expect(response.status).toBe(404);
      expect(response.body.error?.code).toBe('NOT_FOUND');
      expect(JSON.stringify(response.body)).not.toContain('15000');
    }
    const admin = await loginAdmin(env);
    expect((await getPayment(admin.accessToken, created.body.id)).status).toBe(403);
    expect((await topUp(env, admin.accessToken, 15_000)).status).toBe(403);
  });

  it('keeps Idempotency-Keys per account: a customer and a driver with one key each get their own top-up', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const key = randomUUID();
    const [forCustomer, forDriver] = await Promise.all([
      topUp(env, customer.accessToken, 20_000, key),
      topUp(env, driver.accessToken, 20_000, key),
    ]);
    expect([forCustomer.status, forDriver.status]).toEqual([201, 201]);
    expect(forCustomer.body.id).not.toBe(forDriver.body.id);
    expect(forCustomer.headers['idempotent-replayed']).toBeUndefined();
    expect(forDriver.headers['idempotent-replayed']).toBeUndefined();

    // Same key, another amount, same driver: refused; nothing new is stored.
    const reused = await topUp(env, driver.accessToken, 25_000, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const replay = await topUp(env, driver.accessToken, 20_000, key);
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(forDriver.body.id);
    expect(replay.headers['idempotent-replayed']).toBe('true');

    for (const [account, payment] of [
      [customer, forCustomer],
      [driver, forDriver],
    ] as const) {
      const providerId = flouciIdOf(env, payment.body.id);
      await env.flouci.pay(providerId);
      await postWebhook(env, providerId);
      await paymentReaches(env, account.accessToken, payment.body.id, 'SUCCEEDED');
    }
    expect(await balance(env, customerWallet(customer.user.id))).toBe(20_000);
    expect(await balance(env, driverWallet(driver.user.id))).toBe(20_000);
  });

  it('refuses a driver’s top-up out of bounds or without a key, storing nothing', async () => {
    const driver = await registerDriver(env, { verified: true });
    for (const amount of [999, 2_000_001, 1500.5]) {
      expect((await topUp(env, driver.accessToken, amount)).status).toBe(400);
    }
    const keyless = await topUp(env, driver.accessToken, 5_000, null);
    expect(keyless.status).toBe(400);
    expect(keyless.body.error?.code).toBe('VALIDATION_FAILED');
    const stored = await env.database.db.select().from(payments).where(eq(payments.driverId, driver.user.id));
    expect(stored).toEqual([]);
  });

  it('fails a driver’s top-up Flouci reports as failed, crediting nothing', async () => {
    const { driver } = await driverOwingCashCommission(400_000, 1500);
    const created = await topUp(env, driver.accessToken, 10_000);
    const providerId = flouciIdOf(env, created.body.id);
    await env.flouci.fail(providerId);
    expect((await postWebhook(env, providerId)).body.status).toBe('FAILED');
    expect((await getPayment(driver.accessToken, created.body.id)).body.status).toBe('FAILED');
    expect(await postingsOf(env, created.body.id)).toEqual([]);
    expect(await balance(env, driverWallet(driver.user.id))).toBe(-60_000);
    expect((await setOnline(driver, true)).status).toBe(409);
  });

  it('settles a driver’s top-up whose webhook never came, once the sweep hears from Flouci', async () => {
    const { driver } = await driverOwingCashCommission(400_000, 1500);
    const created = await topUp(env, driver.accessToken, 30_000);
    const providerId = flouciIdOf(env, created.body.id);
    await sweepPaymentsNow(env);
    expect((await getPayment(driver.accessToken, created.body.id)).body.status).toBe('PENDING');

    await env.flouci.pay(providerId);
    await sweepPaymentsNow(env);
    await paymentReaches(env, driver.accessToken, created.body.id, 'SUCCEEDED');
    expect(await balance(env, driverWallet(driver.user.id))).toBe(-30_000);
    expect((await setOnline(driver, true)).status).toBe(200);
  });

  it('still lets only customers pay rides, and the database holds every payment to exactly one payer', async () => {
    const { rideId, driver, customer } = await completedRide(env);
    expect((await pay(env, driver.accessToken, { rideId, method: 'CASH' })).status).toBe(403);

    const row = {
      purpose: 'TOP_UP',
      method: 'FLOUCI' as const,
      amount: 1_000,
      requestHash: 'constraint-check',
    };
    const insert = (values: Partial<typeof payments.$inferInsert>) =>
      env.database.db.insert(payments).values({ ...row, idempotencyKey: randomUUID(), ...values });
    const violated = async (values: Partial<typeof payments.$inferInsert>) => {
      const error = await insert(values).then(
        () => null,
        (e: { cause?: { constraint?: string } }) => e,
      );
      return error?.cause?.constraint;
    };
    expect(await violated({ customerId: customer.user.id, driverId: driver.user.id })).toBe(
      'payments_one_owner',
    );
    expect(await violated({})).toBe('payments_one_owner');
    expect(await violated({ driverId: driver.user.id, purpose: 'RIDE', method: 'CASH', rideId })).toBe(
      'payments_ride_paid_by_customer',
    );
    const key = randomUUID();
    await insert({ driverId: driver.user.id, idempotencyKey: key });
    expect(await violated({ driverId: driver.user.id, idempotencyKey: key })).toBe(
      'payments_driver_idempotency_key',
    );
  });
});

describe('ledger after driver top-ups', () => {
  it('sums to zero, balances match entries, and every top-up credited its own payer', async () => {
    await expectLedgerConsistent(env);
  });
});
