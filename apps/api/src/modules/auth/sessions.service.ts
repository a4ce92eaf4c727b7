import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { TokenPair, UserRef } from '@truck4u/contracts';
import type { Database, Executor } from '@truck4u/database';
import type { Config } from '../../config/config';
import { AppError } from '../../errors/app-error';
import type { AccessClaims } from '../../http/authenticate';
import { isAccountDeactivated, lockAccount } from '../users/users.repository';
import type { AccessTokens } from './access-token';
import type { RevocationService } from './revocation.service';
import {
  findRefreshToken,
  insertRefreshToken,
  markRefreshTokenReplaced,
  readDatabaseClockMs,
  revokeRefreshTokenFamily,
  revokeUserRefreshTokens,
  spendRefreshToken,
} from './sessions.repository';

export interface ClientInfo {
  ip: string;
  userAgent?: string | undefined;
}

const hashToken = (raw: string) => createHash('sha256').update(raw).digest('hex');

/** Refresh tokens carry 256 bits of randomness, so a fast hash is enough to keep them useless if leaked. */
function newRefreshToken(): { raw: string; hash: string } {
  const raw = randomBytes(32).toString('base64url');
  return { raw, hash: hashToken(raw) };
}

const deactivated = () =>
  new AppError('ACCOUNT_DEACTIVATED', 'This account is deactivated; contact Truck4u support');

/**
 * Login sessions: a session is a refresh-token family. Starting, rotating and ending sessions, and the
 * user-wide cut-off used by logout-all, password reset and suspension.
 */
export class SessionsService {
  constructor(
    private readonly db: Database,
    private readonly accessTokens: AccessTokens,
    private readonly revocations: RevocationService,
    private readonly config: Config['tokens'],
  ) {}

  /** Issues a new session for an account that has just proven who it is. */
  async start(subject: UserRef, client: ClientInfo): Promise<TokenPair> {
    return this.db.transaction(async (tx) => {
      const nowMs = await this.lockForIssue(tx, subject);
      return this.issuePair(tx, subject, randomUUID(), client, nowMs);
    });
  }

  /** Rotates a refresh token. A token presented twice revokes its whole family (it was stolen or replayed). */
  async refresh(rawToken: string, client: ClientInfo): Promise<TokenPair> {
    const tokenHash = hashToken(rawToken);
    const outcome = await this.db.transaction(async (tx) => {
      // Of two concurrent refreshes with the same token, exactly one spends it.
      const spent = await spendRefreshToken(tx, tokenHash);
      if (!spent) return { kind: 'rejected' as const };
      const subject = { role: spent.userRole, id: spent.userId };
      const nowMs = await this.lockForIssue(tx, subject);
      const pair = await this.issuePair(tx, subject, spent.familyId, client, nowMs, spent.id);
      return { kind: 'rotated' as const, pair };
    });
    if (outcome.kind === 'rotated') return outcome.pair;

    const known = await findRefreshToken(this.db, tokenHash);
    if (known && (await isAccountDeactivated(this.db, known.userRole, known.userId))) throw deactivated();
    if (known?.usedAt) {
      await this.revokeFamily(known.familyId, 'refresh token reuse');
      throw new AppError(
        'REFRESH_TOKEN_REUSED',
        'This refresh token was already used; the session has been ended for safety',
      );
    }
    throw new AppError('REFRESH_TOKEN_INVALID', 'Refresh token is invalid, expired or revoked');
  }

  /**
   * Logout: this access token, this session's refresh tokens, and any other refresh token the client names.
   * Answers the ids of the sessions it ended, whose open sockets the caller then closes.
   */
  async end(claims: AccessClaims, extraRefreshToken?: string): Promise<string[]> {
    await this.revocations.revokeAccessToken(claims, 'logout');
    await this.revokeFamily(claims.sid, 'logout');
    const ended = [claims.sid];
    if (extraRefreshToken) {
      const row = await findRefreshToken(this.db, hashToken(extraRefreshToken));
      // Another user's token is ignored silently: logout never tells a caller about someone else's session.
      if (row && row.userId === claims.sub && row.userRole === claims.role && row.familyId !== claims.sid) {
        await this.revokeFamily(row.familyId, 'logout');
        ended.push(row.familyId);
      }
    }
    return ended;
  }

  /**
   * Ends every session of an account: revokes all refresh tokens and cuts off access tokens issued before
   * now. `mutate` runs in the same transaction while the account row is locked (e.g. deactivate, new password).
   */
  async endAll(subject: UserRef, reason: string, mutate?: (tx: Executor) => Promise<void>): Promise<void> {
    const cutoffMs = await this.db.transaction(async (tx) => {
      const account = await lockAccount(tx, subject.role, subject.id, 'update');
      if (!account) throw new AppError('NOT_FOUND', 'Account not found');
      await mutate?.(tx);
      await revokeUserRefreshTokens(tx, subject, reason);
      // Taken after the lock: any login that raced us committed before this instant, so its tokens die.
      return readDatabaseClockMs(tx);
    });
    await this.revocations.cutOffUser(subject.role, subject.id, reason, cutoffMs);
  }

  private async revokeFamily(familyId: string, reason: string): Promise<void> {
    await revokeRefreshTokenFamily(this.db, familyId, reason);
    await this.revocations.revokeSession(familyId, reason);
  }

  /** Share-locks the account so a concurrent cut-off waits for us; returns the database clock in ms. */
  private async lockForIssue(tx: Executor, subject: UserRef): Promise<number> {
    const account = await lockAccount(tx, subject.role, subject.id, 'share');
    if (!account) throw new AppError('REFRESH_TOKEN_INVALID', 'Account no longer exists');
    if (account.isDeactivated) throw deactivated();
    // One clock (the database's) for issue times and cut-offs, so api instances with skewed clocks agree.
    return readDatabaseClockMs(tx);
  }

  private async issuePair(
    tx: Executor,
    subject: UserRef,
    familyId: string,
    client: ClientInfo,
    nowMs: number,
    replacesId?: string,
  ): Promise<TokenPair> {
    const refresh = newRefreshToken();
    const refreshExpiresAt = new Date(nowMs + this.config.refreshTtlSeconds * 1000);
    const id = await insertRefreshToken(tx, {
      tokenHash: refresh.hash,
      familyId,
      userRole: subject.role,
      userId: subject.id,
      expiresAt: refreshExpiresAt,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
    });
    if (replacesId && id) await markRefreshTokenReplaced(tx, replacesId, id);
    const access = await this.accessTokens.sign(subject, familyId, nowMs);
    return {
      accessToken: access.token,
      refreshToken: refresh.raw,
      accessTokenExpiresAt: new Date(access.claims.exp * 1000).toISOString(),
      refreshTokenExpiresAt: refreshExpiresAt.toISOString(),
    };
  }
}
