import {
  availableRideSchema,
  cancelRideResponseSchema,
  cancelRideSchema,
  cursorQuerySchema,
  listRidesQuerySchema,
  listSchema,
  postRideHeadersSchema,
  postRideSchema,
  rideEventSchema,
  rideEventsQuerySchema,
  rideIdParamsSchema,
  rideSchema,
  type UserRef,
} from '@truck4u/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AuthAlongside,
  authOf,
  type RequestAuthenticator,
  requireAuth,
  requireAuthWith,
} from '../../http/authenticate';
import { compiledSerializerCompiler } from '../../http/compiled-serializer';
import { errorResponses } from '../../http/error-responses';
import type { RideCancellationService } from './ride-cancellation.service';
import type { RidePostingService } from './ride-posting.service';
import type { RideQueriesService } from './ride-queries.service';
import type { RideRetryService } from './ride-retry.service';

const tags = ['rides'];
const security = [{ bearerAuth: [] }];

const viewerOf = (request: FastifyRequest): UserRef => {
  const { role, userId } = authOf(request);
  return { role, id: userId };
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The raw :id before validation (onRequest runs first); anything but a uuid starts no lookup. */
const rideIdOf = (request: FastifyRequest): string | undefined => {
  const id = (request.params as { id?: unknown }).id;
  return typeof id === 'string' && UUID.test(id) ? id : undefined;
};

export const ridesRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  posting: RidePostingService;
  queries: RideQueriesService;
  cancellation: RideCancellationService;
  retry: RideRetryService;
}> = async (app, { authenticator, posting, queries, cancellation, retry }) => {
  const anyone = requireAuth(authenticator, 'customer', 'driver', 'admin');
  // The ride snapshot's cache lookup is read by the auth check's Redis command (ride-queries.service.ts).
  const rideLookup = new AuthAlongside((request) => {
    const rideId = rideIdOf(request);
    return rideId ? queries.peekAlongside(rideId) : undefined;
  });

  app.post(
    '/api/rides',
    {
      onRequest: requireAuth(authenticator, 'customer'),
      schema: {
        tags,
        security,
        summary: 'Post a ride; answers at once in PENDING_BIDS while nearby drivers are asked to bid',
        description:
          'Pickup and dropoff must lie inside Tunisia; `scheduledAt`, when given, must be in the future and within 30 days. ' +
          'A ride whose `scheduledAt` is further away than the dispatch lead time (SCHEDULED_DISPATCH_LEAD_MS, 1 hour by default) ' +
          'is created in PENDING_BIDS but drivers are asked only from `dispatchStartsAt` (scheduledAt minus the lead); ' +
          'other rides are offered at once and have `dispatchStartsAt: null`. ' +
          'The price estimate and distance are those of GET /api/pricing/estimate for the same input; the governorate is the pickup’s. ' +
          'With an Idempotency-Key header, repeating the request returns the first ride (header idempotent-replayed: true) instead of posting it again; ' +
          'the same key with a different body answers 422 IDEMPOTENCY_KEY_REUSED. ' +
          'A customer may post RIDE_POST_LIMIT_PER_HOUR new rides per hour (30 by default); beyond that the answer is ' +
          '429 RATE_LIMITED with a Retry-After header and nothing is posted. Replays do not count.',
        headers: postRideHeadersSchema,
        body: postRideSchema,
        response: { 201: rideSchema, ...errorResponses(400, 401, 403, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const { ride, isReplay } = await posting.create(
        authOf(request).userId,
        request.body,
        request.headers['idempotency-key'],
      );
      // A replay answers as the first request did, and says so.
      if (isReplay) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(ride);
    },
  );

  app.get(
    '/api/rides',
    {
      onRequest: anyone,
      schema: {
        tags,
        security,
        summary:
          'The caller’s rides, newest first: a customer’s posted rides, a driver’s assigned rides, all for admins',
        querystring: listRidesQuerySchema,
        response: { 200: listSchema(rideSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { status, cursor, limit } = request.query;
      return queries.list(viewerOf(request), {
        ...(status ? { statuses: status } : {}),
        ...(cursor ? { cursor } : {}),
        limit,
      });
    },
  );

  app.get(
    '/api/rides/:id',
    {
      onRequest: requireAuthWith(authenticator, rideLookup, 'customer', 'driver', 'admin'),
      // A hot read: its body is written by code compiled from rideSchema (http/compiled-serializer.ts).
      serializerCompiler: compiledSerializerCompiler,
      schema: {
        tags,
        security,
        summary: 'One ride',
        description:
          'Visible to its customer, its assigned driver, admins, and drivers who were offered it while it still takes bids. ' +
          'For a ride booked ahead, `dispatchStartsAt` says when drivers start being asked to bid (null: as soon as it was posted). ' +
          'Anyone else gets 404, whether or not the ride exists.',
        params: rideIdParamsSchema,
        response: { 200: rideSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => queries.get(viewerOf(request), request.params.id, rideLookup.take(request)),
  );

  app.get(
    '/api/rides/:id/events',
    {
      onRequest: anyone,
      schema: {
        tags,
        security,
        summary:
          'The ride’s history, oldest first; a reconnecting client passes the last event id it saw as `after`',
        description:
          'Same visibility as GET /api/rides/:id. Event ids match the `eventId` of `ride:status` socket events.',
        params: rideIdParamsSchema,
        querystring: rideEventsQuerySchema,
        response: { 200: listSchema(rideEventSchema), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      queries.events(viewerOf(request), request.params.id, request.query.after, request.query.limit),
  );

  app.post(
    '/api/rides/:id/cancel',
    {
      onRequest: requireAuth(authenticator, 'customer', 'driver'),
      schema: {
        tags,
        security,
        summary: 'Cancel a ride (its customer before loading starts, or its assigned driver before loading)',
        description:
          'A customer may cancel in PENDING_BIDS, NO_DRIVERS_AVAILABLE, BID_ACCEPTED, DRIVER_ARRIVING and PICKUP_ARRIVED; ' +
          'after the grace period following acceptance a fee is charged and paid to the driver, less commission. ' +
          'The assigned driver may cancel in BID_ACCEPTED, DRIVER_ARRIVING and PICKUP_ARRIVED and receives a strike; ' +
          'at the strike limit the account is suspended. Other statuses answer 409 INVALID_TRANSITION. Pending bids are rejected.',
        params: rideIdParamsSchema,
        body: cancelRideSchema,
        response: { 200: cancelRideResponseSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { role, userId } = authOf(request);
      return cancellation.cancel(
        { role: role as 'customer' | 'driver', id: userId },
        request.params.id,
        request.body?.reason,
      );
    },
  );

  app.post(
    '/api/rides/:id/retry-dispatch',
    {
      onRequest: requireAuth(authenticator, 'customer'),
      schema: {
        tags,
        security,
        summary: 'Search for drivers again after NO_DRIVERS_AVAILABLE (a new dispatch round)',
        description:
          'Moves the ride back to PENDING_BIDS and restarts the widening search from the smallest radius; drivers asked in ' +
          'earlier rounds are asked again. Any other status answers 409 INVALID_TRANSITION.',
        params: rideIdParamsSchema,
        response: { 200: rideSchema, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => retry.retryDispatch(authOf(request).userId, request.params.id),
  );

  app.get(
    '/api/drivers/me/rides/available',
    {
      onRequest: requireAuth(authenticator, 'driver'),
      schema: {
        tags: ['rides', 'drivers'],
        security,
        summary: 'Rides the caller was offered that still take bids, newest offer first',
        description:
          'Every ride this driver was notified of (ride:request) whose status is still PENDING_BIDS, whether or not they ' +
          'have bid; `myBid` shows their own bid and its status so the app can offer "bid" or "update bid". Rides ' +
          'accepted, cancelled or out of drivers disappear from the list.',
        querystring: cursorQuerySchema,
        response: { 200: listSchema(availableRideSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) =>
      queries.available(authOf(request).userId, {
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
        limit: request.query.limit,
      }),
  );
};
