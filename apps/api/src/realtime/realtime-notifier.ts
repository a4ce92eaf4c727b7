import type { Role, ServerToClientEvents } from '@truck4u/contracts';

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * How services (in the api and in workers) push events to connected clients, whatever instance they are
 * connected to. Delivery is at most once: clients catch up over HTTP (ride events carry ids).
 */
export interface RealtimeNotifier {
  toUser<E extends EventName>(role: Role, userId: string, event: E, payload: Payload<E>): Promise<void>;
  toRide<E extends EventName>(rideId: string, event: E, payload: Payload<E>): Promise<void>;
  /** Sends `session:revoked` to every socket of the user, then disconnects them. */
  revokeUserSessions(role: Role, userId: string, reason: string): Promise<void>;
}
