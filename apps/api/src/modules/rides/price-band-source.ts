import { type PriceBand, tariffPriceBand, type VehicleType } from '@truck4u/contracts';

/** What the fair price band of a ride depends on (docs/PRICING.md). */
export interface PriceBandQuery {
  vehicleType: VehicleType;
  pickupGovernorateCode: string;
  dropoffGovernorateCode: string;
  /** Straight-line pickup to dropoff: similar rides are grouped by distance bucket. */
  distanceMeters: number;
  /** The tariff estimate, the band's basis while history is thin. */
  estimateAmount: number;
}

/**
 * The fair price band of a ride. Declared here because rides sits below pricing in the domain order: the
 * pricing module implements it (price-band.service.ts) and composition/ wires it in.
 */
export interface PriceBandSource {
  bandFor(query: PriceBandQuery): Promise<PriceBand>;
}

/** Without a source (some tests build the services by hand) every ride gets the tariff band. */
export function tariffOnlyBands(roundTo: number): PriceBandSource {
  return { bandFor: async (query) => tariffPriceBand(query.estimateAmount, roundTo) };
}
