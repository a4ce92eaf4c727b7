import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer } from '#test/factories';
import { freePort } from '#test/free-port';
import { call } from '#test/http-client';
import { connectSocket, eventually, listen } from '#test/realtime-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { killHard, startWorkerProcess } from '#test/worker-process';
import { WORKER_QUEUES } from '../composition/job-registry';
import { QUEUE_DEPTH_STATES } from '../infra/job-metrics';
import { checkBidsJob, DISPATCH_QUEUE } from '../modules/dispatch/dispatch.jobs';
import { SUBSCRIPTIONS_QUEUE, subscriptionSweepJob } from '../modules/subscriptions/subscriptions.jobs';

const TOKEN = 'worker-metrics-token-0123456789';
const DASHBOARD = new URL('../../../../deploy/monitoring/grafana-dashboard.json', import.meta.url);

/** The value of the sample `name` whose labels include `labels`, or undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const set = match[2] ?? '';
    if (Object.entries(labels).every(([key, value]) => set.includes(`${key}="${value}"`)))
      return Number(match[3]);
  }
  return undefined;
}

// Functions, aggregations and keywords of PromQL: what is left of an expression once they are gone is metrics.
const PROMQL_KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
]);
const PROMQL_OPERATORS = new Set(['and', 'or', 'unless']);

/** Every metric name a PromQL expression reads (label matchers, ranges, grouping labels and functions removed). */
function metricNamesOf(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  return [...bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)]
    .filter((m) => m[2] === undefined)
    .map((m) => m[1] as string)
    .filter((word) => !PROMQL_KEYWORDS.has(word) && !PROMQL_OPERATORS.has(word));
}

/** Whether a /metrics page declares `name`, a histogram's `_bucket`/`_sum`/`_count` counting as its own. */
function declares(text: string, name: string): boolean {
  if (text.includes(`# TYPE ${name} `)) return true;
  const histogram = /^(.*)_(?:bucket|sum|count)$/.exec(name)?.[1];
  return histogram !== undefined && text.includes(`# TYPE ${histogram} histogram`);
}

