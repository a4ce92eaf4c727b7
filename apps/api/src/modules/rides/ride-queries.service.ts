import type { Ride, RideEvent, RideStatus } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import { isRideVisible } from './ride-visibility';
import {
  decodeCursor,
  findRideDto,
  listAvailableRides,
  listRideEvents,
  listRides,
  type Viewer,
} from './rides.repository';

/** Reading rides: one ride and its history (for whoever may see it), a caller's rides, a driver's offers. */
export class RideQueriesService {
  constructor(private readonly db: Database) {}

  async get(viewer: Viewer, rideId: string): Promise<Ride> {
    const ride = (await isRideVisible(this.db, rideId, viewer)) ? await findRideDto(this.db, rideId) : null;
    if (!ride) throw notFound('Ride');
    return ride;
  }

  list(viewer: Viewer, query: { statuses?: RideStatus[]; cursor?: string; limit: number }) {
    return listRides(this.db, viewer, {
      ...(query.statuses ? { statuses: query.statuses } : {}),
      cursor: this.cursor(query.cursor),
      limit: query.limit,
    });
  }

  async events(
    viewer: Viewer,
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
