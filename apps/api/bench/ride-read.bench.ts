import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { type BenchKit, cpuMeter, http, insertBenchRide, upsertBenchCustomer } from './bench-kit';

const BARE_SERVER = `
import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/bare', async () => ({ ok: true }));
// The same answer as the api's GET /health/live, so the two rows differ only by the api's plugin stack.
app.get('/health/live', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port: 0 });
console.log('PORT ' + app.server.address().port);
`;

async function startBareFastify(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_SERVER], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /PORT (\d+)/.exec(String(chunk));
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error('bare server exited')));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function measure(
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
  pid: number | null | undefined,
) {
  const cpu = cpuMeter(pid);
  const result = await autocannon({ url, headers, connections, duration: seconds });
  return {
    rps: result.requests.average,
    line: `${result.requests.average.toFixed(0)} req/s, p50=${result.latency.p50} ms p97.5=${result.latency.p97_5} ms p99=${result.latency.p99} ms, non-2xx=${result.non2xx}, server CPU/request=${cpu.perRequest(result.requests.total)}`,
  };
}

/**
 * Authenticated GET /api/rides/:id and GET /api/me next to a bare Fastify route (its own process), in the same
 * run. With BENCH_API_PID, the api's CPU time per request too (the bare server's is always measured).
 */
export async function benchRideRead(kit: BenchKit, options: { connections: number; seconds: number }) {
  const name = `GET /api/rides/:id and /api/me (authenticated) vs bare Fastify, ${options.connections} connections, ${options.seconds} s each`;
  const customerId = await upsertBenchCustomer(kit, '+21629999997');
  const token = await kit.tokenFor('customer', customerId);
  const rideId = await insertBenchRide(kit, {
    customerId,
    pickup: { lat: 36.8, lng: 10.18 },
    vehicleType: 'PICKUP',
  });
  const probe = await http('GET', `${kit.apiUrl}/api/rides/${rideId}`, { token });
  if (probe.status !== 200) return { name, line: `skipped: GET /api/rides/:id answered ${probe.status}` };
  const bare = await startBareFastify();
  try {
    const auth = { authorization: `Bearer ${token}` };
    const { connections, seconds } = options;
    const api = await measure(`${kit.apiUrl}/api/rides/${rideId}`, auth, connections, seconds, kit.apiPid);
    const me = await measure(`${kit.apiUrl}/api/me`, auth, connections, seconds, kit.apiPid);
    const baseline = await measure(`${bare.url}/bare`, {}, connections, seconds, bare.child.pid);
    // "Plugin stack ≤ 2× the bare route": the api's unauthenticated liveness route against its bare twin.
    const live = await measure(`${kit.apiUrl}/health/live`, {}, connections, seconds, kit.apiPid);
    const bareLive = await measure(`${bare.url}/health/live`, {}, connections, seconds, bare.child.pid);
    return {
      name,
      line: [
        `api GET /api/rides/:id: ${api.line}`,
        `api GET /api/me: ${me.line}`,
        `api GET /health/live: ${live.line}`,
        `bare Fastify /bare: ${baseline.line}`,
        `bare Fastify /health/live: ${bareLive.line}`,
        `ratio api/bare: rides/:id ${(api.rps / baseline.rps).toFixed(3)}, me ${(me.rps / baseline.rps).toFixed(3)}, health/live ${(live.rps / bareLive.rps).toFixed(3)} (plugin stack costs ${(bareLive.rps / live.rps).toFixed(2)}× the bare route)`,
      ].join('\n  '),
    };
  } finally {
    bare.child.kill('SIGTERM');
    await once(bare.child, 'exit');
  }
}
