// What both browser tests of the mobile web export need: the real api, worker and stand-ins on free ports
// (scripts/start-stack.ts, START_WEB=0), on a database and a Redis key prefix made for the run and removed at
// the end, like the web's browser tests (apps/web/e2e/stack.setup.ts), without the web app: the export is the
// client. The app is exported into a temporary folder with the api's address fixed into it (apps/mobile/dist
// stays the export the screenshots script expects), served by a small Node server and opened in a
// phone-sized Chromium, in French, with the browser's position at Tunis.
//
// Needs Postgres and Redis (as for the api's tests) and /usr/bin/chromium. CHROMIUM_PATH,
// TEST_DATABASE_ADMIN_URL and TEST_REDIS_URL override the defaults; E2E_SHOW_STACK_LOG=1 prints the stack's
// log on failure.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect as baseExpect } from '@playwright/test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const mobileDir = fileURLToPath(new URL('..', import.meta.url));
const screenshots = join(root, 'docs/screenshots/mobile');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'truck4u-demo';
// Demo accounts seeded by packages/database/src/seed.ts: a verified SMALL_VAN driver and a customer.
export const DRIVER_PHONE = '+21622000001';
export const CUSTOMER_PHONE = '+21621000001';
export const TUNIS_CENTRE = { latitude: 36.8065, longitude: 10.1815 };
const STEP_TIMEOUT_MS = 20_000;
// Retrying assertions wait as long as a step may take on a busy machine (configure returns a new expect).
export const expect = baseExpect.configure({ timeout: STEP_TIMEOUT_MS });
const started = Date.now();

export function log(message) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

