import { randomUUID } from 'node:crypto';
import type { RideStatus } from '@truck4u/contracts';
import { adminAudit, payments, rides } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdminAs } from '#test/admin-fixtures';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import * as fixtures from '#test/payment-fixtures';
import {
  balance,
  expectLedgerConsistent,
  fundWallet,
  paymentReaches,
  postingsOf,
  postWebhook,
  startPaymentWorker,
} from '#test/payment-fixtures';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { customerWallet, driverWallet, ESCROW, ledgerTotal, postTransaction } from '../wallet/ledger';
import { CashConfirmationService } from './cash-confirmation.service';
import { PaymentSettlement } from './payment-settlement';

const CONFIRM_WINDOW_MS = 1_500;
const FEE = 5_000;
const CAP = 20_000;

let env: TestEnvironment;
let worker: { close(): Promise<void> };
beforeAll(async () => {
  env = await createTestEnvironment({
    CASH_CONFIRM_WINDOW_MS: String(CONFIRM_WINDOW_MS),
    CASH_COMMISSION_CAP_MILLIMES: String(CAP),
    CANCELLATION_FEE_MILLIMES: String(FEE),
    CANCELLATION_GRACE_MS: '60000',
  });
  worker = await startPaymentWorker(env);
});
afterAll(async () => {
  await worker?.close();
  await env?.close();
});

const quiet = { info() {}, warn() {}, error() {} };
const PLATFORM = { kind: 'PLATFORM_REVENUE' } as const;
const FLOUCI = { kind: 'FLOUCI_CLEARING' } as const;
const pay = (token: string, body: Record<string, unknown>, key?: string | null) =>
  fixtures.pay(env, token, body, key);

interface Trip {
  rideId: string;
  customer: TestAccount;
  driver: TestAccount;
  price: number;
}

/** An accepted ride (or one further along) at 45 TND and 12 %; `lateBy`: accepted that long ago. */
async function acceptedRide(
  options: {
    status?: RideStatus;
    price?: number;
    customer?: TestAccount;
    driver?: TestAccount;
    acceptedMsAgo?: number;
  } = {},
): Promise<Trip> {
  const customer = options.customer ?? (await registerCustomer(env));
  const driver = options.driver ?? (await registerDriver(env, { verified: true }));
  const price = options.price ?? 45_000;
  const rideId = await insertRide(env, {
    customerId: customer.user.id,
    driverId: driver.user.id,
    status: options.status ?? 'BID_ACCEPTED',
    price,
    commissionRateBps: 1200,
  });
  await env.database.db
    .update(rides)
    .set({ acceptedAt: sql`now() - make_interval(secs => ${(options.acceptedMsAgo ?? 1_000) / 1000})` })
    .where(eq(rides.id, rideId));
  return { rideId, customer, driver, price };
}

const rideOf = async (trip: Trip) =>
  (await call(env.app, 'GET', `/api/rides/${trip.rideId}`, { token: trip.customer.accessToken })).body;

const escrowOfRide = async (rideId: string) => {
  const result = await env.database.db.execute<{ total: string }>(sql`
    SELECT COALESCE(SUM(e.amount), 0) AS total FROM ledger_entries e
    JOIN ledger_transactions t ON t.id = e.transaction_id
    JOIN ledger_accounts a ON a.id = e.account_id
    WHERE t.ride_id = ${rideId} AND a.kind::text = 'ESCROW'`);
  return Number(result.rows[0]?.total ?? 0);
};

const confirmCash = (token: string, rideId: string) =>
  call(env.app, 'POST', `/api/rides/${rideId}/payments/cash/confirm`, { token });

/** Owes `amount` of cash commission, as a settled cash ride leaves a driver. */
async function oweCommission(driverId: string, amount: number) {
  await env.database.db.transaction((tx) =>
    postTransaction(tx, {
      kind: 'CASH_COMMISSION',
      description: 'Commission on an earlier cash ride',
      idempotencyKey: `test-cash:${randomUUID()}`,
      entries: [
        { account: driverWallet(driverId), amount: -amount },
        { account: PLATFORM, amount },
      ],
    }),
  );
}

