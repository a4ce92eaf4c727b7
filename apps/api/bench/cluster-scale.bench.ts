import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { writeNginxPrefix } from '../../../deploy/nginx/nginx-conf';
import {
  type BenchKit,
  http,
  insertBenchRide,
  randomPointNear,
  sleep,
  upsertBenchCustomer,
  upsertBenchDrivers,
} from './bench-kit';

const STATE_DIR = fileURLToPath(new URL('../../../.stack/cluster/bench-nginx', import.meta.url));
const BENCH_NGINX_PORT = 8089;
const TUNIS = { lat: 36.8, lng: 10.18 };

/** A throw-away nginx in front of the first `count` api instances of a running `npm run cluster`. */
async function startBalancer(apiPorts: readonly number[]): Promise<{ url: string; child: ChildProcess }> {
  const conf = writeNginxPrefix({ prefix: STATE_DIR, listenPort: BENCH_NGINX_PORT, apiPorts });
  const child = spawn('nginx', ['-p', STATE_DIR, '-c', conf], { stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${BENCH_NGINX_PORT}`;
  for (let i = 0; i < 80; i += 1) {
    if (
      await fetch(`${url}/health/live`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, child };
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error('the benchmark nginx did not start (is `npm run cluster` running, and port 8089 free?)');
}

async function stopBalancer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGQUIT');
  await once(child, 'exit');
}

interface Row {
  instances: number;
  path: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(
  url: string,
  options: {
    method?: 'GET' | 'POST' | 'PATCH';
    connections: number;
    seconds: number;
    clients: string[];
    body?: () => string;
  },
): Promise<Omit<Row, 'instances' | 'path'>> {
  let next = 0;
  const result = await autocannon({
    url,
    method: options.method ?? 'GET',
    connections: options.connections,
    duration: options.seconds,
    setupClient: (client) => {
      const token = options.clients[next++ % options.clients.length];
      client.setHeaders({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
      if (options.body) client.setBody(options.body());
    },
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * The main read and write paths through nginx with 1, 2 and 3 api instances, one after the other in one run,
 * against the instances of `npm run cluster` (CLUSTER_API_PORTS from .stack/cluster/cluster.env):
 * GET /api/rides/:id (Postgres read + auth), POST /api/drivers/me/location (Redis GEO write, the hottest
 * write) and PATCH /api/drivers/me/availability (a Postgres row update).
 */
export async function benchClusterScale(kit: BenchKit, options: { seconds: number; connections: number }) {
  const ports = (process.env.CLUSTER_API_PORTS ?? '').split(',').filter(Boolean).map(Number);
  if (ports.length < 3)
    return {
      name: 'cluster scale',
      line: 'skipped: CLUSTER_API_PORTS is not set (start `npm run cluster`, then `set -a; . .stack/cluster/cluster.env; set +a`)',
    };
  const customerId = await upsertBenchCustomer(kit, '+21629999996');
  const customerToken = await kit.tokenFor('customer', customerId);
  const rideId = await insertBenchRide(kit, { customerId, pickup: TUNIS, vehicleType: 'PICKUP' });
  const driverIds = await upsertBenchDrivers(kit, {
    count: 100,
    firstNumber: 200_000,
    vehicleType: 'PICKUP',
  });
  const driverTokens = await Promise.all(driverIds.map((id) => kit.tokenFor('driver', id)));
  const probe = await http('GET', `http://127.0.0.1:${ports[0]}/api/rides/${rideId}`, {
    token: customerToken,
  });
  if (probe.status !== 200)
    return { name: 'cluster scale', line: `skipped: GET /api/rides/:id answered ${probe.status}` };

  const rows: Row[] = [];
  const loadBefore = os.loadavg()[0] ?? 0;
  for (const instances of [1, 2, 3]) {
    const balancer = await startBalancer(ports.slice(0, instances));
    try {
      const { connections, seconds } = options;
      rows.push({
        instances,
        path: 'GET /api/rides/:id',
        ...(await load(`${balancer.url}/api/rides/${rideId}`, {
          connections,
          seconds,
          clients: [customerToken],
        })),
      });
      rows.push({
        instances,
        path: 'POST /api/drivers/me/location',
        ...(await load(`${balancer.url}/api/drivers/me/location`, {
          method: 'POST',
          connections,
          seconds,
          clients: driverTokens,
          body: () => JSON.stringify(randomPointNear(TUNIS, 10)),
        })),
      });
      rows.push({
        instances,
        path: 'PATCH /api/drivers/me/availability',
        ...(await load(`${balancer.url}/api/drivers/me/availability`, {
          method: 'PATCH',
          connections,
          seconds,
          clients: driverTokens,
          body: () => JSON.stringify({ online: true }),
        })),
      });
    } finally {
      await stopBalancer(balancer.child);
    }
  }
  const loadAfter = os.loadavg()[0] ?? 0;
  const paths = [...new Set(rows.map((r) => r.path))];
  const table = paths
    .map((path) => {
      const cells = rows
        .filter((r) => r.path === path)
        .map(
          (r) =>
            `${r.rps.toFixed(0)} req/s (p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors})`,
        );
      return `| ${path} | ${cells.join(' | ')} |`;
    })
    .join('\n  ');
  return {
    name: `Through nginx with 1, 2 and 3 api instances, ${options.connections} connections, ${options.seconds} s per cell`,
    line: `load average (1 min) before ${loadBefore.toFixed(2)}, after ${loadAfter.toFixed(2)}\n  | path | 1 instance | 2 instances | 3 instances |\n  |---|---|---|---|\n  ${table}`,
  };
}
