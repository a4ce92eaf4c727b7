import type { Redis } from 'ioredis';
import { Counter, type Registry } from 'prom-client';
import { AppError } from '../errors/app-error';

/** `load_shed_total{work}`: work refused at once because Redis was too far behind (RedisBacklogGate). */
export class LoadShedMetrics {
  readonly #shed: Counter<'work'>;

  constructor(registry: Registry) {
    this.#shed = new Counter({
      name: 'load_shed_total',
      help: 'Work refused with 503 before it started because too many Redis commands awaited replies, by kind of work',
      labelNames: ['work'] as const,
      registers: [registry],
    });
  }

  shed(work: string): void {
    this.#shed.inc({ work });
  }
}

/**
 * Refuses work that would queue behind too many Redis commands of this process. Commands that wait in Redis
 * longer than their timeout (500 ms on the request-path client) fail together, and a refusal costs the api
 * less than a report, so an overloaded api answering with timeouts only takes in more: in the 1,500-socket
 * runs of docs/BENCHMARKS.md it settled into refusing nearly everything, with 1,447 commands in flight. Refusing
 * before sending keeps Redis's queue short enough that what is taken in is answered in time.
 *
 * The count is ioredis's queue of commands written and not yet answered, for every caller of the client.
 */
export class RedisBacklogGate {
  constructor(
    private readonly client: Pick<Redis, 'commandQueue'>,
    private readonly maxInFlight: number,
    private readonly work: string,
    private readonly metrics?: LoadShedMetrics,
  ) {}

  /** Throws 503 SERVICE_UNAVAILABLE (Retry-After: 1) while `maxInFlight` or more commands await replies. */
  admit(): void {
    if (this.client.commandQueue.length < this.maxInFlight) return;
    this.metrics?.shed(this.work);
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      'The server is too busy to take this right now; try again shortly',
      {
        headers: { 'retry-after': '1' },
        details: { reason: 'OVERLOADED' },
      },
    );
  }
}
