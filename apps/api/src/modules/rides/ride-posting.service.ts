import {
  type CreateRide,
  estimatePrice,
  governorateAt,
  type PricingTable,
  type Ride,
  VEHICLE_CAPACITY_KG,
  vehicleTypesCarrying,
} from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { uniqueViolationConstraint } from '@truck4u/database';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../infra/logger';
import type { LimitOutcome, RateLimiter } from '../../infra/rate-limiter';
import { requestHash } from '../../infra/request-hash';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import { claimUploads } from '../uploads/upload-claims.repository';
import { scheduledDispatchStart } from './dispatch-scheduler';
import { type PriceBandSource, tariffOnlyBands } from './price-band-source';
import { type RideRow, toRideDto } from './ride.dto';
import type { RideDispatchStarter } from './ride-dispatch-start';
import { mustFindRide } from './ride-participation';
import { findRideByIdempotencyKey, governorateName, insertRide } from './rides.repository';

export interface RidePostingOptions {
  pricingTable: PricingTable;
  /** RIDE_POST_LIMIT_PER_HOUR: new rides one customer may post per hour. */
  postLimitPerHour: number;
  /** SCHEDULED_DISPATCH_LEAD_MS: a ride booked further ahead is offered to drivers only from then. */
  scheduledDispatchLeadMs: number;
  /** The fair price band stored on the ride (pricing's, wired in composition/); left out, the tariff band. */
  priceBands?: PriceBandSource;
}

const IDEMPOTENCY_INDEX = 'rides_customer_idempotency_key';

/** The Redis key (without the deployment prefix) counting a customer's ride posts this hour. */
export const ridePostLimitKey = (customerId: string) => `rl:rides:post:customer:${customerId}`;

/**
 * 400 when the cargo is heavier than the vehicle type carries (VEHICLE_CAPACITY_KG, docs/DRIVER-DOCUMENTS.md),
 * naming the vehicle types that would carry it, so the customer can pick one.
 */
function assertVehicleCarries(input: CreateRide): void {
  const capacityKg = VEHICLE_CAPACITY_KG[input.vehicleType];
  const { weightKg } = input.cargo;
  if (weightKg <= capacityKg) return;
  const fitting = vehicleTypesCarrying(weightKg);
  const message =
    `A ${input.vehicleType} carries at most ${capacityKg} kg; for ${weightKg} kg choose ` +
    (fitting.length > 0 ? fitting.join(', ') : 'several rides (no vehicle type carries that much)');
  throw new AppError('VALIDATION_FAILED', message, {
    details: {
      issues: [{ path: 'body.cargo.weightKg', message, code: 'too_heavy_for_vehicle' }],
      capacityKg,
      fittingVehicleTypes: fitting,
    },
  });
}

/** The parsed body in schema order, hashed: a replay must ask for exactly the same ride. */
function hashRideRequest(input: CreateRide): string {
  return requestHash(input);
}

/** A customer posts a ride: priced, written, and offered to drivers. */
export class RidePostingService {
  constructor(
    private readonly db: Database,
    private readonly dispatchStarter: RideDispatchStarter,
    private readonly realtime: RealtimeNotifier,
    private readonly limiter: RateLimiter,
    private readonly options: RidePostingOptions,
    private readonly log: Pick<Logger, 'warn'>,
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
    assertVehicleCarries(input);
    // Counted only once we know this is a new ride: a replay above answers without spending the budget.
    await this.consumePostBudget(customerId);
    const estimate = estimatePrice(
      {
        pickup: input.pickup,
        dropoff: input.dropoff,
        stops: input.stops,
        vehicleType: input.vehicleType,
        loadAssistance: input.loadAssistance,
      },
      this.options.pricingTable,
    );
    const dispatchStartsAt = scheduledDispatchStart(
      input.scheduledAt ? new Date(input.scheduledAt) : null,
      this.options.scheduledDispatchLeadMs,
      new Date(),
    );
    const governorateCode = governorateAt(input.pickup).code;
    const dropoffGovernorateCode = governorateAt(input.dropoff).code;
    // Computed once, at posting: drivers see it with the request and bids are flagged against it.
    const priceBand = await (
      this.options.priceBands ?? tariffOnlyBands(this.options.pricingTable.roundTo)
    ).bandFor({
      vehicleType: input.vehicleType,
      pickupGovernorateCode: governorateCode,
      dropoffGovernorateCode,
      distanceMeters: estimate.distanceMeters,
      estimateAmount: estimate.amount,
    });
    let row: RideRow;
    try {
      row = await insertRide(this.db, {
        customerId,
        input,
        estimate,
        governorateCode,
        dropoffGovernorateCode,
        priceBand,
        dispatchStartsAt,
        idempotencyKey,
        requestHash,
        // The cargo photos are claimed in the ride's transaction: a photo that is not a READY, unattached
        // CARGO_PHOTO of this customer fails the post (400) and no ride is written.
        alsoInTransaction: input.photoUploadIds?.length
          ? async (tx, rideId) => {
              await claimUploads(tx, {
                uploadIds: input.photoUploadIds ?? [],
                owner: { role: 'customer', userId: customerId },
                purpose: 'CARGO_PHOTO',
                rideId,
              });
            }
          : undefined,
      });
    } catch (error) {
      // The same key raced us (two retries in flight): the unique index let one through; answer as it did.
      if (idempotencyKey !== undefined && uniqueViolationConstraint(error) === IDEMPOTENCY_INDEX) {
        const earlier = await findRideByIdempotencyKey(this.db, customerId, idempotencyKey);
        if (earlier) return this.replay(earlier, requestHash);
      }
      throw error;
    }
    // The customer's open sockets follow the ride from now on (status changes, bids, the truck's position).
    await this.realtime.joinRide('customer', customerId, row.id);
    const started = await this.dispatchStarter.startOrGiveUp(row, 0, dispatchStartsAt ?? undefined);
    const ride = started
      ? toRideDto(row, await governorateName(this.db, row.governorateCode))
      : await mustFindRide(this.db, row.id);
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

  private async replay(row: RideRow, requestHash: string | null): Promise<{ ride: Ride; isReplay: boolean }> {
    if (row.requestHash !== requestHash) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used to post a different ride; use a new key for a new ride',
      );
    }
    return { ride: await mustFindRide(this.db, row.id), isReplay: true };
  }
}
