import type { Ride } from '@truck4u/contracts';
import { governorates, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import type { Executor } from '../users/users.repository';

export type RideRow = typeof rides.$inferSelect;

/** The ride as clients see it (contracts' Ride), from its row and its governorate's name. */
export function toRideDto(r: RideRow, governorateName: string): Ride {
  return {
    id: r.id,
    status: r.status,
    customerId: r.customerId,
    driverId: r.driverId,
    pickup: { lat: r.pickupLat, lng: r.pickupLng, address: r.pickupAddress },
    dropoff: { lat: r.dropoffLat, lng: r.dropoffLng, address: r.dropoffAddress },
    vehicleType: r.vehicleType,
    cargo: { description: r.cargoDescription, weightKg: r.cargoWeightKg },
    loadAssistance: r.loadAssistance,
    scheduledAt: r.scheduledAt?.toISOString() ?? null,
    dispatchStartsAt: r.dispatchStartsAt?.toISOString() ?? null,
    governorate: { code: r.governorateCode, name: governorateName },
    distanceMeters: r.distanceMeters,
    priceEstimate: r.priceEstimate,
    acceptedBidId: r.acceptedBidId,
    price: r.price,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Loads a ride as clients see it, or null. */
export async function findRideDto(db: Executor, rideId: string): Promise<Ride | null> {
  const [row] = await db
    .select({ ride: rides, governorateName: governorates.name })
    .from(rides)
    .innerJoin(governorates, eq(governorates.code, rides.governorateCode))
    .where(eq(rides.id, rideId));
  return row ? toRideDto(row.ride, row.governorateName) : null;
}
