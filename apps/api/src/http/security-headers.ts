import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The helmet configuration of every response. The Swagger UI at /docs needs inline styles and scripts. */
export const HELMET_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
    },
  },
};

export interface SecurityHeaders {
  set: ReadonlyArray<readonly [name: string, value: string]>;
  removed: readonly string[];
}

/**
 * Runs helmet once against a stand-in response and records what it does. With a fixed configuration
 * (no nonces, no per-request directives) its output never changes, so there is no reason to run it, as
 * @fastify/helmet does, on every request.
 */
export function computeSecurityHeaders(options: Readonly<HelmetOptions> = HELMET_OPTIONS): SecurityHeaders {
  const set = new Map<string, string>();
  const removed: string[] = [];
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.set(name, Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader(name: string) {
      set.delete(name);
      removed.push(name);
    },
  };
  let failure: unknown;
  // helmet's middleware is synchronous for a configuration without functions; `next` runs before it returns.
  helmet(options)({} as never, response as never, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return { set: [...set], removed };
}

/**
 * What every api answer carries: the REST set of OWASP's cheat sheet. Every answer but the Swagger UI is JSON
 * or a file download, never a page to render, run scripts in or frame, so a CSP that allows nothing and
 * refuses framing says all helmet's page-oriented headers do, in a sixth of the bytes (each response writes
 * them). The Swagger UI gets helmet's full set (`DOCS_SECURITY_HEADERS`).
 */
export const API_SECURITY_HEADERS: SecurityHeaders = {
  set: [
    ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Referrer-Policy', 'no-referrer'],
    ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
  ],
  removed: ['X-Powered-By'],
};

/** A synchronous onRequest hook setting `headers` (sync: an async hook costs a promise per request). */
export function securityHeadersHook(headers: SecurityHeaders) {
  const { set, removed } = headers;
  return (_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const raw = reply.raw;
    for (const [name, value] of set) raw.setHeader(name, value);
    for (const name of removed) raw.removeHeader(name);
    done();
  };
}

/** Sets precomputed security headers on every response, from one onRequest hook. */
export function registerSecurityHeaders(app: FastifyInstance, headers: SecurityHeaders): void {
  app.addHook('onRequest', securityHeadersHook(headers));
}
