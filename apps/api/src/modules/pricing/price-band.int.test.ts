import { tariffPriceBand } from '@truck4u/contracts';
import { rides } from '@truck4u/database';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
let customer: TestAccount;
beforeAll(async () => {
  env = await createTestEnvironment({ PRICE_BAND_MIN_SAMPLES: '5' });
  customer = await registerCustomer(env);
});
afterAll(async () => env?.close());

const TUNIS = { lat: 36.8065, lng: 10.1815 };
const SFAX = { lat: 34.7406, lng: 10.7603 };
const ESTIMATE = `/api/pricing/estimate?pickupLat=${TUNIS.lat}&pickupLng=${TUNIS.lng}&dropoffLat=${SFAX.lat}&dropoffLng=${SFAX.lng}&vehicleType=SMALL_VAN`;

/** An accepted ride of the history, written straight to the table (Tunis → Sfax, ~236 km, unless told). */
async function seedAcceptedRide(
  price: number | null,
  overrides: Partial<typeof rides.$inferInsert> & { daysAgo?: number } = {},
) {
  const { daysAgo = 1, ...columns } = overrides;
  await env.database.db.insert(rides).values({
    customerId: customer.user.id,
    status: 'COMPLETED',
    pickupLat: TUNIS.lat,
    pickupLng: TUNIS.lng,
    pickupAddress: 'Tunis',
    dropoffLat: SFAX.lat,
    dropoffLng: SFAX.lng,
    dropoffAddress: 'Sfax',
    vehicleType: 'SMALL_VAN',
    cargoDescription: 'Cartons',
    cargoWeightKg: 300,
    governorateCode: 'TN-11',
    dropoffGovernorateCode: 'TN-61',
    distanceMeters: 236_000,
    priceEstimate: 230_000,
    price,
    acceptedAt: sql`now() - ${daysAgo} * interval '1 day'`,
    ...columns,
  });
}

describe('the fair price band', () => {
  it('is a tariff band around the estimate while similar history is thinner than the minimum', async () => {
    // Rides that are not similar never count: other vehicle, other dropoff governorate, other distance
    // bucket, older than 90 days, cancelled, or never accepted.
    await seedAcceptedRide(999_000, { vehicleType: 'BOX_TRUCK' });
    await seedAcceptedRide(999_000, { dropoffGovernorateCode: 'TN-51' });
    await seedAcceptedRide(999_000, { governorateCode: 'TN-12' });
    await seedAcceptedRide(999_000, { distanceMeters: 60_000 });
    await seedAcceptedRide(999_000, { daysAgo: 91 });
    await seedAcceptedRide(999_000, { status: 'CANCELLED' });
    await seedAcceptedRide(null, { status: 'PENDING_BIDS', acceptedAt: null });
    for (const price of [100_000, 200_000, 300_000, 400_000]) await seedAcceptedRide(price);

    const response = await call(env.app, 'GET', ESTIMATE);
    expect(response.status).toBe(200);
    expect(response.body.band).toEqual(tariffPriceBand(response.body.amount, 500));
    expect(response.body.band).toMatchObject({ basis: 'tariff', sampleSize: 0 });
    expect(response.body.band.low).toBeLessThan(response.body.amount);
    expect(response.body.band.high).toBeGreaterThan(response.body.amount);
  });

  it('is p20–p80 of similar accepted prices over 90 days once there are enough, and posted rides keep it', async () => {
    await seedAcceptedRide(500_000, { status: 'IN_TRANSIT', daysAgo: 89 });

    const response = await call(env.app, 'GET', ESTIMATE);
    // Five similar prices 100…500 TND: the 20th percentile is 100 TND, the 80th 400 TND (percentile_disc).
    expect(response.body.band).toEqual({ low: 100_000, high: 400_000, basis: 'history', sampleSize: 5 });

    const posted = await call(env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: {
        pickup: { ...TUNIS, address: 'Avenue Habib Bourguiba, Tunis' },
        dropoff: { ...SFAX, address: 'Port de Sfax' },
        vehicleType: 'SMALL_VAN',
        cargo: { description: 'Cartons', weightKg: 200 },
      },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(posted.body.priceBand).toEqual(response.body.band);

    // A different vehicle type on the same trip has no history: tariff.
    const truck = await call(env.app, 'GET', ESTIMATE.replace('SMALL_VAN', 'BOX_TRUCK'));
    expect(truck.body.band.basis).toBe('tariff');
  });
});
