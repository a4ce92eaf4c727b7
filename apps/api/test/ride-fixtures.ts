import type { RideStatus, VehicleType } from '@truck4u/contracts';
import { rides } from '@truck4u/database';
import type { TestEnvironment } from './test-environment';

/** Tunis centre (Avenue Habib Bourguiba), where most test rides start. */
export const TUNIS = { lat: 36.8008, lng: 10.18 } as const;

/** The point `km` kilometres north of `from` (one degree of latitude is ~111.2 km). */
export function northOf(from: { lat: number; lng: number }, km: number) {
  return { lat: from.lat + km / 111.2, lng: from.lng };
}

/**
 * A ride row written straight to the database, for tests of dispatch and realtime that must not depend on
 * the ride routes. Use the HTTP routes wherever the behaviour under test is theirs.
 */
export async function insertRide(
  env: TestEnvironment,
  input: {
    customerId: string;
    pickup?: { lat: number; lng: number };
    vehicleType?: VehicleType;
    /** Default 300 kg. */
    cargoWeightKg?: number;
    status?: RideStatus;
    driverId?: string | null;
    /** The accepted price in millimes, e.g. for a COMPLETED ride to pay. */
    price?: number;
    commissionRateBps?: number;
  },
): Promise<string> {
  const pickup = input.pickup ?? TUNIS;
  const [row] = await env.database.db
    .insert(rides)
    .values({
      customerId: input.customerId,
      driverId: input.driverId ?? null,
      status: input.status ?? 'PENDING_BIDS',
      pickupLat: pickup.lat,
      pickupLng: pickup.lng,
      pickupAddress: 'Avenue Habib Bourguiba, Tunis',
      dropoffLat: 36.85,
      dropoffLng: 10.2,
      dropoffAddress: 'La Marsa',
      vehicleType: input.vehicleType ?? 'SMALL_VAN',
      cargoDescription: 'Furniture',
      cargoWeightKg: input.cargoWeightKg ?? 300,
      governorateCode: 'TN-11',
      distanceMeters: 12_000,
      priceEstimate: 45_000,
      price: input.price ?? null,
      commissionRateBps: input.commissionRateBps ?? null,
    })
    .returning({ id: rides.id });
  if (!row) throw new Error('ride insert failed');
  return row.id;
}
