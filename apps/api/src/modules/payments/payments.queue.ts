import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { PAYMENTS_QUEUE, settlePaymentJob } from './payments.jobs';

/** Asks the payment worker to settle a payment. */
export interface SettlementScheduler {
  enqueueSettlement(paymentId: string): Promise<void>;
  /** The release of a held payment once its ride completed (same handler, its own job id). */
  enqueueRelease(paymentId: string): Promise<void>;
}

/**
 * Producer side of the `payments` queue (the api after a cash/wallet payment or a verified webhook; the sweep).
 * Job id, attempts, backoff and retention come from `settlePaymentJob` (payments.jobs.ts).
 */
export class PaymentsQueue implements SettlementScheduler {
  private readonly queue: Queue;

  constructor(connection: Redis, keyPrefix: string, onError: (error: Error) => void = () => {}) {
    this.queue = new Queue(PAYMENTS_QUEUE, { connection, prefix: `${keyPrefix}bull` });
    this.queue.on('error', onError);
  }

  async enqueueSettlement(paymentId: string): Promise<void> {
    await this.enqueue({ paymentId });
  }

  async enqueueRelease(paymentId: string): Promise<void> {
    await this.enqueue({ paymentId, release: true });
  }

  private async enqueue(payload: { paymentId: string; release?: boolean }): Promise<void> {
    const job = await settlePaymentJob.enqueue(this.queue, payload);
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
