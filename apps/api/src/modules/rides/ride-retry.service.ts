import type { Ride } from '@truck4u/contracts';
import { type Database, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import { removeOfferedDriversFromRoom } from './offered-drivers-room';
import type { RideDispatchStarter } from './ride-dispatch-start';
import { findParticipantRide, invalidTransition, lostRaceError, mustFindRide } from './ride-participation';
import type { RideSnapshotInvalidation } from './ride-snapshot-cache';
import { transitionRide } from './ride-transitions';
import { deleteRideNotifications, listNotifiedDriverIds } from './rides.repository';

/** The customer searches again for a ride that found no driver. */
export class RideRetryService {
  constructor(
    private readonly db: Database,
    private readonly dispatchStarter: RideDispatchStarter,
    private readonly realtime: RealtimeNotifier,
    private readonly rideSnapshots?: RideSnapshotInvalidation,
  ) {}

  /**
   * NO_DRIVERS_AVAILABLE -> PENDING_BIDS with a new dispatch round. The drivers asked before are forgotten,
   * so the new round offers the ride to them again: a driver who was busy ten minutes ago may be free now.
   */
  async retryDispatch(customerId: string, rideId: string): Promise<Ride> {
    const customer = { role: 'customer', id: customerId } as const;
    const current = await findParticipantRide(this.db, customer, rideId);
    if (current.status !== 'NO_DRIVERS_AVAILABLE') {
      throw invalidTransition(current.status, 'dispatched again');
    }
    const round = current.dispatchRound + 1;
    const moved = await this.db.transaction(async (tx) => {
      const result = await transitionRide(tx, {
        rideId,
        from: ['NO_DRIVERS_AVAILABLE'],
        to: 'PENDING_BIDS',
        actor: customer,
        set: { dispatchRound: round, dispatchStep: 0 },
        // Two retries racing: the round guard lets exactly one of them start round N+1.
        guard: eq(rides.dispatchRound, current.dispatchRound),
        eventData: { reason: 'customer asked to search again', round },
      });
      if (!result) return null;
      const forgottenDriverIds = await listNotifiedDriverIds(tx, rideId);
      await deleteRideNotifications(tx, rideId);
      return { ...result, forgottenDriverIds };
    });
    if (!moved) throw await lostRaceError(this.db, customer, rideId);
    await this.rideSnapshots?.rides(rideId);
    // No longer offered, so no longer in the room: the new round's offers decide who may follow it again.
    await removeOfferedDriversFromRoom(this.realtime, rideId, moved.forgottenDriverIds, null);
    if (!(await this.dispatchStarter.startOrGiveUp(moved.ride, round))) {
      throw new AppError('SERVICE_UNAVAILABLE', 'Could not start the search for drivers; try again shortly');
    }
    const ride = await mustFindRide(this.db, rideId);
    await this.realtime.toRide(rideId, 'ride:status', {
      rideId,
      eventId: moved.eventId,
      from: 'NO_DRIVERS_AVAILABLE',
      to: 'PENDING_BIDS',
      ride,
    });
    return ride;
  }
}
