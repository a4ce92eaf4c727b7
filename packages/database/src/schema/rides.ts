import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bidStatusEnum, rideStatusEnum, roleEnum, vehicleTypeEnum } from './enums';
import { governorates } from './geo';
import { customers, drivers, tz } from './users';

const millimes = (name: string) => bigint(name, { mode: 'number' });

export const rides = pgTable(
  'rides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    driverId: uuid('driver_id').references(() => drivers.id),
    status: rideStatusEnum('status').notNull().default('PENDING_BIDS'),
    pickupLat: doublePrecision('pickup_lat').notNull(),
    pickupLng: doublePrecision('pickup_lng').notNull(),
    pickupAddress: text('pickup_address').notNull(),
    dropoffLat: doublePrecision('dropoff_lat').notNull(),
    dropoffLng: doublePrecision('dropoff_lng').notNull(),
    dropoffAddress: text('dropoff_address').notNull(),
    vehicleType: vehicleTypeEnum('vehicle_type').notNull(),
    cargoDescription: text('cargo_description').notNull(),
    cargoWeightKg: integer('cargo_weight_kg').notNull(),
    loadAssistance: boolean('load_assistance').notNull().default(false),
    scheduledAt: tz('scheduled_at'),
    /** When the search for drivers of a ride booked ahead begins; null when it began on posting. */
    dispatchStartsAt: tz('dispatch_starts_at'),
    governorateCode: text('governorate_code')
      .notNull()
      .references(() => governorates.code),
    distanceMeters: integer('distance_meters').notNull(),
    priceEstimate: millimes('price_estimate').notNull(),
    acceptedBidId: uuid('accepted_bid_id'),
    price: millimes('price'),
    commissionRateBps: integer('commission_rate_bps'),
    dispatchStep: integer('dispatch_step').notNull().default(0),
    dispatchRound: integer('dispatch_round').notNull().default(0),
    acceptedAt: tz('accepted_at'),
    completedAt: tz('completed_at'),
    cancelledAt: tz('cancelled_at'),
    cancelledByRole: roleEnum('cancelled_by_role'),
    cancellationReason: text('cancellation_reason'),
    /** Optional Idempotency-Key of the POST that created the ride, and a hash of its body (replays must match). */
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('rides_customer_idx').on(t.customerId, t.createdAt),
    index('rides_driver_idx').on(t.driverId, t.createdAt),
    index('rides_status_idx').on(t.status),
    // A retried POST /api/rides with the same key finds the first ride instead of posting it twice.
    uniqueIndex('rides_customer_idempotency_key')
      .on(t.customerId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} IS NOT NULL`),
    // A driver holds at most one active ride: enforced by the database, not only by the service.
    uniqueIndex('rides_one_active_per_driver')
      .on(t.driverId)
      .where(
        sql`${t.status} IN ('BID_ACCEPTED','DRIVER_ARRIVING','PICKUP_ARRIVED','LOADING','IN_TRANSIT','DROPOFF_ARRIVED')`,
      ),
    check('rides_price_non_negative', sql`${t.price} IS NULL OR ${t.price} >= 0`),
    check('rides_weight_positive', sql`${t.cargoWeightKg} > 0`),
  ],
);

/** Append-only history of everything that happened to a ride; ids let reconnecting clients catch up. */
export const rideEvents = pgTable(
  'ride_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    rideId: uuid('ride_id')
      .notNull()
      .references(() => rides.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    fromStatus: rideStatusEnum('from_status'),
    toStatus: rideStatusEnum('to_status'),
    actorRole: roleEnum('actor_role'),
    actorId: uuid('actor_id'),
    data: jsonb('data'),
    /** The id the client gave the change (an offline replay sends it again): applied once per ride. */
    clientEventId: text('client_event_id'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ride_events_ride_idx').on(t.rideId, t.id),
    uniqueIndex('ride_events_client_event_id')
      .on(t.rideId, t.clientEventId)
      .where(sql`${t.clientEventId} IS NOT NULL`),
  ],
);

export const bids = pgTable(
  'bids',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    rideId: uuid('ride_id')
      .notNull()
      .references(() => rides.id, { onDelete: 'cascade' }),
    driverId: uuid('driver_id')
      .notNull()
      .references(() => drivers.id),
    price: millimes('price').notNull(),
    etaMinutes: integer('eta_minutes').notNull(),
    message: text('message'),
    status: bidStatusEnum('status').notNull().default('PENDING'),
    expiresAt: tz('expires_at').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('bids_one_per_driver_per_ride').on(t.rideId, t.driverId),
    index('bids_driver_idx').on(t.driverId, t.createdAt),
    check('bids_price_positive', sql`${t.price} > 0`),
  ],
);

/** Which drivers were offered a ride, and at which step; once per dispatch round (a retry clears the rows). */
export const rideNotifications = pgTable(
  'ride_notifications',
  {
    rideId: uuid('ride_id')
      .notNull()
      .references(() => rides.id, { onDelete: 'cascade' }),
    driverId: uuid('driver_id')
      .notNull()
      .references(() => drivers.id),
    step: integer('step').notNull(),
    distanceMeters: integer('distance_meters'),
    notifiedAt: tz('notified_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.rideId, t.driverId] }),
    index('ride_notifications_driver_idx').on(t.driverId),
  ],
);

export const ratings = pgTable(
  'ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    rideId: uuid('ride_id')
      .notNull()
      .references(() => rides.id),
    raterRole: roleEnum('rater_role').notNull(),
    raterId: uuid('rater_id').notNull(),
    rateeRole: roleEnum('ratee_role').notNull(),
    rateeId: uuid('ratee_id').notNull(),
    score: smallint('score').notNull(),
    comment: text('comment'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ratings_one_per_side').on(t.rideId, t.raterRole),
    check('ratings_score_range', sql`${t.score} BETWEEN 1 AND 5`),
  ],
);

/** Every cancellation: who, why, the fee charged and any strike given (docs/API.md#cancelling-a-ride). */
export const rideCancellations = pgTable('ride_cancellations', {
  rideId: uuid('ride_id')
    .primaryKey()
    .references(() => rides.id),
  actorRole: roleEnum('actor_role').notNull(),
  actorId: uuid('actor_id').notNull(),
  reason: text('reason'),
  statusAtCancellation: rideStatusEnum('status_at_cancellation').notNull(),
  fee: millimes('fee').notNull().default(0),
  /** NONE (no fee due), CHARGED (posted to the ledger), UNPAID (due but the wallet was short). */
  feeStatus: text('fee_status').notNull().default('NONE'),
  strikeId: uuid('strike_id'),
  createdAt: tz('created_at').notNull().defaultNow(),
});

export { millimes };
