import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * Starts the whole system for the run with `npm start`'s own orchestrator (scripts/start-stack.ts): a database
 * made for this run (created, migrated, seeded with the demo accounts), the SMS and Flouci stand-ins, a worker,
 * an api and the built web app, each on a free port. Short dispatch settings keep the journey fast. The stack
 * and its database are removed at the end. With E2E_BASE_URL set, tests run against that stack instead.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export default async function startStack(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.E2E_BASE_URL) return undefined;
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const databaseName = `t4u_e2e_${process.pid}_${Date.now()}`;
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${databaseName}`;
  const [apiPort, webPort, smsPort, flouciPort, pushPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const webUrl = `http://127.0.0.1:${webPort}`;
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisPrefix = `t4u-e2e:${process.pid}:`;

  /** Drops the run's database and Redis keys (also after a start that failed half-way). */
  async function removeRunData(): Promise<void> {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(redisUrl, { lazyConnect: true });
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }

  const stack: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-stack.ts'], {
    cwd: root,
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      NO_COLOR: '1',
      PORT: String(apiPort),
      WEB_PORT: String(webPort),
      WEB_HOST: '127.0.0.1',
      FRONTEND_URL: webUrl,
      // Where Flouci's stand-in posts its webhook once a top-up is paid.
      PUBLIC_API_URL: `http://127.0.0.1:${apiPort}`,
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: redisPrefix,
      TWILIO_BASE_URL: `http://127.0.0.1:${smsPort}`,
      FLOUCI_BASE_URL: `http://127.0.0.1:${flouciPort}`,
      // The push stand-in's default port would collide with a stack already running on the machine.
      EXPO_PUSH_BASE_URL: `http://127.0.0.1:${pushPort}`,
      // Likewise the worker's metrics port.
      WORKER_METRICS_PORT: '0',
      // Fast dispatch: one wide circle, a short bid window, no ride limit getting in the way.
      DISPATCH_RADII_KM: '20,60',
      // The browser's emulated driver stays where it is while walking a ride across town; the dropoff distance
      // rule is proven by the api's integration tests (modules/proofs).
      DROPOFF_MAX_DISTANCE_METERS: '100000',
      DISPATCH_BID_WINDOW_MS: '60000',
      RIDE_POST_LIMIT_PER_HOUR: '1000',
      // A build made aside (NEXT_DIST_DIR, see next.config.ts) is the one served.
      ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
    },
  });
  let output = '';
  stack.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  stack.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 180_000;
  while (!output.includes('Truck4u is running')) {
    if (stack.exitCode !== null || Date.now() > deadline) {
      if (stack.pid && stack.exitCode === null) process.kill(-stack.pid, 'SIGKILL');
      await removeRunData().catch(() => undefined);
      throw new Error(`the stack did not come up:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  process.env.E2E_BASE_URL = webUrl;
  process.env.E2E_API_URL = `http://127.0.0.1:${apiPort}`;
  process.env.E2E_SMS_URL = `http://127.0.0.1:${smsPort}`;

  return async () => {
    if (stack.pid && stack.exitCode === null) {
      const exited = once(stack, 'exit');
      process.kill(-stack.pid, 'SIGTERM');
      const timeout = new Promise((resolve) => setTimeout(resolve, 20_000).unref());
      await Promise.race([exited, timeout]);
      if (stack.exitCode === null) process.kill(-stack.pid, 'SIGKILL');
    }
    if (process.env.E2E_SHOW_STACK_LOG) console.log(output);
    await removeRunData();
  };
}
