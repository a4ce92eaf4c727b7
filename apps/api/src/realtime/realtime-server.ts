import type { IncomingMessage } from 'node:http';
import type { ClientToServerEvents, ServerToClientEvents } from '@truck4u/contracts';
import type { FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import type { Config } from '../config/config';
import type { AuthContext } from '../http/authenticate';
import { createAdapterRedis, createRealtimeAdapter } from './realtime-adapter';
import { SocketRealtimeNotifier } from './socket-realtime-notifier';

/** Per-socket state set by the handshake middleware. */
export interface SocketData {
  auth: AuthContext;
  /** Rides whose rooms the socket joins at connect (looked up during the handshake). */
  followedRideIds?: string[];
}

export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export interface Realtime {
  io: RealtimeServer;
  notifier: SocketRealtimeNotifier;
  close(): Promise<void>;
}

/** Client packets above this size are refused by the transport (positions and joins are tiny). */
export const MAX_CLIENT_PACKET_BYTES = 8 * 1024;
const RECOVERY_WINDOW_MS = 2 * 60_000;

/**
 * Browsers must come from the web app or an origin listed in CORS_EXTRA_ORIGINS; clients without an
 * Origin (mobile, scripts) are not browsers.
 */
export function isAllowedOrigin(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  return origin === undefined || allowedOrigins.includes(origin);
}

/**
 * The Socket.io server on the api's HTTP server, joined to every other instance through Redis streams.
 * Handlers (auth, rooms, client events) are added by `registerSocketHandlers`.
 */
export function attachRealtime(app: FastifyInstance, config: Config): Realtime {
  const redis = createAdapterRedis(config.redis.url, config.redis.keyPrefix);
  const io: RealtimeServer = new Server(app.server, {
    serveClient: false,
    maxHttpBufferSize: MAX_CLIENT_PACKET_BYTES,
    cors: { origin: [...config.http.allowedOrigins], credentials: true },
    allowRequest: (request, callback) => {
      callback(null, isAllowedOrigin(request, config.http.allowedOrigins));
    },
    // The auth middleware runs again on recovery, so a revoked token cannot resume its session.
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    adapter: createRealtimeAdapter(redis.client, config.redis.keyPrefix),
  });
  const notifier = new SocketRealtimeNotifier(io);

  return {
    io,
    notifier,
    async close() {
      // Not io.close(): that would also close the HTTP server, which belongs to Fastify.
      for (const socket of io.of('/').sockets.values()) socket.disconnect(true);
      io.engine.close();
      await redis.close(io);
    },
  };
}

/** A Socket.io server with no HTTP server, for processes (the worker) that only emit through the adapter. */
export function createHeadlessRealtime(config: Config): {
  /** For cluster-wide queries through the adapter (whose sockets are in a user's room, on any instance). */
  io: Server;
  notifier: SocketRealtimeNotifier;
  close(): Promise<void>;
} {
  const redis = createAdapterRedis(config.redis.url, config.redis.keyPrefix);
  const io = new Server();
  io.adapter(createRealtimeAdapter(redis.client, config.redis.keyPrefix));
  return {
    io,
    notifier: new SocketRealtimeNotifier(io),
    close: () => redis.close(io),
  };
}
