import { firstNameOf, type PublicDriverProfile } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { notFound } from '../../errors/app-error';
import { findDriverCardFacts } from './profiles.repository';

function average(sum: number, count: number): number | null {
  return count > 0 ? Math.round((sum / count) * 100) / 100 : null;
}

/** Drivers' public cards (GET /api/drivers/:id/profile). */
export class ProfilesService {
  constructor(private readonly db: Database) {}

  /**
   * The card any signed-in user may see. A suspended account has no public card (404, as an unknown id): it
   * takes no rides, and its name should not keep circulating.
   */
  async driverProfile(driverId: string): Promise<PublicDriverProfile> {
    const d = await findDriverCardFacts(this.db, driverId);
    if (!d || d.isDeactivated) throw notFound('Driver');
    return {
      id: d.id,
      firstName: firstNameOf(d.name),
      vehicle: { type: d.vehicleType, plate: d.vehiclePlate, capacityKg: d.vehicleCapacityKg },
      rating: {
        average: average(d.ratingSum, d.ratingCount),
        count: d.ratingCount,
        criteria: {
          punctuality: average(d.punctualitySum, d.criteriaCount),
          care: average(d.careSum, d.criteriaCount),
          communication: average(d.communicationSum, d.criteriaCount),
          count: d.criteriaCount,
        },
      },
      ridesCompleted: d.ridesCompleted,
      memberSince: d.createdAt.toISOString(),
      isVerified: d.verificationStatus === 'VERIFIED',
    };
  }
}
