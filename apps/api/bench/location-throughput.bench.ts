import autocannon from 'autocannon';
import {
  type BenchKit,
  type ClientSocket,
  connectClient,
  cpuMeter,
  formatMs,
  percentiles,
  placeDrivers,
  randomPointNear,
  sleep,
  upsertBenchDrivers,
} from './bench-kit';

const SFAX = { lat: 34.7406, lng: 10.7603 };
const VEHICLE = 'FLATBED' as const;

/** POST /api/drivers/me/location under autocannon, each connection a different driver. */
export async function benchLocationHttp(
  kit: BenchKit,
  options: { drivers: number; connections: number; seconds: number },
) {
  const ids = await upsertBenchDrivers(kit, {
    count: options.drivers,
    // Above the dispatch bench's crowd (0 to 199,999 with BENCH_DISPATCH_DRIVERS=200000).
    firstNumber: 5_000_000,
    vehicleType: VEHICLE,
  });
  const tokens = await Promise.all(ids.map((id) => kit.tokenFor('driver', id)));
  let next = 0;
  const cpu = cpuMeter(kit.apiPid);
  const result = await autocannon({
    url: `${kit.apiUrl}/api/drivers/me/location`,
    method: 'POST',
    connections: options.connections,
    duration: options.seconds,
    headers: { 'content-type': 'application/json' },
    setupClient: (client) => {
      const token = tokens[next++ % tokens.length];
      client.setHeaders({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
      client.setBody(JSON.stringify(randomPointNear(SFAX, 10)));
    },
  });
  return {
    name: `POST /api/drivers/me/location, ${options.connections} connections, ${options.drivers} drivers, ${options.seconds} s`,
    requestsPerSecond: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
    line: `${result.requests.average.toFixed(0)} req/s, latency p50=${result.latency.p50} ms p97.5=${result.latency.p97_5} ms p99=${result.latency.p99} ms, non-2xx=${result.non2xx}, errors=${result.errors}, api CPU/request=${cpu.perRequest(result.requests.total)}`,
  };
}

/**
 * `driver:location` over sockets: `sockets` drivers each send `perSecond` positions per second (acknowledged)
 * for `seconds`; reports the acknowledged rate and the ack latency.
 */
export async function benchLocationSockets(
  kit: BenchKit,
  options: { sockets: number; perSecond: number; seconds: number },
) {
  const ids = await upsertBenchDrivers(kit, {
    count: options.sockets,
    firstNumber: 6_000_000,
    vehicleType: VEHICLE,
  });
  await placeDrivers(
    kit,
    VEHICLE,
    ids.map((driverId) => ({ driverId, ...randomPointNear(SFAX, 10) })),
  );
  const sockets: ClientSocket[] = [];
  for (const id of ids) sockets.push(await connectClient(kit.apiUrl, await kit.tokenFor('driver', id)));
  const latencies: number[] = [];
  // By the second of the run each report was sent in: says whether a tail is the start or all along.
  const bySecond: number[][] = [];
  let acked = 0;
  let refused = 0;
  const refusals = new Map<string, number>();
  const cpu = cpuMeter(kit.apiPid);
  // The clients share the machine with the api: their own CPU shows how much of it the bench took.
  const clientCpuStart = process.cpuUsage();
  const endAt = performance.now() + options.seconds * 1000;
  const intervalMs = 1000 / options.perSecond;
  const started = performance.now();
  await Promise.all(
    sockets.map(async (socket, i) => {
      await sleep((i / sockets.length) * intervalMs);
      while (performance.now() < endAt) {
        const sentAt = performance.now();
        socket
          .timeout(10_000)
          .emitWithAck('driver:location', randomPointNear(SFAX, 10))
          .then(
            (result) => {
              if (result.ok) {
                acked += 1;
                const latency = performance.now() - sentAt;
                latencies.push(latency);
                const second = Math.floor((sentAt - started) / 1000);
                const bucket = bySecond[second] ?? [];
                bySecond[second] = bucket;
                bucket.push(latency);
              } else {
                refused += 1;
                refusals.set(result.error ?? '?', (refusals.get(result.error ?? '?') ?? 0) + 1);
              }
            },
            () => {
              refused += 1;
              refusals.set('timeout', (refusals.get('timeout') ?? 0) + 1);
            },
          );
        await sleep(intervalMs);
      }
    }),
  );
  await sleep(1_000);
  const elapsed = (performance.now() - started) / 1000;
  const clientCpu = process.cpuUsage(clientCpuStart);
  const apiCpu = cpu.perRequest(acked + refused);
  for (const socket of sockets) socket.close();
  const stats = percentiles(latencies);
  const steady = percentiles(bySecond.slice(2).flat());
  const p99BySecond = bySecond.map((samples) => percentiles(samples).p99.toFixed(0)).join(' ');
  return {
    name: `driver:location over ${options.sockets} sockets at ${options.perSecond}/s each for ${options.seconds} s (offered ${options.sockets * options.perSecond}/s)`,
    acceptedPerSecond: acked / elapsed,
    refused: Object.fromEntries(refusals),
    stats,
    line: `${(acked / elapsed).toFixed(0)} acknowledged/s, refused=${refused} ${JSON.stringify(Object.fromEntries(refusals))}, ack ${formatMs(stats)}, from the third second on ${formatMs(steady)}, p99 by second [${p99BySecond}] ms, api CPU/update=${apiCpu}, bench client CPU=${Math.round((clientCpu.user + clientCpu.system) / 1e4 / elapsed)}% of a core`,
  };
}
