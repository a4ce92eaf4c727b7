import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
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
    /** Per-criterion sums of the ratings that gave criteria, and how many did (one count: all three come together). */
    ratingPunctualitySum: integer('rating_punctuality_sum').notNull().default(0),
    ratingCareSum: integer('rating_care_sum').notNull().default(0),
    ratingCommunicationSum: integer('rating_communication_sum').notNull().default(0),
    ratingCriteriaCount: integer('rating_criteria_count').notNull().default(0),
    isOnline: boolean('is_online').notNull().default(false),
    lastLat: doublePrecision('last_lat'),
    lastLng: doublePrecision('last_lng'),
    lastLocationAt: tz('last_location_at'),
    isDeactivated: boolean('is_deactivated').notNull().default(false),
    deactivatedAt: tz('deactivated_at'),
    deactivationReason: text('deactivation_reason'),
    /**
     * Required document kinds whose approved document expired and has no approved successor yet (documents
     * module): while not empty the driver is not dispatched and cannot go online. Kept on the row dispatch
     * already reads, so the check costs nothing.
     */
    expiredDocumentKinds: text('expired_document_kinds').array().notNull().default(sql`'{}'::text[]`),
    /** Categories of the driver's approved licence; null until one is approved (then dispatch checks them). */
    licenceCategories: text('licence_categories').array(),
    /** An admin's override of CASH_COMMISSION_CAP_MILLIMES for this driver; null: the default applies. */
    cashCommissionCapMillimes: bigint('cash_commission_cap_millimes', { mode: 'number' }),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('drivers_phone_key').on(t.phone),
    index('drivers_verification_idx').on(t.verificationStatus, t.createdAt),
    check('drivers_capacity_positive', sql`${t.vehicleCapacityKg} > 0`),
    check('drivers_cash_cap_not_negative', sql`${t.cashCommissionCapMillimes} >= 0`),
  ],
);

// driver_documents lives in documents.ts (driver documents and their reminders).

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
