import { z } from 'zod';
import { driverVerificationStatusSchema } from './drivers';
import { safeText } from './text';
import { vehicleSchema } from './vehicles';

export const companySchema = z.object({
  name: safeText().min(2).max(200),
  taxId: safeText().min(3).max(32).describe('Matricule fiscal of the company').optional(),
  address: safeText({ multiline: true }).max(500).optional(),
});
export type Company = z.infer<typeof companySchema>;

const isoDate = z.string().describe('ISO 8601 timestamp, UTC');

export const customerProfileSchema = z.object({
  id: z.uuid(),
  role: z.literal('customer'),
  phone: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  customerType: z.enum(['B2C', 'B2B']),
  company: companySchema.nullable(),
  createdAt: isoDate,
});

export const driverProfileSchema = z.object({
  id: z.uuid(),
  role: z.literal('driver'),
  phone: z.string(),
  name: z.string(),
  vehicle: vehicleSchema,
  verificationStatus: driverVerificationStatusSchema,
  rating: z.number().nullable().describe('Average of received ratings, 1 to 5; null before the first'),
  ratingCount: z.number().int(),
  isOnline: z.boolean(),
  isDeactivated: z.boolean(),
  createdAt: isoDate,
});

export const adminProfileSchema = z.object({
  id: z.uuid(),
  role: z.literal('admin'),
  phone: z.string(),
  name: z.string(),
  createdAt: isoDate,
});

export const userProfileSchema = z.discriminatedUnion('role', [
  customerProfileSchema,
  driverProfileSchema,
  adminProfileSchema,
]);
export type CustomerProfile = z.infer<typeof customerProfileSchema>;
export type DriverProfile = z.infer<typeof driverProfileSchema>;
export type AdminProfile = z.infer<typeof adminProfileSchema>;
export type UserProfile = z.infer<typeof userProfileSchema>;
