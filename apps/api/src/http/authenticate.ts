import type { Role } from '@truck4u/contracts';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError } from '../errors/app-error';
import type { AuthContext, Authenticator } from '../modules/auth/authenticator';

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
export function requireAuth(authenticator: Authenticator, ...roles: Role[]): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const auth = await authenticator.authenticate(bearerToken(request.headers.authorization));
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
