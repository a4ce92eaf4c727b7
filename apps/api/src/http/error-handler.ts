import type { ErrorEnvelope, ValidationIssue } from '@truck4u/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../errors/app-error';
import { isDataStoreUnavailable } from '../errors/data-store-unavailable';

function envelope(
  code: ErrorEnvelope['error']['code'],
  message: string,
  requestId: string,
  details?: unknown,
): ErrorEnvelope {
  return { error: { code, message, ...(details === undefined ? {} : { details }), requestId } };
}

/** Longest path segment the router matches (Fastify's `maxParamLength`); ids and months are far shorter. */
export const MAX_PATH_PARAM_LENGTH = 100;

const VALIDATED_PART: Record<string, string> = {
  body: 'Request body is',
  querystring: 'Query string is',
  params: 'Path parameters are',
};

/** "Request body is invalid (2 issues)"; for headers, the header names, which is what the caller must fix. */
function validationMessage(context: string, issues: ValidationIssue[]): string {
  const count = `(${issues.length} issue${issues.length === 1 ? '' : 's'})`;
  if (context === 'headers') {
    const names = [...new Set(issues.map((issue) => issue.path.split('.')[1]).filter(Boolean))];
    if (names.length === 1) return `Header ${names[0]} is invalid ${count}`;
    if (names.length > 1) return `Headers ${names.join(', ')} are invalid ${count}`;
    return `Request headers are invalid ${count}`;
  }
  return `${VALIDATED_PART[context] ?? `Request ${context} is`} invalid ${count}`;
}

/**
 * Fastify's `frameworkErrors` option: failures of its router, raised before any route, hook or error handler
 * runs, which Fastify would otherwise answer in its own format (and echoing the whole path).
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  // The onRequest hook that sets it has not run.
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_BAD_URL') {
    const message = 'The URL path is not valid percent-encoding: write a literal "%" as %25';
    reply.status(400).send(
      envelope('VALIDATION_FAILED', message, request.id, {
        issues: [{ path: 'params', message: 'not valid percent-encoding', code: 'bad_url' }],
      }),
    );
    return;
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    const message = `A path segment is longer than ${MAX_PATH_PARAM_LENGTH} characters; no id in this API is`;
    reply.status(414).send(envelope('URI_TOO_LONG', message, request.id));
    return;
  }
  request.log.error({ err: error }, 'router error');
  reply.status(500).send(envelope('INTERNAL_ERROR', 'Internal server error', request.id));
}

/** Links are restored and stores restarted within seconds; the same as the token checks' 503 (docs/API.md). */
const DATA_STORE_RETRY_AFTER_SECONDS = '5';

/** Maps every failure to the envelope (docs/API.md#errors); unknown errors are logged in full, then 500. */
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
        .send(envelope('VALIDATION_FAILED', validationMessage(context, issues), request.id, { issues }));
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
    if (isDataStoreUnavailable(error)) {
      // Logged as an error still: an outage should be seen, but it is the contract's 503, not a bug.
      request.log.error({ err: error }, 'data store unreachable');
      return reply
        .status(503)
        .header('retry-after', DATA_STORE_RETRY_AFTER_SECONDS)
        .send(
          envelope(
            'SERVICE_UNAVAILABLE',
            'A data store is unreachable right now; try again shortly',
            request.id,
          ),
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
