import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { adminRoleEnum, customerTypeEnum, driverVerificationStatusEnum, vehicleTypeEnum } from './enums';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phone: text('phone').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    passwordHash: text('password_hash').notNull(),
    customerType: customerTypeEnum('customer_type').notNull().default('B2C'),
    companyName: text('company_name'),
    companyTaxId: text('company_tax_id'),
    companyAddress: text('company_address'),
    ratingSum: integer('rating_sum').notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
    isDeactivated: boolean('is_deactivated').notNull().default(false),
    deactivatedAt: tz('deactivated_at'),
    deactivationReason: text('deactivation_reason'),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customers_phone_key').on(t.phone),
    check('customers_b2b_has_company', sql`${t.customerType} = 'B2C' OR ${t.companyName} IS NOT NULL`),
  ],
);

export const drivers = pgTable(
  'drivers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phone: text('phone').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    vehicleType: vehicleTypeEnum('vehicle_type').notNull(),
    vehiclePlate: text('vehicle_plate').notNull(),
    vehicleCapacityKg: integer('vehicle_capacity_kg').notNull(),
    verificationStatus: driverVerificationStatusEnum('verification_status')
      .notNull()
      .default('PENDING_VERIFICATION'),
    verificationReason: text('verification_reason'),
    verifiedAt: tz('verified_at'),
    verifiedBy: uuid('verified_by'),
    ratingSum: integer('rating_sum').notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
    isOnline: boolean('is_online').notNull().default(false),
    lastLat: doublePrecision('last_lat'),
    lastLng: doublePrecision('last_lng'),
    lastLocationAt: tz('last_location_at'),
    isDeactivated: boolean('is_deactivated').notNull().default(false),
    deactivatedAt: tz('deactivated_at'),
    deactivationReason: text('deactivation_reason'),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('drivers_phone_key').on(t.phone),
    index('drivers_verification_idx').on(t.verificationStatus, t.createdAt),
    check('drivers_capacity_positive', sql`${t.vehicleCapacityKg} > 0`),
  ],
);

export const driverDocuments = pgTable(
  'driver_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    driverId: uuid('driver_id')
      .notNull()
      .references(() => drivers.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    url: text('url').notNull(),
    metadata: jsonb('metadata'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [index('driver_documents_driver_idx').on(t.driverId)],
);

/** Cancellation strikes against a driver; three within a month deactivate the account (issue: money). */
export const driverStrikes = pgTable(
  'driver_strikes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    driverId: uuid('driver_id')
      .notNull()
      .references(() => drivers.id, { onDelete: 'cascade' }),
    rideId: uuid('ride_id'),
    reason: text('reason').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [index('driver_strikes_driver_idx').on(t.driverId, t.createdAt)],
);

/** Every verification decision on a driver: who decided what, from which status, and why. Append-only. */
export const driverVerificationAudit = pgTable(
  'driver_verification_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    driverId: uuid('driver_id')
      .notNull()
      .references(() => drivers.id, { onDelete: 'cascade' }),
    adminId: uuid('admin_id').notNull(),
    fromStatus: driverVerificationStatusEnum('from_status').notNull(),
    toStatus: driverVerificationStatusEnum('to_status').notNull(),
    reason: text('reason'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [index('driver_verification_audit_driver_idx').on(t.driverId, t.id)],
);

export const admins = pgTable(
  'admins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phone: text('phone').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** What the admin may do: ADMIN_PERMISSIONS in packages/contracts (docs/SECURITY.md). */
    role: adminRoleEnum('role').notNull().default('SUPERADMIN'),
    isDeactivated: boolean('is_deactivated').notNull().default(false),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('admins_phone_key').on(t.phone)],
);

export { tz };
