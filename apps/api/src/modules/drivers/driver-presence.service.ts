import type { DriverLocation, FleetDriver } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { Config } from '../../config/config';
import { AppError, notFound } from '../../errors/app-error';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import { documentExpired } from '../documents/document-rules';
import type { ProfileInvalidation } from '../users/profile-cache';
import { balanceBelowMinimum } from '../wallet/driver-minimum-balance';
import { NEWEST_FIX_REMEMBER_MS, newestFixKey } from './driver-fix-order';
import type {
  DriverGeoIndex,
  FleetEntryWrite,
  PositionScriptStep,
  PositionStepOutcome,
} from './driver-geo-index';
import { readDriverStates, saveLastPositions } from './driver-state.repository';
import {
  type DriverState,
  findDriverState,
  findLastPosition,
  findWorkEligibility,
  setOffline,
  setOnlineIfAllowed,
  type WorkEligibility,
} from './drivers.repository';
import { TickBatch } from './tick-batch';

/** The error a driver who may not work gets, saying what they can do about it. */
function refusalToWork(eligibility: WorkEligibility, minimumBalance: number): AppError {
  if (eligibility.isDeactivated) {
    return new AppError('ACCOUNT_DEACTIVATED', 'This driver account is deactivated; contact Truck4u support');
  }
  const details = {
    verificationStatus: eligibility.verificationStatus,
    reason: eligibility.verificationReason,
  };
  if (eligibility.verificationStatus === 'REJECTED') {
    const why = eligibility.verificationReason ? `: ${eligibility.verificationReason}` : '';
    return new AppError(
      'DRIVER_REJECTED',
      `Your driver application was rejected${why}. Fix what is asked and contact Truck4u support to be reviewed again`,
      { details },
    );
  }
  if (eligibility.verificationStatus === 'VERIFIED') {
    const [expiredKind] = eligibility.expiredDocumentKinds;
    if (expiredKind) return documentExpired(expiredKind, eligibility.expiredDocumentKinds);
    return balanceBelowMinimum(eligibility.balance, minimumBalance);
  }
  return new AppError(
    'DRIVER_NOT_VERIFIED',
    'Your account is waiting for verification by Truck4u; you can go online once it is approved',
    { details },
  );
}

/**
 * Where online drivers' positions and departures are also told (the admins' live map, modules/admin).
 * Declared here because admin sits above drivers in the domain order; it never throws.
 */
export interface FleetPositionSink {
  position(driverId: string, location: DriverLocation, onRide: boolean, atMs: number): Promise<void>;
  offline(driverIds: readonly string[], atMs: number): Promise<void>;
  /**
   * What `position` would write, for the location report's own Redis script to run (one round trip instead
   * of three); `announce` then sends the payload when the script says the throttle window allows it.
   */
  entryFor?(
    driverId: string,
    location: DriverLocation,
    onRide: boolean,
    atMs: number,
  ): { write: FleetEntryWrite; payload: FleetDriver };
  announce?(payload: FleetDriver): Promise<void>;
}

export interface RecordedLocation {
  /** The ride whose room should see this position, if the driver holds one. */
  activeRideId: string | null;
  at: string;
  /** Older than the newest fix known for the driver (a late replay): it changed nothing. */
  isStale?: true;
  /** What the `steps` given to recordLocation answered, in order; absent when stale (they did not run). */
  steps?: PositionStepOutcome[];
}

interface PositionToSave {
  driverId: string;
  lat: number;
  lng: number;
}

/** Who is online and where: the driver side of dispatch. */
export class DriverPresenceService {
  // Reports arrive on many sockets at once: the state reads and the position writes of one event-loop turn
  // each go to Postgres as one statement.
  private readonly stateReads: TickBatch<string, DriverState | null>;
  private readonly positionWrites: TickBatch<PositionToSave, void>;

  constructor(
    private readonly db: Database,
    private readonly geo: DriverGeoIndex,
    private readonly config: Config['presence'],
    private readonly keyPrefix: string,
    private readonly realtime: RealtimeNotifier,
    /** Millimes (config DRIVER_MIN_BALANCE_MILLIMES): below this, a driver may not go online. */
    private readonly minimumBalance: number,
    private readonly fleet?: FleetPositionSink,
    /** GET /api/me shows `isOnline`: both availability writes drop the cached profile. */
    private readonly profiles?: ProfileInvalidation,
  ) {
    this.stateReads = new TickBatch((ids) => readDriverStates(this.db, ids));
    this.positionWrites = new TickBatch(async (positions) => {
      await saveLastPositions(this.db, positions);
      return positions.map(() => undefined);
    });
  }

