import {
  CHAT_OPEN_AFTER_END_MS,
  type MessagesRead,
  type PostRideMessage,
  type RideMessage,
  type RideMessagesPage,
  type UserRef,
} from '@truck4u/contracts';
import { type Database, uniqueViolationConstraint } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { Logger } from '../../infra/logger';
import type { LimitOutcome, RateLimiter } from '../../infra/rate-limiter';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import {
  type ChatParty,
  type ChatRide,
  countUnread,
  findChatRide,
  findMessageByIdempotencyKey,
  insertMessageIfOpen,
  listMessages,
  MESSAGE_IDEMPOTENCY_INDEX,
  markRead,
} from './chat.repository';
import { type ChatWindow, chatWindow } from './chat-window';

export interface RideChatOptions {
  /** Messages one user may send per minute, over all their rides (CHAT_MESSAGES_PER_MINUTE). */
  messagesPerMinute: number;
}

export const chatLimitKey = (sender: UserRef) => `rl:chat:${sender.role}:${sender.id}`;

/** The party `viewer` is on this ride, or null: only its customer and its assigned driver talk. */
function partyOf(ride: ChatRide, viewer: UserRef): ChatParty | null {
  if (viewer.role === 'customer' && ride.customerId === viewer.id) return 'customer';
  if (viewer.role === 'driver' && ride.driverId !== null && ride.driverId === viewer.id) return 'driver';
  return null;
}

/**
 * The chat between a ride's customer and its assigned driver (docs/API.md#ride-chat): open from acceptance
 * until an hour after the ride ends, read by the two parties and by admins, hidden (404) from anyone else.
 */
