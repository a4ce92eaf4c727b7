import {
  ACTIVE_RIDE_STATUSES,
  type Ride,
  type RideDriver,
  type RideStatus,
  type UserRef,
} from '@truck4u/contracts';
import { drivers, type Executor } from '@truck4u/database';
import { inArray } from 'drizzle-orm';

/** The first word of a full name: what other parties see (never the surname). */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

/**
 * A phone with all but its last three digits hidden: "+21620123567" → "+216 •• ••• 567". Enough for a person
 * to recognise a caller, not to call them.
 */
export function maskPhone(phone: string): string {
  const tunisian = /^\+216(\d{8})$/.exec(phone);
  if (tunisian?.[1]) return `+216 •• ••• ${tunisian[1].slice(-3)}`;
  const digits = phone.replace(/\D/g, '');
  return `+${'•'.repeat(Math.max(0, digits.length - 3))} ${digits.slice(-3)}`;
}

const RUNNING: readonly RideStatus[] = ACTIVE_RIDE_STATUSES;

/**
 * Whether the viewer sees the assigned driver's phone in full: while the ride runs (from BID_ACCEPTED to
 * DROPOFF_ARRIVED) the customer needs to call them; once it ended it is masked again (the chat stays open an
 * hour for loose ends). Admins always see it; the driver sees their own.
 */
export function isPhoneShown(viewer: UserRef, ride: Pick<Ride, 'status' | 'driverId'>): boolean {
  if (viewer.role === 'admin') return true;
  if (viewer.role === 'driver') return ride.driverId === viewer.id;
  return RUNNING.includes(ride.status);
}

/** The driver columns a ride's driver card is made from (the ride snapshot cache keeps them as they are). */
export interface DriverCardRow {
  id: string;
  name: string;
  phone: string;
  vehicleType: RideDriver['vehicle']['type'];
  vehiclePlate: string;
  ratingSum: number;
  ratingCount: number;
}

export async function loadDriverRows(db: Executor, driverIds: string[]): Promise<Map<string, DriverCardRow>> {
  if (driverIds.length === 0) return new Map();
  const rows = await db
    .select({
      id: drivers.id,
      name: drivers.name,
      phone: drivers.phone,
      vehicleType: drivers.vehicleType,
      vehiclePlate: drivers.vehiclePlate,
      ratingSum: drivers.ratingSum,
      ratingCount: drivers.ratingCount,
    })
    .from(drivers)
    .where(inArray(drivers.id, [...new Set(driverIds)]));
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Adds the assigned driver's card (`driver`) to rides the viewer may see, in one query for the whole list.
 * Rides without a driver are returned as they are: before acceptance nobody's phone is on a ride.
 */
export async function withDriverCards<T extends Ride>(
  db: Executor,
  viewer: UserRef,
  rides: T[],
): Promise<T[]> {
  const assigned = rides.flatMap((ride) => (ride.driverId ? [ride.driverId] : []));
  if (assigned.length === 0) return rides;
  const rows = await loadDriverRows(db, assigned);
  return rides.map((ride) => {
    const row = ride.driverId ? rows.get(ride.driverId) : undefined;
    if (!row) return ride;
    return { ...ride, driver: toRideDriver(viewer, ride, row) };
  });
}

/** The card as `viewer` sees it: the phone in full or masked (isPhoneShown). */
export function toRideDriver(
  viewer: UserRef,
  ride: Pick<Ride, 'status' | 'driverId'>,
  row: DriverCardRow,
): RideDriver {
  return {
    id: row.id,
    firstName: firstNameOf(row.name),
    phone: isPhoneShown(viewer, ride) ? row.phone : maskPhone(row.phone),
    vehicle: { type: row.vehicleType, plate: row.vehiclePlate },
    rating: row.ratingCount > 0 ? Math.round((row.ratingSum / row.ratingCount) * 100) / 100 : null,
  };
}
