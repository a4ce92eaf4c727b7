import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { roleEnum } from './enums';
import { tz } from './users';

/**
 * Files a user uploads (driver documents, cargo and proof photos, dispute evidence). The row exists before
 * the bytes: `PENDING` until the bytes arrive and pass the type/size/first-byte checks (`READY`) or fail
 * them (`REJECTED`). An upload is claimed by what it belongs to (`attached_at`, and `ride_id` for files
 * about a ride, which lets the ride's parties download it); one never claimed is an orphan the cleanup job
 * deletes. `owner_id` names a user of `owner_role` (customer, driver or admin), so it carries no foreign key.
 */
export const uploads = pgTable(
  'uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerRole: roleEnum('owner_role').notNull(),
    ownerId: uuid('owner_id').notNull(),
    purpose: text('purpose').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull().unique(),
    status: text('status').notNull().default('PENDING'),
    rejectionReason: text('rejection_reason'),
    rideId: uuid('ride_id'),
    attachedAt: tz('attached_at'),
    readyAt: tz('ready_at'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('uploads_owner_idx').on(t.ownerRole, t.ownerId),
    index('uploads_ride_idx').on(t.rideId),
    index('uploads_orphan_idx').on(t.createdAt).where(sql`${t.attachedAt} IS NULL`),
    check('uploads_status', sql`${t.status} IN ('PENDING', 'READY', 'REJECTED')`),
    check(
      'uploads_purpose',
      sql`${t.purpose} IN ('DRIVER_DOCUMENT', 'CARGO_PHOTO', 'PROOF_PHOTO', 'DISPUTE_EVIDENCE')`,
    ),
    check('uploads_size', sql`${t.sizeBytes} > 0`),
  ],
);
