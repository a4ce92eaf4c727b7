import type { ErrorEnvelope, ValidationIssue } from '@truck4u/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from './app-error';

function envelope(
  code: ErrorEnvelope['error']['code'],
  message: string,
  requestId: string,
  details?: unknown,
): ErrorEnvelope {
  return { error: { code, message, ...(details === undefined ? {} : { details }), requestId } };
}

/** Maps every failure to the shared envelope (DESIGN.md §8); unknown errors are logged in full and answer 500. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      return reply
        .headers(error.headers)
        .status(error.status)
        .send(envelope(error.code, error.message, request.id, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const context = (error as FastifyError).validationContext ?? 'body';
      const issues: ValidationIssue[] = error.validation.map((v) => ({
        path: [context, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'Invalid value',
        code: String(
          v.params?.issue && typeof v.params.issue === 'object' && 'code' in v.params.issue
            ? v.params.issue.code
            : v.keyword,
        ),
      }));
      return reply
        .status(400)
        .send(
          envelope(
            'VALIDATION_FAILED',
            `Request ${context} is invalid (${issues.length} issue${issues.length === 1 ? '' : 's'})`,
            request.id,
            { issues },
          ),
        );
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, cause: error.cause }, 'response did not match its schema');
      return reply.status(500).send(envelope('INTERNAL_ERROR', 'Internal server error', request.id));
    }
    const fastifyError = error as FastifyError;
    const status = fastifyError.statusCode ?? 500;
    if (status === 415) {
      return reply
        .status(415)
        .send(
          envelope('UNSUPPORTED_MEDIA_TYPE', 'Send JSON with Content-Type: application/json', request.id),
        );
    }
    if (status === 413) {
      return reply.status(413).send(envelope('PAYLOAD_TOO_LARGE', 'Request body is too large', request.id));
    }
    if (status === 429) {
      return reply.status(429).send(envelope('RATE_LIMITED', 'Too many requests', request.id));
    }
    if (status >= 400 && status < 500) {
      // Malformed JSON, empty body with a JSON content type, bad header values: the client's fault.
      return reply.status(400).send(
        envelope('VALIDATION_FAILED', fastifyError.message || 'Malformed request', request.id, {
          issues: [{ path: 'body', message: fastifyError.message, code: fastifyError.code ?? 'malformed' }],
        }),
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(envelope('INTERNAL_ERROR', 'Internal server error', request.id));
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send(envelope('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`, request.id));
  });
}
