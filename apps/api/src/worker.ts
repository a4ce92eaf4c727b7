import { createDatabase } from '@truck4u/database';
import { startJobWorkers } from './composition/job-workers';
import { ConfigError, loadConfig } from './config/config';
import { type MetricsServer, startMetricsServer } from './http/metrics-server';
import { createLogger } from './infra/logger';
import { createMetricsRegistry } from './infra/metrics-registry';
import { createBlockingRedis, createCommandRedis } from './infra/redis';
import { onShutdownSignal } from './infra/shutdown';
import { FlouciHttpClient } from './providers/flouci/flouci-http-client';
import { createSmsSender } from './providers/sms/create-sms-sender';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, { name: 'worker' });
  // Listening from the first moment: a Ctrl-C while the workers start (seconds under load) closes what has
  // started so far instead of killing the process with the signal's default action.
  let close = async (): Promise<void> => {};
  onShutdownSignal(log, config.shutdownGraceMs, () => close());
  const database = createDatabase({
    url: config.database.url,
    maxConnections: config.database.poolMax,
    applicationName: 'truck4u-worker',
  });
  // The services' commands (the drivers' positions); BullMQ blocks on `connection`.
  const redis = createCommandRedis(config.redis.url, { commandTimeout: 2_000 });
  const connection = createBlockingRedis(config.redis.url);
  // The worker's own registry: job durations, queue depth and the pool, served on WORKER_METRICS_PORT.
  const metrics = createMetricsRegistry();

  const workers = await startJobWorkers(
    {
      config,
      database,
      redis,
      sms: createSmsSender(config.sms),
      flouci: new FlouciHttpClient(config.flouci),
      log,
    },
    { connection, concurrency: 10, lockDurationMs: config.worker.lockDurationMs, metrics },
  );
  let metricsServer: MetricsServer | undefined;
  if (config.worker.metricsPort > 0) {
    metricsServer = await startMetricsServer({
      host: config.http.host,
      port: config.worker.metricsPort,
      registry: metrics,
      token: config.metrics.token,
      readiness: { postgres: () => database.pool.query('SELECT 1'), redis: () => redis.ping() },
    });
  }
  log.info({ queues: workers.queues, metricsPort: metricsServer?.port }, 'worker ready');

  close = async () => {
    // The probe server first: the orchestrator sees the worker going before its jobs stop.
    await metricsServer?.close();
    // Then the workers, dispatch and payments (inside `workers.close`), then drivers' connection, the database, BullMQ's.
    await workers.close();
    redis.disconnect();
    await database.close();
    connection.disconnect();
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : describeStartFailure(error));
  process.exit(1);
});

function describeStartFailure(error: unknown): unknown {
  const { code, port } = error as { code?: string; port?: number };
  if (code !== 'EADDRINUSE') return error;
  // Two workers on one machine share the default port; say which setting resolves it.
  return `WORKER_METRICS_PORT ${port} is already in use (another worker on this machine?): give each worker its own WORKER_METRICS_PORT, or 0 to turn its metrics server off.`;
}