describe('held payments', () => {
  it('holds a wallet payment made after acceptance in escrow, and the ride shows HELD', async () => {
    const trip = await acceptedRide();
    await fundWallet(env, trip.customer.user.id, 60_000);
    const escrowBefore = await balance(env, ESCROW);
    const created = await pay(trip.customer.accessToken, { rideId: trip.rideId, method: 'WALLET' });
    expect(created.status).toBe(201);
    const held = await paymentReaches(env, trip.customer.accessToken, created.body.id, 'HELD');
    expect(held.settledAt).toBeNull();
    expect(await postingsOf(env, created.body.id)).toEqual([
      {
        kind: 'ESCROW_HOLD',
        idempotencyKey: `payment:${created.body.id}:hold`,
        entries: [
          { kind: 'CUSTOMER_WALLET', amount: -45_000 },
          { kind: 'ESCROW', amount: 45_000 },
        ],
      },
    ]);
    expect(await balance(env, customerWallet(trip.customer.user.id))).toBe(15_000);
    expect(await balance(env, driverWallet(trip.driver.user.id))).toBe(0);
    expect((await balance(env, ESCROW)) - escrowBefore).toBe(45_000);
    expect((await rideOf(trip)).payment).toEqual({ status: 'HELD', method: 'WALLET' });
    await expectLedgerConsistent(env);
  });

  it('holds a Flouci payment made after acceptance once the verified webhook comes, once', async () => {
    const trip = await acceptedRide({ status: 'DRIVER_ARRIVING', price: 30_000 });
    const flouciBefore = await balance(env, FLOUCI);
    const created = await pay(trip.customer.accessToken, { rideId: trip.rideId, method: 'FLOUCI' });
    const providerId = env.flouci.lastPayment()?.id ?? '';
    // Not paid at Flouci yet: nothing moves.
    expect((await postWebhook(env, providerId)).body.status).toBe('PENDING');
    await env.flouci.pay(providerId);
    await Promise.all(Array.from({ length: 3 }, () => postWebhook(env, providerId)));
    await paymentReaches(env, trip.customer.accessToken, created.body.id, 'HELD');
    expect(await postingsOf(env, created.body.id)).toEqual([
      {
        kind: 'ESCROW_HOLD',
        idempotencyKey: `payment:${created.body.id}:hold`,
        entries: [
          { kind: 'ESCROW', amount: 30_000 },
          { kind: 'FLOUCI_CLEARING', amount: -30_000 },
        ],
      },
    ]);
    expect((await balance(env, FLOUCI)) - flouciBefore).toBe(-30_000);
    expect((await rideOf(trip)).payment).toEqual({ status: 'HELD', method: 'FLOUCI' });
  });

  it('releases held money at completion: driver price less 12 %, platform the 12 %, escrow back to zero', async () => {
    const trip = await acceptedRide({ status: 'DROPOFF_ARRIVED', price: 12_345 });
    await fundWallet(env, trip.customer.user.id, 12_345);
    const platformBefore = await balance(env, PLATFORM);
    const created = await pay(trip.customer.accessToken, { rideId: trip.rideId, method: 'WALLET' });
    await paymentReaches(env, trip.customer.accessToken, created.body.id, 'HELD');

    const done = await call(env.app, 'PATCH', `/api/rides/${trip.rideId}/status`, {
      token: trip.driver.accessToken,
      body: { status: 'COMPLETED' },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const released = await paymentReaches(env, trip.customer.accessToken, created.body.id, 'SUCCEEDED');
    expect(released.settledAt).not.toBeNull();
    // 12_345 × 12 % = 1_481.4 → 1_481.
    const postings = await postingsOf(env, created.body.id);
    expect(postings.find((p) => p.kind === 'ESCROW_RELEASE')).toEqual({
      kind: 'ESCROW_RELEASE',
      idempotencyKey: `payment:${created.body.id}:settle`,
      entries: [
        { kind: 'DRIVER_WALLET', amount: 10_864 },
        { kind: 'ESCROW', amount: -12_345 },
        { kind: 'PLATFORM_REVENUE', amount: 1_481 },
      ],
    });
    expect(await balance(env, driverWallet(trip.driver.user.id))).toBe(10_864);
    expect((await balance(env, PLATFORM)) - platformBefore).toBe(1_481);
    expect(await escrowOfRide(trip.rideId)).toBe(0);
    expect((await rideOf(trip)).payment).toEqual({ status: 'RELEASED', method: 'WALLET' });
    await expectLedgerConsistent(env);
  });

  it('keeps direct settlement for a ride paid after completion: the ride shows PAID', async () => {
    const trip = await acceptedRide({ status: 'COMPLETED', price: 20_000 });
    await fundWallet(env, trip.customer.user.id, 20_000);
    const created = await pay(trip.customer.accessToken, { rideId: trip.rideId, method: 'WALLET' });
    await paymentReaches(env, trip.customer.accessToken, created.body.id, 'SUCCEEDED');
    expect((await postingsOf(env, created.body.id)).map((p) => p.kind)).toEqual(['RIDE_PAYMENT']);
    expect((await rideOf(trip)).payment).toEqual({ status: 'PAID', method: 'WALLET' });
  });

  it('gives held money back on a late cancellation, less the policy’s fee, which the driver gets less commission', async () => {
    const trip = await acceptedRide({ acceptedMsAgo: 3_600_000 });
    await fundWallet(env, trip.customer.user.id, 45_000);
    const created = await pay(trip.customer.accessToken, { rideId: trip.rideId, method: 'WALLET' });
    await paymentReaches(env, trip.customer.accessToken, created.body.id, 'HELD');
    expect(await balance(env, customerWallet(trip.customer.user.id))).toBe(0);

    const cancelled = await call(env.app, 'POST', `/api/rides/${trip.rideId}/cancel`, {
      token: trip.customer.accessToken,
      body: { reason: 'Changed my mind' },
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    // The fee was taken from the returned money, so it never goes UNPAID for want of funds.
    expect(cancelled.body.cancellation).toMatchObject({ fee: FEE, feeStatus: 'CHARGED' });
    expect(await balance(env, customerWallet(trip.customer.user.id))).toBe(45_000 - FEE);
    // 5_000 × 12 % = 600 to the platform, 4_400 to the driver.
    expect(await balance(env, driverWallet(trip.driver.user.id))).toBe(4_400);
    const refunded = await paymentReaches(env, trip.customer.accessToken, created.body.id, 'REFUNDED');
    expect(refunded.refundedAt).not.toBeNull();
    expect(await escrowOfRide(trip.rideId)).toBe(0);
    expect(cancelled.body.ride.payment).toEqual({ status: 'REFUNDED', method: 'WALLET' });
    await expectLedgerConsistent(env);
  });

  it('returns a Flouci payment verified after the cancellation to the customer’s wallet', async () => {
    const trip = await acceptedRide({ price: 25_000 });
    const created = await pay(trip.customer.accessToken, { rideId: trip.rideId, method: 'FLOUCI' });
    const providerId = env.flouci.lastPayment()?.id ?? '';
    const cancelled = await call(env.app, 'POST', `/api/rides/${trip.rideId}/cancel`, {
      token: trip.customer.accessToken,
      body: {},
    });
    expect(cancelled.status).toBe(200);
    await env.flouci.pay(providerId);
    await postWebhook(env, providerId);
    await paymentReaches(env, trip.customer.accessToken, created.body.id, 'REFUNDED');
    expect(await balance(env, customerWallet(trip.customer.user.id))).toBe(25_000);
    expect(await escrowOfRide(trip.rideId)).toBe(0);
    await expectLedgerConsistent(env);
  });

  it('lets exactly one of a cancellation and the settlement job win, every time, and never double-posts', async () => {
    const settlement = new PaymentSettlement(env.database.db, { delayMs: 0 }, quiet);
    for (let round = 0; round < 6; round++) {
      // Within the grace period: no fee, so whoever wins the customer ends where they started.
      const trip = await acceptedRide({ price: 10_000 });
      await fundWallet(env, trip.customer.user.id, 10_000);
      const held = round % 2 === 1;
      const [row] = await env.database.db
        .insert(payments)
        .values({
          customerId: trip.customer.user.id,
          rideId: trip.rideId,
          purpose: 'RIDE',
          method: 'WALLET',
          amount: 10_000,
          idempotencyKey: randomUUID(),
          requestHash: 'race',
        })
        .returning();
      const paymentId = row?.id ?? '';
      // Odd rounds: the money is held already, and a (duplicate or early) release job races the cancellation.
      if (held) expect(await settlement.settle(paymentId)).toBe('HELD');
      const [cancel, ...settled] = await Promise.all([
        call(env.app, 'POST', `/api/rides/${trip.rideId}/cancel`, {
          token: trip.customer.accessToken,
          body: {},
        }),
        settlement.settle(paymentId),
        settlement.settle(paymentId),
      ]);
      expect(cancel.status).toBe(200);
      const [final] = await env.database.db.select().from(payments).where(eq(payments.id, paymentId));
      // Hold first then cancel: REFUNDED; cancel first: FAILED with nothing taken. Never released.
      expect(['REFUNDED', 'FAILED']).toContain(final?.status);
      if (held) expect(final?.status).toBe('REFUNDED');
      expect(settled).not.toContain('RELEASED');
      expect(await balance(env, customerWallet(trip.customer.user.id))).toBe(10_000);
      expect(await balance(env, driverWallet(trip.driver.user.id))).toBe(0);
      expect(await escrowOfRide(trip.rideId)).toBe(0);
      const kinds = (await postingsOf(env, paymentId)).map((p) => p.kind).sort();
      expect(kinds).toEqual(final?.status === 'REFUNDED' ? ['ESCROW_HOLD', 'REFUND'] : []);
    }
    expect(await ledgerTotal(env.database.db)).toBe(0);
    await expectLedgerConsistent(env);
  });
});

describe('POST /api/rides/:id/payments/cash/confirm', () => {
  it('settles the declared cash once for the assigned driver only: twice is the same answer', async () => {
    const trip = await acceptedRide({ status: 'COMPLETED', price: 45_000 });
    const declared = await pay(trip.customer.accessToken, { rideId: trip.rideId, method: 'CASH' });
    expect(declared.status).toBe(201);
    expect((await rideOf(trip)).payment).toEqual({ status: 'NONE', method: 'CASH' });

    const stranger = await registerDriver(env, { verified: true });
    expect((await confirmCash(stranger.accessToken, trip.rideId)).status).toBe(404);
    expect((await confirmCash(trip.customer.accessToken, trip.rideId)).status).toBe(403);

    const [first, second] = await Promise.all([
      confirmCash(trip.driver.accessToken, trip.rideId),
      confirmCash(trip.driver.accessToken, trip.rideId),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.id).toBe(declared.body.id);
    expect(second.body).toEqual(first.body);
    const again = await confirmCash(trip.driver.accessToken, trip.rideId);
    expect(again.body).toMatchObject({ id: declared.body.id, status: 'SUCCEEDED' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await postingsOf(env, declared.body.id)).toEqual([
      {
        kind: 'CASH_COMMISSION',
        idempotencyKey: `payment:${declared.body.id}:settle`,
        entries: [
          { kind: 'DRIVER_WALLET', amount: -5_400 },
          { kind: 'PLATFORM_REVENUE', amount: 5_400 },
        ],
      },
    ]);
    expect((await rideOf(trip)).payment).toEqual({ status: 'PAID', method: 'CASH' });
  });

  it('records the cash when the customer never declared it, and refuses before the dropoff or a non-cash ride', async () => {
    const early = await acceptedRide({ status: 'IN_TRANSIT' });
    expect((await confirmCash(early.driver.accessToken, early.rideId)).status).toBe(409);

    const trip = await acceptedRide({ status: 'DROPOFF_ARRIVED', price: 10_000 });
    const confirmed = await confirmCash(trip.driver.accessToken, trip.rideId);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      rideId: trip.rideId,
      method: 'CASH',
      status: 'SUCCEEDED',
      amount: 10_000,
    });
    expect(await balance(env, driverWallet(trip.driver.user.id))).toBe(-1_200);

    const byWallet = await acceptedRide({ status: 'COMPLETED', price: 10_000 });
    await fundWallet(env, byWallet.customer.user.id, 10_000);
    const paid = await pay(byWallet.customer.accessToken, { rideId: byWallet.rideId, method: 'WALLET' });
    await paymentReaches(env, byWallet.customer.accessToken, paid.body.id, 'SUCCEEDED');
    const refused = await confirmCash(byWallet.driver.accessToken, byWallet.rideId);
    expect(refused.status).toBe(409);
    expect(await balance(env, driverWallet(byWallet.driver.user.id))).toBe(8_800);
  });

  it('flags declared cash the driver did not confirm in time for admins, and does not settle it', async () => {
    const trip = await acceptedRide({ status: 'COMPLETED', price: 15_000 });
    await env.database.db
      .update(rides)
      .set({ completedAt: sql`now() - interval '1 hour'` })
      .where(eq(rides.id, trip.rideId));
    const fresh = await acceptedRide({ status: 'COMPLETED', price: 15_000 });
    const cash = new CashConfirmationService(
      env.database.db,
      new PaymentSettlement(env.database.db, { delayMs: 0 }, quiet),
      { confirmWindowMs: CONFIRM_WINDOW_MS, defaultCapMillimes: CAP },
      quiet,
    );
    const declared = await pay(trip.customer.accessToken, { rideId: trip.rideId, method: 'CASH' });
    // Declared just now: the driver still has the window to confirm, even for a ride that ended long ago.
    expect(await cash.flagOverdue()).toBe(0);
    await new Promise((r) => setTimeout(r, CONFIRM_WINDOW_MS + 200));
    // A ride that ended just now, its cash declared long before the window would be over: not due yet.
    await env.database.db.update(rides).set({ completedAt: sql`now()` }).where(eq(rides.id, fresh.rideId));
    await pay(fresh.customer.accessToken, { rideId: fresh.rideId, method: 'CASH' });
    expect(await cash.flagOverdue()).toBe(1);
    expect(await cash.flagOverdue()).toBe(0);

    const finance = await loginAdminAs(env, 'FINANCE');
    const listed = await call(env.app, 'GET', '/api/admin/payments?method=CASH&status=PENDING', {
      token: finance.accessToken,
    });
    expect(listed.status).toBe(200);
    const items = listed.body.items as { id: string; rideId: string; cashConfirmOverdueAt: string | null }[];
    expect(items.find((p) => p.id === declared.body.id)?.cashConfirmOverdueAt).toEqual(expect.any(String));
    expect(items.find((p) => p.rideId === fresh.rideId)?.cashConfirmOverdueAt ?? null).toBeNull();
    expect(await postingsOf(env, declared.body.id)).toEqual([]);
    // The driver may still confirm late: it settles then.
    expect((await confirmCash(trip.driver.accessToken, trip.rideId)).body.status).toBe('SUCCEEDED');
  });
});

describe('cash-commission cap', () => {
  it('refuses cash for a driver at the cap, tells how much to top up, and a top-up unblocks', async () => {
    const driver = await registerDriver(env, { verified: true });
    await oweCommission(driver.user.id, CAP);
    const wallet = await call(env.app, 'GET', '/api/wallet', { token: driver.accessToken });
    expect(wallet.body.cashCommission).toEqual({
      owedMillimes: CAP,
      capMillimes: CAP,
      isCapReached: true,
      topUp: { amountMillimes: CAP },
    });
    const earnings = await call(env.app, 'GET', '/api/drivers/me/earnings', { token: driver.accessToken });
    expect(earnings.body.cashCommission).toMatchObject({ owedMillimes: CAP, isCapReached: true });

    const trip = await acceptedRide({ driver });
    const refused = await pay(trip.customer.accessToken, { rideId: trip.rideId, method: 'CASH' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'CASH_COMMISSION_CAP_REACHED',
      details: { owedMillimes: CAP, capMillimes: CAP, topUp: { amountMillimes: CAP } },
    });
    expect(await env.database.db.select().from(payments).where(eq(payments.rideId, trip.rideId))).toEqual([]);

    // The driver tops up the prefilled amount through Flouci.
    const topUp = await fixtures.topUp(
      env,
      driver.accessToken,
      wallet.body.cashCommission.topUp.amountMillimes,
    );
    const providerId = env.flouci.lastPayment()?.id ?? '';
    await env.flouci.pay(providerId);
    await postWebhook(env, providerId);
    await paymentReaches(env, driver.accessToken, topUp.body.id, 'SUCCEEDED');
    const after = await call(env.app, 'GET', '/api/wallet', { token: driver.accessToken });
    expect(after.body.cashCommission).toMatchObject({ owedMillimes: 0, isCapReached: false });
    expect((await pay(trip.customer.accessToken, { rideId: trip.rideId, method: 'CASH' })).status).toBe(201);
  });

  it('lets finance admins override a driver’s cap, audited; other roles 403', async () => {
    const driver = await registerDriver(env, { verified: true });
    await oweCommission(driver.user.id, CAP + 1_000);
    const trip = await acceptedRide({ driver });
    const operations = await loginAdminAs(env, 'OPERATIONS');
    const finance = await loginAdminAs(env, 'FINANCE');
    const setCap = (token: string, capMillimes: number | null) =>
      call(env.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/cash-cap`, {
        token,
        body: { capMillimes },
      });

    expect((await setCap(operations.accessToken, 100_000)).status).toBe(403);
    expect((await setCap(finance.accessToken, -1)).status).toBe(400);
    const raised = await setCap(finance.accessToken, 100_000);
    expect(raised.status).toBe(200);
    expect(raised.body).toEqual({
      driverId: driver.user.id,
      capMillimes: 100_000,
      effectiveCapMillimes: 100_000,
      owedMillimes: CAP + 1_000,
    });
    expect((await pay(trip.customer.accessToken, { rideId: trip.rideId, method: 'CASH' })).status).toBe(201);

    // Back to the default: blocked again (for the next ride's cash).
    const reset = await setCap(finance.accessToken, null);
    expect(reset.body).toMatchObject({ capMillimes: null, effectiveCapMillimes: CAP });
    const next = await acceptedRide({ driver: await registerDriver(env, { verified: true }) });
    await oweCommission(next.driver.user.id, 1);
    await call(env.app, 'PATCH', `/api/admin/drivers/${next.driver.user.id}/cash-cap`, {
      token: finance.accessToken,
      body: { capMillimes: 0 },
    });
    const none = await pay(next.customer.accessToken, { rideId: next.rideId, method: 'CASH' });
    expect(none.body.error?.code).toBe('CASH_COMMISSION_CAP_REACHED');
    expect((await setCap(finance.accessToken, 5)).status).toBe(200);
    expect(
      (
        await call(env.app, 'PATCH', `/api/admin/drivers/${randomUUID()}/cash-cap`, {
          token: finance.accessToken,
          body: { capMillimes: 5 },
        })
      ).status,
    ).toBe(404);

    const audit = await env.database.db
      .select()
      .from(adminAudit)
      .where(eq(adminAudit.targetId, driver.user.id))
      .orderBy(adminAudit.id);
    expect(audit.map((a) => [a.action, a.after])).toEqual([
      ['drivers.cash-cap', { capMillimes: 100_000 }],
      ['drivers.cash-cap', { capMillimes: null }],
      ['drivers.cash-cap', { capMillimes: 5 }],
    ]);
  });
});
