import { VEHICLE_TYPES, type VehicleType } from '@truck4u/contracts';
import type { Redis } from 'ioredis';

export interface NearbyDriver {
  driverId: string;
  distanceMeters: number;
}

// Removes members whose last-seen time is older than the cut-off, re-checking the time inside Redis so a
// driver who reported a position between our read and this prune is kept.
const PRUNE_STALE = `
local cutoff = tonumber(ARGV[1])
for i = 2, #ARGV do
  local seen = redis.call('ZSCORE', KEYS[2], ARGV[i])
  if (not seen) or tonumber(seen) < cutoff then
    redis.call('ZREM', KEYS[1], ARGV[i])
    redis.call('ZREM', KEYS[2], ARGV[i])
  end
end
return 0
`;

/**
 * Live driver positions: one Redis GEO set per vehicle type (`<prefix>geo:drivers:<TYPE>`) and one sorted
 * set of last-seen times (`<prefix>geo:drivers:seen`). A position older than `freshForMs` does not count,
 * and is pruned lazily when a search meets it. Redis is only an index: Postgres decides who may work.
 */
export class DriverGeoIndex {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly freshForMs: number,
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
    const cutoff = nowMs - this.freshForMs;
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
    if (stale.length > 0) await this.redis.eval(PRUNE_STALE, 2, key, this.seenKey, cutoff, ...stale);
    return fresh;
  }
}
