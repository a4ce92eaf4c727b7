import { type CancelRideResponse, canTransition, type RideStatus, type UserRef } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { sql } from 'drizzle-orm';
import type { Logger } from '../../infra/logger';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import { applyCancellationPolicy, type CancellationRules } from '../cancellations/cancellation-policy';
import { type EndedRidesStore, markRideEnded } from './ended-rides.store';
import { announceRideClosed } from './ride-closed.announcer';
import { findParticipantRide, invalidTransition, lostRaceError, mustFindRide } from './ride-participation';
import type { RideSnapshotInvalidation } from './ride-snapshot-cache';
import { transitionRide } from './ride-transitions';
import { isDriverDeactivated, listNotifiedDriverIds, rejectPendingBids } from './rides.repository';

/** The admin suspension (AdminDriversService.suspend): one way to cut a driver off, whoever decides it. */
export interface DriverSuspender {
  suspend(driverId: string, reason: string | undefined): Promise<unknown>;
}

/** Statuses from which each side may cancel (the status machine allows CANCELLED from all of them). */
const CANCELLABLE_BY: Record<UserRef<'customer' | 'driver'>['role'], readonly RideStatus[]> = {
  customer: ['PENDING_BIDS', 'NO_DRIVERS_AVAILABLE', 'BID_ACCEPTED', 'DRIVER_ARRIVING', 'PICKUP_ARRIVED'],
  // A driver is only on the ride once their bid was accepted; before that they simply do not bid.
  driver: ['BID_ACCEPTED', 'DRIVER_ARRIVING', 'PICKUP_ARRIVED'],
};

/** The ride's customer or its assigned driver cancels it, under the cancellation policy. */
export class RideCancellationService {
  constructor(
    private readonly db: Database,
    private readonly realtime: RealtimeNotifier,
    /** Stops the driver's positions reaching the room of a ride this service cancels. */
    private readonly endedRides: Pick<EndedRidesStore, 'markEnded'>,
    private readonly suspender: DriverSuspender,
    private readonly rules: CancellationRules,
    private readonly log: Pick<Logger, 'info' | 'warn' | 'error'>,
    private readonly rideSnapshots?: RideSnapshotInvalidation,
  ) {}

  /**
   * A conditional status update with its event, pending bids rejected and the cancellation policy (fee,
   * strike) in the same transaction. A driver who reaches the strike limit is then suspended exactly as an
   * admin would.
   */
  async cancel(
    actor: UserRef<'customer' | 'driver'>,
    rideId: string,
    reason: string | undefined,
  ): Promise<CancelRideResponse> {
    const current = await findParticipantRide(this.db, actor, rideId);
    if (!CANCELLABLE_BY[actor.role].includes(current.status) || !canTransition(current.status, 'CANCELLED')) {
      throw invalidTransition(current.status, 'cancelled');
    }
    const result = await this.db.transaction(async (tx) => {
      const moved = await transitionRide(tx, {
        rideId,
        from: [current.status],
        to: 'CANCELLED',
        actor,
        set: { cancelledByRole: actor.role, cancellationReason: reason ?? null, cancelledAt: sql`now()` },
        eventData: reason ? { reason } : {},
      });
      // Someone else moved the ride first (a bid accepted, the driver arrived): re-read and decide again.
      if (!moved) return null;
      const rejected = await rejectPendingBids(tx, rideId);
      // Drivers offered a ride still taking bids have it in their available list; after that they were told.
      const offeredDriverIds = ['PENDING_BIDS', 'NO_DRIVERS_AVAILABLE'].includes(moved.fromStatus)
        ? await listNotifiedDriverIds(tx, rideId)
        : [];
      const outcome = await applyCancellationPolicy(
        tx,
        {
          id: rideId,
          customerId: moved.ride.customerId,
          driverId: moved.ride.driverId,
          governorateCode: moved.ride.governorateCode,
          commissionRateBps: moved.ride.commissionRateBps,
          acceptedAt: moved.ride.acceptedAt,
          previousStatus: moved.fromStatus,
        },
        actor,
        reason,
        this.rules,
      );
      return { moved, rejected, offeredDriverIds, outcome };
    });
    if (!result) throw await lostRaceError(this.db, actor, rideId);
    await this.rideSnapshots?.rides(rideId);
    // Before anything else is told: from here on the driver's positions must not reach the ride's room.
    await markRideEnded(this.endedRides, rideId, this.log);

    const driverDeactivated = result.outcome.isDriverOverStrikeLimit
      ? await this.suspendAtStrikeLimit(actor.id, rideId)
      : false;

    const ride = await mustFindRide(this.db, rideId);
    await announceRideClosed(
      this.realtime,
      {
        ride,
        reason: 'CANCELLED',
        eventId: result.moved.eventId,
        from: result.moved.fromStatus,
        rejectedBids: result.rejected,
        offeredDriverIds: result.offeredDriverIds,
      },
      this.log,
    );
    this.log.info(
      { rideId, actor: actor.role, from: result.moved.fromStatus, fee: result.outcome.fee },
      'ride cancelled',
    );
    return {
      ride,
      cancellation: {
        fee: result.outcome.fee,
        feeStatus: result.outcome.feeStatus,
        strike: result.outcome.strike,
        driverDeactivated,
      },
    };
  }

  /** Suspends the driver; returns whether the account is now deactivated. */
  private async suspendAtStrikeLimit(driverId: string, rideId: string): Promise<boolean> {
    try {
      await this.suspender.suspend(driverId, 'Reached the limit of cancelled accepted rides');
    } catch (error) {
      // The cancellation stands and the strike is recorded: the next one, or an admin, suspends them.
      this.log.error({ err: error, driverId, rideId }, 'could not suspend driver at strike limit');
    }
    // What the database says, whatever part of the suspension finished (only the socket push may lag).
    return isDriverDeactivated(this.db, driverId);
  }
}
