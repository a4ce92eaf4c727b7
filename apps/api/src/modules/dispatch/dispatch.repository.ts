import { licenceCategoriesFor, type RideStatus, type VehicleType } from '@truck4u/contracts';
import { bids, type Database, rides } from '@truck4u/database';
import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { NearbyDriver } from '../drivers/driver-geo-index';
import { transitionRide } from '../rides/ride-transitions';

export interface DispatchRide {
  id: string;
  customerId: string;
  status: RideStatus;
  dispatchRound: number;
  vehicleType: VehicleType;
  /** Only drivers whose declared vehicle capacity carries it are asked. */
  cargoWeightKg: number;
  pickup: { lat: number; lng: number };
  /** The customer's live plan (Business and up) has priority dispatch: best-rated drivers are asked first. */
  hasPriorityDispatch: boolean;
}

export async function findDispatchRide(db: Database, rideId: string): Promise<DispatchRide | null> {
  const [row] = await db
    .select({
      id: rides.id,
      customerId: rides.customerId,
      status: rides.status,
      dispatchRound: rides.dispatchRound,
      vehicleType: rides.vehicleType,
      cargoWeightKg: rides.cargoWeightKg,
      lat: rides.pickupLat,
      lng: rides.pickupLng,
      // A live plan is the one commissions use (resolveCommissionRate): ACTIVE or PAST_DUE in its grace
      // period, with its period not over. Spelled out: Drizzle leaves one-table columns unqualified.
      hasPriorityDispatch: sql<boolean>`EXISTS (
        SELECT 1 FROM subscriptions s
        JOIN subscription_plans p ON p.code = s.plan_code
        WHERE s.customer_id = "rides"."customer_id"
          AND s.status IN ('ACTIVE', 'PAST_DUE')
          AND s.current_period_end > now()
          AND p.has_priority_dispatch)`,
    })
    .from(rides)
    .where(eq(rides.id, rideId));
  if (!row) return null;
  const { lat, lng, ...rest } = row;
  return { ...rest, pickup: { lat, lng } };
}

/**
 * Records that the ride's search reached this step of this round, only while it is still searching and no
 * newer round has started. Returns false when the job is stale and must stop.
 */
export async function markStep(db: Database, rideId: string, round: number, step: number): Promise<boolean> {
  const updated = await db
    .update(rides)
    .set({ dispatchRound: round, dispatchStep: step })
    .where(and(eq(rides.id, rideId), eq(rides.status, 'PENDING_BIDS'), lte(rides.dispatchRound, round)))
    .returning({ id: rides.id });
  return updated.length > 0;
}

/** Who asked a driver: a favouritesFirst ride's exclusive window, or a step of the widening circles. */
export type NotificationPhase = 'FAVOURITES' | 'CIRCLES';

/**
 * From nearby candidates (nearest first), records up to `limit` drivers who may take the ride: online,
 * verified, active, of the vehicle type, with a wallet not below `minimumBalance`, no expired required
 * document, a capacity carrying the cargo and a licence for the vehicle, without an active ride and not
 * already offered this ride. The insert itself decides: ON CONFLICT DO NOTHING means a retried or
 * duplicated step returns nobody twice. Nearest drivers are chosen first; for a ride with priority dispatch,
 * the best-rated ones (average rating, unrated last, then nearest).
 */
