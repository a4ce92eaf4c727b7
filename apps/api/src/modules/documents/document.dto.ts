import type { DocumentKind, DocumentStatus, DriverDocument, LicenceCategory } from '@truck4u/contracts';
import type { DocumentRow } from './documents.repository';

/** A row as the driver and admins see it: absent fields are left out, not null. */
export function toDriverDocument(row: DocumentRow): DriverDocument {
  return {
    id: row.id,
    driverId: row.driverId,
    kind: row.kind as DocumentKind,
    status: row.status as DocumentStatus,
    uploadId: row.uploadId,
    ...(row.number !== null ? { number: row.number } : {}),
    ...(row.issuedAt !== null ? { issuedAt: row.issuedAt } : {}),
    ...(row.expiresAt !== null ? { expiresAt: row.expiresAt } : {}),
    ...(row.categories !== null ? { categories: row.categories as LicenceCategory[] } : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
    isCurrent: row.supersededAt === null,
    submittedAt: row.createdAt.toISOString(),
    ...(row.reviewedAt !== null ? { reviewedAt: row.reviewedAt.toISOString() } : {}),
  };
}
