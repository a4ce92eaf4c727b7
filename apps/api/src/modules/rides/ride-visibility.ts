import type { RideStatus, UserRef } from '@truck4u/contracts';
import type { Executor } from '@truck4u/database';
import { findRideAccessFacts } from './rides.repository';

/** What decides whether one viewer may see one ride. */
export interface RideAccessFacts {
  customerId: string;
  driverId: string | null;
  status: RideStatus;
  /** Dispatch offered the ride to this viewer (a driver) in its current round. */
  isOfferedToViewer: boolean;
}

/**
 * Who may see a ride, over HTTP (the ride, its events, its bids) and in its Socket.io room alike: its
 * customer, its assigned driver, admins, and a driver it was offered to while it still takes bids (so they
 * can look before bidding). Once it stops taking bids an offered driver loses it: who won it and at what
 * price is not theirs to know (ride-closed.announcer.ts takes them out of the room at that moment).
 */
export function canViewRide(viewer: UserRef, ride: RideAccessFacts): boolean {
  switch (viewer.role) {
    case 'admin':
      return true;
    case 'customer':
      return ride.customerId === viewer.id;
    case 'driver':
      return ride.driverId === viewer.id || (ride.status === 'PENDING_BIDS' && ride.isOfferedToViewer);
  }
}

/** The rule applied to the ride as it is now; an unknown ride is not visible. */
export async function isRideVisible(db: Executor, rideId: string, viewer: UserRef): Promise<boolean> {
  const facts = await findRideAccessFacts(db, rideId, viewer);
  return facts !== null && canViewRide(viewer, facts);
}
