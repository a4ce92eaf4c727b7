import { haversineMeters, VEHICLE_TYPES, type VehicleType } from '@truck4u/contracts';
import type { Redis } from 'ioredis';
import { type RedisScript, redisScript, runScript } from '../../infra/redis-script';

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

// One position report, atomically and in one round trip.
// KEYS: the type's GEO set, the last-seen set, the persist-claim key, the newest-fix key, the fleet positions
// hash, the fleet throttle key. ARGV: lng, lat, driver id, now (ms), claim lifetime (ms, 0: no claim, always
// due), whether the driver must still be in the last-seen set, whether the driver is online, the fix time
// (ms), how long the newest fix time is kept (ms), the fleet entry ('' : no fleet), the fleet throttle (ms).
// 1. A fix older than the newest one known changes nothing (a replay arriving late: driver-fix-order.ts).
// 2. An online driver goes into the index; the last-seen guard lets a caller acting on a cached "online" keep
//    off the index a driver who went offline meanwhile (going offline removes them from every set, on
//    whichever instance).
// 3. An indexed position is the fleet's latest for the driver; at most one per throttle window is announced.
// 4. The "Postgres gets this one" claim.
// Returns { stale, indexed, persist due, fleet announce due }, each 0/1.
const RECORD_POSITION = `
local newest = redis.call('GET', KEYS[4])
if newest and tonumber(newest) > tonumber(ARGV[8]) then return { 1, 0, 0, 0 } end
redis.call('SET', KEYS[4], ARGV[8], 'PX', ARGV[9])
local indexed, announce = 0, 0
if ARGV[7] == '1' and (ARGV[6] == '0' or redis.call('ZSCORE', KEYS[2], ARGV[3])) then
  redis.call('GEOADD', KEYS[1], ARGV[1], ARGV[2], ARGV[3])
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
  indexed = 1
  if ARGV[10] ~= '' then
    redis.call('HSET', KEYS[5], ARGV[3], ARGV[10])
    announce = redis.call('SET', KEYS[6], '1', 'PX', ARGV[11], 'NX') and 1 or 0
  end
end
local due = 1
if ARGV[5] ~= '0' then
  due = redis.call('SET', KEYS[3], '1', 'PX', ARGV[5], 'NX') and 1 or 0
end
return { 0, indexed, due, announce }
`;

// Where a nearest-drivers search starts before widening (see nearestWithin): a city centre holds dozens of
// drivers per km², a rural pickup few, and either way the widening costs only a few round trips.
const FIRST_SEARCH_RADIUS_KM = 1;

// EVALSHA spares Redis hashing the script on every report (infra/redis-script.ts).
const RECORD_POSITION_SCRIPT = redisScript(RECORD_POSITION);
const RECORD_POSITION_KEYS = 6;
const RECORD_POSITION_ARGS = 11;

/**
 * RECORD_POSITION followed by other modules' steps (PositionScriptStep), as one script: a report stays one
 * round trip whatever observes it, and a step runs only when the fix was not stale, exactly as if its owner
 * had run it after the report. Each script becomes a function of its own KEYS and ARGV, so its text is the
 * one it runs alone. ARGV after RECORD_POSITION's: each step's key and argument counts, then the steps' own
 * ARGV in order (their KEYS follow RECORD_POSITION's the same way). A step's error is caught and returned,
 * as its owner running it alone would have seen it, and leaves the recorded position alone.
 * Returns { RECORD_POSITION's reply } when stale, else that followed by { 1, reply } | { 0, error } per step.
 */
