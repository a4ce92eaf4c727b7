import { startJobWorkers } from '../src/composition/job-workers';
import { createLogger } from '../src/infra/logger';
import { createBlockingRedis, createCommandRedis } from '../src/infra/redis';
import { FlouciHttpClient } from '../src/providers/flouci/flouci-http-client';
import { TwilioSmsSender } from '../src/providers/sms/twilio-sms-sender';
import type { TestEnvironment } from './test-environment';

/**
 * Runs `queues`' jobs in this process, as the worker entry point does (same services, same handlers), on
 * the environment's database and Redis prefix.
 */
export async function runJobsInProcess(
  env: TestEnvironment,
  queues: readonly string[],
): Promise<{ close(): Promise<void> }> {
  const { config } = env;
  const redis = createCommandRedis(config.redis.url, { commandTimeout: 2_000 });
  const connection = createBlockingRedis(config.redis.url);
  const workers = await startJobWorkers(
    {
      config,
      database: env.database,
      redis,
      sms: new TwilioSmsSender(config.sms),
      flouci: new FlouciHttpClient(config.flouci),
      log: createLogger(config, { name: 'worker' }),
    },
    { connection, concurrency: 10, queues },
  ).catch((error: unknown) => {
    redis.disconnect();
    connection.disconnect();
    throw error;
  });
  return {
    async close() {
      await workers.close();
      redis.disconnect();
      connection.disconnect();
    },
  };
}
