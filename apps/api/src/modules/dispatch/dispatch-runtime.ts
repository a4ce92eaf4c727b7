import type { Database } from '@truck4u/database';
import type { Config } from '../../config/config';
import { createCommandRedis } from '../../infra/redis';
import type { JobHandler } from '../../jobs/define-job';
import { createHeadlessRealtime } from '../../realtime/realtime-server';
import { DriverGeoIndex } from '../drivers/driver-geo-index';
import { dispatchJobHandlers } from './dispatch.jobs';
import { DispatchService } from './dispatch.service';
import { DispatchQueue } from './dispatch-queue';

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * What a worker process needs to run dispatch: the job handlers and the clients behind them (a
 * headless Socket.io server that emits through the Redis adapter, the queue producer for the next steps).
 * The worker entry point and the tests build it the same way.
 */
export function createDispatchRuntime(deps: { config: Config; db: Database; log: Logger }): {
  handlers: JobHandler[];
  close(): Promise<void>;
} {
  const { config, db, log } = deps;
  const redis = createCommandRedis(config.redis.url, { commandTimeout: 2_000 });
  const realtime = createHeadlessRealtime(config);
  const queue = new DispatchQueue(redis, config.redis.keyPrefix, config.dispatch, (error) =>
    log.warn({ err: error }, 'dispatch queue connection error'),
  );
  const geo = new DriverGeoIndex(redis, config.redis.keyPrefix, config.presence.ttlMs);
  const dispatch = new DispatchService(
    db,
    geo,
    queue,
    realtime.notifier,
    config.dispatch,
    log,
    config.money.driverMinBalanceMillimes,
  );
  return {
    handlers: dispatchJobHandlers({ dispatch }),
    async close() {
      await queue.close();
      await realtime.close();
      redis.disconnect();
    },
  };
}
