import type {
  AvailableRide,
  CreateRide,
  PriceBand,
  Ride,
  RideEvent,
  RideStatus,
  UserRef,
} from '@truck4u/contracts';
import type { Executor } from '@truck4u/database';
import {
  bids,
  type Database,
  drivers,
  governorates,
  rideEvents,
  rideNotifications,
  rides,
} from '@truck4u/database';
import { type AnyColumn, and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { type PreparedStatement, runPrepared } from '../../infra/prepared-query';
import { type RideDtoColumns, type RideRow, toRideDto } from './ride.dto';
import type { RideAccessFacts } from './ride-visibility';

/** What the visibility rule (ride-visibility.ts) needs to know about a ride and one viewer, or null. */
export async function findRideAccessFacts(
  db: Executor,
  rideId: string,
  viewer: UserRef,
): Promise<RideAccessFacts | null> {
  const isOffered =
    viewer.role === 'driver'
      ? sql<boolean>`EXISTS (SELECT 1 FROM ${rideNotifications} n
          WHERE n.ride_id = ${rides.id} AND n.driver_id = ${viewer.id})`
      : sql<boolean>`false`;
  const [row] = await db
    .select({
      customerId: rides.customerId,
      driverId: rides.driverId,
      status: rides.status,
      isOfferedToViewer: isOffered,
    })
    .from(rides)
    .where(eq(rides.id, rideId));
  return row ?? null;
}

/** Loads a ride as clients see it, or null. */
export async function findRideDto(db: Executor, rideId: string): Promise<Ride | null> {
  const [row] = await db
    .select({ ride: rides, governorateName: governorates.name })
    .from(rides)
    .innerJoin(governorates, eq(governorates.code, rides.governorateCode))
    .where(eq(rides.id, rideId));
  return row ? toRideDto(row.ride, row.governorateName) : null;
}

/** The ride with what the visibility rule needs about one viewer: GET /api/rides/:id in one round trip. */
export interface RideWithAccess {
  ride: Ride;
  access: RideAccessFacts;
}

interface RideReadRow extends RideDtoColumns {
  governorateName: string;
  isOfferedToViewer: boolean;
}

// Only the columns of the response (and of the visibility rule), named as the code reads them. $2 is the
// viewing driver, null for anyone else: `driver_id = NULL` is never true, so no offer is found for them.
const RIDE_READ: PreparedStatement = {
  name: 'rides.read-with-access.v2',
  text: `SELECT r.id, r.status, r.customer_id AS "customerId", r.driver_id AS "driverId",
    r.pickup_lat AS "pickupLat", r.pickup_lng AS "pickupLng", r.pickup_address AS "pickupAddress",
    r.dropoff_lat AS "dropoffLat", r.dropoff_lng AS "dropoffLng", r.dropoff_address AS "dropoffAddress",
    r.vehicle_type AS "vehicleType", r.cargo_description AS "cargoDescription",
    r.cargo_weight_kg AS "cargoWeightKg", r.load_assistance AS "loadAssistance",
    r.scheduled_at AS "scheduledAt", r.dispatch_starts_at AS "dispatchStartsAt",
    r.governorate_code AS "governorateCode", g.name AS "governorateName",
    r.distance_meters AS "distanceMeters", r.price_estimate AS "priceEstimate",
    r.accepted_bid_id AS "acceptedBidId", r.price, r.payment_status AS "paymentStatus",
    r.payment_method AS "paymentMethod", r.created_at AS "createdAt", r.updated_at AS "updatedAt",
    r.stops, r.route_distance_meters AS "routeDistanceMeters",
    r.offered_price AS "offeredPrice", r.price_band_low AS "priceBandLow", r.price_band_high AS "priceBandHigh",
    r.price_band_basis AS "priceBandBasis", r.price_band_sample_size AS "priceBandSampleSize",
    EXISTS (SELECT 1 FROM ride_notifications n WHERE n.ride_id = r.id AND n.driver_id = $2::uuid)
      AS "isOfferedToViewer"
  FROM rides r JOIN governorates g ON g.code = r.governorate_code
  WHERE r.id = $1::uuid`,
};

/**
 * The hot single-ride read: the ride as clients see it and its access facts for `viewer`, from one prepared
 * statement (infra/prepared-query.ts), or null. The caller applies the visibility rule.
 */
export async function findRideWithAccess(
  db: Database,
  rideId: string,
  viewer: UserRef,
): Promise<RideWithAccess | null> {
  const [r] = await runPrepared<RideReadRow>(db, RIDE_READ, [
    rideId,
    viewer.role === 'driver' ? viewer.id : null,
  ]);
  if (!r) return null;
  return {
    access: {
      customerId: r.customerId,
      driverId: r.driverId,
      status: r.status,
      isOfferedToViewer: r.isOfferedToViewer,
    },
    ride: toRideDto(r, r.governorateName),
  };
}

export interface NewRide {
  customerId: string;
  input: CreateRide;
  estimate: { amount: number; distanceMeters: number; roadDistanceMeters: number };
  governorateCode: string;
  dispatchStartsAt: Date | null;
  idempotencyKey: string | undefined;
  requestHash: string | null;
  /** Derived from the dropoff point; the price band of later rides groups by it. */
  dropoffGovernorateCode?: string;
  /** The fair price band at posting (docs/PRICING.md). */
  priceBand?: PriceBand | null;
  /** More writes that must commit with the ride (claiming its cargo photos), given the new ride's id. */
  alsoInTransaction?: (tx: Executor, rideId: string) => Promise<void>;
}

/** The ride in PENDING_BIDS and its CREATED event, in one transaction. */
export function insertRide(db: Database, ride: NewRide): Promise<RideRow> {
  const { customerId, input, estimate } = ride;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(rides)
      .values({
        customerId,
        status: 'PENDING_BIDS',
        pickupLat: input.pickup.lat,
        pickupLng: input.pickup.lng,
        pickupAddress: input.pickup.address,
        dropoffLat: input.dropoff.lat,
        dropoffLng: input.dropoff.lng,
        dropoffAddress: input.dropoff.address,
        vehicleType: input.vehicleType,
        cargoDescription: input.cargo.description,
        cargoWeightKg: input.cargo.weightKg,
        loadAssistance: input.loadAssistance,
        scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null,
        dispatchStartsAt: ride.dispatchStartsAt,
        governorateCode: ride.governorateCode,
        distanceMeters: estimate.distanceMeters,
        routeDistanceMeters: estimate.roadDistanceMeters,
        stops: (input.stops ?? []).map((stop) => ({
          lat: stop.lat,
          lng: stop.lng,
          address: stop.address,
          status: 'PENDING' as const,
        })),
        priceEstimate: estimate.amount,
        offeredPrice: input.offeredPrice ?? null,
        dropoffGovernorateCode: ride.dropoffGovernorateCode ?? null,
        priceBandLow: ride.priceBand?.low ?? null,
        priceBandHigh: ride.priceBand?.high ?? null,
        priceBandBasis: ride.priceBand?.basis ?? null,
        priceBandSampleSize: ride.priceBand?.sampleSize ?? null,
        dispatchRound: 0,
        idempotencyKey: ride.idempotencyKey ?? null,
        requestHash: ride.requestHash,
        favouritesFirst: input.favouritesFirst ?? false,
        // The delivery code goes to this person by SMS once the ride is IN_TRANSIT (modules/proofs).
        recipientName: input.recipient?.name ?? null,
        recipientPhone: input.recipient?.phone ?? null,
      })
      .returning();
    if (!row) throw new Error('ride insert returned no row');
    await tx.insert(rideEvents).values({
      rideId: row.id,
      type: 'CREATED',
      fromStatus: null,
      toStatus: 'PENDING_BIDS',
      actorRole: 'customer',
      actorId: customerId,
      data: { priceEstimate: estimate.amount, distanceMeters: estimate.distanceMeters },
    });
    await ride.alsoInTransaction?.(tx, row.id);
    return row;
  });
}

