import { createDispatchRuntime } from '../src/modules/dispatch/dispatch-runtime';
import { runJobsInProcess } from './in-process-worker';
import type { TestEnvironment } from './test-environment';

const quiet = { info() {}, warn() {} };

/** Runs the dispatch jobs in this process, as the worker entry point does, on the environment's queue. */
export function startDispatchWorker(env: TestEnvironment): Promise<{ close(): Promise<void> }> {
  return runJobsInProcess(
    env,
    createDispatchRuntime({ config: env.config, db: env.database.db, log: quiet }),
  );
}
