import { Counter, type Registry } from 'prom-client';

/**
 * The hit and miss counters the read caches report to, by cache name (`cache_hits_total{cache}`,
 * `cache_misses_total{cache}`). A cache's series appears at its first lookup. Each `ReadCache`
 * (`read-cache.ts`) takes this object from the services' metrics (`composition/services.ts`) and calls one
 * of them per key looked up.
 */
export class CacheMetrics {
  readonly #hits: Counter<'cache'>;
  readonly #misses: Counter<'cache'>;

  constructor(registry: Registry) {
    this.#hits = new Counter({
      name: 'cache_hits_total',
      help: 'Read-cache lookups answered from Redis, by cache',
      labelNames: ['cache'] as const,
      registers: [registry],
    });
    this.#misses = new Counter({
      name: 'cache_misses_total',
      help: 'Read-cache lookups that had to go to the source, by cache',
      labelNames: ['cache'] as const,
      registers: [registry],
    });
  }

  hit(cache: string): void {
    this.#hits.inc({ cache });
  }

  miss(cache: string): void {
    this.#misses.inc({ cache });
  }
}
