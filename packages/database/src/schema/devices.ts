import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { roleEnum } from './enums';
import { tz } from './users';

/**
 * Phones (and browsers) that receive push notifications. The token is the key: a token belongs to one
 * user at a time, so a phone handed over or signed in with another account moves to that account.
 * `user_id` names a customer or a driver (`user_role` says which), so it carries no foreign key.
 */
export const pushDevices = pgTable(
  'push_devices',
  {
    token: text('token').primaryKey(),
    userRole: roleEnum('user_role').notNull(),
    userId: uuid('user_id').notNull(),
    platform: text('platform').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('push_devices_user_idx').on(t.userRole, t.userId),
    check('push_devices_platform', sql`${t.platform} IN ('ios', 'android', 'web')`),
  ],
);
