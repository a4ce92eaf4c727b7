import type { Bid, BidWithDriver } from '@truck4u/contracts';
import type { Executor } from '@truck4u/database';
import { bids, drivers, rideNotifications, rides } from '@truck4u/database';
import { and, asc, eq, getTableColumns, inArray, ne, type SQL, sql } from 'drizzle-orm';

export type BidRow = typeof bids.$inferSelect;

// An unaccepted bid past its expiry keeps status PENDING in the table; readers see it as EXPIRED.
const isExpired = sql<boolean>`(${bids.status} = 'PENDING' AND ${bids.expiresAt} <= now())`;

export function toBidDto(row: BidRow, expired: boolean): Bid {
  return {
    id: row.id,
    rideId: row.rideId,
    driverId: row.driverId,
    price: row.price,
    etaMinutes: row.etaMinutes,
    message: row.message,
    status: expired ? 'EXPIRED' : row.status,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function averageRating(sum: number, count: number): number | null {
  return count > 0 ? Math.round((sum / count) * 100) / 100 : null;
}

/** The ride's parties and status; `lock` takes a row lock so bids and the ride change in one order. */
export async function findRideParties(
  tx: Executor,
  rideId: string,
  lock: 'share' | 'no key update' | null = null,
): Promise<{
  id: string;
  customerId: string;
  driverId: string | null;
  status: (typeof rides.$inferSelect)['status'];
  governorateCode: string;
} | null> {
  const query = tx
    .select({
      id: rides.id,
      customerId: rides.customerId,
      driverId: rides.driverId,
      status: rides.status,
      governorateCode: rides.governorateCode,
    })
    .from(rides)
    .where(eq(rides.id, rideId));
  const [row] = lock ? await query.for(lock) : await query;
  return row ?? null;
}

export async function wasNotified(tx: Executor, rideId: string, driverId: string): Promise<boolean> {
  const [row] = await tx
    .select({ step: rideNotifications.step })
    .from(rideNotifications)
    .where(and(eq(rideNotifications.rideId, rideId), eq(rideNotifications.driverId, driverId)));
  return row !== undefined;
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
      hasActiveRide: sql<boolean>`EXISTS (
        SELECT 1 FROM rides r WHERE r.driver_id = ${driverId}::uuid
          AND r.status IN ('BID_ACCEPTED','DRIVER_ARRIVING','PICKUP_ARRIVED','LOADING','IN_TRANSIT','DROPOFF_ARRIVED'))`,
    })
    .from(drivers)
    .where(eq(drivers.id, driverId));
  return row ?? null;
}

/**
 * The driver's one bid on the ride: inserted, or replaced with the new price and a fresh expiry (placing again
 * revives an expired bid). `created` tells a first bid from an update.
 */
export async function upsertBid(
  tx: Executor,
  input: { rideId: string; driverId: string; price: number; etaMinutes: number; message: string | null },
  ttlMs: number,
): Promise<{ row: BidRow; created: boolean }> {
  const expiresAt = sql`now() + ${ttlMs} * interval '1 millisecond'`;
  const [row] = await tx
    .insert(bids)
    .values({ ...input, status: 'PENDING', expiresAt })
    .onConflictDoUpdate({
      target: [bids.rideId, bids.driverId],
      set: {
        price: input.price,
        etaMinutes: input.etaMinutes,
        message: input.message,
        status: 'PENDING',
        expiresAt,
        updatedAt: sql`now()`,
      },
    })
    // xmax is 0 on a freshly inserted row version and set on one written by ON CONFLICT DO UPDATE.
    .returning({ ...getTableColumns(bids), created: sql<boolean>`(xmax = 0)` });
  if (!row) throw new Error('bid upsert returned no row');
  const { created, ...bid } = row;
  return { row: bid, created };
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
    .select({
      bid: bids,
      expired: isExpired,
      driver: {
        id: drivers.id,
        name: drivers.name,
        ratingSum: drivers.ratingSum,
        ratingCount: drivers.ratingCount,
        vehicleType: drivers.vehicleType,
        vehicleCapacityKg: drivers.vehicleCapacityKg,
      },
    })
    .from(bids)
    .innerJoin(drivers, eq(drivers.id, bids.driverId))
    .where(and(...conditions))
    .orderBy(asc(bids.price), asc(bids.createdAt), asc(bids.id));
  return rows.map((r) => ({
    ...toBidDto(r.bid, r.expired),
    driver: {
      id: r.driver.id,
      name: r.driver.name,
      rating: averageRating(r.driver.ratingSum, r.driver.ratingCount),
      ratingCount: r.driver.ratingCount,
      vehicleType: r.driver.vehicleType,
      vehicleCapacityKg: r.driver.vehicleCapacityKg,
    },
  }));
}

/** What a bid listing shows of its driver (BidWithDriver.driver); the driver-card cache holds these. */
export type DriverCard = BidWithDriver['driver'];

/** Bids of a ride, cheapest first, without their drivers; `driverId` narrows to one driver's bid. */
export async function listBidsOfRide(db: Executor, rideId: string, driverId: string | null): Promise<Bid[]> {
  const conditions: SQL[] = [eq(bids.rideId, rideId)];
  if (driverId) conditions.push(eq(bids.driverId, driverId));
  const rows = await db
    .select({ bid: bids, expired: isExpired })
    .from(bids)
    .where(and(...conditions))
    .orderBy(asc(bids.price), asc(bids.createdAt), asc(bids.id));
  return rows.map((r) => toBidDto(r.bid, r.expired));
}

/** The cards of `driverIds` that exist, by id. */
export async function findDriverCards(db: Executor, driverIds: string[]): Promise<Map<string, DriverCard>> {
  if (driverIds.length === 0) return new Map();
  const rows = await db
    .select({
      id: drivers.id,
      name: drivers.name,
      ratingSum: drivers.ratingSum,
      ratingCount: drivers.ratingCount,
      vehicleType: drivers.vehicleType,
      vehicleCapacityKg: drivers.vehicleCapacityKg,
    })
    .from(drivers)
    .where(inArray(drivers.id, driverIds));
  return new Map(
    rows.map((d) => [
      d.id,
      {
        id: d.id,
        name: d.name,
        rating: averageRating(d.ratingSum, d.ratingCount),
        ratingCount: d.ratingCount,
        vehicleType: d.vehicleType,
        vehicleCapacityKg: d.vehicleCapacityKg,
      },
    ]),
  );
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

/** Rejects every other bid still open on the ride (expired ones included: they are settled for good). */
export async function rejectOtherBids(
  tx: Executor,
  rideId: string,
  acceptedBidId: string,
): Promise<BidRow[]> {
  return tx
    .update(bids)
    .set({ status: 'REJECTED', updatedAt: sql`now()` })
    .where(and(eq(bids.rideId, rideId), ne(bids.id, acceptedBidId), eq(bids.status, 'PENDING')))
    .returning();
}
