import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Config } from '../../config/config';
import type { DispatchScheduler } from './dispatch-scheduler';

export const DISPATCH_QUEUE = 'ride-dispatch';
export const DISPATCH_STEP_JOB = 'dispatch-step';
export const CHECK_BIDS_JOB = 'check-bids';
export type DispatchJobName = typeof DISPATCH_STEP_JOB | typeof CHECK_BIDS_JOB;

/** Both dispatch jobs carry the same ids: which ride, which retry round, which radius step. */
export const dispatchJobPayloadSchema = z.object({
  rideId: z.uuid(),
  round: z.number().int().min(0),
  step: z.number().int().min(0),
  /**
   * On a `check-bids` re-run when the bids that stopped the search expire: the latest expiry (epoch ms) it
   * waits for. Part of the job id, so each wait is its own job and duplicates of it still collapse.
   */
  bidsExpireAt: z.number().int().positive().optional(),
});
export type DispatchJobPayload = z.infer<typeof dispatchJobPayloadSchema>;

/**
 * The job id names the ride, round, step and job, so adding the same step twice (a retried handler, a
 * duplicated request) is a no-op while the first job is kept. BullMQ ids may not contain ':'.
 */
export function dispatchJobId(name: DispatchJobName, payload: DispatchJobPayload): string {
  const base = `${name}_${payload.rideId}_r${payload.round}_s${payload.step}`;
  return payload.bidsExpireAt === undefined ? base : `${base}_e${payload.bidsExpireAt}`;
}

const JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1_000 },
  // Finished jobs stay a day so their ids keep deduplicating late duplicates; failed ones a week, to look at.
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Producer side of the `ride-dispatch` queue, used by the api (start) and the worker (next steps). */
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

  startDispatch(rideId: string, round: number, startAt?: Date): Promise<void> {
    // A delayed job lives in Redis, so a ride booked days ahead still starts on time across worker restarts;
    // its id is the one an immediate start would have, so a duplicate start adds nothing.
    const untilStart = startAt === undefined ? 0 : startAt.getTime() - Date.now();
    return this.enqueue(
      DISPATCH_STEP_JOB,
      { rideId, round, step: 0 },
      Math.max(this.config.firstStepDelayMs, untilStart),
    );
  }

  async enqueue(name: DispatchJobName, payload: DispatchJobPayload, delayMs: number): Promise<void> {
    await this.queue.add(name, payload, {
      ...JOB_OPTIONS,
      jobId: dispatchJobId(name, payload),
      delay: delayMs,
    });
  }

  /** For tests and operations: the queue's jobs in the given states. */
  get bullQueue(): Queue {
    return this.queue;
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
