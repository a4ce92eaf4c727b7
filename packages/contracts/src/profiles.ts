import { z } from 'zod';
import { vehicleTypeSchema } from './vehicles';

/** Path parameters of GET /api/drivers/:id/profile. */
export const publicDriverProfileParamsSchema = z.object({ id: z.uuid() });

const criterionAverage = z.number().nullable().describe('Average 1–5, null until a rating gave criteria');

/**
 * A driver's public card (GET /api/drivers/:id/profile): what any signed-in user may see before trusting them
 * with a load. Nothing private: no phone, no surname, no documents, no earnings.
 */
export const publicDriverProfileSchema = z.object({
  id: z.uuid(),
  firstName: z.string().describe('The first word of the name the driver registered with'),
  vehicle: z.object({ type: vehicleTypeSchema, plate: z.string(), capacityKg: z.number().int() }),
  rating: z.object({
    average: z.number().nullable().describe('Average stars 1–5, null until rated'),
    count: z.number().int(),
    criteria: z.object({
      punctuality: criterionAverage,
      care: criterionAverage,
      communication: criterionAverage,
      count: z.number().int().describe('Ratings that gave criteria'),
    }),
  }),
  ridesCompleted: z.number().int(),
  memberSince: z.string().describe('When the driver registered (ISO 8601)'),
  isVerified: z.boolean(),
});
export type PublicDriverProfile = z.infer<typeof publicDriverProfileSchema>;

/** The first name shown on public cards: the first word of the registered name. */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}
