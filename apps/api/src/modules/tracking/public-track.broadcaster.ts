import { PUBLIC_TRACK_NAMESPACE, type PublicTrackServerEvents } from '@truck4u/contracts';
import type { Server } from 'socket.io';

// socket.io-parser's EVENT packet type.
const EVENT_PACKET = 2;

/** The room of a ride's public viewers, on the public namespace only (never on the authenticated one). */
export const publicTrackRoom = (rideId: string) => `track:${rideId}`;

/**
 * Emits to the share page's sockets, on every api instance, through the public namespace's adapter (the
 * same Redis adapter as the rest). Nothing here can reach a socket of the authenticated namespace, and the
 * public namespace has no room but these.
 */
export class PublicTrackBroadcaster {
  constructor(private readonly io: () => Server) {}

  async emit<E extends keyof PublicTrackServerEvents>(
    rideId: string,
    event: E,
    payload: Parameters<PublicTrackServerEvents[E]>[0],
  ): Promise<void> {
    await this.adapter().broadcast(
      { type: EVENT_PACKET, data: [event, payload], nsp: PUBLIC_TRACK_NAMESPACE },
      this.target(rideId),
    );
  }

  /** Disconnects the ride's public viewers (link revoked or replaced): the page must join again, and fails. */
  async disconnectViewers(rideId: string): Promise<void> {
    await this.adapter().disconnectSockets(this.target(rideId), true);
  }

  private target(rideId: string) {
    return { rooms: new Set([publicTrackRoom(rideId)]), except: new Set<string>(), flags: {} };
  }

  private adapter() {
    return this.io().of(PUBLIC_TRACK_NAMESPACE).adapter;
  }
}
