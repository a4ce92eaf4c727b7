import { ledgerTransactions, rides } from '@truck4u/database';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdminAs } from '#test/admin-fixtures';
import { loginAdmin, registerCustomer, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import * as fixtures from '#test/payment-fixtures';
import {
  balance,
  completedRide,
  expectLedgerConsistent,
  fundWallet,
  paymentReaches,
  startPaymentWorker,
} from '#test/payment-fixtures';
import { type ClientSocket, connectSocket, listen, nextEvent } from '#test/realtime-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { uploadFile } from '#test/upload-fixtures';
import { customerWallet, driverWallet } from '../wallet/ledger';

let env: TestEnvironment;
let baseUrl: string;
let worker: { close(): Promise<void> };
let admin: TestAccount;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  env = await createTestEnvironment();
  baseUrl = await listen(env.app);
  worker = await startPaymentWorker(env);
  admin = await loginAdmin(env);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await worker?.close();
  await env?.close();
});

const PLATFORM = { kind: 'PLATFORM_REVENUE' } as const;

/** A ride completed `endedDaysAgo` days ago (accepted before), optionally paid by wallet and settled. */
async function finishedRide(options: { paid?: boolean; endedDaysAgo?: number; price?: number } = {}) {
  const ride = await completedRide(env, { price: options.price ?? 10_000, commissionRateBps: 1500 });
  const days = options.endedDaysAgo ?? 0;
  await env.database.db
    .update(rides)
    .set({
      acceptedAt: sql`now() - make_interval(days => ${days}) - interval '1 hour'`,
      completedAt: sql`now() - make_interval(days => ${days})`,
    })
    .where(eq(rides.id, ride.rideId));
  if (!options.paid) return { ...ride, paymentId: null };
  await fundWallet(env, ride.customer.user.id, 50_000);
  const created = await fixtures.pay(env, ride.customer.accessToken, {
    rideId: ride.rideId,
    method: 'WALLET',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await paymentReaches(env, ride.customer.accessToken, created.body.id, 'SUCCEEDED');
  return { ...ride, paymentId: created.body.id };
}

const openDispute = (account: TestAccount, rideId: string, body: Record<string, unknown> = {}) =>
  call(env.app, 'POST', `/api/rides/${rideId}/disputes`, {
    token: account.accessToken,
    body: { reason: 'DAMAGED_CARGO', description: 'One armchair arrived with a broken leg', ...body },
  });

const decide = (token: string, disputeId: string, body: Record<string, unknown>) =>
  call(env.app, 'PATCH', `/api/admin/disputes/${disputeId}`, { token, body });

async function disputeRefundPostings(rideId: string) {
  return env.database.db
    .select()
    .from(ledgerTransactions)
    .where(and(eq(ledgerTransactions.rideId, rideId), eq(ledgerTransactions.kind, 'DISPUTE_REFUND')));
}

describe('opening disputes', () => {
  it('lets each party open one dispute with evidence, tells the other, and hides its details from them', async () => {
    const { rideId, customer, driver } = await finishedRide();
    const driverSocket = await connectSocket(baseUrl, driver.accessToken);
    sockets.push(driverSocket);
    const evidence = await uploadFile(env, customer, { purpose: 'DISPUTE_EVIDENCE' });
    const told = nextEvent(driverSocket, 'dispute:updated');

    const opened = await openDispute(customer, rideId, { uploadIds: [evidence] });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body).toMatchObject({
      rideId,
      openedBy: 'customer',
      status: 'OPEN',
      uploadIds: [evidence],
    });
    const event = await told;
    expect(event.dispute).toMatchObject({ id: opened.body.id, reason: 'DAMAGED_CARGO', description: null });
    expect(env.sms.messagesTo(driver.phone).at(-1)?.body).toContain('dispute');

    const again = await openDispute(customer, rideId);
    expect(again.status).toBe(409);
    const driverOwn = await openDispute(driver, rideId, {
      reason: 'PAYMENT',
      description: 'The customer refused to pay the waiting time',
    });
    expect(driverOwn.status).toBe(201);

    const forCustomer = await call(env.app, 'GET', `/api/rides/${rideId}/disputes`, {
      token: customer.accessToken,
    });
    expect(forCustomer.status).toBe(200);
    const [own, theirs] = forCustomer.body.items;
    expect(own).toMatchObject({ openedBy: 'customer', description: expect.stringContaining('armchair') });
    expect(theirs).toMatchObject({ openedBy: 'driver', reason: 'PAYMENT', description: null, uploadIds: [] });
    expect(JSON.stringify(forCustomer.body)).not.toContain('waiting time');

    const stranger = await registerCustomer(env);
    expect((await openDispute(stranger, rideId)).status).toBe(404);
    const peek = await call(env.app, 'GET', `/api/rides/${rideId}/disputes`, { token: stranger.accessToken });
    expect(peek.status).toBe(404);
  });

  it('refuses a dispute before a driver was accepted and after the seven-day window', async () => {
    const late = await finishedRide({ endedDaysAgo: 8 });
    const tooLate = await openDispute(late.customer, late.rideId);
    expect(tooLate.status).toBe(409);
    const inTime = await finishedRide({ endedDaysAgo: 6 });
    expect((await openDispute(inTime.customer, inTime.rideId)).status).toBe(201);

    const early = await finishedRide();
    await env.database.db
      .update(rides)
      .set({ status: 'PENDING_BIDS', driverId: null, acceptedAt: null, completedAt: null })
      .where(eq(rides.id, early.rideId));
    expect((await openDispute(early.customer, early.rideId)).status).toBe(409);
  });
});

describe('deciding disputes', () => {
  it('resolves with a refund posted to the ledger: the customer’s wallet goes up, driver and platform give back their share', async () => {
    const { rideId, customer, driver } = await finishedRide({ paid: true, price: 10_000 });
    const opened = await openDispute(customer, rideId);
    const customerBefore = await balance(env, customerWallet(customer.user.id));
    const driverBefore = await balance(env, driverWallet(driver.user.id));
    const platformBefore = await balance(env, PLATFORM);
    const customerSocket = await connectSocket(baseUrl, customer.accessToken);
    sockets.push(customerSocket);
    const told = nextEvent(customerSocket, 'dispute:updated');

    const resolved = await decide(admin.accessToken, opened.body.id, {
      status: 'RESOLVED',
      resolution: 'Damage confirmed by the photos; partial refund',
      refundAmount: 4_000,
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'RESOLVED',
      refundAmount: 4_000,
      resolvedBy: admin.user.id,
    });
    expect((await told).dispute).toMatchObject({ status: 'RESOLVED', refundAmount: 4_000 });

    // 15 % commission: the platform gives back 600, the driver 3 400.
    expect(await balance(env, customerWallet(customer.user.id))).toBe(customerBefore + 4_000);
    expect(await balance(env, driverWallet(driver.user.id))).toBe(driverBefore - 3_400);
    expect(await balance(env, PLATFORM)).toBe(platformBefore - 600);
    expect(await disputeRefundPostings(rideId)).toHaveLength(1);
    await expectLedgerConsistent(env);

    const twice = await decide(admin.accessToken, opened.body.id, {
      status: 'REJECTED',
      resolution: 'Changed my mind',
    });
    expect(twice.status).toBe(409);
    expect(await disputeRefundPostings(rideId)).toHaveLength(1);
    const audit = await env.database.db.execute(
      sql`SELECT count(*)::int AS n FROM admin_audit WHERE action = 'disputes.resolve' AND target_id = ${opened.body.id}`,
    );
    expect(audit.rows[0]?.n).toBe(1);
  });

  it('refuses a full payment refund once a dispute refunded part of the ride', async () => {
    const { rideId, customer, paymentId } = await finishedRide({ paid: true, price: 10_000 });
    const opened = await openDispute(customer, rideId);
    const resolved = await decide(admin.accessToken, opened.body.id, {
      status: 'RESOLVED',
      resolution: 'One carton broken; partial refund',
      refundAmount: 2_000,
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const before = await balance(env, customerWallet(customer.user.id));
    const refund = await call(env.app, 'POST', `/api/admin/payments/${paymentId}/refund`, {
      token: admin.accessToken,
      body: { reason: 'Customer asked again' },
      headers: { 'idempotency-key': 'dispute-then-refund-0001' },
    });
    expect(refund.status, JSON.stringify(refund.body)).toBe(409);
    expect(await balance(env, customerWallet(customer.user.id))).toBe(before);
    await expectLedgerConsistent(env);
  });

  it('never refunds more than the customer paid, across the ride’s disputes', async () => {
    const { rideId, customer, driver } = await finishedRide({ paid: true, price: 10_000 });
    const first = await openDispute(customer, rideId);
    const second = await openDispute(driver, rideId, { reason: 'OTHER' });
    const tooMuch = await decide(admin.accessToken, first.body.id, {
      status: 'RESOLVED',
      resolution: 'Refund everything and more',
      refundAmount: 10_001,
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.details.maxRefundAmount).toBe(10_000);
    expect(
      (
        await decide(admin.accessToken, first.body.id, {
          status: 'RESOLVED',
          resolution: 'Most of it',
          refundAmount: 7_000,
        })
      ).status,
    ).toBe(200);
    const over = await decide(admin.accessToken, second.body.id, {
      status: 'RESOLVED',
      resolution: 'The rest and more',
      refundAmount: 3_001,
    });
    expect(over.status).toBe(409);
    expect(over.body.error.details.maxRefundAmount).toBe(3_000);
    expect(await disputeRefundPostings(rideId)).toHaveLength(1);
  });

  it('lets exactly one of two racing decisions win, with one refund posted', async () => {
    const { rideId, customer } = await finishedRide({ paid: true, price: 10_000 });
    const opened = await openDispute(customer, rideId);
    const customerBefore = await balance(env, customerWallet(customer.user.id));
    const answers = await Promise.all(
      [3_000, 5_000].map((refundAmount) =>
        decide(admin.accessToken, opened.body.id, {
          status: 'RESOLVED',
          resolution: `Refund ${refundAmount}`,
          refundAmount,
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200);
    expect(await balance(env, customerWallet(customer.user.id))).toBe(
      customerBefore + winner?.body.refundAmount,
    );
    expect(await disputeRefundPostings(rideId)).toHaveLength(1);
    await expectLedgerConsistent(env);
  });

  it('needs payments.refund for a refund: operations may reject or resolve without one', async () => {
    const operations = await loginAdminAs(env, 'OPERATIONS');
    const { rideId, customer } = await finishedRide({ paid: true });
    const opened = await openDispute(customer, rideId);
    const refused = await decide(operations.accessToken, opened.body.id, {
      status: 'RESOLVED',
      resolution: 'Refund',
      refundAmount: 1_000,
    });
    expect(refused.status).toBe(403);
    const rejected = await decide(operations.accessToken, opened.body.id, {
      status: 'REJECTED',
      resolution: 'No evidence',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'REJECTED', refundAmount: null });
    const finance = await loginAdminAs(env, 'FINANCE');
    const unpaid = await finishedRide();
    const openedUnpaid = await openDispute(unpaid.customer, unpaid.rideId);
    const nothingPaid = await decide(finance.accessToken, openedUnpaid.body.id, {
      status: 'RESOLVED',
      resolution: 'Refund',
      refundAmount: 1_000,
    });
    expect(nothingPaid.status).toBe(409);
  });

  it('lists disputes for admins by status, newest first, page by page', async () => {
    const { rideId, customer, driver } = await finishedRide();
    const a = await openDispute(customer, rideId);
    const b = await openDispute(driver, rideId, { reason: 'BEHAVIOUR' });
    await decide(admin.accessToken, a.body.id, { status: 'REJECTED', resolution: 'Not supported' });

    const firstPage = await call(env.app, 'GET', '/api/admin/disputes?status=OPEN&limit=1', {
      token: admin.accessToken,
    });
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.items).toHaveLength(1);
    expect(firstPage.body.items[0]).toMatchObject({
      id: b.body.id,
      status: 'OPEN',
      openedById: driver.user.id,
    });
    expect(firstPage.body.nextCursor).toBeTruthy();
    const next = await call(
      env.app,
      'GET',
      `/api/admin/disputes?status=OPEN&limit=100&cursor=${firstPage.body.nextCursor}`,
      {
        token: admin.accessToken,
      },
    );
    expect(next.body.items.map((d: { id: string }) => d.id)).not.toContain(b.body.id);
    expect(next.body.items.every((d: { status: string }) => d.status === 'OPEN')).toBe(true);
    const rejected = await call(env.app, 'GET', '/api/admin/disputes?status=REJECTED&limit=100', {
      token: admin.accessToken,
    });
    expect(rejected.body.items.map((d: { id: string }) => d.id)).toContain(a.body.id);
    const asCustomer = await call(env.app, 'GET', '/api/admin/disputes', { token: customer.accessToken });
    expect(asCustomer.status).toBe(403);
  });
});
