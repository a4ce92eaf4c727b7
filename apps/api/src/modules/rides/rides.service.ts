import { createHash } from 'node:crypto';
import {
  type CancelRideResponse,
  type CreateRide,
  canTransition,
  estimatePrice,
  governorateAt,
  type PricingTable,
  type Ride,
  type RideEvent,
  type RideStatus,
} from '@truck4u/contracts';
import { type Database, rideEvents, rideNotifications, rides } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { AppError, notFound } from '../../http/app-error';
import type { LimitOutcome, RateLimiter } from '../../infra/rate-limiter';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import { applyCancellationPolicy, type CancellationRules } from '../cancellations/cancellation-policy';
import { type DispatchScheduler, scheduledDispatchStart } from '../dispatch/dispatch-scheduler';
import { toBidDto } from './bids.repository';
import { announceClosedToOfferedDrivers } from './offered-drivers';
import { findRideDto, type RideRow, toRideDto } from './ride-dto';
import { transitionRide, violatedConstraint } from './ride-transitions';
import {
  decodeCursor,
  findRideByIdempotencyKey,
  findRideForParticipant,
  findVisibleRide,
  governorateName,
  isDriverDeactivated,
  listAvailableRides,
  listNotifiedDriverIds,
  listRideEvents,
  listRides,
  rejectPendingBids,
  type Viewer,
} from './rides.repository';

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The admin suspension (AdminDriversService.suspend): one way to cut a driver off, whoever decides it. */
export interface DriverSuspender {
  suspend(driverId: string, reason: string | undefined): Promise<unknown>;
}

export interface RidesServiceOptions {
  pricingTable: PricingTable;
  /** RIDE_POST_LIMIT_PER_HOUR: new rides one customer may post per hour. */
  postLimitPerHour: number;
  cancellation: CancellationRules;
  /** SCHEDULED_DISPATCH_LEAD_MS: a ride booked further ahead is offered to drivers only from then. */
  scheduledDispatchLeadMs: number;
}

type Participant = { role: 'customer' | 'driver'; id: string };

/** Statuses from which each side may cancel (the status machine allows CANCELLED from all of them). */
const CANCELLABLE_BY: Record<Participant['role'], readonly RideStatus[]> = {
  customer: ['PENDING_BIDS', 'NO_DRIVERS_AVAILABLE', 'BID_ACCEPTED', 'DRIVER_ARRIVING', 'PICKUP_ARRIVED'],
  // A driver is only on the ride once their bid was accepted; before that they simply do not bid.
  driver: ['BID_ACCEPTED', 'DRIVER_ARRIVING', 'PICKUP_ARRIVED'],
};

// The queue's Redis client waits for a connection that may not come back; a request must not. (Socket pushes
// are bounded by the notifier itself: BoundedRealtimeNotifier.)
const DISPATCH_START_TIMEOUT_MS = 3_000;

/** Rejects when `work` has not settled within `ms`; `work` itself carries on (its outcome is then ignored). */
function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  work.catch(() => {});
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const IDEMPOTENCY_INDEX = 'rides_customer_idempotency_key';

/** The Redis key (without the deployment prefix) counting a customer's ride posts this hour. */
export const ridePostLimitKey = (customerId: string) => `rl:rides:post:customer:${customerId}`;

/** The parsed body in schema order, hashed: a replay must ask for exactly the same ride. */
function hashRideRequest(input: CreateRide): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

const invalidTransition = (status: RideStatus, action: string) =>
  new AppError('INVALID_TRANSITION', `A ride in status ${status} cannot be ${action}`, {
    details: { status },
  });

/** Posting, reading, cancelling and re-dispatching rides. Bids and driver status updates live elsewhere. */
export class RidesService {
  constructor(
    private readonly db: Database,
    private readonly dispatch: DispatchScheduler,
    private readonly realtime: RealtimeNotifier,
    private readonly suspender: DriverSuspender,
    private readonly limiter: RateLimiter,
    private readonly options: RidesServiceOptions,
    private readonly log: Logger,
  ) {}

