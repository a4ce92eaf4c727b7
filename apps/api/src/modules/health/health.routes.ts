import { type Database, findMissingReferenceData } from '@truck4u/database';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { compiledSerializerCompiler } from '../../http/compiled-serializer';
import { SERVICE_INFO } from './service-info';

const checkSchema = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number(),
  error: z.string().optional(),
});
const readySchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    postgres: checkSchema,
    redis: checkSchema,
    referenceData: checkSchema.describe(
      'Governorates, subscription plans and platform ledger accounts, which the migrations insert, are present',
    ),
  }),
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
  // Reference data only goes missing through a bad restore or a hand-edited database, and the endpoint is
  // polled: once it has been seen complete, this instance stops looking.
  let hasReferenceData = false;
  async function checkReferenceData(): Promise<void> {
    if (hasReferenceData) return;
    const missing = await findMissingReferenceData(db);
    if (missing.length > 0) throw new Error(`missing reference data: ${missing.join('; ')}`);
    hasReferenceData = true;
  }

  app.get(
    '/health/live',
    {
      // Load balancers call it every few seconds on every instance: the cheapest answer there is.
      serializerCompiler: compiledSerializerCompiler,
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  const readiness = {
    schema: {
      tags: ['health'],
      summary:
        'Postgres and Redis answer and reference data is present; a load balancer sends traffic only when ready',
      response: { 200: readySchema, 503: readySchema },
    },
  };
  const checkReadiness = async () => {
    const [postgres, redisCheck, referenceData] = await Promise.all([
      timed(() => db.execute(sql`SELECT 1`), 2_000),
      timed(() => redis.ping(), 2_000),
      timed(checkReferenceData, 2_000),
    ]);
    const isReady = [postgres, redisCheck, referenceData].every((check) => check.status === 'up');
    return {
      status: isReady ? (200 as const) : (503 as const),
      body: {
        status: isReady ? ('ready' as const) : ('not_ready' as const),
        checks: { postgres, redis: redisCheck, referenceData },
      },
    };
  };
  app.get('/health/ready', readiness, async (_request, reply) => {
    const { status, body } = await checkReadiness();
    return reply.status(status).send(body);
  });
  // People and tools try /health first; it answers exactly what /health/ready answers.
  app.get(
    '/health',
    { schema: { ...readiness.schema, summary: 'Alias of /health/ready' } },
    async (_request, reply) => {
      const { status, body } = await checkReadiness();
      return reply.status(status).send(body);
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags: ['health'],
        summary: 'What this service is and where to look next',
        response: {
          200: z.object({
            name: z.string(),
            version: z.string(),
            links: z.object({
              docs: z.string(),
              openapi: z.string(),
              live: z.string(),
              ready: z.string(),
              metrics: z.string(),
            }),
          }),
        },
      },
    },
    async () => ({
      name: SERVICE_INFO.name,
      version: SERVICE_INFO.version,
      links: {
        docs: '/docs',
        openapi: '/docs/json',
        live: '/health/live',
        ready: '/health/ready',
        metrics: '/metrics',
      },
    }),
  );
};
