import { z } from 'zod';
import type { Logger } from '../../infra/logger';
import { defineJob } from '../../jobs/define-job';
import type { OrphanUploadSweep } from './orphan-upload-sweep';

export const UPLOADS_QUEUE = 'uploads';

/** Removes unattached uploads older than ORPHAN_UPLOAD_TTL_MS, on a job scheduler; safe to run twice. */
export const orphanUploadSweepJob = defineJob({
  queue: UPLOADS_QUEUE,
  name: 'orphan-upload-sweep',
  payload: z.object({}).passthrough(),
  repeat: { everyMs: (config) => config.uploads.orphanSweepEveryMs },
  handle: async (_payload, deps: { sweep: OrphanUploadSweep; log: Pick<Logger, 'info'> }) => {
    const removed = await deps.sweep.run();
    if (removed.length > 0) deps.log.info({ count: removed.length }, 'orphan uploads deleted');
  },
});
