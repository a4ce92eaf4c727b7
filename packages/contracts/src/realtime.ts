import type { FleetDriver } from './admin-console';
import type { MessagesRead, RideMessage } from './chat';
import type { Dispute } from './disputes';
import type { DocumentReview } from './documents';
import type { Proof } from './proofs';
import type { Bid, BidWithDriver, DriverLocation, Ride, RideStatus } from './rides';
import type { RideEtaEvent, RideStopEvent } from './tracking';

/** Events the server sends (docs/REALTIME.md#server-events). Names are part of the public contract. */
export interface ServerToClientEvents {
  'ride:request': (payload: { ride: Ride; distanceMeters: number; bidDeadline: string }) => void;
  'bid:new': (payload: { bid: BidWithDriver }) => void;
  'bid:updated': (payload: { bid: Bid }) => void;
  /** To the bid's driver: the customer made a counter-offer (`bid.counterPrice`, status COUNTERED). */
  'bid:countered': (payload: { bid: Bid }) => void;
  /** To the ride's customer: a driver took their bid back (status WITHDRAWN). */
  'bid:withdrawn': (payload: { bid: Bid }) => void;
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
  /** To the ride's room: time and road distance left to the next target, at most one per ride every 15 s. */
  'ride:eta': (payload: RideEtaEvent) => void;
  /** To the ride's room: the assigned driver marked a stop ARRIVED or DONE (also a ride event). */
  'ride:stop': (payload: RideStopEvent) => void;
  /** To the document's driver: an admin reviewed it, or it expired (docs/DRIVER-DOCUMENTS.md). */
  'document:status': (payload: DocumentReview) => void;
  /** To the ride's room: a chat message between the customer and the assigned driver. */
  'chat:message': (payload: { rideId: string; message: RideMessage }) => void;
  /** To the ride's room: one party read the other's messages up to `upTo`. */
  'chat:read': (payload: MessagesRead) => void;
  /** To the ride's room: the assigned driver added pickup or delivery photos (docs/TRUST.md). */
  'proof:new': (payload: { rideId: string; proof: Proof }) => void;
  /** To both parties of the ride (their user rooms): a dispute was opened or decided. */
  'dispute:updated': (payload: { rideId: string; dispute: Dispute }) => void;
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
  'bid:countered': true,
  'bid:withdrawn': true,
  'bid:accepted': true,
  'bid:rejected': true,
  'ride:status': true,
  'ride:no-drivers': true,
  'driver:location': true,
  'session:revoked': true,
  'ride:eta': true,
  'ride:stop': true,
  'document:status': true,
  'chat:message': true,
  'chat:read': true,
  'proof:new': true,
  'dispute:updated': true,
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
