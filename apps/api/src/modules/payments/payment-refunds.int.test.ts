import { randomUUID } from 'node:crypto';
import { ledgerTransactions, payments, rides } from '@truck4u/database';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import * as fixtures from '#test/payment-fixtures';
import {
  balance,
  completedRide,
  expectLedgerConsistent,
  fundWallet,
  paymentReaches,
  postingsOf,
  startPaymentWorker,
} from '#test/payment-fixtures';
import { eventually } from '#test/realtime-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { customerWallet, driverWallet } from '../wallet/ledger';

let env: TestEnvironment;
let worker: { close(): Promise<void> };
let admin: TestAccount;
beforeAll(async () => {
  env = await createTestEnvironment();
  worker = await startPaymentWorker(env);
  admin = await loginAdmin(env);
});
afterAll(async () => {
  await worker?.close();
  await env?.close();
});

const PLATFORM = { kind: 'PLATFORM_REVENUE' } as const;
const FLOUCI = { kind: 'FLOUCI_CLEARING' } as const;
const refund = (paymentId: string, body?: Record<string, unknown>, key?: string | null, token?: string) =>
  fixtures.refund(env, token === undefined ? admin.accessToken : token, paymentId, body, key);

/** A completed ride paid by `method` and settled by the worker. */
async function paidRide(
  method: 'WALLET' | 'CASH' | 'FLOUCI',
  options: { price?: number; commissionRateBps?: number } = {},
) {
  const ride = await completedRide(env, { price: 10_000, ...options });
  if (method === 'WALLET') await fundWallet(env, ride.customer.user.id, 20_000);
  const created = await fixtures.pay(env, ride.customer.accessToken, { rideId: ride.rideId, method });
  expect(created.status).toBe(201);
  if (method === 'FLOUCI') {
    const providerId = env.flouci.lastPayment()?.id ?? '';
    await env.flouci.pay(providerId);
    expect((await fixtures.postWebhook(env, providerId)).status).toBe(200);
  }
  if (method === 'CASH') {
    // Declared cash is settled by the driver's confirmation (docs/MONEY.md, Cash).
    const confirmed = await call(env.app, 'POST', `/api/rides/${ride.rideId}/payments/cash/confirm`, {
      token: ride.driver.accessToken,
    });
    expect(confirmed.status).toBe(200);
  }
  await paymentReaches(env, ride.customer.accessToken, created.body.id, 'SUCCEEDED');
  return { ...ride, paymentId: created.body.id };
}

async function refundPostingCount(paymentId: string): Promise<number> {
  const rows = await env.database.db
    .select()
    .from(ledgerTransactions)
    .where(and(eq(ledgerTransactions.paymentId, paymentId), eq(ledgerTransactions.kind, 'REFUND')));
  return rows.length;
}

async function paymentRow(paymentId: string) {
  const [row] = await env.database.db.select().from(payments).where(eq(payments.id, paymentId));
  return row;
}

