import { ACTIVE_RIDE_STATUSES, type Role } from '@truck4u/contracts';
import { type Database, rides } from '@truck4u/database';
import { and, eq, inArray, notInArray } from 'drizzle-orm';

// A customer follows rides until they end; more than this many open rides at once is not a real customer.
const MAX_FOLLOWED_RIDES = 50;

/** Rides whose room a user joins at connect: a customer's open rides, a driver's active ride. */
export async function followedRideIds(db: Database, role: Role, userId: string): Promise<string[]> {
  if (role === 'customer') {
    const rows = await db
      .select({ id: rides.id })
      .from(rides)
      .where(and(eq(rides.customerId, userId), notInArray(rides.status, ['COMPLETED', 'CANCELLED'])))
      .limit(MAX_FOLLOWED_RIDES);
    return rows.map((r) => r.id);
  }
  if (role === 'driver') {
    const rows = await db
      .select({ id: rides.id })
      .from(rides)
      .where(and(eq(rides.driverId, userId), inArray(rides.status, [...ACTIVE_RIDE_STATUSES])))
      .limit(1);
    return rows.map((r) => r.id);
  }
  return [];
}
