import type { Database } from '@truck4u/database';
import type { Logger } from '../../infra/logger';
import type { ObjectStorage } from '../../providers/storage/object-storage';
import { deleteOrphans } from './uploads.repository';

const BATCH = 200;

/**
 * Deletes uploads never attached to anything (a photo picked then abandoned, a rejected file) once they are
 * ORPHAN_UPLOAD_TTL_MS old: the row first, then the bytes, so a file attached meanwhile is never touched.
 * A failed object deletion is logged and left (the row is gone, so nothing can point at the bytes).
 */
export class OrphanUploadSweep {
  constructor(
    private readonly db: Database,
    private readonly storage: ObjectStorage,
    private readonly orphanTtlMs: number,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  /** One pass; returns the storage keys removed. Safe to run twice or on two workers at once. */
  async run(now = new Date()): Promise<string[]> {
    const cutoff = new Date(now.getTime() - this.orphanTtlMs);
    const removed: string[] = [];
    for (;;) {
      const keys = await deleteOrphans(this.db, cutoff, BATCH);
      for (const key of keys) {
        try {
          await this.storage.delete(key);
        } catch (error) {
          this.log.warn({ err: error, key }, 'orphan upload bytes could not be deleted');
        }
      }
      removed.push(...keys);
      if (keys.length < BATCH) return removed;
    }
  }
}
