import os from 'node:os';
import { openBenchKit } from './bench-kit';
import { benchBidFanout } from './bid-fanout.bench';
import { benchClusterScale } from './cluster-scale.bench';
import { benchDispatchLatency } from './dispatch-latency.bench';
import { benchLocationHttp, benchLocationSockets } from './location-throughput.bench';
import { benchRideRead } from './ride-read.bench';

/**
 * `npm run bench -- [dispatch] [bid] [read] [location] [location-sockets] [cluster]` against a running system (api, worker, and for `bid`
 * a second api at BENCH_API2_URL), with the same environment variables as that system. Prints percentiles.
 */
async function main() {
  const wanted = new Set(process.argv.slice(2).filter((a) => !a.startsWith('-')));
  const all = wanted.size === 0;
  const kit = await openBenchKit();
  console.log(
    `# Truck4u benchmarks ${new Date().toISOString()}\nmachine: ${os.cpus().length}x ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\napi: ${kit.apiUrl}${kit.api2Url ? `, second api: ${kit.api2Url}` : ''}\n`,
  );
  try {
    if (all || wanted.has('dispatch')) {
      const driverCounts = (process.env.BENCH_DISPATCH_DRIVERS ?? '1000,10000').split(',').map(Number);
      for (const drivers of driverCounts) {
        const result = await benchDispatchLatency(kit, { drivers, rides: 100 });
        console.log(
          `${result.name}\n  via ${result.via}, first-step delay ${result.firstStepDelayMs} ms\n  ${result.line}\n  GEO search alone:\n  ${result.search}\n`,
        );
      }
    }
    if (all || wanted.has('bid')) {
      const result = await benchBidFanout(kit, { bids: 100 });
      console.log(`${result.name}\n  ${result.line}\n`);
    }
    if (all || wanted.has('read')) {
      const result = await benchRideRead(kit, { connections: 20, seconds: 10 });
      console.log(`${result.name}\n  ${result.line}\n`);
    }
    // Only on request: it needs `npm run cluster` running (docs/DEPLOYMENT.md).
    if (wanted.has('cluster')) {
      const result = await benchClusterScale(kit, { connections: 20, seconds: 8 });
      console.log(`${result.name}\n  ${result.line}\n`);
    }
    // `location-sockets`: the socket half of `location` alone.
    if (all || wanted.has('location') || wanted.has('location-sockets')) {
      if (!wanted.has('location-sockets')) {
        const viaHttp = await benchLocationHttp(kit, { drivers: 100, connections: 50, seconds: 10 });
        console.log(`${viaHttp.name}\n  ${viaHttp.line}\n`);
      }
      const socketCounts = (process.env.BENCH_LOCATION_SOCKETS ?? '200,500,1000').split(',').map(Number);
      for (const sockets of socketCounts) {
        const viaSockets = await benchLocationSockets(kit, { sockets, perSecond: 4, seconds: 10 });
        console.log(`${viaSockets.name}\n  ${viaSockets.line}\n`);
      }
    }
  } finally {
    await kit.close();
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
