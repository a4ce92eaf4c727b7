import { z } from 'zod';
import { adminStatsSchema } from './admin';
import { passwordSchema } from './auth';
import { rideMessageSchema } from './chat';
import { governorateCodeSchema } from './governorates';
import { cursorQuerySchema } from './pagination';
import { adminPaymentSchema, PAYMENT_METHODS, PAYMENT_STATUSES } from './payments';
import { phoneSchema } from './phone';
import { proofSchema, rideFlagSchema } from './proofs';
import { bidWithDriverSchema, rideEventSchema, rideSchema, rideStatusSchema } from './rides';
import { safeText } from './text';
import { customerProfileSchema } from './users';
import { vehicleTypeSchema } from './vehicles';

const isoDate = z.string().describe('ISO 8601 timestamp, UTC');

// ---------------------------------------------------------------------------------------------------------
// Roles and permissions: the single table every admin route is checked against (docs/SECURITY.md).
// ---------------------------------------------------------------------------------------------------------

export const ADMIN_ROLES = ['SUPERADMIN', 'OPERATIONS', 'FINANCE', 'SUPPORT'] as const;
export const adminRoleSchema = z.enum(ADMIN_ROLES);
export type AdminRole = z.infer<typeof adminRoleSchema>;

/** What an admin may do; every admin route needs exactly one of these. */
export const ADMIN_ACTIONS = [
  'rides.read',
  'rides.cancel',
  'rides.redispatch',
  'deliveryCodes.unlock',
  'live.read',
  'drivers.read',
  'drivers.verify',
  'documents.review',
  'drivers.suspend',
  'customers.read',
  'customers.suspend',
  'disputes.read',
  'disputes.resolve',
  'payments.read',
  'payments.refund',
  'commissions.read',
  'commissions.write',
  'stats.read',
  'tokens.read',
  'admins.manage',
  'audit.read',
  'queues.read',
] as const;
export const adminActionSchema = z.enum(ADMIN_ACTIONS);
export type AdminAction = z.infer<typeof adminActionSchema>;

/**
 * Role → allowed actions. The server checks every admin route against this table; the console uses it to
 * hide what the signed-in admin cannot do (the server still refuses it).
 */
export const ADMIN_PERMISSIONS: Readonly<Record<AdminRole, readonly AdminAction[]>> = {
  SUPERADMIN: ADMIN_ACTIONS,
  OPERATIONS: [
    'rides.read',
    'rides.cancel',
    'rides.redispatch',
    'deliveryCodes.unlock',
    'live.read',
    'drivers.read',
    'drivers.verify',
    'documents.review',
    'drivers.suspend',
    'customers.read',
    'customers.suspend',
    'disputes.read',
    'disputes.resolve',
    'queues.read',
  ],
  FINANCE: [
    'payments.read',
    'payments.refund',
    'commissions.read',
    'commissions.write',
    'stats.read',
    'disputes.read',
    'disputes.resolve',
  ],
  // Support takes the driver's call at the door: unlocking a delivery code is theirs to do.
  SUPPORT: ['rides.read', 'deliveryCodes.unlock', 'customers.read', 'drivers.read', 'disputes.read'],
};

export function adminCan(role: AdminRole, action: AdminAction): boolean {
  return ADMIN_PERMISSIONS[role].includes(action);
}

// ---------------------------------------------------------------------------------------------------------
// Admin accounts (superadmins only)
// ---------------------------------------------------------------------------------------------------------

