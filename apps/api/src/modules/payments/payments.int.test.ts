import { randomUUID } from 'node:crypto';
import { payments } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer } from '#test/factories';
import { freePort } from '#test/free-port';
import { call } from '#test/http-client';
import * as fixtures from '#test/payment-fixtures';
import {
  balance,
  completedRide,
  expectLedgerConsistent,
  fundWallet,
  ledgerTransactionCount,
  paymentReaches,
  postingsOf,
  postWebhook,
  startPaymentWorker,
} from '#test/payment-fixtures';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { startFlouciStandIn } from '../../providers/flouci/flouci-stand-in';
import { customerWallet, driverWallet, ledgerTotal } from '../wallet/ledger';

let env: TestEnvironment;
let worker: { close(): Promise<void> };
beforeAll(async () => {
  env = await createTestEnvironment();
  worker = await startPaymentWorker(env);
});
afterAll(async () => {
  await worker?.close();
  await env?.close();
});

const pay = (token: string, body: Record<string, unknown>, key?: string | null) =>
  fixtures.pay(env, token, body, key);
const PLATFORM = { kind: 'PLATFORM_REVENUE' } as const;
const FLOUCI = { kind: 'FLOUCI_CLEARING' } as const;

async function paymentRowsOf(rideId: string) {
  return env.database.db.select().from(payments).where(eq(payments.rideId, rideId));
}

