import {
  rateRideSchema,
  ratingSchema,
  rideIdParamsSchema,
  rideSchema,
  updateRideStatusSchema,
} from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { RideProgressService } from './ride-progress.service';

const security = [{ bearerAuth: [] }];

export const rideProgressRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  progress: RideProgressService;
}> = async (app, { authenticator, progress }) => {
  app.patch(
    '/api/rides/:id/status',
    {
      onRequest: requireAuth(authenticator, 'driver'),
      schema: {
        tags: ['rides'],
        security,
        summary:
          'The assigned driver moves the ride to its next status (DRIVER_ARRIVING … COMPLETED); other moves are INVALID_TRANSITION',
        description:
          'With `clientEventId` a change is applied once per ride: a replay (after being offline) answers 200 with the current ride, never 409; the same id sent for another status is 422 IDEMPOTENCY_KEY_REUSED.',
        params: rideIdParamsSchema,
        body: updateRideStatusSchema,
        response: { 200: rideSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const { status, clientEventId, deliveryCode } = request.body;
      return progress.updateStatus(authOf(request).userId, request.params.id, status, clientEventId, {
        deliveryCode,
      });
    },
  );

  app.post(
    '/api/rides/:id/rating',
    {
      onRequest: requireAuth(authenticator, 'customer', 'driver'),
      schema: {
        tags: ['rides'],
        security,
        summary:
          'Rate the other side of a completed ride, once: the customer rates the driver, the driver rates the customer',
        params: rideIdParamsSchema,
        body: rateRideSchema,
        response: { 201: ratingSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { role, userId } = authOf(request);
      return reply
        .status(201)
        .send(await progress.rate({ role, id: userId }, request.params.id, request.body));
    },
  );
};
