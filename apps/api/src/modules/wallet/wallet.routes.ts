import {
  cursorQuerySchema,
  earningsSchema,
  listSchema,
  queryNumber,
  walletSchema,
  walletTransactionSchema,
} from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { WalletService } from './wallet.service';

const security = [{ bearerAuth: [] }];

export const walletRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  wallets: WalletService;
}> = async (app, { authenticator, wallets }) => {
  const walletOwner = requireAuth(authenticator, 'customer', 'driver');
  const ownerOf = (request: Parameters<typeof authOf>[0]) => {
    const { role, userId } = authOf(request);
    return { role: role as 'customer' | 'driver', id: userId };
  };

  app.get(
    '/api/wallet',
    {
      onRequest: walletOwner,
      schema: {
        tags: ['wallet'],
        security,
        summary: 'Balance of the caller’s wallet, in millimes',
        response: { 200: walletSchema, ...errorResponses(401, 403) },
      },
    },
    async (request) => wallets.wallet(ownerOf(request)),
  );

  app.get(
    '/api/wallet/transactions',
    {
      onRequest: walletOwner,
      schema: {
        tags: ['wallet'],
        security,
        summary: 'Wallet history, newest first, with labels, ride references and the balance after each line',
        querystring: cursorQuerySchema.extend({
          cursor: queryNumber(z.number().int().positive().optional()),
        }),
        response: { 200: listSchema(walletTransactionSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => wallets.transactions(ownerOf(request), request.query.cursor, request.query.limit),
  );

  app.get(
    '/api/drivers/me/earnings',
    {
      onRequest: requireAuth(authenticator, 'driver'),
      schema: {
        tags: ['wallet', 'drivers'],
        security,
        summary: 'Gross, commission and net for today, this week and this month (Tunis time), per ride',
        response: { 200: earningsSchema, ...errorResponses(401, 403) },
      },
    },
    async (request) => wallets.earnings(authOf(request).userId),
  );
};
