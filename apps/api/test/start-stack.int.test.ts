import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from './free-port';

// `npm start` as the README promises it: a database that does not exist yet, then a system that serves demo data.
const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const databaseName = `t4u_start_${process.pid}_${Date.now()}`;
let stack: ChildProcess | undefined;

afterAll(async () => {
  // After a failed test: the orchestrator stops its services (each in its own process group) on SIGTERM;
  // if it does not, kill its group hard.
  if (stack?.pid && stack.exitCode === null) {
    stack.kill('SIGTERM');
    const timeout = new Promise((resolve) => setTimeout(resolve, 20_000).unref());
    await Promise.race([once(stack, 'exit'), timeout]);
    if (stack.exitCode === null) process.kill(-stack.pid, 'SIGKILL');
  }
  const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  await admin.end();
});

describe('npm start', () => {
  it('creates, migrates and seeds the database, serves demo accounts, and stops every process gracefully on Ctrl-C', async () => {
    const [apiPort, smsPort, flouciPort, pushPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const databaseUrl = new URL(inject('adminDatabaseUrl'));
    databaseUrl.pathname = `/${databaseName}`;
    stack = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-stack.ts'], {
      cwd: repositoryRoot,
      detached: true,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'development',
        // The web app has its own end-to-end run (apps/web/e2e); this test is about the backend.
        START_WEB: '0',
        LOG_LEVEL: 'info',
        PORT: String(apiPort),
        DATABASE_URL: databaseUrl.toString(),
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_KEY_PREFIX: `t4u-start-test:${process.pid}:`,
        TWILIO_BASE_URL: `http://127.0.0.1:${smsPort}`,
        FLOUCI_BASE_URL: `http://127.0.0.1:${flouciPort}`,
        EXPO_PUSH_BASE_URL: `http://127.0.0.1:${pushPort}`,
        // The worker's default metrics port would collide with a worker already running on the machine.
        WORKER_METRICS_PORT: '0',
      },
    });
    let output = '';
    stack.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    stack.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const deadline = Date.now() + 60_000;
    while (!output.includes('Truck4u is running')) {
      if (stack.exitCode !== null || Date.now() > deadline)
        throw new Error(`npm start did not come up:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // The banner comes last and says what was prepared: a new database gets every migration and every account.
    const banner = output.slice(output.indexOf('Truck4u is running'));
    expect(banner).toMatch(/migrations: \d+ applied \(0000_init .*\), 0 already applied/);
    expect(banner).toContain('seed: added 1 admin, 2 customers, 7 drivers');

    const login = await fetch(`http://127.0.0.1:${apiPort}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'driver', phone: '+21622000001', password: 'truck4u-demo' }),
    });
    expect(login.status).toBe(200);
    const otp = await fetch(`http://127.0.0.1:${apiPort}/api/auth/otp/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'customer', phone: '+21621000001' }),
    });
    expect(otp.status).toBeLessThan(300);
    const sent = await fetch(`http://127.0.0.1:${smsPort}/__stand-in/messages`);
    expect(JSON.stringify(await sent.json())).toContain('+21621000001');
    expect((await fetch(`http://127.0.0.1:${flouciPort}/__stand-in/payments`)).status).toBe(200);

    // Ctrl-C: the terminal signals the whole foreground process group, not only the orchestrator.
    const exit = once(stack, 'exit');
    if (stack.pid === undefined) throw new Error('npm start has no pid');
    process.kill(-stack.pid, 'SIGINT');
    const [code] = await exit;
    expect(code, output).toBe(0);
    // Only the orchestrator's one SIGTERM reached the worker: it finished its jobs and closed its connections.
    expect(output).toMatch(/\[worker\].*shutdown complete/);
    expect(output).toContain('worker stopped (exit 0)');
    expect(output).toContain('api stopped (exit 0)');
    expect(output).not.toContain('second signal');
    await expect(fetch(`http://127.0.0.1:${apiPort}/health/live`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${smsPort}/__stand-in/messages`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${flouciPort}/__stand-in/payments`)).rejects.toThrow();
  }, 90_000);
});
