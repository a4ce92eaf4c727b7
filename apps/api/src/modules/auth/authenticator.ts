import type { Database } from '@truck4u/database';
import { AppError } from '../../errors/app-error';
import type { AuthContext, RequestAuthenticator } from '../../http/authenticate';
import { isAccountDeactivated } from '../users/users.repository';
import type { AccessTokens } from './access-token';
import type { RevocationService } from './revocation.service';

/**
 * Turns an access token into an identity, or throws the precise reason it is refused. Shared by the HTTP
 * hook and the Socket.io handshake, so both enforce the same revocation rules.
 */
export class Authenticator implements RequestAuthenticator {
  constructor(
    private readonly db: Database,
    private readonly tokens: AccessTokens,
    private readonly revocations: RevocationService,
  ) {}

  async authenticate(token: string | null, alongside?: () => void): Promise<AuthContext> {
    if (!token)
      throw new AppError('TOKEN_MISSING', 'Send an access token as "Authorization: Bearer <token>"');
    const claims = await this.tokens.verify(token);
    // Started after the signature check (a forged token costs no Redis read) and before the revocation
    // lookup is sent, so both are on the wire together; its result is used only if the verdict below passes.
    alongside?.();
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
}
