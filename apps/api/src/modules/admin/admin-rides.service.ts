import {
  type AdminRide,
  type AdminRideDetail,
  type AdminRidesQuery,
  canTransition,
  type Ride,
  type RideStatus,
} from '@truck4u/contracts';
import { type Database, type Executor, rideEvents, rides } from '@truck4u/database';
import { and, eq, sql } from 'drizzle-orm';
import { AppError, notFound } from '../../errors/app-error';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import { applyCancellationPolicy, type CancellationRules } from '../cancellations/cancellation-policy';
import { type EndedRidesStore, markRideEnded } from '../rides/ended-rides.store';
import { removeOfferedDriversFromRoom } from '../rides/offered-drivers-room';
import type { RideRow } from '../rides/ride.dto';
import { announceRideClosed } from '../rides/ride-closed.announcer';
import type { RideDispatchStarter } from '../rides/ride-dispatch-start';
import { invalidTransition, mustFindRide } from '../rides/ride-participation';
import type { RideSnapshotInvalidation } from '../rides/ride-snapshot-cache';
import { transitionRide } from '../rides/ride-transitions';
import { deleteRideNotifications, listNotifiedDriverIds, rejectPendingBids } from '../rides/rides.repository';
import { listRideAudit, recordAudit } from './admin-audit.repository';
import { findAdminRideDetail, listAdminRides } from './admin-rides.repository';

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Statuses a search can be restarted from: found nobody, or stuck waiting for bids. */
const REDISPATCHABLE: readonly RideStatus[] = ['NO_DRIVERS_AVAILABLE', 'PENDING_BIDS'];

async function findRideRow(db: Executor, rideId: string): Promise<RideRow> {
  const [row] = await db.select().from(rides).where(eq(rides.id, rideId));
  if (!row) throw notFound('Ride');
  return row;
}

/** Another request moved the ride between our read and our conditional update. */
async function lostRace(db: Database, rideId: string): Promise<AppError> {
  const now = await findRideRow(db, rideId);
  return new AppError(
    'INVALID_TRANSITION',
    `The ride changed meanwhile and is now ${now.status}; reload it and try again`,
    { details: { status: now.status } },
  );
}

/** The operations team's view of rides and its two interventions: cancel a stuck ride, search again. */
export class AdminRidesService {
  constructor(
    private readonly db: Database,
    private readonly realtime: RealtimeNotifier,
    private readonly endedRides: Pick<EndedRidesStore, 'markEnded'>,
    private readonly dispatchStarter: Pick<RideDispatchStarter, 'startOrGiveUp'>,
    private readonly cancellationRules: CancellationRules,
    private readonly log: Logger,
    private readonly rideSnapshots?: RideSnapshotInvalidation,
  ) {}

  list(query: AdminRidesQuery): Promise<{ items: AdminRide[]; nextCursor?: string }> {
    return listAdminRides(this.db, query);
  }

  /** `withAudit`: adds the ride's audit rows, for roles that may read the audit log. */
  async detail(rideId: string, withAudit = false): Promise<AdminRideDetail> {
    const detail = await findAdminRideDetail(this.db, rideId);
    if (!detail) throw notFound('Ride');
    if (!withAudit) return detail;
    const audit = await listRideAudit(
      this.db,
      rideId,
      detail.payments.map((payment) => payment.id),
    );
    return { ...detail, audit };
  }

  /**
   * Cancels a ride from any status the status machine lets reach CANCELLED. The customer pays no fee and the
   * driver gets no strike (the cancellation policy charges neither for an admin); pending bids are
   * rejected and both parties are told live, exactly as when a party cancels. The update is conditional on
   * the status read, so against a bid being accepted at the same moment exactly one of the two wins.
   */
  async cancel(adminId: string, rideId: string, reason: string): Promise<Ride> {
    const current = await findRideRow(this.db, rideId);
    if (!canTransition(current.status, 'CANCELLED')) throw invalidTransition(current.status, 'cancelled');
    const actor = { role: 'admin', id: adminId } as const;
    const result = await this.db.transaction(async (tx) => {
      const moved = await transitionRide(tx, {
        rideId,
        from: [current.status],
        to: 'CANCELLED',
        actor,
        set: { cancelledByRole: 'admin', cancellationReason: reason, cancelledAt: sql`now()` },
        eventData: { reason, by: 'admin' },
      });
      if (!moved) return null;
      const rejected = await rejectPendingBids(tx, rideId);
      const offeredDriverIds = ['PENDING_BIDS', 'NO_DRIVERS_AVAILABLE'].includes(moved.fromStatus)
        ? await listNotifiedDriverIds(tx, rideId)
        : [];
      await applyCancellationPolicy(
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
        this.cancellationRules,
      );
      await recordAudit(tx, {
        adminId,
        action: 'rides.cancel',
        targetType: 'ride',
        targetId: rideId,
        before: { status: moved.fromStatus, driverId: current.driverId },
        after: { status: 'CANCELLED', reason, rejectedBids: rejected.map((bid) => bid.id) },
      });
      return { moved, rejected, offeredDriverIds };
    });
    if (!result) throw await lostRace(this.db, rideId);
    await this.rideSnapshots?.rides(rideId);
    await markRideEnded(this.endedRides, rideId, this.log);
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
    this.log.info({ rideId, adminId, from: result.moved.fromStatus }, 'ride cancelled by an admin');
    return ride;
  }