describe('monitoring', () => {
  let env: TestEnvironment;
  let worker: ReturnType<typeof startWorkerProcess> | undefined;
  let workerUrl: string;
  const queues: Queue[] = [];

  const apiMetrics = async () => {
    const response = await env.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    return response.body;
  };
  const workerMetrics = async () => {
    const response = await fetch(`${workerUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    return response.text();
  };
  const queue = (name: string) => {
    const created = new Queue(name, { connection: env.redis, prefix: `${env.redisPrefix}bull` });
    queues.push(created);
    return created;
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    const port = await freePort();
    workerUrl = `http://127.0.0.1:${port}`;
    worker = startWorkerProcess(env, { WORKER_METRICS_PORT: String(port), METRICS_TOKEN: TOKEN });
    await eventually(
      () => {
        if (!worker?.output().includes('worker ready'))
          throw new Error(`worker not ready: ${worker?.output()}`);
      },
      45_000,
      100,
    );
  });
  afterAll(async () => {
    await Promise.all(queues.map((q) => q.close()));
    if (worker) await killHard(worker.child);
    await env?.close();
  });

  describe('api /metrics', () => {
    it('counts the WebSocket connections of this process, up on connect and down on disconnect', async () => {
      const customer = await registerCustomer(env);
      const before = sample(await apiMetrics(), 'websocket_connections');
      expect(before).toBe(0);
      const socket = await connectSocket(await listen(env.app), customer.accessToken);
      try {
        expect(sample(await apiMetrics(), 'websocket_connections')).toBe(1);
      } finally {
        socket.close();
      }
      await eventually(async () => expect(sample(await apiMetrics(), 'websocket_connections')).toBe(0));
    });

    it('times token blacklist lookups of authenticated requests, and reads the database pool', async () => {
      const customer = await registerCustomer(env);
      const lookups = (text: string) =>
        (sample(text, 'token_revocation_lookup_seconds_count', { source: 'redis' }) ?? 0) +
        (sample(text, 'token_revocation_lookup_seconds_count', { source: 'postgres' }) ?? 0);
      const before = lookups(await apiMetrics());
      const me = await call(env.app, 'GET', '/api/me', { token: customer.accessToken });
      expect(me.status).toBe(200);
      const text = await apiMetrics();
      expect(lookups(text)).toBe(before + 1);
      // The requests above opened connections; the pool keeps them idle for reuse.
      expect(sample(text, 'db_pool_connections')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'db_pool_idle_connections')).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'db_pool_waiting_clients')).toBe(0);
    });

    it('declares the cache counters, with no series before any cached read', async () => {
      const text = await apiMetrics();
      expect(text).toContain('# TYPE cache_hits_total counter');
      expect(text).toContain('# TYPE cache_misses_total counter');
      expect(sample(text, 'cache_hits_total')).toBeUndefined();
    });
  });

  describe('worker /metrics and health', () => {
    it('answers /metrics with the token, and 401 in the error envelope without it or with another', async () => {
      expect(await workerMetrics()).toContain('process_cpu_user_seconds_total');

      const missing = await fetch(`${workerUrl}/metrics`);
      expect(missing.status).toBe(401);
      expect(await missing.json()).toMatchObject({
        error: { code: 'TOKEN_MISSING', requestId: expect.any(String) },
      });
      const wrong = await fetch(`${workerUrl}/metrics`, {
        headers: { authorization: 'Bearer not-the-token' },
      });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ error: { code: 'TOKEN_INVALID' } });
    });

    it('answers the orchestrator: live, and ready when Postgres and Redis answer', async () => {
      const live = await fetch(`${workerUrl}/health/live`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${workerUrl}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        checks: { postgres: { status: 'up' }, redis: { status: 'up' } },
      });
    });

    it('records a processed job in the job duration histogram', async () => {
      const subscriptions = queue(SUBSCRIPTIONS_QUEUE);
      const job = await subscriptions.add(subscriptionSweepJob.name, {});
      await eventually(async () => expect(await job.getState()).toBe('completed'), 15_000, 100);
      const completed = sample(await workerMetrics(), 'job_duration_seconds_count', {
        queue: SUBSCRIPTIONS_QUEUE,
        name: subscriptionSweepJob.name,
        outcome: 'completed',
      });
      expect(completed).toBeGreaterThanOrEqual(1);
    });

    it('reports every queue of the registry, and a delayed job in its queue depth', async () => {
      const delayed = (text: string) =>
        sample(text, 'queue_depth', { queue: DISPATCH_QUEUE, state: 'delayed' });
      const first = await workerMetrics();
      for (const name of WORKER_QUEUES) {
        for (const state of QUEUE_DEPTH_STATES) {
          expect(sample(first, 'queue_depth', { queue: name, state }), `${name} ${state}`).toBeDefined();
        }
      }
      const before = delayed(first) ?? 0;
      await checkBidsJob.enqueue(
        queue(DISPATCH_QUEUE),
        { rideId: randomUUID(), round: 0, step: 0 },
        { delayMs: 10 * 60_000 },
      );
      expect(delayed(await workerMetrics())).toBe(before + 1);
    });
  });

  it('every metric the Grafana dashboard queries exists on the api or the worker /metrics', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
      panels: { targets?: { expr: string }[] }[];
    };
    const names = new Set(
      dashboard.panels.flatMap((panel) =>
        (panel.targets ?? []).flatMap((target) => metricNamesOf(target.expr)),
      ),
    );
    // The extraction found the dashboard's metrics, not nothing.
    expect(names).toContain('http_request_duration_seconds_bucket');
    expect(names).toContain('queue_depth');
    expect(names).not.toContain('histogram_quantile');
    const pages = [await apiMetrics(), await workerMetrics()];
    const missing = [...names].filter((name) => !pages.some((page) => declares(page, name)));
    expect(missing).toEqual([]);
  });

  it('on SIGTERM the worker stops answering its probes and exits 0', async () => {
    const child = worker?.child;
    if (!child) throw new Error('no worker');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${workerUrl}/health/live`)).rejects.toThrow();
  });
});
