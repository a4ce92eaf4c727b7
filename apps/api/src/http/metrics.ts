import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';
import { AppError } from '../errors/app-error';
import { createMetricsRegistry } from '../infra/metrics-registry';
import { bearerToken } from './authenticate';

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's Prometheus registry: the composition adds the pool, socket and service metrics to it. */
    metrics: Registry;
  }
}

export type MetricsAccess = 'allowed' | 'token_missing' | 'token_invalid' | 'not_loopback';

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (`::ffff:127.0.0.1`, what a dual-stack socket reports). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4.startsWith('127.') || address === '::1';
}

/** Compares digests, so neither the content nor the length of the expected token leaks through timing. */
function isSameToken(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Who may read /metrics. With a token configured, only a matching bearer token, from anywhere. Without one,
 * only loopback callers, judged by the socket's peer address: `request.ip` follows X-Forwarded-For when
 * TRUST_PROXY is on, and a client can write that header itself.
 */
export function decideMetricsAccess(input: {
  token: string | undefined;
  authorization: string | undefined;
  socketAddress: string | undefined;
}): MetricsAccess {
  if (input.token === undefined) return isLoopbackAddress(input.socketAddress) ? 'allowed' : 'not_loopback';
  const given = bearerToken(input.authorization);
  if (given === null) return 'token_missing';
  return isSameToken(given, input.token) ? 'allowed' : 'token_invalid';
}

/**
 * Prometheus metrics at /metrics: request duration by route and status, the process defaults, and whatever
 * the composition adds to the registry (`app.metrics`, docs/OBSERVABILITY.md).
 */
export function registerMetrics(app: FastifyInstance, options: { token: string | undefined }): Registry {
  // One registry per app instance: tests run several apps in one process.
  const registry = createMetricsRegistry();
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  // One labelled child per (method, route, status), made once: `observe(labels, v)` hashes the labels on
  // every call. Nothing resets this histogram, so the children stay the registry's own.
  const children = new Map<string, ReturnType<typeof duration.labels>>();
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw URL, keeps label cardinality bounded.
    const route = request.routeOptions.url ?? 'unmatched';
    if (route !== '/metrics') {
      const key = `${request.method} ${reply.statusCode} ${route}`;
      let child = children.get(key);
      if (!child) {
        child = duration.labels(request.method, route, String(reply.statusCode));
        children.set(key, child);
      }
      child.observe(reply.elapsedTime / 1000);
    }
    done();
  });

  app.decorate('metrics', registry);
  registerMetricsRoute(app, { registry, token: options.token });
  return registry;
}

/** GET /metrics serving `registry`, behind the access rule of `decideMetricsAccess` (the api and the worker). */
export function registerMetricsRoute(
  app: FastifyInstance,
  options: { registry: Registry; token: string | undefined },
): void {
  const { registry } = options;
  app.get(
    '/metrics',
    {
      schema: { hide: true },
      onRequest: async (request) => {
        const access = decideMetricsAccess({
          token: options.token,
          authorization: request.headers.authorization,
          socketAddress: request.socket.remoteAddress,
        });
        if (access === 'token_missing')
          throw new AppError('TOKEN_MISSING', 'Send the metrics token as a bearer token');
        if (access === 'token_invalid') throw new AppError('TOKEN_INVALID', 'The metrics token is not valid');
        if (access === 'not_loopback')
          throw new AppError('FORBIDDEN', 'Metrics answer loopback callers only unless METRICS_TOKEN is set');
      },
    },
    async (_request, reply) => {
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    },
  );
}
