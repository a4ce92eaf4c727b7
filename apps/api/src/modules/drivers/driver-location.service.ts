import type { DriverLocation } from '@truck4u/contracts';
import type { PositionScriptStep, PositionStepOutcome } from './driver-geo-index';
import type { DriverPresenceService, RecordedLocation } from './driver-presence.service';
import type { DriverState } from './drivers.repository';

// How long one connection trusts its driver's state (vehicle, online, active ride) before asking Postgres
// again. Phones report every few seconds: this spares Postgres a lookup per position.
const DRIVER_STATE_TTL_MS = 5_000;

/**
 * Whether a ride has ended, as told by the rides module (its EndedRidesStore). Declared here because rides
 * sits above drivers in the domain order (docs/ARCHITECTURE.md, "Dependency rule").
 */
export interface EndedRideCheck {
  hasEnded(rideId: string): Promise<boolean>;
}

/** A position a driver's report recorded, and when it was taken (its `recordedAt` for a replayed one). */
export interface ObservedFix {
  lat: number;
  lng: number;
  atMs: number;
}

/**
 * Told of every position recorded, after it went to the index and the ride's room: modules above drivers
 * hook positions here (modules/proofs flags impossible jumps). Called in order; one failing is logged by
 * the observer itself and never refuses the position, so an observer must not throw.
 * An observer with Redis work on every fix gives it as `stepFor`: it runs in the report's own script (one
 * round trip for the report and every observer, issue 13), after the fix is recorded and only when it was
 * not stale, and `observe` gets what it answered.
 */
export interface PositionObserver {
  stepFor?(driverId: string, fix: ObservedFix): PositionScriptStep;
  observe(
    driverId: string,
    fix: ObservedFix,
    activeRideId: string | null,
    step?: PositionStepOutcome,
  ): Promise<void>;
}

// Bounds the HTTP states kept by one process; expired ones are dropped when it is reached.
const MAX_HTTP_STATES = 50_000;

interface CachedState {
  state: DriverState;
  trustedUntil: number;
}

interface StateSlot {
  get(): CachedState | undefined;
  set(entry: CachedState): void;
}

/** Positions reported over one driver's socket; it remembers the driver's state between them. */
export interface DriverLocationSession {
  report(location: DriverLocation): Promise<RecordedLocation>;
}

/**
 * The `driver:location` use case of the realtime gateway (which keeps only the transport).
 *
 * The cached state may name a ride that has just ended, possibly on another api instance or in the worker;
 * forwarding to it would show the driver to that ride's customer after the ride. So before a position goes
 * to a ride's room, the ride's end mark (EndedRidesStore, written where rides reach COMPLETED or CANCELLED) is
 * checked: one Redis EXISTS, on the same Redis the position already goes through, and only for drivers who
 * hold a ride. When the mark is there, the state is read again from Postgres, the authority.
 */
export class DriverLocationService {
  // HTTP reports come on short-lived requests, so their trusted states are kept per process, by driver.
  private readonly httpStates = new Map<string, CachedState>();

  constructor(
    private readonly presence: DriverPresenceService,
    private readonly endedRides: EndedRideCheck,
    private readonly stateTtlMs = DRIVER_STATE_TTL_MS,
    private readonly observers: readonly PositionObserver[] = [],
  ) {}

  openSession(driverId: string): DriverLocationSession {
    let cached: CachedState | undefined;
    const slot: StateSlot = {
      get: () => cached,
      set: (entry) => {
        cached = entry;
      },
    };
    return { report: (location) => this.report(driverId, location, slot, Date.now()) };
  }

  /**
   * POST /api/drivers/me/location (`atMs`: when the fix was taken): the same trust window as a socket, shared by every request of the
   * driver to this process. A driver whose state changed (suspended, no longer verified, assigned or
   * released a ride) is seen as such after at most `stateTtlMs`; going offline holds at once (see
   * DriverPresenceService.recordLocation), and a suspension also cuts the driver's tokens off at once.
   */
  reportOverHttp(driverId: string, location: DriverLocation, atMs = Date.now()): Promise<RecordedLocation> {
    return this.report(
      driverId,
      location,
      {
        get: () => this.httpStates.get(driverId),
        set: (entry) => {
          if (this.httpStates.size >= MAX_HTTP_STATES) this.forgetExpired(Date.now());
          this.httpStates.set(driverId, entry);
        },
      },
      atMs,
    );
  }

  /** Drops the trusted HTTP state of a driver whose availability this process just changed. */
  forget(driverId: string): void {
    this.httpStates.delete(driverId);
  }

  private async report(
    driverId: string,
    location: DriverLocation,
    slot: StateSlot,
    atMs: number,
  ): Promise<RecordedLocation> {
    const readState = async () => {
      const state = await this.presence.stateOf(driverId);
      slot.set({ state, trustedUntil: Date.now() + this.trustLifeMs() });
      return state;
    };
    const cached = slot.get();
    const isCached = cached !== undefined && Date.now() < cached.trustedUntil;
    let state = isCached && cached ? cached.state : await readState();
    let fromCache = isCached;
    if (state.activeRideId && (await this.endedRides.hasEnded(state.activeRideId))) {
      state = await readState();
      fromCache = false;
    }
    const fix: ObservedFix = { lat: location.lat, lng: location.lng, atMs };
    const steps = this.observers.map((observer) => observer.stepFor?.(driverId, fix));
    const { steps: outcomes = [], ...recorded } = await this.presence.recordLocation(
      driverId,
      location,
      state,
      fromCache,
      atMs,
      steps.filter((step) => step !== undefined),
    );
    if (recorded.isStale) return recorded;
    let next = 0;
    for (const [i, observer] of this.observers.entries()) {
      const outcome = steps[i] ? outcomes[next++] : undefined;
      await observer.observe(driverId, fix, recorded.activeRideId, outcome);
    }
    return recorded;
  }

  /**
   * Between half the window and all of it, at random: sockets that connected together (a fleet after a
   * deploy, a bench) would otherwise all ask Postgres in the same instant every window. The bound stays
   * `stateTtlMs`.
   */
  private trustLifeMs(): number {
    return this.stateTtlMs * (0.5 + Math.random() * 0.5);
  }

  private forgetExpired(nowMs: number): void {
    for (const [driverId, entry] of this.httpStates) {
      if (nowMs >= entry.trustedUntil) this.httpStates.delete(driverId);
    }
    // Still full of fresh entries (a burst of distinct drivers): start over rather than grow without bound.
    if (this.httpStates.size >= MAX_HTTP_STATES) this.httpStates.clear();
  }
}
