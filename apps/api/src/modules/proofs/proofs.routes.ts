import {
  createProofSchema,
  proofListSchema,
  proofSchema,
  rideDeliverySchema,
  rideIdParamsSchema,
  unlockDeliveryCodeSchema,
} from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { DeliveryCodeService } from './delivery-code.service';
import type { ProofsService } from './proofs.service';

const security = [{ bearerAuth: [] }];

export const proofsRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  proofs: ProofsService;
  deliveryCodes: DeliveryCodeService;
}> = async (app, { authenticator, proofs, deliveryCodes }) => {
  app.post(
    '/api/rides/:id/proofs',
    {
      onRequest: requireAuth(authenticator, 'driver'),
      schema: {
        tags: ['rides'],
        security,
        summary: 'The assigned driver adds pickup or delivery photos (uploads of purpose PROOF_PHOTO)',
        description:
          'PICKUP from PICKUP_ARRIVED to IN_TRANSIT; DELIVERY at DROPOFF_ARRIVED and up to an hour after COMPLETED; otherwise 409 CONFLICT. Each upload must be the driver’s, READY and unattached (else 400). The ride’s room gets `proof:new`.',
        params: rideIdParamsSchema,
        body: createProofSchema,
        response: { 201: proofSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const proof = await proofs.add(authOf(request).userId, request.params.id, request.body);
      return reply.status(201).send(proof);
    },
  );

  app.get(
    '/api/rides/:id/proofs',
    {
      onRequest: requireAuth(authenticator, 'customer', 'driver', 'admin'),
      schema: {
        tags: ['rides'],
        security,
        summary:
          "The ride's pickup and delivery photos, oldest first (its customer, assigned driver, admins)",
        params: rideIdParamsSchema,
        response: { 200: proofListSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { role, userId } = authOf(request);
      return { items: await proofs.list({ role, id: userId }, request.params.id) };
    },
  );

  app.get(
    '/api/rides/:id/delivery',
    {
      onRequest: requireAuth(authenticator, 'customer', 'driver', 'admin'),
      schema: {
        tags: ['rides'],
        security,
        summary: 'The recipient and the delivery code’s state; only the customer sees the code itself',
        params: rideIdParamsSchema,
        response: { 200: rideDeliverySchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { role, userId } = authOf(request);
      return deliveryCodes.view({ role, id: userId }, request.params.id);
    },
  );

  app.post(
    '/api/rides/:id/delivery/code',
    {
      onRequest: requireAuth(authenticator, 'customer'),
      schema: {
        tags: ['rides'],
        security,
        summary:
          'The customer replaces the delivery code (lost SMS, or locked after wrong tries): tries reset, new SMS to the recipient',
        description: 'While the ride is IN_TRANSIT or DROPOFF_ARRIVED; the old code stops working at once.',
        params: rideIdParamsSchema,
        response: { 200: rideDeliverySchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => deliveryCodes.reissue(authOf(request).userId, request.params.id),
  );

  app.post(
    '/api/admin/rides/:id/delivery-code/unlock',
    {
      onRequest: requireAuth(authenticator, 'admin'),
      schema: {
        tags: ['admin', 'rides'],
        security,
        summary:
          'Support unlocks a delivery code locked after wrong tries (or replaces it), so the driver at the door can complete',
        description:
          'While the ride is IN_TRANSIT or DROPOFF_ARRIVED (else 409). Tries go back to DELIVERY_CODE_MAX_TRIES; the same code works again, or with `reissue: true` a new code is texted to the recipient and the old one stops working. Recorded in the admin audit log with the reason.',
        params: rideIdParamsSchema,
        body: unlockDeliveryCodeSchema,
        response: { 200: rideDeliverySchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => deliveryCodes.adminUnlock(authOf(request).userId, request.params.id, request.body),
  );
};
