import { z } from 'zod';
import type { Logger } from '../../infra/logger';
import { defineJob } from '../../jobs/define-job';
import type { DriverPresenceSweep } from './driver-presence-sweep';

export const DRIVERS_QUEUE = 'drivers';

/** The presence sweep, on a BullMQ job scheduler (a quarter of the presence TTL); safe to run twice. */
export const presenceSweepJob = defineJob({
  queue: DRIVERS_QUEUE,
  name: 'presence-sweep',
  payload: z.object({}).passthrough(),
  repeat: { everyMs: (config) => config.presence.sweepEveryMs },
  handle: async (_payload, deps: { sweep: DriverPresenceSweep; log: Pick<Logger, 'info'> }) => {
    const offline = await deps.sweep.run();
    if (offline.length > 0) deps.log.info({ driverIds: offline }, 'silent drivers put offline');
  },
});
