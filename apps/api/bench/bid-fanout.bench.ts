import { rideNotifications, rides } from '@truck4u/database';
import { inArray } from 'drizzle-orm';
import {
  type BenchKit,
  connectClient,
  formatMs,
  http,
  insertBenchRide,
  percentiles,
  sleep,
  upsertBenchCustomer,
  upsertBenchDrivers,
} from './bench-kit';

const SOUSSE = { lat: 35.8256, lng: 10.6411 };
const VEHICLE = 'BOX_TRUCK' as const;

/** Driver bids on api #1 -> the customer's `bid:new` on api #2 (BENCH_API2_URL). */
export async function benchBidFanout(kit: BenchKit, options: { bids: number }) {
  const name = 'driver bid (api #1) -> customer bid:new (api #2)';
  if (!kit.api2Url) return { name, line: 'skipped: set BENCH_API2_URL to a second api instance' };
  const [driverId] = await upsertBenchDrivers(kit, { count: 1, firstNumber: 300_000, vehicleType: VEHICLE });
  if (!driverId) throw new Error('no driver');
  const customerId = await upsertBenchCustomer(kit, '+21629999998');
  const driverToken = await kit.tokenFor('driver', driverId);
  const customer = await connectClient(kit.api2Url, await kit.tokenFor('customer', customerId));
  const samples: number[] = [];
  const answers: number[] = [];
  const created: string[] = [];
  try {
    for (let i = 0; i < options.bids; i++) {
      const rideId = await insertBenchRide(kit, { customerId, pickup: SOUSSE, vehicleType: VEHICLE });
      created.push(rideId);
      // The driver must have been offered the ride to bid on it.
      await kit.database.db
        .insert(rideNotifications)
        .values({ rideId, driverId, step: 0, distanceMeters: 500 });
      const arrived = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no bid:new within 10 s')), 10_000);
        const onBid = (payload: { bid: { rideId: string } }) => {
          if (payload.bid.rideId !== rideId) return;
          clearTimeout(timer);
          customer.off('bid:new', onBid);
          resolve();
        };
        customer.on('bid:new', onBid);
      });
      const started = performance.now();
      const response = await http('POST', `${kit.apiUrl}/api/rides/${rideId}/bids`, {
        token: driverToken,
        body: { price: 35_000, etaMinutes: 15 },
      });
      answers.push(performance.now() - started);
      if (response.status === 404 && i === 0) {
        return {
          name,
          line: `skipped: POST /api/rides/:id/bids answered 404 ${JSON.stringify(response.body)}`,
        };
      }
      if (response.status !== 201 && response.status !== 200) {
        throw new Error(`bid answered ${response.status}: ${JSON.stringify(response.body)}`);
      }
      await arrived;
      samples.push(performance.now() - started);
      await sleep(10);
    }
  } finally {
    customer.close();
    if (created.length > 0) {
      await kit.database.db.update(rides).set({ status: 'CANCELLED' }).where(inArray(rides.id, created));
    }
  }
  // The bid's own HTTP answer beside it: what the fan-out adds is the difference.
  return {
    name,
    line: `${formatMs(percentiles(samples))}; the POST's answer alone: ${formatMs(percentiles(answers))}`,
  };
}
