import type { ClientToServerEvents, RideEvent, ServerToClientEvents } from '@truck4u/contracts';
import type { Socket } from 'socket.io-client';
import { createLazySocket } from './lazy-socket';
import { RideEventCursor, type RideStatusChange } from './ride-event-cursor';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Listener<E extends keyof ServerToClientEvents> = ServerToClientEvents[E];

export interface RealtimeOptions {
  /** Where Socket.io listens: '' or undefined for the page's own origin (through the web server). */
  url?: string;
  /** Read at every (re)connection, so a reconnect presents the latest access token. */
  getAccessToken: () => string | null;
  /** Renews the access token when the handshake is refused for an expired one. */
  refreshAccessToken?: () => Promise<string | null>;
  /** Fetches the ride's events after an id (GET /api/rides/:id/events?after=). */
  fetchEventsAfter: (rideId: string, after: number) => Promise<{ items: RideEvent[] }>;
  onSessionRevoked?: (reason: string) => void;
  onConnectionChange?: (connected: boolean) => void;
  /** The server closed the connection (suspension, logout elsewhere): the app checks its session. */
  onServerDisconnect?: () => void;
  /** Test seam: builds the socket. */
  createSocket?: (url: string | undefined, auth: (cb: (data: object) => void) => void) => RealtimeSocket;
}

/**
 * The realtime connection shared by web and mobile: the access token at handshake (re-read on each reconnect),
 * ride rooms rejoined after a reconnect, and the events missed while disconnected fetched over HTTP, so a
 * dropped connection never loses a status change.
 */
export function createRealtime(options: RealtimeOptions) {
  const cursor = new RideEventCursor();
  const auth = (cb: (data: object) => void) => cb({ token: options.getAccessToken() ?? '' });
  const socket: RealtimeSocket =
    options.createSocket?.(options.url, auth) ??
    // Loaded on the first connect(): pages that never connect (or not yet) do not download the client.
    createLazySocket(options.url || undefined, {
      auth,
      transports: ['websocket', 'polling'],
      autoConnect: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
  const statusListeners = new Set<(change: RideStatusChange) => void>();
  const emitChange = (change: RideStatusChange) => {
    for (const listener of statusListeners) listener(change);
  };
  let refreshingAfterRefusal = false;

  socket.on('ride:status', (payload) => {
    if (!cursor.followed().includes(payload.rideId)) cursor.follow(payload.rideId, 0);
    if (cursor.accept(payload.rideId, payload.eventId)) {
      emitChange({
        rideId: payload.rideId,
        eventId: payload.eventId,
        from: payload.from,
        to: payload.to,
        at: payload.ride.updatedAt,
        ride: payload.ride,
      });
    }
  });
  socket.on('session:revoked', ({ reason }) => options.onSessionRevoked?.(reason));
  socket.on('connect', () => {
    options.onConnectionChange?.(true);
    for (const rideId of cursor.followed()) {
      socket.emit('ride:join', { rideId });
      // After a reconnect, and also on the first connection: a page may follow a ride before it connects,
      // and the events between its first fetch and this join would be lost otherwise.
      void catchUp(rideId);
    }
  });
  socket.on('disconnect', (reason) => {
    options.onConnectionChange?.(false);
    // Socket.io does not reconnect after a server-side disconnect.
    if (reason === 'io server disconnect') options.onServerDisconnect?.();
  });
  socket.on('connect_error', async (error) => {
    // A refused handshake is not retried by Socket.io: renew the token once, then connect again.
    const code = (error as Error & { data?: { code?: string } }).data?.code ?? error.message;
    if (refreshingAfterRefusal || !options.refreshAccessToken) return;
    if (/TOKEN_EXPIRED|expired/i.test(code)) {
      refreshingAfterRefusal = true;
      try {
        const token = await options.refreshAccessToken();
        if (token) socket.connect();
      } finally {
        refreshingAfterRefusal = false;
      }
    } else if (/REVOKED|DEACTIVATED/i.test(code)) {
      options.onSessionRevoked?.(code);
    }
  });

  async function catchUp(rideId: string): Promise<void> {
    try {
      const page = await options.fetchEventsAfter(rideId, cursor.after(rideId));
      for (const change of cursor.acceptEvents(rideId, page.items)) emitChange(change);
    } catch {
      // The next reconnect or the page's own reload will try again.
    }
  }

  return {
    socket,
    connect(): void {
      if (!socket.connected) socket.connect();
    },
    disconnect(): void {
      socket.disconnect();
    },
    /** Follow a ride: join its room and report every status change after `lastEventId`. */
    followRide(rideId: string, lastEventId = 0): void {
      cursor.follow(rideId, lastEventId);
      if (socket.connected) socket.emit('ride:join', { rideId });
      void catchUp(rideId);
    },
    unfollowRide(rideId: string): void {
      cursor.unfollow(rideId);
      if (socket.connected) socket.emit('ride:leave', { rideId });
    },
    /** Every status change of a followed ride, exactly once, whether it came live or through catch-up. */
    onStatusChange(listener: (change: RideStatusChange) => void): () => void {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    /** Fetch what was missed now (e.g. when the page becomes visible again). */
    catchUp,
    on<E extends keyof ServerToClientEvents>(event: E, listener: Listener<E>): () => void {
      socket.on(event, listener as never);
      return () => {
        socket.off(event, listener as never);
      };
    },
    sendLocation(location: Parameters<ClientToServerEvents['driver:location']>[0]): void {
      if (socket.connected) socket.emit('driver:location', location);
    },
    get connected(): boolean {
      return socket.connected;
    },
  };
}

export type Realtime = ReturnType<typeof createRealtime>;
