import {
  documentReviewSchema,
  driverDocumentSchema,
  driverDocumentsSchema,
  reviewDocumentSchema,
  submitDocumentSchema,
} from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { DriverDocumentsService } from './documents.service';

const idParams = z.object({ id: z.uuid() });
const security = [{ bearerAuth: [] }];

/** Driver documents (docs/DRIVER-DOCUMENTS.md): the driver's own, and the admins' review. */
export const documentsRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  documents: DriverDocumentsService;
}> = async (app, { authenticator, documents }) => {
  app.get(
    '/api/drivers/me/documents',
    {
      onRequest: requireAuth(authenticator, 'driver'),
      schema: {
        tags: ['drivers'],
        security,
        summary: "The driver's documents with their status and reason, and the required kinds still missing",
        response: { 200: driverDocumentsSchema, ...errorResponses(401, 403, 404, 503) },
      },
    },
    async (request) => documents.list(authOf(request).userId),
  );

  app.post(
    '/api/drivers/me/documents',
    {
      onRequest: requireAuth(authenticator, 'driver'),
      schema: {
        tags: ['drivers'],
        security,
        summary:
          'Submit a document (supersedes the current one of its kind); PENDING until an admin reviews it',
        description:
          'The file is a READY upload of purpose DRIVER_DOCUMENT, attached in the same transaction (400 VALIDATION_FAILED otherwise). ' +
          'Which fields each kind needs is in docs/DRIVER-DOCUMENTS.md. A document already past its expiry date is recorded EXPIRED.',
        body: submitDocumentSchema,
        response: { 201: driverDocumentSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const document = await documents.submit(authOf(request).userId, request.body);
      return reply.status(201).send(document);
    },
  );

  app.get(
    '/api/admin/drivers/:id/documents',
    {
      onRequest: requireAuth(authenticator, 'admin'),
      schema: {
        tags: ['admin'],
        security,
        summary: "A driver's documents, current and history, and the required kinds still missing",
        params: idParams,
        response: { 200: driverDocumentsSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => documents.list(request.params.id),
  );

  app.patch(
    '/api/admin/documents/:id/review',
    {
      onRequest: requireAuth(authenticator, 'admin'),
      schema: {
        tags: ['admin'],
        security,
        summary:
          'Approve or reject (with a reason) a PENDING document; the last required approval verifies the driver',
        description:
          'Only a current PENDING document can be reviewed: a second review gets 409 CONFLICT, an expired one 409 DOCUMENT_EXPIRED. Audited; the driver gets `document:status` and an SMS.',
        params: idParams,
        body: reviewDocumentSchema,
        response: { 200: documentReviewSchema, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => documents.review(request.params.id, authOf(request).userId, request.body),
  );
};
