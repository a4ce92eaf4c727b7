import type { Redis } from 'ioredis';

/** A driver's last position on a ride, as kept for tracking. */
export interface LivePosition {
  lat: number;
  lng: number;
  /** When the fix was taken (a replayed fix keeps its own time). */
  atMs: number;
}

/** The last ETA sent to a ride's room. */
export interface LiveEta {
  etaSeconds: number;
  distanceLeftMeters: number;
  atMs: number;
}

// Long enough for any ride; the keys are also dropped when a ride's tracking no longer matters.
const KEEP_SECONDS = 12 * 3600;

// Keeps the newest fix only (a position replayed after a tunnel must not move the truck back), then claims
// the ride's ETA slot for `everyMs` with SET NX: one claim per period across every api instance.
// Returns 0 for a stale fix, 1 when stored, 2 when stored and this caller should send the ETA.
const STORE_AND_CLAIM = `
local current = redis.call('GET', KEYS[1])
if current then
  local at = tonumber(string.match(current, '"atMs":(%d+)'))
  if at and at > tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
if redis.call('SET', KEYS[2], '1', 'PX', ARGV[4], 'NX') then return 2 end
return 1
`;

/**
 * Live tracking state in Redis (hot, short-lived, rebuilt by the next position): each ride's last position
 * and last ETA, and the ETA throttle. Postgres keeps the driver's last position separately (presence).
 */
export class LivePositionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  private key(kind: 'position' | 'eta' | 'eta-claim', rideId: string): string {
    return `${this.keyPrefix}tracking:${kind}:${rideId}`;
  }

  /** Stores the fix unless a newer one is known; `shouldSendEta` at most once per `everyMs` per ride. */
  async record(
    rideId: string,
    position: LivePosition,
    everyMs: number,
  ): Promise<{ isStored: boolean; shouldSendEta: boolean }> {
    const outcome = (await this.redis.eval(
      STORE_AND_CLAIM,
      2,
      this.key('position', rideId),
      this.key('eta-claim', rideId),
      JSON.stringify(position),
      position.atMs,
      KEEP_SECONDS,
      everyMs,
    )) as number;
    return { isStored: outcome > 0, shouldSendEta: outcome === 2 };
  }

  async position(rideId: string): Promise<LivePosition | null> {
    return parse<LivePosition>(await this.redis.get(this.key('position', rideId)));
  }

  async saveEta(rideId: string, eta: LiveEta): Promise<void> {
    await this.redis.set(this.key('eta', rideId), JSON.stringify(eta), 'EX', KEEP_SECONDS);
  }

  async eta(rideId: string): Promise<LiveEta | null> {
    return parse<LiveEta>(await this.redis.get(this.key('eta', rideId)));
  }
}

function parse<T>(raw: string | null): T | null {
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}
