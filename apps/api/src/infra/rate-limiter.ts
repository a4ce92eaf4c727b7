import type { Redis } from 'ioredis';

export interface LimitRule {
  /** Key without the deployment prefix, e.g. "rl:sms:phone:+21620000000". */
  key: string;
  limit: number;
  windowSeconds: number;
}

export type LimitOutcome = { allowed: true } | { allowed: false; rule: LimitRule; retryAfterSeconds: number };

// Checks every rule first and counts only if all pass, atomically: a refused request uses up no budget,
// so a client hammering one limit cannot exhaust another (e.g. a victim's per-phone SMS budget).
const CHECK_THEN_COUNT = `
for i = 1, #KEYS do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  if count >= tonumber(ARGV[i * 2 - 1]) then
    local ttl = redis.call('PTTL', KEYS[i])
    return {i, ttl}
  end
end
for i = 1, #KEYS do
  local count = redis.call('INCR', KEYS[i])
  if count == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[i * 2]) end
end
return {0, 0}
`;

const COUNT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
`;

/** Fixed-window counters in Redis, shared by every api instance. Commands fail fast when Redis is down. */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Consumes one unit from every rule if none is exhausted. */
  async consume(rules: LimitRule[]): Promise<LimitOutcome> {
    const result = (await this.redis.eval(
      CHECK_THEN_COUNT,
      rules.length,
      ...rules.map((r) => this.prefix + r.key),
      ...rules.flatMap((r) => [r.limit, r.windowSeconds * 1000]),
    )) as [number, number];
    const [index, ttlMs] = result;
    if (index === 0) return { allowed: true };
    const rule = rules[index - 1];
    if (!rule) throw new Error('rate limiter returned an unknown rule');
    return { allowed: false, rule, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
  }

  /** Returns the first exhausted rule without consuming anything. */
  async peek(rules: LimitRule[]): Promise<LimitOutcome> {
    const counts = await this.redis.mget(...rules.map((r) => this.prefix + r.key));
    for (const [i, rule] of rules.entries()) {
      if (Number(counts[i] ?? 0) >= rule.limit) {
        const ttl = await this.redis.pttl(this.prefix + rule.key);
        return { allowed: false, rule, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
      }
    }
    return { allowed: true };
  }

  async count(rule: LimitRule): Promise<void> {
    await this.redis.eval(COUNT, 1, this.prefix + rule.key, rule.windowSeconds * 1000);
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  /** Sets a one-shot cooldown; false if it was already running. Returns remaining seconds when refused. */
  async startCooldown(
    key: string,
    seconds: number,
  ): Promise<{ started: true } | { started: false; retryAfterSeconds: number }> {
    if (seconds <= 0) return { started: true };
    const ok = await this.redis.set(this.prefix + key, '1', 'PX', seconds * 1000, 'NX');
    if (ok === 'OK') return { started: true };
    const ttl = await this.redis.pttl(this.prefix + key);
    return { started: false, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
  }
}
