import { z } from 'zod';
import { governorateSchema } from './governorates';
import { priceBandSchema } from './price-band';
import { queryNumber } from './query';
import { latSchema, lngSchema, MAX_RIDE_STOPS, TUNISIA_BOUNDS } from './rides';
import { VEHICLE_TYPES, type VehicleType, vehicleTypeSchema } from './vehicles';

/**
 * Price estimates, shown before a ride is posted and stored on it. Bids are free prices; the estimate only
 * anchors them, so it favours being explainable over being clever. Every amount is integer millimes.
 */

const millimes = z.number().int().min(0);

export const vehicleTariffSchema = z.object({
  baseFare: millimes.describe('Charged on every ride'),
  perKm: millimes.describe('Per kilometre of estimated road distance'),
  minimumFare: millimes.describe('No estimate is lower than this'),
  loadAssistance: millimes.describe('Surcharge when the driver helps load and unload'),
});
export type VehicleTariff = z.infer<typeof vehicleTariffSchema>;

export const pricingTableSchema = z.object({
  /** Road distance is straight-line distance times this, in thousandths (1300 = ×1.3). */
  roadFactorPermille: z.number().int().min(1000).max(3000),
  /** Estimates are rounded up to a multiple of this many millimes, so they read like prices. */
  roundTo: z.number().int().min(1).max(10_000),
  vehicles: z.object(
    Object.fromEntries(VEHICLE_TYPES.map((type) => [type, vehicleTariffSchema])) as Record<
      VehicleType,
      typeof vehicleTariffSchema
    >,
  ),
});
export type PricingTable = z.infer<typeof pricingTableSchema>;

/** Tunisian market rates for 2026 as the founders set them; `PRICING_TABLE` in the api's config overrides. */
export const DEFAULT_PRICING_TABLE: PricingTable = {
  roadFactorPermille: 1300,
  roundTo: 500,
  vehicles: {
    PICKUP: { baseFare: 8_000, perKm: 600, minimumFare: 12_000, loadAssistance: 5_000 },
    SMALL_VAN: { baseFare: 12_000, perKm: 800, minimumFare: 18_000, loadAssistance: 8_000 },
    LARGE_VAN: { baseFare: 18_000, perKm: 1_100, minimumFare: 25_000, loadAssistance: 10_000 },
    BOX_TRUCK: { baseFare: 30_000, perKm: 1_600, minimumFare: 45_000, loadAssistance: 15_000 },
    FLATBED: { baseFare: 35_000, perKm: 1_800, minimumFare: 50_000, loadAssistance: 15_000 },
    REFRIGERATED: { baseFare: 40_000, perKm: 2_000, minimumFare: 60_000, loadAssistance: 15_000 },
  },
};

export function isInsideTunisia(point: LatLng): boolean {
  return (
    point.lat >= TUNISIA_BOUNDS.minLat &&
    point.lat <= TUNISIA_BOUNDS.maxLat &&
    point.lng >= TUNISIA_BOUNDS.minLng &&
    point.lng <= TUNISIA_BOUNDS.maxLng
  );
}

export interface LatLng {
  lat: number;
  lng: number;
}

const EARTH_RADIUS_METERS = 6_371_008.8;

/** Great-circle distance in whole metres (haversine; under 0.5% off on the ellipsoid at Tunisia's latitudes). */
export function haversineMeters(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h))));
}

/** Straight-line length of a path through `points`, leg by leg, in whole metres. */
export function pathMeters(points: readonly LatLng[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i += 1) {
    const from = points[i - 1];
    const to = points[i];
    if (from && to) total += haversineMeters(from, to);
  }
  return total;
}

export interface PriceEstimateInput {
  pickup: LatLng;
  dropoff: LatLng;
  /** Stops between pickup and dropoff, in order: the whole route is priced. */
  stops?: readonly LatLng[] | undefined;
  vehicleType: VehicleType;
  loadAssistance: boolean;
}

export interface PriceEstimate {
  /** Millimes, after the minimum fare and rounding. */
  amount: number;
  /** Straight-line distance pickup -> stops -> dropoff (pickup to dropoff when there are no stops). */
  distanceMeters: number;
  /** What the tariff charges for: straight-line distance times the road factor. */
  roadDistanceMeters: number;
  breakdown: {
    baseFare: number;
    distanceFare: number;
    loadAssistance: number;
    /** Added to reach the vehicle's minimum fare (0 when the ride is long enough). */
    minimumFareTopUp: number;
    /** Added by rounding up to `roundTo`. */
    rounding: number;
  };
}

