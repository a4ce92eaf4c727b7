import type { Database } from '@truck4u/database';
import type { Config } from '../../config/config';
import type { Logger } from '../../infra/logger';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import type { DriverGeoIndex } from '../drivers/driver-geo-index';
import { findRideDto } from '../rides/rides.repository';
import { checkBidsJob, type DispatchJobPayload, dispatchStepJob } from './dispatch.jobs';
import type { DispatchQueue } from './dispatch.queue';
import {
  countNotified,
  findDispatchRide,
  latestLiveBidExpiry,
  markNoDriversAvailable,
  markStep,
  recordNotifications,
} from './dispatch.repository';

// A re-check runs this long after the bids' expiry, so a worker clock slightly ahead of Postgres's does not
// find them still live (its job id would then be taken by itself, and the search would stop for good).
const BID_EXPIRY_MARGIN_MS = 1_000;

/**
 * The widening-circle search (docs/DISPATCH.md). Each step is a BullMQ job whose effects are idempotent:
 * stale jobs (ride no longer searching, or a newer round) stop at once, the notification insert decides who
 * is told, and the only status change is a conditional update.
 */
export class DispatchService {
  constructor(
    private readonly db: Database,
    private readonly geo: DriverGeoIndex,
    private readonly queue: DispatchQueue,
    private readonly realtime: RealtimeNotifier,
    private readonly config: Config['dispatch'],
    private readonly log: Pick<Logger, 'info' | 'warn'>,
    /** Millimes: drivers whose wallet is below this are not offered rides (DRIVER_MIN_BALANCE_MILLIMES). */
    private readonly driverMinimumBalance: number,
  ) {}

  /**
   * Offers the ride to the nearest eligible drivers within radius[step] (the best-rated ones first when the
   * customer's plan has priority dispatch), then schedules `check-bids`.
   */
  async runStep(job: DispatchJobPayload): Promise<void> {
    const { rideId, round, step } = job;
    const radiusKm = this.config.radiiKm[step];
    if (radiusKm === undefined) return;
    const ride = await findDispatchRide(this.db, rideId);
    // Only ride creation produces this job, so a missing ride is one whose transaction has not committed yet:
    // fail, and BullMQ retries with backoff.
    if (!ride) throw new Error(`ride ${rideId} not found (not committed yet?)`);
    if (!(await markStep(this.db, rideId, round, step))) return;

    const maxDrivers = this.config.maxDriversPerStep;
    // Earlier steps' drivers are the nearest and come back from the search first; ask for enough to get past
    // them and past busy drivers.
    const candidateCount = Math.min(maxDrivers * (step + 1) * 2 + 50, 2_000);
    const candidates = await this.geo.searchFresh(ride.vehicleType, ride.pickup, radiusKm, candidateCount);
    const notified = await recordNotifications(
      this.db,
      ride,
      step,
      candidates,
      maxDrivers,
      this.driverMinimumBalance,
    );
    if (notified.length > 0) {
      const dto = await findRideDto(this.db, rideId);
      if (dto) {
        const bidDeadline = new Date(Date.now() + this.config.bidWindowMs).toISOString();
        await Promise.all(
          notified.map((d) =>
            this.realtime.toUser('driver', d.driverId, 'ride:request', {
              ride: dto,
              distanceMeters: d.distanceMeters,
              bidDeadline,
            }),
          ),
        );
      }
    }
    this.log.info(
      {
        rideId,
        round,
        step,
        radiusKm,
        priority: ride.hasPriorityDispatch,
        candidates: candidates.length,
        notified: notified.length,
      },
      'dispatch step',
    );

    // Waiting a bid window is pointless when nobody new was asked: widen at once. At the last radius, wait
    // if anybody at all was asked, so they get their window before the search gives up.
    const isLastStep = step === this.config.radiiKm.length - 1;
    const someoneToWaitFor = (await countNotified(this.db, rideId, isLastStep ? null : step)) > 0;
    await this.queue.enqueue(checkBidsJob, job, someoneToWaitFor ? this.config.bidWindowMs : 0);
  }

  /** After a bid window: stop if the ride moved on or has a live bid, else widen, else give up. */
  async checkBids(job: DispatchJobPayload): Promise<void> {
    const { rideId, round, step } = job;
    const ride = await findDispatchRide(this.db, rideId);
    if (ride?.status !== 'PENDING_BIDS' || ride.dispatchRound !== round) return;
    const bidsLiveUntil = await latestLiveBidExpiry(this.db, rideId);
    if (bidsLiveUntil !== null) {
      // The customer is choosing. Should every bid expire unaccepted, look again then: the search goes on
      // where it stopped instead of leaving the ride waiting for bids that can no longer be accepted.
      await this.queue.enqueue(
        checkBidsJob,
        { rideId, round, step, bidsExpireAt: bidsLiveUntil },
        Math.max(0, bidsLiveUntil - Date.now()) + BID_EXPIRY_MARGIN_MS,
      );
      return;
    }
    if (step + 1 < this.config.radiiKm.length) {
      await this.queue.enqueue(dispatchStepJob, { rideId, round, step: step + 1 }, 0);
      return;
    }
    const eventId = await markNoDriversAvailable(this.db, rideId, round);
    if (eventId === null) return;
    this.log.info({ rideId, round }, 'dispatch found no driver');
    const dto = await findRideDto(this.db, rideId);
    if (!dto) return;
    await this.realtime.toRide(rideId, 'ride:status', {
      rideId,
      eventId,
      from: 'PENDING_BIDS',
      to: 'NO_DRIVERS_AVAILABLE',
      ride: dto,
    });
    await this.realtime.toUser('customer', ride.customerId, 'ride:no-drivers', { rideId, ride: dto });
  }
}
