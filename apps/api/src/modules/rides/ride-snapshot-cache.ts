import type { Ride } from '@truck4u/contracts';
import { type Database, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import type { Logger } from '../../infra/logger';
import type { ReadCache, ReadCacheOptions } from '../../infra/read-cache';
import { findRideUploadIds } from '../uploads/uploads.repository';
import { type DriverCardRow, loadDriverRows } from './ride-driver-card';
import { findRideWithAccess } from './rides.repository';

/**
 * What GET /api/rides/:id answers a party of the ride from, with no Postgres query (docs/OBSERVABILITY.md#ride-snapshot-cache).
 * It holds no viewer-dependent part: the phone on the driver card is masked per viewer when the answer is made,
 * and who may use the snapshot at all is decided from `ride.customerId` / `ride.driverId`.
 */
export interface RideSnapshot {
  /** The ride as clients see it, without `driver` and `photoUploadIds`. */
  ride: Ride;
  /** The assigned driver's card columns, the phone unmasked; null before a driver is assigned. */
  driver: DriverCardRow | null;
  /** The cargo photos' ids (only parties get them, and only parties are answered from here). */
  photoUploadIds: string[];
}

// A safety net only: every write to what a snapshot is made of invalidates it (the list is in the docs above).
export const RIDE_SNAPSHOT_CACHE = {
  name: 'ride',
  version: 1,
  ttlSeconds: 60,
} as const satisfies Pick<ReadCacheOptions, 'name' | 'version' | 'ttlSeconds'>;

export type RideSnapshotCache = ReadCache<RideSnapshot>;

/** The snapshot is the same for every viewer: a non-driver viewer makes the offer check of the query false. */
const ANY_VIEWER = { role: 'admin', id: '' } as const;

/** The snapshot of each ride that exists, from Postgres (committed rows only: ReadCache's rule). */
export async function loadRideSnapshots(db: Database, rideIds: string[]): Promise<Map<string, RideSnapshot>> {
  const snapshots = new Map<string, RideSnapshot>();
  for (const rideId of rideIds) {
    const found = await findRideWithAccess(db, rideId, ANY_VIEWER);
    if (!found) continue;
    const { driverId } = found.ride;
    const [drivers, photoUploadIds] = await Promise.all([
      driverId ? loadDriverRows(db, [driverId]) : Promise.resolve(new Map<string, DriverCardRow>()),
      findRideUploadIds(db, rideId, 'CARGO_PHOTO'),
    ]);
    snapshots.set(rideId, {
      ride: found.ride,
      driver: (driverId && drivers.get(driverId)) || null,
      photoUploadIds,
    });
  }
  return snapshots;
}

/**
 * What a write calls after its transaction commits, when it changed a ride's snapshot: the ride row (status,
 * driver, price, payment status, stops, dispatch round...) or its driver's card. Never throws (ReadCache).
 */
export interface RideSnapshotInvalidation {
  /** The rides whose row changed. */
  rides(...rideIds: string[]): Promise<void>;
  /** Every ride the driver is assigned to: their card (name, phone, vehicle, rating) changed. */
  ridesOfDriver(driverId: string): Promise<void>;
}

export class RideSnapshotInvalidator implements RideSnapshotInvalidation {
  constructor(
    private readonly db: Database,
    private readonly cache: Pick<RideSnapshotCache, 'invalidate'>,
    private readonly log?: Pick<Logger, 'warn'>,
  ) {}

  rides(...rideIds: string[]): Promise<void> {
    return this.cache.invalidate(...rideIds);
  }

  async ridesOfDriver(driverId: string): Promise<void> {
    // A card change is rare (a rating); a driver's rides are at most a few thousand ids in one script call.
    let rideIds: string[];
    try {
      const rows = await this.db.select({ id: rides.id }).from(rides).where(eq(rides.driverId, driverId));
      rideIds = rows.map((row) => row.id);
    } catch (error) {
      this.log?.warn(
        { err: error, driverId },
        "could not list the driver's rides; their snapshots expire with the TTL",
      );
      return;
    }
    await this.cache.invalidate(...rideIds);
  }
}
