import { Redis, type RedisOptions } from 'ioredis';

/**
 * Client for request-path commands. The offline queue is off and commands time out quickly, so when Redis
 * is unreachable a call fails at once and the caller can fall back (auth) or refuse (SMS limits),
 * instead of hanging the request.
 */
export function createCommandRedis(url: string, overrides: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    lazyConnect: false,
    ...overrides,
  });
  // Connection errors are reported through failed commands and /health/ready; without a listener
  // ioredis would print every reconnect attempt as an unhandled error event.
  client.on('error', () => {});
  return client;
}

/** Client for BullMQ workers and blocking commands: waits for Redis instead of failing (BullMQ's rule). */
export function createBlockingRedis(url: string, overrides: RedisOptions = {}): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...overrides });
  client.on('error', () => {});
  return client;
}

export function isRedisReady(client: Redis): boolean {
  return client.status === 'ready';
}
