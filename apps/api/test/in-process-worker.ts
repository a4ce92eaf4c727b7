import { createBlockingRedis } from '../src/infra/redis';
import type { JobHandler } from '../src/jobs/define-job';
import { startWorkers } from '../src/jobs/start-workers';
import type { TestEnvironment } from './test-environment';

/** A domain's job handlers, as its `create…Runtime` returns them for the worker entry point. */
export interface JobRuntime {
  handlers: JobHandler[];
  close(): Promise<void>;
}

/** Runs a domain's jobs in this process, as the worker entry point does, on the environment's queue. */
export async function runJobsInProcess(
  env: TestEnvironment,
  runtime: JobRuntime,
): Promise<{ close(): Promise<void> }> {
  const connection = createBlockingRedis(env.config.redis.url);
  const running = await startWorkers({
    // Only this domain's jobs run here, so only they need a handler.
    definitions: runtime.handlers.map((h) => h.definition),
    handlers: runtime.handlers,
    config: env.config,
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
