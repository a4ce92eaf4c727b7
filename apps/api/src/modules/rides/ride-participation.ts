import type { Ride, RideStatus, UserRef } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { RideRow } from './ride.dto';
import { isRideVisible } from './ride-visibility';
import { findRideDto, findRideForParticipant } from './rides.repository';

/** The two parties who may act on a ride (cancel it, search again). */
/** The ride's row for one of its parties; anyone who may only look gets 403, anyone else 404. */
export async function findParticipantRide(
  db: Database,
  actor: UserRef<'customer' | 'driver'>,
  rideId: string,
): Promise<RideRow> {
  const row = await findRideForParticipant(db, rideId, actor);
  if (row) return row;
  // A driver who was offered the ride may see it but cannot act on it; anyone else learns nothing.
  if (await isRideVisible(db, rideId, actor)) {
    throw new AppError('FORBIDDEN', 'Only the ride’s customer or its assigned driver may do this');
  }
  throw notFound('Ride');
}

/** Another request changed the ride between our read and our conditional update; the client re-reads. */
export async function lostRaceError(
  db: Database,
  actor: UserRef<'customer' | 'driver'>,
  rideId: string,
): Promise<AppError> {
  const now = await findRideForParticipant(db, rideId, actor);
  const status = now?.status ?? 'CANCELLED';
  return new AppError(
    'INVALID_TRANSITION',
    `The ride changed meanwhile and is now ${status}; reload it and try again`,
    { details: { status } },
  );
}

export const invalidTransition = (status: RideStatus, action: string) =>
  new AppError('INVALID_TRANSITION', `A ride in status ${status} cannot be ${action}`, {
    details: { status },
  });

/** The ride as clients see it; it was just written, so a miss means it is gone. */
export async function mustFindRide(db: Database, rideId: string): Promise<Ride> {
  const ride = await findRideDto(db, rideId);
  if (!ride) throw notFound('Ride');
  return ride;
}
