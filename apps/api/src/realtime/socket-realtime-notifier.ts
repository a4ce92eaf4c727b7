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
    // Admins following the live map see every ride's transitions; one broadcast to both rooms, so an admin
    // who is also in the ride's room gets it once.
    if (event === 'ride:status')
      return this.broadcast([rooms.ride(rideId), rooms.adminLive()], event, payload);
    return this.broadcast(rooms.ride(rideId), event, payload);
  }

  /** To the admins following the live map (the admin:live room). */
  toAdminLive<E extends RealtimeEventName>(event: E, payload: RealtimePayload<E>) {
    return this.broadcast(rooms.adminLive(), event, payload);
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

  /** Takes every socket of the admin, on every instance, out of the admin:live room (a demotion). */
  async leaveAdminLive(adminId: string): Promise<void> {
    await this.adapter().delSockets(this.target(rooms.user('admin', adminId)), [rooms.adminLive()]);
  }

  async joinRide(role: Role, userId: string, rideId: string): Promise<void> {
    await this.adapter().addSockets(this.target(rooms.user(role, userId)), [rooms.ride(rideId)]);
  }

  async leaveRide(role: Role, userId: string, rideId: string): Promise<void> {
    await this.adapter().delSockets(this.target(rooms.user(role, userId)), [rooms.ride(rideId)]);
  }

  private async broadcast(room: string | string[], event: string, payload: unknown): Promise<void> {
    await this.adapter().broadcast(
      { type: EVENT_PACKET, data: [event, payload], nsp: '/' },
      this.target(room),
    );
  }

  private target(room: string | string[]) {
    return { rooms: new Set(Array.isArray(room) ? room : [room]), except: new Set<string>(), flags: {} };
  }

  private adapter() {
    return this.io.of('/').adapter;
  }
}
