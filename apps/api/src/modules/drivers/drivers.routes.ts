import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authOf, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { Authenticator } from '../auth/authenticator';
import type { DriverPresenceService } from './driver-presence.service';
import {
  availabilityResponseSchema,
  availabilitySchema,
  driverLocationInTunisiaSchema,
  locationResponseSchema,
} from './drivers.schemas';

export const driversRoutes: FastifyPluginAsyncZod<{
  authenticator: Authenticator;
  presence: DriverPresenceService;
}> = async (app, { authenticator, presence }) => {
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
    async (request) => presence.setAvailability(authOf(request).userId, request.body.online),
  );

  app.post(
    '/api/drivers/me/location',
    {
      onRequest: requireAuth(authenticator, 'driver'),
      schema: {
        tags: ['drivers'],
        summary: "Report the driver's position (also forwarded to the room of the ride they hold)",
        security: [{ bearerAuth: [] }],
        body: driverLocationInTunisiaSchema,
        response: { 200: locationResponseSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => presence.recordLocation(authOf(request).userId, request.body),
  );
};
