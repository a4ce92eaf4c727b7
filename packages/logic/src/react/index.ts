import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ApiClient } from '../api-client';
import type { Realtime } from '../realtime';
import {
  createDriverShiftStore,
  type DriverShiftState,
  type WatchPosition,
} from '../stores/driver-shift-store';
import { createRideStore, type RideState } from '../stores/ride-store';
import type { SessionState, SessionStore } from '../stores/session-store';

/** The live state of one ride (bids, timeline, truck position) for as long as the component is mounted. */
export function useRide(api: ApiClient, realtime: Realtime, rideId: string, options: { withBids: boolean }) {
  const [store] = useState(() => createRideStore({ api, realtime, rideId, withBids: options.withBids }));
  useEffect(() => {
    void store.getState().reload();
    return () => store.getState().dispose();
  }, [store]);
  return useStore(store);
}

/** Only the bids of a ride, kept live. */
export function useBids(api: ApiClient, realtime: Realtime, rideId: string) {
  const state: RideState = useRide(api, realtime, rideId, { withBids: true });
  return state.bids;
}

/** The driver's shift: online toggle, positions while online, live requests, bidding. */
export function useDriverShift(
  api: ApiClient,
  realtime: Realtime,
  watchPosition: WatchPosition,
  initiallyOnline: boolean,
): DriverShiftState {
  const [store] = useState(() => createDriverShiftStore({ api, realtime, watchPosition, initiallyOnline }));
  useEffect(() => {
    void store.getState().load();
    return () => store.getState().dispose();
  }, [store]);
  return useStore(store);
}

export function useSession(store: SessionStore): SessionState {
  return useStore(store);
}

export { useAction } from './use-action';
export { useDeliveryCode } from './use-delivery-code';
export { type RideEtaView, useRideEta } from './use-ride-eta';