export const adminAccountSchema = z.object({
  id: z.uuid(),
  phone: z.string(),
  name: z.string(),
  role: adminRoleSchema,
  active: z.boolean().describe('False once deactivated: every token is cut off at once'),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type AdminAccount = z.infer<typeof adminAccountSchema>;

/** GET /api/admin/me: the signed-in admin, their role and what it allows. */
export const adminMeSchema = adminAccountSchema.extend({ permissions: z.array(adminActionSchema) });
export type AdminMe = z.infer<typeof adminMeSchema>;

export const createAdminSchema = z.object({
  phone: phoneSchema,
  name: safeText().min(2).max(100),
  password: passwordSchema,
  role: adminRoleSchema.default('SUPERADMIN'),
});
export type CreateAdmin = z.infer<typeof createAdminSchema>;

export const updateAdminSchema = z
  .object({ role: adminRoleSchema.optional(), active: z.boolean().optional() })
  .refine((body) => body.role !== undefined || body.active !== undefined, {
    message: 'Give a role, active, or both',
  });
export type UpdateAdmin = z.infer<typeof updateAdminSchema>;

export const adminIdParamsSchema = z.object({ id: z.uuid() });

// ---------------------------------------------------------------------------------------------------------
// Shared query pieces
// ---------------------------------------------------------------------------------------------------------

/** A calendar day in Tunis time, YYYY-MM-DD; ranges are inclusive of both ends. */
export const tunisDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'Not a calendar date')
  .describe('YYYY-MM-DD, Africa/Tunis, inclusive');

function dayRange<T extends z.ZodObject>(schema: T) {
  return schema.refine(
    (query) => {
      const { from, to } = query as { from?: string; to?: string };
      return from === undefined || to === undefined || from <= to;
    },
    { path: ['to'], message: '`to` is before `from`' },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Rides
// ---------------------------------------------------------------------------------------------------------

export const adminRidesQuerySchema = dayRange(
  cursorQuerySchema.extend({
    status: rideStatusSchema.optional(),
    governorate: governorateCodeSchema.optional(),
    from: tunisDaySchema.optional().describe('Rides posted on or after this day (Tunis)'),
    to: tunisDaySchema.optional().describe('Rides posted on or before this day (Tunis)'),
    q: safeText().min(1).max(100).optional().describe('A phone (customer or driver), a plate or a ride id'),
  }),
);
export type AdminRidesQuery = z.infer<typeof adminRidesQuerySchema>;

export const adminRidePartySchema = z.object({ id: z.uuid(), name: z.string(), phone: z.string() });

/** A ride as admins list it: the ride plus who posted it and who drives it (phones unmasked). */
export const adminRideSchema = rideSchema.extend({
  customer: adminRidePartySchema,
  driver: adminRidePartySchema.extend({ vehicleType: vehicleTypeSchema, plate: z.string() }).nullable(),
});
export type AdminRide = z.infer<typeof adminRideSchema>;

export const adminRideCancellationSchema = z.object({
  actorRole: z.enum(['customer', 'driver', 'admin']),
  actorId: z.uuid(),
  reason: z.string().nullable(),
  statusAtCancellation: rideStatusSchema,
  fee: z.number().int().describe('Millimes; always 0 when an admin cancels'),
  createdAt: isoDate,
});

/** One row of the admin audit log (GET /api/admin/audit, and a ride's own rows in its detail). */
export const adminAuditEntrySchema = z.object({
  id: z.string().describe('Increasing; the cursor of the next page is the last id seen'),
  adminId: z.uuid(),
  adminName: z.string().nullable(),
  action: z.string().describe('e.g. rides.cancel, customers.suspend, admins.update'),
  targetType: z.string().describe('ride, customer, driver, admin, payment, commission, document'),
  targetId: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  at: isoDate,
});
export type AdminAuditEntry = z.infer<typeof adminAuditEntrySchema>;

export const adminRideDetailSchema = z.object({
  ride: adminRideSchema,
  events: z.array(rideEventSchema),
  bids: z.array(bidWithDriverSchema),
  payments: z.array(adminPaymentSchema),
  cancellation: adminRideCancellationSchema.nullable(),
  proofs: z.array(proofSchema).describe('Pickup and delivery photos the driver sent, oldest first'),
  flags: z
    .array(rideFlagSchema)
    .describe('Position jumps and rides ended without a fresh position near the dropoff, oldest first'),
  chat: z.array(rideMessageSchema).describe('The ride’s chat between customer and driver, oldest first'),
  audit: z
    .array(adminAuditEntrySchema)
    .optional()
    .describe(
      'Admin actions on this ride and its payments, oldest first; only for roles with audit.read (superadmins)',
    ),
});
export type AdminRideDetail = z.infer<typeof adminRideDetailSchema>;

export const adminCancelRideSchema = z.object({
  reason: safeText({ multiline: true }).min(3).max(500).describe('Why the ride is cancelled; audited'),
});
export type AdminCancelRide = z.infer<typeof adminCancelRideSchema>;

/** Response of POST /api/admin/rides/:id/cancel and /redispatch. */
export const adminRideActionResultSchema = z.object({ ride: rideSchema });
export type AdminRideActionResult = z.infer<typeof adminRideActionResultSchema>;

// ---------------------------------------------------------------------------------------------------------
// Live map (GET /api/admin/live and the `admin:live` room)
// ---------------------------------------------------------------------------------------------------------

export const FLEET_DRIVER_STATES = ['ONLINE', 'ON_RIDE', 'OFFLINE'] as const;
export const fleetDriverStateSchema = z.enum(FLEET_DRIVER_STATES);
export type FleetDriverState = z.infer<typeof fleetDriverStateSchema>;

/** Payload of the `fleet:driver` event (at most one per driver per 5 s; OFFLINE is never held back). */
export const fleetDriverSchema = z.object({
  driverId: z.uuid(),
  lat: z.number(),
  lng: z.number(),
  heading: z.number().optional(),
  state: fleetDriverStateSchema,
  at: isoDate,
});
export type FleetDriver = z.infer<typeof fleetDriverSchema>;

export const adminLiveDriverSchema = fleetDriverSchema.extend({
  name: z.string(),
  phone: z.string(),
  vehicleType: vehicleTypeSchema,
  plate: z.string(),
  rideId: z.uuid().nullable().describe('The active ride they hold, if any'),
});
export type AdminLiveDriver = z.infer<typeof adminLiveDriverSchema>;

export const adminLiveSchema = z.object({
  drivers: z.array(adminLiveDriverSchema).describe('Online drivers whose presence has not expired'),
  rides: z.array(adminRideSchema).describe('Every ride not yet completed or cancelled'),
  at: isoDate,
});
export type AdminLive = z.infer<typeof adminLiveSchema>;

// ---------------------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------------------

export const adminCustomerSchema = customerProfileSchema.extend({
  isDeactivated: z.boolean(),
  deactivatedAt: isoDate.nullable(),
  deactivationReason: z.string().nullable(),
  ridesCount: z.number().int().describe('Rides the customer posted, every status'),
});
export type AdminCustomer = z.infer<typeof adminCustomerSchema>;

export const adminCustomersQuerySchema = cursorQuerySchema.extend({
  cursor: z.uuid().optional().describe('The id of the last customer of the previous page'),
  q: safeText().min(1).max(100).optional().describe('Part of the name, phone, email or company'),
  isDeactivated: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type AdminCustomersQuery = z.infer<typeof adminCustomersQuerySchema>;

export const suspendCustomerSchema = z
  .object({ reason: safeText({ multiline: true }).min(1).max(500).optional() })
  .nullish();

// ---------------------------------------------------------------------------------------------------------
// Stats over a period (GET /api/admin/stats?from&to&granularity=day extends the dashboard)
// ---------------------------------------------------------------------------------------------------------

export const ADMIN_STATS_MAX_DAYS = 366;

export const adminStatsQuerySchema = dayRange(
  z.object({
    from: tunisDaySchema.optional().describe('Default: 29 days before `to`'),
    to: tunisDaySchema.optional().describe('Default: today in Tunis'),
    granularity: z.enum(['day']).default('day'),
  }),
);
export type AdminStatsQuery = z.infer<typeof adminStatsQuerySchema>;

const countsByRideStatus = z.record(rideStatusSchema, z.number().int());

export const cancellationsBySideSchema = z.object({
  customer: z.number().int(),
  driver: z.number().int(),
  admin: z.number().int(),
  system: z.number().int().describe('Expired searches and other cancellations without a recorded actor'),
});

/** Figures for one slice of the period (all of it, one day, or one governorate). Money in millimes. */
export const adminStatsFiguresSchema = z.object({
  ridesPosted: z.number().int(),
  ridesAccepted: z.number().int().describe('Posted in the slice and later reached an accepted bid'),
  conversionBps: z
    .number()
    .int()
    .nullable()
    .describe('ridesAccepted / ridesPosted in basis points (10000 = all); null with no rides'),
  ridesByStatus: countsByRideStatus.describe('Current status of the rides posted in the slice'),
  ridesCompleted: z.number().int(),
  gmv: z.number().int().describe('Millimes: prices of the completed rides'),
  commission: z.number().int().describe('Millimes: commission on those rides'),
  medianSecondsToFirstBid: z.number().int().nullable(),
  medianSecondsToAcceptance: z.number().int().nullable(),
  cancellations: cancellationsBySideSchema,
});
export type AdminStatsFigures = z.infer<typeof adminStatsFiguresSchema>;

export const adminStatsPeriodSchema = z.object({
  from: z.string().describe('YYYY-MM-DD'),
  to: z.string().describe('YYYY-MM-DD'),
  timezone: z.literal('Africa/Tunis'),
  granularity: z.literal('day'),
  totals: adminStatsFiguresSchema,
  series: z.array(adminStatsFiguresSchema.extend({ date: z.string().describe('YYYY-MM-DD') })),
  governorates: z.array(adminStatsFiguresSchema.extend({ code: z.string(), name: z.string() })),
});
export type AdminStatsPeriod = z.infer<typeof adminStatsPeriodSchema>;

/** The dashboard counts plus the period figures. */
export const adminConsoleStatsSchema = adminStatsSchema.extend({ period: adminStatsPeriodSchema });
export type AdminConsoleStats = z.infer<typeof adminConsoleStatsSchema>;

// ---------------------------------------------------------------------------------------------------------
// Payments
// ---------------------------------------------------------------------------------------------------------

export const adminPaymentsQuerySchema = dayRange(
  cursorQuerySchema.extend({
    status: z.enum(PAYMENT_STATUSES).optional(),
    method: z.enum(PAYMENT_METHODS).optional(),
    from: tunisDaySchema.optional(),
    to: tunisDaySchema.optional(),
  }),
);
export type AdminPaymentsQuery = z.infer<typeof adminPaymentsQuerySchema>;

// ---------------------------------------------------------------------------------------------------------
// Audit log (superadmins only)
// ---------------------------------------------------------------------------------------------------------

export const adminAuditQuerySchema = cursorQuerySchema.extend({
  cursor: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  action: z.string().max(64).optional(),
  adminId: z.uuid().optional(),
  targetId: z.string().max(100).optional(),
});
export type AdminAuditQuery = z.infer<typeof adminAuditQuerySchema>;
