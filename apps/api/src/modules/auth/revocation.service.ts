import type { BlacklistStats, Role } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { AppError } from '../../errors/app-error';
import type { AccessClaims } from '../../http/authenticate';
import type { Logger } from '../../infra/logger';
import type { RevocationLookupMetric } from '../../infra/revocation-metrics';
import { findLiveCutoffs, findLiveRevocationKeys, upsertRevocation } from './revocation.repository';
import type { Revocation, RevocationSync } from './revocation.sync';
import { revocationKind, revokedSessionKey, revokedTokenKey, userCutoffKey } from './revocation-keys';

export type RevocationVerdict =
  | { revoked: false }
  | { revoked: true; kind: 'token' | 'session' }
  | { revoked: true; kind: 'user'; cutoffMs: number };

/**
 * The token blacklist. Every revocation is written to Postgres first (durable) and then to Redis (fast);
 * checks read Redis and fall back to Postgres when Redis is unreachable or has just come back empty.
 * When both are down, checks refuse with 503 rather than let a revoked token through.
 */
export class RevocationService {
  constructor(
    private readonly db: Database,
    private readonly redisCopy: RevocationSync,
    private readonly accessTtlSeconds: number,
    private readonly log: Pick<Logger, 'error'>,
    private readonly lookups?: RevocationLookupMetric,
  ) {}

  revokeAccessToken(claims: Pick<AccessClaims, 'jti' | 'exp'>, reason: string): Promise<void> {
    const ttlMs = claims.exp * 1000 - Date.now();
    if (ttlMs <= 0) return Promise.resolve();
    return this.write({ key: revokedTokenKey(claims.jti), reason, ttlMs });
  }

  /** Kills every access token of the user issued before `cutoffMs`. Tokens issued later stay valid. */
  cutOffUser(role: Role, userId: string, reason: string, cutoffMs = Date.now()): Promise<void> {
    return this.write({
      key: userCutoffKey(role, userId),
      cutoffMs,
      reason,
      ttlMs: this.accessTtlSeconds * 1000,
    });
  }

  revokeSession(sessionId: string, reason: string): Promise<void> {
    return this.write({ key: revokedSessionKey(sessionId), reason, ttlMs: this.accessTtlSeconds * 1000 });
  }

  /**
   * The verdict on `claims`. `alongside` are other Redis keys read by the same MGET (http/authenticate.ts,
   * authenticateReading): their values, or null when the verdict did not come from Redis.
   */
  async check(
    claims: AccessClaims,
    alongside: readonly string[] = [],
  ): Promise<{ verdict: RevocationVerdict; alongside: (string | null)[] | null }> {
    const keys = [
      revokedTokenKey(claims.jti),
      userCutoffKey(claims.role, claims.sub),
      revokedSessionKey(claims.sid),
    ] as const;
    const started = performance.now();
    const fromRedis = await this.redisCopy.read(keys, alongside);
    const found = fromRedis?.found ?? (await this.readFromDatabase(keys));
    this.lookups?.observe(fromRedis ? 'redis' : 'postgres', (performance.now() - started) / 1000);
    return { verdict: verdictOf(claims, keys, found), alongside: fromRedis?.alongside ?? null };
  }

  async stats(): Promise<BlacklistStats> {
    let source: BlacklistStats['source'] = 'redis';
    let counts = await this.redisCopy.countByKind();
    if (!counts) {
      source = 'database';
      counts = { token: 0, user: 0, session: 0 };
      for (const key of await findLiveRevocationKeys(this.db)) counts[revocationKind(key)] += 1;
    }
    return {
      revokedAccessTokens: counts.token,
      userCutoffs: counts.user,
      revokedSessions: counts.session,
      total: counts.token + counts.user + counts.session,
      source,
    };
  }

  private async write(revocation: Revocation): Promise<void> {
    // Postgres first: it is what makes the revocation survive a Redis restart.
    await upsertRevocation(this.db, {
      key: revocation.key,
      cutoffAt: revocation.cutoffMs === undefined ? null : new Date(revocation.cutoffMs),
      reason: revocation.reason,
      expiresAt: new Date(Date.now() + revocation.ttlMs),
    });
    await this.redisCopy.copy(revocation);
  }

  private async readFromDatabase(keys: readonly string[]): Promise<Map<string, number>> {
    try {
      return await findLiveCutoffs(this.db, keys);
    } catch (error) {
      this.log.error({ err: error }, 'token blacklist unreachable in both Redis and Postgres');
      throw new AppError('SERVICE_UNAVAILABLE', 'Authentication is temporarily unavailable', {
        headers: { 'retry-after': '5' },
      });
    }
  }
}

function verdictOf(
  claims: AccessClaims,
  keys: readonly [token: string, user: string, session: string],
  found: ReadonlyMap<string, number>,
): RevocationVerdict {
  if (found.has(keys[0])) return { revoked: true, kind: 'token' };
  if (found.has(keys[2])) return { revoked: true, kind: 'session' };
  const cutoff = found.get(keys[1]);
  if (cutoff !== undefined && claims.iat * 1000 < cutoff)
    return { revoked: true, kind: 'user', cutoffMs: cutoff };
  return { revoked: false };
}
