import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config';
import type { JobDescriptor, JobHandler } from './define-job';
import { createJobRegistry } from './handler-registry';

export interface RunningWorkers {
  queues: string[];
  /** Waits for running jobs to finish; jobs not started stay queued for another worker. */
  close(): Promise<void>;
}

/**
 * Starts one BullMQ Worker per queue of `definitions` and the job schedulers of repeating jobs. Fails before
 * starting anything unless every definition has exactly one of `handlers` (see `createJobRegistry`).
 */
export async function startWorkers(options: {
  /** The jobs this process runs (all of composition/job-registry.ts in the worker, some queues' in tests). */
  definitions: readonly JobDescriptor[];
  handlers: readonly JobHandler[];
  /** Read by repeating jobs for their interval. */
  config: Config;
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** BullMQ's default is 30 s; stalled jobs are looked for as often, so recovery after a crash takes ~2×. */
  lockDurationMs?: number;
}): Promise<RunningWorkers> {
  const registry = createJobRegistry(options.definitions, options.handlers);
  const { connection, prefix } = options;
  const workers = [...registry.entries()].map(
    ([queue, jobs]) =>
      new Worker(
        queue,
        async (job) => {
          const handler = jobs.get(job.name);
          if (!handler) throw new Error(`No handler for job ${queue}/${job.name}`);
          await handler.run(job.data);
        },
        {
          connection,
          prefix,
          concurrency: options.concurrency,
          ...(options.lockDurationMs
            ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs }
            : {}),
        },
      ),
  );
  const schedulerQueues: Queue[] = [];
  for (const definition of options.definitions) {
    if (!definition.repeat) continue;
    const queue = new Queue(definition.queue, { connection, prefix });
    // Upserting is idempotent: every worker process may do it, and one schedule exists.
    await queue.upsertJobScheduler(
      definition.name,
      { every: definition.repeat.everyMs(options.config) },
      { name: definition.name, data: {} },
    );
    schedulerQueues.push(queue);
  }
  return {
    queues: [...registry.keys()],
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(schedulerQueues.map((q) => q.close()));
    },
  };
}
