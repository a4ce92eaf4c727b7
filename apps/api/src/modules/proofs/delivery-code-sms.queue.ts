import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DELIVERY_CODES_QUEUE, deliveryCodeSmsJob } from './delivery-code-sms.jobs';

/** Asks the worker to text a delivery code again later. */
export interface DeliveryCodeSmsScheduler {
  scheduleRetry(rideId: string, nonce: string): Promise<void>;
}

// The first retry waits this long: a provider that just failed is rarely back within milliseconds.
const FIRST_RETRY_DELAY_MS = 1_000;

/** Producer side of the `delivery-codes` queue (the api after a failed send, the worker between retries). */
export class DeliveryCodeSmsQueue implements DeliveryCodeSmsScheduler {
  private readonly queue: Queue;

  constructor(connection: Redis, keyPrefix: string, onError: (error: Error) => void = () => {}) {
    this.queue = new Queue(DELIVERY_CODES_QUEUE, { connection, prefix: `${keyPrefix}bull` });
    this.queue.on('error', onError);
  }

  async scheduleRetry(rideId: string, nonce: string): Promise<void> {
    const job = await deliveryCodeSmsJob.enqueue(
      this.queue,
      { rideId, nonce },
      { delayMs: FIRST_RETRY_DELAY_MS },
    );
    // A job that used up its attempts keeps the id; a new failure of the same code means try again.
    if (await job.isFailed()) await job.retry('failed');
  }

  get bullQueue(): Queue {
    return this.queue;
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
