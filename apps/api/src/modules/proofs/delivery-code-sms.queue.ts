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
    // A finished job keeps its id (a day or a week), so adding it again is a no-op: a new failure of the same
    // code, or the sweep finding it still unsent, means try again.
    const state = await job.getState();
    if (state === 'failed' || state === 'completed') await job.retry(state);
  }

  get bullQueue(): Queue {
    return this.queue;
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
