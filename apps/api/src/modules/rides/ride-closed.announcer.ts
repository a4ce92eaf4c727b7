import type { Ride, RideStatus } from '@truck4u/contracts';
import type { Logger } from '../../infra/logger';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import { type BidRow, toBidDto } from './bids.repository';
import { removeOfferedDriversFromRoom } from './offered-drivers-room';

/** A ride stopped taking bids for good: cancelled, or a bid accepted. Built after the change committed. */
export interface RideClosed {
  /** The ride as it is now (CANCELLED, or BID_ACCEPTED with its driver and price). */
  ride: Ride;
  reason: 'CANCELLED' | 'BID_ACCEPTED';
  /** The ride event of the close, and the status it closed from. */
  eventId: number;
  from: RideStatus;
  /** Bids the close rejected. */
  rejectedBids: readonly BidRow[];
  /** Drivers dispatch had offered the ride to while it took bids (none once it had a driver). */
  offeredDriverIds: readonly string[];
}

/**
 * Everything the ride's room and the drivers around it are told when it closes, in one place for both ways
 * of closing. Offered drivers leave the room first: the broadcast that follows names the winner and price.
 * Then rejected bidders get `bid:rejected`, the room `ride:status`, and the offered drivers who got neither
 * `bid:rejected` nor `bid:accepted` a `ride:status` of their own with the ride as they could see it while it
 * took bids, so their app drops the request at once. (`bid:accepted` and the winner's join are the
 * acceptance's own, sent before this.) The change is committed: a failed push is logged, clients catch up
 * over HTTP.
 */
export async function announceRideClosed(
  realtime: RealtimeNotifier,
  closed: RideClosed,
  log: Pick<Logger, 'warn'>,
): Promise<void> {
  const { ride } = closed;
  try {
    await removeOfferedDriversFromRoom(realtime, ride.id, closed.offeredDriverIds, ride.driverId);
    await Promise.all(
      closed.rejectedBids.map((bid) =>
        realtime.toUser('driver', bid.driverId, 'bid:rejected', {
          bid: toBidDto(bid, false),
          reason: closed.reason === 'CANCELLED' ? 'RIDE_CANCELLED' : 'OTHER_BID_ACCEPTED',
        }),
      ),
    );
    await realtime.toRide(ride.id, 'ride:status', {
      rideId: ride.id,
      eventId: closed.eventId,
      from: closed.from,
      to: ride.status,
      ride,
    });
    const told = new Set(closed.rejectedBids.map((bid) => bid.driverId));
    if (ride.driverId) told.add(ride.driverId);
    const asOffered: Ride = { ...ride, driverId: null, acceptedBidId: null, price: null };
    await Promise.all(
      closed.offeredDriverIds
        .filter((driverId) => !told.has(driverId))
        .map((driverId) =>
          realtime.toUser('driver', driverId, 'ride:status', {
            rideId: ride.id,
            eventId: closed.eventId,
            from: closed.from,
            to: ride.status,
            ride: asOffered,
          }),
        ),
    );
  } catch (error) {
    log.warn({ err: error, rideId: ride.id, reason: closed.reason }, 'ride closing notifications failed');
  }
}