export async function recordNotifications(
  db: Database,
  ride: { id: string; vehicleType: VehicleType; cargoWeightKg?: number; hasPriorityDispatch?: boolean },
  step: number,
  candidates: NearbyDriver[],
  limit: number,
  minimumBalance: number,
  phase: NotificationPhase = 'CIRCLES',
): Promise<NearbyDriver[]> {
  if (candidates.length === 0) return [];
  const payload = JSON.stringify(
    candidates.map((c) => ({ driver_id: c.driverId, distance_meters: c.distanceMeters })),
  );
  // Licence categories any one of which allows driving this vehicle type (docs/DRIVER-DOCUMENTS.md).
  const allowed = licenceCategoriesFor(ride.vehicleType).map((c) => `"${c}"`);
  const licenceCategories = `{${allowed.join(',')}}`;
  const result = await db.execute<{ driver_id: string; distance_meters: number }>(sql`
    INSERT INTO ride_notifications (ride_id, driver_id, step, phase, distance_meters)
    SELECT ${ride.id}::uuid, c.driver_id, ${step}, ${phase}, c.distance_meters
    FROM jsonb_to_recordset(${payload}::jsonb) AS c(driver_id uuid, distance_meters integer)
    -- One primary-key probe per candidate, whatever the planner believes about the drivers table (with stale
    -- statistics after a bulk load it chose to scan every driver for each candidate: 80 ms instead of 2).
    CROSS JOIN LATERAL (
      SELECT d.id,
        CASE WHEN d.rating_count > 0 THEN d.rating_sum::float8 / d.rating_count END AS rating
      FROM drivers d
      WHERE d.id = c.driver_id
        AND d.is_online
        AND d.verification_status = 'VERIFIED'
        AND NOT d.is_deactivated
        AND d.vehicle_type = ${ride.vehicleType}
        -- Driver documents (docs/DRIVER-DOCUMENTS.md): no expired required paper, a vehicle that carries the
        -- cargo, and an approved licence for the vehicle's class (no licence on file yet: not checked).
        AND cardinality(d.expired_document_kinds) = 0
        AND d.vehicle_capacity_kg >= ${ride.cargoWeightKg ?? 0}
        AND (d.licence_categories IS NULL OR d.licence_categories && ${licenceCategories}::text[])
        -- Online drivers whose balance fell below the minimum (commission on cash rides) get no new rides.
        AND coalesce((
          SELECT a.balance FROM ledger_accounts a
          WHERE a.kind = 'DRIVER_WALLET' AND a.owner_id = d.id), 0) >= ${minimumBalance}
      LIMIT 1) d
    WHERE NOT EXISTS (
        SELECT 1 FROM rides r
        WHERE r.driver_id = d.id
          AND r.status IN ('BID_ACCEPTED','DRIVER_ARRIVING','PICKUP_ARRIVED','LOADING','IN_TRANSIT','DROPOFF_ARRIVED'))
      AND NOT EXISTS (SELECT 1 FROM ride_notifications n WHERE n.ride_id = ${ride.id}::uuid AND n.driver_id = d.id)
    ORDER BY ${ride.hasPriorityDispatch ? sql`d.rating DESC NULLS LAST,` : sql``} c.distance_meters, c.driver_id
    LIMIT ${limit}
    ON CONFLICT (ride_id, driver_id) DO NOTHING
    RETURNING driver_id, distance_meters`);
  return result.rows
    .map((r) => ({ driverId: r.driver_id, distanceMeters: r.distance_meters }))
    .sort((a, b) => a.distanceMeters - b.distanceMeters);
}

/** When the last bid the customer can still accept expires (epoch ms), or null when none is live. */
export async function latestLiveBidExpiry(db: Database, rideId: string): Promise<number | null> {
  const [row] = await db
    .select({ until: sql<Date | null>`max(${bids.expiresAt})`.mapWith(bids.expiresAt) })
    .from(bids)
    // A countered bid is still open (its driver has until its expiry to answer): the search waits for it too.
    .where(
      and(
        eq(bids.rideId, rideId),
        inArray(bids.status, ['PENDING', 'COUNTERED']),
        gt(bids.expiresAt, sql`now()`),
      ),
    );
  return row?.until ? row.until.getTime() : null;
}

/**
 * Drivers offered the ride: by the circles at `step`, by the favourites' window when `step` is
 * 'FAVOURITES', or by anyone in the round when `step` is null.
 */
export async function countNotified(
  db: Database,
  rideId: string,
  step: number | 'FAVOURITES' | null,
): Promise<number> {
  const which =
    step === null
      ? sql``
      : step === 'FAVOURITES'
        ? sql`AND phase = 'FAVOURITES'`
        : sql`AND phase = 'CIRCLES' AND step = ${step}::int`;
  const result = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM ride_notifications WHERE ride_id = ${rideId}::uuid ${which}`);
  return result.rows[0]?.n ?? 0;
}

/**
 * Ends the search: PENDING_BIDS -> NO_DRIVERS_AVAILABLE, conditional on the status and the round, with its
 * ride event in the same transaction. Returns the event id, or null when something else changed the ride.
 */
export async function markNoDriversAvailable(
  db: Database,
  rideId: string,
  round: number,
): Promise<number | null> {
  return db.transaction(async (tx) => {
    const moved = await transitionRide(tx, {
      rideId,
      from: ['PENDING_BIDS'],
      to: 'NO_DRIVERS_AVAILABLE',
      actor: null,
      guard: eq(rides.dispatchRound, round),
      eventData: { reason: 'dispatch found no driver who bid', round },
    });
    return moved?.eventId ?? null;
  });
}
