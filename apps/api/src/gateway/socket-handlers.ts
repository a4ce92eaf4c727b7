import type { ClientEventAck } from '@truck4u/contracts';
import { rooms } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import { bearerToken } from '../http/authenticate';
import type { Logger } from '../infra/logger';
import type { Authenticator } from '../modules/auth/authenticator';
import type { DriverLocationService } from '../modules/drivers/driver-location.service';
import { driverLocationInTunisiaSchema } from '../modules/drivers/drivers.schemas';
import { isRideVisible } from '../modules/rides/ride-visibility';
import type { RealtimeServer } from '../realtime/realtime-server';
import { followedRideIds } from '../realtime/ride-rooms.repository';
import { TokenBucket } from '../realtime/token-bucket';

// Phones send a position every few seconds; this allows bursts after a tunnel without allowing floods.
const EVENTS_BURST = 20;
const EVENTS_PER_SECOND = 5;
// A client that keeps hammering after being told is cut off.
const MAX_REFUSED_EVENTS = 100;

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
    locations: DriverLocationService;
    /** Whether an admin may follow the live map (their role allows `live.read`, account active). */
    canFollowLive?: (adminId: string) => Promise<boolean>;
    log: Pick<Logger, 'warn' | 'error'>;
  },
): void {
  const { db, authenticator, locations, log, canFollowLive } = deps;

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
    void socket.join(rooms.session(auth.claims.sid));

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
      const { rideId } = parsed.data;
      const isVisible = () => isRideVisible(db, rideId, { role: auth.role, id: auth.userId });
      const join = async (): Promise<boolean> => {
        // The same rule as GET /api/rides/:id. Unknown and foreign rides look the same, as over HTTP.
        if (!(await isVisible())) return false;
        await socket.join(rooms.ride(rideId));
        // An offered driver loses the ride when it closes, and is taken out of the room after that commit
        // (ride-closed.announcer.ts). A close committed between the check above and the join would miss
        // this socket, so ask again now that it is in: whatever commits later does find it.
        if (await isVisible()) return true;
        await socket.leave(rooms.ride(rideId));
        return false;
      };
      join().then(
        (joined) => reply(joined ? { ok: true } : { ok: false, error: 'NOT_FOUND' }),
        (error: unknown) => {
          log.warn({ err: error }, 'ride:join failed');
          reply({ ok: false, error: 'SERVICE_UNAVAILABLE' });
        },
      );
    });

    socket.on('admin:join-live', (payload, ack) => {
      // The payload is `{}`; a client may also send the acknowledgement alone.
      const reply = ackOf(typeof payload === 'function' ? payload : ack);
      if (auth.role !== 'admin' || !canFollowLive) return reply({ ok: false, error: 'FORBIDDEN' });
      canFollowLive(auth.userId).then(
        async (allowed) => {
          if (!allowed) return reply({ ok: false, error: 'FORBIDDEN' });
          await socket.join(rooms.adminLive());
          // A demotion committed between the check and the join sent its room leave too early: read again.
          if (!(await canFollowLive(auth.userId))) {
            await socket.leave(rooms.adminLive());
            return reply({ ok: false, error: 'FORBIDDEN' });
          }
          reply({ ok: true });
        },
        (error: unknown) => {
          log.warn({ err: error }, 'admin:join-live failed');
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

    // One session per connection: it keeps the driver's state between positions (DriverLocationService).
    const driverLocations = auth.role === 'driver' ? locations.openSession(auth.userId) : undefined;
    socket.on('driver:location', (payload, ack) => {
      const reply = ackOf(ack);
      if (!driverLocations) return reply({ ok: false, error: 'FORBIDDEN' });
      const parsed = driverLocationInTunisiaSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: 'VALIDATION_FAILED' });
      driverLocations.report(parsed.data).then(
        () => reply({ ok: true }),
        (error: unknown) => {
          if (error instanceof AppError) return reply({ ok: false, error: error.code });
          log.warn({ err: error }, 'driver:location failed');
          reply({ ok: false, error: 'SERVICE_UNAVAILABLE' });
        },
      );
    });
  });
}
