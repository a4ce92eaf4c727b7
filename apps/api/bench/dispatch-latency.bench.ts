import { rides } from '@truck4u/database';
import { inArray } from 'drizzle-orm';
import { createCommandRedis } from '../src/infra/redis';
import { DispatchQueue } from '../src/modules/dispatch/dispatch.queue';
import { DriverGeoIndex } from '../src/modules/drivers/driver-geo-index';
import { ridePostLimitKey } from '../src/modules/rides/ride-posting.service';
import {
  type BenchKit,
  connectClient,
  formatMs,
  http,
  insertBenchRide,
  percentiles,
  placeDrivers,
  randomPointNear,
  sleep,
  upsertBenchCustomer,
  upsertBenchDrivers,
} from './bench-kit';

const TUNIS = { lat: 36.8008, lng: 10.18 };
const VEHICLE = 'LARGE_VAN' as const;

/**
 * Post a ride -> the nearest driver's `ride:request`, with `drivers` other online drivers of the same type
 * spread within 40 km of the pickup. Needs the api and the worker running.
 */
export async function benchDispatchLatency(kit: BenchKit, options: { drivers: number; rides: number }) {
  const crowd = await upsertBenchDrivers(kit, {
    count: options.drivers,
    firstNumber: 0,
    vehicleType: VEHICLE,
  });
  await placeDrivers(
    kit,
    VEHICLE,
    crowd.map((driverId) => ({ driverId, ...randomPointNear(TUNIS, 40) })),
  );
  const [nearest] = await upsertBenchDrivers(kit, { count: 1, firstNumber: 9_000_000, vehicleType: VEHICLE });
  if (!nearest) throw new Error('no nearest driver');
  await placeDrivers(kit, VEHICLE, [{ driverId: nearest, lat: TUNIS.lat + 0.0005, lng: TUNIS.lng }]);
  const socket = await connectClient(kit.apiUrl, await kit.tokenFor('driver', nearest));
  const customerId = await upsertBenchCustomer(kit);
  const customerToken = await kit.tokenFor('customer', customerId);
  const queueRedis = createCommandRedis(kit.config.redis.url, { commandTimeout: 5_000 });
  const queue = new DispatchQueue(queueRedis, kit.config.redis.keyPrefix, kit.config.dispatch);

  const samples: number[] = [];
  const created: string[] = [];
  let via = 'POST /api/rides';
  try {
    for (let i = 0; i < options.rides; i++) {
      // One customer posts every ride, far beyond RIDE_POST_LIMIT_PER_HOUR; this measures dispatch, not the
      // limiter, so its counter is cleared first (outside the timed part).
      await kit.redis.del(kit.config.redis.keyPrefix + ridePostLimitKey(customerId));
      const started = performance.now();
      let rideId: string | undefined;
      const arrived = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no ride:request within 10 s')), 10_000);
        const onRequest = (payload: { ride: { id: string } }) => {
          if (rideId !== undefined && payload.ride.id !== rideId) return;
          clearTimeout(timer);
          socket.off('ride:request', onRequest);
          resolve(payload.ride.id);
        };
        socket.on('ride:request', onRequest);
      });
      if (via === 'POST /api/rides') {
        const response = await http<{ id: string }>('POST', `${kit.apiUrl}/api/rides`, {
          token: customerToken,
          body: {
            pickup: { ...TUNIS, address: 'Avenue Habib Bourguiba, Tunis' },
            dropoff: { lat: 36.85, lng: 10.2, address: 'La Marsa' },
            vehicleType: VEHICLE,
            cargo: { description: 'Bench cargo', weightKg: 100 },
            loadAssistance: false,
          },
        });
        if (response.status === 404) {
          via = 'ride row + DispatchQueue.startDispatch (POST /api/rides not available)';
        } else if (response.status !== 201) {
          throw new Error(`POST /api/rides answered ${response.status}: ${JSON.stringify(response.body)}`);
        } else {
          rideId = response.body.id;
        }
      }
      if (rideId === undefined) {
        rideId = await insertBenchRide(kit, { customerId, pickup: TUNIS, vehicleType: VEHICLE });
        await queue.startDispatch(rideId, 0);
      }
      created.push(rideId);
      const got = await arrived;
      if (got === rideId) samples.push(performance.now() - started);
      await sleep(20);
    }
  } finally {
    socket.close();
    // Stop the searches: their next job sees the status and ends.
    if (created.length > 0) {
      await kit.database.db.update(rides).set({ status: 'CANCELLED' }).where(inArray(rides.id, created));
    }
    await queue.close();
    queueRedis.disconnect();
  }
  const stats = percentiles(samples);
  return {
    name: `post ride -> nearest driver's ride:request, ${options.drivers} drivers online`,
    via,
    firstStepDelayMs: kit.config.dispatch.firstStepDelayMs,
    stats,
    line: formatMs(stats),
    search: await timeSearches(kit),
  };
}

/**
 * The GEO search alone, as the worker runs it at each radius step (DriverGeoIndex.searchFresh, widening
 * circles), next to one GEOSEARCH over the whole radius: it shows whether the search is the cost.
 */
async function timeSearches(kit: BenchKit, runs = 50): Promise<string> {
  const geo = new DriverGeoIndex(kit.redis, kit.config.redis.keyPrefix, kit.config.presence.ttlMs);
  const { radiiKm, maxDriversPerStep } = kit.config.dispatch;
  const lines: string[] = [];
  for (const [step, radiusKm] of radiiKm.entries()) {
    // The worker's candidate count for the step (dispatch.service.ts).
    const count = Math.min(maxDriversPerStep * (step + 1) * 2 + 50, 2_000);
    const widening: number[] = [];
    const single: number[] = [];
    for (let i = 0; i < runs; i++) {
      let started = performance.now();
      await geo.searchFresh(VEHICLE, TUNIS, radiusKm, count);
      widening.push(performance.now() - started);
      started = performance.now();
      await kit.redis.geosearch(
        geo.geoKey(VEHICLE),
        'FROMLONLAT',
        TUNIS.lng,
        TUNIS.lat,
        'BYRADIUS',
        radiusKm,
        'km',
        'ASC',
        'COUNT',
        count,
        'WITHDIST',
      );
      single.push(performance.now() - started);
    }
    const w = percentiles(widening);
    const o = percentiles(single);
    lines.push(
      `${radiusKm} km, ${count} candidates: searchFresh p50=${w.p50.toFixed(1)} p95=${w.p95.toFixed(1)} ms; one GEOSEARCH p50=${o.p50.toFixed(1)} p95=${o.p95.toFixed(1)} ms`,
    );
  }
  return lines.join('\n  ');
}
