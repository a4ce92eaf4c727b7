import type { Role } from '@truck4u/contracts';
import { type Executor, uploads } from '@truck4u/database';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';

export type UploadPurpose = 'DRIVER_DOCUMENT' | 'CARGO_PHOTO' | 'PROOF_PHOTO' | 'DISPUTE_EVIDENCE';

export interface UploadClaim {
  /** The uploads to claim; duplicates count once. */
  uploadIds: readonly string[];
  /** Only the user who uploaded a file may attach it to something. */
  owner: { role: Role; userId: string };
  purpose: UploadPurpose;
  /** Set for files about a ride: the ride's customer, its driver and admins may then download them. */
  rideId?: string | null;
}

/**
 * Attaches the caller's READY uploads to what they belong to, in the caller's transaction, so the document,
 * proof or dispute and its files commit together. Every id must be the owner's, of the purpose, READY and
 * not attached yet; otherwise nothing is claimed and the caller gets 400 `VALIDATION_FAILED` naming the
 * first id that failed. Row locks make two claims of one upload race safely: exactly one wins.
 */
export async function claimUploads(executor: Executor, claim: UploadClaim): Promise<string[]> {
  const ids = [...new Set(claim.uploadIds)];
  if (ids.length === 0) return [];
  const claimed = await executor
    .update(uploads)
    .set({ attachedAt: sql`now()`, rideId: claim.rideId ?? null })
    .where(
      and(
        inArray(uploads.id, ids),
        eq(uploads.ownerRole, claim.owner.role),
        eq(uploads.ownerId, claim.owner.userId),
        eq(uploads.purpose, claim.purpose),
        eq(uploads.status, 'READY'),
        isNull(uploads.attachedAt),
      ),
    )
    .returning({ id: uploads.id });
  if (claimed.length !== ids.length) {
    const won = new Set(claimed.map((row) => row.id));
    const missing = ids.find((id) => !won.has(id));
    // Throwing rolls back the caller's transaction, which releases the uploads this statement did claim.
    throw new AppError(
      'VALIDATION_FAILED',
      `Upload ${missing} is not a ready ${claim.purpose} upload of yours that is still unattached`,
      { details: { uploadId: missing } },
    );
  }
  return ids;
}
