import { Gauge, type Registry } from 'prom-client';

/** The counters node-postgres keeps on a `pg.Pool`. */
export interface PoolCounts {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/**
 * The database pool as Prometheus sees it, read at scrape time. Waiting clients above zero for long means
 * DATABASE_POOL_MAX is too small for the load (or queries are slow): requests queue for a connection.
 */
export function registerPoolGauges(registry: Registry, pool: PoolCounts): void {
  const gauges: [string, string, () => number][] = [
    ['db_pool_connections', 'Open connections of the Postgres pool (idle and in use)', () => pool.totalCount],
    ['db_pool_idle_connections', 'Open Postgres pool connections not in use', () => pool.idleCount],
    [
      'db_pool_waiting_clients',
      'Queries waiting for a free Postgres pool connection',
      () => pool.waitingCount,
    ],
  ];
  for (const [name, help, read] of gauges) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  }
}
