import { sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { rides } from './rides';
import { customers, tz } from './users';

/**
 * Share links of a ride's live tracking (POST /api/rides/:id/share). Only a SHA-256 of the token is kept, so
 * a leaked table shows no usable link. A ride has at most one live link: sharing again revokes the previous
 * one. The link dies with `revoked_at`, or one hour after the ride ends (derived from the ride's
 * completed_at / cancelled_at, so there is nothing to keep in step).
 */
export const rideShareLinks = pgTable(
  'ride_share_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    rideId: uuid('ride_id')
      .notNull()
      .references(() => rides.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    tokenHash: text('token_hash').notNull().unique(),
    revokedAt: tz('revoked_at'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ride_share_links_ride_idx').on(t.rideId),
    uniqueIndex('ride_share_links_one_live_per_ride').on(t.rideId).where(sql`${t.revokedAt} IS NULL`),
  ],
);