describe('POST /api/payments', () => {
  it('requires an Idempotency-Key header', async () => {
    const { rideId, customer } = await completedRide(env);
    const response = await pay(customer.accessToken, { rideId, method: 'CASH' }, null);
    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe('VALIDATION_FAILED');
    expect(await paymentRowsOf(rideId)).toHaveLength(0);
  });

  it('records once for 50 concurrent requests with one key, and settles cash at the ride’s 12% once the driver confirms', async () => {
    const { rideId, customer, driver } = await completedRide(env, { price: 45_000, commissionRateBps: 1200 });
    const platformBefore = await balance(env, PLATFORM);
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => pay(customer.accessToken, { rideId, method: 'CASH' }, key)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
    expect(await paymentRowsOf(rideId)).toHaveLength(1);

    const paymentId = responses[0]?.body.id ?? '';
    // Declared cash is never settled by the worker: it waits for the driver to say the cash was received.
    await new Promise((r) => setTimeout(r, 300));
    expect(await postingsOf(env, paymentId)).toEqual([]);
    const confirmed = await call(env.app, 'POST', `/api/rides/${rideId}/payments/cash/confirm`, {
      token: driver.accessToken,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ id: paymentId, status: 'SUCCEEDED' });
    await paymentReaches(env, customer.accessToken, paymentId, 'SUCCEEDED');
    // The driver already holds the 45 TND in cash and owes 12% of it: 5.400 TND.
    expect(await postingsOf(env, paymentId)).toEqual([
      {
        kind: 'CASH_COMMISSION',
        idempotencyKey: `payment:${paymentId}:settle`,
        entries: [
          { kind: 'DRIVER_WALLET', amount: -5_400 },
          { kind: 'PLATFORM_REVENUE', amount: 5_400 },
        ],
      },
    ]);
    expect(await balance(env, driverWallet(driver.user.id))).toBe(-5_400);
    expect((await balance(env, PLATFORM)) - platformBefore).toBe(5_400);

    // Asking again after settlement still answers with the one payment.
    const again = await pay(customer.accessToken, { rideId, method: 'CASH' }, key);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: paymentId, status: 'SUCCEEDED', amount: 45_000 });
  });

  it('lets exactly one of 50 different keys pay a ride', async () => {
    const { rideId, customer, driver } = await completedRide(env, { price: 30_000, commissionRateBps: 1500 });
    await fundWallet(env, customer.user.id, 1_000_000);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => pay(customer.accessToken, { rideId, method: 'WALLET' })),
    );
    const created = responses.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409).map((r) => r.body.error?.code)).toEqual(
      Array(49).fill('CONFLICT'),
    );
    await paymentReaches(env, customer.accessToken, created[0]?.body.id ?? '', 'SUCCEEDED');
    expect(await paymentRowsOf(rideId)).toHaveLength(1);
    expect(await balance(env, customerWallet(customer.user.id))).toBe(1_000_000 - 30_000);
    expect(await balance(env, driverWallet(driver.user.id))).toBe(25_500);

    // Paid is paid: a later attempt with a new key is refused as well.
    const late = await pay(customer.accessToken, { rideId, method: 'CASH' });
    expect(late.status).toBe(409);
  });

  it('refuses a key reused for a different request with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const first = await completedRide(env);
    const second = await completedRide(env, { customer: first.customer });
    const key = randomUUID();
    expect(
      (await pay(first.customer.accessToken, { rideId: first.rideId, method: 'CASH' }, key)).status,
    ).toBe(201);
    const otherMethod = await pay(
      first.customer.accessToken,
      { rideId: first.rideId, method: 'FLOUCI' },
      key,
    );
    expect(otherMethod.status).toBe(422);
    expect(otherMethod.body.error?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherRide = await pay(first.customer.accessToken, { rideId: second.rideId, method: 'CASH' }, key);
    expect(otherRide.status).toBe(422);
    expect(await paymentRowsOf(second.rideId)).toHaveLength(0);
  });

  it('settles a wallet payment: customer pays the price, driver gets price less 12%, platform the 12%', async () => {
    const { rideId, customer, driver } = await completedRide(env, { price: 12_345, commissionRateBps: 1200 });
    await fundWallet(env, customer.user.id, 20_000);
    const platformBefore = await balance(env, PLATFORM);
    const response = await pay(customer.accessToken, { rideId, method: 'WALLET' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ rideId, method: 'WALLET', amount: 12_345, status: 'PENDING' });
    await paymentReaches(env, customer.accessToken, response.body.id, 'SUCCEEDED');
    // 12_345 × 12% = 1_481.4 → 1_481 millimes.
    expect(await postingsOf(env, response.body.id)).toEqual([
      {
        kind: 'RIDE_PAYMENT',
        idempotencyKey: `payment:${response.body.id}:settle`,
        entries: [
          { kind: 'CUSTOMER_WALLET', amount: -12_345 },
          { kind: 'DRIVER_WALLET', amount: 10_864 },
          { kind: 'PLATFORM_REVENUE', amount: 1_481 },
        ],
      },
    ]);
    expect(await balance(env, customerWallet(customer.user.id))).toBe(7_655);
    expect(await balance(env, driverWallet(driver.user.id))).toBe(10_864);
    expect((await balance(env, PLATFORM)) - platformBefore).toBe(1_481);
    expect(await ledgerTotal(env.database.db)).toBe(0);
  });

  it('answers 409 INSUFFICIENT_FUNDS when the wallet cannot cover the ride, counting unsettled payments', async () => {
    const customer = await registerCustomer(env);
    const a = await completedRide(env, { price: 15_000, customer });
    const b = await completedRide(env, { price: 15_000, customer });
    const poor = await pay(customer.accessToken, { rideId: a.rideId, method: 'WALLET' });
    expect(poor.status).toBe(409);
    expect(poor.body.error?.code).toBe('INSUFFICIENT_FUNDS');
    expect(await paymentRowsOf(a.rideId)).toHaveLength(0);

    await fundWallet(env, customer.user.id, 20_000);
    const [first, second] = await Promise.all([
      pay(customer.accessToken, { rideId: a.rideId, method: 'WALLET' }),
      pay(customer.accessToken, { rideId: b.rideId, method: 'WALLET' }),
    ]);
    // Both may pass the check at the same instant; then the worker fails the one the wallet cannot cover.
    const statuses = await Promise.all(
      [first, second]
        .filter((r) => r?.status === 201)
        .map(async (r) => {
          const id = r?.body.id ?? '';
          await fixtures.paymentSettles(env, customer.accessToken, id);
          return (await call(env.app, 'GET', `/api/payments/${id}`, { token: customer.accessToken })).body
            .status;
        }),
    );
    expect(statuses.filter((s) => s === 'SUCCEEDED')).toHaveLength(1);
    expect(await balance(env, customerWallet(customer.user.id))).toBe(5_000);
  });

  it('only lets the ride’s customer pay, and only an accepted ride', async () => {
    const { rideId, driver } = await completedRide(env);
    const stranger = await registerCustomer(env);
    const foreign = await pay(stranger.accessToken, { rideId, method: 'CASH' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error?.code).toBe('NOT_FOUND');
    expect((await pay(driver.accessToken, { rideId, method: 'CASH' })).status).toBe(403);
    const unknown = await pay(stranger.accessToken, { rideId: randomUUID(), method: 'CASH' });
    expect(unknown.status).toBe(404);

    // Before a bid is accepted there is no price; a cancelled ride is not paid (docs/MONEY.md, Held payments).
    for (const status of ['PENDING_BIDS', 'CANCELLED'] as const) {
      const notPayable = await insertRide(env, {
        customerId: stranger.user.id,
        driverId: status === 'CANCELLED' ? driver.user.id : null,
        status,
        ...(status === 'CANCELLED' ? { price: 20_000 } : {}),
        commissionRateBps: 1500,
      });
      const early = await pay(stranger.accessToken, { rideId: notPayable, method: 'WALLET' });
      expect(early.status).toBe(409);
      expect(await paymentRowsOf(notPayable)).toHaveLength(0);
    }
    expect(await paymentRowsOf(rideId)).toHaveLength(0);
  });
});

