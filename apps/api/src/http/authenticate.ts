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

/** Values read in the revocation check's own Redis command, in the order of the keys asked for. */
export type AlongsideValues = readonly (string | null)[];

/**
 * Turns an access token into an identity, or throws the precise reason it is refused. Declared here and
 * implemented by modules/auth (Authenticator), so this plumbing depends on no domain module.
 */
export interface RequestAuthenticator {
  authenticate(token: string | null): Promise<AuthContext>;
  /**
   * `authenticate`, with the keys `keysFor` gives for the verified claims (full Redis keys of plain string
   * values) read by the same command as the revocation lookup: one command and one round trip for both. It
   * runs only once the signature holds, so a forged token costs no read and names no account. `values` is
   * null when Redis was not read (unreachable, or not yet trusted since it came back); the caller then reads
   * them its own way.
   */
  authenticateReading(
    token: string | null,
    keysFor: (claims: AccessClaims) => readonly string[],
  ): Promise<{ auth: AuthContext; values: AlongsideValues | null }>;
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
    request.auth = withRole(auth, roles);
  };
}

const NO_KEYS: readonly string[] = [];

/** What a route reads beside the auth check: the keys, and how their values become the handler's input. */
export interface AlongsideRead<T> {
  keys: readonly string[];
  /** `values` null: Redis was not read with the auth check (see `authenticateReading`). */
  finish(values: AlongsideValues | null): T;
}

/**
 * A route's Redis read done by the revocation check's own command (one round trip for both), and handed to
 * the handler only once authentication passed: `requireAuthWith(authenticator, lookup, ...roles)` reads it,
 * `lookup.take(request)` gives it to the handler (undefined when the route asked for nothing).
 */
export class AuthAlongside<T> {
  readonly #found = new WeakMap<FastifyRequest, T>();

  /** `claims` are verified (signature and clock) but not yet checked against revocation. */
  constructor(
    readonly plan: (request: FastifyRequest, claims: AccessClaims) => AlongsideRead<T> | undefined,
  ) {}

  keep(request: FastifyRequest, value: T): void {
    this.#found.set(request, value);
  }

  take(request: FastifyRequest): T | undefined {
    const found = this.#found.get(request);
    this.#found.delete(request);
    return found;
  }
}

/** `requireAuth`, reading `lookup`'s keys in the revocation check's command (AuthAlongside). */
export function requireAuthWith<T>(
  authenticator: RequestAuthenticator,
  lookup: AuthAlongside<T>,
  ...roles: Role[]
): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    let plan: AlongsideRead<T> | undefined;
    const { auth, values } = await authenticator.authenticateReading(
      bearerToken(request.headers.authorization),
      (claims) => {
        plan = lookup.plan(request, claims);
        return plan?.keys ?? NO_KEYS;
      },
    );
    request.auth = withRole(auth, roles);
    if (plan) lookup.keep(request, plan.finish(values));
  };
}

/** `auth`, when its role is one of `roles` (any role when none are given). */
function withRole(auth: AuthContext, roles: readonly Role[]): AuthContext {
  if (roles.length > 0 && !roles.includes(auth.role)) {
    throw new AppError('FORBIDDEN', `This action is for ${roles.join(' or ')} accounts`);
  }
  return auth;
}

/** The identity set by `requireAuth`; calling it on an open route is a programming error. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Error('route is missing its auth hook');
  return request.auth;
}
