import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

export interface CorsPolicy {
  /** Browser origins allowed to call the api with credentials; any other gets no CORS header. */
  origins: readonly string[];
  methods: readonly string[];
  /** Request headers a browser may send. */
  allowedHeaders: readonly string[];
  /** Response headers a browser's script may read. */
  exposedHeaders: readonly string[];
  /** How long a browser may reuse a preflight's answer. */
  preflightMaxAgeSeconds: number;
}

/**
 * CORS for an allow-list of origins, with every header value fixed at startup. @fastify/cors, which this
 * replaces, copied its options object and wrote the credentials and exposed-headers headers on every
 * answer, also to callers that send no Origin (the mobile app, servers, curl) and that no browser guards.
 * Every answer says `Vary: Origin`, so a cache never serves one origin's answer to another.
 */
export function registerCors(app: FastifyInstance, policy: CorsPolicy): void {
  const origins = new Set(policy.origins);
  const exposed = policy.exposedHeaders.join(', ');
  const methods = policy.methods.join(', ');
  const allowedHeaders = policy.allowedHeaders.join(', ');
  const maxAge = String(policy.preflightMaxAgeSeconds);

  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const raw = reply.raw;
    raw.setHeader('Vary', 'Origin');
    const origin = request.headers.origin;
    if (origin !== undefined && origins.has(origin)) {
      raw.setHeader('Access-Control-Allow-Origin', origin);
      raw.setHeader('Access-Control-Allow-Credentials', 'true');
      raw.setHeader('Access-Control-Expose-Headers', exposed);
    }
    done();
  });

  // A preflight: the browser asks before a request with credentials, a JSON body or custom headers.
  app.options(
    '*',
    { schema: { hide: true } },
    (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
      const origin = request.headers.origin;
      if (origin !== undefined && origins.has(origin)) {
        reply.header('Access-Control-Allow-Methods', methods);
        reply.header('Access-Control-Allow-Headers', allowedHeaders);
        reply.header('Access-Control-Max-Age', maxAge);
      }
      // Safari waits for a body on a 204 without Content-Length.
      return reply.code(204).header('Content-Length', '0').send();
    },
  );
}