/** The raw row for a participant (customer or assigned driver) deciding on an action; null for others. */
export async function findRideForParticipant(
  db: Executor,
  rideId: string,
  viewer: UserRef,
): Promise<RideRow | null> {
  const participant =
    viewer.role === 'customer'
      ? eq(rides.customerId, viewer.id)
      : viewer.role === 'driver'
        ? eq(rides.driverId, viewer.id)
        : sql`false`;
  const [row] = await db
    .select()
    .from(rides)
    .where(and(eq(rides.id, rideId), participant));
  return row ?? null;
}

export async function governorateName(db: Executor, code: string): Promise<string> {
  const [row] = await db
    .select({ name: governorates.name })
    .from(governorates)
    .where(eq(governorates.code, code));
  if (!row) throw new Error(`governorate ${code} is not in the governorates table`);
  return row.name;
}

/**
 * Keyset cursor over (created_at, id), newest first. The timestamp travels as Postgres prints it, with its
 * microseconds: a JavaScript Date would round them away and skip or repeat rides created in the same ms.
 */
interface RideCursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(cursor: RideCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

export function decodeCursor(raw: string): RideCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(value[0]) &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value[1])
    ) {
      return { createdAt: value[0], id: value[1] };
    }
  } catch {
    // fall through: an unreadable cursor
  }
  return null;
}

