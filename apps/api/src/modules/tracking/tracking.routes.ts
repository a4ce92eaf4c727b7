import {
  publicTrackingSchema,
  rideIdParamsSchema,
  rideSchema,
  rideStopParamsSchema,
  rideTrackingSchema,
  shareLinkSchema,
  trackTokenParamsSchema,
  updateStopStatusSchema,
} from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { LiveTrackingService } from './live-tracking.service';
import type { RideStopsService } from './ride-stops.service';
import type { ShareLinksService } from './share-links.service';

const security = [{ bearerAuth: [] }];
const noContent = z.null().describe('No content');

/** Live tracking, stops and the public share link (docs/TRACKING.md). */
export const trackingRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  tracking: LiveTrackingService;
  stops: RideStopsService;
  shareLinks: ShareLinksService;
}> = async (app, { authenticator, tracking, stops, shareLinks }) => {
  app.patch(
    '/api/rides/:id/stops/:index',
    {
      onRequest: requireAuth(authenticator, 'driver'),
      schema: {
        tags: ['tracking'],
        security,
        summary:
          'The assigned driver marks a stop ARRIVED, then DONE, in order, while the ride is IN_TRANSIT',
        description:
          'Index 0 is the first stop after pickup. A stop is reached only once every earlier one is DONE; each ' +
          'change is a ride event (STOP_ARRIVED, STOP_DONE) and a `ride:stop` socket event. DROPOFF_ARRIVED is ' +
          '409 STOPS_PENDING until every stop is DONE.',
        params: rideStopParamsSchema,
        body: updateStopStatusSchema,
        response: { 200: rideSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      stops.mark(authOf(request).userId, request.params.id, request.params.index, request.body),
  );

  app.get(
    '/api/rides/:id/tracking',
    {
      onRequest: requireAuth(authenticator, 'customer', 'driver', 'admin'),
      schema: {
        tags: ['tracking'],
        security,
        summary:
          'Live tracking of a ride: last position, ETA and distance left (its customer, driver and admins)',
        description:
          'ETA to the pickup until PICKUP_ARRIVED, then to the dropoff through the stops not DONE, computed now ' +
          'from the driver’s last position through the router (ROUTER_URL) or the straight-line estimate.',
        params: rideIdParamsSchema,
        response: { 200: rideTrackingSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { role, userId } = authOf(request);
      return tracking.forParticipant({ role, id: userId }, request.params.id);
    },
  );

  app.post(
    '/api/rides/:id/share',
    {
      onRequest: requireAuth(authenticator, 'customer'),
      schema: {
        tags: ['tracking'],
        security,
        summary: 'Share the ride’s live tracking: a new public link (an earlier one stops working)',
        description:
          'The token is shown once (only its hash is kept). `expiresAt` is null while the ride runs; the link ' +
          'works until one hour after the ride ends. An ended ride cannot be shared (409 CONFLICT).',
        params: rideIdParamsSchema,
        response: { 201: shareLinkSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await shareLinks.share(authOf(request).userId, request.params.id)),
  );

  app.delete(
    '/api/rides/:id/share',
    {
      onRequest: requireAuth(authenticator, 'customer'),
      schema: {
        tags: ['tracking'],
        security,
        summary: 'Revoke the ride’s share link: its page gets 404 and its open sockets are disconnected',
        params: rideIdParamsSchema,
        response: { 204: noContent, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await shareLinks.revoke(authOf(request).userId, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/track/:token',
    {
      schema: {
        tags: ['tracking'],
        summary:
          'Public: what a share link shows (status, ETA, live position, vehicle type, driver first name, dropoff point)',
        description:
          'No account needed; rate-limited per client address (429 RATE_LIMITED). Unknown, revoked and expired ' +
          'links are all 404. Nothing else about the ride is ever returned: no pickup, addresses, prices, ' +
          'phones or surnames.',
        params: trackTokenParamsSchema,
        response: { 200: publicTrackingSchema, ...errorResponses(400, 404, 429) },
      },
    },
    async (request, reply) => {
      const { view } = await shareLinks.publicView(request.params.token, request.ip);
      // A link is a capability: keep it and its data out of shared caches and referrers.
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return view;
    },
  );
};