function composeRecordScript(steps: readonly string[]): string {
  const functions = steps.map((script, i) => `local function step${i + 1}(KEYS, ARGV)\n${script}\nend`);
  return `
local function record(KEYS, ARGV)
${RECORD_POSITION}
end
${functions.join('\n')}
local steps = { ${steps.map((_, i) => `step${i + 1}`).join(', ')} }
local function slice(list, from, count)
  local part = {}
  for i = 1, count do part[i] = list[from + i - 1] end
  return part
end
local recorded = record(slice(KEYS, 1, ${RECORD_POSITION_KEYS}), slice(ARGV, 1, ${RECORD_POSITION_ARGS}))
if recorded[1] == 1 then return { recorded } end
local replies = { recorded }
local key, arg = ${RECORD_POSITION_KEYS + 1}, ${RECORD_POSITION_ARGS + 1} + 2 * #steps
for i = 1, #steps do
  local keyCount = tonumber(ARGV[${RECORD_POSITION_ARGS} + 2 * i - 1])
  local argCount = tonumber(ARGV[${RECORD_POSITION_ARGS} + 2 * i])
  local ok, reply = pcall(steps[i], slice(KEYS, key, keyCount), slice(ARGV, arg, argCount))
  if ok then
    replies[i + 1] = { 1, reply }
  else
    -- A failed redis.call raises a table { err = ... }; a Lua runtime error is a string.
    replies[i + 1] = { 0, type(reply) == 'table' and tostring(reply.err) or tostring(reply) }
  end
  key, arg = key + keyCount, arg + argCount
end
return replies
`;
}

/**
 * Redis work another module does with every recorded position, run inside the report's own script (see
 * composeRecordScript) after the fix is recorded and only when it was not stale. `script` reads its own
 * KEYS and ARGV and returns its reply, like a script run alone.
 */
export interface PositionScriptStep {
  script: string;
  keys: readonly string[];
  args: readonly (string | number)[];
}

/** What a step's script answered, or the error it raised (the position is recorded either way). */
export type PositionStepOutcome = { ok: true; reply: unknown } | { ok: false; error: Error };

/** What one position report did, and what the caller has to do next. */
export interface IndexedPosition {
  /** Older than the newest fix known for the driver: nothing was recorded. */
  isStale: boolean;
  indexed: boolean;
  /** This one's turn to go to Postgres (one per driver and period, across instances). */
  persistDue: boolean;
  /** The fleet entry was recorded and this one's turn to be announced to the live map. */
  fleetAnnounceDue: boolean;
  /** One per step given, in order; absent when the fix was stale (the steps did not run). */
  steps?: PositionStepOutcome[];
}

/** The live map's writes of an indexed position (modules/admin's fleet feed), run inside the same script. */
export interface FleetEntryWrite {
  hashKey: string;
  value: string;
  throttleKey: string;
  throttleMs: number;
}

type RecordReply = [number, number, number, number];

function indexedPositionOf([stale, indexed, due, announce]: RecordReply): IndexedPosition {
  return {
    isStale: stale === 1,
    indexed: indexed === 1,
    persistDue: due === 1,
    fleetAnnounceDue: announce === 1,
  };
}

/**
 * Live driver positions: one Redis GEO set per vehicle type (`<prefix>geo:drivers:<TYPE>`) and one sorted
 * set of last-seen times (`<prefix>geo:drivers:seen`: the last position, or going online, of an online
 * driver). A driver not seen for `presenceTtlMs` does not count; searches prune such entries as they meet
 * them and the presence sweep removes the rest. Redis is only an index: Postgres decides who may work.
 */
export class DriverGeoIndex {
  // Scripts of RECORD_POSITION with steps, by their steps' scripts: a process has a handful of observers.
  private readonly composed = new Map<string, RedisScript>();

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

