import {
  type RateRide,
  type Rating,
  RIDE_TRANSITIONS,
  type Ride,
  type RideStatus,
  type UserRef,
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
import type { Logger } from '../../infra/logger';
import type { ReadCache } from '../../infra/read-cache';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import { averageRating, findRideParties } from './bids.repository';
import { type EndedRidesStore, markRideEnded } from './ended-rides.store';
import { CLIENT_EVENT_ID_INDEX, findClientEvent, tagClientEvent } from './ride-progress.repository';
import type { RideProgressChecks, RideProgressStep } from './ride-progress-checks';
import type { RideSnapshotInvalidation } from './ride-snapshot-cache';
import { stopsPendingRefusal } from './ride-stops.repository';
import { type TransitionedRide, transitionRide } from './ride-transitions';
import { findRideDto } from './rides.repository';

/** Told after a ride's completion committed; must not throw (the payments sweep recovers a lost call). */
export interface RideCompletionListener {
  rideCompleted(rideId: string): Promise<void>;
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
    private readonly log: Pick<Logger, 'warn'>,
    /** Bid listings show the driver's rating: a rating of a driver drops their card once it commits. */
    private readonly driverCards?: Pick<ReadCache<unknown>, 'invalidate'>,
    /** Distance to the dropoff, the delivery code, position flags (modules/proofs, wired in composition/). */
    private readonly checks?: RideProgressChecks,
    /** Releases money held for the ride once it is COMPLETED (modules/payments, wired in composition/). */
    private readonly completion?: RideCompletionListener,
    private readonly rideSnapshots?: RideSnapshotInvalidation,
  ) {}

  /**
   * Moves the ride one step along RIDE_TRANSITIONS; only its assigned driver may, and never to CANCELLED.
   * With a `clientEventId` the change is applied once per ride: a replay of it (a phone back online, or the
   * same request racing itself) answers the current ride instead of INVALID_TRANSITION.
   */
  async updateStatus(
    driverId: string,
    rideId: string,
    to: RideStatus,
    clientEventId?: string,
    proof: { deliveryCode?: string } = {},
  ): Promise<Ride> {
    const ride = await findRideParties(this.db, rideId);
    if (!ride || ride.driverId !== driverId) throw notFound('Ride');
    if (clientEventId && (await this.wasApplied(rideId, clientEventId, to))) return this.currentRide(rideId);
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
    let moved: TransitionedRide | null;
    const step: RideProgressStep = { rideId, driverId, from: ride.status, to, ...proof };
    // A check's refusal that must still commit what the check wrote (a wrong delivery code is counted).
    let refusal: AppError | null = null;
    try {
      moved = await this.db.transaction(async (tx) => {
        refusal = to === 'DROPOFF_ARRIVED' ? await stopsPendingRefusal(tx, rideId) : null;
        if (refusal) return null;
        refusal = (await this.checks?.beforeTransition(tx, step)) ?? null;
        if (refusal) return null;
        const done = await transitionRide(tx, {
          rideId,
          from: [ride.status],
          to,
          actor: { role: 'driver', id: driverId },
          // The driver is re-checked in the update: a ride reassigned meanwhile is not theirs to move.
          guard: eq(rides.driverId, driverId),
          set: to === 'COMPLETED' ? { completedAt: sql`now()` } : {},
        });
        // In the same transaction: a change is never committed without its id, so a replay always finds it.
        if (done && clientEventId) await tagClientEvent(tx, done.eventId, clientEventId);
        return done;
      });
    } catch (error) {
      // The id was taken on this ride by another change committed meanwhile; this one is rolled back.
      if (!clientEventId || uniqueViolationConstraint(error) !== CLIENT_EVENT_ID_INDEX) throw error;
      moved = null;
    }
    if (refusal) throw refusal;
    if (!moved) {
      // A copy of this change committed first: its conditional update made ours find nothing, after it committed.
      if (clientEventId && (await this.wasApplied(rideId, clientEventId, to)))
        return this.currentRide(rideId);
      // Someone else moved the ride first (the same request twice, or a cancellation).
      throw new AppError('INVALID_TRANSITION', `The ride is no longer ${ride.status}`);
    }
    await this.rideSnapshots?.rides(rideId);
    // Before the response and the broadcast: from here on the driver's positions must not reach the room.
    if (to === 'COMPLETED') await markRideEnded(this.endedRides, rideId, this.log);
    await this.checks?.afterTransition(step);
    // After commit: the payment worker releases a held payment only once it reads the ride as COMPLETED.
    if (to === 'COMPLETED') await this.completion?.rideCompleted(rideId);

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

  /** Whether the change with this id was applied to the ride; the id reused for another status is refused. */
  private async wasApplied(rideId: string, clientEventId: string, to: RideStatus): Promise<boolean> {
    const event = await findClientEvent(this.db, rideId, clientEventId);
    if (!event) return false;
    if (event.toStatus !== to) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        `clientEventId ${clientEventId} was already used on this ride for ${event.toStatus}`,
        { details: { clientEventId, appliedStatus: event.toStatus } },
      );
    }
    return true;
  }

  private async currentRide(rideId: string): Promise<Ride> {
    const dto = await findRideDto(this.db, rideId);
    if (!dto) throw notFound('Ride');
    return dto;
  }

  /** The customer rates the driver or the driver rates the customer, once each, after completion. */
  async rate(caller: UserRef, rideId: string, input: RateRide): Promise<Rating> {
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
    // Punctuality, care and communication describe a driver's work: a customer's rating of the driver has them.
    const criteria = input.criteria ?? null;
    if (criteria && rateeRole !== 'driver') {
      throw new AppError('VALIDATION_FAILED', 'Only a customer rating the driver gives criteria', {
        details: [{ path: 'body.criteria', message: 'criteria rate a driver', code: 'custom' }],
      });
    }

    try {
      const rating = await this.db.transaction(async (tx): Promise<Rating> => {
        const [row] = await tx
          .insert(ratings)
          .values({
            rideId,
            raterRole,
            raterId: caller.id,
            rateeRole,
            rateeId,
            score: input.score,
            punctuality: criteria?.punctuality ?? null,
            care: criteria?.care ?? null,
            communication: criteria?.communication ?? null,
            comment: input.comment || null,
          })
          .returning();
        if (!row) throw new Error('rating insert returned no row');
        if (criteria) {
          // Per-criterion sums and their one count move together, like the overall sum and count below.
          await tx
            .update(drivers)
            .set({
              ratingPunctualitySum: sql`${drivers.ratingPunctualitySum} + ${criteria.punctuality}`,
              ratingCareSum: sql`${drivers.ratingCareSum} + ${criteria.care}`,
              ratingCommunicationSum: sql`${drivers.ratingCommunicationSum} + ${criteria.communication}`,
              ratingCriteriaCount: sql`${drivers.ratingCriteriaCount} + 1`,
            })
            .where(eq(drivers.id, rateeId));
        }
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
          criteria,
          comment: row.comment,
          createdAt: row.createdAt.toISOString(),
          rateeRating: { average: averageRating(ratee.sum, ratee.count) ?? 0, count: ratee.count },
        };
      });
      if (rateeRole === 'driver') await this.driverCards?.invalidate(rateeId);
      if (rateeRole === 'driver') await this.rideSnapshots?.ridesOfDriver(rateeId);
      return rating;
    } catch (error) {
      if (uniqueViolationConstraint(error) === 'ratings_one_per_side') {
        throw new AppError('CONFLICT', 'You have already rated this ride');
      }
      throw error;
    }
  }
}
