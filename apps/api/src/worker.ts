import { createDatabase } from '@truck4u/database';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './infra/logger';
import { createBlockingRedis } from './infra/redis';
import { onShutdownSignal } from './infra/shutdown';
import type { JobHandler } from './jobs/define-job';
import { JOB_DEFINITIONS } from './jobs/job-registry';
import { startWorkers } from './jobs/start-workers';
import { createDispatchRuntime } from './modules/dispatch/dispatch-runtime';
import { createDriversRuntime } from './modules/drivers/drivers-runtime';
import { SmsNotificationSender } from './modules/notifications/notification-sender';
import { createPaymentRuntime } from './modules/payments/payments-runtime';
import { subscriptionSweepJob } from './modules/subscriptions/subscriptions.jobs';
import { SubscriptionsService } from './modules/subscriptions/subscriptions.service';
import { createSmsSender } from './providers/sms/create-sms-sender';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, { name: 'worker' });
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
  const drivers = createDriversRuntime({ config, db, log });

  /** A handler for every job of JOB_DEFINITIONS, bound to its services: start-up fails on one missing or two. */
  const handlers: JobHandler[] = [
    subscriptionSweepJob.handler({
      subscriptions: new SubscriptionsService(db, notifications, config.subscriptions, log),
    }),
    ...dispatch.handlers,
    ...payments.handlers,
    ...drivers.handlers,
  ];

  const running = await startWorkers({
    definitions: JOB_DEFINITIONS,
    handlers,
    config,
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
    await drivers.close();
    await database.close();
    connection.disconnect();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
