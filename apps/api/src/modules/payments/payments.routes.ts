import {
  createPaymentSchema,
  createTopUpSchema,
  flouciWebhookResultSchema,
  flouciWebhookSchema,
  idempotencyHeadersSchema,
  paymentSchema,
} from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Authenticator, authOf } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { PaymentResult, PaymentsService } from './payments.service';

const security = [{ bearerAuth: [] }];

export const paymentsRoutes: FastifyPluginAsyncZod<{
  authenticator: Authenticator;
  payments: PaymentsService;
}> = async (app, { authenticator, payments }) => {
  const customer = authenticator.require('customer');
  // A replay answers exactly as the first request did, and says so.
  const created = (result: PaymentResult) => ({
    code: 201 as const,
    headers: result.isReplay ? { 'idempotent-replayed': 'true' } : {},
    body: result.payment,
  });

  app.post(
    '/api/payments',
    {
      onRequest: customer,
      schema: {
        tags: ['payments'],
        security,
        summary: 'Pay a completed ride by cash, wallet or Flouci',
        description:
          'Requires an Idempotency-Key header. The same key with the same body returns the first payment (in its current state, header idempotent-replayed: true); with a different body, 422 IDEMPOTENCY_KEY_REUSED. A ride has at most one pending or succeeded payment (409 CONFLICT otherwise). Cash and wallet payments are settled by the payment worker within seconds; a Flouci payment returns redirectUrl, where the customer pays.',
        headers: idempotencyHeadersSchema,
        body: createPaymentSchema,
        response: { 201: paymentSchema, ...errorResponses(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const result = created(
        await payments.payRide(authOf(request).userId, request.headers['idempotency-key'], request.body),
      );
      return reply.code(result.code).headers(result.headers).send(result.body);
    },
  );

  app.get(
    '/api/payments/:id',
    {
      onRequest: customer,
      schema: {
        tags: ['payments'],
        security,
        summary: 'One of the caller’s payments',
        params: z.object({ id: z.uuid() }),
        response: { 200: paymentSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => payments.get(authOf(request).userId, request.params.id),
  );

  app.post(
    '/api/wallet/top-ups',
    {
      onRequest: customer,
      schema: {
        tags: ['wallet', 'payments'],
        security,
        summary: 'Top up the wallet through Flouci',
        description:
          'Requires an Idempotency-Key header (same rules as POST /api/payments). Returns a PENDING TOP_UP payment and redirectUrl; the wallet is credited once Flouci confirms the payment.',
        headers: idempotencyHeadersSchema,
        body: createTopUpSchema,
        response: { 201: paymentSchema, ...errorResponses(400, 401, 403, 422, 503) },
      },
    },
    async (request, reply) => {
      const result = created(
        await payments.topUp(authOf(request).userId, request.headers['idempotency-key'], request.body),
      );
      return reply.code(result.code).headers(result.headers).send(result.body);
    },
  );

  app.post(
    '/api/payments/flouci/webhook',
    {
      schema: {
        tags: ['payments'],
        summary: 'Flouci’s payment notification (public)',
        description:
          'Only payment_id is read, to find our payment (404 if unknown). The outcome comes from Flouci’s verify call: SUCCESS with our amount and reference queues the settlement; FAILURE or EXPIRED marks the payment FAILED; a mismatch marks it FAILED and answers 409. Safe to receive more than once.',
        body: flouciWebhookSchema,
        response: { 200: flouciWebhookResultSchema, ...errorResponses(400, 404, 409, 503) },
      },
    },
    async (request) => {
      const { status } = await payments.handleFlouciWebhook(request.body.payment_id);
      return { received: true as const, status };
    },
  );
};
