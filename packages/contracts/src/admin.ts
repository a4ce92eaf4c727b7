import { z } from 'zod';
import { driverVerificationStatusSchema } from './drivers';
import { cursorQuerySchema } from './pagination';
import { rideStatusSchema } from './rides';
import { safeText } from './text';
import { driverProfileSchema } from './users';
import { vehicleTypeSchema } from './vehicles';

export const suspendDriverSchema = z
  .object({ reason: safeText({ multiline: true }).min(1).max(500).optional() })
  .nullish();

export const blacklistStatsSchema = z.object({
  revokedAccessTokens: z.number().int().describe('Live token:blacklist:<jti> entries'),
  userCutoffs: z.number().int().describe('Live token:blacklist:user:<role>:<id> entries'),
  revokedSessions: z
    .number()
    .int()
    .describe('Live token:blacklist:session:<sid> entries (refresh-token families)'),
  total: z.number().int(),
  source: z
    .enum(['redis', 'database'])
    .describe('Where the counts were read; database when Redis is unreachable'),
});
export type BlacklistStats = z.infer<typeof blacklistStatsSchema>;

export const verifyDriverSchema = z
  .object({
    approved: z.boolean(),
    reason: safeText({ multiline: true })
      .min(1)
      .max(500)
      .optional()
      .describe('Required when rejecting: the driver is shown it and can fix their application'),
  })
  .refine((body) => body.approved || body.reason !== undefined, {
    path: ['reason'],
    message: 'A reason is required when rejecting a driver',
  });
export type VerifyDriver = z.infer<typeof verifyDriverSchema>;

const isoDate = z.string().describe('ISO 8601 timestamp, UTC');

/** A driver as an admin sees it: the public profile plus verification and suspension details. */
export const adminDriverSchema = driverProfileSchema.extend({
  verificationReason: z
    .string()
    .nullable()
    .describe('Why the driver was rejected (or the note left on approval)'),
  verifiedAt: isoDate.nullable().describe('When the driver was verified; null unless VERIFIED'),
  verifiedBy: z.uuid().nullable().describe('Admin who took the latest verification decision'),
  deactivationReason: z.string().nullable(),
  deactivatedAt: isoDate.nullable(),
});
export type AdminDriver = z.infer<typeof adminDriverSchema>;

export const adminDriversQuerySchema = cursorQuerySchema.extend({
  cursor: z.uuid().optional().describe('The id of the last driver of the previous page'),
  verificationStatus: driverVerificationStatusSchema.optional(),
  vehicleType: vehicleTypeSchema.optional(),
  isDeactivated: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: safeText().min(1).max(100).optional().describe('Part of the name, phone or plate'),
  order: z
    .enum(['newest', 'oldest'])
    .default('newest')
    .describe('By registration time; `oldest` works the verification queue first come, first served'),
});
export type AdminDriversQuery = z.infer<typeof adminDriversQuerySchema>;

const countsByStatus = z.record(rideStatusSchema, z.number().int());

export const adminStatsSchema = z.object({
  rides: z.object({
    total: z.number().int(),
    byStatus: countsByStatus.describe('Every ride status, zero included'),
  }),
  drivers: z.object({
    total: z.number().int(),
    online: z.number().int().describe('Online, verified and not deactivated'),
    verified: z.number().int(),
    pendingVerification: z.number().int(),
    rejected: z.number().int(),
    deactivated: z.number().int(),
  }),
  customers: z.object({ total: z.number().int(), b2b: z.number().int() }),
  today: z
    .object({
      timezone: z.literal('Africa/Tunis'),
      since: isoDate.describe('Start of today in Tunis time'),
      ridesCreated: z.number().int(),
      ridesCompleted: z.number().int(),
      gmv: z.number().int().describe('Millimes: sum of the prices of rides completed today'),
      commission: z
        .number()
        .int()
        .describe('Millimes: platform commission on those rides, at the rate fixed on each ride'),
    })
    .describe('Since midnight, Tunis time'),
});
export type AdminStats = z.infer<typeof adminStatsSchema>;
