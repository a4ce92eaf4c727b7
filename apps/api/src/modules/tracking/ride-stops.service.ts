import type { Ride, StopStatus, UpdateStopStatus } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { Logger } from '../../infra/logger';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import { mustFindRide } from '../rides/ride-participation';
import type { RideSnapshotInvalidation } from '../rides/ride-snapshot-cache';
import { findTrackedRide, updateStopStatus } from './tracking.repository';

/**
 * The assigned driver marks the ride's stops, in order, while the ride is IN_TRANSIT: each goes PENDING ->
 * ARRIVED -> DONE, a stop can be reached only once every earlier one is DONE, and DROPOFF_ARRIVED waits for
 * all of them (rides/ride-stops.ts). Each change is a ride event, sent to the ride's room as `ride:stop`.
 */
export class RideStopsService {
  constructor(
    private readonly db: Database,
    private readonly realtime: RealtimeNotifier,
    private readonly log: Pick<Logger, 'warn'>,
    private readonly rideSnapshots?: RideSnapshotInvalidation,
  ) {}

  async mark(driverId: string, rideId: string, index: number, input: UpdateStopStatus): Promise<Ride> {
    const ride = await findTrackedRide(this.db, rideId);
    if (!ride || ride.driverId !== driverId) throw notFound('Ride');
    const stop = ride.stops[index];
    if (!stop) throw notFound('Stop');
    const to = input.status;
    const from: StopStatus = to === 'ARRIVED' ? 'PENDING' : 'ARRIVED';
    // The checks below only explain a refusal; the conditional update is what decides, race or not.
    if (ride.status !== 'IN_TRANSIT') {
      throw new AppError(
        'INVALID_TRANSITION',
        `Stops are marked while the ride is IN_TRANSIT, not ${ride.status}`,
        {
          details: { status: ride.status },
        },
      );
    }
    if (stop.status !== from) {
      throw new AppError('INVALID_TRANSITION', `Stop ${index} is ${stop.status}; it cannot become ${to}`, {
        details: { index, status: stop.status, to },
      });
    }
    const earlierOpen = ride.stops.slice(0, index).findIndex((s) => s.status !== 'DONE');
    if (to === 'ARRIVED' && earlierOpen !== -1) {
      throw new AppError(
        'INVALID_TRANSITION',
        `Stops are visited in order: finish stop ${earlierOpen} first`,
        {
          details: { index, pendingStop: earlierOpen },
        },
      );
    }
    const eventId = await updateStopStatus(this.db, { rideId, driverId, index, from, to });
    if (eventId === null) {
      throw new AppError('INVALID_TRANSITION', 'The ride changed meanwhile; reload it and try again');
    }
    await this.rideSnapshots?.rides(rideId);
    try {
      await this.realtime.toRide(rideId, 'ride:stop', { rideId, eventId, index, from, to });
    } catch (error) {
      this.log.warn({ err: error, rideId }, 'ride:stop broadcast failed');
    }
    return mustFindRide(this.db, rideId);
  }
}
