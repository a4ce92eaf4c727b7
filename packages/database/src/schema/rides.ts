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
import { bidStatusEnum, paymentMethodEnum, rideStatusEnum, roleEnum, vehicleTypeEnum } from './enums';
import { governorates } from './geo';
import { customers, drivers, tz } from './users';

const millimes = (name: string) => bigint(name, { mode: 'number' });

/** One stop of a ride as stored in `rides.stops` (contracts' RideStop is the client's view of it). */
export interface RideStopRecord {
  lat: number;
  lng: number;
  address: string;
  status: 'PENDING' | 'ARRIVED' | 'DONE';
  arrivedAt?: string;
  doneAt?: string;
}

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
    /** The price the customer offers when posting; a driver may take it as their bid in one tap. */
    offeredPrice: millimes('offered_price'),
    /** Derived from the dropoff point at posting (null on rides posted before it was kept); the price band groups by it. */
    dropoffGovernorateCode: text('dropoff_governorate_code').references(() => governorates.code),
    /** The fair price band computed at posting (docs/PRICING.md): what drivers see and bids are flagged against. */
    priceBandLow: millimes('price_band_low'),
    priceBandHigh: millimes('price_band_high'),
    priceBandBasis: text('price_band_basis'),
    priceBandSampleSize: integer('price_band_sample_size'),
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
    /** Posted with `favouritesFirst`: dispatch asks the customer's favourite drivers before the circles. */
    favouritesFirst: boolean('favourites_first').notNull().default(false),
    /** Who receives the goods (docs/TRUST.md): gets the delivery code by SMS when the ride is IN_TRANSIT. */
    recipientName: text('recipient_name'),
    recipientPhone: text('recipient_phone'),
    /**
     * Stops between pickup and dropoff, in order (at most 5): `[{ lat, lng, address, status, arrivedAt?, doneAt? }]`
     * with status PENDING, ARRIVED or DONE. One column, so marking a stop is one conditional UPDATE of the row.
     */
    stops: jsonb('stops').$type<RideStopRecord[]>().notNull().default(sql`'[]'::jsonb`),
    /** Road distance pickup -> stops -> dropoff on the estimate's basis, fixed at posting (null: rows from before it). */
    routeDistanceMeters: integer('route_distance_meters'),
    /**
     * The ride's payment as clients see it (docs/MONEY.md, Held payments): NONE, HELD (in escrow), RELEASED (escrow
     * paid out at completion), REFUNDED, PAID (paid after completion, or cash confirmed). Written by the payments
     * module in the transaction that changes the payment, so the ride read needs no join.
     */
    paymentStatus: text('payment_status').notNull().default('NONE'),
    paymentMethod: paymentMethodEnum('payment_method'),
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
    check(
      'rides_payment_status_known',
      sql`${t.paymentStatus} IN ('NONE', 'HELD', 'RELEASED', 'REFUNDED', 'PAID')`,
    ),
    check('rides_offered_price_positive', sql`${t.offeredPrice} IS NULL OR ${t.offeredPrice} > 0`),
    check(
      'rides_price_band_basis',
      sql`${t.priceBandBasis} IS NULL OR ${t.priceBandBasis} IN ('history', 'tariff')`,
    ),
    // The price band's history query: accepted prices of similar rides over the last 90 days.
    index('rides_price_history_idx')
      .on(t.vehicleType, t.governorateCode, t.dropoffGovernorateCode, t.acceptedAt)
      .where(sql`${t.price} IS NOT NULL`),
    check('rides_weight_positive', sql`${t.cargoWeightKg} > 0`),
    check(
      'rides_stops_at_most_five',
      sql`jsonb_typeof(${t.stops}) = 'array' AND jsonb_array_length(${t.stops}) <= 5`,
    ),
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
    /** The customer's counter-offer (status COUNTERED until the driver answers); kept after the answer. */
    counterPrice: millimes('counter_price'),
    counteredAt: tz('countered_at'),
    expiresAt: tz('expires_at').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('bids_one_per_driver_per_ride').on(t.rideId, t.driverId),
    index('bids_driver_idx').on(t.driverId, t.createdAt),
    check('bids_price_positive', sql`${t.price} > 0`),
    check('bids_counter_price_positive', sql`${t.counterPrice} IS NULL OR ${t.counterPrice} > 0`),
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
    /**
     * FAVOURITES: asked in a favouritesFirst ride's exclusive window, before the circles (0020); CIRCLES: asked
     * at `step`. Kept apart so the circles' step 0 does not count the favourites as drivers it must wait for.
     */
    phase: text('phase', { enum: ['FAVOURITES', 'CIRCLES'] })
      .notNull()
      .default('CIRCLES'),
    distanceMeters: integer('distance_meters'),
    notifiedAt: tz('notified_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.rideId, t.driverId] }),
    index('ride_notifications_driver_idx').on(t.driverId),
    check('ride_notifications_phase', sql`${t.phase} IN ('FAVOURITES', 'CIRCLES')`),
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
    /** Optional criteria of a customer's rating of a driver, 1–5 each; all three or none. */
    punctuality: smallint('punctuality'),
    care: smallint('care'),
    communication: smallint('communication'),
    comment: text('comment'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ratings_one_per_side').on(t.rideId, t.raterRole),
    check('ratings_score_range', sql`${t.score} BETWEEN 1 AND 5`),
    check(
      'ratings_criteria_range',
      sql`(${t.punctuality} IS NULL AND ${t.care} IS NULL AND ${t.communication} IS NULL) OR (${t.punctuality} BETWEEN 1 AND 5 AND ${t.care} BETWEEN 1 AND 5 AND ${t.communication} BETWEEN 1 AND 5)`,
    ),
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
