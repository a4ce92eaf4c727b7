import type { Database } from '@truck4u/database';
import type { ProfileInvalidation } from '../users/profile-cache';
import type { DriverGeoIndex } from './driver-geo-index';
import type { FleetPositionSink } from './driver-presence.service';
import { listOnlineDrivers, setOfflineUnlessSeenSince } from './drivers.repository';

/**
 * Puts offline the drivers not heard from for the presence TTL, so `drivers.is_online` stops saying "online"
 * about a phone that died or lost its signal. Run by the worker on a job scheduler (drivers.jobs.ts).
 *
 * Why a sweep that writes `is_online` rather than deriving "online" from freshness wherever it is read: the
 * flag is read by SQL in several places (dispatch, the driver's profile, admin lists and stats), and each of
 * them would need the last-seen times that live in Redis. Dispatch does not wait for the sweep: its Redis
 * search already skips drivers silent for the TTL, so only what the flag shows lags, by one sweep period.
 *
 * Last seen is the Redis index's time (every position of an online driver, and going online). A driver online
 * in Postgres whom Redis does not know (Redis lost its data, or they went online before this sweep existed)
 * falls back to their last stored position, which is at most DRIVER_POSITION_PERSIST_EVERY_MS behind.
 */
export class DriverPresenceSweep {
  constructor(
    private readonly db: Database,
    private readonly geo: DriverGeoIndex,
    private readonly ttlMs: number,
    /** Told who expired (the admins' live map shows them OFFLINE). */
    private readonly fleet?: FleetPositionSink,
    /** GET /api/me shows `isOnline`. */
    private readonly profiles?: ProfileInvalidation,
  ) {}

  /** Returns the drivers it put offline. Safe to run twice, or on two workers at once. */
  async run(nowMs = Date.now()): Promise<string[]> {
    const cutoffMs = nowMs - this.ttlMs;
    const online = await listOnlineDrivers(this.db);
    const seen = await this.geo.lastSeen(online.map((d) => d.id));
    const silent = online
      .filter((driver, i) => (seen[i] ?? driver.lastLocationAt?.getTime() ?? 0) < cutoffMs)
      .map((driver) => driver.id);
    // Index entries of drivers already offline in Postgres are tidied up too.
    const candidates = [...new Set([...silent, ...(await this.geo.seenBefore(cutoffMs))])];
    // Redis re-checks each one atomically, so a driver heard from since our read stays in the index...
    const unseen = await this.geo.removeUnseenSince(candidates, cutoffMs);
    // ...and Postgres keeps online a driver whose position it stored since.
    const offline = await setOfflineUnlessSeenSince(this.db, unseen, new Date(cutoffMs));
    await this.profiles?.drivers(...offline);
    await this.fleet?.offline(offline, nowMs);
    return offline;
  }
}