  /**
   * Writes the ride and its CREATED event in one transaction, then starts dispatch — for a ride booked
   * further ahead than the lead time, as a job delayed until `dispatchStartsAt`. The job is enqueued only
   * after commit, so a worker never looks for a ride that may still roll back. With an Idempotency-Key, a
   * repeat of the same request returns the first ride (the phone lost the answer, not the ride); the same key
   * with another body is refused.
   */
  async create(
    customerId: string,
    input: CreateRide,
    idempotencyKey?: string,
  ): Promise<{ ride: Ride; isReplay: boolean }> {
    const requestHash = idempotencyKey === undefined ? null : hashRideRequest(input);
    if (idempotencyKey !== undefined) {
      const earlier = await findRideByIdempotencyKey(this.db, customerId, idempotencyKey);
      if (earlier) return this.replay(earlier, requestHash);
    }
    // Counted only once we know this is a new ride: a replay above answers without spending the budget.
    await this.consumePostBudget(customerId);
    const estimate = estimatePrice(
      {
        pickup: input.pickup,
        dropoff: input.dropoff,
        vehicleType: input.vehicleType,
        loadAssistance: input.loadAssistance,
      },
      this.options.pricingTable,
    );
    const governorate = governorateAt(input.pickup);
    const dispatchStartsAt = scheduledDispatchStart(
      input.scheduledAt ? new Date(input.scheduledAt) : null,
      this.options.scheduledDispatchLeadMs,
      new Date(),
    );
    let row: RideRow;
    try {
      row = await this.insertRide(
        customerId,
        input,
        estimate,
        governorate.code,
        dispatchStartsAt,
        idempotencyKey,
        requestHash,
      );
    } catch (error) {
      // The same key raced us (two retries in flight): the unique index let one through; answer as it did.
      if (idempotencyKey !== undefined && violatedConstraint(error) === IDEMPOTENCY_INDEX) {
        const earlier = await findRideByIdempotencyKey(this.db, customerId, idempotencyKey);
        if (earlier) return this.replay(earlier, requestHash);
      }
      throw error;
    }
    // The customer's open sockets follow the ride from now on (status changes, bids, the truck's position).
    await this.realtime.joinRide('customer', customerId, row.id);
    const started = await this.startDispatchOrGiveUp(row, 0, dispatchStartsAt ?? undefined);
    const ride = started
      ? toRideDto(row, await governorateName(this.db, row.governorateCode))
      : await this.mustFind(row.id);
    return { ride, isReplay: false };
  }

  /**
   * One unit of the customer's hourly posting budget, or 429. Fails open when Redis cannot answer: posting
   * is the marketplace's core action and the limit only curbs abuse (a flood of rides costs drivers'
   * attention, not money the way SMS does), so an outage must not stop every customer from booking. The
   * caller is still an authenticated customer, and with Redis down dispatch cannot start anyway, so such
   * rides land in NO_DRIVERS_AVAILABLE rather than reaching drivers. (Two retries of one Idempotency-Key
   * racing past the lookup both count; only a sequential replay is guaranteed free.)
   */
  private async consumePostBudget(customerId: string): Promise<void> {
    const rule = {
      key: ridePostLimitKey(customerId),
      limit: this.options.postLimitPerHour,
      windowSeconds: 3600,
    };
    let outcome: LimitOutcome;
    try {
      outcome = await this.limiter.consume([rule]);
    } catch (error) {
      this.log.warn({ err: error, customerId }, 'ride post limit unavailable; allowing the post');
      return;
    }
    if (!outcome.allowed) {
      throw new AppError('RATE_LIMITED', 'Too many rides posted in the last hour; try again later', {
        details: { retryAfterSeconds: outcome.retryAfterSeconds, limit: rule.limit },
        headers: { 'retry-after': String(outcome.retryAfterSeconds) },
      });
    }
  }

