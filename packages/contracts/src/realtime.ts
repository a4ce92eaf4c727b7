import type { Bid, DriverLocation, Ride, RideStatus } from './rides';

/** Events the server sends (DESIGN.md §7). Names are part of the public contract. */
export interface ServerToClientEvents {
  'ride:request': (payload: { ride: Ride; distanceMeters: number; bidDeadline: string }) => void;
  'bid:new': (payload: {
    bid: Bid & { driver: { id: string; name: string; rating: number | null; vehicleType: string } };
  }) => void;
  'bid:updated': (payload: { bid: Bid }) => void;
  'bid:accepted': (payload: { bid: Bid; ride: Ride }) => void;
  'bid:rejected': (payload: { bid: Bid; reason: 'OTHER_BID_ACCEPTED' | 'RIDE_CANCELLED' }) => void;
  'ride:status': (payload: {
    rideId: string;
    eventId: number;
    from: RideStatus;
    to: RideStatus;
    ride: Ride;
  }) => void;
  'ride:no-drivers': (payload: { rideId: string; ride: Ride }) => void;
  'driver:location': (payload: { rideId: string; driverId: string; at: string } & DriverLocation) => void;
  'session:revoked': (payload: { reason: string }) => void;
}

/** Events clients send. Every one is authorised on the server. */
export interface ClientToServerEvents {
  'driver:location': (
    payload: DriverLocation,
    ack?: (result: { ok: boolean; error?: string }) => void,
  ) => void;
}

export const rooms = {
  user: (role: string, id: string) => `user:${role}:${id}`,
  ride: (rideId: string) => `ride:${rideId}`,
} as const;
