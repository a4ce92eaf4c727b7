import type { AvailableRide, Bid, DriverLocation, Ride } from '@truck4u/contracts';
import { createStore } from 'zustand/vanilla';
import type { ApiClient } from '../api-client';
import { isApiError } from '../api-error';
import type { Realtime } from '../realtime';

/** A ride offered to the driver, as the shift page lists it. */
export interface RideRequest {
  ride: Ride;
  distanceMeters: number | null;
  bidDeadline: string | null;
  myBid: MyBid | null;
}

/** The driver's own bid on a request; `counterPrice` is the customer's counter-offer while COUNTERED. */
export interface MyBid {
  id: string;
  price: number;
  status: Bid['status'];
  counterPrice?: number | null;
}

const myBidOf = (bid: Bid): MyBid => ({
  id: bid.id,
  price: bid.price,
  status: bid.status,
  counterPrice: bid.counterPrice ?? null,
});

/** The platform's position source (browser geolocation, expo-location); returns a function that stops it. */
export type WatchPosition = (
  onPosition: (position: DriverLocation) => void,
  onError: (reason: 'DENIED' | 'UNAVAILABLE') => void,
) => () => void;

export interface DriverShiftState {
  online: boolean;
  busy: boolean;
  position: DriverLocation | null;
  requests: RideRequest[];
  activeRideId: string | null;
  /** Why going online failed or stopped: an error code, or GEO_DENIED / GEO_UNAVAILABLE. */
  error: string | null;
  lastBidRideId: string | null;
  load(): Promise<void>;
  goOnline(): Promise<void>;
  goOffline(): Promise<void>;
  /** `priceMillimes` null: the bid is at the ride's offered price (one tap). */
  placeBid(rideId: string, priceMillimes: number | null, etaMinutes: number): Promise<Bid>;
  /** Answers the customer's counter-offer: accepted, the bid is live at the counter price. */
  respondToCounter(rideId: string, bidId: string, accept: boolean): Promise<void>;
  withdrawBid(rideId: string, bidId: string): Promise<void>;
  dispose(): void;
}

/** Sends at most one position every this many ms while online (the api keeps presence fresh for 2 min). */
const POSITION_EVERY_MS = 10_000;

/** The driver's shift: online state with positions sent while online, live ride requests, bids. */
export function createDriverShiftStore(deps: {
  api: ApiClient;
  realtime: Realtime;
  watchPosition: WatchPosition;
  initiallyOnline?: boolean;
}) {
  const { api, realtime } = deps;
  let stopWatching: (() => void) | null = null;
  let lastSentAt = 0;
  const offs: Array<() => void> = [];

  const sendPosition = (position: DriverLocation) => {
    store.setState({ position });
    const now = Date.now();
    if (now - lastSentAt < POSITION_EVERY_MS || !store.getState().online) return;
    lastSentAt = now;
    // The socket carries positions to the followers of an active ride; HTTP keeps the dispatch index fresh.
    realtime.sendLocation(position);
    void api.drivers.sendLocation(position).catch(() => undefined);
  };

  function startWatching(): Promise<DriverLocation> {
    return new Promise((resolve, reject) => {
      let settled = false;
      stopWatching?.();
      stopWatching = deps.watchPosition(
        (position) => {
          if (!settled) {
            settled = true;
            resolve(position);
          }
          sendPosition(position);
        },
        (reason) => {
          store.setState({ error: reason === 'DENIED' ? 'GEO_DENIED' : 'GEO_UNAVAILABLE' });
          if (!settled) {
            settled = true;
            reject(new Error(reason));
          }
        },
      );
    });
  }

  const store = createStore<DriverShiftState>()((set, get) => ({
    online: deps.initiallyOnline ?? false,
    busy: false,
    position: null,
    requests: [],
    activeRideId: null,
    error: null,
    lastBidRideId: null,
    async load() {
      if (offs.length === 0) attach();
      const page = await api.drivers.availableRides().catch(() => ({ items: [] as AvailableRide[] }));
      set({
        requests: page.items.map((item) => ({
          ride: item.ride,
          distanceMeters: item.distanceMeters,
          bidDeadline: null,
          myBid: item.myBid,
        })),
      });
      if (get().online) await startWatching().catch(() => undefined);
    },
    async goOnline() {
      set({ busy: true, error: null });
      try {
        const position = await startWatching();
        await api.drivers.setAvailability(true);
        set({ online: true });
        lastSentAt = 0;
        sendPosition(position);
      } catch (error) {
        stopWatching?.();
        stopWatching = null;
        if (isApiError(error)) set({ error: error.code });
      } finally {
        set({ busy: false });
      }
    },
    async goOffline() {
      set({ busy: true });
      try {
        await api.drivers.setAvailability(false);
        stopWatching?.();
        stopWatching = null;
        set({ online: false, requests: [] });
      } catch (error) {
        if (isApiError(error)) set({ error: error.code });
      } finally {
        set({ busy: false });
      }
    },
    async placeBid(rideId, priceMillimes, etaMinutes) {
      const bid = await api.bids.place(
        rideId,
        priceMillimes === null ? { etaMinutes } : { price: priceMillimes, etaMinutes },
      );
      set({ lastBidRideId: rideId });
      updateMyBid(bid);
      return bid;
    },
    async respondToCounter(rideId, bidId, accept) {
      updateMyBid(await api.negotiation.respond(rideId, bidId, accept));
    },
    async withdrawBid(rideId, bidId) {
      await api.negotiation.withdraw(rideId, bidId);
      dropRequest(rideId);
    },
    dispose() {
      stopWatching?.();
      stopWatching = null;
      for (const off of offs.splice(0)) off();
    },
  }));

  const updateMyBid = (bid: Bid) =>
    store.setState((s) => ({
      requests: s.requests.map((r) => (r.ride.id === bid.rideId ? { ...r, myBid: myBidOf(bid) } : r)),
    }));

  const dropRequest = (rideId: string) =>
    store.setState((s) => ({ requests: s.requests.filter((r) => r.ride.id !== rideId) }));

  function attach(): void {
    offs.push(
      realtime.on('ride:request', ({ ride, distanceMeters, bidDeadline }) => {
        store.setState((s) => ({
          requests: [
            { ride, distanceMeters, bidDeadline, myBid: null },
            ...s.requests.filter((r) => r.ride.id !== ride.id),
          ],
        }));
      }),
      realtime.on('bid:accepted', ({ ride }) => {
        if (ride.driverId) store.setState({ activeRideId: ride.id });
        dropRequest(ride.id);
      }),
      realtime.on('bid:rejected', ({ bid }) => dropRequest(bid.rideId)),
      realtime.on('bid:countered', ({ bid }) => updateMyBid(bid)),
      realtime.on('ride:status', ({ rideId, to }) => {
        if (to !== 'PENDING_BIDS') dropRequest(rideId);
      }),
    );
  }

  return store;
}

export type DriverShiftStore = ReturnType<typeof createDriverShiftStore>;
