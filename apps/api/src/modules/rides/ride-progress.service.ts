import {
  type RateRide,
  type Rating,
  RIDE_TRANSITIONS,
  type Ride,
  type RideStatus,
  type Role,
} from '@truck4u/contracts';
import {
  customers,
  type Database,
  drivers,
  ratings,
  rides,
  uniqueViolationConstraint,
} from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { AppError, notFound } from '../../errors/app-error';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import { averageRating, findRideParties } from './bids.repository';
import { type EndedRidesStore, markRideEnded } from './ended-rides.store';
import { transitionRide } from './ride-transitions';
import { findRideDto } from './rides.repository';

interface Logger {
  warn(obj: object, msg: string): void;
}

/**
 * The assigned driver walks the ride to COMPLETED (docs/API.md#ride-status-machine), then both sides rate
 * each other once.
 */
export class RideProgressService {
  constructor(
    private readonly db: Database,
    private readonly realtime: RealtimeNotifier,
    /** Stops the driver's positions reaching the room of a ride this service completes. */
    private readonly endedRides: Pick<EndedRidesStore, 'markEnded'>,
    private readonly log: Logger,
  ) {}

  /** Moves the ride one step along RIDE_TRANSITIONS; only its assigned driver may, and never to CANCELLED. */
  async updateStatus(driverId: string, rideId: string, to: RideStatus): Promise<Ride> {
    const ride = await findRideParties(this.db, rideId);
    if (!ride || ride.driverId !== driverId) throw notFound('Ride');
    if (to === 'CANCELLED') {
      throw new AppError('INVALID_TRANSITION', 'Cancel a ride with POST /api/rides/:id/cancel');
    }
    // The driver's next steps: cancelling is the other route's.
    const allowed = RIDE_TRANSITIONS[ride.status].filter((status) => status !== 'CANCELLED');
    if (!allowed.includes(to)) {
      const next =
        allowed.length === 0
          ? `a ${ride.status} ride has no next status`
          : `the next status is ${allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`}`;
      throw new AppError('INVALID_TRANSITION', `A ride cannot go from ${ride.status} to ${to}: ${next}`, {
        details: { from: ride.status, to, allowed },
      });
    }
    const moved = await this.db.transaction((tx) =>
      transitionRide(tx, {
        rideId,
        from: [ride.status],
        to,
        actor: { role: 'driver', id: driverId },
        // The driver is re-checked in the update: a ride reassigned meanwhile is not theirs to move.
        guard: eq(rides.driverId, driverId),
        set: to === 'COMPLETED' ? { completedAt: sql`now()` } : {},
      }),
    );
    // Someone else moved the ride first (the same request twice, or a cancellation).
    if (!moved) throw new AppError('INVALID_TRANSITION', `The ride is no longer ${ride.status}`);
    // Before the response and the broadcast: from here on the driver's positions must not reach the room.
    if (to === 'COMPLETED') await markRideEnded(this.endedRides, rideId, this.log);

    const dto = await findRideDto(this.db, rideId);
    if (!dto) throw notFound('Ride');
    try {
      await this.realtime.toRide(rideId, 'ride:status', {
        rideId,
        eventId: moved.eventId,
        from: moved.fromStatus,
        to,
        ride: dto,
      });
    } catch (error) {
      this.log.warn({ err: error, rideId }, 'ride:status broadcast failed');
    }
    return dto;
  }

  /** The customer rates the driver or the driver rates the customer, once each, after completion. */
  async rate(caller: { role: Role; id: string }, rideId: string, input: RateRide): Promise<Rating> {
    const ride = await findRideParties(this.db, rideId);
    const isCustomer = caller.role === 'customer' && ride?.customerId === caller.id;
    const isDriver = caller.role === 'driver' && ride?.driverId === caller.id;
    if (!ride || !(isCustomer || isDriver)) throw notFound('Ride');
    if (ride.status !== 'COMPLETED') {
      throw new AppError('CONFLICT', 'A ride can be rated once it is completed');
    }
    const raterRole = isCustomer ? 'customer' : 'driver';
    const rateeRole = isCustomer ? 'driver' : 'customer';
    const rateeId = isCustomer ? ride.driverId : ride.customerId;
    if (!rateeId) throw new Error('completed ride without a driver');

    try {
      return await this.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(ratings)
          .values({
            rideId,
            raterRole,
            raterId: caller.id,
            rateeRole,
            rateeId,
            score: input.score,
            comment: input.comment || null,
          })
          .returning();
        if (!row) throw new Error('rating insert returned no row');
        // Sum and count move together in one statement, so concurrent ratings of one person never lose one.
        const table = rateeRole === 'driver' ? drivers : customers;
        const [ratee] = await tx
          .update(table)
          .set({
            ratingSum: sql`${table.ratingSum} + ${input.score}`,
            ratingCount: sql`${table.ratingCount} + 1`,
          })
          .where(eq(table.id, rateeId))
          .returning({ sum: table.ratingSum, count: table.ratingCount });
        if (!ratee) throw new Error('rated account vanished');
        return {
          id: row.id,
          rideId,
          raterRole,
          rateeRole,
          rateeId,
          score: row.score,
          comment: row.comment,
          createdAt: row.createdAt.toISOString(),
          rateeRating: { average: averageRating(ratee.sum, ratee.count) ?? 0, count: ratee.count },
        };
      });
    } catch (error) {
      if (uniqueViolationConstraint(error) === 'ratings_one_per_side') {
        throw new AppError('CONFLICT', 'You have already rated this ride');
      }
      throw error;
    }
  }
}
