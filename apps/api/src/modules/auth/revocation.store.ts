import type { BlacklistStats, Role } from '@truck4u/contracts';
import { type Database, type DatabaseHandle, tokenRevocations } from '@truck4u/database';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { AppError } from '../../http/app-error';
import type { AccessClaims } from './access-token';
import {
  BLACKLIST_PREFIX,
  revocationKind,
  revokedSessionKey,
  revokedTokenKey,
  userCutoffKey,
} from './revocation-keys';

export type RevocationVerdict =
  | { revoked: false }
  | { revoked: true; kind: 'token' | 'session' }
  | { revoked: true; kind: 'user'; cutoffMs: number };

interface Revocation {
  key: string;
  /** For user cut-offs: tokens issued before this instant are dead. */
  cutoffMs?: number;
  reason: string;
  ttlMs: number;
}

const NOTIFY_CHANNEL = 'token_revocations';

/**
 * The token blacklist. Every revocation is written to Postgres first (durable) and then to Redis (fast);
 * checks read Redis and fall back to Postgres when Redis is unreachable or has just come back empty.
 * When both are down, checks refuse with 503 rather than let a revoked token through.
 */
export class RevocationStore {
  /** False until this process has copied Postgres' live revocations into the current Redis connection. */
  private isRedisInSync = false;
  private syncing: Promise<void> | undefined;
  private listener: pg.PoolClient | undefined;
  private isClosed = false;
  private readonly db: Database;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly redis: Redis,
    private readonly redisKeyPrefix: string,
    private readonly accessTtlSeconds: number,
    private readonly log: FastifyBaseLogger,
  ) {
    this.db = database.db;
    // Redis keeps nothing across a restart here, and a revocation may have been written while it was
    // down: on every (re)connection, rebuild the blacklist from Postgres before trusting Redis again.
    redis.on('ready', () => void this.resync());
    redis.on('end', () => {
      this.isRedisInSync = false;
    });
    redis.on('close', () => {
      this.isRedisInSync = false;
    });
    if (redis.status === 'ready') void this.resync();
    void this.listenForRevocations();
  }

  async close(): Promise<void> {
    this.isClosed = true;
    this.listener?.release(true);
    this.listener = undefined;
  }

  /**
   * An instance that cannot reach Redis records revocations in Postgres only and announces them with
   * NOTIFY; every instance that hears it copies the row into Redis, so instances that trust Redis see it.
   */
  private async listenForRevocations(): Promise<void> {
    if (this.isClosed) return;
    try {
      const client = await this.database.pool.connect();
      if (this.isClosed) {
        // Closed while we were connecting: holding the client would keep pool.end() waiting forever.
        client.release(true);
        return;
      }
      this.listener = client;
      client.on('notification', (message) => {
        if (message.channel === NOTIFY_CHANNEL && message.payload) void this.copyKeyToRedis(message.payload);
      });
      client.on('error', () => {
        // close() may have released this client already (its connection then errors as the pool ends),
        // and a broken connection can report more than one error: release it only while it is ours.
        if (this.listener !== client) return;
        this.listener = undefined;
        client.release(true);
        if (!this.isClosed) setTimeout(() => void this.listenForRevocations(), 1_000).unref();
      });
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch {
      if (!this.isClosed) setTimeout(() => void this.listenForRevocations(), 1_000).unref();
    }
  }

  private async copyKeyToRedis(key: string): Promise<void> {
    try {
      const [row] = await this.db.select().from(tokenRevocations).where(eq(tokenRevocations.key, key));
      if (!row) return;
      const ttlMs = row.expiresAt.getTime() - Date.now();
      if (ttlMs <= 0) return;
      await this.redis.set(
        this.redisKeyPrefix + row.key,
        redisValue(row.cutoffAt?.getTime(), row.reason ?? 'revoked'),
        'PX',
        ttlMs,
      );
    } catch {
      // This instance cannot reach Redis either; another instance, or the next resync, will copy it.
    }
  }

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

  async check(claims: AccessClaims): Promise<RevocationVerdict> {
    const keys = [
      revokedTokenKey(claims.jti),
      userCutoffKey(claims.role, claims.sub),
      revokedSessionKey(claims.sid),
    ] as const;
    const found = (await this.readFromRedis(keys)) ?? (await this.readFromDatabase(keys));
    if (found.has(keys[0])) return { revoked: true, kind: 'token' };
    if (found.has(keys[2])) return { revoked: true, kind: 'session' };
    const cutoff = found.get(keys[1]);
    if (cutoff !== undefined && claims.iat * 1000 < cutoff)
      return { revoked: true, kind: 'user', cutoffMs: cutoff };
    return { revoked: false };
  }

  async stats(): Promise<BlacklistStats> {
    const counts = { token: 0, user: 0, session: 0 };
    let source: BlacklistStats['source'] = 'redis';
    try {
      if (!this.isRedisInSync) throw new Error('redis not in sync');
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(
          cursor,
          'MATCH',
          `${this.redisKeyPrefix}${BLACKLIST_PREFIX}*`,
          'COUNT',
          1000,
        );
        cursor = next;
        for (const key of keys) counts[revocationKind(key.slice(this.redisKeyPrefix.length))] += 1;
      } while (cursor !== '0');
    } catch {
      source = 'database';
      counts.token = counts.user = counts.session = 0;
      const rows = await this.db
        .select({ key: tokenRevocations.key })
        .from(tokenRevocations)
        .where(gt(tokenRevocations.expiresAt, sql`now()`));
      for (const row of rows) counts[revocationKind(row.key)] += 1;
    }
    return {
      revokedAccessTokens: counts.token,
      userCutoffs: counts.user,
      revokedSessions: counts.session,
      total: counts.token + counts.user + counts.session,
      source,
    };
  }

  /** Copies every live revocation from Postgres into Redis; concurrent callers share one run. */
  resync(): Promise<void> {
    this.syncing ??= this.copyDatabaseToRedis()
      .then(() => {
        this.isRedisInSync = true;
      })
      .catch((error: unknown) => {
        this.log.warn(
          { err: error },
          'could not rebuild the token blacklist in Redis; using Postgres for checks',
        );
        // A Redis that is down triggers 'ready' when it returns; retry here only for passing failures.
        if (!this.isClosed && this.redis.status === 'ready')
          setTimeout(() => void this.resync(), 1_000).unref();
      })
      .finally(() => {
        this.syncing = undefined;
      });
    return this.syncing;
  }

  private async copyDatabaseToRedis(): Promise<void> {
    const rows = await this.db
      .select()
      .from(tokenRevocations)
      .where(gt(tokenRevocations.expiresAt, sql`now()`));
    if (rows.length === 0) return;
    const pipeline = this.redis.pipeline();
    const now = Date.now();
    for (const row of rows) {
      const ttlMs = row.expiresAt.getTime() - now;
      if (ttlMs <= 0) continue;
      pipeline.set(
        this.redisKeyPrefix + row.key,
        redisValue(row.cutoffAt?.getTime(), row.reason ?? 'revoked'),
        'PX',
        ttlMs,
      );
    }
    const results = await pipeline.exec();
    const failure = results?.find(([error]) => error)?.[0];
    if (failure) throw new Error(`pipeline failed while rebuilding the blacklist: ${failure.message}`);
  }

  private async write(revocation: Revocation): Promise<void> {
    const expiresAt = new Date(Date.now() + revocation.ttlMs);
    const cutoffAt = revocation.cutoffMs === undefined ? null : new Date(revocation.cutoffMs);
    // Postgres first: it is what makes the revocation survive a Redis restart.
    await this.db
      .insert(tokenRevocations)
      .values({ key: revocation.key, cutoffAt, reason: revocation.reason, expiresAt })
      .onConflictDoUpdate({
        target: tokenRevocations.key,
        // A later cut-off supersedes an earlier one; never move a cut-off backwards.
        set: {
          cutoffAt: sql`GREATEST(${tokenRevocations.cutoffAt}, excluded.cutoff_at)`,
          reason: sql`excluded.reason`,
          expiresAt: sql`GREATEST(${tokenRevocations.expiresAt}, excluded.expires_at)`,
        },
      });
    try {
      await this.redis.set(
        this.redisKeyPrefix + revocation.key,
        redisValue(revocation.cutoffMs, revocation.reason),
        'PX',
        Math.max(1, Math.ceil(revocation.ttlMs)),
      );
    } catch (error) {
      // Postgres has it; until Redis is rebuilt, this process checks against Postgres, and instances
      // that can reach Redis copy it there when they hear the notification.
      this.isRedisInSync = false;
      this.log.warn({ err: error }, 'blacklist write to Redis failed; falling back to Postgres for checks');
      await this.db.execute(sql`SELECT pg_notify(${NOTIFY_CHANNEL}, ${revocation.key})`);
      void this.resync();
    }
  }

  private async readFromRedis(keys: readonly string[]): Promise<Map<string, number> | null> {
    if (!this.isRedisInSync) return null;
    try {
      const values = await this.redis.mget(...keys.map((k) => this.redisKeyPrefix + k));
      const found = new Map<string, number>();
      values.forEach((value, index) => {
        const key = keys[index];
        if (value !== null && key !== undefined) found.set(key, parseCutoff(value));
      });
      return found;
    } catch {
      return null;
    }
  }

  private async readFromDatabase(keys: readonly string[]): Promise<Map<string, number>> {
    try {
      const rows = await this.db
        .select({ key: tokenRevocations.key, cutoffAt: tokenRevocations.cutoffAt })
        .from(tokenRevocations)
        .where(and(inArray(tokenRevocations.key, [...keys]), gt(tokenRevocations.expiresAt, sql`now()`)));
      return new Map(rows.map((r) => [r.key, r.cutoffAt?.getTime() ?? 0]));
    } catch (error) {
      this.log.error({ err: error }, 'token blacklist unreachable in both Redis and Postgres');
      throw new AppError('SERVICE_UNAVAILABLE', 'Authentication is temporarily unavailable', {
        headers: { 'retry-after': '5' },
      });
    }
  }
}

// The value of a user key is the cut-off in epoch milliseconds ("tokens issued before T are dead");
// other keys hold the reason, for operators reading Redis.
function redisValue(cutoffMs: number | undefined, reason: string): string {
  return cutoffMs === undefined ? reason : String(cutoffMs);
}

function parseCutoff(value: string): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}
