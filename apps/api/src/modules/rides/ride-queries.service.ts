import type { Ride, RideEvent, RideStatus, UserRef } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { AlongsideRead } from '../../http/authenticate';
import type { CachePeek } from '../../infra/read-cache';
import { findRideUploadIds } from '../uploads/uploads.repository';
import { toRideDriver, withDriverCards } from './ride-driver-card';
import { loadRideSnapshots, type RideSnapshot, type RideSnapshotCache } from './ride-snapshot-cache';
import { canViewRide, isRideVisible } from './ride-visibility';
import {
  decodeCursor,
  findRideWithAccess,
  listAvailableRides,
  listRideEvents,
  listRides,
} from './rides.repository';

type RidePeek = CachePeek<RideSnapshot> | Promise<CachePeek<RideSnapshot>>;

/** Reading rides: one ride and its history (for whoever may see it), a caller's rides, a driver's offers. */
export class RideQueriesService {
  constructor(
    private readonly db: Database,
    private readonly snapshots?: RideSnapshotCache,
  ) {}

  /**
   * The cache lookup of `get`, read by the auth check's own Redis command (rides.routes.ts): one round trip
   * for both. Only a Redis read: nothing is loaded before the caller is known.
   */
  peekAlongside(rideId: string): AlongsideRead<RidePeek> | undefined {
    return this.snapshots?.peekAlongside([rideId]);
  }

  /**
   * The ride for `viewer`. Its customer and its assigned driver are answered from the ride snapshot cache
   * (ride-snapshot-cache.ts); admins and everyone else (drivers it was offered to, strangers) from Postgres,
   * exactly as without a cache: the offer facts are per viewer and not cached.
   */
  async get(viewer: UserRef, rideId: string, peeked?: RidePeek): Promise<Ride> {
    if (!this.snapshots || viewer.role === 'admin') return this.getFromDatabase(viewer, rideId);
    const found = await this.snapshots.getMany(
      [rideId],
      (missing) => loadRideSnapshots(this.db, missing),
      peeked ? await peeked : undefined,
    );
    const snapshot = found.get(rideId);
    if (!snapshot || !isParty(viewer, snapshot.ride)) return this.getFromDatabase(viewer, rideId);
    const { ride, driver, photoUploadIds } = snapshot;
    return {
      ...ride,
      ...(driver ? { driver: toRideDriver(viewer, ride, driver) } : {}),
      photoUploadIds,
    };
  }

  private async getFromDatabase(viewer: UserRef, rideId: string): Promise<Ride> {
    // One query for the ride and its visibility facts; the rule itself stays in ride-visibility.ts.
    const found = await findRideWithAccess(this.db, rideId, viewer);
    if (!found || !canViewRide(viewer, found.access)) throw notFound('Ride');
    // The assigned driver's card (a second, small query only once a driver is assigned).
    const [ride] = await withDriverCards(this.db, viewer, [found.ride]);
    const photoUploadIds = await this.photosFor(viewer, rideId, found.access);
    return { ...(ride ?? found.ride), ...(photoUploadIds ? { photoUploadIds } : {}) };
  }

  /**
   * The cargo photos' ids, for those who may download them (modules/uploads: the customer, the assigned
   * driver, admins); drivers merely offered the ride do not get ids they could not open.
   */
  private async photosFor(
    viewer: UserRef,
    rideId: string,
    access: { customerId: string; driverId: string | null },
  ): Promise<string[] | null> {
    return viewer.role === 'admin' || isParty(viewer, access)
      ? findRideUploadIds(this.db, rideId, 'CARGO_PHOTO')
      : null;
  }

  async list(viewer: UserRef, query: { statuses?: RideStatus[]; cursor?: string; limit: number }) {
    const page = await listRides(this.db, viewer, {
      ...(query.statuses ? { statuses: query.statuses } : {}),
      cursor: this.cursor(query.cursor),
      limit: query.limit,
    });
    return { ...page, items: await withDriverCards(this.db, viewer, page.items) };
  }

  async events(
    viewer: UserRef,
    rideId: string,
    after: number | undefined,
    limit: number,
  ): Promise<{ items: RideEvent[]; nextCursor?: string }> {
    if (!(await isRideVisible(this.db, rideId, viewer))) throw notFound('Ride');
    return listRideEvents(this.db, rideId, after, limit);
  }

  available(driverId: string, query: { cursor?: string; limit: number }) {
    return listAvailableRides(this.db, driverId, this.cursor(query.cursor), query.limit);
  }

  private cursor(raw: string | undefined) {
    if (raw === undefined) return null;
    const cursor = decodeCursor(raw);
    if (!cursor) {
      throw new AppError('VALIDATION_FAILED', 'Unreadable cursor; use the nextCursor of a previous page', {
        details: {
          issues: [{ path: 'query.cursor', message: 'not a cursor this api issued', code: 'custom' }],
        },
      });
    }
    return cursor;
  }
}

/** The ride's customer or its assigned driver: who sees it whatever its status (ride-visibility.ts). */
function isParty(viewer: UserRef, ride: { customerId: string; driverId: string | null }): boolean {
  return (
    (viewer.role === 'customer' && viewer.id === ride.customerId) ||
    (viewer.role === 'driver' && viewer.id === ride.driverId)
  );
}
