import { z } from 'zod';
import { defineJob, type JobHandler } from '../../jobs/define-job';
import type { PaymentSettlement } from './payment-settlement';

export const PAYMENTS_QUEUE = 'payments';
export const SETTLE_PAYMENT_JOB = 'settle-payment';
export const PAYMENTS_SWEEP_JOB = 'payments-sweep';

export const settlePaymentPayloadSchema = z.object({ paymentId: z.uuid() });
export type SettlePaymentPayload = z.infer<typeof settlePaymentPayloadSchema>;

/** One settlement job per payment: adding it again while it exists is a no-op. BullMQ ids may not contain ':'. */
export const settlementJobId = (paymentId: string) => `${SETTLE_PAYMENT_JOB}_${paymentId}`;

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
  jobId: ({ paymentId }) => settlementJobId(paymentId),
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

/** The payment worker's handlers: settlement, and the sweep. */
export function paymentJobHandlers(deps: {
  settlement: PaymentSettlement;
  payments: PendingPaymentsSweep;
}): JobHandler[] {
  return [settlePaymentJob.handler(deps), paymentsSweepJob.handler(deps)];
}
