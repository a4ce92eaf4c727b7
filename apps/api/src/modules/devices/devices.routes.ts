import { deviceSchema, deviceTokenParamsSchema, registerDeviceSchema } from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { DevicesService } from './devices.service';

const security = [{ bearerAuth: [] }];
const noContent = z.null().describe('No content');

export const devicesRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  devices: DevicesService;
}> = async (app, { authenticator, devices }) => {
  app.post(
    '/api/me/devices',
    {
      onRequest: requireAuth(authenticator, 'customer', 'driver'),
      schema: {
        tags: ['users'],
        security,
        summary: 'Register this phone for push notifications (sent while the user has no live socket)',
        description:
          'A token belongs to one user: registered by another account before, it moves to the caller. 201 for a new or moved token, 200 when it was already the caller’s.',
        body: registerDeviceSchema,
        response: { 200: deviceSchema, 201: deviceSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { role, userId } = authOf(request);
      const { device, created } = await devices.register({ role, userId }, request.body);
      return reply.status(created ? 201 : 200).send(device);
    },
  );

  app.delete(
    '/api/me/devices/:token',
    {
      onRequest: requireAuth(authenticator, 'customer', 'driver'),
      schema: {
        tags: ['users'],
        security,
        summary:
          'Stop push notifications to this phone (on sign-out); 404 when the token is not the caller’s',
        params: deviceTokenParamsSchema,
        response: { 204: noContent, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { role, userId } = authOf(request);
      await devices.unregister({ role, userId }, request.params.token);
      return reply.status(204).send(null);
    },
  );
};
