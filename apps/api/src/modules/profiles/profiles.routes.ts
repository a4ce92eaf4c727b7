import { publicDriverProfileParamsSchema, publicDriverProfileSchema } from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { ProfilesService } from './profiles.service';

const security = [{ bearerAuth: [] }];

export const profilesRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  profiles: ProfilesService;
}> = async (app, { authenticator, profiles }) => {
  app.get(
    '/api/drivers/:id/profile',
    {
      onRequest: requireAuth(authenticator, 'customer', 'driver', 'admin'),
      schema: {
        tags: ['profiles'],
        security,
        summary:
          'A driver’s public card: first name, vehicle and plate, rating overall and per criterion, rides completed, member since',
        description:
          'Any signed-in user. Nothing private: no phone, no surname. A suspended or unknown driver is 404.',
        params: publicDriverProfileParamsSchema,
        response: { 200: publicDriverProfileSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => profiles.driverProfile(request.params.id),
  );
};
