import {
  ACTIVE_RIDE_STATUSES,
  type PublicTracking,
  type RideStatus,
  type RideTracking,
  type UserRef,
} from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { notFound } from '../../errors/app-error';
import type { Logger } from '../../infra/logger';
import type { Router } from '../../providers/routing/router';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import type { ObservedFix, PositionObserver } from '../drivers/driver-location.service';
import { firstNameOf, planEta } from './eta-plan';
import type { LivePosition, LivePositionStore } from './live-position.store';
import { findTrackedRide, type TrackedRide } from './tracking.repository';

const isActive = (status: RideStatus) => (ACTIVE_RIDE_STATUSES as readonly RideStatus[]).includes(status);

/**
 * Live ETA and the tracking views. It observes every recorded driver position (a PositionObserver wired into
 * DriverLocationService): the fix is kept per ride in Redis, and at most once per `etaEveryMs` per ride —
 * one SET NX claim shared by every api instance — the ETA is computed through the Router and sent to the
 * ride's room as `ride:eta` (the relay passes a minimised copy to the share page).
 */
export class LiveTrackingService implements PositionObserver {
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly store: LivePositionStore,
    private readonly router: Router,
    private readonly realtime: RealtimeNotifier,
    private readonly etaEveryMs: number,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  /** Never throws, and never makes the driver's report wait for the router: the ETA is sent after it answers. */
  async observe(driverId: string, fix: ObservedFix, activeRideId: string | null): Promise<void> {
    if (!activeRideId) return;
    try {
      const position = { lat: fix.lat, lng: fix.lng, atMs: fix.atMs };
      const { shouldSendEta } = await this.store.record(activeRideId, position, this.etaEveryMs);
      if (!shouldSendEta) return;
      const sending = this.sendEta(activeRideId, driverId, position)
        .catch((error: unknown) => this.log.warn({ err: error, rideId: activeRideId }, 'ride:eta failed'))
        .finally(() => this.#pending.delete(sending));
      this.#pending.add(sending);
    } catch (error) {
      this.log.warn({ err: error, rideId: activeRideId }, 'could not record the position for tracking');
    }
  }

  /** Resolves once the ETAs under way are sent (shutdown and tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending]);
  }

  private async sendEta(rideId: string, driverId: string, position: LivePosition): Promise<void> {
    const ride = await findTrackedRide(this.db, rideId);
    // Read from Postgres, the authority: a ride reassigned or ended meanwhile gets no ETA from this driver.
    if (!ride || ride.driverId !== driverId || !isActive(ride.status)) return;
    const plan = planEta(ride, position);
    const leg = plan.hasArrived
      ? { distanceMeters: 0, durationSeconds: 0 }
      : plan.target
        ? await this.router.route(plan.toTarget)
        : null;
    if (!leg) return;
    const eta = { etaSeconds: leg.durationSeconds, distanceLeftMeters: leg.distanceMeters };
    await this.store.saveEta(rideId, { ...eta, atMs: Date.now() });
    await this.realtime.toRide(rideId, 'ride:eta', { rideId, ...eta });
  }

  /** GET /api/rides/:id/tracking: the ride's customer, its assigned driver and admins; anyone else 404. */
  async forParticipant(viewer: UserRef, rideId: string): Promise<RideTracking> {
    const ride = await findTrackedRide(this.db, rideId);
    const mayView =
      ride !== null &&
      (viewer.role === 'admin' ||
        (viewer.role === 'customer' && ride.customerId === viewer.id) ||
        (viewer.role === 'driver' && ride.driverId === viewer.id));
    if (!ride || !mayView) throw notFound('Ride');
    const position = ride.driverId ? await this.store.position(rideId) : null;
    const plan = planEta(ride, isActive(ride.status) ? position : null);
    const base = {
      rideId,
      status: ride.status,
      position: position
        ? { lat: position.lat, lng: position.lng, at: new Date(position.atMs).toISOString() }
        : null,
      routeDistanceMeters: ride.routeDistanceMeters,
      nextStopIndex: plan.nextStopIndex,
    };
    if (plan.hasArrived) {
      return {
        ...base,
        target: null,
        etaSeconds: 0,
        distanceLeftMeters: 0,
        routeDistanceLeftMeters: 0,
        source: null,
      };
    }
    if (!plan.target) {
      return {
        ...base,
        target: null,
        etaSeconds: null,
        distanceLeftMeters: null,
        routeDistanceLeftMeters: null,
        source: null,
      };
    }
    const toTarget = await this.router.route(plan.toTarget);
    const toDropoff = plan.target === 'DROPOFF' ? toTarget : await this.router.route(plan.toDropoff);
    return {
      ...base,
      target: plan.target,
      etaSeconds: toTarget.durationSeconds,
      distanceLeftMeters: toTarget.distanceMeters,
      routeDistanceLeftMeters: toDropoff.distanceMeters,
      source: toTarget.source,
    };
  }

  /**
   * The share page's view: exactly publicTrackingSchema's keys. The ETA is the last one sent to the room
   * (anonymous traffic never reaches the router); position and ETA only while a driver is on the ride.
   */
  async publicView(ride: TrackedRide): Promise<PublicTracking> {
    const isLive = ride.driverId !== null && isActive(ride.status);
    const [position, eta] = isLive
      ? await Promise.all([this.store.position(ride.id), this.store.eta(ride.id)])
      : [null, null];
    return {
      status: ride.status,
      etaSeconds: ride.status === 'DROPOFF_ARRIVED' ? 0 : (eta?.etaSeconds ?? null),
      position: position
        ? { lat: position.lat, lng: position.lng, at: new Date(position.atMs).toISOString() }
        : null,
      vehicle: { type: ride.vehicleType },
      driver: ride.driverId && ride.driverName ? { firstName: firstNameOf(ride.driverName) } : null,
      dropoff: { lat: ride.dropoff.lat, lng: ride.dropoff.lng },
    };
  }
}
