import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from './test-environment';

// What production runs: `npm run build`, then `npm run start` / `start:worker` with NODE_ENV=production,
// which load dist/*.js under plain node (no tsx loader in the process).
const apiRoot = fileURLToPath(new URL('..', import.meta.url));
let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: apiRoot, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
}, 60_000);
afterAll(async () => env?.close());

function startBuilt(entry: 'main' | 'worker', extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['scripts/start.mjs', entry], {
    cwd: apiRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: env.redisPrefix,
      // Production refuses the example secrets, so the build is run with real-looking ones.
      JWT_SECRET: 'compiled-build-test-secret-long-enough-for-hs256',
      OTP_SECRET: 'compiled-build-test-otp-secret-long-enough',
      TWILIO_BASE_URL: env.sms.url,
      TWILIO_ACCOUNT_SID: 'ACbuild000000000000000000000000000',
      TWILIO_AUTH_TOKEN: 'compiled-build-test-token',
      FLOUCI_APP_TOKEN: 'compiled-build-test-app-token',
      FLOUCI_APP_SECRET: 'compiled-build-test-app-secret',
      METRICS_TOKEN: 'compiled-build-test-metrics-token',
      ...extra,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

async function waitFor(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  return code as number | null;
}

describe('the production build', () => {
  it('serves the api from dist under plain node and shuts down cleanly', async () => {
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const api = startBuilt('main', { PORT: port, HOST: '127.0.0.1' });
    try {
      await waitFor(() => api.output().includes('Server listening'));
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      const index = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as { version: string };
      expect(index.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(await stop(api.child)).toBe(0);
    } finally {
      api.child.kill('SIGKILL');
    }
  });

  it('runs the worker from dist, with its health and metrics server', async () => {
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const worker = startBuilt('worker', { WORKER_METRICS_PORT: port, HOST: '127.0.0.1' });
    try {
      await waitFor(() => worker.output().includes('worker ready'));
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await stop(worker.child)).toBe(0);
      expect(worker.output()).toContain('shutdown complete');
    } finally {
      worker.child.kill('SIGKILL');
    }
  });
});
