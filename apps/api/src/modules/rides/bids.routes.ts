import {
  bidAcceptanceSchema,
  bidSchema,
  bidWithDriverSchema,
  placeBidSchema,
  rideBidParamsSchema,
  rideIdParamsSchema,
} from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { BidsService } from './bids.service';

const security = [{ bearerAuth: [] }];

export const bidsRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  bids: BidsService;
}> = async (app, { authenticator, bids }) => {
  app.post(
    '/api/rides/:id/bids',
    {
      onRequest: requireAuth(authenticator, 'driver'),
      schema: {
        tags: ['bids'],
        security,
        summary:
          'Bid on a ride you were offered (verified, free drivers only); bidding again replaces your bid and renews its expiry',
        params: rideIdParamsSchema,
        body: placeBidSchema,
        response: { 200: bidSchema, 201: bidSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { bid, created } = await bids.placeBid(authOf(request).userId, request.params.id, request.body);
      return reply.status(created ? 201 : 200).send(bid);
    },
  );

  app.get(
    '/api/rides/:id/bids',
    {
      onRequest: requireAuth(authenticator, 'customer', 'driver'),
      schema: {
        tags: ['bids'],
        security,
        summary:
          'Bids on a ride, cheapest first, with each driver’s name, rating and vehicle: all of them for its customer, only their own for a driver',
        params: rideIdParamsSchema,
        response: {
          200: z.object({ items: z.array(bidWithDriverSchema) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { role, userId } = authOf(request);
      return { items: await bids.listBids({ role, id: userId }, request.params.id) };
    },
  );

  app.post(
    '/api/rides/:id/bids/:bidId/accept',
    {
      onRequest: requireAuth(authenticator, 'customer'),
      schema: {
        tags: ['bids'],
        security,
        summary:
          'Accept a live bid: the ride gets its driver, price and commission rate; every other bid is rejected',
        params: rideBidParamsSchema,
        response: { 200: bidAcceptanceSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => bids.acceptBid(authOf(request).userId, request.params.id, request.params.bidId),
  );
};
