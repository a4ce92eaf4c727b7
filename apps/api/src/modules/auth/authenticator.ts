import type { Database } from '@truck4u/database';
import { AppError } from '../../errors/app-error';
import type {
  AccessClaims,
  AlongsideValues,
  AuthContext,
  RequestAuthenticator,
} from '../../http/authenticate';
import { isAccountDeactivated } from '../users/users.repository';
import type { AccessTokens } from './access-token';
import type { RevocationService } from './revocation.service';

/**
 * Turns an access token into an identity, or throws the precise reason it is refused. Shared by the HTTP
 * hook and the Socket.io handshake, so both enforce the same revocation rules.
 */
const NO_KEYS: readonly string[] = [];
const noKeys = () => NO_KEYS;

export class Authenticator implements RequestAuthenticator {
  constructor(
    private readonly db: Database,
    private readonly tokens: AccessTokens,
    private readonly revocations: RevocationService,
  ) {}

  async authenticate(token: string | null): Promise<AuthContext> {
    return (await this.authenticateReading(token, noKeys)).auth;
  }

  async authenticateReading(
    token: string | null,
    keysFor: (claims: AccessClaims) => readonly string[],
  ): Promise<{ auth: AuthContext; values: AlongsideValues | null }> {
    if (!token)
      throw new AppError('TOKEN_MISSING', 'Send an access token as "Authorization: Bearer <token>"');
    // The signature first: a forged token costs no Redis read.
    const claims = this.tokens.verifyNow(token);
    // The route's keys travel in the revocation lookup's MGET; they are used only if the verdict passes.
    const { verdict, alongside } = await this.revocations.check(claims, keysFor(claims));
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
    return { auth: { claims, role: claims.role, userId: claims.sub }, values: alongside };
  }
}
