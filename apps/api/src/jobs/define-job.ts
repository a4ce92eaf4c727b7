import { type Job, type JobsOptions, type Queue, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { Config } from '../config/config';

/** What every job definition shows the registry, the worker and the queue board, whatever its payload. */
export interface JobDescriptor {
  readonly queue: string;
  readonly name: string;
  /** Set on jobs the worker enqueues itself on a BullMQ job scheduler (sweeps); they have no producer. */
  readonly repeat?: { readonly everyMs: (config: Config) => number };
}

/** A handler bound to the services it calls: what the worker runs for one (queue, name). */
export interface JobHandler {
  readonly definition: JobDescriptor;
  /** Validates `data` with the definition's schema, then handles it; a bad payload fails without retries. */
  run(data: unknown): Promise<void>;
}

/** The BullMQ options a definition fixes for every job it enqueues; `enqueue` adds the job id and delay. */
export type JobOptions = Pick<JobsOptions, 'attempts' | 'backoff' | 'removeOnComplete' | 'removeOnFail'>;

/** The part of a BullMQ `Queue` that `enqueue` uses (a stand-in in unit tests). */
export type JobQueue = Pick<Queue, 'name' | 'add'>;

interface JobSpec<TSchema extends z.ZodType, TDeps> {
  queue: string;
  name: string;
  payload: TSchema;
  /** Called with a payload the schema accepted, and the services the worker bound to this job. */
  handle(payload: z.output<TSchema>, deps: TDeps): Promise<unknown>;
}

/** A job producers enqueue: its options and deterministic id are fixed here, not at each `queue.add`. */
export interface EnqueuedJobSpec<TSchema extends z.ZodType, TDeps> extends JobSpec<TSchema, TDeps> {
  options: JobOptions;
  /** The BullMQ job id: deterministic, so adding the same job twice is a no-op. BullMQ ids may not contain ':'. */
  jobId(payload: z.output<TSchema>): string;
}

/** A job the worker's job scheduler enqueues every `everyMs` (upserted at start-up, one schedule however many workers). */
export interface ScheduledJobSpec<TSchema extends z.ZodType, TDeps> extends JobSpec<TSchema, TDeps> {
  repeat: { everyMs: (config: Config) => number };
}

export interface JobDefinition<TSchema extends z.ZodType, TDeps> extends JobDescriptor {
  readonly payload: TSchema;
  /** Binds the handler to the services it calls, for the worker (`startWorkers`). */
  handler(deps: TDeps): JobHandler;
}

export interface EnqueuedJobDefinition<TSchema extends z.ZodType, TDeps>
  extends JobDefinition<TSchema, TDeps> {
  readonly options: JobOptions;
  jobId(payload: z.output<TSchema>): string;
  /**
   * Adds the job to `queue` (which must be this definition's queue) with the definition's options and job id,
   * after validating the payload: a producer cannot send a payload the handler would refuse.
   */
  enqueue(queue: JobQueue, payload: z.input<TSchema>, options?: { delayMs?: number }): Promise<Job>;
}

export interface ScheduledJobDefinition<TSchema extends z.ZodType, TDeps>
  extends JobDefinition<TSchema, TDeps> {
  readonly repeat: { readonly everyMs: (config: Config) => number };
}

/** `queue/name`, the key the registry and error messages use. */
export function jobKey(job: Pick<JobDescriptor, 'queue' | 'name'>): string {
  return `${job.queue}/${job.name}`;
}

/**
 * Defines a job once, next to its domain: queue, name, payload schema, handler, and either the options and
 * job id producers enqueue it with or the interval of its job scheduler. The worker and the queue board read
 * the definitions from the one list in `composition/job-registry.ts`.
 */
export function defineJob<TSchema extends z.ZodType, TDeps>(
  spec: EnqueuedJobSpec<TSchema, TDeps>,
): EnqueuedJobDefinition<TSchema, TDeps>;
export function defineJob<TSchema extends z.ZodType, TDeps>(
  spec: ScheduledJobSpec<TSchema, TDeps>,
): ScheduledJobDefinition<TSchema, TDeps>;
export function defineJob<TSchema extends z.ZodType, TDeps>(
  spec: EnqueuedJobSpec<TSchema, TDeps> | ScheduledJobSpec<TSchema, TDeps>,
): EnqueuedJobDefinition<TSchema, TDeps> | ScheduledJobDefinition<TSchema, TDeps> {
  const key = jobKey(spec);
  const run = async (data: unknown, deps: TDeps): Promise<void> => {
    const parsed = spec.payload.safeParse(data);
    // Retrying cannot make a malformed payload valid: fail the job now instead of using up its attempts.
    if (!parsed.success) {
      throw new UnrecoverableError(`Job ${key} refused its payload: ${z.prettifyError(parsed.error)}`);
    }
    await spec.handle(parsed.data, deps);
  };
  if ('repeat' in spec) {
    const scheduled: ScheduledJobDefinition<TSchema, TDeps> = {
      queue: spec.queue,
      name: spec.name,
      payload: spec.payload,
      repeat: spec.repeat,
      handler: (deps) => ({ definition: scheduled, run: (data) => run(data, deps) }),
    };
    return scheduled;
  }
  const enqueued: EnqueuedJobDefinition<TSchema, TDeps> = {
    queue: spec.queue,
    name: spec.name,
    payload: spec.payload,
    options: spec.options,
    jobId: spec.jobId,
    handler: (deps) => ({ definition: enqueued, run: (data) => run(data, deps) }),
    async enqueue(queue, payload, options = {}) {
      if (queue.name !== spec.queue) {
        throw new Error(`Job ${key} belongs on queue ${spec.queue}, not ${queue.name}`);
      }
      const parsed = spec.payload.safeParse(payload);
      if (!parsed.success) {
        throw new Error(`Job ${key} refused its payload: ${z.prettifyError(parsed.error)}`);
      }
      return queue.add(spec.name, parsed.data, {
        ...spec.options,
        jobId: spec.jobId(parsed.data),
        ...(options.delayMs === undefined ? {} : { delay: options.delayMs }),
      });
    },
  };
  return enqueued;
}
