import type { Role, UploadContentType, UploadPurpose, UploadStatus } from '@truck4u/contracts';
import { type Executor, rides, uploads } from '@truck4u/database';
import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';

export type UploadRow = typeof uploads.$inferSelect & {
  purpose: UploadPurpose;
  contentType: UploadContentType;
  status: UploadStatus;
};

/** An upload with the parties of the ride it is attached to (null when it is attached to no ride). */
export type UploadWithRide = UploadRow & { rideCustomerId: string | null; rideDriverId: string | null };

export async function insertUpload(
  db: Executor,
  values: {
    id: string;
    ownerRole: Role;
    ownerId: string;
    purpose: UploadPurpose;
    contentType: UploadContentType;
    sizeBytes: number;
    storageKey: string;
  },
): Promise<UploadRow> {
  const [row] = await db.insert(uploads).values(values).returning();
  if (!row) throw new Error('upload insert returned nothing');
  return row as UploadRow;
}

export async function findUpload(db: Executor, id: string): Promise<UploadRow | null> {
  const [row] = await db.select().from(uploads).where(eq(uploads.id, id));
  return (row as UploadRow | undefined) ?? null;
}

export async function findUploadWithRide(db: Executor, id: string): Promise<UploadWithRide | null> {
  const [row] = await db
    .select({ upload: uploads, rideCustomerId: rides.customerId, rideDriverId: rides.driverId })
    .from(uploads)
    .leftJoin(rides, eq(rides.id, uploads.rideId))
    .where(eq(uploads.id, id));
  if (!row) return null;
  return {
    ...(row.upload as UploadRow),
    rideCustomerId: row.rideCustomerId ?? null,
    rideDriverId: row.rideDriverId ?? null,
  };
}

/**
 * Records the verdict on a PENDING upload's bytes. Conditional on PENDING, so two requests checking the same
 * upload at once agree: the first verdict stands and the other reads it.
 */
export async function settleUpload(
  db: Executor,
  id: string,
  verdict: { status: 'READY' } | { status: 'REJECTED'; reason: string },
): Promise<boolean> {
  const updated = await db
    .update(uploads)
    .set(
      verdict.status === 'READY'
        ? { status: 'READY', readyAt: sql`now()` }
        : { status: 'REJECTED', rejectionReason: verdict.reason },
    )
    .where(and(eq(uploads.id, id), eq(uploads.status, 'PENDING')))
    .returning({ id: uploads.id });
  return updated.length === 1;
}

/**
 * Deletes up to `limit` uploads still unattached and created before `cutoff`, oldest first, returning their
 * storage keys. Deleting the row first (rather than the object) is what makes the sweep safe against a claim
 * running at the same moment: the claim's row lock makes this DELETE wait and then skip the row it attached,
 * and a claim that comes after finds no row and fails; bytes of an attached file are never removed.
 */
export async function deleteOrphans(db: Executor, cutoff: Date, limit: number): Promise<string[]> {
  const candidates = db
    .select({ id: uploads.id })
    .from(uploads)
    .where(and(isNull(uploads.attachedAt), lt(uploads.createdAt, cutoff)))
    .orderBy(asc(uploads.createdAt))
    .limit(limit);
  const deleted = await db
    .delete(uploads)
    .where(and(inArray(uploads.id, candidates), isNull(uploads.attachedAt), lt(uploads.createdAt, cutoff)))
    .returning({ storageKey: uploads.storageKey });
  return deleted.map((row) => row.storageKey);
}

/** Ids of the READY uploads attached to a ride, for `ride out`'s `photoUploadIds`. */
export async function findRideUploadIds(
  db: Executor,
  rideId: string,
  purpose: UploadPurpose,
): Promise<string[]> {
  const rows = await db
    .select({ id: uploads.id })
    .from(uploads)
    .where(and(eq(uploads.rideId, rideId), eq(uploads.purpose, purpose)))
    .orderBy(asc(uploads.createdAt), asc(uploads.id));
  return rows.map((row) => row.id);
}
