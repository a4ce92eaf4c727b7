import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  doublePrecision,
  integer,
  pgTable,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { tz } from './users';

export const governorates = pgTable('governorates', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  centerLat: doublePrecision('center_lat').notNull(),
  centerLng: doublePrecision('center_lng').notNull(),
});

/** Commission rate per pickup governorate, in basis points (1500 = 15%). */
export const governorateCommissions = pgTable(
  'governorate_commissions',
  {
    governorateCode: text('governorate_code')
      .primaryKey()
      .references(() => governorates.code),
    rateBps: integer('rate_bps').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    updatedAt: tz('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [check('governorate_commissions_rate_bounds', sql`${t.rateBps} BETWEEN 0 AND 10000`)],
);

/** Who changed which commission, from what to what. Append-only. */
export const commissionAudit = pgTable('commission_audit', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  governorateCode: text('governorate_code')
    .notNull()
    .references(() => governorates.code),
  adminId: uuid('admin_id').notNull(),
  oldRateBps: integer('old_rate_bps'),
  newRateBps: integer('new_rate_bps').notNull(),
  oldIsActive: boolean('old_is_active'),
  newIsActive: boolean('new_is_active').notNull(),
  createdAt: tz('created_at').notNull().defaultNow(),
});
