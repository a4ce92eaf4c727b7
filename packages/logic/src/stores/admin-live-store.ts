import type { AdminLiveDriver, AdminRide, FleetDriver, Ride } from '@truck4u/contracts';
import { createStore } from 'zustand/vanilla';
import type { AdminApi } from '../admin-api';
import type { Realtime } from '../realtime';
import { ACTIVE_RIDE_STATUSES } from '../ride-progress';

/** A driver on the map: the live payload, plus name and vehicle once the snapshot has named them. */
export type LiveDriver = FleetDriver & Partial<Omit<AdminLiveDriver, keyof FleetDriver>>;
/** A ride on the map: `ride:status` carries the bare ride; the snapshot adds who is on it. */
// `driver` is the admin's view of the driver (name, phone, vehicle), not the customer's card on Ride.
export type LiveRide = Omit<Ride, 'driver'> & Partial<Pick<AdminRide, 'customer' | 'driver'>>;

export interface AdminLiveState {
  drivers: Record<string, LiveDriver>;
  rides: Record<string, LiveRide>;
  loaded: boolean;
  /** The error code of the last failed snapshot, if any. */
  error: string | null;
  /** The server acknowledged `admin:join-live`. */
  joined: boolean;
  reload(): Promise<void>;
  dispose(): void;
}

/** Rides still to watch: searching, stuck without drivers, or under way. */
export function isLiveRide(ride: Pick<Ride, 'status'>): boolean {
  return (
    ride.status === 'PENDING_BIDS' ||
    ride.status === 'NO_DRIVERS_AVAILABLE' ||
    ACTIVE_RIDE_STATUSES.includes(ride.status)
  );
}

/**
 * The operations map: online drivers and active rides from GET /api/admin/live, then kept live from the
 * `admin:live` room (`fleet:driver`, `ride:status`). The room is joined again after every reconnect and the
 * snapshot reloaded, so what was missed while disconnected is not left stale on the map.
 */
export function createAdminLiveStore(deps: { admin: AdminApi; realtime: Realtime }) {
  const { realtime } = deps;
  const store = createStore<AdminLiveState>()((set) => ({
    drivers: {},
    rides: {},
    loaded: false,
    error: null,
    joined: false,
    async reload() {
      try {
        const live = await deps.admin.live();
        const drivers: Record<string, LiveDriver> = {};
        for (const driver of live.drivers) drivers[driver.driverId] = driver;
        const rides: Record<string, LiveRide> = {};
        for (const ride of live.rides) rides[ride.id] = ride;
        set({ drivers, rides, loaded: true, error: null });
      } catch (error) {
        set({ loaded: true, error: (error as { code?: string }).code ?? 'INTERNAL_ERROR' });
      }
    },
    dispose() {
      for (const off of offs) off();
    },
  }));

  let joins = 0;
  let loadedBeforeConnecting = false;
  function join() {
    realtime.socket.emit('admin:join-live', {}, (result) => store.setState({ joined: Boolean(result?.ok) }));
    // After a reconnect the snapshot covers what the room sent meanwhile; the first join needs none when
    // the page already loaded one while the socket was connecting.
    if (joins++ > 0 || !loadedBeforeConnecting) void store.getState().reload();
  }

  const offs = [
    realtime.on('fleet:driver', (payload) => {
      const drivers = { ...store.getState().drivers };
      if (payload.state === 'OFFLINE') delete drivers[payload.driverId];
      else drivers[payload.driverId] = { ...drivers[payload.driverId], ...payload };
      store.setState({ drivers });
    }),
    realtime.on('ride:status', (payload) => {
      const rides = { ...store.getState().rides };
      const live = isLiveRide(payload.ride);
      // The event's ride carries no admin driver; keep the one the snapshot gave.
      const { driver: _card, ...ride } = payload.ride;
      if (live) rides[payload.rideId] = { ...rides[payload.rideId], ...ride };
      else delete rides[payload.rideId];
      // `fleet:driver` says ON_RIDE but not which ride: the ride's own status names its driver, so the side
      // list links a driver who took a ride after the page loaded, and unlinks them when it ends.
      const drivers = { ...store.getState().drivers };
      for (const [id, driver] of Object.entries(drivers)) {
        const holds = live && payload.ride.driverId === id;
        if (holds && driver.rideId !== payload.rideId) drivers[id] = { ...driver, rideId: payload.rideId };
        else if (!holds && driver.rideId === payload.rideId) drivers[id] = { ...driver, rideId: null };
      }
      store.setState({ rides, drivers });
    }),
  ];
  realtime.socket.on('connect', join);
  offs.push(() => realtime.socket.off('connect', join));
  if (realtime.connected) join();
  else {
    loadedBeforeConnecting = true;
    void store.getState().reload();
  }
  return store;
}

export type AdminLiveStore = ReturnType<typeof createAdminLiveStore>;
