import {
  markMessagesReadSchema,
  messagesReadSchema,
  postRideMessageHeadersSchema,
  postRideMessageSchema,
  rideIdParamsSchema,
  rideMessageSchema,
  rideMessagesPageSchema,
  rideMessagesQuerySchema,
} from '@truck4u/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authOf, type RequestAuthenticator, requireAuth } from '../../http/authenticate';
import { errorResponses } from '../../http/error-responses';
import type { ChatParty } from './chat.repository';
import type { RideChatService } from './chat.service';

const security = [{ bearerAuth: [] }];

export const chatRoutes: FastifyPluginAsyncZod<{
  authenticator: RequestAuthenticator;
  chat: RideChatService;
}> = async (app, { authenticator, chat }) => {
  app.get(
    '/api/rides/:id/messages',
    {
      onRequest: requireAuth(authenticator, 'customer', 'driver', 'admin'),
      schema: {
        tags: ['chat'],
        security,
        summary: 'The ride’s chat, oldest first (`?after=<message id>`), with the caller’s unread count',
        description:
          'For the ride’s customer, its assigned driver and admins; anyone else gets 404. History stays readable after the chat closes.',
        params: rideIdParamsSchema,
        querystring: rideMessagesQuerySchema,
        response: { 200: rideMessagesPageSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { role, userId } = authOf(request);
      return chat.list({ role, id: userId }, request.params.id, request.query);
    },
  );

  app.post(
    '/api/rides/:id/messages',
    {
      onRequest: requireAuth(authenticator, 'customer', 'driver'),
      schema: {
        tags: ['chat'],
        security,
        summary:
          'Send a message to the other party: `text` (≤ 1000 characters) or a `quickReply` code, not both',
        description:
          'Open from BID_ACCEPTED until one hour after the ride ends (409 CHAT_CLOSED outside); CHAT_MESSAGES_PER_MINUTE per sender (429 RATE_LIMITED with Retry-After). The room gets `chat:message`. ' +
          'With an Idempotency-Key header, repeating the request returns the first message (201, header idempotent-replayed: true) and stores, announces and counts nothing; ' +
          'the same key with a different message answers 422 IDEMPOTENCY_KEY_REUSED. Keys are per sender and ride.',
        headers: postRideMessageHeadersSchema,
        params: rideIdParamsSchema,
        body: postRideMessageSchema,
        response: { 201: rideMessageSchema, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const { role, userId } = authOf(request);
      const sender = { role: role as ChatParty, id: userId };
      const { message, isReplay } = await chat.send(
        sender,
        request.params.id,
        request.body,
        request.headers['idempotency-key'],
      );
      // A replay answers as the first request did, and says so.
      if (isReplay) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(message);
    },
  );

  app.post(
    '/api/rides/:id/messages/read',
    {
      onRequest: requireAuth(authenticator, 'customer', 'driver'),
      schema: {
        tags: ['chat'],
        security,
        summary: 'Mark the other party’s messages up to `upTo` read; the room gets `chat:read`',
        params: rideIdParamsSchema,
        body: markMessagesReadSchema,
        response: { 200: messagesReadSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { role, userId } = authOf(request);
      return chat.markRead({ role: role as ChatParty, id: userId }, request.params.id, request.body.upTo);
    },
  );
};
