import type { Role } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { AccessClaims, AccessTokens } from '../modules/auth/access-token';
import type { RevocationStore } from '../modules/auth/revocation.store';
import { isAccountDeactivated } from '../modules/users/users.repository';
import { AppError } from './app-error';

export interface AuthContext {
  claims: AccessClaims;
  role: Role;
  userId: string;
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
 * Turns an access token into an identity, or throws the precise reason it is refused. Shared by the HTTP
 * hook and (later) the Socket.io handshake, so both enforce the same revocation rules.
 */
export class Authenticator {
  constructor(
    private readonly db: Database,
    private readonly tokens: AccessTokens,
    private readonly revocations: RevocationStore,
  ) {}

  async authenticate(token: string | null): Promise<AuthContext> {
    if (!token)
      throw new AppError('TOKEN_MISSING', 'Send an access token as "Authorization: Bearer <token>"');
    const claims = await this.tokens.verify(token);
    const verdict = await this.revocations.check(claims);
    if (verdict.revoked) {
      if (verdict.kind === 'user') {
        // Rare path: tell a suspended account apart from one that merely logged out everywhere.
        const isDeactivated = await isAccountDeactivated(this.db, claims.role, claims.sub).catch(() => false);
        if (isDeactivated)
          throw new AppError('ACCOUNT_DEACTIVATED', 'This account is deactivated; contact Truck4u support');
        throw new AppError('USER_TOKENS_REVOKED', 'All sessions of this account were ended; log in again');
      }
      throw new AppError('TOKEN_REVOKED', 'This session has ended; log in again');
    }
    return { claims, role: claims.role, userId: claims.sub };
  }

  /**
   * onRequest hook: requires a valid token, and one of `roles` when given. It runs before the body is
   * parsed or validated, so anonymous callers learn nothing about a route's input rules.
   */
  require(...roles: Role[]): onRequestAsyncHookHandler {
    return async (request: FastifyRequest, _reply: FastifyReply) => {
      const auth = await this.authenticate(bearerToken(request.headers.authorization));
      if (roles.length > 0 && !roles.includes(auth.role)) {
        throw new AppError('FORBIDDEN', `This action is for ${roles.join(' or ')} accounts`);
      }
      request.auth = auth;
    };
  }
}

/** The identity set by `Authenticator.require`; calling it on an open route is a programming error. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Error('route is missing its auth hook');
  return request.auth;
}
