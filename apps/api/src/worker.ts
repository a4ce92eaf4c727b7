import { createDatabase } from '@truck4u/database';
import pino from 'pino';
import { ConfigError, loadConfig } from './config/config';
import { createBlockingRedis } from './infra/redis';
import { onShutdownSignal } from './infra/shutdown';
import type { JobDefinition } from './jobs/job-registry';
import { startWorkers } from './jobs/start-workers';
import { createDispatchRuntime } from './modules/dispatch/dispatch-runtime';
import { SmsNotificationSender } from './modules/notifications/notification-sender';
import { createPaymentRuntime } from './modules/payments/payments-runtime';
import { subscriptionJobs } from './modules/subscriptions/subscriptions.jobs';
import { SubscriptionsService } from './modules/subscriptions/subscriptions.service';
import { createSmsSender } from './providers/sms/create-sms-sender';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, name: 'worker' });
  const database = createDatabase({
    url: config.database.url,
    maxConnections: config.database.poolMax,
    applicationName: 'truck4u-worker',
  });
  const db = database.db;
  const connection = createBlockingRedis(config.redis.url);
  const notifications = new SmsNotificationSender(db, createSmsSender(config.sms), log);
  const dispatch = createDispatchRuntime({ config, db, log });
  const payments = createPaymentRuntime({ config, db, log });

  /** Every job this process runs, listed explicitly. Each domain contributes its definitions. */
  const jobs: JobDefinition[] = [
    ...subscriptionJobs({
      subscriptions: new SubscriptionsService(db, notifications, config.subscriptions, log),
      sweepEveryMs: config.subscriptions.sweepEveryMs,
    }),
    ...dispatch.jobs,
    ...payments.jobs,
  ];

  const running = await startWorkers({
    definitions: jobs,
    connection,
    prefix: `${config.redis.keyPrefix}bull`,
    concurrency: 10,
    lockDurationMs: config.worker.lockDurationMs,
  });
  log.info({ queues: running.queues }, 'worker ready');

  onShutdownSignal(log, config.shutdownGraceMs, async () => {
    // Running jobs finish; a job cut short by a crash is retried by another worker (BullMQ stalled-job check).
    await running.close();
    await dispatch.close();
    await payments.close();
    await database.close();
    connection.disconnect();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
