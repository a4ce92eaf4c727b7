import { userProfileSchema } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../errors/app-error';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { compiledSerializerCompiler } from '../../http/compiled-serializer';
import { errorResponses } from '../../http/error-responses';
import { readProfile } from './users.repository';

export const usersRoutes: FastifyPluginAsyncZod<{
  db: Database;
  authenticator: RequestAuthenticator;
}> = async (app, { db, authenticator }) => {
  app.get(
    '/api/me',
    {
      onRequest: requireAuth(authenticator),
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
      const profile = await readProfile(db, role, userId);
      if (!profile) throw notFound('Account');
      return profile;
    },
  );
};
