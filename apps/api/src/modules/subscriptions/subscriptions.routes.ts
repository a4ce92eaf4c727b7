import { invoiceMonthSchema, planSchema, subscribeSchema, subscriptionSchema } from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { InvoiceService } from './invoice.service';
import type { SubscriptionsService } from './subscriptions.service';

const tags = ['subscriptions'];
const security = [{ bearerAuth: [] }];

export const subscriptionsRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  subscriptions: SubscriptionsService;
  invoices: InvoiceService;
}> = async (app, { authenticator, subscriptions, invoices }) => {
  const customerOnly = requireAuth(authenticator, 'customer');

  app.get(
    '/api/subscriptions/plans',
    {
      schema: {
        tags,
        summary: 'B2B plans with monthly price, commission rate and benefits',
        response: { 200: z.object({ items: z.array(planSchema) }) },
      },
    },
    async () => ({ items: await subscriptions.plans() }),
  );

  app.post(
    '/api/subscriptions',
    {
      onRequest: customerOnly,
      schema: {
        tags,
        security,
        summary: 'Subscribe a business account to a plan; the first month is paid from the wallet at once',
        body: subscribeSchema,
        response: { 201: subscriptionSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await subscriptions.subscribe(authOf(request).userId, request.body.planCode)),
  );

  app.get(
    '/api/subscriptions/me',
    {
      onRequest: customerOnly,
      schema: {
        tags,
        security,
        summary: 'The caller’s live subscription',
        response: { 200: subscriptionSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => subscriptions.current(authOf(request).userId),
  );

  app.post(
    '/api/subscriptions/me/cancel',
    {
      onRequest: customerOnly,
      schema: {
        tags,
        security,
        summary: 'Stop renewing: the plan stays until the current period ends',
        response: { 200: subscriptionSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => subscriptions.cancelAtPeriodEnd(authOf(request).userId),
  );

  app.get(
    '/api/invoices/:month',
    {
      onRequest: customerOnly,
      schema: {
        tags,
        security,
        summary:
          'Printable monthly statement (HTML) of a business account: rides, prices, commission, plan charges',
        params: z.object({ month: invoiceMonthSchema }),
        response: { 200: z.string().describe('text/html'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const html = await invoices.monthlyHtml(authOf(request).userId, request.params.month);
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );
};
