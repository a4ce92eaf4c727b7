import type { Database } from '@truck4u/database';
import type { Config } from '../../config/config';
import type { Logger } from '../../infra/logger';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import type { DriverGeoIndex, NearbyDriver } from '../drivers/driver-geo-index';
import { listFavouriteDriverIds } from '../favourites/favourites.repository';
import type { RideSnapshotInvalidation } from '../rides/ride-snapshot-cache';
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
    private readonly rideSnapshots?: RideSnapshotInvalidation,
  ) {}

  /**
   * Offers the ride to the nearest eligible drivers within radius[step] (the best-rated ones first when the
   * customer's plan has priority dispatch), then schedules `check-bids`.
   */
  async runStep(job: DispatchJobPayload): Promise<void> {
    if (job.phase === 'favourites') return this.runFavouritesPhase(job);
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
    await this.sendRequests(rideId, notified, this.config.bidWindowMs);
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

  /**
   * The favourites phase of a ride posted with `favouritesFirst`: offer it to the customer's favourite
   * drivers who are eligible as in any step (online, verified, free, of the type, balance) and have a fresh
   * position within the largest radius, whatever their distance. Their exclusive window is
   * FAVOURITES_WINDOW_MS; the circles' step 0 is then enqueued to start when it ends, whether or not a
   * favourite bid, so other drivers wait at most that window. The circles skip drivers already asked.
   */
  private async runFavouritesPhase(job: DispatchJobPayload): Promise<void> {
    const { rideId, round } = job;
    const ride = await findDispatchRide(this.db, rideId);
    if (!ride) throw new Error(`ride ${rideId} not found (not committed yet?)`);
    if (!(await markStep(this.db, rideId, round, 0))) return;
    const favouriteIds = await listFavouriteDriverIds(this.db, ride.customerId);
    const maxRadiusKm = Math.max(...this.config.radiiKm);
    const candidates = await this.geo.freshWithin(ride.vehicleType, ride.pickup, favouriteIds, maxRadiusKm);
    const notified = await recordNotifications(
      this.db,
      ride,
      0,
      candidates,
      Math.max(candidates.length, 1),
      this.driverMinimumBalance,
      'FAVOURITES',
    );
    await this.sendRequests(rideId, notified, this.config.favouritesWindowMs);
    this.log.info(
      { rideId, round, favourites: favouriteIds.length, notified: notified.length },
      'dispatch favourites phase',
    );
    // Nobody to wait for: go to the circles at once. A retried job finds its notifications already made
    // (notified is then empty), so it must still wait for the favourites it asked the first time.
    const waiting = (await countNotified(this.db, rideId, 'FAVOURITES')) > 0;
    await this.queue.enqueue(
      dispatchStepJob,
      { rideId, round, step: 0 },
      waiting ? this.config.favouritesWindowMs : 0,
    );
  }

  /** `ride:request` to each newly asked driver, with the end of their bid window. */
  private async sendRequests(rideId: string, notified: NearbyDriver[], windowMs: number): Promise<void> {
    if (notified.length === 0) return;
    const dto = await findRideDto(this.db, rideId);
    if (!dto) return;
    const bidDeadline = new Date(Date.now() + windowMs).toISOString();
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

  /** After a bid window: stop if the ride moved on or has a live bid, else widen, else give up. */
  async checkBids(job: DispatchJobPayload): Promise<void> {
    const { rideId, round, step } = job;
    const ride = await findDispatchRide(this.db, rideId);
    if (ride?.status !== 'PENDING_BIDS' || ride.dispatchRound !== round) return;
    if (job.phase === 'favourites') {
      // Only queued by releases before the favourites phase enqueued step 0 itself: the favourites' window
      // is over, and a favourite's live bid does not hold the other drivers back, so the circles begin.
      await this.queue.enqueue(dispatchStepJob, { rideId, round, step: 0 }, 0);
      return;
    }
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
    await this.rideSnapshots?.rides(rideId);
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
