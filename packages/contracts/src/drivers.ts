import { z } from 'zod';

export const DRIVER_VERIFICATION_STATUSES = ['PENDING_VERIFICATION', 'VERIFIED', 'REJECTED'] as const;
export const driverVerificationStatusSchema = z.enum(DRIVER_VERIFICATION_STATUSES);
export type DriverVerificationStatus = z.infer<typeof driverVerificationStatusSchema>;
