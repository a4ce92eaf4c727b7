import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { CacheMetrics } from '../infra/cache-metrics';
import { JobDurationMetric, registerQueueDepthGauge } from '../infra/job-metrics';
import { registerPoolGauges } from '../infra/pool-metrics';
import type { JobHandler } from '../jobs/define-job';
import { startWorkers } from '../jobs/start-workers';
import { bindJobHandlers, JOB_DEFINITIONS, WORKER_QUEUES } from './job-registry';
import { buildServices, type ServiceDependencies } from './services';

export interface JobWorkers {
  queues: string[];
  /** Running jobs finish, then the services' producers and connections close (dispatch, then payments). */
  close(): Promise<void>;
}

/**
 * The worker process's jobs: the services their handlers use (built by `buildServices`, as in the api, with a
 * headless realtime), a handler bound to every job of `queues`, and one BullMQ Worker per queue. `deps.redis`,
 * the database and `connection` stay the caller's to close. Fails, closing what it built, when a job of the
 * list has no handler or two.
 */
export async function startJobWorkers(
  deps: Omit<ServiceDependencies, 'realtime'>,
  options: {
    /** BullMQ's blocking connection. */
    connection: Redis;
    concurrency: number;
    lockDurationMs?: number;
    /** Every queue in the worker; tests run some queues' jobs only. */
    queues?: readonly string[];
    /**
     * Where job durations, the depth of every queue of the job registry and the database pool are recorded
     * (the worker's /metrics); left out, nothing is.
     */
    metrics?: Registry;
  },
): Promise<JobWorkers> {
  const queues = options.queues ?? WORKER_QUEUES;
  const prefix = `${deps.config.redis.keyPrefix}bull`;
  const { metrics } = options;
  const services = buildServices(metrics ? { ...deps, metrics: { cache: new CacheMetrics(metrics) } } : deps);
  // Depth is read for every queue of the registry, run here or not: a queue nobody works is the one to see.
  const depthQueues = metrics
    ? WORKER_QUEUES.map((name) => new Queue(name, { connection: deps.redis, prefix }))
    : [];
  if (metrics) {
    registerQueueDepthGauge(metrics, depthQueues);
    registerPoolGauges(metrics, deps.database.pool);
  }
  const closeServices = async () => {
    await Promise.all(depthQueues.map((queue) => queue.close()));
    await services.closeDispatch();
    await services.closePayments();
    await services.closeDeliveryCodes();
    // The orphan-upload sweep deletes through the storage: closed once no job can run.
    await services.closeStorage();
  };
  try {
    const handlers = bindJobHandlers(services, deps.log, queues);
    const running = await startWorkers({
      definitions: JOB_DEFINITIONS.filter((job) => queues.includes(job.queue)),
      handlers: metrics ? timedHandlers(handlers, new JobDurationMetric(metrics)) : handlers,
      config: deps.config,
      connection: options.connection,
      prefix,
      concurrency: options.concurrency,
      ...(options.lockDurationMs === undefined ? {} : { lockDurationMs: options.lockDurationMs }),
    });
    return {
      queues: running.queues,
      async close() {
        // Running jobs finish; a job cut short by a crash is retried by another worker (BullMQ stalled-job check).
        await running.close();
        await closeServices();
      },
    };
  } catch (error) {
    await closeServices();
    throw error;
  }
}

/** Each handler, its runs timed into `job_duration_seconds` (failures too: the error still reaches BullMQ). */
function timedHandlers(handlers: readonly JobHandler[], durations: JobDurationMetric): JobHandler[] {
  return handlers.map((handler) => ({
    definition: handler.definition,
    run: (data) => durations.time(handler.definition.queue, handler.definition.name, () => handler.run(data)),
  }));
}
