import type { Database } from '@truck4u/database';
import type { Config } from '../../config/config';
import { createCommandRedis } from '../../infra/redis';
import type { JobHandler } from '../../jobs/define-job';
import { DriverGeoIndex } from './driver-geo-index';
import { DriverPresenceSweep } from './driver-presence-sweep';
import { presenceSweepJob } from './drivers.jobs';

/** What a worker process needs to run the drivers' job handlers (the presence sweep). The worker and tests build it. */
export function createDriversRuntime(deps: {
  config: Config;
  db: Database;
  log: { info(obj: object, msg: string): void };
}): { handlers: JobHandler[]; close(): Promise<void> } {
  const { config, db, log } = deps;
  const redis = createCommandRedis(config.redis.url, { commandTimeout: 2_000 });
  const geo = new DriverGeoIndex(redis, config.redis.keyPrefix, config.presence.ttlMs);
  return {
    handlers: [
      presenceSweepJob.handler({ sweep: new DriverPresenceSweep(db, geo, config.presence.ttlMs), log }),
    ],
    async close() {
      redis.disconnect();
    },
  };
}
