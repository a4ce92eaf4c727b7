import type { DatabaseHandle } from '@truck4u/database';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from '../../infra/logger';
import {
  announceRevocation,
  findLiveRevocations,
  findRevocation,
  REVOCATIONS_CHANNEL,
} from './revocation.repository';
import { BLACKLIST_PREFIX, type RevocationKind, revocationKind } from './revocation-keys';

export interface Revocation {
  key: string;
  /** For user cut-offs: tokens issued before this instant are dead. */
  cutoffMs?: number;
  reason: string;
  ttlMs: number;
}

const RETRY_MS = 1_000;

/**
 * The Redis copy of the token blacklist, kept in step with Postgres (the durable copy): rebuilt on every
 * Redis (re)connection, and fed by the NOTIFYs of instances that could not write to Redis themselves.
 * Nothing happens until `start()`.
 */
export class RevocationSync {
  /** False until this process has copied Postgres' live revocations into the current Redis connection. */
  private isRedisInSync = false;
  private syncing: Promise<void> | undefined;
  private listener: pg.PoolClient | undefined;
  private isStarted = false;
  private isClosed = false;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly redis: Redis,
    private readonly redisKeyPrefix: string,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  /**
   * Begins following Redis and the revocations channel. Returns at once: until Redis is in sync, checks
   * are answered from Postgres, so the api can serve while Redis or the listener is still connecting.
   */
  start(): void {
    if (this.isStarted || this.isClosed) return;
    this.isStarted = true;
    // Redis keeps nothing across a restart here, and a revocation may have been written while it was
    // down: on every (re)connection, rebuild the blacklist from Postgres before trusting Redis again.
    this.redis.on('ready', this.onRedisReady);
    this.redis.on('end', this.onRedisLost);
    this.redis.on('close', this.onRedisLost);
    if (this.redis.status === 'ready') void this.resync();
    void this.listenForRevocations();
  }

  async close(): Promise<void> {
    this.isClosed = true;
    this.redis.off('ready', this.onRedisReady);
    this.redis.off('end', this.onRedisLost);
    this.redis.off('close', this.onRedisLost);
    this.listener?.release(true);
    this.listener = undefined;
  }

  /**
   * The cut-offs (0 for keys without one) of those `keys` that Redis holds, and the raw values of the
   * `alongside` keys (full keys, read by the same MGET); null when Redis cannot be trusted.
   */
  async read(
    keys: readonly string[],
    alongside: readonly string[] = [],
  ): Promise<{ found: Map<string, number>; alongside: (string | null)[] } | null> {
    if (!this.isRedisInSync) return null;
    try {
      const values = await this.redis.mget(...keys.map((k) => this.redisKeyPrefix + k), ...alongside);
      const found = new Map<string, number>();
      for (let index = 0; index < keys.length; index++) {
        const value = values[index];
        const key = keys[index];
        if (value != null && key !== undefined) found.set(key, parseCutoff(value));
      }
      return { found, alongside: values.slice(keys.length) };
    } catch {
      return null;
    }
  }

  /** Copies a revocation Postgres already holds into Redis, or announces it to instances that can. */
  async copy(revocation: Revocation): Promise<void> {
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
      await announceRevocation(this.database.db, revocation.key);
      void this.resync();
    }
  }

  /** Live keys in Redis by kind; null when Redis cannot be trusted or the scan fails. */
  async countByKind(): Promise<Record<RevocationKind, number> | null> {
    if (!this.isRedisInSync) return null;
    const counts = { token: 0, user: 0, session: 0 };
    try {
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
      return counts;
    } catch {
      return null;
    }
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
          setTimeout(() => void this.resync(), RETRY_MS).unref();
      })
      .finally(() => {
        this.syncing = undefined;
      });
    return this.syncing;
  }

  private readonly onRedisReady = () => void this.resync();

  private readonly onRedisLost = () => {
    this.isRedisInSync = false;
  };

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
        if (message.channel === REVOCATIONS_CHANNEL && message.payload)
          void this.copyKeyToRedis(message.payload);
      });
      client.on('error', () => {
        // close() may have released this client already (its connection then errors as the pool ends),
        // and a broken connection can report more than one error: release it only while it is ours.
        if (this.listener !== client) return;
        this.listener = undefined;
        client.release(true);
        if (!this.isClosed) setTimeout(() => void this.listenForRevocations(), RETRY_MS).unref();
      });
      await client.query(`LISTEN ${REVOCATIONS_CHANNEL}`);
    } catch {
      if (!this.isClosed) setTimeout(() => void this.listenForRevocations(), RETRY_MS).unref();
    }
  }

  private async copyKeyToRedis(key: string): Promise<void> {
    try {
      const row = await findRevocation(this.database.db, key);
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

  private async copyDatabaseToRedis(): Promise<void> {
    const rows = await findLiveRevocations(this.database.db);
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
