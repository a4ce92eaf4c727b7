import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';

export const PAYMENTS_QUEUE = 'payments';
export const SETTLE_PAYMENT_JOB = 'settle-payment';
export const PAYMENTS_SWEEP_JOB = 'payments-sweep';

export const settlePaymentPayloadSchema = z.object({ paymentId: z.uuid() });
export type SettlePaymentPayload = z.infer<typeof settlePaymentPayloadSchema>;

/** One settlement job per payment: adding it again while it exists is a no-op. BullMQ ids may not contain ':'. */
export const settlementJobId = (paymentId: string) => `${SETTLE_PAYMENT_JOB}_${paymentId}`;

const JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  // Completed jobs stay a day so their ids keep absorbing late duplicates; failed ones a week, to look at.
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Asks the payment worker to settle a payment. */
export interface SettlementScheduler {
  enqueueSettlement(paymentId: string): Promise<void>;
}

/** Producer side of the `payments` queue (the api after a cash/wallet payment or a verified webhook; the sweep). */
export class PaymentsQueue implements SettlementScheduler {
  private readonly queue: Queue;

  constructor(connection: Redis, keyPrefix: string, onError: (error: Error) => void = () => {}) {
    this.queue = new Queue(PAYMENTS_QUEUE, { connection, prefix: `${keyPrefix}bull` });
    this.queue.on('error', onError);
  }

  async enqueueSettlement(paymentId: string): Promise<void> {
    const job = await this.queue.add(SETTLE_PAYMENT_JOB, { paymentId } satisfies SettlePaymentPayload, {
      ...JOB_OPTIONS,
      jobId: settlementJobId(paymentId),
    });
    // A job that used up its attempts (e.g. the database was down for minutes) still holds the id; asking
    // again means the cause may be gone, so give it another round. Settlement itself is idempotent.
    if (await job.isFailed()) await job.retry('failed');
  }

  get bullQueue(): Queue {
    return this.queue;
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