const exactTimestamp = (column: AnyColumn) =>
  sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Rides the viewer takes part in (admins: all), newest first. */
export async function listRides(
  db: Database,
  viewer: UserRef,
  options: { statuses?: RideStatus[]; cursor: RideCursor | null; limit: number },
): Promise<{ items: Ride[]; nextCursor?: string }> {
  const owner =
    viewer.role === 'customer'
      ? eq(rides.customerId, viewer.id)
      : viewer.role === 'driver'
        ? eq(rides.driverId, viewer.id)
        : undefined;
  const rows = await db
    .select({ ride: rides, governorateName: governorates.name, cursorAt: exactTimestamp(rides.createdAt) })
    .from(rides)
    .innerJoin(governorates, eq(governorates.code, rides.governorateCode))
    .where(
      and(
        owner,
        options.statuses && options.statuses.length > 0 ? inArray(rides.status, options.statuses) : undefined,
        options.cursor
          ? sql`(${rides.createdAt}, ${rides.id}) < (${options.cursor.createdAt}::timestamptz, ${options.cursor.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(rides.createdAt), desc(rides.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toRideDto(r.ride, r.governorateName)),
    ...(rows.length > options.limit && last
      ? { nextCursor: encodeCursor({ createdAt: last.cursorAt, id: last.ride.id }) }
      : {}),
  };
}

/** The ride's history in order; `after` is the last event id the client already has. */
export async function listRideEvents(
  db: Database,
  rideId: string,
  after: number | undefined,
  limit: number,
): Promise<{ items: RideEvent[]; nextCursor?: string }> {
  const rows = await db
    .select()
    .from(rideEvents)
    .where(and(eq(rideEvents.rideId, rideId), after === undefined ? undefined : gt(rideEvents.id, after)))
    .orderBy(asc(rideEvents.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((e) => ({
      id: e.id,
      rideId: e.rideId,
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorRole: e.actorRole,
      createdAt: e.createdAt.toISOString(),
      ...(e.data === null ? {} : { data: e.data }),
    })),
    ...(rows.length > limit && last ? { nextCursor: String(last.id) } : {}),
  };
}

/**
 * Rides this driver was offered that still take bids, newest offer first, with the driver's own bid. A
 * driver whose bid was rejected or withdrawn still sees the ride: placing a bid again is how they re-offer.
 */
export async function listAvailableRides(
  db: Database,
  driverId: string,
  cursor: RideCursor | null,
  limit: number,
): Promise<{ items: AvailableRide[]; nextCursor?: string }> {
  const rows = await db
    .select({
      ride: rides,
      governorateName: governorates.name,
      distanceMeters: rideNotifications.distanceMeters,
      notifiedAt: rideNotifications.notifiedAt,
      cursorAt: exactTimestamp(rideNotifications.notifiedAt),
      bidId: bids.id,
      bidPrice: bids.price,
      bidStatus: bids.status,
      bidCounterPrice: bids.counterPrice,
      // Past its expiry a bid keeps status PENDING in the table; readers see it as EXPIRED (as in bids).
      isBidExpired: sql<boolean>`${bids.expiresAt} <= now()`,
    })
    .from(rideNotifications)
    .innerJoin(rides, eq(rides.id, rideNotifications.rideId))
    .innerJoin(governorates, eq(governorates.code, rides.governorateCode))
    .leftJoin(bids, and(eq(bids.rideId, rides.id), eq(bids.driverId, driverId)))
    .where(
      and(
        eq(rideNotifications.driverId, driverId),
        eq(rides.status, 'PENDING_BIDS'),
        cursor
          ? sql`(${rideNotifications.notifiedAt}, ${rideNotifications.rideId}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(rideNotifications.notifiedAt), desc(rideNotifications.rideId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ride: toRideDto(r.ride, r.governorateName),
      distanceMeters: r.distanceMeters,
      notifiedAt: r.notifiedAt.toISOString(),
      myBid:
        r.bidId !== null && r.bidPrice !== null && r.bidStatus !== null
          ? {
              id: r.bidId,
              price: r.bidPrice,
              status:
                (r.bidStatus === 'PENDING' || r.bidStatus === 'COUNTERED') && r.isBidExpired
                  ? 'EXPIRED'
                  : r.bidStatus,
              counterPrice: r.bidCounterPrice,
            }
          : null,
    })),
    ...(rows.length > limit && last
      ? { nextCursor: encodeCursor({ createdAt: last.cursorAt, id: last.ride.id }) }
      : {}),
  };
}

