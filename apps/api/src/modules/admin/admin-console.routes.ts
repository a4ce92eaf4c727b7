import {
  adminAccountSchema,
  adminAuditEntrySchema,
  adminAuditQuerySchema,
  adminCan,
  adminCancelRideSchema,
  adminCustomerSchema,
  adminCustomersQuerySchema,
  adminIdParamsSchema,
  adminLiveSchema,
  adminMeSchema,
  adminPaymentSchema,
  adminPaymentsQuerySchema,
  adminRideActionResultSchema,
  adminRideDetailSchema,
  adminRideSchema,
  adminRidesQuerySchema,
  createAdminSchema,
  listSchema,
  suspendCustomerSchema,
  updateAdminSchema,
} from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { AdminAccountsService } from './admin-accounts.service';
import { listAudit } from './admin-audit.repository';
import type { AdminCustomersService } from './admin-customers.service';
import type { AdminLiveService } from './admin-live.service';
import { listAdminPayments } from './admin-payments.repository';
import { adminAccessOf } from './admin-permissions';
import type { AdminRidesService } from './admin-rides.service';

const tags = ['admin'];
const security = [{ bearerAuth: [] }];
const idParams = adminIdParamsSchema;

/**
 * The operations console's routes. Authentication is this plugin's hook; the role check is added to every
 * /api/admin/ route by registerAdminPermissions (admin-permissions.ts), whichever plugin declares it.
 */
export const adminConsoleRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  db: Database;
  accounts: AdminAccountsService;
  rides: AdminRidesService;
  customers: AdminCustomersService;
  live: AdminLiveService;
}> = async (app, { authenticator, db, accounts, rides, customers, live }) => {
  app.addHook('onRequest', requireAuth(authenticator, 'admin'));

  app.get(
    '/api/admin/me',
    {
      schema: {
        tags,
        security,
        summary: 'The signed-in admin: role and the actions it allows',
        response: { 200: adminMeSchema, ...errorResponses(401, 403, 503) },
      },
    },
    async (request) => accounts.me(adminAccessOf(request).id),
  );

  app.get(
    '/api/admin/rides',
    {
      schema: {
        tags,
        security,
        summary:
          'Every ride: by status, governorate, posting day (Tunis) or phone / plate / ride id; paginated',
        querystring: adminRidesQuerySchema,
        response: { 200: listSchema(adminRideSchema), ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => rides.list(request.query),
  );

  app.get(
    '/api/admin/rides/:id',
    {
      schema: {
        tags,
        security,
        summary:
          'One ride with its events, bids, payments and cancellation (proofs and chat: empty for now); `audit` for roles with audit.read',
        params: idParams,
        response: { 200: adminRideDetailSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => rides.detail(request.params.id, adminCan(adminAccessOf(request).role, 'audit.read')),
  );

  app.post(
    '/api/admin/rides/:id/cancel',
    {
      schema: {
        tags,
        security,
        summary: 'Cancel a stuck ride: no fee, no strike, pending bids rejected, both parties told; audited',
        params: idParams,
        body: adminCancelRideSchema,
        response: { 200: adminRideActionResultSchema, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => ({
      ride: await rides.cancel(adminAccessOf(request).id, request.params.id, request.body.reason),
    }),
  );

  app.post(
    '/api/admin/rides/:id/redispatch',
    {
      schema: {
        tags,
        security,
        summary: 'Start a new dispatch round for a ride waiting for bids or without drivers; audited',
        params: idParams,
        response: { 200: adminRideActionResultSchema, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => ({ ride: await rides.redispatch(adminAccessOf(request).id, request.params.id) }),
  );

  app.get(
    '/api/admin/live',
    {
      schema: {
        tags,
        security,
        summary: 'The live map: online drivers with position and state, and every ride not yet finished',
        response: { 200: adminLiveSchema, ...errorResponses(401, 403, 503) },
      },
    },
    async () => live.snapshot(),
  );

  app.get(
    '/api/admin/customers',
    {
      schema: {
        tags,
        security,
        summary: 'Customers, searched by name, phone, email or company, paginated',
        querystring: adminCustomersQuerySchema,
        response: { 200: listSchema(adminCustomerSchema), ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => customers.list(request.query),
  );

  app.patch(
    '/api/admin/customers/:id/suspend',
    {
      schema: {
        tags,
        security,
        summary: 'Deactivate a customer and cut off all their tokens and sockets at once; audited',
        params: idParams,
        body: suspendCustomerSchema,
        response: { 200: adminCustomerSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => customers.suspend(adminAccessOf(request).id, request.params.id, request.body?.reason),
  );

  app.patch(
    '/api/admin/customers/:id/activate',
    {
      schema: {
        tags,
        security,
        summary: 'Re-activate a suspended customer; audited',
        params: idParams,
        response: { 200: adminCustomerSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => customers.activate(adminAccessOf(request).id, request.params.id),
  );

  app.get(
    '/api/admin/payments',
    {
      schema: {
        tags,
        security,
        summary: 'Every payment (rides and top-ups) by status, method and day (Tunis), paginated',
        querystring: adminPaymentsQuerySchema,
        response: { 200: listSchema(adminPaymentSchema), ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => listAdminPayments(db, request.query),
  );

  app.get(
    '/api/admin/audit',
    {
      schema: {
        tags,
        security,
        summary: 'The admin audit log, newest first (superadmins)',
        querystring: adminAuditQuerySchema,
        response: { 200: listSchema(adminAuditEntrySchema), ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => listAudit(db, request.query),
  );

  app.get(
    '/api/admin/admins',
    {
      schema: {
        tags,
        security,
        summary: 'Every admin account with its role (superadmins)',
        response: { 200: z.object({ items: z.array(adminAccountSchema) }), ...errorResponses(401, 403, 503) },
      },
    },
    async () => ({ items: await accounts.list() }),
  );

  app.post(
    '/api/admin/admins',
    {
      schema: {
        tags,
        security,
        summary: 'Create an admin account with a role (superadmins); audited',
        body: createAdminSchema,
        response: { 201: adminAccountSchema, ...errorResponses(400, 401, 403, 409, 503) },
      },
    },
    async (request, reply) => {
      const created = await accounts.create(adminAccessOf(request).id, request.body);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/admin/admins/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change an admin’s role or deactivate them (tokens cut off at once); superadmins; audited',
        params: idParams,
        body: updateAdminSchema,
        response: { 200: adminAccountSchema, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => accounts.update(adminAccessOf(request).id, request.params.id, request.body),
  );
};
