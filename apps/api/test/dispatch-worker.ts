import { DISPATCH_QUEUE } from '../src/modules/dispatch/dispatch.jobs';
import { runJobsInProcess } from './in-process-worker';
import type { TestEnvironment } from './test-environment';

/** Runs the dispatch jobs in this process, as the worker entry point does, on the environment's queue. */
export function startDispatchWorker(env: TestEnvironment): Promise<{ close(): Promise<void> }> {
  return runJobsInProcess(env, [DISPATCH_QUEUE]);
}