  private insertRide(
    customerId: string,
    input: CreateRide,
    estimate: { amount: number; distanceMeters: number },
    governorateCode: string,
    dispatchStartsAt: Date | null,
    idempotencyKey: string | undefined,
    requestHash: string | null,
  ): Promise<RideRow> {
    return this.db.transaction(async (tx) => {
      const [ride] = await tx
        .insert(rides)
        .values({
          customerId,
          status: 'PENDING_BIDS',
          pickupLat: input.pickup.lat,
          pickupLng: input.pickup.lng,
          pickupAddress: input.pickup.address,
          dropoffLat: input.dropoff.lat,
          dropoffLng: input.dropoff.lng,
          dropoffAddress: input.dropoff.address,
          vehicleType: input.vehicleType,
          cargoDescription: input.cargo.description,
          cargoWeightKg: input.cargo.weightKg,
          loadAssistance: input.loadAssistance,
          scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null,
          dispatchStartsAt,
          governorateCode,
          distanceMeters: estimate.distanceMeters,
          priceEstimate: estimate.amount,
          dispatchRound: 0,
          idempotencyKey: idempotencyKey ?? null,
          requestHash,
        })
        .returning();
      if (!ride) throw new Error('ride insert returned no row');
      await tx.insert(rideEvents).values({
        rideId: ride.id,
        type: 'CREATED',
        fromStatus: null,
        toStatus: 'PENDING_BIDS',
        actorRole: 'customer',
        actorId: customerId,
        data: { priceEstimate: estimate.amount, distanceMeters: estimate.distanceMeters },
      });
      return ride;
    });
  }

