import { randomUUID } from 'node:crypto';
import { ledgerAccounts, ledgerEntries, ledgerTransactions } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver } from '#test/factories';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { heldRefundEntries, holdEntries, settlementEntries } from '../payments/settlement-entries';
import {
  type AccountRef,
  balanceOf,
  customerWallet,
  driverWallet,
  ESCROW,
  ledgerTotal,
  type Posting,
  postTransaction,
} from './ledger';

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => env?.close());

const db = () => env.database.db;
const topUp = (customerId: string, amount: number, key = randomUUID()) =>
  db().transaction((tx) =>
    postTransaction(tx, {
      kind: 'TOP_UP',
      description: 'Wallet top-up',
      idempotencyKey: key,
      entries: [
        { account: { kind: 'FLOUCI_CLEARING' }, amount: -amount },
        { account: customerWallet(customerId), amount },
      ],
    }),
  );

async function assertLedgerConsistent(): Promise<void> {
  expect(await ledgerTotal(db())).toBe(0);
  const drift = await db().execute(sql`
    SELECT a.id FROM ledger_accounts a
    LEFT JOIN ledger_entries e ON e.account_id = a.id
    GROUP BY a.id, a.balance HAVING a.balance <> COALESCE(SUM(e.amount), 0)`);
  expect(drift.rows).toEqual([]);
  const unbalanced = await db().execute(
    sql`SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING SUM(amount) <> 0`,
  );
  expect(unbalanced.rows).toEqual([]);
}

describe('ledger invariants held by the database', () => {
  it('refuses at commit a transaction whose entries do not sum to zero', async () => {
    const customer = await registerCustomer(env);
    await topUp(customer.user.id, 10_000);
    const [account] = await db()
      .select()
      .from(ledgerAccounts)
      .where(eq(ledgerAccounts.ownerId, customer.user.id));
    const attempt = db().transaction(async (tx) => {
      const [t] = await tx
        .insert(ledgerTransactions)
        .values({ kind: 'FORGED', description: 'money from nowhere', idempotencyKey: randomUUID() })
        .returning();
      await tx
        .insert(ledgerEntries)
        .values({ transactionId: t?.id ?? '', accountId: account?.id ?? '', amount: 1_000_000 });
    });
    await expect(attempt).rejects.toThrow();
    expect(await balanceOf(db(), customerWallet(customer.user.id))).toBe(10_000);
  });

  it('refuses edits to history and direct balance changes', async () => {
    const customer = await registerCustomer(env);
    await topUp(customer.user.id, 5_000);
    await expect(db().update(ledgerEntries).set({ amount: 1 })).rejects.toThrow();
    await expect(db().delete(ledgerEntries)).rejects.toThrow();
    await expect(db().delete(ledgerTransactions)).rejects.toThrow();
    await expect(
      db()
        .update(ledgerAccounts)
        .set({ balance: 999_999 })
        .where(eq(ledgerAccounts.ownerId, customer.user.id)),
    ).rejects.toThrow();
    expect(await balanceOf(db(), customerWallet(customer.user.id))).toBe(5_000);
  });

  it('never lets a customer wallet go below zero', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env);
    await topUp(customer.user.id, 3_000);
    const pay = db().transaction((tx) =>
      postTransaction(tx, {
        kind: 'RIDE_PAYMENT',
        description: 'Ride',
        idempotencyKey: randomUUID(),
        entries: [
          { account: customerWallet(customer.user.id), amount: -3_001 },
          { account: driverWallet(driver.user.id), amount: 3_001 },
        ],
      }),
    );
    await expect(pay).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect(await balanceOf(db(), customerWallet(customer.user.id))).toBe(3_000);
    expect(await balanceOf(db(), driverWallet(driver.user.id))).toBe(0);
  });

  it('posts once per idempotency key, even when the same posting races itself', async () => {
    const customer = await registerCustomer(env);
    const key = randomUUID();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => topUp(customer.user.id, 2_500, key)),
    );
    const created = results.filter((r) => r.status === 'fulfilled' && r.value.created);
    expect(created).toHaveLength(1);
    expect(await balanceOf(db(), customerWallet(customer.user.id))).toBe(2_500);
  });

  it('keeps balances equal to their entries under concurrent spending, and never overdraws', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env);
    await topUp(customer.user.id, 10_000);
    const spend = () =>
      db().transaction((tx) =>
        postTransaction(tx, {
          kind: 'RIDE_PAYMENT',
          description: 'Ride',
          idempotencyKey: randomUUID(),
          entries: [
            { account: customerWallet(customer.user.id), amount: -3_000 },
            { account: driverWallet(driver.user.id), amount: 2_550 },
            { account: { kind: 'PLATFORM_REVENUE' }, amount: 450 },
          ],
        }),
      );
    const results = await Promise.allSettled(Array.from({ length: 10 }, spend));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(await balanceOf(db(), customerWallet(customer.user.id))).toBe(1_000);
    expect(await balanceOf(db(), driverWallet(driver.user.id))).toBe(3 * 2_550);
    await assertLedgerConsistent();
  });
});