/** Rejects every pending bid of a cancelled ride; returns them for the `bid:rejected` events. */
export async function rejectPendingBids(tx: Executor, rideId: string) {
  return (
    tx
      .update(bids)
      .set({ status: 'REJECTED', updatedAt: sql`now()` })
      // A countered bid is still open (waiting for its driver's answer): it is rejected with the live ones.
      .where(and(eq(bids.rideId, rideId), inArray(bids.status, ['PENDING', 'COUNTERED'])))
      .returning()
  );
}

/** Forgets who the ride was offered to, so a new dispatch round asks them again. */
export async function deleteRideNotifications(tx: Executor, rideId: string): Promise<void> {
  await tx.delete(rideNotifications).where(eq(rideNotifications.rideId, rideId));
}

/** Every driver dispatch offered the ride to (in its current round). */
export async function listNotifiedDriverIds(db: Executor, rideId: string): Promise<string[]> {
  const rows = await db
    .select({ driverId: rideNotifications.driverId })
    .from(rideNotifications)
    .where(eq(rideNotifications.rideId, rideId));
  return rows.map((r) => r.driverId);
}

export async function isDriverDeactivated(db: Executor, driverId: string): Promise<boolean> {
  const [row] = await db
    .select({ isDeactivated: drivers.isDeactivated })
    .from(drivers)
    .where(eq(drivers.id, driverId));
  return row?.isDeactivated === true;
}

export async function findRideByIdempotencyKey(
  db: Executor,
  customerId: string,
  idempotencyKey: string,
): Promise<RideRow | null> {
  const [row] = await db
    .select()
    .from(rides)
    .where(and(eq(rides.customerId, customerId), eq(rides.idempotencyKey, idempotencyKey)));
  return row ?? null;
}
