import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { uploads } from './uploads';
import { drivers, tz } from './users';

/**
 * A driver's papers (KYC), one row per submission. A new submission of a kind supersedes the previous one
 * (`superseded_at` set, the row kept as history): at most one current row per driver and kind. `status` is
 * PENDING until an admin reviews it (APPROVED or REJECTED with a reason), EXPIRED once its `expires_at` day
 * has passed (or already at submission). `uploaded_file_id` is the DRIVER_DOCUMENT upload holding the scan.
 */
export const driverDocuments = pgTable(
  'driver_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    driverId: uuid('driver_id')
      .notNull()
      .references(() => drivers.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    status: text('status').notNull().default('PENDING'),
    uploadId: uuid('upload_id')
      .notNull()
      .references(() => uploads.id),
    number: text('number'),
    issuedAt: date('issued_at', { mode: 'string' }),
    expiresAt: date('expires_at', { mode: 'string' }),
    categories: text('categories').array(),
    reason: text('reason'),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: tz('reviewed_at'),
    supersededAt: tz('superseded_at'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('driver_documents_driver_idx').on(t.driverId, t.createdAt),
    uniqueIndex('driver_documents_current_key').on(t.driverId, t.kind).where(sql`${t.supersededAt} IS NULL`),
    // The daily expiry sweep reads current documents by expiry date.
    index('driver_documents_expiry_idx')
      .on(t.expiresAt)
      .where(sql`${t.supersededAt} IS NULL AND ${t.expiresAt} IS NOT NULL`),
    check(
      'driver_documents_kind',
      sql`${t.kind} IN ('CIN', 'DRIVING_LICENCE', 'VEHICLE_REGISTRATION', 'INSURANCE', 'TECHNICAL_INSPECTION')`,
    ),
    check('driver_documents_status', sql`${t.status} IN ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED')`),
    check('driver_documents_rejection_reason', sql`${t.status} <> 'REJECTED' OR ${t.reason} IS NOT NULL`),
  ],
);

/**
 * Expiry reminders already sent: one row per (document, threshold in days). The sweep inserts the row and
 * sends in one transaction, so a retried or concurrent sweep never sends the same reminder twice.
 */
export const documentReminders = pgTable(
  'document_reminders',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => driverDocuments.id, { onDelete: 'cascade' }),
    daysBefore: integer('days_before').notNull(),
    sentAt: tz('sent_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.daysBefore] })],
);
