import {
  PUBLIC_TRACK_NAMESPACE,
  type PublicTrackClientEvents,
  type PublicTrackServerEvents,
  type TrackJoinAck,
  trackTokenParamsSchema,
} from '@truck4u/contracts';
import type { Namespace } from 'socket.io';
import { AppError } from '../errors/app-error';
import type { Logger } from '../infra/logger';
import { publicTrackRoom } from '../modules/tracking/public-track.broadcaster';
import type { ShareLinksService } from '../modules/tracking/share-links.service';
import type { RealtimeServer } from '../realtime/realtime-server';
import { TokenBucket } from '../realtime/token-bucket';

// A page joins once, and again after a reconnect; anything faster is a script.
const PACKETS_BURST = 5;
const PACKETS_PER_SECOND = 0.5;
const MAX_REFUSED_PACKETS = 20;

type PublicTrackNamespace = Namespace<
  PublicTrackClientEvents,
  PublicTrackServerEvents,
  Record<string, never>,
  Record<string, never>
>;

type Ack = (result: TrackJoinAck) => void;

/**
 * The share page's socket: the `/track` namespace, which takes no access token. It is a separate namespace on
 * purpose: the authenticated namespace's handshake, rooms (user, ride, admin) and events are not reachable
 * from here at all. Its only client event is `track:join { token }`, answered with the public snapshot; the
 * socket then joins its ride's public room, which receives only `track:status`, `track:eta` and
 * `track:position` (minimised by the tracking relay). Joins are rate-limited per client address like
 * GET /api/track/:token, and per socket.
 */
export function registerPublicTrackHandlers(
  io: RealtimeServer,
  deps: { shareLinks: ShareLinksService; log: Pick<Logger, 'warn'> },
): void {
  const nsp = io.of(PUBLIC_TRACK_NAMESPACE) as unknown as PublicTrackNamespace;

  nsp.on('connection', (socket) => {
    // A recovered session would get back the rooms it had, even for a link revoked meanwhile: join again.
    if (socket.recovered) {
      for (const room of socket.rooms) if (room !== socket.id) void socket.leave(room);
    }
    const bucket = new TokenBucket(PACKETS_BURST, PACKETS_PER_SECOND);
    let refused = 0;
    socket.use((packet, next) => {
      if (bucket.tryTake()) return next();
      refused += 1;
      const ack = packet[packet.length - 1];
      if (typeof ack === 'function') (ack as Ack)({ ok: false, error: 'RATE_LIMITED' });
      if (refused > MAX_REFUSED_PACKETS) socket.disconnect(true);
    });

    socket.on('track:join', (payload, ack) => {
      const reply: Ack = typeof ack === 'function' ? ack : () => {};
      const parsed = trackTokenParamsSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: 'NOT_FOUND' });
      deps.shareLinks.publicView(parsed.data.token, socket.handshake.address).then(
        async ({ rideId, view }) => {
          // One ride per socket: a page that switches links leaves the previous ride's room.
          for (const room of socket.rooms) if (room !== socket.id) await socket.leave(room);
          await socket.join(publicTrackRoom(rideId));
          // A revocation committed between the lookup and the join disconnected the room too early: ask again.
          if (!(await deps.shareLinks.isLinkLive(parsed.data.token))) {
            await socket.leave(publicTrackRoom(rideId));
            return reply({ ok: false, error: 'NOT_FOUND' });
          }
          reply({ ok: true, tracking: view });
        },
        (error: unknown) => {
          if (error instanceof AppError) return reply({ ok: false, error: error.code });
          deps.log.warn({ err: error }, 'track:join failed');
          reply({ ok: false, error: 'SERVICE_UNAVAILABLE' });
        },
      );
    });
  });
}
