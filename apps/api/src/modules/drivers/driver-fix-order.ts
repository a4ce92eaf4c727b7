import type { Redis } from 'ioredis';

// Keeps the newest fix time seen for the driver and says whether this one is at least as new, in one step so
// two instances taking positions of the same driver at once agree.
const ADVANCE = `
local newest = redis.call('GET', KEYS[1])
if newest and tonumber(newest) > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/**
 * The order of a driver's fixes. A phone that was offline replays its queued positions after reconnecting,
 * sometimes after a live one already went through; a fix older than the newest known one must not move the
 * driver back on the map or in dispatch, so it is recognised here and dropped.
 */
export class DriverFixOrder {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    /** How long the newest fix time is kept: longer than a phone stays offline with positions queued. */
    private readonly rememberMs = 6 * 60 * 60_000,
  ) {}

  /** True when `atMs` is not older than the newest fix known for the driver (it then becomes the newest). */
  async advance(driverId: string, atMs: number): Promise<boolean> {
    const taken = await this.redis.eval(
      ADVANCE,
      1,
      `${this.keyPrefix}driver:newest-fix:${driverId}`,
      String(Math.floor(atMs)),
      String(this.rememberMs),
    );
    return taken === 1;
  }
}

/**
 * When a reported fix was taken: its `recordedAt` when the phone sent one (a replay), now otherwise. A clock
 * ahead of the server's cannot place a fix in the future.
 */
export function fixTimeOf(recordedAt: string | undefined, nowMs: number): number {
  if (recordedAt === undefined) return nowMs;
  const at = Date.parse(recordedAt);
  return Number.isNaN(at) ? nowMs : Math.min(at, nowMs);
}