  /**
   * Only verified, active drivers whose wallet is not below the minimum may go online; going offline takes
   * them out of the search at once.
   */
  async setAvailability(driverId: string, online: boolean): Promise<{ online: boolean }> {
    if (!online) {
      await setOffline(this.db, driverId);
      await this.profiles?.drivers(driverId);
      await this.geo.remove(driverId);
      await this.fleet?.offline([driverId], Date.now());
      return { online: false };
    }
    if (!(await setOnlineIfAllowed(this.db, driverId, this.minimumBalance))) {
      const eligibility = await findWorkEligibility(this.db, driverId);
      if (!eligibility) throw notFound('Driver');
      throw refusalToWork(eligibility, this.minimumBalance);
    }
    await this.profiles?.drivers(driverId);
    // Going online counts as being heard from: the presence TTL starts now, whether or not a position follows.
    // A driver coming back online with a recent position is also searchable before their next report.
    const last = await findLastPosition(this.db, driverId);
    const state = await findDriverState(this.db, driverId);
    const nowMs = Date.now();
    if (last && state && nowMs - last.at.getTime() < this.config.ttlMs) {
      await this.geo.upsert(driverId, state.vehicleType, last, nowMs);
    } else {
      await this.geo.markSeen(driverId, nowMs);
    }
    return { online: true };
  }

  /**
   * Records a driver's position: into the live index when they are online, into Postgres at most every
   * `persistEveryMs`, and to the room of the ride they hold, if any. The room comes from the database,
   * never from the client, so a driver can only ever publish into their own ride.
   * `known` lets a caller reuse a recent lookup instead of asking Postgres each time; with `isCachedState`
   * (a state trusted for a few seconds, driver-location.service.ts) a cached "online" puts the driver back
   * into the index only while they are still in it, so going offline holds at once on every instance.
   * A fix taken (`fixAtMs`, now by default) before the newest one known changes nothing and comes back
   * `isStale` (docs/API.md, "Offline replay"). `steps` (other modules' Redis work on the fix) run in the same
   * round trip, only for a fix that is not stale.
   */
  async recordLocation(
    driverId: string,
    location: DriverLocation,
    known?: DriverState,
    isCachedState = false,
    fixAtMs?: number,
    steps: readonly PositionScriptStep[] = [],
  ): Promise<RecordedLocation> {
    const state = known ?? (await this.stateOf(driverId));
    if (!state.canWork) throw new AppError('FORBIDDEN', 'Only verified, active drivers report positions');
    const nowMs = Date.now();
    const onRide = state.activeRideId !== null;
    const fleetEntry = state.isOnline ? this.fleet?.entryFor?.(driverId, location, onRide, nowMs) : undefined;
    // The fix order, the index, the fleet's entry and the "Postgres gets this one" claim (one SET NX per
    // driver and period, across every api instance), and the observers' steps, in one Redis round trip.
    const recorded = await this.geo.recordPosition(
      driverId,
      { lat: location.lat, lng: location.lng, vehicleType: state.vehicleType, online: state.isOnline },
      {
        key: `${this.keyPrefix}driver:position-persisted:${driverId}`,
        everyMs: this.config.persistEveryMs,
      },
      {
        key: newestFixKey(this.keyPrefix, driverId),
        atMs: fixAtMs ?? nowMs,
        rememberMs: NEWEST_FIX_REMEMBER_MS,
      },
      {
        onlyIfStillSeen: isCachedState,
        atMs: nowMs,
        ...(fleetEntry ? { fleet: fleetEntry.write } : {}),
        ...(steps.length > 0 ? { steps } : {}),
      },
    );
    if (recorded.isStale) {
      return { activeRideId: null, at: new Date(fixAtMs ?? nowMs).toISOString(), isStale: true };
    }
    if (recorded.indexed && fleetEntry) {
      if (recorded.fleetAnnounceDue) await this.fleet?.announce?.(fleetEntry.payload);
    } else if (recorded.indexed) {
      await this.fleet?.position(driverId, location, onRide, nowMs);
    }
    if (recorded.persistDue) {
      await this.positionWrites.add({ driverId, lat: location.lat, lng: location.lng });
    }
    const at = new Date(nowMs).toISOString();
    if (state.activeRideId) {
      await this.realtime.toRide(state.activeRideId, 'driver:location', {
        ...location,
        rideId: state.activeRideId,
        driverId,
        at,
      });
    }
    return { activeRideId: state.activeRideId, at, ...(recorded.steps ? { steps: recorded.steps } : {}) };
  }

  async stateOf(driverId: string): Promise<DriverState> {
    const state = await this.stateReads.add(driverId);
    if (!state) throw notFound('Driver');
    return state;
  }
}
