import type { DriverLocation } from '@truck4u/contracts';
import type { EndedRidesStore } from '../rides/ended-rides.store';
import type { DriverPresenceService, RecordedLocation } from './driver-presence.service';
import type { DriverState } from './drivers.repository';

// How long one connection trusts its driver's state (vehicle, online, active ride) before asking Postgres
// again. Phones report every few seconds: this spares Postgres a lookup per position.
const DRIVER_STATE_TTL_MS = 5_000;

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
  constructor(
    private readonly presence: DriverPresenceService,
    private readonly endedRides: Pick<EndedRidesStore, 'hasEnded'>,
    private readonly stateTtlMs = DRIVER_STATE_TTL_MS,
  ) {}

  openSession(driverId: string): DriverLocationSession {
    let cached: { state: DriverState; fetchedAt: number } | undefined;
    const readState = async () => {
      const state = await this.presence.stateOf(driverId);
      cached = { state, fetchedAt: Date.now() };
      return state;
    };
    return {
      report: async (location) => {
        const isFresh = cached !== undefined && Date.now() - cached.fetchedAt < this.stateTtlMs;
        let state = isFresh && cached ? cached.state : await readState();
        if (state.activeRideId && (await this.endedRides.hasEnded(state.activeRideId))) {
          state = await readState();
        }
        return this.presence.recordLocation(driverId, location, state);
      },
    };
  }
}
