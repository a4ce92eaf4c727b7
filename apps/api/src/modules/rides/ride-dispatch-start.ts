import { type Database, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import type { Logger } from '../../infra/logger';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import type { DispatchScheduler } from './dispatch-scheduler';
import type { RideRow } from './ride.dto';
import type { RideSnapshotInvalidation } from './ride-snapshot-cache';
import { transitionRide } from './ride-transitions';
import { findRideDto } from './rides.repository';

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

/**
 * Starts a dispatch round for posting and for searching again. If the queue cannot be reached the ride would
 * wait for bids that no driver is ever asked for, so it is moved to NO_DRIVERS_AVAILABLE instead, from where
 * the customer can retry.
 */
export class RideDispatchStarter {
  constructor(
    private readonly db: Database,
    private readonly dispatch: DispatchScheduler,
    private readonly realtime: RealtimeNotifier,
    private readonly log: Pick<Logger, 'error'>,
    private readonly rideSnapshots?: RideSnapshotInvalidation,
  ) {}

  /** Enqueues the round's first step (at `startAt` for a ride booked ahead); returns whether it started. */
  async startOrGiveUp(ride: RideRow, round: number, startAt?: Date): Promise<boolean> {
    try {
      await withTimeout(
        this.dispatch.startDispatch(ride.id, round, startAt, { favouritesFirst: ride.favouritesFirst }),
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
        await this.rideSnapshots?.rides(ride.id);
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
}
