import type { Role } from '@truck4u/contracts';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError } from '../errors/app-error';

/** What a verified access token says (modules/auth issues and verifies them). */
export interface AccessClaims {
  sub: string;
  role: Role;
  jti: string;
  /** Session (refresh-token family) the token was issued in. */
  sid: string;
  /** Issued-at in seconds with millisecond fraction, so a cut-off at T never kills a token issued just after T. */
  iat: number;
  exp: number;
}

export interface AuthContext {
  claims: AccessClaims;
  role: Role;
  userId: string;
}

/**
 * Turns an access token into an identity, or throws the precise reason it is refused. Declared here and
 * implemented by modules/auth (Authenticator), so this plumbing depends on no domain module.
 */
export interface RequestAuthenticator {
  /**
   * `alongside` runs once the token's signature and claims hold, in the same tick as the revocation lookup
   * is sent, so a Redis read it starts shares that round trip. It must only read: the token may still turn
   * out revoked, and then whatever it fetched is dropped.
   */
  authenticate(token: string | null, alongside?: () => void): Promise<AuthContext>;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * onRequest hook: requires a valid token, and one of `roles` when given. It runs before the body is
 * parsed or validated, so anonymous callers learn nothing about a route's input rules.
 */
export function requireAuth(
  authenticator: RequestAuthenticator,
  ...roles: Role[]
): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const auth = await authenticator.authenticate(bearerToken(request.headers.authorization));
    if (roles.length > 0 && !roles.includes(auth.role)) {
      throw new AppError('FORBIDDEN', `This action is for ${roles.join(' or ')} accounts`);
    }
    request.auth = auth;
  };
}

/**
 * A route's read started together with the revocation check (one Redis round trip for both), and handed to
 * the handler only once authentication passed: `requireAuthWith(authenticator, lookup, ...roles)` starts
 * it, `lookup.take(request)` gives it to the handler (undefined when it was not started).
 */
export class AuthAlongside<T> {
  readonly #started = new WeakMap<FastifyRequest, T>();

  constructor(private readonly start: (request: FastifyRequest) => T | undefined) {}

  begin(request: FastifyRequest): void {
    const started = this.start(request);
    if (started !== undefined) this.#started.set(request, started);
  }

  take(request: FastifyRequest): T | undefined {
    const started = this.#started.get(request);
    this.#started.delete(request);
    return started;
  }
}

/** `requireAuth`, starting `lookup` beside the revocation check (AuthAlongside). */
export function requireAuthWith(
  authenticator: RequestAuthenticator,
  lookup: AuthAlongside<unknown>,
  ...roles: Role[]
): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const auth = await authenticator.authenticate(bearerToken(request.headers.authorization), () =>
      lookup.begin(request),
    );
    if (roles.length > 0 && !roles.includes(auth.role)) {
      throw new AppError('FORBIDDEN', `This action is for ${roles.join(' or ')} accounts`);
    }
    request.auth = auth;
  };
}

/** The identity set by `requireAuth`; calling it on an open route is a programming error. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Error('route is missing its auth hook');
  return request.auth;
}
