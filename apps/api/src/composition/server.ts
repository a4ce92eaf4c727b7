import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../config/config';
import { registerCors } from '../http/cors';
import { answerFrameworkError, MAX_PATH_PARAM_LENGTH, registerErrorHandling } from '../http/error-handler';
import { registerMetrics } from '../http/metrics';
import { OneLinePerRequest } from '../http/request-logging';
import {
  API_SECURITY_HEADERS,
  computeSecurityHeaders,
  HELMET_OPTIONS,
  registerSecurityHeaders,
  securityHeadersHook,
} from '../http/security-headers';
import { logStream } from '../infra/logger';
import { SERVICE_INFO } from '../modules/health/service-info';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The Fastify instance with everything that is not a route: logging, request ids, zod validation, the error
 * envelope, metrics, security headers, CORS and the OpenAPI document with its UI at /docs.
 */
export async function createServer(config: Config) {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken', '*.code'],
      stream: logStream(config),
    },
    logController: new OneLinePerRequest(),
    trustProxy: config.http.trustProxy,
    bodyLimit: 256 * 1024,
    requestIdHeader: false,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    // A bad percent-encoding or an over-long path segment still answers in the error envelope.
    frameworkErrors: answerFrameworkError,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('auth', null);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  registerErrorHandling(app);
  registerMetrics(app, { token: config.metrics.token });

  // Fixed at startup (http/security-headers.ts): the REST set on every answer, helmet's full set on /docs.
  registerSecurityHeaders(app, API_SECURITY_HEADERS);
  registerCors(app, {
    origins: config.http.allowedOrigins,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after', 'idempotent-replayed'],
    preflightMaxAgeSeconds: 600,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Truck4u API',
        version: SERVICE_INFO.version,
        description:
          'Freight marketplace for Tunisia. Errors use the envelope { error: { code, message, details?, requestId } }. Money is integer millimes.',
      },
      servers: [{ url: config.http.publicUrl }],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  const docsHeaders = securityHeadersHook(computeSecurityHeaders(HELMET_OPTIONS));
  await app.register(swaggerUi, { routePrefix: '/docs', uiHooks: { onRequest: docsHeaders } });
  return app;
}

export type ApiServer = Awaited<ReturnType<typeof createServer>>;
