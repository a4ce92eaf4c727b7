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

/**
 * The most cargo each vehicle type carries, in kg: the payload of the vehicles common on the Tunisian market
 * (docs/DRIVER-DOCUMENTS.md#capacity). A ride heavier than its vehicle type's capacity is refused at posting.
 */
export const VEHICLE_CAPACITY_KG: Readonly<Record<VehicleType, number>> = {
  PICKUP: 1_000, // Isuzu D-Max, Toyota Hilux, Mitsubishi L200 single cab
  SMALL_VAN: 1_000, // Peugeot Partner, Citroën Berlingo, Fiat Doblò Cargo
  LARGE_VAN: 1_500, // Renault Master, Fiat Ducato, Iveco Daily 35 (3.5 t gross)
  BOX_TRUCK: 5_000, // Isuzu NPR / NQR, Hyundai HD75 (7.5–10 t gross)
  FLATBED: 25_000, // flatbed semi-trailer (40 t gross)
  REFRIGERATED: 5_000, // refrigerated body on a 7.5–10 t chassis
};

/** Gross vehicle weight classes as the Tunisian licence sees them: up to 3.5 t (B) and above (C). */
export const GROSS_WEIGHT_CLASSES = ['UP_TO_3_5_T', 'OVER_3_5_T'] as const;
export type GrossWeightClass = (typeof GROSS_WEIGHT_CLASSES)[number];

export const VEHICLE_GROSS_WEIGHT_CLASS: Readonly<Record<VehicleType, GrossWeightClass>> = {
  PICKUP: 'UP_TO_3_5_T',
  SMALL_VAN: 'UP_TO_3_5_T',
  LARGE_VAN: 'UP_TO_3_5_T',
  BOX_TRUCK: 'OVER_3_5_T',
  FLATBED: 'OVER_3_5_T',
  REFRIGERATED: 'OVER_3_5_T',
};

/** Vehicle types able to carry `weightKg`, lightest first (the order of VEHICLE_TYPES among equals). */
export function vehicleTypesCarrying(weightKg: number): VehicleType[] {
  return VEHICLE_TYPES.filter((type) => VEHICLE_CAPACITY_KG[type] >= weightKg).sort(
    (a, b) => VEHICLE_CAPACITY_KG[a] - VEHICLE_CAPACITY_KG[b],
  );
}
