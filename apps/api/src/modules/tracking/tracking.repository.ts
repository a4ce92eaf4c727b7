import type { RideStatus, StopStatus, VehicleType } from '@truck4u/contracts';
import {
  type Database,
  drivers,
  type Executor,
  type RideStopRecord,
  rideEvents,
  rideShareLinks,
  rides,
} from '@truck4u/database';
import { and, eq, isNull, sql } from 'drizzle-orm';

/** What live tracking needs to know about a ride, in one primary-key read. */
export interface TrackedRide {
  id: string;
  status: RideStatus;
  customerId: string;
  driverId: string | null;
  vehicleType: VehicleType;
  pickup: { lat: number; lng: number };
  dropoff: { lat: number; lng: number };
  stops: RideStopRecord[];
  routeDistanceMeters: number;
  /** When the ride reached COMPLETED or CANCELLED; null while it runs. */
  endedAt: Date | null;
  /** The assigned driver's full name as registered; only its first word is ever shown publicly. */
  driverName: string | null;
}

const TRACKED_RIDE = {
  id: rides.id,
  status: rides.status,
  customerId: rides.customerId,
  driverId: rides.driverId,
  vehicleType: rides.vehicleType,
  pickupLat: rides.pickupLat,
  pickupLng: rides.pickupLng,
  dropoffLat: rides.dropoffLat,
  dropoffLng: rides.dropoffLng,
  stops: rides.stops,
  distanceMeters: rides.distanceMeters,
  routeDistanceMeters: rides.routeDistanceMeters,
  completedAt: rides.completedAt,
  cancelledAt: rides.cancelledAt,
  driverName: drivers.name,
};

interface TrackedRow {
  id: string;
  status: RideStatus;
  customerId: string;
  driverId: string | null;
  vehicleType: VehicleType;
  pickupLat: number;
  pickupLng: number;
  dropoffLat: number;
  dropoffLng: number;
  stops: RideStopRecord[];
  distanceMeters: number;
  routeDistanceMeters: number | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  driverName: string | null;
}

function toTrackedRide(r: TrackedRow): TrackedRide {
  return {
    id: r.id,
    status: r.status,
    customerId: r.customerId,
    driverId: r.driverId,
    vehicleType: r.vehicleType,
    pickup: { lat: r.pickupLat, lng: r.pickupLng },
    dropoff: { lat: r.dropoffLat, lng: r.dropoffLng },
    stops: r.stops,
    routeDistanceMeters: r.routeDistanceMeters ?? r.distanceMeters,
    endedAt: r.status === 'COMPLETED' || r.status === 'CANCELLED' ? (r.completedAt ?? r.cancelledAt) : null,
    driverName: r.driverName,
  };
}

export async function findTrackedRide(db: Executor, rideId: string): Promise<TrackedRide | null> {
  const [row] = await db
    .select(TRACKED_RIDE)
    .from(rides)
    .leftJoin(drivers, eq(drivers.id, rides.driverId))
    .where(eq(rides.id, rideId));
  return row ? toTrackedRide(row) : null;
}

/** The ride behind a live (not revoked) share link, by the token's hash. Expiry is the caller's rule. */
export async function findRideBySharedTokenHash(
  db: Executor,
  tokenHash: string,
): Promise<TrackedRide | null> {
  const [row] = await db
    .select(TRACKED_RIDE)
    .from(rideShareLinks)
    .innerJoin(rides, eq(rides.id, rideShareLinks.rideId))
    .leftJoin(drivers, eq(drivers.id, rides.driverId))
    .where(and(eq(rideShareLinks.tokenHash, tokenHash), isNull(rideShareLinks.revokedAt)));
  return row ? toTrackedRide(row) : null;
}

/**
 * Revokes the ride's live link, if any, and writes a new one, in one transaction: the partial unique index
 * (one live link per ride) makes a concurrent second share fail rather than leave two live links.
 */
export function replaceShareLink(
  db: Database,
  link: { rideId: string; customerId: string; tokenHash: string },
): Promise<void> {
  return db.transaction(async (tx) => {
    await tx
      .update(rideShareLinks)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(rideShareLinks.rideId, link.rideId), isNull(rideShareLinks.revokedAt)));
    await tx.insert(rideShareLinks).values(link);
  });
}

/** Revokes the ride's live link; false when there was none. */
export async function revokeShareLink(db: Executor, rideId: string): Promise<boolean> {
  const revoked = await db
    .update(rideShareLinks)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(rideShareLinks.rideId, rideId), isNull(rideShareLinks.revokedAt)))
    .returning({ id: rideShareLinks.id });
  return revoked.length > 0;
}

export interface StopChange {
  rideId: string;
  driverId: string;
  index: number;
  from: StopStatus;
  to: Exclude<StopStatus, 'PENDING'>;
}

/**
 * Moves one stop `from` -> `to` in a single conditional UPDATE of the ride row, and records the ride event in
 * the same transaction. The update only matches while the ride is IN_TRANSIT, still assigned to this driver,
 * the stop is still `from`, and (for ARRIVED) every earlier stop is DONE — so two racing requests cannot both
 * win, and stops cannot be skipped. Returns the event id, or null when the conditions no longer hold.
 */
export function updateStopStatus(db: Database, change: StopChange): Promise<number | null> {
  const { rideId, driverId, index, from, to } = change;
  const stampKey = to === 'ARRIVED' ? 'arrivedAt' : 'doneAt';
  const earlierDone =
    to === 'ARRIVED' && index > 0
      ? sql`AND NOT EXISTS (
          SELECT 1 FROM jsonb_array_elements(${rides.stops}) WITH ORDINALITY AS s(stop, position)
          WHERE s.position <= ${index}::int AND s.stop->>'status' <> 'DONE')`
      : sql``;
  return db.transaction(async (tx) => {
    const updated = await tx.execute<{ id: string }>(sql`
      UPDATE ${rides}
      SET stops = jsonb_set(
            jsonb_set(${rides.stops}, ARRAY[${String(index)}, 'status'], to_jsonb(${to}::text)),
            ARRAY[${String(index)}, ${stampKey}], to_jsonb(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
          updated_at = now()
      WHERE id = ${rideId} AND driver_id = ${driverId} AND status = 'IN_TRANSIT'
        AND ${rides.stops}->(${index}::int)->>'status' = ${from}
        ${earlierDone}
      RETURNING id`);
    if (updated.rows.length === 0) return null;
    const [event] = await tx
      .insert(rideEvents)
      .values({
        rideId,
        type: to === 'ARRIVED' ? 'STOP_ARRIVED' : 'STOP_DONE',
        fromStatus: null,
        toStatus: null,
        actorRole: 'driver',
        actorId: driverId,
        data: { stopIndex: index, from, to },
      })
      .returning({ id: rideEvents.id });
    if (!event) throw new Error('ride event insert returned no row');
    return event.id;
  });
}
