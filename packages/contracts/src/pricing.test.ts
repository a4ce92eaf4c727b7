import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICING_TABLE, estimatePrice, haversineMeters, priceEstimateQuerySchema } from './pricing';
import { VEHICLE_TYPES } from './vehicles';

const TUNIS = { lat: 36.8065, lng: 10.1815 };
const SFAX = { lat: 34.7406, lng: 10.7603 };

describe('haversineMeters', () => {
  it('measures Tunis to Sfax as the crow flies (about 236 km)', () => {
    const meters = haversineMeters(TUNIS, SFAX);
    expect(meters).toBeGreaterThan(233_000);
    expect(meters).toBeLessThan(240_000);
  });

  it('is zero for the same point and symmetric', () => {
    expect(haversineMeters(TUNIS, TUNIS)).toBe(0);
    expect(haversineMeters(TUNIS, SFAX)).toBe(haversineMeters(SFAX, TUNIS));
  });
});

describe('estimatePrice', () => {
  it('charges base fare plus road kilometres for a long van ride, rounded up to 500 millimes', () => {
    const estimate = estimatePrice({
      pickup: TUNIS,
      dropoff: SFAX,
      vehicleType: 'SMALL_VAN',
      loadAssistance: false,
    });
    const tariff = DEFAULT_PRICING_TABLE.vehicles.SMALL_VAN;
    expect(estimate.roadDistanceMeters).toBe(Math.round(estimate.distanceMeters * 1.3));
    expect(estimate.breakdown.distanceFare).toBe(
      Math.round((estimate.roadDistanceMeters * tariff.perKm) / 1000),
    );
    expect(estimate.breakdown.minimumFareTopUp).toBe(0);
    expect(estimate.amount % 500).toBe(0);
    expect(estimate.amount).toBe(
      tariff.baseFare + estimate.breakdown.distanceFare + estimate.breakdown.rounding,
    );
    // About 307 road km at 0.8 TND/km plus 12 TND.
    expect(estimate.amount).toBeGreaterThan(250_000);
    expect(estimate.amount).toBeLessThan(265_000);
  });

  it('never goes below the vehicle minimum fare on a short hop', () => {
    const nextDoor = { lat: TUNIS.lat + 0.001, lng: TUNIS.lng };
    const estimate = estimatePrice({
      pickup: TUNIS,
      dropoff: nextDoor,
      vehicleType: 'BOX_TRUCK',
      loadAssistance: false,
    });
    expect(estimate.amount).toBe(DEFAULT_PRICING_TABLE.vehicles.BOX_TRUCK.minimumFare);
    expect(estimate.breakdown.minimumFareTopUp).toBeGreaterThan(0);
  });

  it('adds the load assistance surcharge of the vehicle type', () => {
    const ride = { pickup: TUNIS, dropoff: SFAX, vehicleType: 'REFRIGERATED' as const };
    const without = estimatePrice({ ...ride, loadAssistance: false });
    const withHelp = estimatePrice({ ...ride, loadAssistance: true });
    expect(withHelp.breakdown.loadAssistance).toBe(
      DEFAULT_PRICING_TABLE.vehicles.REFRIGERATED.loadAssistance,
    );
    expect(withHelp.amount - without.amount).toBe(DEFAULT_PRICING_TABLE.vehicles.REFRIGERATED.loadAssistance);
  });

  it('follows a configured table', () => {
    const table = structuredClone(DEFAULT_PRICING_TABLE);
    table.roadFactorPermille = 1000;
    table.roundTo = 1;
    table.vehicles.PICKUP = { baseFare: 0, perKm: 1000, minimumFare: 0, loadAssistance: 0 };
    const estimate = estimatePrice(
      { pickup: TUNIS, dropoff: SFAX, vehicleType: 'PICKUP', loadAssistance: false },
      table,
    );
    expect(estimate.amount).toBe(estimate.distanceMeters);
  });

  it('gives integer, non-decreasing prices for any ride in Tunisia and any vehicle', () => {
    const point = fc.record({
      lat: fc.double({ min: 30.3, max: 37.5, noNaN: true }),
      lng: fc.double({ min: 7.6, max: 11.6, noNaN: true }),
    });
    fc.assert(
      fc.property(
        point,
        point,
        fc.constantFrom(...VEHICLE_TYPES),
        fc.boolean(),
        (pickup, dropoff, type, help) => {
          const estimate = estimatePrice({ pickup, dropoff, vehicleType: type, loadAssistance: help });
          const tariff = DEFAULT_PRICING_TABLE.vehicles[type];
          expect(Number.isSafeInteger(estimate.amount)).toBe(true);
          expect(estimate.amount).toBeGreaterThanOrEqual(tariff.minimumFare);
          expect(estimate.amount % DEFAULT_PRICING_TABLE.roundTo).toBe(0);
          const { baseFare, distanceFare, loadAssistance, minimumFareTopUp, rounding } = estimate.breakdown;
          expect(baseFare + distanceFare + loadAssistance + minimumFareTopUp + rounding).toBe(
            estimate.amount,
          );
          const farther = { lat: dropoff.lat, lng: dropoff.lng + (dropoff.lng > pickup.lng ? 0.05 : -0.05) };
          expect(
            estimatePrice({ pickup, dropoff: farther, vehicleType: type, loadAssistance: help }).amount,
          ).toBeGreaterThanOrEqual(estimate.amount);
        },
      ),
    );
  });
});

describe('estimate query', () => {
  const valid = {
    pickupLat: '36.8',
    pickupLng: '10.18',
    dropoffLat: '34.74',
    dropoffLng: '10.76',
    vehicleType: 'PICKUP',
  };

  it('reads numbers and the load assistance flag from the query string', () => {
    const query = priceEstimateQuerySchema.parse({ ...valid, loadAssistance: 'true' });
    expect(query).toMatchObject({ pickupLat: 36.8, loadAssistance: true });
    expect(priceEstimateQuerySchema.parse(valid).loadAssistance).toBe(false);
  });

  it('refuses points outside Tunisia and text where numbers belong', () => {
    expect(
      priceEstimateQuerySchema.safeParse({ ...valid, dropoffLat: '48.85', dropoffLng: '2.35' }).success,
    ).toBe(false);
    expect(priceEstimateQuerySchema.safeParse({ ...valid, pickupLat: 'north' }).success).toBe(false);
  });
});