async function freePort() {
  const server = createNetServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

/** Commands still running, stopped at the end if the run fails half-way. */
const children = new Set();

/** Runs a command to its end; rejects with its output when it fails. */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} failed:\n${output}`)),
    );
  });
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
};

/**
 * Runs one browser test against its own stack and exits the process with its result. `scenario` gets the
 * page and helpers; a thrown error fails the run (with a screenshot in the system's temporary folder), and so
 * does a console error about CORS. `name` prefixes the screenshots: docs/screenshots/mobile/<name>-*.png.
 */
/**
 * Runs the scenarios one after the other on one stack and one export (each in a browser context of its
 * own), then tears everything down and exits: 0 when every scenario passed.
 */
export async function runMobileE2e(scenarios) {
  const [apiPort, appPort, frontendPort, smsPort, flouciPort, pushPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const appUrl = `http://127.0.0.1:${appPort}`;
  const smsUrl = `http://127.0.0.1:${smsPort}`;
  const pushUrl = `http://127.0.0.1:${pushPort}`;
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const databaseName = `t4u_mobile_e2e_${process.pid}_${Date.now()}`;
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${databaseName}`;
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisPrefix = `t4u-mobile-e2e:${process.pid}:`;
  // Its own output folder: apps/mobile/dist stays the export the screenshots script expects.
  const dist = mkdtempSync(join(tmpdir(), 't4u-mobile-e2e-'));

  /**
   * The export fixes the api's address into the bundle. `--clear`: Metro's cache would otherwise keep the
   * address inlined by an earlier export (EXPO_PUBLIC_* values are not part of its cache key).
   */
  const exportApp = () =>
    run('npx', ['expo', 'export', '--platform', 'web', '--output-dir', dist, '--clear'], {
      cwd: mobileDir,
      env: {
        ...process.env,
        EXPO_OFFLINE: '1',
        EXPO_NO_TELEMETRY: '1',
        CI: '1',
        EXPO_PUBLIC_API_URL: apiUrl,
        EXPO_PUBLIC_GEOCODER_URL: '',
      },
    });

  let stackOutput = '';
  const stack = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-stack.ts'], {
    cwd: root,
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      NO_COLOR: '1',
      START_WEB: '0',
      // Its default port may be taken by a worker already running on the machine.
      WORKER_METRICS_PORT: '0',
      PORT: String(apiPort),
      // Nothing listens there; the export's own origin is allowed through CORS_EXTRA_ORIGINS.
      FRONTEND_URL: `http://127.0.0.1:${frontendPort}`,
      CORS_EXTRA_ORIGINS: appUrl,
      PUBLIC_API_URL: apiUrl,
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: redisPrefix,
      TWILIO_BASE_URL: smsUrl,
      FLOUCI_BASE_URL: `http://127.0.0.1:${flouciPort}`,
      EXPO_PUSH_BASE_URL: pushUrl,
      DISPATCH_RADII_KM: '20,60',
      // The browser's emulated driver stays where it is while walking a ride across town; the dropoff distance
      // rule is proven by the api's integration tests (modules/proofs).
      DROPOFF_MAX_DISTANCE_METERS: '100000',
      DISPATCH_BID_WINDOW_MS: '60000',
      RIDE_POST_LIMIT_PER_HOUR: '1000',
    },
  });
  stack.stdout.on('data', (chunk) => {
    stackOutput += chunk;
  });
  stack.stderr.on('data', (chunk) => {
    stackOutput += chunk;
  });

  async function stackUp() {
    const deadline = Date.now() + 180_000;
    while (!stackOutput.includes('Truck4u is running')) {
      if (stack.exitCode !== null || Date.now() > deadline)
        throw new Error(`the stack did not come up:\n${stackOutput}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function stopStack() {
    if (!stack.pid || stack.exitCode !== null) return;
    const exited = once(stack, 'exit');
    process.kill(-stack.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000).unref())]);
    if (stack.exitCode === null) process.kill(-stack.pid, 'SIGKILL');
  }

  /** Drops the run's database and Redis keys. */
  async function removeRunData() {
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

  // A single-page app: unknown paths get index.html, as a static host would be told to do.
  const staticServer = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory())
      file = join(dist, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });

  /** Calls the api as a user would through another client (the other party of the scenario). */
  async function api(token, method, path, body, expected = [200, 201]) {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expected.includes(response.status)) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  const login = (role, phone) =>
    api(undefined, 'POST', '/api/auth/login', { role, phone, password: DEMO_PASSWORD });

  async function shot(page, name, step) {
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(screenshots, `${name}-${step}.png`) });
    log(`screenshot ${name}-${step}.png`);
  }

  let browser;
  let failed = false;
  try {
    mkdirSync(screenshots, { recursive: true });
    log(`starting the stack (api ${apiUrl}) and exporting the app`);
    await Promise.all([stackUp(), exportApp()]);
    await new Promise((resolve) => staticServer.listen(appPort, '127.0.0.1', resolve));
    log(`stack up; export served at ${appUrl}`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-sync'],
    });
    for (const { name, title, scenario } of scenarios) {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
        geolocation: TUNIS_CENTRE,
        permissions: ['geolocation'],
        locale: 'fr-TN',
        timezoneId: 'Africa/Tunis',
      });
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      const page = await context.newPage();
      page.on('pageerror', (error) => log(`page error: ${error.message}`));
      // A refused cross-origin call (api or socket handshake) shows up only in the console: fail on it.
      const refusedOrigins = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && /CORS|Access-Control/i.test(message.text()))
          refusedOrigins.push(message.text());
      });
      const visible = (testId) => page.locator(`[data-testid="${testId}"]:visible`);
      const failure = join(tmpdir(), `mobile-e2e-${name}-failure.png`);
      try {
        await scenario({
          page,
          visible,
          api,
          login,
          shot: (step) => shot(page, name, step),
          appUrl,
          apiUrl,
          smsUrl,
          pushUrl,
        });
        if (refusedOrigins.length > 0)
          throw new Error(`cross-origin calls refused:\n${refusedOrigins.join('\n')}`);
      } catch (error) {
        await page.screenshot({ path: failure }).catch(() => undefined);
        console.error(`failure screenshot: ${failure}`);
        throw error;
      } finally {
        await context.close().catch(() => undefined);
      }
      log(`PASS: ${title}`);
    }
  } catch (error) {
    failed = true;
    console.error(error);
    if (process.env.E2E_SHOW_STACK_LOG) console.error(stackOutput);
  } finally {
    await browser?.close().catch(() => undefined);
    staticServer.close();
    for (const child of children) if (child.pid) process.kill(-child.pid, 'SIGKILL');
    await stopStack().catch(() => undefined);
    await removeRunData().catch((error) => console.error('could not remove the run data:', error));
    rmSync(dist, { recursive: true, force: true });
    log(failed ? 'FAIL' : 'done');
  }
  process.exit(failed ? 1 : 0);
}