  /**
   * Starts a new dispatch round through the same path as the customer's "search again": the drivers asked
   * before are forgotten and asked again. From NO_DRIVERS_AVAILABLE the ride goes back to PENDING_BIDS; a
   * ride stuck in PENDING_BIDS keeps its status and its live bids. The round number guards the update, so
   * two restarts (or a restart and dispatch giving up) cannot both start round N+1.
   */
  async redispatch(adminId: string, rideId: string): Promise<Ride> {
    const current = await findRideRow(this.db, rideId);
    if (!REDISPATCHABLE.includes(current.status)) throw invalidTransition(current.status, 'dispatched again');
    const round = current.dispatchRound + 1;
    const actor = { role: 'admin', id: adminId } as const;
    const moved = await this.db.transaction(async (tx) => {
      const restarted =
        current.status === 'NO_DRIVERS_AVAILABLE'
          ? await transitionRide(tx, {
              rideId,
              from: ['NO_DRIVERS_AVAILABLE'],
              to: 'PENDING_BIDS',
              actor,
              set: { dispatchRound: round, dispatchStep: 0 },
              guard: eq(rides.dispatchRound, current.dispatchRound),
              eventData: { reason: 'an admin restarted the search', round },
            })
          : await restartPendingRound(tx, rideId, current.dispatchRound, round, adminId);
      if (!restarted) return null;
      const forgottenDriverIds = await listNotifiedDriverIds(tx, rideId);
      await deleteRideNotifications(tx, rideId);
      await recordAudit(tx, {
        adminId,
        action: 'rides.redispatch',
        targetType: 'ride',
        targetId: rideId,
        before: { status: current.status, dispatchRound: current.dispatchRound },
        after: { status: 'PENDING_BIDS', dispatchRound: round },
      });
      return { ...restarted, forgottenDriverIds };
    });
    if (!moved) throw await lostRace(this.db, rideId);
    await this.rideSnapshots?.rides(rideId);
    await removeOfferedDriversFromRoom(this.realtime, rideId, moved.forgottenDriverIds, null);
    if (!(await this.dispatchStarter.startOrGiveUp(moved.ride, round))) {
      throw new AppError('SERVICE_UNAVAILABLE', 'Could not start the search for drivers; try again shortly');
    }
    const ride = await mustFindRide(this.db, rideId);
    if (moved.fromStatus !== 'PENDING_BIDS') {
      await this.realtime
        .toRide(rideId, 'ride:status', {
          rideId,
          eventId: moved.eventId,
          from: moved.fromStatus,
          to: 'PENDING_BIDS',
          ride,
        })
        .catch((error: unknown) => this.log.warn({ err: error, rideId }, 'ride:status push failed'));
    }
    this.log.info({ rideId, adminId, round }, 'dispatch restarted by an admin');
    return ride;
  }
}

/** PENDING_BIDS stays PENDING_BIDS (no status change to record), but the new round is in the ride's history. */
async function restartPendingRound(
  tx: Executor,
  rideId: string,
  fromRound: number,
  round: number,
  adminId: string,
): Promise<{ ride: RideRow; fromStatus: RideStatus; eventId: number } | null> {
  const [ride] = await tx
    .update(rides)
    .set({ dispatchRound: round, dispatchStep: 0, updatedAt: sql`now()` })
    .where(and(eq(rides.id, rideId), eq(rides.status, 'PENDING_BIDS'), eq(rides.dispatchRound, fromRound)))
    .returning();
  if (!ride) return null;
  const [event] = await tx
    .insert(rideEvents)
    .values({
      rideId,
      type: 'DISPATCH_RESTARTED',
      fromStatus: 'PENDING_BIDS',
      toStatus: 'PENDING_BIDS',
      actorRole: 'admin',
      actorId: adminId,
      data: { reason: 'an admin restarted the search', round },
    })
    .returning({ id: rideEvents.id });
  if (!event) throw new Error('ride event insert returned no row');
  return { ride, fromStatus: 'PENDING_BIDS', eventId: event.id };
}
