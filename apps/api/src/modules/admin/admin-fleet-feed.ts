import type { DriverLocation, FleetDriver } from '@truck4u/contracts';
import type { Redis } from 'ioredis';
import type { FleetPositionSink } from '../drivers/driver-presence.service';

/** At most one `fleet:driver` per driver in this window (positions arrive every few seconds). */
export const FLEET_DRIVER_THROTTLE_MS = 5_000;
// A push waits on Redis; the location report that triggered it must not.
const EMIT_TIMEOUT_MS = 1_000;

interface Logger {
  warn(obj: object, msg: string): void;
}

export interface FleetPosition {
  lat: number;
  lng: number;
  heading?: number;
  state: 'ONLINE' | 'ON_RIDE';
  at: string;
}

function fleetPayload(
  driverId: string,
  location: DriverLocation,
  onRide: boolean,
  atMs: number,
): FleetDriver {
  return {
    driverId,
    lat: location.lat,
    lng: location.lng,
    ...(location.heading === undefined ? {} : { heading: location.heading }),
    state: onRide ? 'ON_RIDE' : 'ONLINE',
    at: new Date(atMs).toISOString(),
  };
}

/**
 * The live map's feed. Every position of an online driver is kept as the driver's latest (one Redis hash,
 * read by GET /api/admin/live); at most one per driver per 5 s goes out as `fleet:driver` to the admin:live
 * room, the window shared by every api instance through a Redis key. Going offline, being suspended or
 * expiring is always sent at once, as OFFLINE with the last position known. Failures are logged, never
 * thrown: the live map is a view, the location report is what matters.
 */
export class AdminFleetFeed implements FleetPositionSink {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly emit: (payload: FleetDriver) => Promise<void>,
    private readonly log: Logger,
    private readonly throttleMs = FLEET_DRIVER_THROTTLE_MS,
  ) {}

  private get positionsKey(): string {
    return `${this.keyPrefix}fleet:positions`;
  }

  private throttleKey(driverId: string): string {
    return `${this.keyPrefix}fleet:throttle:${driverId}`;
  }

  /** The writes of `position`, run by the location report's own Redis script (DriverGeoIndex.recordPosition). */
  entryFor(driverId: string, location: DriverLocation, onRide: boolean, atMs: number) {
    const payload = fleetPayload(driverId, location, onRide, atMs);
    return {
      write: {
        hashKey: this.positionsKey,
        value: JSON.stringify(payload),
        throttleKey: this.throttleKey(driverId),
        throttleMs: this.throttleMs,
      },
      payload,
    };
  }

  /** Sends a position whose throttle window the caller's script took; never throws. */
  async announce(payload: FleetDriver): Promise<void> {
    await this.send(payload);
  }

  async position(driverId: string, location: DriverLocation, onRide: boolean, atMs: number): Promise<void> {
    const payload = fleetPayload(driverId, location, onRide, atMs);
    try {
      const [, taken] = await Promise.all([
        this.redis.hset(this.positionsKey, driverId, JSON.stringify(payload)),
        this.redis.set(this.throttleKey(driverId), '1', 'PX', this.throttleMs, 'NX'),
      ]);
      if (taken === 'OK') await this.send(payload);
    } catch (error) {
      this.log.warn({ err: error, driverId }, 'fleet position not recorded');
    }
  }

  async offline(driverIds: readonly string[], atMs: number): Promise<void> {
    if (driverIds.length === 0) return;
    try {
      const last = await this.latest(driverIds);
      await this.redis.hdel(this.positionsKey, ...driverIds);
      await Promise.all(
        driverIds.map((driverId) => {
          const known = last.get(driverId);
          return this.send({
            driverId,
            lat: known?.lat ?? 0,
            lng: known?.lng ?? 0,
            state: 'OFFLINE',
            at: new Date(atMs).toISOString(),
          });
        }),
      );
    } catch (error) {
      this.log.warn({ err: error, driverIds }, 'fleet offline not sent');
    }
  }

  /** The latest position recorded for each driver that has one. */
  async latest(driverIds: readonly string[]): Promise<Map<string, FleetPosition>> {
    const found = new Map<string, FleetPosition>();
    if (driverIds.length === 0) return found;
    const values = await this.redis.hmget(this.positionsKey, ...driverIds);
    driverIds.forEach((driverId, i) => {
      const raw = values[i];
      if (raw) found.set(driverId, JSON.parse(raw) as FleetPosition);
    });
    return found;
  }

  private async send(payload: FleetDriver): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('fleet:driver push timed out')), EMIT_TIMEOUT_MS);
    });
    const push = this.emit(payload);
    push.catch(() => {});
    try {
      await Promise.race([push, timeout]);
    } catch (error) {
      this.log.warn({ err: error, driverId: payload.driverId }, 'fleet:driver push failed');
    } finally {
      clearTimeout(timer);
    }
  }
}
