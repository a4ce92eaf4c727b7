import {
  estimatePrice,
  governorateAt,
  type PriceEstimateQuery,
  type PriceEstimateResponse,
  type PricingTable,
  priceEstimateQuerySchema,
  priceEstimateSchema,
} from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/error-responses';
import type { PriceBandSource } from '../rides/price-band-source';

/** The estimate a customer sees before posting; POST /api/rides stores the same figure on the ride. */
export function quote(table: PricingTable, query: PriceEstimateQuery): Omit<PriceEstimateResponse, 'band'> {
  const pickup = { lat: query.pickupLat, lng: query.pickupLng };
  const estimate = estimatePrice(
    {
      pickup,
      dropoff: { lat: query.dropoffLat, lng: query.dropoffLng },
      stops: query.stop,
      vehicleType: query.vehicleType,
      loadAssistance: query.loadAssistance,
    },
    table,
  );
  return { ...estimate, currency: 'TND', governorate: governorateAt(pickup) };
}

export const pricingRoutes: FastifyPluginAsyncZod<{
  table: PricingTable;
  /** The fair price band (price-band.service.ts); every estimate carries one. */
  priceBands: PriceBandSource;
}> = async (app, { table, priceBands }) => {
  app.get(
    '/api/pricing/estimate',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Price estimate for a ride before it is posted (public; no account needed)',
        description:
          'Straight-line distance times a road factor, the vehicle type’s base fare and per-km rate, the load ' +
          'assistance surcharge and a minimum fare, rounded up; integer millimes. Bids are free prices. `band` is ' +
          'the fair price band: p20–p80 of accepted prices of similar rides over 90 days, or a tariff band around ' +
          'the estimate when history is thin (docs/PRICING.md).',
        querystring: priceEstimateQuerySchema,
        response: { 200: priceEstimateSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      const estimate = quote(table, request.query);
      const band = await priceBands.bandFor({
        vehicleType: request.query.vehicleType,
        pickupGovernorateCode: estimate.governorate.code,
        dropoffGovernorateCode: governorateAt({
          lat: request.query.dropoffLat,
          lng: request.query.dropoffLng,
        }).code,
        distanceMeters: estimate.distanceMeters,
        estimateAmount: estimate.amount,
      });
      return { ...estimate, band };
    },
  );
};
