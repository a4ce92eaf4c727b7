import type { Executor } from '@truck4u/database';
import { drivers } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';

/** Only the columns a public card is made of: no phone, no documents, nothing the card does not show. */
export async function findDriverCardFacts(db: Executor, driverId: string) {
  const [row] = await db
    .select({
      id: drivers.id,
      name: drivers.name,
      vehicleType: drivers.vehicleType,
      vehiclePlate: drivers.vehiclePlate,
      vehicleCapacityKg: drivers.vehicleCapacityKg,
      verificationStatus: drivers.verificationStatus,
      isDeactivated: drivers.isDeactivated,
      ratingSum: drivers.ratingSum,
      ratingCount: drivers.ratingCount,
      punctualitySum: drivers.ratingPunctualitySum,
      careSum: drivers.ratingCareSum,
      communicationSum: drivers.ratingCommunicationSum,
      criteriaCount: drivers.ratingCriteriaCount,
      createdAt: drivers.createdAt,
      ridesCompleted: sql<number>`(SELECT count(*)::int FROM rides r
        WHERE r.driver_id = "drivers"."id" AND r.status = 'COMPLETED')`,
    })
    .from(drivers)
    .where(eq(drivers.id, driverId));
  return row ?? null;
}
