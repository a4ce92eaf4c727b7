import { z } from 'zod';
import { governorateCodeSchema } from './governorates';

/** Commission rates admins may set, in basis points: 0% to 30%. */
export const COMMISSION_RATE_BOUNDS = { minBps: 0, maxBps: 3000 } as const;

export const commissionSchema = z.object({
  governorate: governorateCodeSchema,
  name: z.string(),
  rateBps: z.number().int().describe('1500 = 15%'),
  isActive: z.boolean().describe('When false, rides picked up here use the default rate'),
  updatedAt: z.string(),
  updatedBy: z.uuid().nullable(),
});
export type Commission = z.infer<typeof commissionSchema>;

export const updateCommissionSchema = z.object({
  rateBps: z
    .number()
    .int('must be a whole number of basis points (1500 = 15%)')
    .min(COMMISSION_RATE_BOUNDS.minBps, `must be at least ${COMMISSION_RATE_BOUNDS.minBps} basis points`)
    .max(
      COMMISSION_RATE_BOUNDS.maxBps,
      `must be at most ${COMMISSION_RATE_BOUNDS.maxBps} basis points (${COMMISSION_RATE_BOUNDS.maxBps / 100}%)`,
    )
    .describe('Basis points: 1500 = 15%'),
  isActive: z.boolean().optional(),
});

export const commissionAuditEntrySchema = z.object({
  id: z.number().int(),
  governorate: governorateCodeSchema,
  adminId: z.uuid(),
  oldRateBps: z.number().int().nullable(),
  newRateBps: z.number().int(),
  oldIsActive: z.boolean().nullable(),
  newIsActive: z.boolean(),
  createdAt: z.string(),
});
