import { Histogram, type Registry } from 'prom-client';

/** Where a token blacklist check got its answer: Redis, or Postgres when Redis could not answer. */
export type RevocationLookupSource = 'redis' | 'postgres';

/**
 * `token_revocation_lookup_seconds{source}`: the time an authenticated request spends asking whether its
 * token is revoked, labelled by the store that answered. A `postgres` observation includes the failed
 * Redis attempt before it, which is what the request waited.
 */
export class RevocationLookupMetric {
  readonly #histogram: Histogram<'source'>;

  constructor(registry: Registry) {
    this.#histogram = new Histogram({
      name: 'token_revocation_lookup_seconds',
      help: 'Token blacklist check duration in seconds, by the store that answered (redis or postgres)',
      labelNames: ['source'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
  }

  // Made at first use and kept: `observe(labels, v)` hashes the labels on every request.
  readonly #bySource = new Map<RevocationLookupSource, ReturnType<Histogram<'source'>['labels']>>();

  observe(source: RevocationLookupSource, seconds: number): void {
    let child = this.#bySource.get(source);
    if (!child) {
      child = this.#histogram.labels(source);
      this.#bySource.set(source, child);
    }
    child.observe(seconds);
  }
}
