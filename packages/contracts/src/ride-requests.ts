import { z } from 'zod';
import { cursorQuerySchema } from './pagination';
import { IDEMPOTENCY_KEY_PATTERN } from './payments';
import { queryNumber } from './query';
import {
  bidStatusSchema,
  createRideSchema,
  RIDE_STATUSES,
  type RideStatus,
  rideSchema,
  rideStatusSchema,
} from './rides';
import { safeText } from './text';

/** How far ahead a ride may be booked; further than this is a typo, not a plan. */
export const MAX_SCHEDULE_AHEAD_DAYS = 30;
/** Pickup and dropoff closer than this are the same place: nothing to carry anywhere. */
export const MIN_RIDE_DISTANCE_METERS = 100;

function roughMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  // Equirectangular is plenty to tell "same spot" from "a real trip".
  const rad = Math.PI / 180;
  const x = (b.lng - a.lng) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

/**
 * Body of POST /api/rides as the api checks it: `createRideSchema` plus the rules that depend on the clock
 * and on both ends at once, so every issue is listed in one 400.
 */
export const postRideSchema = createRideSchema.superRefine((ride, ctx) => {
  if (ride.scheduledAt !== undefined) {
    const at = Date.parse(ride.scheduledAt);
    const now = Date.now();
    if (at <= now) {
      ctx.addIssue({ code: 'custom', path: ['scheduledAt'], message: 'must be in the future' });
    } else if (at > now + MAX_SCHEDULE_AHEAD_DAYS * 86_400_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['scheduledAt'],
        message: `must be within ${MAX_SCHEDULE_AHEAD_DAYS} days`,
      });
    }
  }
  if (roughMeters(ride.pickup, ride.dropoff) < MIN_RIDE_DISTANCE_METERS) {
    ctx.addIssue({
      code: 'custom',
      path: ['dropoff'],
      message: `must be at least ${MIN_RIDE_DISTANCE_METERS} m from the pickup`,
    });
  }
});

/** Query of GET /api/rides: `status` takes one status or several separated by commas. */
export const listRidesQuerySchema = cursorQuerySchema.extend({
  status: z
    .string()
    .max(300)
    .optional()
    .describe(`One or more of ${RIDE_STATUSES.join(', ')}, comma-separated`)
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const parts = value.split(',').map((s) => s.trim());
      const statuses: RideStatus[] = [];
      for (const part of parts) {
        const parsed = rideStatusSchema.safeParse(part);
        if (!parsed.success) {
          ctx.addIssue({ code: 'custom', message: `unknown ride status "${part}"` });
          return z.NEVER;
        }
        statuses.push(parsed.data);
      }
      return statuses;
    }),
});

/** Headers of POST /api/rides: an Idempotency-Key is optional there (posting a ride moves no money). */
export const postRideHeadersSchema = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(IDEMPOTENCY_KEY_PATTERN, '8 to 128 characters from A-Z, a-z, 0-9, "_" and "-"')
    .optional()
    .describe(
      'A key the client generates per ride it posts (a UUID works); a retry with it returns the first ride',
    ),
});

export const rideEventsQuerySchema = z.object({
  after: queryNumber(z.number().int().min(0).optional()).describe(
    'Only events with a greater id: the last event id the client saw',
  ),
  limit: queryNumber(z.number().int().min(1).max(500).default(100)),
});

/** Body of POST /api/rides/:id/cancel (an empty body is fine). */
export const cancelRideSchema = z
  .object({ reason: safeText({ multiline: true }).min(1).max(500).optional() })
  .nullish();
export type CancelRide = z.infer<typeof cancelRideSchema>;

export const cancellationOutcomeSchema = z.object({
  fee: z.number().int().describe('Millimes charged to the customer for a late cancellation'),
  feeStatus: z.enum(['NONE', 'CHARGED', 'UNPAID']),
  strike: z.boolean().describe('The cancelling driver received a strike'),
  driverDeactivated: z
    .boolean()
    .describe('The strike took the driver to the limit; their account is suspended'),
});

export const cancelRideResponseSchema = z.object({
  ride: rideSchema,
  cancellation: cancellationOutcomeSchema,
});
export type CancelRideResponse = z.infer<typeof cancelRideResponseSchema>;

/** A ride offered to the calling driver, with what they need to decide whether to bid. */
export const availableRideSchema = z.object({
  ride: rideSchema,
  distanceMeters: z.number().int().nullable().describe('From the driver to the pickup when they were asked'),
  notifiedAt: z.string(),
  myBid: z
    .object({
      id: z.uuid(),
      price: z.number().int(),
      status: bidStatusSchema,
      counterPrice: z
        .number()
        .int()
        .nullable()
        .optional()
        .describe(
          'Millimes; the customer’s counter-offer on this bid (status COUNTERED while it waits), else null',
        ),
    })
    .nullable()
    .describe('The caller’s bid on this ride, if any, whatever its status'),
});
export type AvailableRide = z.infer<typeof availableRideSchema>;
