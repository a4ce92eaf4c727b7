import { z } from 'zod';
import { safeText } from './text';

export const VEHICLE_TYPES = [
  'PICKUP',
  'SMALL_VAN',
  'LARGE_VAN',
  'BOX_TRUCK',
  'FLATBED',
  'REFRIGERATED',
] as const;
export const vehicleTypeSchema = z.enum(VEHICLE_TYPES);
export type VehicleType = z.infer<typeof vehicleTypeSchema>;

export const vehicleSchema = z.object({
  type: vehicleTypeSchema,
  plate: safeText().min(2).max(20).describe('Registration plate as painted, e.g. "123 TU 4567"'),
  capacityKg: z.number().int().positive().max(60_000),
});
export type Vehicle = z.infer<typeof vehicleSchema>;
