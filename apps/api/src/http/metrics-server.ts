import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { Registry } from 'prom-client';
import { registerErrorHandling } from './error-handler';
import { registerMetricsRoute } from './metrics';

export interface MetricsServer {
  /** The port it listens on (the configured one, or the one the system chose for port 0 in tests). */
  port: number;
  close(): Promise<void>;
}

type Probe = () => Promise<unknown>;

interface ProbeResult {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

const PROBE_TIMEOUT_MS = 2_000;

async function runProbe(probe: Probe): Promise<ProbeResult> {
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS).unref(),
      ),
    ]);
    return { status: 'up', latencyMs: latencyMs() };
  } catch (error) {
    return { status: 'down', latencyMs: latencyMs(), error: (error as Error).message };
  }
}

/**
 * The HTTP server of a process that has no api of its own (the worker), so Prometheus can scrape it and an
 * orchestrator can probe it: `/metrics` (same token rule as the api's), `/health/live`, and `/health/ready`,
 * which answers 503 unless every `readiness` probe answers within 2 s.
 */
export async function startMetricsServer(options: {
  host: string;
  port: number;
  registry: Registry;
  token: string | undefined;
  readiness: Record<string, Probe>;
}): Promise<MetricsServer> {
  const app = Fastify({ logger: false, genReqId: () => randomUUID() });
  registerErrorHandling(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerMetricsRoute(app, { registry: options.registry, token: options.token });
  app.get('/health/live', async () => ({ status: 'ok' as const }));
  app.get('/health/ready', async (_request, reply) => {
    const names = Object.keys(options.readiness);
    const results = await Promise.all(names.map((name) => runProbe(options.readiness[name] as Probe)));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i]]));
    const isReady = results.every((result) => result.status === 'up');
    return reply.status(isReady ? 200 : 503).send({ status: isReady ? 'ready' : 'not_ready', checks });
  });
  await app.listen({ host: options.host, port: options.port });
  return {
    port: (app.server.address() as AddressInfo).port,
    close: () => app.close(),
  };
}
