import {
  adminDisputeListSchema,
  adminDisputeSchema,
  adminDisputesQuerySchema,
  createDisputeSchema,
  disputeIdParamsSchema,
  disputeListSchema,
  disputeSchema,
  resolveDisputeSchema,
  rideIdParamsSchema,
} from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { DisputesService } from './disputes.service';

const security = [{ bearerAuth: [] }];

export const disputesRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  disputes: DisputesService;
}> = async (app, { authenticator, disputes }) => {
  app.post(
    '/api/rides/:id/disputes',
    {
      onRequest: requireAuth(authenticator, 'customer', 'driver'),
      schema: {
        tags: ['disputes'],
        security,
        summary:
          'The ride’s customer or assigned driver opens a dispute (once accepted, up to 7 days after the end)',
        description:
          'One OPEN dispute per ride and party (409 CONFLICT for a second). `uploadIds` are the caller’s READY DISPUTE_EVIDENCE uploads. Both parties get `dispute:updated`; the other party an SMS.',
        params: rideIdParamsSchema,
        body: createDisputeSchema,
        response: { 201: disputeSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { role, userId } = authOf(request);
      const dispute = await disputes.open({ role, id: userId }, request.params.id, request.body);
      return reply.status(201).send(dispute);
    },
  );

  app.get(
    '/api/rides/:id/disputes',
    {
      onRequest: requireAuth(authenticator, 'customer', 'driver', 'admin'),
      schema: {
        tags: ['disputes'],
        security,
        summary:
          'The ride’s disputes: a party reads its own in full and the other party’s reason, status and decision only',
        params: rideIdParamsSchema,
        response: { 200: disputeListSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { role, userId } = authOf(request);
      return { items: await disputes.listForRide({ role, id: userId }, request.params.id) };
    },
  );

  app.get(
    '/api/admin/disputes',
    {
      onRequest: requireAuth(authenticator, 'admin'),
      schema: {
        tags: ['admin'],
        security,
        summary: 'Disputes, newest first, optionally by status (keyset cursor)',
        querystring: adminDisputesQuerySchema,
        response: { 200: adminDisputeListSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => disputes.listForAdmin(request.query),
  );

  app.patch(
    '/api/admin/disputes/:id',
    {
      onRequest: requireAuth(authenticator, 'admin'),
      schema: {
        tags: ['admin'],
        security,
        summary: 'Decide an OPEN dispute (RESOLVED or REJECTED), optionally refunding the customer',
        description:
          'Only OPEN disputes (409 otherwise: a racing decision loses). `refundAmount` (millimes, RESOLVED only) needs the payments.refund permission and is at most what the customer paid for the ride less earlier dispute refunds; it is posted to the ledger in the same transaction.',
        params: disputeIdParamsSchema,
        body: resolveDisputeSchema,
        response: { 200: adminDisputeSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => disputes.resolve(authOf(request).userId, request.params.id, request.body),
  );
};
