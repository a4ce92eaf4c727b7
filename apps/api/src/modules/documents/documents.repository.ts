import type { DocumentKind, DocumentStatus, DriverVerificationStatus, VehicleType } from '@truck4u/contracts';
import {
  type Database,
  documentReminders,
  driverDocuments,
  drivers,
  driverVerificationAudit,
  type Executor,
} from '@truck4u/database';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { CurrentDocument } from './document-rules';

export type DocumentRow = typeof driverDocuments.$inferSelect;

export interface LockedDriver {
  id: string;
  vehicleType: VehicleType;
  verificationStatus: DriverVerificationStatus;
}

/**
 * Locks the driver's row for the rest of the transaction. Every write to a driver's documents takes it first,
 * so submissions of one kind cannot both become current, and two approvals of a driver's last documents
 * cannot both miss each other (the second sees the first's approval and verifies).
 */
export async function lockDriver(tx: Executor, driverId: string): Promise<LockedDriver | null> {
  const [row] = await tx
    .select({
      id: drivers.id,
      vehicleType: drivers.vehicleType,
      verificationStatus: drivers.verificationStatus,
    })
    .from(drivers)
    .where(eq(drivers.id, driverId))
    .for('update');
  return row ?? null;
}

/** The same driver facts without a lock, for reads. */
export async function findDriver(db: Executor, driverId: string): Promise<LockedDriver | null> {
  const [row] = await db
    .select({
      id: drivers.id,
      vehicleType: drivers.vehicleType,
      verificationStatus: drivers.verificationStatus,
    })
    .from(drivers)
    .where(eq(drivers.id, driverId));
  return row ?? null;
}

export async function supersedeCurrent(tx: Executor, driverId: string, kind: DocumentKind): Promise<void> {
  await tx
    .update(driverDocuments)
    .set({ supersededAt: sql`now()` })
    .where(
      and(
        eq(driverDocuments.driverId, driverId),
        eq(driverDocuments.kind, kind),
        isNull(driverDocuments.supersededAt),
      ),
    );
}

export async function insertDocument(
  tx: Executor,
  values: {
    driverId: string;
    kind: DocumentKind;
    status: DocumentStatus;
    uploadId: string;
    number: string | null;
    issuedAt: string | null;
    expiresAt: string | null;
    categories: string[] | null;
    reason: string | null;
  },
): Promise<DocumentRow> {
  const [row] = await tx.insert(driverDocuments).values(values).returning();
  if (!row) throw new Error('document insert returned nothing');
  return row;
}

// Kind order as in the contracts, for a stable list.
const KIND_ORDER = sql`array_position(ARRAY['CIN','DRIVING_LICENCE','VEHICLE_REGISTRATION','INSURANCE','TECHNICAL_INSPECTION'], ${driverDocuments.kind})`;

/** Every submission of the driver: current ones first in kind order, then the history, newest first. */
export async function listDocuments(db: Executor, driverId: string): Promise<DocumentRow[]> {
  return db
    .select()
    .from(driverDocuments)
    .where(eq(driverDocuments.driverId, driverId))
    .orderBy(
      sql`${driverDocuments.supersededAt} IS NOT NULL`,
      KIND_ORDER,
      desc(driverDocuments.createdAt),
      asc(driverDocuments.id),
    );
}

export async function findDocument(db: Executor, documentId: string): Promise<DocumentRow | null> {
  const [row] = await db.select().from(driverDocuments).where(eq(driverDocuments.id, documentId));
  return row ?? null;
}

export async function currentDocuments(tx: Executor, driverId: string): Promise<CurrentDocument[]> {
  const rows = await tx
    .select({
      kind: driverDocuments.kind,
      status: driverDocuments.status,
      expiresAt: driverDocuments.expiresAt,
      categories: driverDocuments.categories,
    })
    .from(driverDocuments)
    .where(and(eq(driverDocuments.driverId, driverId), isNull(driverDocuments.supersededAt)));
  return rows.map((row) => ({ ...row, status: row.status as DocumentStatus }));
}

/**
 * The review itself: PENDING -> APPROVED or REJECTED, only while the document is current and PENDING (and,
 * to approve, not past its expiry day). Returns null when another review won, a newer submission replaced
 * it, or it expired: the caller tells which.
 */
export async function decidePending(
  tx: Executor,
  input: { documentId: string; approved: boolean; reason: string | null; adminId: string; today: string },
): Promise<DocumentRow | null> {
  const [row] = await tx
    .update(driverDocuments)
    .set({
      status: input.approved ? 'APPROVED' : 'REJECTED',
      reason: input.reason,
      reviewedBy: input.adminId,
      reviewedAt: sql`now()`,
    })
    .where(
      and(
        eq(driverDocuments.id, input.documentId),
        eq(driverDocuments.status, 'PENDING'),
        isNull(driverDocuments.supersededAt),
        input.approved
          ? sql`(${driverDocuments.expiresAt} IS NULL OR ${driverDocuments.expiresAt} >= ${input.today}::date)`
          : undefined,
      ),
    )
    .returning();
  return row ?? null;
}

