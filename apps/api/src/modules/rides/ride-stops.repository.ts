import { type Executor, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';

/**
 * 409 STOPS_PENDING when a stop of the ride is not DONE, else null: the driver reaches the dropoff only after
 * every stop (modules/tracking marks them). Reads the stops with the ride row locked, inside the caller's
 * transaction, so a stop being marked at the same moment is either seen or waits for this transition.
 */
export async function stopsPendingRefusal(tx: Executor, rideId: string): Promise<AppError | null> {
  const [row] = await tx.select({ stops: rides.stops }).from(rides).where(eq(rides.id, rideId)).for('update');
  const pendingStops = (row?.stops ?? []).flatMap((stop, index) => (stop.status === 'DONE' ? [] : [index]));
  if (pendingStops.length === 0) return null;
  return new AppError(
    'STOPS_PENDING',
    `Mark every stop DONE before arriving at the dropoff (stop ${pendingStops.join(', ')} left)`,
    { details: { pendingStops } },
  );
}
