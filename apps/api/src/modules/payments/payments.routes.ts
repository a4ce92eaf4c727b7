import {
  adminPaymentSchema,
  createPaymentSchema,
  createTopUpSchema,
  driverCashCapSchema,
  flouciWebhookResultSchema,
  flouciWebhookSchema,
  idempotencyHeadersSchema,
  paymentSchema,
  refundPaymentSchema,
  setCashCapSchema,
  type UserRef,
} from '@truck4u/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { CashConfirmationService } from './cash-confirmation.service';
import type { FlouciReconciliation } from './flouci-reconciliation.service';
import type { PaymentIntakeService, PaymentResult } from './payment-intake.service';
import type { PaymentRefundService } from './payment-refund.service';

const security = [{ bearerAuth: [] }];

export const paymentsRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  intake: PaymentIntakeService;
  reconciliation: FlouciReconciliation;
  refunds: PaymentRefundService;
  /** Left out: the cash routes are not registered. */
  cash?: CashConfirmationService;
}> = async (app, { authenticator, intake, reconciliation, refunds, cash }) => {
  const customer = requireAuth(authenticator, 'customer');
  // Drivers top up too: it is how one in debt from cash-ride commission settles it and goes online again.
  const walletOwner = requireAuth(authenticator, 'customer', 'driver');
  const ownerOf = (request: FastifyRequest): UserRef<'customer' | 'driver'> => {
    const { role, userId } = authOf(request);
    if (role !== 'customer' && role !== 'driver') throw new Error(`route let a ${role} through`);
    return { role, id: userId };
  };
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
        await intake.payRide(authOf(request).userId, request.headers['idempotency-key'], request.body),
      );
      return reply.code(result.code).headers(result.headers).send(result.body);
    },
  );

  app.get(
    '/api/payments/:id',
    {
      onRequest: walletOwner,
      schema: {
        tags: ['payments'],
        security,
        summary: 'One of the caller’s payments',
        description:
          'A customer sees their ride payments and top-ups, a driver their top-ups; anyone else’s payment answers 404.',
        params: z.object({ id: z.uuid() }),
        response: { 200: paymentSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => intake.get(ownerOf(request), request.params.id),
  );

  app.post(
    '/api/wallet/top-ups',
    {
      onRequest: walletOwner,
      schema: {
        tags: ['wallet', 'payments'],
        security,
        summary: 'Top up the caller’s wallet (customer or driver) through Flouci',
        description:
          'Requires an Idempotency-Key header (same rules as POST /api/payments; keys are per account). Returns a PENDING TOP_UP payment and redirectUrl; the caller’s wallet is credited once Flouci confirms the payment. Customers top up to pay rides from the wallet; drivers top up to settle commission owed on cash rides, which is how a driver refused with 409 BALANCE_BELOW_MINIMUM goes online again. Admins: 403.',
        headers: idempotencyHeadersSchema,
        body: createTopUpSchema,
        response: { 201: paymentSchema, ...errorResponses(400, 401, 403, 422, 503) },
      },
    },
    async (request, reply) => {
      const result = created(
        await intake.topUp(ownerOf(request), request.headers['idempotency-key'], request.body),
      );
      return reply.code(result.code).headers(result.headers).send(result.body);
    },
  );

  app.post(
    '/api/admin/payments/:id/refund',
    {
      onRequest: requireAuth(authenticator, 'admin'),
      schema: {
        tags: ['admin', 'payments'],
        security,
        summary: 'Refund a succeeded ride payment in full to the customer’s wallet (admins)',
        description:
          'Requires an Idempotency-Key header. Posts the reverse of the payment’s settlement as read from the ledger: the customer’s wallet gets the price (whatever the method: wallet, Flouci or cash), the driver’s wallet gives back price less commission (it may go negative), platform revenue gives back the commission. The payment becomes REFUNDED with who, when and why. Retrying with the same key and reason answers the refund again (idempotent-replayed: true); a refunded payment with another key, or a payment that is not SUCCEEDED, is 409; a top-up is 409.',
        headers: idempotencyHeadersSchema,
        params: z.object({ id: z.uuid() }),
        body: refundPaymentSchema,
        response: { 200: adminPaymentSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await refunds.refund(
        authOf(request).userId,
        request.params.id,
        request.headers['idempotency-key'],
        request.body,
      );
      return reply
        .code(200)
        .headers(result.isReplay ? { 'idempotent-replayed': 'true' } : {})
        .send(result.payment);
    },
  );

  if (cash) {
    app.post(
      '/api/rides/:id/payments/cash/confirm',
      {
        onRequest: requireAuth(authenticator, 'driver'),
        schema: {
          tags: ['payments', 'rides'],
          security,
          summary: 'The assigned driver confirms the cash was received (docs/MONEY.md, Cash)',
          description:
            'From DROPOFF_ARRIVED on. Settles the ride’s cash payment (the one the customer declared, or one recorded now): status SUCCEEDED, the ride shows payment.status PAID, and the commission owed is posted to the driver’s wallet. Confirming again answers the same payment (idempotent-replayed: true) and posts nothing. Another driver’s ride: 404; a ride paid by wallet or Flouci, or not yet at its dropoff: 409.',
          params: z.object({ id: z.uuid() }),
          response: { 200: paymentSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const result = await cash.confirm(authOf(request).userId, request.params.id);
        return reply
          .code(200)
          .headers(result.isReplay ? { 'idempotent-replayed': 'true' } : {})
          .send(result.payment);
      },
    );

    app.patch(
      '/api/admin/drivers/:id/cash-cap',
      {
        onRequest: requireAuth(authenticator, 'admin'),
        schema: {
          tags: ['admin', 'payments'],
          security,
          summary: 'Set a driver’s cap on commission owed from cash rides (null: the default); audited',
          description:
            'Past the cap (an override, else CASH_COMMISSION_CAP_MILLIMES) the driver’s rides cannot be paid in cash (409 CASH_COMMISSION_CAP_REACHED) until a top-up settles what is owed. 0 means no cash rides at all.',
          params: z.object({ id: z.uuid() }),
          body: setCashCapSchema,
          response: { 200: driverCashCapSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => cash.setCap(authOf(request).userId, request.params.id, request.body),
    );
  }

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
      const { status } = await reconciliation.handleFlouciWebhook(request.body.payment_id);
      return { received: true as const, status };
    },
  );
};
