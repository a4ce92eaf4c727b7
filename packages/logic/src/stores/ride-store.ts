import type { BidWithDriver, Ride, RideStatus } from '@truck4u/contracts';
import { createStore } from 'zustand/vanilla';
import type { ApiClient } from '../api-client';
import type { Realtime } from '../realtime';

export interface TimelineEntry {
  status: RideStatus;
  at: string;
}

export interface RideState {
  ride: Ride | null;
  bids: BidWithDriver[];
  timeline: TimelineEntry[];
  driverPosition: { lat: number; lng: number; heading?: number; at: string } | null;
  error: string | null;
  loading: boolean;
  reload(): Promise<void>;
  /** Stops listening; call when the page goes away. */
  dispose(): void;
}

/**
 * Everything a ride page shows, kept live: the ride, its bids as they arrive, the status timeline and the
 * truck's position. Status changes come through `realtime` (live or caught up), so none is ever missed.
 */
export function createRideStore(deps: {
  api: ApiClient;
  realtime: Realtime;
  rideId: string;
  withBids: boolean;
}) {
  const { api, realtime, rideId } = deps;
  const offs: Array<() => void> = [];

  const store = createStore<RideState>()((set, get) => ({
    ride: null,
    bids: [],
    timeline: [],
    driverPosition: null,
    error: null,
    loading: true,
    async reload() {
      if (offs.length === 0) attach();
      try {
        const [ride, events, bids] = await Promise.all([
          api.rides.get(rideId),
          api.rides.events(rideId),
          deps.withBids ? api.bids.list(rideId).then((p) => p.items) : Promise.resolve(get().bids),
        ]);
        const timeline = events.items
          .filter((e) => e.toStatus)
          .map((e) => ({ status: e.toStatus as RideStatus, at: e.createdAt }));
        set({ ride, bids, timeline, loading: false, error: null });
        const lastId = events.items.reduce((max, e) => Math.max(max, e.id), 0);
        realtime.followRide(rideId, lastId);
      } catch (error) {
        set({ loading: false, error: (error as { code?: string }).code ?? 'INTERNAL_ERROR' });
      }
    },
    dispose() {
      for (const off of offs.splice(0)) off();
      realtime.unfollowRide(rideId);
    },
  }));

  function attach(): void {
    offs.push(
      realtime.onStatusChange((change) => {
        if (change.rideId !== rideId) return;
        store.setState((s) => ({
          ...(change.ride ? { ride: change.ride } : {}),
          timeline: s.timeline.some((t) => t.status === change.to)
            ? s.timeline
            : [...s.timeline, { status: change.to, at: change.at }],
        }));
        // Caught up over HTTP: the event has no ride, so fetch it.
        if (!change.ride) {
          void api.rides
            .get(rideId)
            .then((ride) => store.setState({ ride }))
            .catch(() => undefined);
        }
      }),
      realtime.on('bid:new', ({ bid }) => {
        if (bid.rideId !== rideId) return;
        const full: BidWithDriver = {
          ...bid,
          driver: {
            id: bid.driver.id,
            name: bid.driver.name,
            rating: bid.driver.rating,
            ratingCount: 0,
            vehicleType: bid.driver.vehicleType as BidWithDriver['driver']['vehicleType'],
            vehicleCapacityKg: 0,
          },
        };
        store.setState((s) => ({ bids: upsertBid(s.bids, full) }));
      }),
      realtime.on('bid:updated', ({ bid }) => {
        if (bid.rideId !== rideId) return;
        store.setState((s) => ({ bids: s.bids.map((b) => (b.id === bid.id ? { ...b, ...bid } : b)) }));
      }),
      realtime.on('bid:accepted', ({ ride }) => {
        if (ride.id === rideId) store.setState({ ride });
      }),
      realtime.on('driver:location', (p) => {
        if (p.rideId !== rideId) return;
        store.setState({ driverPosition: { lat: p.lat, lng: p.lng, heading: p.heading, at: p.at } });
      }),
    );
  }

  return store;
}

function upsertBid(bids: BidWithDriver[], bid: BidWithDriver): BidWithDriver[] {
  const existing = bids.find((b) => b.id === bid.id);
  if (!existing) return [...bids, bid].sort((a, b) => a.price - b.price);
  return bids
    .map((b) => (b.id === bid.id ? { ...bid, driver: { ...b.driver, ...bid.driver } } : b))
    .sort((a, b) => a.price - b.price);
}

export type RideStore = ReturnType<typeof createRideStore>;
