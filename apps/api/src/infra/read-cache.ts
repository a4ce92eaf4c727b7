import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CacheMetrics } from './cache-metrics';
import type { Logger } from './logger';
import { type RedisScript, redisScript, runScript } from './redis-script';

/**
 * KEYS are (value, generation) pairs. For each pair: [1, value] on a hit, else [0, generation] ('' when the
 * generation key does not exist), so a miss learns the generation its fill must still find, in the same trip.
 */
const READ = `
local out = {}
for i = 1, #KEYS, 2 do
  local v = redis.call('GET', KEYS[i])
  if v then
    out[#out + 1] = 1
    out[#out + 1] = v
  else
    out[#out + 1] = 0
    out[#out + 1] = redis.call('GET', KEYS[i + 1]) or ''
  end
end
return out`;

/** ARGV[1] the TTL, then (generation, value) per pair: a value is stored only if its generation is unchanged. */
const FILL = `
local stored = 0
for i = 1, #KEYS, 2 do
  local g = redis.call('GET', KEYS[i + 1]) or ''
  if g == ARGV[i + 1] then
    redis.call('SET', KEYS[i], ARGV[i + 2], 'EX', ARGV[1])
    stored = stored + 1
  end
end
return stored`;

/** A fresh generation (never one seen before) and the value dropped, for each pair, atomically. */
const INVALIDATE = `
for i = 1, #KEYS, 2 do
  redis.call('SET', KEYS[i + 1], ARGV[1], 'EX', ARGV[2])
  redis.call('DEL', KEYS[i])
end
return 1`;

const READ_SCRIPT = redisScript(READ);
const FILL_SCRIPT = redisScript(FILL);
const INVALIDATE_SCRIPT = redisScript(INVALIDATE);

// A generation only has to outlive the loads that read it (milliseconds); an hour leaves a wide margin.
const GENERATION_TTL_SECONDS = 3_600;
const WARN_EVERY_MS = 10_000;

export interface ReadCacheOptions {
  /** The `cache` label of the hit/miss counters, and the key segment. */
  name: string;
  /** Bumped when the cached JSON changes shape, so a deploy never reads the old shape. */
  version: number;
  /** `config.redis.keyPrefix`. */
  keyPrefix: string;
  /**
   * A safety net only: every write that changes a cached value invalidates it. It bounds how long a value
   * can outlive a write whose invalidation could not reach Redis.
   */
  ttlSeconds: number;
  metrics?: CacheMetrics | undefined;
  log?: Pick<Logger, 'warn'> | undefined;
}

/** What one READ round trip found: the hits, and for each miss the generation its fill must still find. */
export interface CachePeek<T> {
  /** The ids looked up, without repeats. */
  ids: string[];
  hits: Map<string, T>;
  generations: Map<string, string>;
  isRedisUp: boolean;
}

/**
 * Read-through cache of JSON values in Redis, in front of Postgres reads (docs/OBSERVABILITY.md#read-cache).
 *
 * Staleness: a writer calls `invalidate` after its transaction commits. Invalidating writes a new, unique
 * generation next to the value and deletes the value. A miss reads the generation in the same round trip
 * as the value, loads from Postgres, and stores what it loaded only if the generation is still the one it
 * read. So a load that raced a write (it may have read the row before the commit) cannot put the old value
 * back after the write's invalidation: the generation moved and the fill is refused. A fill that lands
 * before the invalidation is deleted by it. Unique generations (not a counter) mean an expired and
 * recreated generation key can never look unchanged.
 *
 * Fail open: when Redis errors, reads go to the loader (counted as misses) and nothing is stored; a
 * request never fails because the cache is down.
 *
 * `load` must read committed rows only: through the pool, or inside a transaction that has written none of
 * the rows the value is made of (at READ COMMITTED each statement sees committed data only). A value a
 * transaction wrote itself must never reach the cache, since that transaction may still roll back.
 */
export class ReadCache<T> {
  readonly #redis: Redis;
  readonly #options: ReadCacheOptions;
  readonly #prefix: string;
  #lastWarnAt = 0;

  constructor(redis: Redis, options: ReadCacheOptions) {
    this.#redis = redis;
    this.#options = options;
    this.#prefix = `${options.keyPrefix}cache:${options.name}:v${options.version}:`;
  }

  /** The key holding `id`'s value (tests read it). */
  keyOf(id: string): string {
    return `${this.#prefix}${id}`;
  }

  async get(id: string, load: () => Promise<T>): Promise<T> {
    const found = await this.getMany([id], async () => new Map([[id, await load()]]));
    return found.get(id) as T;
  }

