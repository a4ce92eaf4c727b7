import {
  PUBLIC_TRACK_NAMESPACE,
  type PublicTrackClientEvents,
  type PublicTracking,
  type PublicTrackServerEvents,
} from '@truck4u/contracts';
import type { Socket } from 'socket.io-client';

export interface PublicTrackerOptions {
  /** The api's origin ('' for the page's own origin, which proxies /socket.io). */
  url: string;
  token: string;
  /** Every new view: the snapshot on (re)join, then each live change folded into it. */
  onChange: (tracking: PublicTracking) => void;
  /** The link is unknown, revoked or expired (or the server refused the join). */
  onError: (code: string) => void;
}

/**
 * Follows a shared ride on the public page: joins with the share token on the anonymous `/track` namespace
 * and folds status, ETA and position events into the last snapshot. Re-joins after every reconnect, so a
 * dropped connection resumes from a fresh snapshot rather than from stale state.
 */
export async function followSharedRide(options: PublicTrackerOptions): Promise<() => void> {
  const { io } = await import('socket.io-client');
  const socket: Socket<PublicTrackServerEvents, PublicTrackClientEvents> = io(
    `${options.url}${PUBLIC_TRACK_NAMESPACE}`,
    { transports: ['websocket'] },
  );
  let current: PublicTracking | null = null;
  const publish = (next: PublicTracking) => {
    current = next;
    options.onChange(next);
  };
  socket.on('connect', () => {
    socket.emit('track:join', { token: options.token }, (ack) => {
      if (ack.ok) publish(ack.tracking);
      else options.onError(ack.error);
    });
  });
  socket.on('track:status', ({ status }) => {
    if (current) publish({ ...current, status });
  });
  socket.on('track:eta', ({ etaSeconds }) => {
    if (current) publish({ ...current, etaSeconds });
  });
  socket.on('track:position', (position) => {
    if (current) publish({ ...current, position });
  });
  return () => {
    socket.disconnect();
  };
}
