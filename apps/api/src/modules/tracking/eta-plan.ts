import type { LatLng, RideStatus } from '@truck4u/contracts';
import type { RideStopRecord } from '@truck4u/database';

export interface EtaPlan {
  /** Where the ETA points; null when there is nothing to drive to (no driver yet, arrived, ended). */
  target: 'PICKUP' | 'DROPOFF' | null;
  /** The driver's position, then what is left to visit up to the target. */
  toTarget: LatLng[];
  /** The driver's position, then everything left to visit up to the dropoff. */
  toDropoff: LatLng[];
  /** The first stop not DONE, or null. */
  nextStopIndex: number | null;
  /** At the dropoff already (DROPOFF_ARRIVED): nothing left, ETA 0. */
  hasArrived: boolean;
}

export interface PlannedRide {
  status: RideStatus;
  pickup: LatLng;
  dropoff: LatLng;
  stops: readonly RideStopRecord[];
}

const BEFORE_PICKUP: readonly RideStatus[] = ['BID_ACCEPTED', 'DRIVER_ARRIVING'];
const AFTER_PICKUP: readonly RideStatus[] = ['PICKUP_ARRIVED', 'LOADING', 'IN_TRANSIT'];

/**
 * What the ETA is computed over: to the pickup until the driver reaches it, then to the dropoff through the
 * stops not yet DONE, in order (a stop the driver is ARRIVED at still counts: they are there).
 */
export function planEta(ride: PlannedRide, position: LatLng | null): EtaPlan {
  const firstOpen = ride.stops.findIndex((stop) => stop.status !== 'DONE');
  const nextStopIndex = firstOpen === -1 ? null : firstOpen;
  const openStops = ride.stops.filter((stop) => stop.status !== 'DONE').map(({ lat, lng }) => ({ lat, lng }));
  const none: EtaPlan = { target: null, toTarget: [], toDropoff: [], nextStopIndex, hasArrived: false };
  if (ride.status === 'DROPOFF_ARRIVED') return { ...none, hasArrived: true };
  if (!position) return none;
  if (BEFORE_PICKUP.includes(ride.status)) {
    return {
      target: 'PICKUP',
      toTarget: [position, ride.pickup],
      toDropoff: [position, ride.pickup, ...openStops, ride.dropoff],
      nextStopIndex,
      hasArrived: false,
    };
  }
  if (AFTER_PICKUP.includes(ride.status)) {
    const route = [position, ...openStops, ride.dropoff];
    return { target: 'DROPOFF', toTarget: route, toDropoff: route, nextStopIndex, hasArrived: false };
  }
  return none;
}

/** The first word of a registered name: all the public share page may show of the driver. */
export function firstNameOf(fullName: string): string {
  return fullName.trim().split(/\s+/)[0] ?? '';
}