/** Integer division rounding half up, for non-negative integers. */
function divideRoundingHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

export function estimatePrice(
  input: PriceEstimateInput,
  table: PricingTable = DEFAULT_PRICING_TABLE,
): PriceEstimate {
  const tariff = table.vehicles[input.vehicleType];
  const distanceMeters = pathMeters([input.pickup, ...(input.stops ?? []), input.dropoff]);
  const roadDistanceMeters = divideRoundingHalfUp(distanceMeters * table.roadFactorPermille, 1000);
  const distanceFare = divideRoundingHalfUp(roadDistanceMeters * tariff.perKm, 1000);
  const loadAssistance = input.loadAssistance ? tariff.loadAssistance : 0;
  const subtotal = tariff.baseFare + distanceFare + loadAssistance;
  const minimumFareTopUp = Math.max(0, tariff.minimumFare - subtotal);
  const beforeRounding = subtotal + minimumFareTopUp;
  const amount = Math.ceil(beforeRounding / table.roundTo) * table.roundTo;
  return {
    amount,
    distanceMeters,
    roadDistanceMeters,
    breakdown: {
      baseFare: tariff.baseFare,
      distanceFare,
      loadAssistance,
      minimumFareTopUp,
      rounding: amount - beforeRounding,
    },
  };
}

/** Query of GET /api/pricing/estimate. Coordinates must lie inside Tunisia, like a posted ride's. */
const STOP_PARAM = /^-?\d{1,3}(\.\d+)?,-?\d{1,3}(\.\d+)?$/;

/** One `stop=<lat>,<lng>` query parameter of the estimate. */
const stopParamSchema = z
  .string()
  .regex(STOP_PARAM, 'a stop is <lat>,<lng> in decimal degrees, e.g. 36.8065,10.1815')
  .transform((value): LatLng => {
    const [lat, lng] = value.split(',').map(Number);
    return { lat: lat ?? Number.NaN, lng: lng ?? Number.NaN };
  })
  .refine(isInsideTunisia, 'Truck4u serves Tunisia only: this stop is outside the country');

export const priceEstimateQuerySchema = z
  .object({
    pickupLat: queryNumber(latSchema),
    pickupLng: queryNumber(lngSchema),
    dropoffLat: queryNumber(latSchema),
    dropoffLng: queryNumber(lngSchema),
    vehicleType: vehicleTypeSchema,
    loadAssistance: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    stop: z
      .union([stopParamSchema, z.array(stopParamSchema).max(MAX_RIDE_STOPS)])
      .optional()
      .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
      .describe(
        'A stop between pickup and dropoff as <lat>,<lng>; repeat it for each stop, in order (at most 5)',
      ),
  })
  .superRefine((query, ctx) => {
    for (const end of ['pickup', 'dropoff'] as const) {
      if (!isInsideTunisia({ lat: query[`${end}Lat`], lng: query[`${end}Lng`] })) {
        ctx.addIssue({
          code: 'custom',
          path: [`${end}Lat`],
          message: 'Truck4u serves Tunisia only: this point is outside the country',
        });
      }
    }
  });
export type PriceEstimateQuery = z.infer<typeof priceEstimateQuerySchema>;

export const priceEstimateSchema = z.object({
  amount: z.number().int().describe('Millimes'),
  currency: z.literal('TND'),
  distanceMeters: z.number().int().describe('Straight line, pickup -> stops -> dropoff'),
  roadDistanceMeters: z.number().int().describe('Distance the tariff charges for'),
  governorate: governorateSchema.describe('Pickup governorate (decides the commission rate)'),
  breakdown: z.object({
    baseFare: z.number().int(),
    distanceFare: z.number().int(),
    loadAssistance: z.number().int(),
    minimumFareTopUp: z.number().int(),
    rounding: z.number().int(),
  }),
  band: priceBandSchema.describe(
    'Fair price band: p20–p80 of accepted prices of similar rides, or a tariff band around the estimate (docs/PRICING.md)',
  ),
});
export type PriceEstimateResponse = z.infer<typeof priceEstimateSchema>;
