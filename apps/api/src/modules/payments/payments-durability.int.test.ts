import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '#test/http-client';
import {
  balance,
  completedRide,
  expectLedgerConsistent,
  fundWallet,
  pay,
  paymentReaches,
  postingsOf,
} from '#test/payment-fixtures';
import { eventually } from '#test/realtime-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { killHard, startWorkerProcess } from '#test/worker-process';
import { customerWallet, driverWallet, ledgerTotal } from '../wallet/ledger';
import { PaymentSettlement } from './payment-settlement';

describe('payment settlement durability', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    // Every settlement this worker runs holds its transaction open for 3 s, entries written, uncommitted.
    // A 2 s job lock lets the restarted worker claim the killed worker's job within seconds, not a minute.
    env = await createTestEnvironment({ PAYMENT_SETTLE_DELAY_MS: '3000', WORKER_LOCK_DURATION_MS: '2000' });
  });
  afterAll(async () => env?.close());

  it('settles exactly once after the worker is killed with SIGKILL in the middle of a settlement', async () => {
    const { rideId, customer, driver } = await completedRide(env, { price: 45_000, commissionRateBps: 1200 });
    await fundWallet(env, customer.user.id, 50_000);
    const platformBefore = await balance(env, { kind: 'PLATFORM_REVENUE' });
    const first = startWorkerProcess(env);
    let second: ReturnType<typeof startWorkerProcess> | undefined;
    try {
      await eventually(() => expect(first.output()).toContain('worker ready'), 20_000, 50);
      const created = await pay(env, customer.accessToken, { rideId, method: 'WALLET' });
      expect(created.status).toBe(201);
      const paymentId = created.body.id;

      await eventually(
        () => expect(first.output()).toContain('settlement holding its transaction open'),
        10_000,
        20,
      );
      await killHard(first.child);

      // The killed transaction never committed: nothing is posted and the payment is still pending.
      expect(await postingsOf(env, paymentId)).toEqual([]);
      const pending = await call(env.app, 'GET', `/api/payments/${paymentId}`, {
        token: customer.accessToken,
      });
      expect(pending.body.status).toBe('PENDING');

      // The next worker finds the job stalled (its lock expires) and settles it.
      second = startWorkerProcess(env, { PAYMENT_SETTLE_DELAY_MS: '0' });
      await paymentReaches(env, customer.accessToken, paymentId, 'SUCCEEDED', 60_000);

      const settleAgain = new PaymentSettlement(env.database.db, { delayMs: 0 }, { info() {}, warn() {} });
      expect(await settleAgain.settle(paymentId)).toBe('ALREADY_SETTLED');
      expect(await postingsOf(env, paymentId)).toEqual([
        {
          kind: 'RIDE_PAYMENT',
          idempotencyKey: `payment:${paymentId}:settle`,
          entries: [
            { kind: 'CUSTOMER_WALLET', amount: -45_000 },
            { kind: 'DRIVER_WALLET', amount: 39_600 },
            { kind: 'PLATFORM_REVENUE', amount: 5_400 },
          ],
        },
      ]);
      expect(await balance(env, customerWallet(customer.user.id))).toBe(5_000);
      expect(await balance(env, driverWallet(driver.user.id))).toBe(39_600);
      expect((await balance(env, { kind: 'PLATFORM_REVENUE' })) - platformBefore).toBe(5_400);
      expect(await ledgerTotal(env.database.db)).toBe(0);
      await expectLedgerConsistent(env);
    } finally {
      await killHard(first.child);
      if (second) await killHard(second.child);
    }
  }, 120_000);
});
