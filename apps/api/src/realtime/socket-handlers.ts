import type { ClientEventAck } from '@truck4u/contracts';
import { type driverLocationSchema, rooms } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { AppError } from '../http/app-error';
import { type Authenticator, bearerToken } from '../http/authenticate';
import type { DriverPresenceService } from '../modules/drivers/driver-presence.service';
import { driverLocationInTunisiaSchema } from '../modules/drivers/drivers.schemas';
import type { RealtimeServer, SocketData } from './realtime-server';
import { canFollowRide, followedRideIds } from './ride-rooms.repository';
import { TokenBucket } from './token-bucket';

// Phones send a position every few seconds; this allows bursts after a tunnel without allowing floods.
const EVENTS_BURST = 20;
const EVENTS_PER_SECOND = 5;
// A client that keeps hammering after being told is cut off.
const MAX_REFUSED_EVENTS = 100;
// How long a socket trusts its driver's state (active ride, online) before asking Postgres again.
const DRIVER_STATE_TTL_MS = 5_000;

const rideRefSchema = z.object({ rideId: z.uuid() });

interface ConnectError extends Error {
  data?: { code: string };
}

function connectError(code: string, message: string): ConnectError {
  const error: ConnectError = new Error(message);
  error.data = { code };
  return error;
}

function tokenFrom(handshake: { auth: Record<string, unknown>; headers: Record<string, unknown> }) {
  const fromAuth = handshake.auth.token;
  if (typeof fromAuth === 'string' && fromAuth.length > 0) return fromAuth;
  const header = handshake.headers.authorization;
  return bearerToken(typeof header === 'string' ? header : undefined);
}

type Ack = (result: ClientEventAck) => void;

function ackOf(arg: unknown): Ack {
  return typeof arg === 'function' ? (arg as Ack) : () => {};
}

/** Authentication, rooms and client events of the realtime gateway. */
export function registerSocketHandlers(
  io: RealtimeServer,
  deps: {
    db: Database;
    authenticator: Authenticator;
    presence: DriverPresenceService;
    log: FastifyBaseLogger;
  },
): void {
  const { db, authenticator, presence, log } = deps;

  // The same rules as the HTTP hook: expired, revoked, cut-off and deactivated accounts are refused.
  // The rides to follow are looked up here, before the client sees `connect`, so no early event is missed.
  io.use((socket, next) => {
    authenticator.authenticate(tokenFrom(socket.handshake)).then(
      async (auth) => {
        socket.data.auth = auth;
        socket.data.followedRideIds = await followedRideIds(db, auth.role, auth.userId).catch(
          (error: unknown) => {
            log.warn({ err: error, userId: auth.userId }, 'could not look up the rides to follow');
            return [];
          },
        );
        next();
      },
      (error: unknown) => {
        if (error instanceof AppError) return next(connectError(error.code, error.message));
        log.error({ err: error }, 'socket authentication failed');
        next(connectError('SERVICE_UNAVAILABLE', 'Authentication is unavailable; try again'));
      },
    );
  });

  io.on('connection', (socket) => {
    const { auth } = socket.data;
    void socket.join(rooms.user(auth.role, auth.userId));

    // A socket lives no longer than its token: the client reconnects with a fresh one.
    const expiresInMs = auth.claims.exp * 1000 - Date.now();
    const expiry = setTimeout(() => socket.disconnect(true), Math.max(0, expiresInMs));
    expiry.unref();
    socket.on('disconnect', () => clearTimeout(expiry));

    for (const rideId of socket.data.followedRideIds ?? []) void socket.join(rooms.ride(rideId));

    const bucket = new TokenBucket(EVENTS_BURST, EVENTS_PER_SECOND);
    let refused = 0;
    socket.use((packet, next) => {
      if (bucket.tryTake()) return next();
      refused += 1;
      ackOf(packet[packet.length - 1])({ ok: false, error: 'RATE_LIMITED' });
      if (refused > MAX_REFUSED_EVENTS) socket.disconnect(true);
    });

    socket.on('ride:join', (payload, ack) => {
      const reply = ackOf(ack);
      const parsed = rideRefSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: 'VALIDATION_FAILED' });
      canFollowRide(db, auth.role, auth.userId, parsed.data.rideId).then(
        async (allowed) => {
          // Unknown and foreign rides look the same, as over HTTP.
          if (!allowed) return reply({ ok: false, error: 'NOT_FOUND' });
          await socket.join(rooms.ride(parsed.data.rideId));
          reply({ ok: true });
        },
        (error: unknown) => {
          log.warn({ err: error }, 'ride:join failed');
          reply({ ok: false, error: 'SERVICE_UNAVAILABLE' });
        },
      );
    });

    socket.on('ride:leave', (payload, ack) => {
      const parsed = rideRefSchema.safeParse(payload);
      if (!parsed.success) return ackOf(ack)({ ok: false, error: 'VALIDATION_FAILED' });
      void socket.leave(rooms.ride(parsed.data.rideId));
      ackOf(ack)({ ok: true });
    });

    socket.on('driver:location', (payload, ack) => {
      const reply = ackOf(ack);
      if (auth.role !== 'driver') return reply({ ok: false, error: 'FORBIDDEN' });
      const parsed = driverLocationInTunisiaSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: 'VALIDATION_FAILED' });
      recordDriverLocation(socket.data, auth.userId, parsed.data).then(
        () => reply({ ok: true }),
        (error: unknown) => {
          if (error instanceof AppError) return reply({ ok: false, error: error.code });
          log.warn({ err: error }, 'driver:location failed');
          reply({ ok: false, error: 'SERVICE_UNAVAILABLE' });
        },
      );
    });
  });

  async function recordDriverLocation(
    data: SocketData,
    driverId: string,
    location: z.infer<typeof driverLocationSchema>,
  ): Promise<void> {
    const cached = data.driverState;
    const fresh = cached && Date.now() - cached.fetchedAt < DRIVER_STATE_TTL_MS ? cached.value : undefined;
    const state = fresh ?? (await presence.stateOf(driverId));
    if (!fresh) data.driverState = { value: state, fetchedAt: Date.now() };
    await presence.recordLocation(driverId, location, state);
  }
}
