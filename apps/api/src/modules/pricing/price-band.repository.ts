import {
  distanceBucket,
  PRICE_BAND_DISTANCE_BUCKETS_METERS,
  PRICE_BAND_LOOKBACK_DAYS,
  PRICE_BAND_PERCENTILES,
} from '@truck4u/contracts';
import type { Executor } from '@truck4u/database';
import { sql } from 'drizzle-orm';
import type { PriceBandQuery } from '../rides/price-band-source';

export interface PriceHistory {
  sampleSize: number;
  /** Null when there is no sample. */
  low: number | null;
  high: number | null;
}

const BUCKET_BOUNDS = sql.raw(`ARRAY[${PRICE_BAND_DISTANCE_BUCKETS_METERS.join(',')}]::int[]`);

/**
 * Accepted prices of rides like this one (same vehicle type, pickup and dropoff governorates, distance bucket)
 * over the lookback window: how many, and their percentiles. Cancelled rides are left out (the agreed price
 * may be why they fell through); rides under way and completed count. Served by rides_price_history_idx.
 */
export async function findPriceHistory(db: Executor, query: PriceBandQuery): Promise<PriceHistory> {
  const result = await db.execute<{ n: number; low: string | null; high: string | null }>(sql`
    SELECT count(*)::int AS n,
      percentile_disc(${PRICE_BAND_PERCENTILES.low}::float8) WITHIN GROUP (ORDER BY price) AS low,
      percentile_disc(${PRICE_BAND_PERCENTILES.high}::float8) WITHIN GROUP (ORDER BY price) AS high
    FROM rides
    WHERE price IS NOT NULL
      AND vehicle_type = ${query.vehicleType}
      AND governorate_code = ${query.pickupGovernorateCode}
      AND dropoff_governorate_code = ${query.dropoffGovernorateCode}
      AND accepted_at >= now() - ${PRICE_BAND_LOOKBACK_DAYS} * interval '1 day'
      AND status <> 'CANCELLED'
      AND width_bucket(distance_meters, ${BUCKET_BOUNDS}) = ${distanceBucket(query.distanceMeters)}`);
  const row = result.rows[0];
  return {
    sampleSize: row?.n ?? 0,
    low: row?.low == null ? null : Number(row.low),
    high: row?.high == null ? null : Number(row.high),
  };
}
