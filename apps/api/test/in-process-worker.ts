import { createBlockingRedis } from '../src/infra/redis';
import type { JobDefinition } from '../src/jobs/job-registry';
import { startWorkers } from '../src/jobs/start-workers';
import type { TestEnvironment } from './test-environment';

/** A domain's jobs, as its `create…Runtime` returns them for the worker entry point. */
export interface JobRuntime {
  jobs: JobDefinition[];
  close(): Promise<void>;
}

/** Runs a domain's jobs in this process, as the worker entry point does, on the environment's queue. */
export async function runJobsInProcess(
  env: TestEnvironment,
  runtime: JobRuntime,
): Promise<{ close(): Promise<void> }> {
  const connection = createBlockingRedis(env.config.redis.url);
  const running = await startWorkers({
    definitions: runtime.jobs,
    connection,
    prefix: `${env.config.redis.keyPrefix}bull`,
    concurrency: 10,
  });
  return {
    async close() {
      await running.close();
      await runtime.close();
      connection.disconnect();
    },
  };
}
