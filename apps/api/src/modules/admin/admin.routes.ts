import {
  type AdminConsoleStats,
  type AdminStatsQuery,
  adminConsoleStatsSchema,
  adminDriverSchema,
  adminDriversQuerySchema,
  adminStatsQuerySchema,
  blacklistStatsSchema,
  driverProfileSchema,
  listSchema,
  suspendDriverSchema,
  verifyDriverSchema,
} from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { Authenticator } from '../auth/authenticator';
import type { RevocationService } from '../auth/revocation.service';
import type { AdminDriversService } from './admin-drivers.service';
import { adminAccessOf } from './admin-permissions';

const driverParams = z.object({ id: z.uuid() });
const tags = ['admin'];
const security = [{ bearerAuth: [] }];

export const adminRoutes: FastifyPluginAsyncZod<{
  authenticator: Authenticator;
  drivers: AdminDriversService;
  revocations: RevocationService;
  readStats: (query: AdminStatsQuery) => Promise<AdminConsoleStats>;
}> = async (app, { authenticator, drivers, revocations, readStats }) => {
  app.addHook('onRequest', requireAuth(authenticator, 'admin'));

  app.get(
    '/api/admin/drivers',
    {
      schema: {
        tags,
        security,
        summary:
          'Drivers, filtered (verification status, vehicle type, deactivated, name/phone/plate), paginated',
        querystring: adminDriversQuerySchema,
        response: { 200: listSchema(adminDriverSchema), ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => drivers.list(request.query),
  );

  app.patch(
    '/api/admin/drivers/:id/verify',
    {
      schema: {
        tags,
        security,
        summary: 'Approve a driver (VERIFIED) or reject them with a reason (REJECTED); audited',
        description:
          'Approving needs the five required documents approved and unexpired (409 DOCUMENTS_INCOMPLETE with `details.missing` otherwise); rejecting is always possible.',
        params: driverParams,
        body: verifyDriverSchema,
        response: { 200: adminDriverSchema, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => drivers.verify(request.params.id, authOf(request).userId, request.body),
  );

  app.patch(
    '/api/admin/drivers/:id/suspend',
    {
      schema: {
        tags,
        security,
        summary: 'Deactivate a driver and cut off all their tokens at once',
        params: driverParams,
        body: suspendDriverSchema,
        response: { 200: driverProfileSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => drivers.suspend(request.params.id, request.body?.reason, adminAccessOf(request).id),
  );

  app.patch(
    '/api/admin/drivers/:id/activate',
    {
      schema: {
        tags,
        security,
        summary: 'Re-activate a suspended driver',
        params: driverParams,
        response: { 200: driverProfileSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => drivers.activate(request.params.id, adminAccessOf(request).id),
  );

  app.get(
    '/api/admin/stats',
    {
      schema: {
        tags,
        security,
        summary:
          'Dashboard counts (rides by status, drivers, customers, today) and a period’s figures per day and governorate',
        querystring: adminStatsQuerySchema,
        response: { 200: adminConsoleStatsSchema, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => readStats(request.query),
  );

  app.get(
    '/api/admin/tokens/blacklist-stats',
    {
      schema: {
        tags,
        security,
        summary: 'How many revocations are live in the token blacklist',
        response: { 200: blacklistStatsSchema, ...errorResponses(401, 403, 503) },
      },
    },
    async () => revocations.stats(),
  );
};
