import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './http-client';
import { createTestEnvironment, type TestEnvironment, uniquePhone } from './test-environment';

// The real entry points as separate processes: what `npm run start:api`, `start:worker` and `admin:create` run.
const apiRoot = fileURLToPath(new URL('..', import.meta.url));
let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => env?.close());

function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: env.redisPrefix,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-keys',
    TWILIO_BASE_URL: env.sms.url,
    ...extra,
  };
}

function start(script: string, args: string[], extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: apiRoot,
    env: baseEnv(extraEnv),
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

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = await once(child, 'exit');
  return code as number | null;
}

describe('api process', () => {
  it('serves, then on SIGTERM stops accepting, closes its pools and exits 0', async () => {
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const api = start('src/main.ts', [], { PORT: port, HOST: '127.0.0.1' });
    try {
      await waitFor(() => api.output().includes('Server listening'));
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      api.child.kill('SIGTERM');
      expect(await exitCode(api.child)).toBe(0);
      expect(api.output()).toContain('shutting down gracefully');
      await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
    } finally {
      api.child.kill('SIGKILL');
    }
  });

  it('refuses to start in production with the example JWT secret, naming the key', async () => {
    const api = start('src/main.ts', [], {
      NODE_ENV: 'production',
      JWT_SECRET: 'dev-only-secret-change-me-dev-only-secret-change-me',
    });
    expect(await exitCode(api.child)).toBe(1);
    expect(api.output()).toContain('JWT_SECRET');
  });
});

describe('worker process', () => {
  it('starts, reports ready and exits 0 on SIGTERM', async () => {
    const worker = start('src/worker.ts', []);
    try {
      await waitFor(() => worker.output().includes('worker ready'));
      worker.child.kill('SIGTERM');
      expect(await exitCode(worker.child)).toBe(0);
    } finally {
      worker.child.kill('SIGKILL');
    }
  });

  it('takes SIGINT and a SIGTERM right after (Ctrl-C under a supervisor) as one request, and closes gracefully', async () => {
    const worker = start('src/worker.ts', []);
    try {
      await waitFor(() => worker.output().includes('worker ready'));
      worker.child.kill('SIGINT');
      worker.child.kill('SIGTERM');
      expect(await exitCode(worker.child)).toBe(0);
      expect(worker.output()).toContain('shutdown complete');
      expect(worker.output()).not.toContain('second signal');
    } finally {
      worker.child.kill('SIGKILL');
    }
  });
});

describe('admin:create', () => {
  it('creates an admin who can log in, and refuses bad arguments with every problem listed', async () => {
    const phone = uniquePhone();
    const created = start('src/cli/create-admin.cli.ts', [
      '--phone',
      phone,
      '--password',
      'admin-pass-123',
      '--name',
      'Ops Admin',
    ]);
    expect(await exitCode(created.child)).toBe(0);
    expect(created.output()).toContain('admin created');
    const login = await call(env.app, 'POST', '/api/auth/login', {
      body: { role: 'admin', phone, password: 'admin-pass-123' },
    });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('admin');

    const duplicate = start('src/cli/create-admin.cli.ts', [
      '--phone',
      phone,
      '--password',
      'admin-pass-123',
      '--name',
      'Again',
    ]);
    expect(await exitCode(duplicate.child)).toBe(1);
    expect(duplicate.output()).toContain('already exists');

    const bad = start('src/cli/create-admin.cli.ts', ['--phone', '12', '--password', 'short']);
    expect(await exitCode(bad.child)).toBe(2);
    expect(bad.output()).toContain('--phone');
    expect(bad.output()).toContain('--password');
    expect(bad.output()).toContain('--name');
  });
});