  /**
   * A position report in one round trip: dropped when older than the newest fix known (`fix`); otherwise into
   * the index when `online` (with `onlyIfStillSeen`, only while the driver is still in it), the fleet's entry
   * when given, and a claim on `persist.key` for `persist.everyMs` (0: always due) deciding, across
   * instances, which report is written to Postgres. `steps` run in the same script after a fix that was not
   * stale (PositionScriptStep), still one round trip.
   */
  async recordPosition(
    driverId: string,
    position: { lat: number; lng: number; vehicleType: VehicleType; online: boolean },
    persist: { key: string; everyMs: number },
    fix: { key: string; atMs: number; rememberMs: number },
    options: {
      onlyIfStillSeen: boolean;
      atMs?: number;
      fleet?: FleetEntryWrite;
      steps?: readonly PositionScriptStep[];
    },
  ): Promise<IndexedPosition> {
    const { fleet, steps = [] } = options;
    const keys = [
      this.geoKey(position.vehicleType),
      this.seenKey,
      persist.key,
      fix.key,
      // Unused without a fleet entry; any key will do (the script's keys must be declared, not present).
      fleet?.hashKey ?? fix.key,
      fleet?.throttleKey ?? fix.key,
    ];
    const args = [
      position.lng,
      position.lat,
      driverId,
      options.atMs ?? Date.now(),
      persist.everyMs,
      options.onlyIfStillSeen ? 1 : 0,
      position.online ? 1 : 0,
      Math.floor(fix.atMs),
      fix.rememberMs,
      fleet?.value ?? '',
      fleet?.throttleMs ?? 0,
    ];
    if (steps.length === 0) {
      const reply = await runScript(this.redis, RECORD_POSITION_SCRIPT, keys, args);
      return indexedPositionOf(reply as RecordReply);
    }
    const counts = steps.flatMap((step) => [step.keys.length, step.args.length]);
    const [recorded, ...outcomes] = (await runScript(
      this.redis,
      this.composedWith(steps),
      [...keys, ...steps.flatMap((step) => step.keys)],
      [...args, ...counts, ...steps.flatMap((step) => step.args)],
    )) as [RecordReply, ...[0 | 1, unknown][]];
    const indexedPosition = indexedPositionOf(recorded);
    if (indexedPosition.isStale) return indexedPosition;
    return {
      ...indexedPosition,
      steps: outcomes.map(([ok, reply]) =>
        ok === 1 ? { ok: true, reply } : { ok: false, error: new Error(String(reply)) },
      ),
    };
  }

  private composedWith(steps: readonly PositionScriptStep[]): RedisScript {
    const scripts = steps.map((step) => step.script);
    // Lua source holds no NUL, so two different step lists never join to the same id.
    const id = scripts.join('\0');
    let composed = this.composed.get(id);
    if (!composed) {
      composed = redisScript(composeRecordScript(scripts));
      this.composed.set(id, composed);
    }
    return composed;
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

  /**
   * Of the given drivers, those with a fresh position in the vehicle type's index within `radiusKm` of
   * `center`, nearest first (dispatch's favourites phase: a handful of known drivers, at any distance).
   */
  async freshWithin(
    vehicleType: VehicleType,
    center: { lat: number; lng: number },
    driverIds: readonly string[],
    radiusKm: number,
    nowMs = Date.now(),
  ): Promise<NearbyDriver[]> {
    if (driverIds.length === 0) return [];
    const [positions, seen] = await Promise.all([
      this.redis.geopos(this.geoKey(vehicleType), ...driverIds),
      this.redis.zmscore(this.seenKey, ...driverIds),
    ]);
    const cutoff = nowMs - this.presenceTtlMs;
    const found: NearbyDriver[] = [];
    driverIds.forEach((driverId, i) => {
      const position = positions[i];
      const seenAt = seen[i];
      if (!position || seenAt == null || Number(seenAt) < cutoff) return;
      const distanceMeters = Math.round(
        haversineMeters(center, { lat: Number(position[1]), lng: Number(position[0]) }),
      );
      if (distanceMeters <= radiusKm * 1000) found.push({ driverId, distanceMeters });
    });
    return found.sort((a, b) => a.distanceMeters - b.distanceMeters);
  }

  /**
   * The `count` members nearest `center` within `radiusKm`, nearest first, searching widening circles.
   * GEOSEARCH ... ASC COUNT reads and sorts every member inside the radius before keeping `count`: with
   * 200,000 drivers around a city a 5 km search took ~20 ms and a 10 km one ~140 ms, Redis doing nothing else
   * meanwhile. A circle that already holds `count` members holds the `count` nearest of any larger one, so the
   * search starts small and doubles only while it finds too few: dense areas stop early, sparse ones pay a
   * few cheap round trips.
   */
  private async nearestWithin(
    key: string,
    center: { lat: number; lng: number },
    radiusKm: number,
    count: number,
  ): Promise<[string, string][]> {
    let searchKm = Math.min(radiusKm, FIRST_SEARCH_RADIUS_KM);
    for (;;) {
      const found = (await this.redis.geosearch(
        key,
        'FROMLONLAT',
        center.lng,
        center.lat,
        'BYRADIUS',
        searchKm,
        'km',
        'ASC',
        'COUNT',
        count,
        'WITHDIST',
      )) as [string, string][];
      if (found.length >= count || searchKm >= radiusKm) return found;
      searchKm = Math.min(radiusKm, searchKm * 2);
    }
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
    const raw = await this.nearestWithin(key, center, radiusKm, count);
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