/** An approved document lifts the block of its kind; an approved licence records its categories for dispatch. */
export async function applyApproval(tx: Executor, doc: DocumentRow): Promise<void> {
  await tx
    .update(drivers)
    .set({
      expiredDocumentKinds: sql`array_remove(${drivers.expiredDocumentKinds}, ${doc.kind})`,
      ...(doc.kind === 'DRIVING_LICENCE' ? { licenceCategories: doc.categories ?? [] } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(drivers.id, doc.driverId));
}

/** Verifies the driver (every required document approved), with its verification audit row. */
export async function markVerified(
  tx: Executor,
  driver: LockedDriver,
  adminId: string,
  reason: string,
): Promise<void> {
  await tx
    .update(drivers)
    .set({
      verificationStatus: 'VERIFIED',
      verificationReason: null,
      verifiedAt: sql`now()`,
      verifiedBy: adminId,
      updatedAt: sql`now()`,
    })
    .where(eq(drivers.id, driver.id));
  await tx.insert(driverVerificationAudit).values({
    driverId: driver.id,
    adminId,
    fromStatus: driver.verificationStatus,
    toStatus: 'VERIFIED',
    reason,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Expiry sweep
// ---------------------------------------------------------------------------------------------------------

export interface ExpiredDocument {
  id: string;
  driverId: string;
  kind: DocumentKind;
  /** It was approved: the driver is now blocked until a new one is approved. */
  wasApproved: boolean;
}

/**
 * Marks EXPIRED every current PENDING or APPROVED document whose expiry day is before `today`; a driver whose
 * approved one expired gets its kind in `expired_document_kinds` (no dispatch, no going online) and is put
 * offline. One transaction; a second run finds nothing left to do.
 */
export async function expireDocuments(db: Database, today: string): Promise<ExpiredDocument[]> {
  return db.transaction(async (tx) => {
    const result = await tx.execute<{
      id: string;
      driver_id: string;
      kind: string;
      was_approved: boolean;
    }>(sql`
      WITH due AS (
        SELECT id, status FROM driver_documents
        WHERE superseded_at IS NULL AND status IN ('PENDING', 'APPROVED') AND expires_at < ${today}::date
        FOR UPDATE)
      UPDATE driver_documents d
      SET status = 'EXPIRED', reason = 'Expired on ' || to_char(d.expires_at, 'YYYY-MM-DD')
      FROM due WHERE d.id = due.id
      RETURNING d.id, d.driver_id, d.kind, due.status = 'APPROVED' AS was_approved`);
    const expired = result.rows.map((row) => ({
      id: row.id,
      driverId: row.driver_id,
      kind: row.kind as DocumentKind,
      wasApproved: row.was_approved,
    }));
    for (const doc of expired.filter((d) => d.wasApproved)) {
      await tx
        .update(drivers)
        .set({
          expiredDocumentKinds: sql`CASE WHEN ${doc.kind} = ANY(${drivers.expiredDocumentKinds})
            THEN ${drivers.expiredDocumentKinds}
            ELSE array_append(${drivers.expiredDocumentKinds}, ${doc.kind}) END`,
          isOnline: false,
          updatedAt: sql`now()`,
        })
        .where(eq(drivers.id, doc.driverId));
    }
    return expired;
  });
}

export interface NoticeCandidate {
  documentId: string;
  driverId: string;
  kind: DocumentKind;
  expiresAt: string;
  /** 30, 7 or 1: the reminder due; 0: the notice that it expired. */
  daysBefore: number;
}

/**
 * Current approved documents expiring within 30 days whose due reminder (the smallest threshold at least their
 * days left) was not sent, nor a smaller one; and approved documents that expired without their notice yet.
 */
export async function listDueNotices(db: Database, today: string): Promise<NoticeCandidate[]> {
  const result = await db.execute<{
    id: string;
    driver_id: string;
    kind: string;
    expires_at: string;
    due: number;
  }>(sql`
    WITH candidates AS (
      SELECT d.id, d.driver_id, d.kind, to_char(d.expires_at, 'YYYY-MM-DD') AS expires_at,
        CASE
          WHEN d.status = 'EXPIRED' THEN 0
          WHEN d.expires_at - ${today}::date <= 1 THEN 1
          WHEN d.expires_at - ${today}::date <= 7 THEN 7
          ELSE 30 END AS due
      FROM driver_documents d
      WHERE d.superseded_at IS NULL
        AND d.expires_at IS NOT NULL
        AND ((d.status = 'APPROVED' AND d.expires_at >= ${today}::date AND d.expires_at <= ${today}::date + 30)
          -- Expired after an approval (a reviewer is recorded); one submitted already expired needs no notice.
          OR (d.status = 'EXPIRED' AND d.reviewed_by IS NOT NULL)))
    SELECT c.* FROM candidates c
    WHERE NOT EXISTS (
      SELECT 1 FROM document_reminders r WHERE r.document_id = c.id AND r.days_before <= c.due)
    ORDER BY c.expires_at, c.id`);
  return result.rows.map((row) => ({
    documentId: row.id,
    driverId: row.driver_id,
    kind: row.kind as DocumentKind,
    expiresAt: row.expires_at,
    daysBefore: Number(row.due),
  }));
}

/**
 * Claims a notice: true when this call recorded it. Run inside the transaction that also sends it, so a failed
 * send rolls the claim back (the next run retries) and a concurrent sweep waits, then finds it taken.
 */
export async function claimNotice(tx: Executor, documentId: string, daysBefore: number): Promise<boolean> {
  const inserted = await tx
    .insert(documentReminders)
    .values({ documentId, daysBefore })
    .onConflictDoNothing()
    .returning({ documentId: documentReminders.documentId });
  return inserted.length > 0;
}
