import { type Role, rooms } from '@truck4u/contracts';
import type { Server } from 'socket.io';
import type { RealtimeEventName, RealtimeNotifier, RealtimePayload } from './realtime-notifier';

// socket.io-parser's EVENT packet type.
const EVENT_PACKET = 2;

/**
 * RealtimeNotifier over a Socket.io server whose adapter spans every instance. It talks to the adapter
 * directly rather than through `io.to(room).emit()` so each call resolves once the message is in Redis:
 * `session:revoked` is then ordered before the disconnect, and a job knows its events left the process.
 */
export class SocketRealtimeNotifier implements RealtimeNotifier {
  constructor(private readonly io: Server) {}

  toUser<E extends RealtimeEventName>(role: Role, userId: string, event: E, payload: RealtimePayload<E>) {
    return this.broadcast(rooms.user(role, userId), event, payload);
  }

  toRide<E extends RealtimeEventName>(rideId: string, event: E, payload: RealtimePayload<E>) {
    return this.broadcast(rooms.ride(rideId), event, payload);
  }

  async revokeUserSessions(role: Role, userId: string, reason: string): Promise<void> {
    const room = rooms.user(role, userId);
    await this.broadcast(room, 'session:revoked', { reason });
    await this.adapter().disconnectSockets(this.target(room), true);
  }

  async revokeSession(sessionId: string, reason: string): Promise<void> {
    const room = rooms.session(sessionId);
    await this.broadcast(room, 'session:revoked', { reason });
    await this.adapter().disconnectSockets(this.target(room), true);
  }

  async joinRide(role: Role, userId: string, rideId: string): Promise<void> {
    await this.adapter().addSockets(this.target(rooms.user(role, userId)), [rooms.ride(rideId)]);
  }

  async leaveRide(role: Role, userId: string, rideId: string): Promise<void> {
    await this.adapter().delSockets(this.target(rooms.user(role, userId)), [rooms.ride(rideId)]);
  }

  private async broadcast(room: string, event: string, payload: unknown): Promise<void> {
    await this.adapter().broadcast(
      { type: EVENT_PACKET, data: [event, payload], nsp: '/' },
      this.target(room),
    );
  }

  private target(room: string) {
    return { rooms: new Set([room]), except: new Set<string>(), flags: {} };
  }

  private adapter() {
    return this.io.of('/').adapter;
  }
}
