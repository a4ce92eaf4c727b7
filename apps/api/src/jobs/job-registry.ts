import type { z } from 'zod';

/** A BullMQ job owned by a domain: its queue, name, payload schema and handler. */
export interface JobDefinition<TPayload = unknown> {
  queue: string;
  name: string;
  payload: z.ZodType<TPayload>;
  /** When set, the worker keeps a BullMQ job scheduler that enqueues this job every so often. */
  repeatEveryMs?: number;
  handle(payload: TPayload): Promise<void>;
}

/**
 * The explicit list of jobs the worker runs. Start-up fails if two definitions claim the same queue and
 * name: a job must have exactly one handler.
 */
export function createJobRegistry(
  definitions: readonly JobDefinition[],
): Map<string, Map<string, JobDefinition>> {
  const byQueue = new Map<string, Map<string, JobDefinition>>();
  for (const definition of definitions) {
    const jobs = byQueue.get(definition.queue) ?? new Map<string, JobDefinition>();
    if (jobs.has(definition.name)) {
      throw new Error(`Job ${definition.queue}/${definition.name} is registered twice`);
    }
    jobs.set(definition.name, definition);
    byQueue.set(definition.queue, jobs);
  }
  return byQueue;
}
