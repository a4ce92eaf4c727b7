import type { Database } from '@truck4u/database';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { z } from 'zod';

const checkSchema = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number(),
  error: z.string().optional(),
});
const readySchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({ postgres: checkSchema, redis: checkSchema }),
});

async function timed(probe: () => Promise<unknown>, timeoutMs: number): Promise<z.infer<typeof checkSchema>> {
  const started = performance.now();
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      error: (error as Error).message,
    };
  }
}

export const healthRoutes: FastifyPluginAsyncZod<{ db: Database; redis: Redis }> = async (
  app,
  { db, redis },
) => {
  app.get(
    '/health/live',
    {
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Postgres and Redis answer; a load balancer sends traffic only when ready',
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (_request, reply) => {
      const [postgres, redisCheck] = await Promise.all([
        timed(() => db.execute(sql`SELECT 1`), 2_000),
        timed(() => redis.ping(), 2_000),
      ]);
      const isReady = postgres.status === 'up' && redisCheck.status === 'up';
      return reply
        .status(isReady ? 200 : 503)
        .send({ status: isReady ? 'ready' : 'not_ready', checks: { postgres, redis: redisCheck } });
    },
  );
};
