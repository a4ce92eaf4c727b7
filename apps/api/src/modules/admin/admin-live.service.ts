import { ACTIVE_RIDE_STATUSES, type AdminLive, type AdminLiveDriver } from '@truck4u/contracts';
import { type Database, drivers } from '@truck4u/database';
import { and, eq, sql } from 'drizzle-orm';
import type { DriverGeoIndex } from '../drivers/driver-geo-index';
import type { AdminFleetFeed } from './admin-fleet-feed';
import { listActiveAdminRides } from './admin-rides.repository';

const LIVE_RIDE_STATUSES = ['PENDING_BIDS', 'NO_DRIVERS_AVAILABLE', ...ACTIVE_RIDE_STATUSES] as const;

/**
 * The live map's starting picture; `fleet:driver` and `ride:status` on the admin:live room keep it current.
 * A driver counts as online while Postgres says so and their presence has not expired (the same TTL as
 * dispatch), so a phone that died disappears here before the sweep catches up.
 */
export class AdminLiveService {
  constructor(
    private readonly db: Database,
    private readonly geo: Pick<DriverGeoIndex, 'lastSeen'>,
    private readonly feed: Pick<AdminFleetFeed, 'latest'>,
    private readonly presenceTtlMs: number,
  ) {}

  async snapshot(nowMs = Date.now()): Promise<AdminLive> {
    const [online, activeRides] = await Promise.all([
      this.db
        .select({
          id: drivers.id,
          name: drivers.name,
          phone: drivers.phone,
          vehicleType: drivers.vehicleType,
          plate: drivers.vehiclePlate,
          lastLat: drivers.lastLat,
          lastLng: drivers.lastLng,
          lastLocationAt: drivers.lastLocationAt,
          rideId: sql<string | null>`(
            SELECT r.id FROM rides r
            WHERE r.driver_id = drivers.id
              AND r.status IN (${sql.join(
                ACTIVE_RIDE_STATUSES.map((status) => sql`${status}`),
                sql`, `,
              )})
            LIMIT 1)`,
        })
        .from(drivers)
        .where(
          and(
            eq(drivers.isOnline, true),
            eq(drivers.isDeactivated, false),
            eq(drivers.verificationStatus, 'VERIFIED'),
          ),
        ),
      listActiveAdminRides(this.db, LIVE_RIDE_STATUSES),
    ]);
    const ids = online.map((d) => d.id);
    const [seen, latest] = await Promise.all([this.geo.lastSeen(ids), this.feed.latest(ids)]);
    const cutoffMs = nowMs - this.presenceTtlMs;
    const liveDrivers: AdminLiveDriver[] = [];
    online.forEach((driver, i) => {
      const lastSeenMs = seen[i] ?? driver.lastLocationAt?.getTime() ?? null;
      if (lastSeenMs === null || lastSeenMs < cutoffMs) return;
      const position = latest.get(driver.id);
      const lat = position?.lat ?? driver.lastLat;
      const lng = position?.lng ?? driver.lastLng;
      // Online but never located: nothing to put on a map.
      if (lat === null || lng === null) return;
      liveDrivers.push({
        driverId: driver.id,
        lat,
        lng,
        ...(position?.heading === undefined ? {} : { heading: position.heading }),
        state: driver.rideId ? 'ON_RIDE' : 'ONLINE',
        at: position?.at ?? new Date(lastSeenMs).toISOString(),
        name: driver.name,
        phone: driver.phone,
        vehicleType: driver.vehicleType,
        plate: driver.plate,
        rideId: driver.rideId,
      });
    });
    return { drivers: liveDrivers, rides: activeRides, at: new Date(nowMs).toISOString() };
  }
}
