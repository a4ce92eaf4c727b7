import { z } from 'zod';
import { defineJob, type JobHandler } from '../../jobs/define-job';
import type { PaymentSettlement } from './payment-settlement';

export const PAYMENTS_QUEUE = 'payments';
export const SETTLE_PAYMENT_JOB = 'settle-payment';
export const PAYMENTS_SWEEP_JOB = 'payments-sweep';
export const CASH_CONFIRM_SWEEP_JOB = 'cash-confirm-sweep';

/**
 * `release`: the run at a held payment's ride completion. It needs its own job id: the run that held the money
 * keeps `settle-payment_<id>` for a day, and adding that id again would be a no-op.
 */
export const settlePaymentPayloadSchema = z.object({ paymentId: z.uuid(), release: z.boolean().optional() });
export type SettlePaymentPayload = z.infer<typeof settlePaymentPayloadSchema>;

/** One settlement job per payment: adding it again while it exists is a no-op. BullMQ ids may not contain ':'. */
export const settlementJobId = (paymentId: string, release = false) =>
  `${SETTLE_PAYMENT_JOB}_${paymentId}${release ? '_release' : ''}`;

/** Posts a payment's ledger entries once (idempotent: a second run finds it settled). 5 attempts, exponential. */
export const settlePaymentJob = defineJob({
  queue: PAYMENTS_QUEUE,
  name: SETTLE_PAYMENT_JOB,
  payload: settlePaymentPayloadSchema,
  options: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 1_000 },
    // Completed jobs stay a day so their ids keep absorbing late duplicates; failed ones a week, to look at.
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  jobId: ({ paymentId, release }) => settlementJobId(paymentId, release),
  handle: ({ paymentId }, deps: { settlement: PaymentSettlement }) => deps.settlement.settle(paymentId),
});

/** What the sweep calls: re-enqueue settlements whose job was lost, ask Flouci about silent payments. */
export interface PendingPaymentsSweep {
  sweepPending(): Promise<void>;
}

/** The payments sweep, on a BullMQ job scheduler every PAYMENT_SWEEP_EVERY_MS; safe to run twice. */
export const paymentsSweepJob = defineJob({
  queue: PAYMENTS_QUEUE,
  name: PAYMENTS_SWEEP_JOB,
  payload: z.object({}).passthrough(),
  repeat: { everyMs: (config) => config.payments.sweepEveryMs },
  handle: (_payload, deps: { payments: PendingPaymentsSweep }) => deps.payments.sweepPending(),
});

/** What the cash sweep calls: flag declared cash the driver has not confirmed in time. */
export interface OverdueCashSweep {
  flagOverdue(): Promise<number>;
}

/**
 * Flags declared cash payments left unconfirmed past CASH_CONFIRM_WINDOW_MS for admins (GET
 * /api/admin/payments, `cashConfirmOverdueAt`); never settles them. On a job scheduler at the payments sweep's
 * pace; flagging is one conditional UPDATE, so two runs at once flag each payment once.
 */
export const cashConfirmSweepJob = defineJob({
  queue: PAYMENTS_QUEUE,
  name: CASH_CONFIRM_SWEEP_JOB,
  payload: z.object({}).passthrough(),
  repeat: { everyMs: (config) => config.payments.sweepEveryMs },
  handle: (_payload, deps: { cash: OverdueCashSweep }) => deps.cash.flagOverdue(),
});

/** The payment worker's handlers: settlement, the sweep, and the cash sweep. */
export function paymentJobHandlers(deps: {
  settlement: PaymentSettlement;
  payments: PendingPaymentsSweep;
  cash: OverdueCashSweep;
}): JobHandler[] {
  return [settlePaymentJob.handler(deps), paymentsSweepJob.handler(deps), cashConfirmSweepJob.handler(deps)];
}
