import { z } from 'zod';
import { defineJob } from '../../jobs/define-job';
import type { DocumentExpiryService } from './document-expiry.service';

export const DOCUMENTS_QUEUE = 'documents';

/**
 * The driver documents' sweep (expiry and reminders), on a BullMQ job scheduler every DOCUMENT_SWEEP_EVERY_MS
 * (an hour by default: its rules are per Tunis day, so every day is handled within an hour of its start).
 * Safe to run twice: expired documents stay expired and each reminder is recorded with its send.
 */
export const documentSweepJob = defineJob({
  queue: DOCUMENTS_QUEUE,
  name: 'document-sweep',
  payload: z.object({}).passthrough(),
  repeat: { everyMs: (config) => config.documents.sweepEveryMs },
  handle: async (_payload, deps: { expiry: DocumentExpiryService }) => {
    await deps.expiry.sweep();
  },
});