  /**
   * The read half of `getMany`, on its own so a caller can start it early (e.g. in the same round trip as the
   * auth check, http/authenticate.ts) and hand the result to `getMany` for the same ids. Never rejects, and
   * counts nothing: a peek whose request is then refused is not a lookup.
   */
  async peek(ids: readonly string[]): Promise<CachePeek<T>> {
    const unique = [...new Set(ids)];
    const hits = new Map<string, T>();
    const generations = new Map<string, string>();
    if (unique.length === 0) return { ids: unique, hits, generations, isRedisUp: true };
    try {
      const reply = (await this.#run(READ_SCRIPT, this.#pairs(unique), [])) as (number | string)[];
      unique.forEach((id, i) => {
        const payload = String(reply[i * 2 + 1]);
        if (Number(reply[i * 2]) === 1) hits.set(id, JSON.parse(payload) as T);
        else generations.set(id, payload);
      });
      return { ids: unique, hits, generations, isRedisUp: true };
    } catch (error) {
      this.#warn(error, 'read cache unavailable; reading from the source');
      return sourceOnly(unique);
    }
  }

  /**
   * `peek` as a read done by someone else's command: `keys` (each id's value, then its generation) for the
   * auth check's MGET (http/authenticate.ts, AuthAlongside), and `finish` turning what it read into the peek.
   * MGET reads all its keys at one instant, as the READ script does, so a miss's generation is the one its
   * fill must still find. `finish(null)` (Redis was not read) peeks on its own.
   */
  peekAlongside(ids: readonly string[]): {
    keys: string[];
    finish(values: readonly (string | null)[] | null): CachePeek<T> | Promise<CachePeek<T>>;
  } {
    const unique = [...new Set(ids)];
    return { keys: this.#pairs(unique), finish: (values) => this.#peekFrom(unique, values) };
  }

  #peekFrom(
    unique: string[],
    values: readonly (string | null)[] | null,
  ): CachePeek<T> | Promise<CachePeek<T>> {
    if (values === null || values.length !== unique.length * 2) return this.peek(unique);
    const hits = new Map<string, T>();
    const generations = new Map<string, string>();
    try {
      unique.forEach((id, i) => {
        const value = values[i * 2];
        if (value != null) hits.set(id, JSON.parse(value) as T);
        else generations.set(id, values[i * 2 + 1] ?? '');
      });
    } catch (error) {
      this.#warn(error, 'read cache value unreadable; reading from the source');
      return sourceOnly(unique);
    }
    return { ids: unique, hits, generations, isRedisUp: true };
  }

  /**
   * Every id's value in one round trip; the misses are loaded together by `load`, which returns a value for
   * each id it knows. An id `load` leaves out is not in the result and is not cached (e.g. a deleted row).
   */
  async getMany(
    ids: readonly string[],
    load: (missing: string[]) => Promise<Map<string, T>>,
    peeked?: CachePeek<T>,
  ): Promise<Map<string, T>> {
    const unique = [...new Set(ids)];
    // A peek of other ids (e.g. the raw route parameter spelled differently) is not this lookup's.
    const isPeekOfIds = peeked?.ids.length === unique.length && unique.every((id, i) => peeked.ids[i] === id);
    const { hits, generations, isRedisUp } = peeked && isPeekOfIds ? peeked : await this.peek(unique);
    const result = new Map(hits);
    if (result.size > 0) this.#count('hit', result.size);
    const missing = [...generations.keys()];
    if (missing.length === 0) return result;
    this.#count('miss', missing.length);

    const loaded = await load(missing);
    const fills: string[] = [];
    const fillIds: string[] = [];
    for (const id of missing) {
      if (!loaded.has(id)) continue;
      const value = loaded.get(id) as T;
      result.set(id, value);
      fillIds.push(id);
      fills.push(generations.get(id) ?? '', JSON.stringify(value));
    }
    if (isRedisUp && fillIds.length > 0) {
      try {
        await this.#run(FILL_SCRIPT, this.#pairs(fillIds), [String(this.#options.ttlSeconds), ...fills]);
      } catch (error) {
        this.#warn(error, 'read cache fill failed');
      }
    }
    return result;
  }

  /**
   * Call after the write's transaction has committed (never inside it: a reader could load the old row
   * between this call and the commit, and the fill would then be allowed). Never throws: the write has
   * happened; a failure is logged and the TTL bounds the staleness.
   */
  async invalidate(...ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.#run(INVALIDATE_SCRIPT, this.#pairs([...new Set(ids)]), [
        randomUUID(),
        String(GENERATION_TTL_SECONDS),
      ]);
    } catch (error) {
      this.#warn(error, 'read cache invalidation failed; the value expires with its TTL', true);
    }
  }

  #pairs(ids: readonly string[]): string[] {
    return ids.flatMap((id) => [this.keyOf(id), `${this.keyOf(id)}:gen`]);
  }

  #count(kind: 'hit' | 'miss', n: number): void {
    const metrics = this.#options.metrics;
    if (!metrics) return;
    for (let i = 0; i < n; i++) metrics[kind](this.#options.name);
  }

  #run(script: RedisScript, keys: string[], args: string[]): Promise<unknown> {
    return runScript(this.#redis, script, keys, args);
  }

  #warn(error: unknown, message: string, always = false): void {
    const now = Date.now();
    // Redis down makes every lookup fail: one line per few seconds says so without flooding the log.
    if (!always && now - this.#lastWarnAt < WARN_EVERY_MS) return;
    this.#lastWarnAt = now;
    this.#options.log?.warn({ err: error, cache: this.#options.name }, message);
  }
}

/** A peek that found nothing it may trust: every id is loaded from the source, and nothing is stored. */
function sourceOnly<T>(ids: string[]): CachePeek<T> {
  return { ids, hits: new Map(), generations: new Map(ids.map((id) => [id, ''])), isRedisUp: false };
}