export class RideChatService {
  constructor(
    private readonly db: Database,
    private readonly realtime: RealtimeNotifier,
    private readonly limiter: RateLimiter,
    private readonly options: RideChatOptions,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  /** The history after `after`, with the caller's unread count and whether the chat is open. */
  async list(
    viewer: UserRef,
    rideId: string,
    query: { after?: number; limit: number },
  ): Promise<RideMessagesPage> {
    const ride = await findChatRide(this.db, rideId);
    const party = ride ? partyOf(ride, viewer) : null;
    // Offered drivers may see the ride itself while it takes bids, but its chat is not theirs.
    if (!ride || (party === null && viewer.role !== 'admin')) throw notFound('Ride');
    const [page, unreadCount] = await Promise.all([
      listMessages(this.db, rideId, query.after, query.limit),
      party === null ? Promise.resolve(0) : countUnread(this.db, rideId, party),
    ]);
    return { ...page, unreadCount, ...windowDto(chatWindow(ride, Date.now())) };
  }

  /**
   * Writes the message and tells the room. With an Idempotency-Key, a repeat of the same message returns the
   * first one (the phone lost the answer, not the message): nothing is stored, nobody is told again, and the
   * sender's budget is not spent. A replay answers even once the chat has closed, since the message was sent
   * while it was open; the same key with another message is refused.
   */
  async send(
    sender: UserRef<ChatParty>,
    rideId: string,
    body: PostRideMessage,
    idempotencyKey?: string,
  ): Promise<{ message: RideMessage; isReplay: boolean }> {
    const ride = await findChatRide(this.db, rideId);
    if (!ride || partyOf(ride, sender) === null) throw notFound('Ride');
    if (idempotencyKey !== undefined) {
      const earlier = await findMessageByIdempotencyKey(this.db, rideId, sender, idempotencyKey);
      if (earlier) return replay(earlier, body);
    }
    // Cheap refusal first, without spending the sender's budget; the insert re-checks atomically.
    const window = chatWindow(ride, Date.now());
    if (!window.isOpen) throw closedError(ride, window);
    await this.consumeBudget(sender);
    let message: RideMessage | null;
    try {
      message = await insertMessageIfOpen(this.db, {
        rideId,
        sender,
        text: body.text ?? null,
        quickReply: body.quickReply ?? null,
        openAfterEndMs: CHAT_OPEN_AFTER_END_MS,
        idempotencyKey: idempotencyKey ?? null,
      });
    } catch (error) {
      // Two retries of one send were in flight: the unique index let one through; answer as it did.
      if (idempotencyKey !== undefined && uniqueViolationConstraint(error) === MESSAGE_IDEMPOTENCY_INDEX) {
        const earlier = await findMessageByIdempotencyKey(this.db, rideId, sender, idempotencyKey);
        if (earlier) return replay(earlier, body);
      }
      throw error;
    }
    if (!message) {
      // The ride ended or was reassigned between the read and the insert: say what it is now.
      const now = await findChatRide(this.db, rideId);
      if (!now || partyOf(now, sender) === null) throw notFound('Ride');
      throw closedError(now, chatWindow(now, Date.now()));
    }
    await this.realtime
      .toRide(rideId, 'chat:message', { rideId, message })
      .catch((error: unknown) => this.log.warn({ err: error, rideId }, 'chat:message push failed'));
    return { message, isReplay: false };
  }

  /** Marks the other party's messages up to `upTo` read and tells the room, so the sender sees it. */
  async markRead(reader: UserRef<ChatParty>, rideId: string, upTo: number): Promise<MessagesRead> {
    const ride = await findChatRide(this.db, rideId);
    const party = ride ? partyOf(ride, reader) : null;
    if (!ride || party === null) throw notFound('Ride');
    const changed = await markRead(this.db, rideId, party, upTo);
    const result: MessagesRead = {
      rideId,
      readerRole: party,
      upTo,
      readAt: new Date().toISOString(),
      unreadCount: await countUnread(this.db, rideId, party),
    };
    if (changed > 0) {
      await this.realtime
        .toRide(rideId, 'chat:read', result)
        .catch((error: unknown) => this.log.warn({ err: error, rideId }, 'chat:read push failed'));
    }
    return result;
  }

  /**
   * One unit of the sender's per-minute budget, or 429. Open when Redis cannot answer: the limit curbs
   * flooding the other party, and an outage should not silence a driver trying to reach a customer.
   */
  private async consumeBudget(sender: UserRef): Promise<void> {
    const rule = { key: chatLimitKey(sender), limit: this.options.messagesPerMinute, windowSeconds: 60 };
    let outcome: LimitOutcome;
    try {
      outcome = await this.limiter.consume([rule]);
    } catch (error) {
      this.log.warn({ err: error, sender }, 'chat rate limit unavailable; allowing the message');
      return;
    }
    if (!outcome.allowed) {
      throw new AppError('RATE_LIMITED', 'Too many messages in the last minute; wait a moment', {
        details: { retryAfterSeconds: outcome.retryAfterSeconds, limit: rule.limit },
        headers: { 'retry-after': String(outcome.retryAfterSeconds) },
      });
    }
  }
}

/**
 * The earlier message as it is now (read mark included) when the retry says the same thing; the stored
 * message is the fingerprint, compared on the parsed body (text already trimmed), so no hash is kept.
 */
function replay(earlier: RideMessage, body: PostRideMessage): { message: RideMessage; isReplay: boolean } {
  if (earlier.text !== (body.text ?? null) || earlier.quickReply !== (body.quickReply ?? null)) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used to send a different message; use a new key for a new message',
    );
  }
  return { message: earlier, isReplay: true };
}

function windowDto(window: ChatWindow): { isOpen: boolean; closesAt: string | null } {
  return { isOpen: window.isOpen, closesAt: window.closesAt?.toISOString() ?? null };
}

function closedError(ride: ChatRide, window: ChatWindow): AppError {
  const message =
    ride.driverId === null
      ? 'The chat opens once a bid is accepted'
      : 'The chat closed one hour after the ride ended';
  return new AppError('CHAT_CLOSED', message, {
    details: { status: ride.status, closedAt: window.closesAt?.toISOString() ?? null },
  });
}
