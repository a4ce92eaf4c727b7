import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { type BenchKit, http, insertBenchRide, upsertBenchCustomer } from './bench-kit';

const BARE_SERVER = `
import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/bare', async () => ({ ok: true }));
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
  return { url: `http://127.0.0.1:${port}/bare`, child };
}

async function measure(url: string, headers: Record<string, string>, connections: number, seconds: number) {
  const result = await autocannon({ url, headers, connections, duration: seconds });
  return {
    rps: result.requests.average,
    line: `${result.requests.average.toFixed(0)} req/s, p50=${result.latency.p50} ms p97.5=${result.latency.p97_5} ms p99=${result.latency.p99} ms, non-2xx=${result.non2xx}`,
  };
}

/** Authenticated GET /api/rides/:id next to a bare Fastify route (its own process), in the same run. */
export async function benchRideRead(kit: BenchKit, options: { connections: number; seconds: number }) {
  const name = `GET /api/rides/:id (authenticated) vs bare Fastify, ${options.connections} connections, ${options.seconds} s each`;
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
    const api = await measure(
      `${kit.apiUrl}/api/rides/${rideId}`,
      { authorization: `Bearer ${token}` },
      options.connections,
      options.seconds,
    );
    const baseline = await measure(bare.url, {}, options.connections, options.seconds);
    return {
      name,
      line: `api: ${api.line}\n  bare Fastify: ${baseline.line}\n  ratio api/bare: ${(api.rps / baseline.rps).toFixed(2)}`,
    };
  } finally {
    bare.child.kill('SIGTERM');
    await once(bare.child, 'exit');
  }
}
