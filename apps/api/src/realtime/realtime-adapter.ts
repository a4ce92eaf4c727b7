import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';

/**
 * The Redis streams adapter: every api instance (and the worker's headless server) appends broadcasts to one
 * stream and reads it, so an event emitted anywhere reaches sockets everywhere; the stream also lets a
 * briefly disconnected client recover the packets it missed (connection-state recovery).
 *
 * `redis` must not have a command timeout: the adapter duplicates it for its blocking XREAD.
 */
export function createRealtimeAdapter(redis: Redis, keyPrefix: string) {
  return createAdapter(redis, {
    streamName: `${keyPrefix}socket.io:stream`,
    channelPrefix: `${keyPrefix}socket.io`,
    sessionKeyPrefix: `${keyPrefix}socket.io:session:`,
    maxLen: 10_000,
  });
}
