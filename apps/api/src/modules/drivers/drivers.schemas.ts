import { driverLocationSchema, TUNISIA_BOUNDS } from '@truck4u/contracts';
import { z } from 'zod';

export const availabilitySchema = z.object({ online: z.boolean() });

export const availabilityResponseSchema = z.object({ online: z.boolean() });

/** A position must be inside Tunisia: dispatch only searches there, and anything else is a broken GPS. */
export const driverLocationInTunisiaSchema = driverLocationSchema.refine(
  (p) =>
    p.lat >= TUNISIA_BOUNDS.minLat &&
    p.lat <= TUNISIA_BOUNDS.maxLat &&
    p.lng >= TUNISIA_BOUNDS.minLng &&
    p.lng <= TUNISIA_BOUNDS.maxLng,
  { message: 'Truck4u serves Tunisia only: this position is outside the country' },
);

export const locationResponseSchema = z.object({
  at: z.string(),
  activeRideId: z.uuid().nullable().describe('The ride whose followers received this position, if any'),
});
