import type { FleetDriver } from './admin-console';
import type { Bid, BidWithDriver, DriverLocation, Ride, RideStatus } from './rides';

/** Events the server sends (docs/REALTIME.md#server-events). Names are part of the public contract. */
export interface ServerToClientEvents {
  'ride:request': (payload: { ride: Ride; distanceMeters: number; bidDeadline: string }) => void;
  'bid:new': (payload: { bid: BidWithDriver }) => void;
  'bid:updated': (payload: { bid: Bid }) => void;
  'bid:accepted': (payload: { bid: Bid; ride: Ride }) => void;
  'bid:rejected': (payload: { bid: Bid; reason: 'OTHER_BID_ACCEPTED' | 'RIDE_CANCELLED' }) => void;
  /**
   * To the ride's room on every transition; also to each driver offered the ride who did not bid, when it
   * is cancelled or another bid is accepted (their copy of `ride` has no driverId, acceptedBidId or price).
   */
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
  /** To the `admin:live` room: a driver's live position and state, at most one per driver per 5 s. */
  'fleet:driver': (payload: FleetDriver) => void;
}

/** The acknowledgement of every client event; `error` is an error code from errors.ts. */
export interface ClientEventAck {
  ok: boolean;
  error?: string;
}

/**
 * Events clients send (docs/REALTIME.md#client-events). Every one is authorised on the server.
 * - `driver:location`: a driver's position; updates their live position, and when they hold an active ride
 *   it is forwarded to that ride's room (the room is found on the server, never named by the client).
 * - `ride:join` / `ride:leave`: follow a ride's room (its customer, its assigned driver or an admin). Sockets
 *   join their active rides' rooms at connect by themselves; this is for rides that start later.
 */
export interface ClientToServerEvents {
  'driver:location': (payload: DriverLocation, ack?: (result: ClientEventAck) => void) => void;
  'ride:join': (payload: { rideId: string }, ack?: (result: ClientEventAck) => void) => void;
  'ride:leave': (payload: { rideId: string }, ack?: (result: ClientEventAck) => void) => void;
  /** Admins with `live.read` join the `admin:live` room (fleet:driver and every ride:status). */
  'admin:join-live': (payload: Record<string, never>, ack?: (result: ClientEventAck) => void) => void;
}

// The event names at run time (docs/REALTIME.md is checked against them); `satisfies` keeps each list equal
// to its interface's keys, so an event added to a map fails the type check until it is listed here.
export const SERVER_EVENT_NAMES = Object.keys({
  'ride:request': true,
  'bid:new': true,
  'bid:updated': true,
  'bid:accepted': true,
  'bid:rejected': true,
  'ride:status': true,
  'ride:no-drivers': true,
  'driver:location': true,
  'session:revoked': true,
  'fleet:driver': true,
} satisfies Record<keyof ServerToClientEvents, true>) as (keyof ServerToClientEvents)[];

export const CLIENT_EVENT_NAMES = Object.keys({
  'driver:location': true,
  'ride:join': true,
  'ride:leave': true,
  'admin:join-live': true,
} satisfies Record<keyof ClientToServerEvents, true>) as (keyof ClientToServerEvents)[];

/** What a client sends as the Socket.io `auth` object at handshake. */
export interface RealtimeHandshakeAuth {
  token: string;
}

export const rooms = {
  user: (role: string, id: string) => `user:${role}:${id}`,
  ride: (rideId: string) => `ride:${rideId}`,
  /** Admins following the live map: `fleet:driver` and every `ride:status`. */
  adminLive: () => 'admin:live',
  /** Server-side only: the sockets opened with one session's tokens, so a logout closes just them. */
  session: (sessionId: string) => `session:${sessionId}`,
} as const;