describe('GET /api/payments/:id', () => {
  it('shows a payment to its owner only', async () => {
    const { rideId, customer } = await completedRide(env);
    const created = await pay(customer.accessToken, { rideId, method: 'CASH' });
    const own = await call(env.app, 'GET', `/api/payments/${created.body.id}`, {
      token: customer.accessToken,
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: created.body.id, rideId, method: 'CASH', amount: 45_000 });
    const stranger = await registerCustomer(env);
    const other = await call(env.app, 'GET', `/api/payments/${created.body.id}`, {
      token: stranger.accessToken,
    });
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain(rideId);
  });
});

describe('Flouci', () => {
  it('settles a ride paid through Flouci once, however often the webhook comes', async () => {
    const { rideId, customer, driver } = await completedRide(env, { price: 50_000, commissionRateBps: 1200 });
    const flouciBefore = await balance(env, FLOUCI);
    const created = await pay(customer.accessToken, { rideId, method: 'FLOUCI' });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('PENDING');
    const flouciPayment = env.flouci.lastPayment();
    expect(flouciPayment).toMatchObject({ amount: 50_000, trackingId: created.body.id });
    expect(created.body.redirectUrl).toBe(`${env.flouci.url}/pay/${flouciPayment?.id}`);
    const providerId = flouciPayment?.id ?? '';

    // A webhook before the customer has paid (e.g. forged with a real id) changes nothing.
    const early = await postWebhook(env, providerId);
    expect(early.status).toBe(200);
    expect(early.body.status).toBe('PENDING');
    await env.flouci.pay(providerId);
    const deliveries = await Promise.all(Array.from({ length: 5 }, () => postWebhook(env, providerId)));
    expect(deliveries.map((d) => d.status)).toEqual(Array(5).fill(200));
    await paymentReaches(env, customer.accessToken, created.body.id, 'SUCCEEDED');
    const late = await postWebhook(env, providerId);
    expect(late.body.status).toBe('SUCCEEDED');

    expect(await postingsOf(env, created.body.id)).toEqual([
      {
        kind: 'RIDE_PAYMENT',
        idempotencyKey: `payment:${created.body.id}:settle`,
        entries: [
          { kind: 'DRIVER_WALLET', amount: 44_000 },
          { kind: 'FLOUCI_CLEARING', amount: -50_000 },
          { kind: 'PLATFORM_REVENUE', amount: 6_000 },
        ],
      },
    ]);
    expect(await balance(env, driverWallet(driver.user.id))).toBe(44_000);
    expect((await balance(env, FLOUCI)) - flouciBefore).toBe(-50_000);
  });

  it('gives every retry of one Flouci request the same page', async () => {
    const { rideId, customer } = await completedRide(env);
    const key = randomUUID();
    const before = env.flouci.payments.size;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => pay(customer.accessToken, { rideId, method: 'FLOUCI' }, key)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(env.flouci.payments.size).toBe(before + 1);
    const links = new Set(responses.map((r) => r.body.redirectUrl));
    expect([...links]).toEqual([`${env.flouci.url}/pay/${env.flouci.lastPayment()?.id}`]);
  });

  it('rejects a webhook for a payment id Flouci never gave us, posting nothing', async () => {
    const before = await ledgerTransactionCount(env);
    const forged = await postWebhook(env, 'not-a-flouci-payment-0001');
    expect(forged.status).toBe(404);
    // Known to neither side, and an id Flouci has but we never asked for: both are unknown to us.
    const { rideId, customer } = await completedRide(env);
    await pay(customer.accessToken, { rideId, method: 'FLOUCI' });
    const ours = env.flouci.lastPayment()?.id ?? '';
    const stray = await postWebhook(env, `${ours}ff`);
    expect(stray.status).toBe(404);
    expect(await ledgerTransactionCount(env)).toBe(before);
  });

  it('fails a payment whose amount or reference at Flouci differs from ours, posting nothing', async () => {
    const before = await ledgerTransactionCount(env);
    for (const change of [{ amount: 1_000 }, { trackingId: randomUUID() }]) {
      const { rideId, customer } = await completedRide(env, { price: 40_000 });
      const created = await pay(customer.accessToken, { rideId, method: 'FLOUCI' });
      const providerId = env.flouci.lastPayment()?.id ?? '';
      await env.flouci.pay(providerId);
      env.flouci.tamper(providerId, change);
      const response = await postWebhook(env, providerId);
      expect(response.status).toBe(409);
      expect(response.body.error?.code).toBe('CONFLICT');
      const replay = await postWebhook(env, providerId);
      expect(replay.body.status).toBe('FAILED');
      const payment = await paymentReaches(env, customer.accessToken, created.body.id, 'FAILED');
      expect(payment.failureReason).toMatch(/different amount or reference/);
      // The ride may be paid again, with a new key.
      expect((await pay(customer.accessToken, { rideId, method: 'CASH' })).status).toBe(201);
    }
    await new Promise((r) => setTimeout(r, 300));
    // The cash payments that followed wait for their drivers' confirmation: nothing was posted at all.
    expect((await ledgerTransactionCount(env)) - before).toBe(0);
  });

  it('marks a payment Flouci reports as failed FAILED, and frees the ride', async () => {
    const { rideId, customer } = await completedRide(env);
    const created = await pay(customer.accessToken, { rideId, method: 'FLOUCI' });
    const providerId = env.flouci.lastPayment()?.id ?? '';
    await env.flouci.fail(providerId);
    expect((await postWebhook(env, providerId)).body.status).toBe('FAILED');
    expect(await postingsOf(env, created.body.id)).toEqual([]);
    expect((await pay(customer.accessToken, { rideId, method: 'CASH' })).status).toBe(201);
  });
});

