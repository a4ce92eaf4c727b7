import type { Ride, RideEvent, RideStatus, UserRef } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import { canViewRide, isRideVisible } from './ride-visibility';
import {
  decodeCursor,
  findRideWithAccess,
  listAvailableRides,
  listRideEvents,
  listRides,
} from './rides.repository';

/** Reading rides: one ride and its history (for whoever may see it), a caller's rides, a driver's offers. */
export class RideQueriesService {
  constructor(private readonly db: Database) {}

  async get(viewer: UserRef, rideId: string): Promise<Ride> {
    // One query for the ride and its visibility facts; the rule itself stays in ride-visibility.ts.
    const found = await findRideWithAccess(this.db, rideId, viewer);
    if (!found || !canViewRide(viewer, found.access)) throw notFound('Ride');
    return found.ride;
  }

  list(viewer: UserRef, query: { statuses?: RideStatus[]; cursor?: string; limit: number }) {
    return listRides(this.db, viewer, {
      ...(query.statuses ? { statuses: query.statuses } : {}),
      cursor: this.cursor(query.cursor),
      limit: query.limit,
    });
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
