import { Gauge, Histogram, type Registry } from 'prom-client';

export type JobOutcome = 'completed' | 'failed';

/** How long each job's handler ran, by queue, job name and outcome (a retried job counts once per attempt). */
export class JobDurationMetric {
  readonly #histogram: Histogram<'queue' | 'name' | 'outcome'>;

  constructor(registry: Registry) {
    this.#histogram = new Histogram({
      name: 'job_duration_seconds',
      help: 'BullMQ job handler duration in seconds, by queue, job name and outcome (completed or failed)',
      labelNames: ['queue', 'name', 'outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
  }

  /** Runs `run` and records its duration; its result or error passes through unchanged. */
  async time<T>(queue: string, name: string, run: () => Promise<T>): Promise<T> {
    const end = this.#histogram.startTimer({ queue, name });
    try {
      const result = await run();
      end({ outcome: 'completed' });
      return result;
    } catch (error) {
      end({ outcome: 'failed' });
      throw error;
    }
  }
}

/** The states reported per queue: what is waiting for a worker, running, scheduled for later, or given up on. */
export const QUEUE_DEPTH_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** The part of a BullMQ `Queue` the depth gauge reads. */
export interface JobCountsSource {
  readonly name: string;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

/**
 * `queue_depth{queue, state}`, read from Redis when Prometheus scrapes rather than tracked by events, so it
 * counts jobs added by every process. A queue Redis does not answer for is left out of that scrape instead
 * of failing the whole page or showing a stale figure.
 */
export function registerQueueDepthGauge(registry: Registry, queues: readonly JobCountsSource[]): void {
  new Gauge({
    name: 'queue_depth',
    help: 'Jobs per BullMQ queue and state (waiting, active, delayed, failed), read at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        queues.map(async (queue) => {
          try {
            const counts = await queue.getJobCounts(...QUEUE_DEPTH_STATES);
            for (const state of QUEUE_DEPTH_STATES)
              this.set({ queue: queue.name, state }, counts[state] ?? 0);
          } catch {
            // Redis down: the series disappear for this scrape; the Redis alert says why.
          }
        }),
      );
    },
  });
}
