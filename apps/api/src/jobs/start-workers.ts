import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createJobRegistry, type JobDefinition } from './job-registry';

export interface RunningWorkers {
  queues: string[];
  /** Waits for running jobs to finish; jobs not started stay queued for another worker. */
  close(): Promise<void>;
}

/** Starts one BullMQ Worker per queue of the registry and the job schedulers of repeating jobs. */
export async function startWorkers(options: {
  definitions: readonly JobDefinition[];
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** BullMQ's default is 30 s; stalled jobs are looked for as often, so recovery after a crash takes ~2×. */
  lockDurationMs?: number;
}): Promise<RunningWorkers> {
  const registry = createJobRegistry(options.definitions);
  const { connection, prefix } = options;
  const workers = [...registry.entries()].map(
    ([queue, jobs]) =>
      new Worker(
        queue,
        async (job) => {
          const definition = jobs.get(job.name);
          if (!definition) throw new Error(`No handler for job ${queue}/${job.name}`);
          await definition.handle(definition.payload.parse(job.data));
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
    if (!definition.repeatEveryMs) continue;
    const queue = new Queue(definition.queue, { connection, prefix });
    // Upserting is idempotent: every worker process may do it, and one schedule exists.
    await queue.upsertJobScheduler(
      definition.name,
      { every: definition.repeatEveryMs },
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
