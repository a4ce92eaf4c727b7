import { type JobDescriptor, type JobHandler, jobKey } from './define-job';

/** The distinct queues of `definitions`, in the order they first appear. */
export function queuesOf(definitions: readonly JobDescriptor[]): string[] {
  return [...new Set(definitions.map((d) => d.queue))];
}

/**
 * Matches handlers to definitions, grouped by queue then job name. Throws, listing every problem, when a
 * definition is listed twice, a job has no handler or two, or a handler's job is not in `definitions`.
 */
export function createJobRegistry(
  definitions: readonly JobDescriptor[],
  handlers: readonly JobHandler[],
): Map<string, Map<string, JobHandler>> {
  const problems: string[] = [];
  const listed = new Map<string, JobDescriptor>();
  for (const definition of definitions) {
    const key = jobKey(definition);
    if (listed.has(key)) problems.push(`job ${key} is defined twice`);
    listed.set(key, definition);
  }
  const handled = new Map<string, JobHandler>();
  for (const handler of handlers) {
    const key = jobKey(handler.definition);
    if (listed.get(key) !== handler.definition) {
      problems.push(`job ${key} has a handler but is not in the job list (composition/job-registry.ts)`);
    } else if (handled.has(key)) {
      problems.push(`job ${key} has two handlers`);
    }
    handled.set(key, handler);
  }
  for (const key of listed.keys()) {
    if (!handled.has(key)) problems.push(`job ${key} has no handler`);
  }
  if (problems.length > 0) throw new Error(`Job registry: ${problems.join('; ')}`);

  const byQueue = new Map<string, Map<string, JobHandler>>();
  for (const handler of handled.values()) {
    const { queue, name } = handler.definition;
    const jobs = byQueue.get(queue) ?? new Map<string, JobHandler>();
    jobs.set(name, handler);
    byQueue.set(queue, jobs);
  }
  return byQueue;
}
