import { userProfileSchema } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../errors/app-error';
import { authOf, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { Authenticator } from '../auth/authenticator';
import { findProfile } from './users.repository';

export const usersRoutes: FastifyPluginAsyncZod<{ db: Database; authenticator: Authenticator }> = async (
  app,
  { db, authenticator },
) => {
  app.get(
    '/api/me',
    {
      onRequest: requireAuth(authenticator),
      schema: {
        tags: ['users'],
        summary: 'The logged-in account',
        security: [{ bearerAuth: [] }],
        response: { 200: userProfileSchema, ...errorResponses(401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { role, userId } = authOf(request);
      const profile = await findProfile(db, role, userId);
      if (!profile) throw notFound('Account');
      return profile;
    },
  );
};
