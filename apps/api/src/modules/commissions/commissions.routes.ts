import {
  commissionAuditEntrySchema,
  commissionSchema,
  governorateCodeSchema,
  queryNumber,
  updateCommissionSchema,
} from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { CommissionsService } from './commissions.service';

const tags = ['admin', 'commissions'];
const security = [{ bearerAuth: [] }];

export const commissionsRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  commissions: CommissionsService;
}> = async (app, { authenticator, commissions }) => {
  app.addHook('onRequest', requireAuth(authenticator, 'admin'));

  app.get(
    '/api/admin/commissions',
    {
      schema: {
        tags,
        security,
        summary: 'Commission rate of every governorate',
        response: { 200: z.object({ items: z.array(commissionSchema) }), ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: await commissions.list() }),
  );

  app.put(
    '/api/admin/commissions/:governorate',
    {
      schema: {
        tags,
        security,
        summary:
          'Set a governorate commission rate (0-3000 bps); applies to bids accepted from now on, and is audited',
        params: z.object({ governorate: governorateCodeSchema }),
        body: updateCommissionSchema,
        response: { 200: commissionSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => commissions.update(request.params.governorate, request.body, authOf(request).userId),
  );

  app.get(
    '/api/admin/commissions/audit',
    {
      schema: {
        tags,
        security,
        summary: 'Who changed which commission, newest first',
        querystring: z.object({ limit: queryNumber(z.number().int().min(1).max(500).default(100)) }),
        response: {
          200: z.object({ items: z.array(commissionAuditEntrySchema) }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => ({ items: await commissions.audit(request.query.limit) }),
  );
};
