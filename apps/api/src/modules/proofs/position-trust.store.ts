import type { Redis } from 'ioredis';
import { redisScript, runScript } from '../../infra/redis-script';
import type { PositionScriptStep } from '../drivers/driver-geo-index';

/** A driver position and when it was taken. */
export interface Fix {
  lat: number;
  lng: number;
  atMs: number;
}

export type FixVerdict =
  | { kind: 'TRUSTED' }
  /** Older than the last trusted fix (a replay arriving late): neither trusted nor a jump. */
  | { kind: 'STALE' }
  /** Implies an impossible speed from the last trusted fix, which stays the trusted one. */
  | { kind: 'JUMP'; previous: Fix; distanceMeters: number; speedKmh: number };

// Fixes this close are never a jump, whatever the time between them: GPS noise and two fixes in one second.
const JUMP_SLACK_METERS = 100;

// KEYS[1]: the driver's last trusted fix (hash lat, lng, at). ARGV: lat, lng, at (ms), max speed (m/s),
// slack (m), key lifetime (ms). Compares with the last trusted fix and stores the new one only when it is
// plausible, in one step, so two api instances taking the same driver's positions cannot both pass a jump.
// Returns { 'TRUSTED' } | { 'STALE' } | { 'JUMP', lat, lng, at, distance }.
const CHECK_AND_TRUST = `
local lat, lng, at = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local prev = redis.call('HMGET', KEYS[1], 'lat', 'lng', 'at')
if prev[3] then
  local plat, plng, pat = tonumber(prev[1]), tonumber(prev[2]), tonumber(prev[3])
  if at < pat then return { 'STALE' } end
  local rad = math.pi / 180
  local dlat, dlng = (lat - plat) * rad, (lng - plng) * rad
  local h = math.sin(dlat / 2) ^ 2 + math.cos(plat * rad) * math.cos(lat * rad) * math.sin(dlng / 2) ^ 2
  local d = 2 * 6371008.8 * math.asin(math.min(1, math.sqrt(h)))
  local seconds = (at - pat) / 1000
  if d > tonumber(ARGV[5]) + tonumber(ARGV[4]) * seconds then
    return { 'JUMP', prev[1], prev[2], prev[3], tostring(d) }
  end
end
redis.call('HSET', KEYS[1], 'lat', ARGV[1], 'lng', ARGV[2], 'at', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return { 'TRUSTED' }`;
const CHECK_AND_TRUST_SCRIPT = redisScript(CHECK_AND_TRUST);

/**
 * The last plausible position of each driver (`<prefix>trust:last-fix:<driverId>`), the one the dropoff
 * check trusts. A fix implying a speed above the limit from the last trusted one is a jump: reported to the
 * caller and not kept. (A driver whose trusted fix was itself wrong is trusted again once enough time has
 * passed for the distance to be plausible; the flags show an admin what happened meanwhile.)
 */
export class PositionTrustStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly maxSpeedKmh: number,
    /** Longer than any ride: the check needs only the recent fixes, but a jump after a pause must be seen. */
    private readonly rememberMs = 6 * 60 * 60_000,
  ) {}

  private key(driverId: string): string {
    return `${this.keyPrefix}trust:last-fix:${driverId}`;
  }

  async check(driverId: string, fix: Fix): Promise<FixVerdict> {
    const { keys, args } = this.checkStep(driverId, fix);
    return this.verdictOf(await runScript(this.redis, CHECK_AND_TRUST_SCRIPT, keys, args), fix);
  }

  /**
   * `check` as a step of the driver's position report (DriverGeoIndex.recordPosition), so the report and
   * the check share one Redis round trip; `verdictOf` reads its reply.
   */
  checkStep(driverId: string, fix: Fix): PositionScriptStep {
    return {
      script: CHECK_AND_TRUST,
      keys: [this.key(driverId)],
      args: [
        String(fix.lat),
        String(fix.lng),
        String(Math.floor(fix.atMs)),
        String(this.maxSpeedKmh / 3.6),
        String(JUMP_SLACK_METERS),
        String(this.rememberMs),
      ],
    };
  }

  /** The verdict CHECK_AND_TRUST's reply gives on `fix`. */
  verdictOf(reply: unknown, fix: Fix): FixVerdict {
    const [kind, lat, lng, at, distance] = reply as string[];
    if (kind === 'TRUSTED') return { kind: 'TRUSTED' };
    if (kind === 'STALE') return { kind: 'STALE' };
    const previous = { lat: Number(lat), lng: Number(lng), atMs: Number(at) };
    const distanceMeters = Math.round(Number(distance));
    const seconds = Math.max((fix.atMs - previous.atMs) / 1000, 0.001);
    return { kind: 'JUMP', previous, distanceMeters, speedKmh: Math.round((distanceMeters / seconds) * 3.6) };
  }

  /** The driver's last trusted fix, or null when none is known. */
  async lastTrusted(driverId: string): Promise<Fix | null> {
    const [lat, lng, at] = await this.redis.hmget(this.key(driverId), 'lat', 'lng', 'at');
    if (lat == null || lng == null || at == null) return null;
    return { lat: Number(lat), lng: Number(lng), atMs: Number(at) };
  }
}
