import { sql } from 'drizzle-orm';
import { bigserial, check, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { roleEnum } from './enums';
import { rides } from './rides';
import { tz } from './users';

/**
 * The chat between a ride's customer and its assigned driver (docs/API.md#ride-chat). A message is either
 * free text or a quick-reply code (clients translate the codes), never both. `read_at` is when the other
 * party marked it read; ids are monotonic, so `?after=<id>` pages through a ride's history in order.
 * `idempotency_key` is the sender's optional Idempotency-Key: a retried send finds its first message instead
 * of writing a second, and the partial unique index settles two retries racing each other.
 */
export const rideMessages = pgTable(
  'ride_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    rideId: uuid('ride_id')
      .notNull()
      .references(() => rides.id, { onDelete: 'cascade' }),
    senderRole: roleEnum('sender_role').notNull(),
    senderId: uuid('sender_id').notNull(),
    text: text('text'),
    quickReply: text('quick_reply'),
    readAt: tz('read_at'),
    idempotencyKey: text('idempotency_key'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ride_messages_ride_idx').on(t.rideId, t.id),
    uniqueIndex('ride_messages_sender_idempotency_key')
      .on(t.rideId, t.senderRole, t.senderId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} IS NOT NULL`),
    check('ride_messages_one_body', sql`(${t.text} IS NULL) <> (${t.quickReply} IS NULL)`),
    check(
      'ride_messages_quick_reply',
      sql`${t.quickReply} IS NULL OR ${t.quickReply} IN ('ON_MY_WAY', 'ARRIVED', 'RUNNING_LATE', 'CALL_ME', 'LOADING_DONE', 'THANK_YOU')`,
    ),
    check('ride_messages_sender_role', sql`${t.senderRole} IN ('customer', 'driver')`),
  ],
);
