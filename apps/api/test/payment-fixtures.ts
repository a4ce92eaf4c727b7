import { randomUUID } from 'node:crypto';
import type { Payment } from '@truck4u/contracts';
import { ledgerEntries, ledgerTransactions } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { createCommandRedis } from '../src/infra/redis';
import { FlouciReconciliation } from '../src/modules/payments/flouci-reconciliation.service';
import { PAYMENTS_QUEUE } from '../src/modules/payments/payments.jobs';
import { PaymentsQueue } from '../src/modules/payments/payments.queue';
import { type AccountRef, balanceOf, customerWallet, postTransaction } from '../src/modules/wallet/ledger';
import { FlouciHttpClient } from '../src/providers/flouci/flouci-http-client';
import { registerCustomer, registerDriver, type TestAccount } from './factories';
import { call, type TestResponse } from './http-client';
import { runJobsInProcess } from './in-process-worker';
import { eventually } from './realtime-client';
import { insertRide } from './ride-fixtures';
import type { TestEnvironment } from './test-environment';

const quiet = { info() {}, warn() {}, error() {} };

/** Runs the payment jobs in this process, as the worker entry point does, on the environment's queue. */
export function startPaymentWorker(env: TestEnvironment): Promise<{ close(): Promise<void> }> {
  return runJobsInProcess(env, [PAYMENTS_QUEUE]);
}

export interface CompletedRide {
  rideId: string;
  customer: TestAccount;
  driver: TestAccount;
  price: number;
}

/** A customer, a driver and a COMPLETED ride between them at a fixed price and commission rate. */
export async function completedRide(
  env: TestEnvironment,
  options: { price?: number; commissionRateBps?: number; customer?: TestAccount } = {},
): Promise<CompletedRide> {
  const customer = options.customer ?? (await registerCustomer(env));
  const driver = await registerDriver(env, { verified: true });
  const price = options.price ?? 45_000;
  const rideId = await insertRide(env, {
    customerId: customer.user.id,
    driverId: driver.user.id,
    status: 'COMPLETED',
    price,
    commissionRateBps: options.commissionRateBps ?? 1200,
  });
  return { rideId, customer, driver, price };
}

export function pay(
  env: TestEnvironment,
  token: string,
  body: Record<string, unknown>,
  key: string | null = randomUUID(),
): Promise<TestResponse<Payment & { error?: { code: string } }>> {
  return call(env.app, 'POST', '/api/payments', {
    token,
    body,
    headers: key === null ? {} : { 'idempotency-key': key },
  });
}

/** POST /api/wallet/top-ups as `token`'s owner, customer or driver. */
export function topUp(
  env: TestEnvironment,
  token: string,
  amount: number,
  key: string | null = randomUUID(),
): Promise<TestResponse<Payment & { error?: { code: string } }>> {
  return call(env.app, 'POST', '/api/wallet/top-ups', {
    token,
    body: { amount },
    headers: key === null ? {} : { 'idempotency-key': key },
  });
}

/** The Flouci id the stand-in gave our payment. */
export function flouciIdOf(env: TestEnvironment, paymentId: string): string {
  const id = [...env.flouci.payments.values()].find((p) => p.trackingId === paymentId)?.id;
  expect(id, `no Flouci payment tracks ${paymentId}`).toBeDefined();
  return id ?? '';
}