/**
 * Hold, then release or return, each posting possibly delivered twice (as a retried job would): the payment
 * worker's own lines (settlement-entries.ts). A hold the wallet cannot cover posts nothing and ends there.
 */
async function postHeldRide(
  op: {
    method: 'WALLET' | 'FLOUCI';
    outcome: 'release' | 'cancel';
    amount: number;
    rateBps: number;
    twice: boolean;
  },
  customerId: string,
  driverId: string,
): Promise<void> {
  const paymentId = randomUUID();
  const post = async (posting: Posting) => {
    const first = await db().transaction((tx) => postTransaction(tx, posting));
    expect(first.created).toBe(true);
    if (op.twice) expect((await db().transaction((tx) => postTransaction(tx, posting))).created).toBe(false);
  };
  const hold = holdEntries({ method: op.method, amount: op.amount, customerId });
  try {
    await post({ ...hold, idempotencyKey: `payment:${paymentId}:hold` });
  } catch (error) {
    expect((error as { code?: string }).code).toBe('INSUFFICIENT_FUNDS');
    return;
  }
  const next =
    op.outcome === 'release'
      ? settlementEntries({
          purpose: 'RIDE',
          method: op.method,
          amount: op.amount,
          customerId,
          driverId,
          commissionRateBps: op.rateBps,
          isHeld: true,
        })
      : heldRefundEntries({ amount: op.amount, customerId });
  await post({
    kind: next.kind,
    description: next.description,
    idempotencyKey: `payment:${paymentId}:${op.outcome === 'release' ? 'settle' : 'refund'}`,
    entries: next.entries.filter((e) => e.amount !== 0),
  });
}

