import { z } from 'zod';

export const RIDE_STATUSES = [
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
] as const;
export const rideStatusSchema = z.enum(RIDE_STATUSES);
export type RideStatus = z.infer<typeof rideStatusSchema>;

/** The ride status machine (DESIGN.md §5): the only transitions the database update will accept. */
export const RIDE_TRANSITIONS: Readonly<Record<RideStatus, readonly RideStatus[]>> = {
  PENDING_BIDS: ['BID_ACCEPTED', 'NO_DRIVERS_AVAILABLE', 'CANCELLED'],
  NO_DRIVERS_AVAILABLE: ['PENDING_BIDS', 'CANCELLED'],
  BID_ACCEPTED: ['DRIVER_ARRIVING', 'CANCELLED'],
  DRIVER_ARRIVING: ['PICKUP_ARRIVED', 'CANCELLED'],
  PICKUP_ARRIVED: ['LOADING', 'CANCELLED'],
  LOADING: ['IN_TRANSIT'],
  IN_TRANSIT: ['DROPOFF_ARRIVED'],
  DROPOFF_ARRIVED: ['COMPLETED'],
  COMPLETED: [],
  CANCELLED: [],
};

export function canTransition(from: RideStatus, to: RideStatus): boolean {
  return RIDE_TRANSITIONS[from].includes(to);
}

export function isTerminalStatus(status: RideStatus): boolean {
  return RIDE_TRANSITIONS[status].length === 0;
}
