import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCommandRedis } from './redis';

/** A proxy in front of Redis on its own thread (test/redis-write-counter.worker.mjs) and its chunk count. */
async function startWriteCounter(upstreamUrl: string) {
  const worker = new Worker(new URL('../../test/redis-write-counter.worker.mjs', import.meta.url), {
    workerData: { upstreamUrl },
  });
  const [{ port }] = (await once(worker, 'message')) as [{ port: number }];
  const url = new URL(upstreamUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    async chunks(): Promise<number> {
      worker.postMessage('chunks');
      const [{ chunks }] = (await once(worker, 'message')) as [{ chunks: number }];
      return chunks;
    },
    close: () => worker.terminate(),
  };
}

let counter: Awaited<ReturnType<typeof startWriteCounter>>;
let redis: ReturnType<typeof createCommandRedis>;
const key = `test:turn-coalescing:${randomUUID()}`;

beforeAll(async () => {
  counter = await startWriteCounter(inject('redisUrl'));
  redis = createCommandRedis(counter.url);
  // Its offline queue is off: a command before the connection is ready fails at once.
  await once(redis, 'ready');
});
afterAll(async () => {
  await redis?.del(key);
  redis?.disconnect();
  await counter?.close();
});

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('the request-path Redis client', () => {
  it('sends the commands of one event-loop turn together, in order, each with its own answer', async () => {
    let chunks = 0;
    for (let round = 0; round < 5; round++) {
      await nextTurn();
      const before = await counter.chunks();
      // 48 callers in one turn, as 48 requests read off their sockets in one poll phase would be.
      const answers = await Promise.all(Array.from({ length: 48 }, () => redis.incr(key)));
      expect(answers).toEqual(Array.from({ length: 48 }, (_, i) => round * 48 + i + 1));
      chunks += (await counter.chunks()) - before;
    }
    // At most 16 commands wait for each other (MAX_HELD): three writes a round, where one per command was 48.
    expect(chunks).toBeLessThanOrEqual(5 * 3);
  });

  it('answers a command alone in its turn, and commands of later turns, without waiting for company', async () => {
    for (let turn = 0; turn < 5; turn++) {
      expect(await redis.get(key)).toBe(String(5 * 48));
      await nextTurn();
    }
  });

  it('still fails fast when Redis is unreachable', async () => {
    const dead = createCommandRedis('redis://127.0.0.1:1', { retryStrategy: () => null });
    try {
      await expect(dead.get(key)).rejects.toThrow();
    } finally {
      dead.disconnect();
    }
  });
});
