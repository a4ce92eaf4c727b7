import { createDatabase } from '@truck4u/database';
import { Worker } from 'bullmq';
import pino from 'pino';
import { ConfigError, loadConfig } from './config/config';
import { createBlockingRedis } from './infra/redis';
import { onShutdownSignal } from './infra/shutdown';
import { createJobRegistry, type JobDefinition } from './jobs/job-registry';

/** Every job the worker process runs. Domains add theirs here (dispatch, payments, subscriptions). */
const JOBS: readonly JobDefinition[] = [];

async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, name: 'worker' });
  const database = createDatabase({
    url: config.database.url,
    maxConnections: config.database.poolMax,
    applicationName: 'truck4u-worker',
  });
  const connection = createBlockingRedis(config.redis.url);
  const registry = createJobRegistry(JOBS);

  const workers = [...registry.entries()].map(
    ([queue, jobs]) =>
      new Worker(
        queue,
        async (job) => {
          const definition = jobs.get(job.name);
          if (!definition) throw new Error(`No handler for job ${queue}/${job.name}`);
          await definition.handle(definition.payload.parse(job.data));
        },
        { connection, prefix: `${config.redis.keyPrefix}bull`, concurrency: 10 },
      ),
  );

  await connection.ping();
  log.info({ queues: [...registry.keys()] }, 'worker ready');

  onShutdownSignal(log, config.shutdownGraceMs, async () => {
    // Worker.close waits for running jobs to finish; unfinished ones are retried by another worker.
    await Promise.all(workers.map((w) => w.close()));
    await database.close();
    connection.disconnect();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
