import { bigserial, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { admins, tz } from './users';

/**
 * Every admin action: who did what to which record, the record before and after. Written in the same
 * transaction as the action, so an action without its audit row (or the reverse) cannot exist. Append-only.
 */
export const adminAudit = pgTable(
  'admin_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    adminId: uuid('admin_id')
      .notNull()
      .references(() => admins.id),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [index('admin_audit_target_idx').on(t.targetType, t.targetId, t.id)],
);
