import {
  createUploadSchema,
  uploadIdParamsSchema,
  uploadSchema,
  uploadTicketSchema,
} from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { UploadContentService } from './upload-content.service';
import type { UploadsService } from './uploads.service';

const security = [{ bearerAuth: [] }];

export const uploadsRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  uploads: UploadsService;
}> = async (app, { authenticator, uploads }) => {
  app.post(
    '/api/uploads',
    {
      onRequest: requireAuth(authenticator),
      schema: {
        tags: ['files'],
        security,
        summary: 'Ask to upload a file: a signed URL to PUT its bytes to, valid a few minutes',
        description:
          'Types and sizes per purpose are UPLOAD_LIMITS in the contracts. PUT the bytes to uploadUrl with exactly the given headers (no Authorization), then GET /api/uploads/:id: that read checks the bytes and answers READY or REJECTED. Only READY uploads can be attached to a ride, document, proof or dispute. Each user may start UPLOAD_LIMIT_PER_HOUR uploads an hour; past it 429 RATE_LIMITED with Retry-After.',
        body: createUploadSchema,
        response: { 201: uploadTicketSchema, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { role, userId } = authOf(request);
      return reply.status(201).send(await uploads.create({ role, userId }, request.body));
    },
  );

  app.get(
    '/api/uploads/:id',
    {
      onRequest: requireAuth(authenticator),
      schema: {
        tags: ['files'],
        security,
        summary:
          'An upload: its status (checked on this read after the PUT) and, once READY, a short-lived download URL',
        description:
          'Visible to the uploader, admins and, for files attached to a ride, the ride’s customer and assigned driver (driver documents: uploader and admins only). Anyone else gets 404.',
        params: uploadIdParamsSchema,
        response: { 200: uploadSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { role, userId } = authOf(request);
      return uploads.get({ role, userId }, request.params.id);
    },
  );
};

const signedQuerySchema = z.object({
  expires: z.coerce.number().int().describe('Seconds since the epoch after which the URL is refused'),
  signature: z.string().min(1).max(128),
});

/**
 * The local storage driver's signed URLs (registered only with STORAGE_DRIVER=local). Any body type is read
 * as raw bytes, streamed to disk; the URL's signature replaces the bearer token.
 */
export const uploadContentRoutes: FastifyPluginAsyncZod<{ content: UploadContentService }> = async (
  app,
  { content },
) => {
  // Encapsulated in this plugin: the raw bytes are left unparsed for the handler to stream.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  app.put(
    '/api/uploads/:id/content',
    {
      schema: {
        tags: ['files'],
        summary: 'Local storage: receive the bytes of an upload (the uploadUrl of POST /api/uploads)',
        description:
          'The raw file as the body, with the Content-Type given in the ticket’s headers. One PUT per upload; the bytes are checked by the next GET /api/uploads/:id.',
        params: uploadIdParamsSchema,
        querystring: signedQuerySchema,
        response: { 204: z.null().describe('Stored'), ...errorResponses(400, 403, 409, 413) },
      },
    },
    async (request, reply) => {
      await content.receive(request.params.id, request.query, request.headers['content-type'], request.raw);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/uploads/:id/content',
    {
      schema: {
        tags: ['files'],
        summary: 'Local storage: the bytes of a READY upload (the downloadUrl of GET /api/uploads/:id)',
        params: uploadIdParamsSchema,
        querystring: signedQuerySchema,
        response: { 200: z.any().describe('The file'), ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const file = await content.serve(request.params.id, request.query);
      return reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.sizeBytes))
        .header('cache-control', 'private, no-store')
        .header('content-disposition', 'inline')
        .send(file.stream);
    },
  );
};
