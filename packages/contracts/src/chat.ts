import { z } from 'zod';
import { queryNumber } from './query';
import { postRideHeadersSchema } from './ride-requests';
import { safeText } from './text';

/** Canned messages a party sends in one tap; clients show them in the reader's language. */
export const QUICK_REPLIES = [
  'ON_MY_WAY',
  'ARRIVED',
  'RUNNING_LATE',
  'CALL_ME',
  'LOADING_DONE',
  'THANK_YOU',
] as const;
export const quickReplySchema = z.enum(QUICK_REPLIES);
export type QuickReply = z.infer<typeof quickReplySchema>;

/** How long after a ride ends (COMPLETED or CANCELLED) its two parties may still write to each other. */
export const CHAT_OPEN_AFTER_END_MS = 60 * 60_000;

export const CHAT_TEXT_MAX_LENGTH = 1000;

/** Body of POST /api/rides/:id/messages: free text or a quick-reply code, exactly one of the two. */
export const postRideMessageSchema = z
  .object({
    text: safeText({ multiline: true }).min(1).max(CHAT_TEXT_MAX_LENGTH).optional(),
    quickReply: quickReplySchema.optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.text === undefined) === (body.quickReply === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'send exactly one of text and quickReply', path: ['text'] });
    }
  });
export type PostRideMessage = z.infer<typeof postRideMessageSchema>;

/**
 * Headers of POST /api/rides/:id/messages: the optional Idempotency-Key, validated exactly as ride posting's
 * (its schema, re-described), so a retry after a lost answer posts the message once.
 */
export const postRideMessageHeadersSchema = z.looseObject({
  'idempotency-key': postRideHeadersSchema.shape['idempotency-key'].describe(
    'A key the client generates per message when the user presses send (a UUID works); a retry with it returns the first message',
  ),
});

/** One chat message; `readAt` is when the other party marked it read (null until then). */
export const rideMessageSchema = z.object({
  id: z.number().int().describe('Monotonic; `?after=<id>` returns the messages after it'),
  rideId: z.uuid(),
  senderRole: z.enum(['customer', 'driver']),
  senderId: z.uuid(),
  text: z.string().nullable(),
  quickReply: quickReplySchema.nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type RideMessage = z.infer<typeof rideMessageSchema>;

export const rideMessagesQuerySchema = z.object({
  after: queryNumber(z.number().int().min(0).optional()).describe(
    'Only messages with a greater id: the last message id the client has',
  ),
  limit: queryNumber(z.number().int().min(1).max(200).default(100)),
});

/** GET /api/rides/:id/messages: the history, oldest first, and the state of the conversation. */
export const rideMessagesPageSchema = z.object({
  items: z.array(rideMessageSchema),
  nextCursor: z.string().optional().describe('The id to pass as `after` for the next page'),
  unreadCount: z
    .number()
    .int()
    .describe('Messages from the other party the caller has not marked read (0 for admins)'),
  isOpen: z.boolean().describe('Whether the two parties may send messages now'),
  closesAt: z
    .string()
    .nullable()
    .describe(
      'When sending stops: one hour after the ride ended; null while the ride runs or before it opens',
    ),
});
export type RideMessagesPage = z.infer<typeof rideMessagesPageSchema>;

/** Body of POST /api/rides/:id/messages/read: the newest message id the reader has seen. */
export const markMessagesReadSchema = z.object({ upTo: z.number().int().min(1) });

export const messagesReadSchema = z.object({
  rideId: z.uuid(),
  readerRole: z.enum(['customer', 'driver']),
  upTo: z.number().int(),
  readAt: z.string(),
  unreadCount: z.number().int().describe('What the reader still has unread after this'),
});
export type MessagesRead = z.infer<typeof messagesReadSchema>;