describe('POST /api/wallet/top-ups', () => {
  it('credits the wallet once when Flouci confirms the top-up, webhook replays included', async () => {
    const customer = await registerCustomer(env);
    const key = randomUUID();
    const topUp = () =>
      call(env.app, 'POST', '/api/wallet/top-ups', {
        token: customer.accessToken,
        body: { amount: 25_000 },
        headers: { 'idempotency-key': key },
      });
    const [first, repeat] = await Promise.all([topUp(), topUp()]);
    expect(first.status).toBe(201);
    expect(repeat.status).toBe(201);
    expect(repeat.body.id).toBe(first.body.id);
    expect(first.body).toMatchObject({ purpose: 'TOP_UP', method: 'FLOUCI', amount: 25_000, rideId: null });
    expect(env.flouci.payments.size).toBeGreaterThan(0);
    const providerId =
      [...env.flouci.payments.values()].find((p) => p.trackingId === first.body.id)?.id ?? '';
    expect(providerId).not.toBe('');
    const mismatched = await call(env.app, 'POST', '/api/wallet/top-ups', {
      token: customer.accessToken,
      body: { amount: 30_000 },
      headers: { 'idempotency-key': key },
    });
    expect(mismatched.status).toBe(422);

    await env.flouci.pay(providerId);
    await Promise.all([
      postWebhook(env, providerId),
      postWebhook(env, providerId),
      postWebhook(env, providerId),
    ]);
    await paymentReaches(env, customer.accessToken, first.body.id, 'SUCCEEDED');
    await postWebhook(env, providerId);
    await new Promise((r) => setTimeout(r, 300));
    expect(await balance(env, customerWallet(customer.user.id))).toBe(25_000);
    expect(await postingsOf(env, first.body.id)).toEqual([
      {
        kind: 'TOP_UP',
        idempotencyKey: `payment:${first.body.id}:settle`,
        entries: [
          { kind: 'CUSTOMER_WALLET', amount: 25_000 },
          { kind: 'FLOUCI_CLEARING', amount: -25_000 },
        ],
      },
    ]);
  });

  it('refuses amounts out of bounds', async () => {
    const customer = await registerCustomer(env);
    for (const amount of [999, 2_000_001, 1500.5]) {
      const response = await call(env.app, 'POST', '/api/wallet/top-ups', {
        token: customer.accessToken,
        body: { amount },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(response.status).toBe(400);
    }
  });
});

describe('payment sweep', () => {
  const sweepNow = () => fixtures.sweepPaymentsNow(env);

  it('settles a Flouci payment whose webhook never came, once Flouci confirms it', async () => {
    const { rideId, customer, driver } = await completedRide(env, { price: 20_000, commissionRateBps: 1000 });
    const created = await pay(customer.accessToken, { rideId, method: 'FLOUCI' });
    const providerId = env.flouci.lastPayment()?.id ?? '';
    await sweepNow();
    expect(
      (await call(env.app, 'GET', `/api/payments/${created.body.id}`, { token: customer.accessToken })).body
        .status,
    ).toBe('PENDING');
    expect(await postingsOf(env, created.body.id)).toEqual([]);

    await env.flouci.pay(providerId);
    await sweepNow();
    await paymentReaches(env, customer.accessToken, created.body.id, 'SUCCEEDED');
    expect(await balance(env, driverWallet(driver.user.id))).toBe(18_000);
  });

  it('settles a wallet payment whose job never reached the queue', async () => {
    const { rideId, customer, driver } = await completedRide(env, { price: 10_000, commissionRateBps: 1500 });
    await fundWallet(env, customer.user.id, 10_000);
    // As if the api had died between recording the payment and queuing its settlement.
    const [row] = await env.database.db
      .insert(payments)
      .values({
        customerId: customer.user.id,
        rideId,
        purpose: 'RIDE',
        method: 'WALLET',
        amount: 10_000,
        idempotencyKey: randomUUID(),
        requestHash: 'lost-job',
      })
      .returning();
    await sweepNow();
    await paymentReaches(env, customer.accessToken, row?.id ?? '', 'SUCCEEDED');
    expect(await balance(env, driverWallet(driver.user.id))).toBe(8_500);
  });
});

describe('Flouci over the wire', () => {
  it('settles when the customer pays on the hosted page and Flouci posts the webhook itself', async () => {
    // A stand-in that delivers webhooks, and an api listening where its PUBLIC_API_URL says.
    const flouci = await startFlouciStandIn({
      appToken: env.config.flouci.appToken,
      appSecret: env.config.flouci.appSecret,
    });
    try {
      const port = await freePort();
      const api = await env.startInstance({
        PUBLIC_API_URL: `http://127.0.0.1:${port}`,
        FLOUCI_BASE_URL: flouci.url,
      });
      await api.app.listen({ host: '127.0.0.1', port });
      const { rideId, customer, driver } = await completedRide(env, {
        price: 33_333,
        commissionRateBps: 1200,
      });
      const created = await call(api.app, 'POST', '/api/payments', {
        token: customer.accessToken,
        body: { rideId, method: 'FLOUCI' },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(created.status).toBe(201);
      expect(flouci.lastPayment()?.webhookUrl).toBe(`http://127.0.0.1:${port}/api/payments/flouci/webhook`);

      const page = await fetch(`${created.body.redirectUrl}/confirm`, { method: 'POST', redirect: 'manual' });
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toContain(`/payments/${created.body.id}?result=success`);
      await paymentReaches(env, customer.accessToken, created.body.id, 'SUCCEEDED');
      // 33_333 × 12% = 3_999.96 → 4_000.
      expect(await balance(env, driverWallet(driver.user.id))).toBe(29_333);
    } finally {
      await flouci.close();
    }
  });
});

describe('ledger after all of the above', () => {
  it('sums to zero, balances match entries, and every payment posting belongs to a succeeded payment, once', async () => {
    await expectLedgerConsistent(env);
  });
});
