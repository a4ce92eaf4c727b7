import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from '../errors/app-error';
import { bearerToken, type RequestAuthenticator } from '../http/authenticate';

export const QUEUE_BOARD_PATH = '/admin/queues';
const COOKIE = 't4u_queues_token';

function cookieToken(header: string | undefined): string | null {
  for (const part of header?.split(';') ?? []) {
    const [name, ...value] = part.trim().split('=');
    if (name !== COOKIE) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      // A cookie that is not valid percent-encoding holds no token we issued: answer 401, not a URIError's 500.
      return null;
    }
  }
  return null;
}

function refuse(reply: FastifyReply, error: AppError, requestId: string) {
  return reply
    .code(error.status)
    .header('cache-control', 'no-store')
    .send({ error: { code: error.code, message: error.message, requestId } });
}

/**
 * bull-board at /admin/queues, for admins whose role has `queues.read` (read from Postgres on every request). A browser cannot put a bearer token on page loads, so an admin
 * first calls `POST /admin/queues/session` with their token and gets it back as an HttpOnly, SameSite=Strict
 * cookie scoped to this path. Every request is authenticated again, so revocation applies at once.
 */
export const queueBoardRoutes: FastifyPluginAsync<{
  authenticator: RequestAuthenticator;
  /** Throws (an AppError) unless this admin's role may open the board; read on every request. */
  authorizeAdmin: (adminId: string) => Promise<void>;
  /** The queues to show: every queue the worker runs (composition/job-registry.ts lists them). */
  queueNames: readonly string[];
  connection: Redis;
  keyPrefix: string;
}> = async (app, { authenticator, authorizeAdmin, queueNames, connection, keyPrefix }) => {
  const queues = queueNames.map((name) => new Queue(name, { connection, prefix: `${keyPrefix}bull` }));
  for (const queue of queues) queue.on('error', () => {});
  app.addHook('onClose', async () => {
    await Promise.all(queues.map((q) => q.close()));
  });
  const serverAdapter = new FastifyAdapter().setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });

  await app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        const token = bearerToken(request.headers.authorization) ?? cookieToken(request.headers.cookie);
        try {
          const auth = await authenticator.authenticate(token);
          if (auth.role !== 'admin') throw new AppError('FORBIDDEN', 'The queue board is for admins');
          await authorizeAdmin(auth.userId);
        } catch (error) {
          if (error instanceof AppError) return refuse(reply, error, request.id);
          throw error;
        }
      });

      scope.post('/session', { schema: { hide: true } }, async (request, reply) => {
        const token = bearerToken(request.headers.authorization);
        if (!token)
          return refuse(
            reply,
            new AppError('TOKEN_MISSING', 'Send the admin token as a bearer token'),
            request.id,
          );
        const auth = await authenticator.authenticate(token);
        const maxAge = Math.max(0, Math.floor(auth.claims.exp - Date.now() / 1000));
        const secure = request.protocol === 'https' ? '; Secure' : '';
        reply.header(
          'set-cookie',
          `${COOKIE}=${encodeURIComponent(token)}; Path=${QUEUE_BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`,
        );
        return reply.code(204).send();
      });

      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_BOARD_PATH },
  );
};