describe('POST /api/admin/payments/:id/refund', () => {
  it('refunds a wallet-paid ride at 12% to the millime, from the ledger, not from today’s rate', async () => {
    const { paymentId, rideId, customer, driver } = await paidRide('WALLET', {
      price: 12_345,
      commissionRateBps: 1200,
    });
    expect(await balance(env, customerWallet(customer.user.id))).toBe(20_000 - 12_345);
    expect(await balance(env, driverWallet(driver.user.id))).toBe(10_864);
    const platformBefore = await balance(env, PLATFORM);
    // Even if the ride's rate were changed after settlement, the refund returns what was actually taken.
    await env.database.db.update(rides).set({ commissionRateBps: 2000 }).where(eq(rides.id, rideId));

    const response = await refund(paymentId, { reason: '  Goods arrived damaged  ' });
    expect(response.status).toBe(200);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect(response.body).toMatchObject({
      id: paymentId,
      status: 'REFUNDED',
      amount: 12_345,
      refundedBy: admin.user.id,
      refundReason: 'Goods arrived damaged',
    });
    expect(typeof response.body.refundedAt).toBe('string');

    expect(await postingsOf(env, paymentId)).toEqual(
      expect.arrayContaining([
        {
          kind: 'REFUND',
          idempotencyKey: `payment:${paymentId}:refund`,
          entries: [
            { kind: 'CUSTOMER_WALLET', amount: 12_345 },
            { kind: 'DRIVER_WALLET', amount: -10_864 },
            { kind: 'PLATFORM_REVENUE', amount: -1_481 },
          ],
        },
      ]),
    );
    expect(await balance(env, customerWallet(customer.user.id))).toBe(20_000);
    expect(await balance(env, driverWallet(driver.user.id))).toBe(0);
    expect((await balance(env, PLATFORM)) - platformBefore).toBe(-1_481);

    const seen = await paymentReaches(env, customer.accessToken, paymentId, 'REFUNDED');
    expect(seen.refundedAt).toBe(response.body.refundedAt);
    expect(seen).not.toHaveProperty('refundReason');

    const customerLines = await call(env.app, 'GET', '/api/wallet/transactions', {
      token: customer.accessToken,
    });
    expect(customerLines.body.items[0]).toMatchObject({
      kind: 'REFUND',
      amount: 12_345,
      balanceAfter: 20_000,
      rideId,
      label: 'Refund of a ride paid by wallet (12.345 TND)',
    });
    const driverLines = await call(env.app, 'GET', '/api/wallet/transactions', { token: driver.accessToken });
    expect(driverLines.body.items[0]).toMatchObject({ kind: 'REFUND', amount: -10_864, balanceAfter: 0 });

    await eventually(async () => {
      expect(env.sms.messagesTo(customer.phone).at(-1)?.body).toContain('refunded to your Truck4u wallet');
      expect(env.sms.messagesTo(driver.phone).at(-1)?.body).toContain('10.864 TND was taken back');
    });

    // A refunded ride is not paid again.
    const again = await fixtures.pay(env, customer.accessToken, { rideId, method: 'CASH' });
    expect(again.status).toBe(409);
    await expectLedgerConsistent(env);
  });

  it('refunds a cash ride: the customer’s wallet gets the price, the driver owes what they kept', async () => {
    const { paymentId, customer, driver } = await paidRide('CASH', {
      price: 45_000,
      commissionRateBps: 1200,
    });
    expect(await balance(env, driverWallet(driver.user.id))).toBe(-5_400);
    const platformBefore = await balance(env, PLATFORM);
    expect((await refund(paymentId)).status).toBe(200);
    const [posting] = (await postingsOf(env, paymentId)).filter((p) => p.kind === 'REFUND');
    expect(posting?.entries).toEqual([
      { kind: 'CUSTOMER_WALLET', amount: 45_000 },
      { kind: 'DRIVER_WALLET', amount: -39_600 },
      { kind: 'PLATFORM_REVENUE', amount: -5_400 },
    ]);
    expect(await balance(env, customerWallet(customer.user.id))).toBe(45_000);
    // The 45 TND in cash is now owed back in full; the 5.4 TND commission they owed is cancelled.
    expect(await balance(env, driverWallet(driver.user.id))).toBe(-45_000);
    expect((await balance(env, PLATFORM)) - platformBefore).toBe(-5_400);
    await expectLedgerConsistent(env);
  });

  it('refunds a Flouci ride into the customer’s wallet, leaving Flouci clearing as it was', async () => {
    const { paymentId, customer, driver } = await paidRide('FLOUCI', {
      price: 50_000,
      commissionRateBps: 1200,
    });
    const flouciBefore = await balance(env, FLOUCI);
    expect((await refund(paymentId)).status).toBe(200);
    expect(await balance(env, customerWallet(customer.user.id))).toBe(50_000);
    expect(await balance(env, driverWallet(driver.user.id))).toBe(0);
    expect(await balance(env, FLOUCI)).toBe(flouciBefore);
    await expectLedgerConsistent(env);
  });

  it('posts exactly one refund for 20 concurrent requests, with one key and with different keys', async () => {
    const { paymentId, customer, driver } = await paidRide('WALLET', {
      price: 15_000,
      commissionRateBps: 1200,
    });
    const sharedKey = randomUUID();
    const keys = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? sharedKey : randomUUID()));
    const responses = await Promise.all(keys.map((key) => refund(paymentId, undefined, key)));

    const fresh = responses.filter((r) => r.status === 200 && r.headers['idempotent-replayed'] !== 'true');
    expect(fresh).toHaveLength(1);
    const winnerKey = keys[responses.indexOf(fresh[0] as (typeof responses)[number])];
    responses.forEach((r, i) => {
      // The winner's key replays the refund; every other key is told it is already refunded.
      if (keys[i] === winnerKey) expect(r.status).toBe(200);
      else expect([r.status, r.body.error?.code]).toEqual([409, 'CONFLICT']);
    });
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true').length).toBe(
      keys.filter((k) => k === winnerKey).length - 1,
    );
    expect(await refundPostingCount(paymentId)).toBe(1);
    expect(await balance(env, customerWallet(customer.user.id))).toBe(20_000);
    expect(await balance(env, driverWallet(driver.user.id))).toBe(0);

    // Later: the same key with the same reason replays, with another reason 422, a new key 409.
    const replay = await refund(paymentId, undefined, winnerKey);
    expect([replay.status, replay.headers['idempotent-replayed']]).toEqual([200, 'true']);
    const otherReason = await refund(paymentId, { reason: 'Something else' }, winnerKey);
    expect(otherReason.body.error?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await refund(paymentId)).status).toBe(409);
    expect(await refundPostingCount(paymentId)).toBe(1);
    await expectLedgerConsistent(env);
  });

  it('is for admins only: 401 without a token, 403 for the customer and the driver, nothing written', async () => {
    const { paymentId, customer, driver } = await paidRide('WALLET');
    expect((await refund(paymentId, undefined, undefined, '')).status).toBe(401);
    expect((await refund(paymentId, undefined, undefined, customer.accessToken)).status).toBe(403);
    expect((await refund(paymentId, undefined, undefined, driver.accessToken)).status).toBe(403);
    expect((await paymentRow(paymentId))?.status).toBe('SUCCEEDED');
    expect(await refundPostingCount(paymentId)).toBe(0);
  });

  it('answers 400 for a missing key or a bad body, 404 for an unknown payment, and writes nothing', async () => {
    const { paymentId } = await paidRide('WALLET');
    for (const [body, key] of [
      [{ reason: 'Goods arrived damaged' }, null],
      [{ reason: 'Goods arrived damaged' }, 'short'],
      [{}, undefined],
      [{ reason: 'ab' }, undefined],
      [{ reason: '   ' }, undefined],
      [{ reason: 'x'.repeat(501) }, undefined],
      [{ reason: 42 }, undefined],
    ] as const) {
      const response = await refund(paymentId, body, key);
      expect([response.status, response.body.error?.code], JSON.stringify({ body, key })).toEqual([
        400,
        'VALIDATION_FAILED',
      ]);
    }
    expect((await refund('not-a-uuid')).status).toBe(400);
    const unknown = await refund(randomUUID());
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'NOT_FOUND']);
    expect((await paymentRow(paymentId))?.status).toBe('SUCCEEDED');
    expect(await refundPostingCount(paymentId)).toBe(0);
  });

  it('refuses with 409 a payment that has not succeeded, and a top-up', async () => {
    const pending = await completedRide(env);
    const created = await fixtures.pay(env, pending.customer.accessToken, {
      rideId: pending.rideId,
      method: 'FLOUCI',
    });
    expect(created.body.status).toBe('PENDING');
    const response = await refund(created.body.id);
    expect([response.status, response.body.error?.code]).toEqual([409, 'CONFLICT']);
    expect((await paymentRow(created.body.id))?.status).toBe('PENDING');

    await env.database.db.update(payments).set({ status: 'FAILED' }).where(eq(payments.id, created.body.id));
    expect((await refund(created.body.id)).status).toBe(409);

    const topUp = await fixtures.topUp(env, pending.customer.accessToken, 5_000);
    const providerId = env.flouci.lastPayment()?.id ?? '';
    await env.flouci.pay(providerId);
    await fixtures.postWebhook(env, providerId);
    await paymentReaches(env, pending.customer.accessToken, topUp.body.id, 'SUCCEEDED');
    expect((await refund(topUp.body.id)).status).toBe(409);
    expect(await refundPostingCount(created.body.id)).toBe(0);
    expect(await refundPostingCount(topUp.body.id)).toBe(0);
    await expectLedgerConsistent(env);
  });
});