  private async replay(row: RideRow, requestHash: string | null): Promise<{ ride: Ride; isReplay: boolean }> {
    if (row.requestHash !== requestHash) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used to post a different ride; use a new key for a new ride',
      );
    }
    return { ride: await this.mustFind(row.id), isReplay: true };
  }

  async get(viewer: Viewer, rideId: string): Promise<Ride> {
    const ride = await findVisibleRide(this.db, rideId, viewer);
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
    await this.get(viewer, rideId);
    return listRideEvents(this.db, rideId, after, limit);
  }

  available(driverId: string, query: { cursor?: string; limit: number }) {
    return listAvailableRides(this.db, driverId, this.cursor(query.cursor), query.limit);
  }

  /**
   * Cancels the ride for its customer or its assigned driver: a conditional status update with its event,
   * pending bids rejected and the cancellation policy (fee, strike) in the same transaction. A driver who
   * reaches the strike limit is then suspended exactly as an admin would.
   */
  async cancel(actor: Participant, rideId: string, reason: string | undefined): Promise<CancelRideResponse> {
    const current = await this.participantRide(actor, rideId);
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
        this.options.cancellation,
      );
      return { moved, rejected, offeredDriverIds, outcome };
    });
    if (!result) throw await this.lostRace(actor, rideId);

    let driverDeactivated = false;
    if (result.outcome.isDriverOverStrikeLimit) {
      try {
        await this.suspender.suspend(actor.id, 'Reached the limit of cancelled accepted rides');
      } catch (error) {
        // The cancellation stands and the strike is recorded: the next one, or an admin, suspends them.
        this.log.error(
          { err: error, driverId: actor.id, rideId },
          'could not suspend driver at strike limit',
        );
      }
      // What the database says, whatever part of the suspension finished (only the socket push may lag).
      driverDeactivated = await isDriverDeactivated(this.db, actor.id);
    }

    const ride = await this.mustFind(rideId);
    await this.realtime.toRide(rideId, 'ride:status', {
      rideId,
      eventId: result.moved.eventId,
      from: result.moved.fromStatus,
      to: 'CANCELLED',
      ride,
    });
    await Promise.all(
      result.rejected.map((bid) =>
        this.realtime.toUser('driver', bid.driverId, 'bid:rejected', {
          bid: toBidDto(bid, false),
          reason: 'RIDE_CANCELLED',
        }),
      ),
    );
    await announceClosedToOfferedDrivers(this.realtime, {
      offeredDriverIds: result.offeredDriverIds,
      toldDriverIds: result.rejected.map((bid) => bid.driverId),
      eventId: result.moved.eventId,
      from: result.moved.fromStatus,
      ride,
    });
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

  /**
   * NO_DRIVERS_AVAILABLE -> PENDING_BIDS with a new dispatch round. The drivers asked before are forgotten,
   * so the new round offers the ride to them again: a driver who was busy ten minutes ago may be free now.
   */
  async retryDispatch(customerId: string, rideId: string): Promise<Ride> {
    const current = await this.participantRide({ role: 'customer', id: customerId }, rideId);
    if (current.status !== 'NO_DRIVERS_AVAILABLE')
      throw invalidTransition(current.status, 'dispatched again');
    const round = current.dispatchRound + 1;
    const moved = await this.db.transaction(async (tx) => {
      const result = await transitionRide(tx, {
        rideId,
        from: ['NO_DRIVERS_AVAILABLE'],
        to: 'PENDING_BIDS',
        actor: { role: 'customer', id: customerId },
        set: { dispatchRound: round, dispatchStep: 0 },
        // Two retries racing: the round guard lets exactly one of them start round N+1.
        guard: eq(rides.dispatchRound, current.dispatchRound),
        eventData: { reason: 'customer asked to search again', round },
      });
      if (result) await tx.delete(rideNotifications).where(eq(rideNotifications.rideId, rideId));
      return result;
    });
    if (!moved) throw await this.lostRace({ role: 'customer', id: customerId }, rideId);
    if (!(await this.startDispatchOrGiveUp(moved.ride, round))) {
      throw new AppError('SERVICE_UNAVAILABLE', 'Could not start the search for drivers; try again shortly');
    }
    const ride = await this.mustFind(rideId);
    await this.realtime.toRide(rideId, 'ride:status', {
      rideId,
      eventId: moved.eventId,
      from: 'NO_DRIVERS_AVAILABLE',
      to: 'PENDING_BIDS',
      ride,
    });
    return ride;
  }

  /**
   * Enqueues the round's first step. If the queue cannot be reached the ride would wait for bids that no
   * driver is ever asked for, so it is moved to NO_DRIVERS_AVAILABLE instead, from where the customer can
   * retry. Returns whether dispatch started.
   */
  private async startDispatchOrGiveUp(ride: RideRow, round: number, startAt?: Date): Promise<boolean> {
    try {
      await withTimeout(
        this.dispatch.startDispatch(ride.id, round, startAt),
        DISPATCH_START_TIMEOUT_MS,
        'startDispatch',
      );
      return true;
    } catch (error) {
      // Should the job still land later, it finds the ride no longer searching (or a newer round) and stops.
      this.log.error({ err: error, rideId: ride.id, round }, 'could not start dispatch');
      const gaveUp = await this.db
        .transaction((tx) =>
          transitionRide(tx, {
            rideId: ride.id,
            from: ['PENDING_BIDS'],
            to: 'NO_DRIVERS_AVAILABLE',
            actor: null,
            guard: eq(rides.dispatchRound, round),
            eventData: { reason: 'dispatch could not start', round },
          }),
        )
        .catch((inner: unknown) => {
          this.log.error({ err: inner, rideId: ride.id }, 'could not mark undispatched ride');
          return null;
        });
      if (gaveUp) {
        const dto = await findRideDto(this.db, ride.id);
        if (dto) {
          await this.realtime.toUser('customer', ride.customerId, 'ride:no-drivers', {
            rideId: ride.id,
            ride: dto,
          });
        }
      }
      return false;
    }
  }

  private async participantRide(actor: Participant, rideId: string): Promise<RideRow> {
    const row = await findRideForParticipant(this.db, rideId, actor);
    if (row) return row;
    // A driver who was offered the ride may see it but cannot act on it; anyone else learns nothing.
    if (await findVisibleRide(this.db, rideId, actor)) {
      throw new AppError('FORBIDDEN', 'Only the ride’s customer or its assigned driver may do this');
    }
    throw notFound('Ride');
  }

  /** Another request changed the ride between our read and our conditional update; the client re-reads. */
  private async lostRace(actor: Participant, rideId: string): Promise<AppError> {
    const now = await findRideForParticipant(this.db, rideId, actor);
    const status = now?.status ?? 'CANCELLED';
    return new AppError(
      'INVALID_TRANSITION',
      `The ride changed meanwhile and is now ${status}; reload it and try again`,
      {
        details: { status },
      },
    );
  }

  private async mustFind(rideId: string): Promise<Ride> {
    const ride = await findRideDto(this.db, rideId);
    if (!ride) throw notFound('Ride');
    return ride;
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
