import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../../config/config';
import type { DispatchScheduler } from '../rides/dispatch-scheduler';
import { DISPATCH_QUEUE, type DispatchJob, type DispatchJobPayload, dispatchStepJob } from './dispatch.jobs';

/**
 * Producer side of the `ride-dispatch` queue, used by the api (start) and the worker (next steps). Job ids,
 * attempts, backoff and retention come from the definitions in dispatch.jobs.ts.
 */
export class DispatchQueue implements DispatchScheduler {
  private readonly queue: Queue;

  constructor(
    connection: Redis,
    keyPrefix: string,
    private readonly config: Config['dispatch'],
    onError: (error: Error) => void = () => {},
  ) {
    this.queue = new Queue(DISPATCH_QUEUE, { connection, prefix: `${keyPrefix}bull` });
    // Connection errors surface as failed `add` calls; without a listener BullMQ prints each one.
    this.queue.on('error', onError);
  }

  startDispatch(
    rideId: string,
    round: number,
    startAt?: Date,
    options: { favouritesFirst?: boolean } = {},
  ): Promise<void> {
    // A delayed job lives in Redis, so a ride booked days ahead still starts on time across worker restarts;
    // its id is the one an immediate start would have, so a duplicate start adds nothing.
    const untilStart = startAt === undefined ? 0 : startAt.getTime() - Date.now();
    return this.enqueue(
      dispatchStepJob,
      { rideId, round, step: 0, ...(options.favouritesFirst ? { phase: 'favourites' as const } : {}) },
      Math.max(this.config.firstStepDelayMs, untilStart),
    );
  }

  async enqueue(job: DispatchJob, payload: DispatchJobPayload, delayMs: number): Promise<void> {
    await job.enqueue(this.queue, payload, { delayMs });
  }

  /** For tests and operations: the queue's jobs in the given states. */
  get bullQueue(): Queue {
    return this.queue;
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