/** The sweep as the worker runs it, told that every pending payment is already stale. */
export async function sweepPaymentsNow(env: TestEnvironment): Promise<void> {
  const redis = createCommandRedis(env.config.redis.url, { commandTimeout: 2_000 });
  const queue = new PaymentsQueue(redis, env.config.redis.keyPrefix);
  const service = new FlouciReconciliation(
    env.database.db,
    new FlouciHttpClient(env.config.flouci),
    queue,
    quiet,
  );
  try {
    await new Promise((r) => setTimeout(r, 50));
    await service.sweepPending(0);
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

export function postWebhook(env: TestEnvironment, providerPaymentId: string) {
  return call<{ received: true; status: string; error?: { code: string } }>(
    env.app,
    'POST',
    '/api/payments/flouci/webhook',
    { body: { payment_id: providerPaymentId } },
  );
}

/** Waits until the payment reaches `status` as its owner sees it. */
export async function paymentReaches(
  env: TestEnvironment,
  token: string,
  paymentId: string,
  status: Payment['status'],
  timeoutMs = 10_000,
): Promise<Payment> {
  return eventually(
    async () => {
      const response = await call<Payment>(env.app, 'GET', `/api/payments/${paymentId}`, { token });
      expect(response.body.status).toBe(status);
      return response.body;
    },
    timeoutMs,
    50,
  );
}

/** Credits a customer's wallet straight through the ledger (as a settled top-up would). */
export async function fundWallet(env: TestEnvironment, customerId: string, amount: number): Promise<void> {
  await env.database.db.transaction((tx) =>
    postTransaction(tx, {
      kind: 'TOP_UP',
      description: 'Test funding',
      idempotencyKey: `test-funding:${randomUUID()}`,
      entries: [
        { account: { kind: 'FLOUCI_CLEARING' }, amount: -amount },
        { account: customerWallet(customerId), amount },
      ],
    }),
  );
}

export const balance = (env: TestEnvironment, account: AccountRef) => balanceOf(env.database.db, account);

/** The ledger transactions posted for a payment, with their entries' amounts by account kind. */
export async function postingsOf(env: TestEnvironment, paymentId: string) {
  const transactions = await env.database.db
    .select()
    .from(ledgerTransactions)
    .where(eq(ledgerTransactions.paymentId, paymentId));
  return Promise.all(
    transactions.map(async (t) => ({
      kind: t.kind,
      idempotencyKey: t.idempotencyKey,
      entries: (
        await env.database.db.execute<{ kind: string; amount: string }>(
          sql`SELECT a.kind, e.amount FROM ${ledgerEntries} e JOIN ledger_accounts a ON a.id = e.account_id
              WHERE e.transaction_id = ${t.id} ORDER BY a.kind::text`,
        )
      ).rows.map((r) => ({ kind: r.kind, amount: Number(r.amount) })),
    })),
  );
}

export async function ledgerTransactionCount(env: TestEnvironment): Promise<number> {
  const result = await env.database.db.execute<{ n: string }>(
    sql`SELECT count(*)::int AS n FROM ledger_transactions`,
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** POST /api/admin/payments/:id/refund as `token`'s owner. */
export function refund(
  env: TestEnvironment,
  token: string | undefined,
  paymentId: string,
  body: Record<string, unknown> = { reason: 'Goods arrived damaged' },
  key: string | null = randomUUID(),
): Promise<TestResponse<Record<string, unknown> & { error?: { code: string } }>> {
  return call(env.app, 'POST', `/api/admin/payments/${paymentId}/refund`, {
    ...(token ? { token } : {}),
    body,
    headers: key === null ? {} : { 'idempotency-key': key },
  });
}

/** Waits until the payment is decided (SUCCEEDED or FAILED). */
export async function paymentSettles(
  env: TestEnvironment,
  token: string,
  paymentId: string,
): Promise<Payment> {
  return eventually(
    async () => {
      const response = await call<Payment>(env.app, 'GET', `/api/payments/${paymentId}`, { token });
      expect(['SUCCEEDED', 'FAILED']).toContain(response.body.status);
      return response.body;
    },
    10_000,
    50,
  );
}

/** The ledger's own invariants, as the database should have kept them whatever the tests did. */
export async function expectLedgerConsistent(env: TestEnvironment): Promise<void> {
  const db = env.database.db;
  const total = await db.execute<{ total: string }>(
    sql`SELECT COALESCE(SUM(amount), 0) AS total FROM ledger_entries`,
  );
  expect(Number(total.rows[0]?.total)).toBe(0);
  const drift = await db.execute(sql`
    SELECT a.id FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
    GROUP BY a.id, a.balance HAVING a.balance <> COALESCE(SUM(e.amount), 0)`);
  expect(drift.rows).toEqual([]);
  const unbalanced = await db.execute(
    sql`SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING SUM(amount) <> 0`,
  );
  expect(unbalanced.rows).toEqual([]);
  // At most one hold, one settlement and one refund per payment; postings only for payments that were held,
  // succeeded (and may since have been refunded); a refund exactly when the payment is REFUNDED.
  const stray = await db.execute(sql`
    SELECT t.payment_id FROM ledger_transactions t LEFT JOIN payments p ON p.id = t.payment_id
    WHERE t.payment_id IS NOT NULL GROUP BY t.payment_id, p.status
    HAVING count(*) FILTER (WHERE t.kind NOT IN ('REFUND', 'ESCROW_HOLD')) > 1
      OR count(*) FILTER (WHERE t.kind = 'ESCROW_HOLD') > 1
      OR count(*) FILTER (WHERE t.kind = 'REFUND') > 1
      OR (count(*) FILTER (WHERE t.kind = 'REFUND') = 1) IS DISTINCT FROM (p.status = 'REFUNDED')
      OR p.status IS NULL OR p.status::text NOT IN ('SUCCEEDED', 'REFUNDED', 'HELD')`);
  expect(stray.rows).toEqual([]);
  // Escrow per ride: exactly the held amount while a payment is HELD, back to zero once released or refunded.
  const escrowDrift = await db.execute(sql`
    SELECT t.ride_id FROM ledger_transactions t
    JOIN ledger_entries e ON e.transaction_id = t.id
    JOIN ledger_accounts a ON a.id = e.account_id AND a.kind::text = 'ESCROW'
    WHERE t.ride_id IS NOT NULL GROUP BY t.ride_id
    HAVING SUM(e.amount) <> COALESCE((SELECT SUM(p.amount) FROM payments p
                                      WHERE p.ride_id = t.ride_id AND p.status::text = 'HELD'), 0)`);
  expect(escrowDrift.rows).toEqual([]);
  // A refund credits its payer's wallet the whole amount and takes back exactly the commission settled.
  const unfaithful = await db.execute(sql`
    SELECT t.payment_id FROM ledger_transactions t JOIN payments p ON p.id = t.payment_id
    WHERE t.kind = 'REFUND' AND (
      NOT EXISTS (SELECT 1 FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
                  WHERE e.transaction_id = t.id AND a.kind = 'CUSTOMER_WALLET'
                    AND a.owner_id = p.customer_id AND e.amount = p.amount)
      OR COALESCE((SELECT SUM(e.amount) FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
                   WHERE e.transaction_id = t.id AND a.kind = 'PLATFORM_REVENUE'), 0)
         <> -COALESCE((SELECT SUM(e.amount) FROM ledger_transactions s
                       JOIN ledger_entries e ON e.transaction_id = s.id
                       JOIN ledger_accounts a ON a.id = e.account_id
                       WHERE s.idempotency_key = 'payment:' || p.id || ':settle'
                         AND a.kind = 'PLATFORM_REVENUE'), 0))`);
  expect(unfaithful.rows).toEqual([]);
  // A top-up credits its own payer's wallet, customer or driver, and no one else's.
  const misdirected = await db.execute(sql`
    SELECT t.payment_id FROM ledger_transactions t
    JOIN payments p ON p.id = t.payment_id
    JOIN ledger_entries e ON e.transaction_id = t.id
    JOIN ledger_accounts a ON a.id = e.account_id
    WHERE t.kind = 'TOP_UP' AND a.kind <> 'FLOUCI_CLEARING'
      AND NOT ((a.kind = 'CUSTOMER_WALLET' AND a.owner_id = p.customer_id)
            OR (a.kind = 'DRIVER_WALLET' AND a.owner_id = p.driver_id))`);
  expect(misdirected.rows).toEqual([]);
}
