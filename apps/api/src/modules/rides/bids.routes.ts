import {
  bidAcceptanceSchema,
  bidSchema,
  bidWithDriverSchema,
  counterBidSchema,
  placeBidSchema,
  respondToCounterSchema,
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
        description:
          'Leave out `price` to bid exactly the ride’s `offeredPrice` (one tap); 400 VALIDATION_FAILED when the ride ' +
          'has none. A new bid answers an open counter-offer: the counter is dropped and the bid is live at the new price.',
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

  app.post(
    '/api/rides/:id/bids/:bidId/counter',
    {
      onRequest: requireAuth(authenticator, 'customer'),
      schema: {
        tags: ['bids'],
        security,
        summary:
          'Counter a live bid with your price: the bid is COUNTERED until its driver answers (or it expires); one open counter per bid',
        description:
          'A COUNTERED bid cannot be accepted until the driver answers. 409 CONFLICT when the bid is not live ' +
          '(already countered, withdrawn, declined, accepted, rejected) or the ride no longer takes bids; ' +
          '409 BID_EXPIRED when it expired.',
        params: rideBidParamsSchema,
        body: counterBidSchema,
        response: { 200: bidSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      bids.counter(authOf(request).userId, request.params.id, request.params.bidId, request.body),
  );

  app.post(
    '/api/rides/:id/bids/:bidId/counter/respond',
    {
      onRequest: requireAuth(authenticator, 'driver'),
      schema: {
        tags: ['bids'],
        security,
        summary:
          'Answer the customer’s counter-offer on your bid: accept makes it live at the counter price, decline makes it DECLINED',
        description:
          'Only the bid’s driver (anyone else: 404). 409 CONFLICT when the bid has no open counter; 409 BID_EXPIRED when ' +
          'the counter expired unanswered.',
        params: rideBidParamsSchema,
        body: respondToCounterSchema,
        response: { 200: bidSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      bids.respondToCounter(
        authOf(request).userId,
        request.params.id,
        request.params.bidId,
        request.body.accept,
      ),
  );

  app.delete(
    '/api/rides/:id/bids/:bidId',
    {
      onRequest: requireAuth(authenticator, 'driver'),
      schema: {
        tags: ['bids'],
        security,
        summary:
          'Withdraw your open bid (live or countered): it becomes WITHDRAWN and can no longer be accepted',
        description:
          'Answers the withdrawn bid. Only the bid’s driver (anyone else: 404); 409 CONFLICT when the bid is no longer ' +
          'open or the ride no longer takes bids. Bidding again later places a new live bid.',
        params: rideBidParamsSchema,
        response: { 200: bidSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => bids.withdraw(authOf(request).userId, request.params.id, request.params.bidId),
  );
};
