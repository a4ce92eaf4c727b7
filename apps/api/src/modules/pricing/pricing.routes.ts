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

/** The estimate a customer sees before posting; POST /api/rides stores the same figure on the ride. */
export function quote(table: PricingTable, query: PriceEstimateQuery): PriceEstimateResponse {
  const pickup = { lat: query.pickupLat, lng: query.pickupLng };
  const estimate = estimatePrice(
    {
      pickup,
      dropoff: { lat: query.dropoffLat, lng: query.dropoffLng },
      vehicleType: query.vehicleType,
      loadAssistance: query.loadAssistance,
    },
    table,
  );
  return { ...estimate, currency: 'TND', governorate: governorateAt(pickup) };
}

export const pricingRoutes: FastifyPluginAsyncZod<{ table: PricingTable }> = async (app, { table }) => {
  app.get(
    '/api/pricing/estimate',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Price estimate for a ride before it is posted (public; no account needed)',
        description:
          'Straight-line distance times a road factor, the vehicle type’s base fare and per-km rate, the load ' +
          'assistance surcharge and a minimum fare, rounded up; integer millimes. Bids are free prices.',
        querystring: priceEstimateQuerySchema,
        response: { 200: priceEstimateSchema, ...errorResponses(400) },
      },
    },
    async (request) => quote(table, request.query),
  );
};
