import type { RideStatus, VehicleType } from '@truck4u/contracts';

/** The statuses the assigned driver walks through, in order (cancelling has its own route). */
export const DRIVER_PATH: readonly RideStatus[] = [
  'BID_ACCEPTED',
  'DRIVER_ARRIVING',
  'PICKUP_ARRIVED',
  'LOADING',
  'IN_TRANSIT',
  'DROPOFF_ARRIVED',
  'COMPLETED',
];

/** The customer's timeline: posting, then the driver's path. */
export const RIDE_TIMELINE: readonly RideStatus[] = ['PENDING_BIDS', ...DRIVER_PATH];

/** The next status the driver's big button sets, or null when there is none. */
export function nextDriverStatus(status: RideStatus): RideStatus | null {
  const index = DRIVER_PATH.indexOf(status);
  if (index < 0 || index === DRIVER_PATH.length - 1) return null;
  return DRIVER_PATH[index + 1] ?? null;
}

/** A ride with a driver on it that is not over yet. */
export function isActiveRide(status: RideStatus): boolean {
  return DRIVER_PATH.includes(status) && status !== 'COMPLETED';
}

/** Until the cargo is on board the next stop is the pickup, then the dropoff. */
export function nextStopOf(status: RideStatus): 'pickup' | 'dropoff' {
  return ['BID_ACCEPTED', 'DRIVER_ARRIVING', 'PICKUP_ARRIVED', 'LOADING'].includes(status)
    ? 'pickup'
    : 'dropoff';
}

/** A link that opens turn-by-turn navigation (Google Maps app or site, Waze-compatible devices offer it too). */
export function navigationUrl(to: { lat: number; lng: number }): string {
  return `https://www.google.com/maps/dir/?api=1&destination=${to.lat},${to.lng}&travelmode=driving`;
}

/** The typical payload of each vehicle type, shown when choosing one (a driver's own capacity is on the bid). */
export const VEHICLE_CAPACITY_KG: Readonly<Record<VehicleType, number>> = {
  PICKUP: 1_000,
  SMALL_VAN: 1_500,
  LARGE_VAN: 3_500,
  BOX_TRUCK: 8_000,
  FLATBED: 20_000,
  REFRIGERATED: 5_000,
};

export const ACTIVE_RIDE_STATUSES: RideStatus[] = DRIVER_PATH.filter((s) => s !== 'COMPLETED');

/**
 * The contract's vehicle types and ride statuses as plain lists. Pages import these rather than the values in
 * `@truck4u/contracts`, whose zod schemas and phone metadata (~70 KB gzipped) would otherwise ship to the
 * browser; a unit test keeps them equal to the contract's.
 */
export const VEHICLE_TYPE_LIST = [
  'PICKUP',
  'SMALL_VAN',
  'LARGE_VAN',
  'BOX_TRUCK',
  'FLATBED',
  'REFRIGERATED',
] as const satisfies readonly VehicleType[];

export const RIDE_STATUS_LIST = [
  'PENDING_BIDS',
  'NO_DRIVERS_AVAILABLE',
  'BID_ACCEPTED',
  'DRIVER_ARRIVING',
  'PICKUP_ARRIVED',
  'LOADING',
  'IN_TRANSIT',
  'DROPOFF_ARRIVED',
  'COMPLETED',
  'CANCELLED',
] as const satisfies readonly RideStatus[];
