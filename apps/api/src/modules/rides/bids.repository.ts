import { type Bid, type BidWithDriver, firstNameOf, type PriceBand, priceFlagFor } from '@truck4u/contracts';
import type { Executor } from '@truck4u/database';
import { bids, drivers, rides } from '@truck4u/database';
import { and, asc, eq, gt, inArray, ne, type SQL, sql } from 'drizzle-orm';

export type BidRow = typeof bids.$inferSelect;

/** Bids still open: live (PENDING) or waiting for the driver's answer to a counter-offer (COUNTERED). */
export const OPEN_BID_STATUSES = ['PENDING', 'COUNTERED'] as const;

// An open bid past its expiry keeps its status in the table; readers see it as EXPIRED. A counter-offer
// renews the expiry, so a countered bid expires like a live one when its driver never answers.
const isExpired = sql<boolean>`(${bids.status} IN ('PENDING', 'COUNTERED') AND ${bids.expiresAt} <= now())`;

/** The bid as clients see it; with the ride's price band it carries its priceFlag. */
export function toBidDto(
  row: BidRow,
  expired: boolean,
  band: Pick<PriceBand, 'low' | 'high'> | null = null,
): Bid {
  return {
    id: row.id,
    rideId: row.rideId,
    driverId: row.driverId,
    price: row.price,
    etaMinutes: row.etaMinutes,
    message: row.message,
    status: expired ? 'EXPIRED' : row.status,
    counterPrice: row.counterPrice,
    priceFlag: priceFlagFor(row.price, band),
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function averageRating(sum: number, count: number): number | null {
  return count > 0 ? Math.round((sum / count) * 100) / 100 : null;
}

// The columns of `findRideParties`, mapped by `toRideParties`.
const RIDE_PARTY_COLUMNS = {
  id: rides.id,
  customerId: rides.customerId,
  driverId: rides.driverId,
  status: rides.status,
  governorateCode: rides.governorateCode,
  acceptedBidId: rides.acceptedBidId,
  offeredPrice: rides.offeredPrice,
  bandLow: rides.priceBandLow,
  bandHigh: rides.priceBandHigh,
};

function toRideParties<Row extends { bandLow: number | null; bandHigh: number | null }>(row: Row) {
  const { bandLow, bandHigh, ...parties } = row;
  // The fair price band stored at posting; null on older rides.
  const band: Pick<PriceBand, 'low' | 'high'> | null =
    bandLow !== null && bandHigh !== null ? { low: bandLow, high: bandHigh } : null;
  return { ...parties, band };
}

/** The ride's parties and status; `lock` takes a row lock so bids and the ride change in one order. */
export async function findRideParties(
  tx: Executor,
  rideId: string,
  lock: 'share' | 'no key update' | null = null,
) {
  const query = tx.select(RIDE_PARTY_COLUMNS).from(rides).where(eq(rides.id, rideId));
  const [row] = lock ? await query.for(lock) : await query;
  return row ? toRideParties(row) : null;
}

export async function findBidder(tx: Executor, driverId: string) {
  const [row] = await tx
    .select({
      id: drivers.id,
      name: drivers.name,
      verificationStatus: drivers.verificationStatus,
      isDeactivated: drivers.isDeactivated,
      ratingSum: drivers.ratingSum,
      ratingCount: drivers.ratingCount,
      vehicleType: drivers.vehicleType,
      vehicleCapacityKg: drivers.vehicleCapacityKg,
      vehiclePlate: drivers.vehiclePlate,
      ridesCompleted: ridesCompletedOf,
      hasActiveRide: sql<boolean>`EXISTS (
        SELECT 1 FROM rides r WHERE r.driver_id = ${driverId}::uuid
          AND r.status IN ('BID_ACCEPTED','DRIVER_ARRIVING','PICKUP_ARRIVED','LOADING','IN_TRANSIT','DROPOFF_ARRIVED'))`,
    })
    .from(drivers)
    .where(eq(drivers.id, driverId));
  return row ?? null;
}

/**
 * Rides the driver completed: shown on their card next to the rating. The outer column is spelt out: in a
 * single-table select drizzle leaves columns unqualified, and a bare "id" would mean the subquery's rides.id.
 */
const ridesCompletedOf = sql<number>`(SELECT count(*)::int FROM rides r
  WHERE r.driver_id = "drivers"."id" AND r.status = 'COMPLETED')`;

// What a card shows of a driver; one selection for the listing, the cache loader and the admin view.
const cardColumns = {
  id: drivers.id,
  name: drivers.name,
  ratingSum: drivers.ratingSum,
  ratingCount: drivers.ratingCount,
  vehicleType: drivers.vehicleType,
  vehicleCapacityKg: drivers.vehicleCapacityKg,
  vehiclePlate: drivers.vehiclePlate,
  ridesCompleted: ridesCompletedOf,
};

/** The columns a driver card is made from (`toDriverCard`). */
export type CardRow = {
  id: string;
  name: string;
  ratingSum: number;
  ratingCount: number;
  vehicleType: DriverCard['vehicleType'];
  vehicleCapacityKg: number;
  vehiclePlate: string;
  ridesCompleted: number;
};

/** A driver's card next to their bid (BidWithDriver.driver): first name, rating, vehicle, rides completed. */
export function toDriverCard(d: CardRow): DriverCard {
  return {
    id: d.id,
    name: d.name,
    firstName: firstNameOf(d.name),
    rating: averageRating(d.ratingSum, d.ratingCount),
    ratingCount: d.ratingCount,
    vehicleType: d.vehicleType,
    vehicleCapacityKg: d.vehicleCapacityKg,
    vehicle: { type: d.vehicleType, plate: d.vehiclePlate },
    ridesCompleted: d.ridesCompleted,
  };
}

const bandOfRide = { low: rides.priceBandLow, high: rides.priceBandHigh };

function bandOf(b: { low: number | null; high: number | null }): Pick<PriceBand, 'low' | 'high'> | null {
  return b.low !== null && b.high !== null ? { low: b.low, high: b.high } : null;
}

/** Bids of a ride with their drivers, cheapest first; `driverId` narrows to one driver's bid. */
export async function listBidsWithDrivers(
  db: Executor,
  rideId: string,
  driverId: string | null,
): Promise<BidWithDriver[]> {
  const conditions: SQL[] = [eq(bids.rideId, rideId)];
  if (driverId) conditions.push(eq(bids.driverId, driverId));
  const rows = await db
    .select({ bid: bids, expired: isExpired, band: bandOfRide, driver: cardColumns })
    .from(bids)
    .innerJoin(drivers, eq(drivers.id, bids.driverId))
    .innerJoin(rides, eq(rides.id, bids.rideId))
    .where(and(...conditions))
    .orderBy(asc(bids.price), asc(bids.createdAt), asc(bids.id));
  return rows.map((r) => ({ ...toBidDto(r.bid, r.expired, bandOf(r.band)), driver: toDriverCard(r.driver) }));
}

/** What a bid listing shows of its driver (BidWithDriver.driver); the driver-card cache holds these. */
export type DriverCard = BidWithDriver['driver'];

/** Bids of a ride, cheapest first, without their drivers; `driverId` narrows to one driver's bid. */
export async function listBidsOfRide(db: Executor, rideId: string, driverId: string | null): Promise<Bid[]> {
  const conditions: SQL[] = [eq(bids.rideId, rideId)];
  if (driverId) conditions.push(eq(bids.driverId, driverId));
  const rows = await db
    .select({ bid: bids, expired: isExpired, band: bandOfRide })
    .from(bids)
    .innerJoin(rides, eq(rides.id, bids.rideId))
    .where(and(...conditions))
    .orderBy(asc(bids.price), asc(bids.createdAt), asc(bids.id));
  return rows.map((r) => toBidDto(r.bid, r.expired, bandOf(r.band)));
}

/** The cards of `driverIds` that exist, by id. */
export async function findDriverCards(db: Executor, driverIds: string[]): Promise<Map<string, DriverCard>> {
  if (driverIds.length === 0) return new Map();
  const rows = await db.select(cardColumns).from(drivers).where(inArray(drivers.id, driverIds));
  return new Map(rows.map((d) => [d.id, toDriverCard(d)]));
}

export async function findBid(
  tx: Executor,
  rideId: string,
  bidId: string,
): Promise<{ row: BidRow; expired: boolean } | null> {
  const [row] = await tx
    .select({ bid: bids, expired: isExpired })
    .from(bids)
    .where(and(eq(bids.id, bidId), eq(bids.rideId, rideId)));
  return row ? { row: row.bid, expired: row.expired } : null;
}

export async function markBidAccepted(tx: Executor, bidId: string): Promise<BidRow> {
  const [row] = await tx
    .update(bids)
    .set({ status: 'ACCEPTED', updatedAt: sql`now()` })
    .where(eq(bids.id, bidId))
    .returning();
  if (!row) throw new Error('accepted bid vanished');
  return row;
}

/** Rejects every other bid still open on the ride (expired and countered ones included: settled for good). */
export async function rejectOtherBids(
  tx: Executor,
  rideId: string,
  acceptedBidId: string,
): Promise<BidRow[]> {
  return tx
    .update(bids)
    .set({ status: 'REJECTED', updatedAt: sql`now()` })
    .where(and(eq(bids.rideId, rideId), ne(bids.id, acceptedBidId), inArray(bids.status, OPEN_BID_STATUSES)))
    .returning();
}

const renewedExpiry = (ttlMs: number) => sql`now() + ${ttlMs} * interval '1 millisecond'`;
const notExpired = gt(bids.expiresAt, sql`now()`);

/**
 * The customer's counter-offer: a live, unexpired bid becomes COUNTERED at `price`, with a fresh expiry for
 * the driver to answer. Conditional on PENDING, so of two counters (or a counter and a withdrawal) one wins;
 * null when the bid was not live.
 */
export async function counterBid(
  tx: Executor,
  bidId: string,
  price: number,
  ttlMs: number,
): Promise<BidRow | null> {
  const [row] = await tx
    .update(bids)
    .set({
      status: 'COUNTERED',
      counterPrice: price,
      counteredAt: sql`now()`,
      expiresAt: renewedExpiry(ttlMs),
      updatedAt: sql`now()`,
    })
    .where(and(eq(bids.id, bidId), eq(bids.status, 'PENDING'), notExpired))
    .returning();
  return row ?? null;
}

/**
 * The driver answers a counter-offer they have not let expire: accepted, the bid is live again at the counter
 * price with a fresh expiry (the customer still accepts it); declined, it is DECLINED. Null when the bid was
 * not an open counter of this driver's.
 */
export async function answerCounter(
  tx: Executor,
  bidId: string,
  driverId: string,
  accept: boolean,
  ttlMs: number,
): Promise<BidRow | null> {
  const [row] = await tx
    .update(bids)
    .set(
      accept
        ? {
            status: 'PENDING',
            price: sql`${bids.counterPrice}`,
            expiresAt: renewedExpiry(ttlMs),
            updatedAt: sql`now()`,
          }
        : { status: 'DECLINED', updatedAt: sql`now()` },
    )
    .where(and(eq(bids.id, bidId), eq(bids.driverId, driverId), eq(bids.status, 'COUNTERED'), notExpired))
    .returning();
  return row ?? null;
}

/** The driver takes back an open bid (live, countered, or past its expiry); null when it was not open. */
export async function withdrawBid(tx: Executor, bidId: string, driverId: string): Promise<BidRow | null> {
  const [row] = await tx
    .update(bids)
    .set({ status: 'WITHDRAWN', updatedAt: sql`now()` })
    .where(and(eq(bids.id, bidId), eq(bids.driverId, driverId), inArray(bids.status, OPEN_BID_STATUSES)))
    .returning();
  return row ?? null;
}
