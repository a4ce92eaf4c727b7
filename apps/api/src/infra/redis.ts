import { type Command, Redis, type RedisOptions } from 'ioredis';

/**
 * A client whose commands of one event-loop turn leave in one write. Requests arrive on separate sockets,
 * each in its own I/O callback, so ioredis's auto-pipelining (flushed on the next tick) never joins two of
 * them; holding the socket corked until setImmediate, the end of the turn, does. Each write to Redis over
 * loopback costs the api far more than the command's bytes (the kernel delivers to Redis inline and wakes
 * it, often onto the api's core): docs/BENCHMARKS.md measured 12-60 µs per write.
 *
 * At most MAX_HELD commands wait together: an overloaded process can stay in one poll phase for a long
 * time (libuv polls again while events keep coming), and commands held for all of it would time out, with
 * their replies unable to arrive before the timers run. A command alone in its turn leaves as before, give
 * or take the rest of that turn's callbacks.
 */
const MAX_HELD = 16;

class TurnCoalescingRedis extends Redis {
  private hold: { stream: Redis['stream']; commands: number } | null = null;

  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    // Pipelines and offline replays write through their own path; only a ready socket is held.
    if (this.hold === null && stream === undefined && this.status === 'ready' && this.stream.writable) {
      const hold = { stream: this.stream, commands: 0 };
      hold.stream.cork();
      this.hold = hold;
      setImmediate(() => this.release(hold));
    }
    const sent = super.sendCommand(command, stream);
    if (this.hold !== null && ++this.hold.commands >= MAX_HELD) this.release(this.hold);
    return sent;
  }

  private release(hold: NonNullable<TurnCoalescingRedis['hold']>): void {
    if (this.hold !== hold) return;
    this.hold = null;
    hold.stream.uncork();
  }
}

/**
 * Client for request-path commands. The offline queue is off and commands time out quickly, so when Redis
 * is unreachable a call fails at once and the caller can fall back (auth) or refuse (SMS limits),
 * instead of hanging the request. Its commands of one event-loop turn are written together (TurnCoalescingRedis).
 */
export function createCommandRedis(url: string, overrides: Omit<RedisOptions, 'replyMapping'> = {}): Redis {
  const client = new TurnCoalescingRedis(url, {
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
