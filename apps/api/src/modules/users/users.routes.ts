import { userProfileSchema } from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../errors/app-error';
import { AuthAlongside, authOf, type RequestAuthenticator, requireAuthWith } from '../../http/authenticate';
import { compiledSerializerCompiler } from '../../http/compiled-serializer';
import { errorResponses } from '../../http/error-responses';
import type { ProfileReader } from './profile-cache';

export const usersRoutes: FastifyPluginAsyncZod<{
  profiles: ProfileReader;
  authenticator: RequestAuthenticator;
}> = async (app, { profiles, authenticator }) => {
  // The profile's cache keys name the account, so they come from the verified claims.
  const profileLookup = new AuthAlongside((_request, claims) =>
    profiles.peekAlongside(claims.role, claims.sub),
  );

  app.get(
    '/api/me',
    {
      onRequest: requireAuthWith(authenticator, profileLookup),
      // A hot read: its body is written by code compiled from userProfileSchema (http/compiled-serializer.ts).
      serializerCompiler: compiledSerializerCompiler,
      schema: {
        tags: ['users'],
        summary: 'The logged-in account',
        security: [{ bearerAuth: [] }],
        response: { 200: userProfileSchema, ...errorResponses(401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { role, userId } = authOf(request);
      const profile = await profiles.get(role, userId, profileLookup.take(request));
      if (!profile) throw notFound('Account');
      return profile;
    },
  );
};
