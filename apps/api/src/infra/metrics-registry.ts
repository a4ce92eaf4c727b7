import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A Prometheus registry with the process defaults (CPU, memory, event loop). Each api instance and each
 * worker makes its own rather than using prom-client's global one: tests run several in one process, and
 * the global registry refuses a metric name registered twice.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
