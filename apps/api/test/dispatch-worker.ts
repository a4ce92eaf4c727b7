import { createBlockingRedis } from '../src/infra/redis';
import { startWorkers } from '../src/jobs/start-workers';
import { createDispatchRuntime } from '../src/modules/dispatch/dispatch-runtime';
import type { TestEnvironment } from './test-environment';

const quiet = { info() {}, warn() {} };

/** Runs the dispatch jobs in this process, as the worker entry point does, on the environment's queue. */
export async function startDispatchWorker(env: TestEnvironment): Promise<{ close(): Promise<void> }> {
  const runtime = createDispatchRuntime({ config: env.config, db: env.database.db, log: quiet });
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
