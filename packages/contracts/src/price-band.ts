import { z } from 'zod';

/**
 * The fair price band (docs/PRICING.md): the range most similar rides were agreed at, so a customer can judge a
 * bid and a driver can judge their own before bidding. Pure rules shared by the api and the clients; the
 * history query lives in the api. Every amount is integer millimes.
 */

export const PRICE_BAND_BASES = ['history', 'tariff'] as const;
export type PriceBandBasis = (typeof PRICE_BAND_BASES)[number];

export const priceBandSchema = z.object({
  low: z.number().int().describe('Millimes'),
  high: z.number().int().describe('Millimes'),
  basis: z
    .enum(PRICE_BAND_BASES)
    .describe(
      'history: p20–p80 of accepted prices of similar rides; tariff: around the estimate (thin history)',
    ),
  sampleSize: z.number().int().describe('Similar rides the band was computed from (0 on basis tariff)'),
});
export type PriceBand = z.infer<typeof priceBandSchema>;

/** Upper bounds (exclusive) of the distance buckets similar rides are grouped by, in straight-line metres. */
export const PRICE_BAND_DISTANCE_BUCKETS_METERS = [5_000, 15_000, 40_000, 100_000, 250_000] as const;

/** Index of the distance bucket: how many bucket bounds the distance reaches (as SQL's width_bucket on an array). */
export function distanceBucket(distanceMeters: number): number {
  return PRICE_BAND_DISTANCE_BUCKETS_METERS.filter((bound) => distanceMeters >= bound).length;
}

/** How far back accepted prices count, and which percentiles make a history band. */
export const PRICE_BAND_LOOKBACK_DAYS = 90;
export const PRICE_BAND_PERCENTILES = { low: 0.2, high: 0.8 } as const;

/** The tariff band, in percent of the estimate: used while history is thinner than the configured minimum. */
export const TARIFF_BAND_PERCENT = { low: 80, high: 125 } as const;

/** A band around the estimate, rounded outwards to `roundTo` so it reads like prices. */
export function tariffPriceBand(estimateAmount: number, roundTo: number): PriceBand {
  const low = Math.floor((estimateAmount * TARIFF_BAND_PERCENT.low) / 100 / roundTo) * roundTo;
  const high = Math.ceil((estimateAmount * TARIFF_BAND_PERCENT.high) / 100 / roundTo) * roundTo;
  return { low: Math.max(roundTo, low), high: Math.max(roundTo, high), basis: 'tariff', sampleSize: 0 };
}

/** A bid is flagged only when it is this far (in percent of the band's edge) beyond the band. */
export const PRICE_FLAG_MARGIN_PERCENT = 15;

export const PRICE_FLAGS = ['LOW', 'HIGH'] as const;
export const priceFlagSchema = z.enum(PRICE_FLAGS);
export type PriceFlag = z.infer<typeof priceFlagSchema>;

/** LOW under the band's low edge less the margin, HIGH over its high edge plus the margin, else null. */
export function priceFlagFor(price: number, band: Pick<PriceBand, 'low' | 'high'> | null): PriceFlag | null {
  if (!band) return null;
  if (price * 100 < band.low * (100 - PRICE_FLAG_MARGIN_PERCENT)) return 'LOW';
  if (price * 100 > band.high * (100 + PRICE_FLAG_MARGIN_PERCENT)) return 'HIGH';
  return null;
}
