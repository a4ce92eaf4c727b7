import { type PriceBand, tariffPriceBand } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { PriceBandQuery, PriceBandSource } from '../rides/price-band-source';
import { findPriceHistory } from './price-band.repository';

export interface PriceBandOptions {
  /** PRICE_BAND_MIN_SAMPLES: fewer similar accepted rides than this and the band falls back to the tariff. */
  minSamples: number;
  /** The tariff's rounding, so a tariff band reads like prices. */
  roundTo: number;
}

/**
 * The fair price band (docs/PRICING.md): p20–p80 of what similar rides were accepted at over the last 90
 * days when there are enough of them, else a band around the tariff estimate. Always answers a band.
 */
export class PriceBandService implements PriceBandSource {
  constructor(
    private readonly db: Database,
    private readonly options: PriceBandOptions,
  ) {}

  async bandFor(query: PriceBandQuery): Promise<PriceBand> {
    const history = await findPriceHistory(this.db, query);
    if (history.sampleSize >= this.options.minSamples && history.low !== null && history.high !== null) {
      return { low: history.low, high: history.high, basis: 'history', sampleSize: history.sampleSize };
    }
    return tariffPriceBand(query.estimateAmount, this.options.roundTo);
  }
}
