import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { rides } from './rides';
import { admins, drivers, tz } from './users';

/**
 * Photos the assigned driver takes at pickup and at delivery (docs/TRUST.md). The photos are uploads of
 * purpose PROOF_PHOTO claimed for the ride in the same transaction; their ids are kept here in the order
 * the driver sent them.
 */
export const rideProofs = pgTable(
  'ride_proofs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    rideId: uuid('ride_id')
      .notNull()
      .references(() => rides.id),
    driverId: uuid('driver_id')
      .notNull()
      .references(() => drivers.id),
    stage: text('stage').notNull(),
    uploadIds: uuid('upload_ids').array().notNull(),
    note: text('note'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ride_proofs_ride_idx').on(t.rideId, t.createdAt),
    check('ride_proofs_stage', sql`${t.stage} IN ('PICKUP', 'DELIVERY')`),
    check('ride_proofs_upload_count', sql`cardinality(${t.uploadIds}) BETWEEN 1 AND 5`),
  ],
);

/**
 * The code the recipient gives the driver at the door. Only a hash is stored; the code itself is derived
 * from a server secret and `nonce`, so the customer can be shown it again without it sitting in the table.
 * `failed_tries` only grows (one conditional update a wrong try); at the limit `locked_at` is set and no
 * code completes the ride until the customer issues a new one.
 */
export const deliveryCodes = pgTable(
  'delivery_codes',
  {
    rideId: uuid('ride_id')
      .primaryKey()
      .references(() => rides.id),
    codeHash: text('code_hash').notNull(),
    nonce: text('nonce').notNull(),
    failedTries: integer('failed_tries').notNull().default(0),
    lockedAt: tz('locked_at'),
    /**
     * Taken before the SMS goes out, so two instances never both send it; given back if sending fails. A claim
     * older than DELIVERY_CODE_SMS_CLAIM_MS belongs to a process that died or lost Postgres mid-send: the
     * sweep and the retry job may take it over.
     */
    smsClaimedAt: tz('sms_claimed_at'),
    /** Set once the provider accepted the SMS. */
    smsSentAt: tz('sms_sent_at'),
    verifiedAt: tz('verified_at'),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('delivery_codes_failed_tries', sql`${t.failedTries} >= 0`),
    // The SMS sweep reads only codes not yet texted: few at any time, however many rides there were.
    index('delivery_codes_sms_unsent_idx').on(t.updatedAt).where(sql`${t.smsSentAt} IS NULL`),
  ],
);

/**
 * Things about a ride an admin should look at: an impossible jump between two driver positions, a ride
 * ended with no fresh position to check it against the dropoff. Append-only.
 */
export const rideFlags = pgTable(
  'ride_flags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    rideId: uuid('ride_id')
      .notNull()
      .references(() => rides.id),
    kind: text('kind').notNull(),
    details: jsonb('details'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ride_flags_ride_idx').on(t.rideId, t.createdAt),
    check('ride_flags_kind', sql`${t.kind} IN ('POSITION_JUMP', 'NO_POSITION_AT_DROPOFF')`),
  ],
);

/**
 * A party's complaint about a ride, decided by an admin. One OPEN dispute per ride and party (partial
 * unique index); a resolution moves it out of OPEN with a conditional update, so racing admins cannot both
 * decide it. `refund_amount` (millimes) is what the customer got back through the ledger.
 */
export const disputes = pgTable(
  'disputes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    rideId: uuid('ride_id')
      .notNull()
      .references(() => rides.id),
    openedByRole: text('opened_by_role').notNull(),
    openedById: uuid('opened_by_id').notNull(),
    reason: text('reason').notNull(),
    description: text('description').notNull(),
    uploadIds: uuid('upload_ids').array().notNull().default(sql`'{}'::uuid[]`),
    status: text('status').notNull().default('OPEN'),
    resolution: text('resolution'),
    refundAmount: bigint('refund_amount', { mode: 'number' }),
    resolvedBy: uuid('resolved_by').references(() => admins.id),
    resolvedAt: tz('resolved_at'),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('disputes_one_open_per_party').on(t.rideId, t.openedByRole).where(sql`${t.status} = 'OPEN'`),
    index('disputes_ride_idx').on(t.rideId),
    index('disputes_created_idx').on(t.createdAt, t.id),
    check('disputes_status', sql`${t.status} IN ('OPEN', 'RESOLVED', 'REJECTED')`),
    check('disputes_opened_by_role', sql`${t.openedByRole} IN ('customer', 'driver')`),
    check(
      'disputes_reason',
      sql`${t.reason} IN ('DAMAGED_CARGO', 'MISSING_CARGO', 'LATE', 'NO_SHOW', 'PRICE', 'PAYMENT', 'BEHAVIOUR', 'OTHER')`,
    ),
    check('disputes_refund_amount', sql`${t.refundAmount} IS NULL OR ${t.refundAmount} > 0`),
  ],
);
