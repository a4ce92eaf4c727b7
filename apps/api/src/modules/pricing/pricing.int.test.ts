import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => env?.close());

const TUNIS_TO_SFAX = 'pickupLat=36.8065&pickupLng=10.1815&dropoffLat=34.7406&dropoffLng=10.7603';

describe('GET /api/pricing/estimate', () => {
  it('quotes a ride without an account: millimes, distances, breakdown and the pickup governorate', async () => {
    const response = await call(
      env.app,
      'GET',
      `/api/pricing/estimate?${TUNIS_TO_SFAX}&vehicleType=SMALL_VAN`,
    );
    expect(response.status).toBe(200);
    const { amount, breakdown, distanceMeters, roadDistanceMeters, governorate, currency } = response.body;
    expect(currency).toBe('TND');
    expect(governorate).toEqual({ code: 'TN-11', name: 'Tunis' });
    expect(distanceMeters).toBeGreaterThan(233_000);
    expect(roadDistanceMeters).toBeGreaterThan(distanceMeters);
    expect(Number.isInteger(amount)).toBe(true);
    expect(
      breakdown.baseFare +
        breakdown.distanceFare +
        breakdown.loadAssistance +
        breakdown.minimumFareTopUp +
        breakdown.rounding,
    ).toBe(amount);
  });

  it('charges more with load assistance and follows a configured tariff', async () => {
    const plain = await call(env.app, 'GET', `/api/pricing/estimate?${TUNIS_TO_SFAX}&vehicleType=PICKUP`);
    const helped = await call(
      env.app,
      'GET',
      `/api/pricing/estimate?${TUNIS_TO_SFAX}&vehicleType=PICKUP&loadAssistance=true`,
    );
    expect(helped.body.amount).toBeGreaterThan(plain.body.amount);

    const flat = {
      baseFare: 1_000,
      perKm: 0,
      minimumFare: 0,
      loadAssistance: 0,
    };
    const table = {
      roadFactorPermille: 1000,
      roundTo: 1,
      vehicles: Object.fromEntries(
        ['PICKUP', 'SMALL_VAN', 'LARGE_VAN', 'BOX_TRUCK', 'FLATBED', 'REFRIGERATED'].map((t) => [t, flat]),
      ),
    };
    const custom = await env.startInstance({ PRICING_TABLE: JSON.stringify(table) });
    const quoted = await call(
      custom.app,
      'GET',
      `/api/pricing/estimate?${TUNIS_TO_SFAX}&vehicleType=FLATBED`,
    );
    expect(quoted.body.amount).toBe(1_000);
  });

  it('refuses a point outside Tunisia, a missing vehicle type and text coordinates, listing each problem', async () => {
    const response = await call(
      env.app,
      'GET',
      '/api/pricing/estimate?pickupLat=48.85&pickupLng=2.35&dropoffLat=north&dropoffLng=10.76',
    );
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    const fields = JSON.stringify(response.body.error.details);
    expect(fields).toContain('dropoffLat');
    expect(fields).toContain('vehicleType');

    const paris = await call(
      env.app,
      'GET',
      '/api/pricing/estimate?pickupLat=48.85&pickupLng=2.35&dropoffLat=34.74&dropoffLng=10.76&vehicleType=PICKUP',
    );
    expect(paris.status).toBe(400);
    expect(JSON.stringify(paris.body.error.details)).toContain('outside the country');
  });
});
