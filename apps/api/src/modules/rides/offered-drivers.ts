import type { Ride, RideStatus } from '@truck4u/contracts';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';

/**
 * Tells the drivers who were offered a ride but did not bid that it stopped taking bids (cancelled, or a
 * bid accepted), with `ride:status` to each one's user room: their app drops the request at once instead of
 * waiting for the available list to be re-read. Drivers with a bid are left out: `bid:rejected` (or
 * `bid:accepted`) already tells them. The ride is shown as an offered driver could see it while it took bids:
 * who won it and at what price is not theirs to know.
 */
export async function announceClosedToOfferedDrivers(
  realtime: RealtimeNotifier,
  input: {
    offeredDriverIds: readonly string[];
    /** Drivers told otherwise (their bid rejected or accepted). */
    toldDriverIds: readonly string[];
    eventId: number;
    from: RideStatus;
    ride: Ride;
  },
): Promise<void> {
  const told = new Set(input.toldDriverIds);
  const ride: Ride = { ...input.ride, driverId: null, acceptedBidId: null, price: null };
  await Promise.all(
    input.offeredDriverIds
      .filter((driverId) => !told.has(driverId))
      .map((driverId) =>
        realtime.toUser('driver', driverId, 'ride:status', {
          rideId: ride.id,
          eventId: input.eventId,
          from: input.from,
          to: ride.status,
          ride,
        }),
      ),
  );
}
