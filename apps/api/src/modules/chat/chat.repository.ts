import type { QuickReply, RideMessage, UserRef } from '@truck4u/contracts';
import { type Executor, rideMessages, rides } from '@truck4u/database';
import { and, asc, count, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { ChatWindowFacts } from './chat-window';

type MessageRow = typeof rideMessages.$inferSelect;
export type ChatParty = 'customer' | 'driver';

export function toMessageDto(row: MessageRow): RideMessage {
  return {
    id: row.id,
    rideId: row.rideId,
    senderRole: row.senderRole as ChatParty,
    senderId: row.senderId,
    text: row.text,
    quickReply: row.quickReply as QuickReply | null,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

export interface ChatRide extends ChatWindowFacts {
  id: string;
  customerId: string;
}

/** The ride's parties and the facts of its chat window, or null for an unknown ride. */
export async function findChatRide(db: Executor, rideId: string): Promise<ChatRide | null> {
  const [row] = await db
    .select({
      id: rides.id,
      customerId: rides.customerId,
      driverId: rides.driverId,
      status: rides.status,
      endedAt: sql<Date | null>`coalesce(${rides.completedAt}, ${rides.cancelledAt})`.mapWith(
        rides.completedAt,
      ),
    })
    .from(rides)
    .where(eq(rides.id, rideId));
  return row ?? null;
}

/**
 * Writes a message only if, at this instant, the sender is one of the ride's two parties and the chat is
 * open (assigned, running, or ended less than `openAfterEndMs` ago). The check and the insert are one
 * statement, so a message cannot slip in after the window closed between a read and the write. Returns
 * null when the condition does not hold (the caller re-reads to say why).
 */
export async function insertMessageIfOpen(
  db: Executor,
  input: {
    rideId: string;
    sender: UserRef<ChatParty>;
    text: string | null;
    quickReply: QuickReply | null;
    openAfterEndMs: number;
    /** The sender's Idempotency-Key; a second insert under it fails on MESSAGE_IDEMPOTENCY_INDEX. */
    idempotencyKey: string | null;
  },
): Promise<RideMessage | null> {
  const party = input.sender.role === 'customer' ? sql`r.customer_id` : sql`r.driver_id`;
  const result = await db.execute<{ id: number }>(sql`
    INSERT INTO ride_messages (ride_id, sender_role, sender_id, text, quick_reply, idempotency_key)
    SELECT r.id, ${input.sender.role}::user_role, ${input.sender.id}::uuid, ${input.text}, ${input.quickReply},
      ${input.idempotencyKey}
    FROM rides r
    WHERE r.id = ${input.rideId}::uuid
      AND ${party} = ${input.sender.id}::uuid
      AND r.driver_id IS NOT NULL
      AND (r.status IN ('BID_ACCEPTED','DRIVER_ARRIVING','PICKUP_ARRIVED','LOADING','IN_TRANSIT','DROPOFF_ARRIVED')
        OR (r.status IN ('COMPLETED','CANCELLED')
          AND coalesce(r.completed_at, r.cancelled_at) > now() - make_interval(secs => ${input.openAfterEndMs / 1000})))
    RETURNING id`);
  const id = result.rows[0]?.id;
  if (id === undefined) return null;
  const [row] = await db
    .select()
    .from(rideMessages)
    .where(eq(rideMessages.id, Number(id)));
  return row ? toMessageDto(row) : null;
}

/** The partial unique index over (ride, sender, Idempotency-Key) that lets only one of two racing sends in. */
export const MESSAGE_IDEMPOTENCY_INDEX = 'ride_messages_sender_idempotency_key';

/** The message `sender` already posted on the ride under this Idempotency-Key, with what it said. */
export async function findMessageByIdempotencyKey(
  db: Executor,
  rideId: string,
  sender: UserRef<ChatParty>,
  idempotencyKey: string,
): Promise<RideMessage | null> {
  const [row] = await db
    .select()
    .from(rideMessages)
    .where(
      and(
        eq(rideMessages.rideId, rideId),
        eq(rideMessages.senderRole, sender.role),
        eq(rideMessages.senderId, sender.id),
        eq(rideMessages.idempotencyKey, idempotencyKey),
      ),
    );
  return row ? toMessageDto(row) : null;
}

/** The ride's messages oldest first; `after` is the last message id the client has. */
export async function listMessages(
  db: Executor,
  rideId: string,
  after: number | undefined,
  limit: number,
): Promise<{ items: RideMessage[]; nextCursor?: string }> {
  const rows = await db
    .select()
    .from(rideMessages)
    .where(and(eq(rideMessages.rideId, rideId), after === undefined ? undefined : gt(rideMessages.id, after)))
    .orderBy(asc(rideMessages.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toMessageDto),
    ...(rows.length > limit && last ? { nextCursor: String(last.id) } : {}),
  };
}

/** Messages the other party sent that `reader` has not marked read. */
export async function countUnread(db: Executor, rideId: string, reader: ChatParty): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(rideMessages)
    .where(
      and(
        eq(rideMessages.rideId, rideId),
        eq(rideMessages.senderRole, otherParty(reader)),
        isNull(rideMessages.readAt),
      ),
    );
  return row?.n ?? 0;
}

/**
 * Marks the other party's messages up to `upTo` read. Only unread ones change, so marking twice (two tabs)
 * keeps the first read time; returns how many changed.
 */
export async function markRead(
  db: Executor,
  rideId: string,
  reader: ChatParty,
  upTo: number,
): Promise<number> {
  const updated = await db
    .update(rideMessages)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(rideMessages.rideId, rideId),
        eq(rideMessages.senderRole, otherParty(reader)),
        lte(rideMessages.id, upTo),
        isNull(rideMessages.readAt),
      ),
    )
    .returning({ id: rideMessages.id });
  return updated.length;
}

/** Every message of a ride, oldest first, up to `limit` (the admin console's ride detail). */
export async function listAllMessages(db: Executor, rideId: string, limit = 1_000): Promise<RideMessage[]> {
  const rows = await db
    .select()
    .from(rideMessages)
    .where(eq(rideMessages.rideId, rideId))
    .orderBy(asc(rideMessages.id))
    .limit(limit);
  return rows.map(toMessageDto);
}

export const otherParty = (party: ChatParty): ChatParty => (party === 'customer' ? 'driver' : 'customer');
