import type { RideStatus, UserRef } from '@truck4u/contracts';
import { canTransition } from '@truck4u/contracts';
import type { Executor } from '@truck4u/database';
import { rideEvents, rides, uniqueViolationConstraint } from '@truck4u/database';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { AppError } from '../../errors/app-error';
import type { RideRow } from './ride.dto';

export interface RideTransition {
  rideId: string;
  /** Statuses the caller expects the ride to be in; the update only happens from one of them. */
  from: readonly RideStatus[];
  to: RideStatus;
  /** Who did it; null for the system (dispatch, sweeps). */
  actor: UserRef | null;
  /** Ride event type; STATUS_CHANGED unless the caller needs a more specific one. */
  eventType?: string;
  eventData?: Record<string, unknown>;
  /** Other columns written in the same update (driver, price, timestamps...). */
  set?: Omit<PgUpdateSetSource<typeof rides>, 'id' | 'status'>;
  /** Extra condition on the ride row, e.g. the dispatch round, so a stale caller loses. */
  guard?: SQL;
}

export interface TransitionedRide {
  ride: RideRow;
  fromStatus: RideStatus;
  /** Id of the ride event written; clients resume from it. */
  eventId: number;
}

const ONE_ACTIVE_RIDE_PER_DRIVER = 'rides_one_active_per_driver';

/**
 * Moves a ride to `to` inside the caller's transaction, only from one of `from`, and records the ride event.
 * Returns null when the ride is not (or no longer) in an expected status: the caller lost a race and
 * answers 409 INVALID_TRANSITION. Two concurrent callers can never both win: the UPDATE is conditional on
 * the status, and the second one re-checks it after the first commits.
 */
export async function transitionRide(tx: Executor, t: RideTransition): Promise<TransitionedRide | null> {
  const from = t.from.filter((status) => canTransition(status, t.to));
  if (from.length !== t.from.length) {
    // A caller asking for a move the status machine forbids is a bug, not a race.
    throw new Error(`ride transition ${t.from.join('|')} -> ${t.to} is not in RIDE_TRANSITIONS`);
  }
  const where = and(eq(rides.id, t.rideId), inArray(rides.status, from), t.guard);

  let fromStatus: RideStatus | undefined = from.length === 1 ? from[0] : undefined;
  if (fromStatus === undefined) {
    // RETURNING only sees the new row; with several possible origins, lock the row first to learn which one.
    const [current] = await tx.select({ status: rides.status }).from(rides).where(where).for('update');
    if (!current) return null;
    fromStatus = current.status;
  }

  let updated: RideRow | undefined;
  try {
    [updated] = await tx
      .update(rides)
      .set({ ...t.set, status: t.to, updatedAt: sql`now()` })
      .where(where)
      .returning();
  } catch (error) {
    if (uniqueViolationConstraint(error) === ONE_ACTIVE_RIDE_PER_DRIVER) {
      throw new AppError('DRIVER_BUSY', 'This driver already has an active ride', { cause: error });
    }
    throw error;
  }
  if (!updated) return null;

  const [event] = await tx
    .insert(rideEvents)
    .values({
      rideId: t.rideId,
      type: t.eventType ?? 'STATUS_CHANGED',
      fromStatus,
      toStatus: t.to,
      actorRole: t.actor?.role ?? null,
      actorId: t.actor?.id ?? null,
      data: t.eventData ?? null,
    })
    .returning({ id: rideEvents.id });
  if (!event) throw new Error('ride event insert returned no row');
  return { ride: updated, fromStatus, eventId: event.id };
}
