import type { JobDefinition } from '../../jobs/job-registry';
import type { DispatchService } from './dispatch.service';
import {
  CHECK_BIDS_JOB,
  DISPATCH_QUEUE,
  DISPATCH_STEP_JOB,
  type DispatchJobPayload,
  dispatchJobPayloadSchema,
} from './dispatch-queue';

// The worker parses every payload with the definition's schema before calling `handle`, so narrowing the
// handler's parameter to that schema's type is safe.
function defineJob(definition: JobDefinition<DispatchJobPayload>): JobDefinition {
  return definition as unknown as JobDefinition;
}

/** `dispatch-step` and `check-bids` on the `ride-dispatch` queue (attempts, backoff and ids: DispatchQueue). */
export function dispatchJobs(deps: { dispatch: DispatchService }): JobDefinition[] {
  return [
    defineJob({
      queue: DISPATCH_QUEUE,
      name: DISPATCH_STEP_JOB,
      payload: dispatchJobPayloadSchema,
      handle: (payload) => deps.dispatch.runStep(payload),
    }),
    defineJob({
      queue: DISPATCH_QUEUE,
      name: CHECK_BIDS_JOB,
      payload: dispatchJobPayloadSchema,
      handle: (payload) => deps.dispatch.checkBids(payload),
    }),
  ];
}
