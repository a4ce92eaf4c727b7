import { z } from 'zod';
import type { JobDefinition } from '../../jobs/job-registry';
import type { PaymentSettlement } from './payment-settlement';
import type { PaymentsService } from './payments.service';
import {
  PAYMENTS_QUEUE,
  PAYMENTS_SWEEP_JOB,
  SETTLE_PAYMENT_JOB,
  settlePaymentPayloadSchema,
} from './payments-queue';

/**
 * The payment worker's jobs: `settle-payment` (one per payment, 5 attempts with exponential backoff, set by
 * the producer) and a sweep on a job scheduler that re-enqueues settlements whose job was lost and asks
 * Flouci about payments whose webhook never came.
 */
export function paymentJobs(deps: {
  settlement: PaymentSettlement;
  payments: PaymentsService;
  sweepEveryMs: number;
}): JobDefinition[] {
  const settle: JobDefinition<z.infer<typeof settlePaymentPayloadSchema>> = {
    queue: PAYMENTS_QUEUE,
    name: SETTLE_PAYMENT_JOB,
    payload: settlePaymentPayloadSchema,
    handle: async ({ paymentId }) => {
      await deps.settlement.settle(paymentId);
    },
  };
  const sweep: JobDefinition = {
    queue: PAYMENTS_QUEUE,
    name: PAYMENTS_SWEEP_JOB,
    payload: z.object({}).passthrough(),
    repeatEveryMs: deps.sweepEveryMs,
    handle: async () => {
      await deps.payments.sweepPending();
    },
  };
  return [settle as JobDefinition, sweep];
}
