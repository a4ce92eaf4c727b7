import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import { createBlockingRedis } from '../infra/redis';

const SUBSCRIBE_WAIT_MS = 2_000;

function channelPrefix(keyPrefix: string) {
  return `${keyPrefix}socket.io`;
}

/**
 * The Redis streams adapter: every api instance (and the worker's headless server) appends broadcasts to one
 * stream and reads it, so an event emitted anywhere reaches sockets everywhere; the stream also lets a
 * briefly disconnected client recover the packets it missed (connection-state recovery).
 */
export function createRealtimeAdapter(redis: Redis, keyPrefix: string) {
  return createAdapter(redis, {
    streamName: `${keyPrefix}socket.io:stream`,
    channelPrefix: channelPrefix(keyPrefix),
    sessionKeyPrefix: `${keyPrefix}socket.io:session:`,
    maxLen: 10_000,
  });
}

/**
 * Redis for the adapter, which duplicates it for its blocking XREAD and its subscriber (so it must not have a
 * command timeout). The duplicates are tracked so `close` can end them in order: the adapter never awaits its
 * SUBSCRIBE, and cutting that connection before Redis answers would reject the command with nobody listening.
 */
export function createAdapterRedis(url: string, keyPrefix: string) {
  const client = createBlockingRedis(url);
  const duplicates: Redis[] = [];
  const duplicate = client.duplicate.bind(client);
  client.duplicate = ((...args: Parameters<Redis['duplicate']>) => {
    const copy = duplicate(...args);
    copy.on('error', () => {});
    duplicates.push(copy);
    return copy;
  }) as Redis['duplicate'];

  return {
    client,
    async close(io: Server): Promise<void> {
      const adapter = io.of('/').adapter as unknown as { uid?: string; close(): Promise<void> | void };
      const privateChannel = `${channelPrefix(keyPrefix)}#/#${adapter.uid}#`;
      // Bounded: with Redis down there is no subscription to wait for.
      const deadline = Date.now() + SUBSCRIBE_WAIT_MS;
      while (Date.now() < deadline && client.status !== 'end') {
        if (client.status === 'ready') {
          const [, subscribers] = (await client.pubsub('NUMSUB', privateChannel).catch(() => ['', 0])) as [
            string,
            number,
          ];
          if (Number(subscribers) > 0) break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      await adapter.close();
      // Every other namespace's adapter too (the public /track one): the shared XREAD loop runs while any is open.
      const namespaces = (
        io as unknown as { _nsps: Map<string, { adapter: { close(): Promise<void> | void } }> }
      )._nsps;
      for (const [name, nsp] of namespaces) if (name !== '/') await nsp.adapter.close();
      // The XREAD loop catches the error of its interrupted read and stops, as the adapter was closed.
      for (const copy of duplicates) copy.disconnect();
      client.disconnect();
    },
  };
}
