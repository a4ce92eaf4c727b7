import type { Role, ServerToClientEvents } from '@truck4u/contracts';

export type RealtimeEventName = keyof ServerToClientEvents;
export type RealtimePayload<E extends RealtimeEventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * How services (in the api and in workers) push events to connected clients, whatever instance they are
 * connected to. Delivery is at most once: clients catch up over HTTP (ride events carry ids).
 */
export interface RealtimeNotifier {
  toUser<E extends RealtimeEventName>(
    role: Role,
    userId: string,
    event: E,
    payload: RealtimePayload<E>,
  ): Promise<void>;
  toRide<E extends RealtimeEventName>(rideId: string, event: E, payload: RealtimePayload<E>): Promise<void>;
  /** Sends `session:revoked` to every socket of the user, then disconnects them. */
  revokeUserSessions(role: Role, userId: string, reason: string): Promise<void>;
  /** Sends `session:revoked` to the sockets opened with one session's tokens (a logout), then disconnects them. */
  revokeSession(sessionId: string, reason: string): Promise<void>;
  /**
   * Puts every connected socket of the user into the ride's room (e.g. the driver whose bid was just
   * accepted, or the customer who just posted the ride), so they receive `ride:status` and positions.
   */
  joinRide(role: Role, userId: string, rideId: string): Promise<void>;
  /** Takes every connected socket of the user out of the ride's room (a driver who may no longer see it). */
  leaveRide(role: Role, userId: string, rideId: string): Promise<void>;
}
