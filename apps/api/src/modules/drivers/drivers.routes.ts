import { driverLocationReportSchema } from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { compiledSerializerCompiler } from '../../http/compiled-serializer';
import { errorResponses } from '../../http/error-responses';
import { fixTimeOf } from './driver-fix-order';
import type { DriverLocationService } from './driver-location.service';
import type { DriverPresenceService } from './driver-presence.service';
import {
  availabilityResponseSchema,
  availabilitySchema,
  driverLocationInTunisiaSchema,
  locationResponseSchema,
} from './drivers.schemas';

// Offline replay (docs/API.md#offline-replay): when the phone took the fix, and whether it was too old to count.
const locationReportSchema = driverLocationInTunisiaSchema.safeExtend({
  recordedAt: driverLocationReportSchema.shape.recordedAt,
});
const locationReportResponseSchema = locationResponseSchema.extend({
  stale: z
    .boolean()
    .optional()
    .describe('true: older than the newest position already taken, so it changed nothing'),
});

export const driversRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  presence: DriverPresenceService;
  locations: DriverLocationService;
}> = async (app, { authenticator, presence, locations }) => {
  app.patch(
    '/api/drivers/me/availability',
    {
      onRequest: requireAuth(authenticator, 'driver'),
      schema: {
        tags: ['drivers'],
        summary: 'Go online (verified, active drivers only) or offline',
        description:
          'Refused with 403 DRIVER_NOT_VERIFIED, DRIVER_REJECTED or ACCOUNT_DEACTIVATED, and with 409 BALANCE_BELOW_MINIMUM when the wallet is below DRIVER_MIN_BALANCE_MILLIMES (commission owed on cash rides) until a top-up (POST /api/wallet/top-ups) settles it.',
        security: [{ bearerAuth: [] }],
        body: availabilitySchema,
        response: { 200: availabilityResponseSchema, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const driverId = authOf(request).userId;
      const availability = await presence.setAvailability(driverId, request.body.online);
      // This process's next report reads the new state at once (other instances within their trust window).
      locations.forget(driverId);
      return availability;
    },
  );

  app.post(
    '/api/drivers/me/location',
    {
      onRequest: requireAuth(authenticator, 'driver'),
      // A hot path: its body is written by code compiled from the response schema (http/compiled-serializer.ts).
      serializerCompiler: compiledSerializerCompiler,
      schema: {
        tags: ['drivers'],
        summary: "Report the driver's position (also forwarded to the room of the ride they hold)",
        security: [{ bearerAuth: [] }],
        description:
          'A position replayed after being offline carries `recordedAt`; one older than the newest position already taken changes nothing and answers `stale: true`.',
        body: locationReportSchema,
        response: { 200: locationReportResponseSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const driverId = authOf(request).userId;
      const { recordedAt, ...location } = request.body;
      const recorded = await locations.reportOverHttp(driverId, location, fixTimeOf(recordedAt, Date.now()));
      if (recorded.isStale) return { at: recorded.at, activeRideId: null, stale: true };
      return { at: recorded.at, activeRideId: recorded.activeRideId };
    },
  );
};
