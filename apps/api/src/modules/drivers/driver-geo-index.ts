import { VEHICLE_TYPES, type VehicleType } from '@truck4u/contracts';
import type { Redis } from 'ioredis';

export interface NearbyDriver {
  driverId: string;
  distanceMeters: number;
}

// KEYS[1] is the last-seen set, the others GEO sets. Removes the given drivers whose last-seen time is older
// than the cut-off (or missing) from all of them and returns those, re-checking the time inside Redis so a
// driver heard from between our read and this call is kept.
const PRUNE_STALE = `
local cutoff = tonumber(ARGV[1])
local removed = {}
for i = 2, #ARGV do
  local seen = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if (not seen) or tonumber(seen) < cutoff then
    for k = 1, #KEYS do redis.call('ZREM', KEYS[k], ARGV[i]) end
    removed[#removed + 1] = ARGV[i]
  end
end
return removed
`;

/**
 * Live driver positions: one Redis GEO set per vehicle type (`<prefix>geo:drivers:<TYPE>`) and one sorted
 * set of last-seen times (`<prefix>geo:drivers:seen`: the last position, or going online, of an online
 * driver). A driver not seen for `presenceTtlMs` does not count; searches prune such entries as they meet
 * them and the presence sweep removes the rest. Redis is only an index: Postgres decides who may work.
 */
export class DriverGeoIndex {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly presenceTtlMs: number,
  ) {}

  geoKey(vehicleType: VehicleType): string {
    return `${this.prefix}geo:drivers:${vehicleType}`;
  }

  get seenKey(): string {
    return `${this.prefix}geo:drivers:seen`;
  }

  async upsert(
    driverId: string,
    vehicleType: VehicleType,
    position: { lat: number; lng: number },
    atMs = Date.now(),
  ): Promise<void> {
    await this.redis
      .multi()
      .geoadd(this.geoKey(vehicleType), position.lng, position.lat, driverId)
      .zadd(this.seenKey, atMs, driverId)
      .exec();
  }

  /** Records that an online driver was heard from without a position (e.g. they just went online). */
  async markSeen(driverId: string, atMs = Date.now()): Promise<void> {
    await this.redis.zadd(this.seenKey, atMs, driverId);
  }

  /** When each driver was last seen (epoch ms), null for drivers the index does not know. */
  async lastSeen(driverIds: readonly string[]): Promise<(number | null)[]> {
    if (driverIds.length === 0) return [];
    const scores = await this.redis.zmscore(this.seenKey, ...driverIds);
    return scores.map((score) => (score == null ? null : Number(score)));
  }

  /** Drivers whose last-seen time is before `cutoffMs`. */
  async seenBefore(cutoffMs: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.seenKey, '-inf', `(${cutoffMs}`);
  }

  /**
   * Removes from the index those of `driverIds` not seen since `cutoffMs` (or never), re-checked atomically in
   * Redis, and returns them.
   */
  async removeUnseenSince(driverIds: readonly string[], cutoffMs: number): Promise<string[]> {
    if (driverIds.length === 0) return [];
    const geoKeys = VEHICLE_TYPES.map((type) => this.geoKey(type));
    return (await this.redis.eval(
      PRUNE_STALE,
      1 + geoKeys.length,
      this.seenKey,
      ...geoKeys,
      cutoffMs,
      ...driverIds,
    )) as string[];
  }

  /** Removes the driver from every vehicle type's index (a driver may have changed vehicle). */
  async remove(driverId: string): Promise<void> {
    const multi = this.redis.multi().zrem(this.seenKey, driverId);
    for (const type of VEHICLE_TYPES) multi.zrem(this.geoKey(type), driverId);
    await multi.exec();
  }

  /** Drivers of the type with a fresh position within the radius, nearest first, at most `count`. */
  async searchFresh(
    vehicleType: VehicleType,
    center: { lat: number; lng: number },
    radiusKm: number,
    count: number,
    nowMs = Date.now(),
  ): Promise<NearbyDriver[]> {
    const key = this.geoKey(vehicleType);
    const raw = (await this.redis.geosearch(
      key,
      'FROMLONLAT',
      center.lng,
      center.lat,
      'BYRADIUS',
      radiusKm,
      'km',
      'ASC',
      'COUNT',
      count,
      'WITHDIST',
    )) as [string, string][];
    if (raw.length === 0) return [];
    const ids = raw.map(([id]) => id);
    const seen = await this.redis.zmscore(this.seenKey, ...ids);
    const cutoff = nowMs - this.presenceTtlMs;
    const fresh: NearbyDriver[] = [];
    const stale: string[] = [];
    raw.forEach(([driverId, distanceKm], i) => {
      const seenAt = seen[i];
      if (seenAt != null && Number(seenAt) >= cutoff) {
        fresh.push({ driverId, distanceMeters: Math.round(Number(distanceKm) * 1000) });
      } else {
        stale.push(driverId);
      }
    });
    if (stale.length > 0) await this.redis.eval(PRUNE_STALE, 2, this.seenKey, key, cutoff, ...stale);
    return fresh;
  }
}
