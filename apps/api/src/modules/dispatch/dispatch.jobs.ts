import { z } from 'zod';
import { defineJob, type JobHandler, type JobOptions } from '../../jobs/define-job';
import type { DispatchService } from './dispatch.service';

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
  /**
   * `favourites`: the round's first phase for a ride posted with `favouritesFirst`, offered only to the
   * customer's favourite drivers (step 0, any distance up to the largest radius) before the circles.
   */
  phase: z.literal('favourites').optional(),
});
export type DispatchJobPayload = z.infer<typeof dispatchJobPayloadSchema>;

/**
 * The job id names the ride, round, step and job, so adding the same step twice (a retried handler, a
 * duplicated request) is a no-op while the first job is kept. BullMQ ids may not contain ':'.
 */
export function dispatchJobId(name: DispatchJobName, payload: DispatchJobPayload): string {
  // The favourites phase has its own ids (`_fav`), so the circles' step 0 that follows it is a new job.
  const base = `${name}_${payload.rideId}_r${payload.round}_s${payload.step}${payload.phase === 'favourites' ? '_fav' : ''}`;
  return payload.bidsExpireAt === undefined ? base : `${base}_e${payload.bidsExpireAt}`;
}

const DISPATCH_JOB_OPTIONS: JobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1_000 },
  // Finished jobs stay a day so their ids keep deduplicating late duplicates; failed ones a week, to look at.
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

interface DispatchJobDeps {
  dispatch: DispatchService;
}

/** One radius step of the search: offer the ride to the drivers within it, then schedule `check-bids`. */
export const dispatchStepJob = defineJob({
  queue: DISPATCH_QUEUE,
  name: DISPATCH_STEP_JOB,
  payload: dispatchJobPayloadSchema,
  options: DISPATCH_JOB_OPTIONS,
  jobId: (payload) => dispatchJobId(DISPATCH_STEP_JOB, payload),
  handle: (payload, deps: DispatchJobDeps) => deps.dispatch.runStep(payload),
});

/** The end of a step's bid window: stop, wait for live bids, widen, or give up. */
export const checkBidsJob = defineJob({
  queue: DISPATCH_QUEUE,
  name: CHECK_BIDS_JOB,
  payload: dispatchJobPayloadSchema,
  options: DISPATCH_JOB_OPTIONS,
  jobId: (payload) => dispatchJobId(CHECK_BIDS_JOB, payload),
  handle: (payload, deps: DispatchJobDeps) => deps.dispatch.checkBids(payload),
});

/** Either dispatch job: what `DispatchQueue.enqueue` takes. */
export type DispatchJob = typeof dispatchStepJob | typeof checkBidsJob;

/** The dispatch jobs' handlers, bound to the service they call (the worker's dispatch runtime). */
export function dispatchJobHandlers(deps: DispatchJobDeps): JobHandler[] {
  return [dispatchStepJob.handler(deps), checkBidsJob.handler(deps)];
}
