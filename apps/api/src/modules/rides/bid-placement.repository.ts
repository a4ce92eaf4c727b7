import { ACTIVE_RIDE_STATUSES, type PriceBand } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { type PreparedStatement, runPrepared } from '../../infra/prepared-query';
import type { BidRow, CardRow } from './bids.repository';

// The statuses are the contracts' constants, inlined once: the text of a named statement never changes.
const ACTIVE_STATUSES = ACTIVE_RIDE_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * Everything placing a bid checks, and the upsert itself, in one statement: a bid is on the path the customer
 * waits on, and each round trip to Postgres costs more than the statement (docs/BENCHMARKS.md). The ride is
 * read FOR SHARE, as before: bids may be placed side by side, not while the ride is accepted or cancelled. The
 * bid is written only when every rule holds; the caller reads which one failed from the same row, on the same
 * snapshot, so the two cannot disagree. `bidder` and `ride` are each referenced twice, hence computed once.
 *
 * $1 ride, $2 driver, $3 price (null: the ride's offered price), $4 eta, $5 message, $6 expiry in ms,
 * $7 the minimum wallet balance to work.
 */
const PLACE_BID: PreparedStatement = {
  name: 'bids.place.v1',
  text: `WITH bidder AS (
    SELECT d.id, d.name, d.verification_status, d.is_deactivated, d.rating_sum, d.rating_count,
      d.vehicle_type, d.vehicle_capacity_kg, d.vehicle_plate, d.expired_document_kinds,
      coalesce((SELECT a.balance FROM ledger_accounts a
        WHERE a.kind = 'DRIVER_WALLET' AND a.owner_id = d.id), 0) AS balance,
      (SELECT count(*)::int FROM rides r WHERE r.driver_id = d.id AND r.status = 'COMPLETED') AS rides_completed,
      EXISTS (SELECT 1 FROM rides r WHERE r.driver_id = d.id AND r.status IN (${ACTIVE_STATUSES}))
        AS has_active_ride
    FROM drivers d WHERE d.id = $2::uuid
  ), ride AS (
    SELECT r.id, r.customer_id, r.status, r.offered_price, r.price_band_low, r.price_band_high,
      EXISTS (SELECT 1 FROM ride_notifications n WHERE n.ride_id = r.id AND n.driver_id = $2::uuid)
        AS was_notified
    FROM rides r WHERE r.id = $1::uuid FOR SHARE
  ), placed AS (
    INSERT INTO bids (ride_id, driver_id, price, eta_minutes, message, status, expires_at)
    SELECT ride.id, bidder.id, coalesce($3::bigint, ride.offered_price), $4::int, $5::text, 'PENDING',
      now() + $6::int * interval '1 millisecond'
    FROM ride, bidder
    WHERE ride.was_notified AND ride.status = 'PENDING_BIDS'
      AND bidder.balance >= $7::bigint AND cardinality(bidder.expired_document_kinds) = 0
      AND NOT bidder.is_deactivated AND bidder.verification_status = 'VERIFIED' AND NOT bidder.has_active_ride
      AND coalesce($3::bigint, ride.offered_price) IS NOT NULL
    ON CONFLICT (ride_id, driver_id) DO UPDATE SET price = EXCLUDED.price, eta_minutes = EXCLUDED.eta_minutes,
      message = EXCLUDED.message, status = 'PENDING',
      -- A new price answers any open counter-offer: the counter is dropped with the old price.
      counter_price = NULL, countered_at = NULL, expires_at = EXCLUDED.expires_at, updated_at = now()
    -- xmax is 0 on a freshly inserted row version and set on one written by ON CONFLICT DO UPDATE.
    RETURNING id, price, eta_minutes, message, status, counter_price, countered_at, expires_at, created_at,
      updated_at, (xmax = 0) AS created
  )
  SELECT bidder.id AS "bidderId", bidder.name, bidder.verification_status AS "verificationStatus",
    bidder.is_deactivated AS "isDeactivated", bidder.rating_sum AS "ratingSum",
    bidder.rating_count AS "ratingCount", bidder.vehicle_type AS "vehicleType",
    bidder.vehicle_capacity_kg AS "vehicleCapacityKg", bidder.vehicle_plate AS "vehiclePlate",
    bidder.expired_document_kinds AS "expiredDocumentKinds", bidder.balance,
    bidder.rides_completed AS "ridesCompleted", bidder.has_active_ride AS "hasActiveRide",
    ride.id AS "rideId", ride.customer_id AS "customerId", ride.status AS "rideStatus",
    ride.offered_price AS "offeredPrice", ride.price_band_low AS "bandLow", ride.price_band_high AS "bandHigh",
    ride.was_notified AS "wasNotified",
    placed.id AS "bidId", placed.price, placed.eta_minutes AS "etaMinutes", placed.message,
    placed.status AS "bidStatus", placed.counter_price AS "counterPrice", placed.countered_at AS "counteredAt",
    placed.expires_at AS "expiresAt", placed.created_at AS "createdAt", placed.updated_at AS "updatedAt",
    placed.created
  FROM (SELECT 1) AS one
    LEFT JOIN bidder ON true LEFT JOIN ride ON true LEFT JOIN placed ON true`,
};

/** The driver's card columns, with what decides whether they may bid. */
export interface Bidder extends CardRow {
  verificationStatus: string;
  isDeactivated: boolean;
  hasActiveRide: boolean;
  /** The driver's wallet: commission owed on cash rides makes it negative. */
  balance: number;
  expiredDocumentKinds: string[];
}

interface RideColumns {
  customerId: string;
  rideStatus: string;
  offeredPrice: number | null;
  bandLow: number | null;
  bandHigh: number | null;
  wasNotified: boolean;
}

interface PlacedColumns {
  price: number;
  etaMinutes: number;
  message: string | null;
  bidStatus: BidRow['status'];
  counterPrice: number | null;
  counteredAt: Date | null;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  created: boolean;
}

// Each group comes from a LEFT JOIN on one row: its columns are all null (no driver, no ride, no bid written)
// or all as typed, and its id tells which.
type PlacementRow = Omit<Bidder, 'id'> &
  RideColumns &
  PlacedColumns & { bidderId: string | null; rideId: string | null; bidId: string | null };

export interface BidPlacement {
  /** Null: no such driver. */
  bidder: Bidder | null;
  /** Null: no such ride. */
  ride: {
    customerId: string;
    status: string;
    offeredPrice: number | null;
    band: Pick<PriceBand, 'low' | 'high'> | null;
    /** Whether the driver was offered the ride. */
    wasNotified: boolean;
  } | null;
  /** The bid written, null when a rule refused it. */
  placed: { row: BidRow; created: boolean } | null;
}

/** Places the driver's one bid on the ride (inserted, or replaced with a fresh expiry) if every rule allows it. */
export async function placeBidIfAllowed(
  db: Database,
  input: {
    rideId: string;
    driverId: string;
    price: number | null;
    etaMinutes: number;
    message: string | null;
  },
  rules: { ttlMs: number; minimumBalance: number },
): Promise<BidPlacement> {
  const [row] = await runPrepared<PlacementRow>(db, PLACE_BID, [
    input.rideId,
    input.driverId,
    input.price,
    input.etaMinutes,
    input.message,
    rules.ttlMs,
    rules.minimumBalance,
  ]);
  if (!row) throw new Error('the bid placement statement returned no row');
  return { bidder: bidderOf(row), ride: rideOf(row), placed: placedOf(row, input) };
}

function bidderOf(row: PlacementRow): Bidder | null {
  if (row.bidderId === null) return null;
  const { name, verificationStatus, isDeactivated, ratingSum, ratingCount, vehicleType } = row;
  const { vehicleCapacityKg, vehiclePlate, ridesCompleted, hasActiveRide, balance, expiredDocumentKinds } =
    row;
  return {
    id: row.bidderId,
    name,
    verificationStatus,
    isDeactivated,
    ratingSum,
    ratingCount,
    vehicleType,
    vehicleCapacityKg,
    vehiclePlate,
    ridesCompleted,
    hasActiveRide,
    balance,
    expiredDocumentKinds,
  };
}

function rideOf(row: PlacementRow): BidPlacement['ride'] {
  if (row.rideId === null) return null;
  const { customerId, rideStatus, offeredPrice, bandLow, bandHigh, wasNotified } = row;
  const band = bandLow !== null && bandHigh !== null ? { low: bandLow, high: bandHigh } : null;
  return { customerId, status: rideStatus, offeredPrice, band, wasNotified };
}

function placedOf(row: PlacementRow, input: { rideId: string; driverId: string }): BidPlacement['placed'] {
  if (row.bidId === null) return null;
  const {
    price,
    etaMinutes,
    message,
    bidStatus,
    counterPrice,
    counteredAt,
    expiresAt,
    createdAt,
    updatedAt,
  } = row;
  return {
    row: {
      id: row.bidId,
      rideId: input.rideId,
      driverId: input.driverId,
      price,
      etaMinutes,
      message,
      status: bidStatus,
      counterPrice,
      counteredAt,
      expiresAt,
      createdAt,
      updatedAt,
    },
    created: row.created,
  };
}
