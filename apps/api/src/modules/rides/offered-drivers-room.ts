import type { RealtimeNotifier } from '../../realtime/realtime-notifier';

/**
 * Takes the drivers a ride was offered to out of its Socket.io room. While it takes bids they may follow it
 * (ride-visibility.ts); once it closes, or a new dispatch round forgets whom it asked, the room would tell
 * them what they may no longer see: who won it, the price, the truck's position. `keepDriverId` is the
 * ride's own driver, who stays.
 */
export async function removeOfferedDriversFromRoom(
  realtime: RealtimeNotifier,
  rideId: string,
  offeredDriverIds: readonly string[],
  keepDriverId: string | null,
): Promise<void> {
  await Promise.all(
    offeredDriverIds
      .filter((driverId) => driverId !== keepDriverId)
      .map((driverId) => realtime.leaveRide('driver', driverId, rideId)),
  );
}