describe('ledger properties', () => {
  it('any sequence of customer and driver top-ups, wallet, Flouci and cash settlements, held rides released or returned, refunds and renewals, each possibly delivered twice, stays balanced, posts once and leaves escrow empty', async () => {
    const customers = await Promise.all([registerCustomer(env), registerCustomer(env)]);
    const drivers = await Promise.all([registerDriver(env), registerDriver(env)]);
    const amount = fc.integer({ min: 1, max: 500_000 });
    const who = fc.nat({ max: 1 });
    // `twice`: the same posting arrives again with its key, as a retried job or a replayed webhook would.
    const twice = fc.boolean();
    const operation = fc.oneof(
      fc.record({ type: fc.constant('topUp' as const), customer: who, amount, twice }),
      // A driver settling cash-commission debt; `customer` is unused but keeps the records alike.
      fc.record({ type: fc.constant('driverTopUp' as const), customer: who, driver: who, amount, twice }),
      fc.record({
        type: fc.constant('pay' as const),
        method: fc.constantFrom('WALLET' as const, 'FLOUCI' as const),
        customer: who,
        driver: who,
        amount,
        rateBps: fc.integer({ min: 0, max: 3000 }),
        twice,
      }),
      fc.record({
        type: fc.constant('cash' as const),
        customer: who,
        driver: who,
        amount,
        rateBps: fc.integer({ min: 0, max: 3000 }),
        twice,
      }),
      fc.record({ type: fc.constant('renew' as const), customer: who, amount, twice }),
      // A ride paid before delivery: held in escrow, then released at completion or returned on cancellation.
      fc.record({
        type: fc.constant('held' as const),
        method: fc.constantFrom('WALLET' as const, 'FLOUCI' as const),
        outcome: fc.constantFrom('release' as const, 'cancel' as const),
        customer: who,
        driver: who,
        amount,
        rateBps: fc.integer({ min: 0, max: 3000 }),
        twice,
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 15 }), async (operations) => {
        const refunds: { entries: { account: AccountRef; amount: number }[] }[] = [];
        for (const op of operations) {
          const customer = customers[op.customer]?.user.id ?? '';
          if (op.type === 'held') {
            await postHeldRide(op, customer, drivers[op.driver]?.user.id ?? '');
            continue;
          }
          const driver = 'driver' in op ? (drivers[op.driver]?.user.id ?? '') : null;
          // Ride payments and top-ups use the payment worker's own settlement lines.
          const settled = (method: 'WALLET' | 'FLOUCI' | 'CASH', purpose: 'RIDE' | 'TOP_UP') =>
            settlementEntries({
              purpose,
              method,
              amount: op.amount,
              customerId: customer,
              driverId: driver,
              commissionRateBps: 'rateBps' in op ? op.rateBps : null,
            }).entries;
          const entriesByType = {
            topUp: () => settled('FLOUCI', 'TOP_UP'),
            driverTopUp: () =>
              settlementEntries({
                purpose: 'TOP_UP',
                method: 'FLOUCI',
                amount: op.amount,
                customerId: null,
                driverId: driver,
                commissionRateBps: null,
              }).entries,
            pay: () => settled('method' in op ? op.method : 'WALLET', 'RIDE'),
            cash: () => settled('CASH', 'RIDE'),
            renew: () => [
              { account: customerWallet(customer), amount: -op.amount },
              { account: { kind: 'SUBSCRIPTION_REVENUE' } as AccountRef, amount: op.amount },
            ],
          };
          const entries = entriesByType[op.type]().filter((e) => e.amount !== 0);
          if (entries.length < 2) continue;
          const posting = { kind: op.type, description: op.type, idempotencyKey: randomUUID(), entries };
          try {
            await db().transaction((tx) => postTransaction(tx, posting));
            if (op.twice) {
              const again = await db().transaction((tx) => postTransaction(tx, posting));
              expect(again.created).toBe(false);
            }
            if (op.type === 'pay')
              refunds.push({ entries: entries.map((e) => ({ ...e, amount: -e.amount })) });
          } catch (error) {
            // The only acceptable refusal is an overdraft, and it must leave nothing behind.
            expect((error as { code?: string }).code).toBe('INSUFFICIENT_FUNDS');
          }
        }
        for (const refund of refunds) {
          await db()
            .transaction((tx) =>
              postTransaction(tx, {
                kind: 'REFUND',
                description: 'Refund',
                idempotencyKey: randomUUID(),
                entries: refund.entries,
              }),
            )
            .catch((error) => expect((error as { code?: string }).code).toBe('INSUFFICIENT_FUNDS'));
        }
        await assertLedgerConsistent();
        // Every held ride was released or returned: escrow holds nothing.
        expect(await balanceOf(db(), ESCROW)).toBe(0);
        for (const c of customers)
          expect(await balanceOf(db(), customerWallet(c.user.id))).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
