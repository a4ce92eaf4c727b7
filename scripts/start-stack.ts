/**
 * `npm start`: the whole backend on one machine with demo data. Checks (and if needed starts) PostgreSQL and
 * Redis, creates the database, migrates, seeds, then runs the local SMS, Flouci and push stand-ins, one api and one worker
 * as child processes, waits until the api is ready and prints where everything is. Ctrl-C stops it all.
 *
 * This orchestrator is the one place outside the api's config module that reads the environment: it has to,
 * to hand the same settings (plus `.env`, when present) to every process it starts.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createDatabase,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  type DemoSeedReport,
  describeMigrations,
  ensureDatabaseExists,
  type MigrationReport,
  runMigrations,
  seedDemoAccounts,
} from '@truck4u/database';
import { ConfigError, loadConfig } from '../apps/api/src/config/config';
import {
  isRunning,
  pipeLines,
  pollUntil,
  spawnInGroup,
  stopInOrder as stopServices,
} from './process-supervisor';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const API_DIR = join(ROOT, 'apps/api');
const STOP_GRACE_MS = 15_000;
const READY_TIMEOUT_MS = 60_000;
/** The banner waits for the children's start-up lines to stop arriving, so it is the last thing on screen. */
const QUIET_BEFORE_BANNER_MS = 400;
const MAX_WAIT_FOR_QUIET_MS = 3_000;

interface Service {
  name: string;
  script: string;
  /** Runs `node <script>` from this directory instead of the api's tsx entry points (the web app). */
  cwd?: string;
  env?: Record<string, string>;
  /** Stand-ins stop last, so the api and worker never lose a provider mid-request. */
  order: number;
  child?: ChildProcess;
}

const services: Service[] = [
  { name: 'sms', script: 'src/cli/sms-stand-in.cli.ts', order: 2 },
  { name: 'flouci', script: 'src/cli/flouci-stand-in.cli.ts', order: 2 },
  { name: 'push', script: 'src/cli/push-stand-in.cli.ts', order: 2 },
  { name: 'worker', script: 'src/worker.ts', order: 1 },
  { name: 'api', script: 'src/main.ts', order: 1 },
];

/** `.env` values apply unless the shell already sets the key, as with dotenv. */
function readDotEnv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const values: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (!match?.[1] || line.trimStart().startsWith('#')) continue;
    values[match[1]] = (match[2] ?? '').replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

const env: Record<string, string> = {
  ...readDotEnv(join(ROOT, '.env')),
  ...(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >),
};

// The web app (apps/web) runs beside the api unless START_WEB=0; FRONTEND_URL (CORS, sockets, the Flouci return
// URL) points at it.
const WEB_DIR = join(ROOT, 'apps/web');
const isWebEnabled = !['0', 'false'].includes(env.START_WEB ?? '');
const webPort = Number(env.WEB_PORT ?? (env.FRONTEND_URL ? new URL(env.FRONTEND_URL).port || 80 : 3001));
env.FRONTEND_URL ??= `http://localhost:${webPort}`;

const isColoured = Boolean(process.stdout.isTTY) && !env.NO_COLOR;
const paint = (code: string, text: string) => (isColoured ? `\x1b[${code}m${text}\x1b[0m` : text);

function step(message: string): void {
  console.log(`${paint('36', '▸')} ${message}`);
}

function fail(message: string): never {
  console.error(paint('31', `✗ ${message}`));
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(env);
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}

step('Checking PostgreSQL and Redis');
const services_check = spawnSync('bash', [join(ROOT, 'scripts/ensure-services.sh')], {
  env: { ...env, DATABASE_URL: config.database.url, REDIS_URL: config.redis.url },
  stdio: 'inherit',
});
if (services_check.status !== 0) fail('PostgreSQL or Redis is not available (see above).');

step(`Preparing database ${new URL(config.database.url).pathname.slice(1)}`);
let migrations: MigrationReport = { applied: [], alreadyApplied: 0 };
let seeded: DemoSeedReport = { admins: 0, customers: 0, drivers: 0 };
try {
  if (await ensureDatabaseExists(config.database.url)) step('  created it');
  // The migrations insert the reference data (governorates, plans, ...); the seed adds only demo accounts.
  migrations = await runMigrations(config.database.url);
  step(`  migrations: ${describeMigrations(migrations)}`);
  const handle = createDatabase({ url: config.database.url, maxConnections: 1 });
  try {
    seeded = await seedDemoAccounts(handle.db);
  } finally {
    await handle.close();
  }
} catch (error) {
  fail(`Could not prepare the database: ${error instanceof Error ? error.message : String(error)}`);
}

let stopping: Promise<never> | undefined;
let lastOutputAt = Date.now();

function start(service: Service): void {
  // One process per service (node with tsx's loader, no wrapper that relays signals a second time), in its
  // own process group: Ctrl-C reaches only this orchestrator, which stops the services in order, once each.
  const args = service.cwd ? [service.script] : ['--import', 'tsx', service.script];
  const child = spawnInGroup({
    name: service.name,
    command: process.execPath,
    args,
    cwd: service.cwd ?? API_DIR,
    env: { ...env, ...service.env, FORCE_COLOR: isColoured ? '1' : '0' },
  });
  service.child = child;
  const prefix = paint('2', `[${service.name}]`);
  const heard = () => {
    lastOutputAt = Date.now();
  };
  pipeLines(child.stdout, process.stdout, prefix, heard);
  pipeLines(child.stderr, process.stderr, prefix, heard);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(paint('31', `✗ ${service.name} exited (${signal ?? `code ${code}`}); stopping everything`));
    void stopAll(1);
  });
}

async function stopInOrder(exitCode: number): Promise<never> {
  step('Stopping');
  const isClean = await stopServices(services, {
    graceMs: STOP_GRACE_MS,
    isGroupKill: false,
    onStopped: (s, outcome) => {
      if (outcome === 0) step(`  ${s.name} stopped (exit 0)`);
      else
        console.error(
          paint(
            '31',
            `✗ ${s.name} stopped with ${typeof outcome === 'string' ? outcome : `exit ${outcome}`}`,
          ),
        );
    },
  });
  process.exit(isClean ? exitCode : exitCode || 1);
}

/** Idempotent: npm, tsx and the terminal may each deliver a signal for one Ctrl-C. */
function stopAll(exitCode: number): Promise<never> {
  stopping ??= stopInOrder(exitCode);
  return stopping;
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
// Detached children do not die with their parent's process group; if this process ends some other way (an
// exception, process.exit above), take them along.
process.on('exit', () => {
  for (const s of services) if (isRunning(s.child)) s.child.kill('SIGKILL');
});

if (isWebEnabled && !existsSync(join(WEB_DIR, env.NEXT_DIST_DIR || '.next', 'BUILD_ID'))) {
  step('Building the web app (first start only; `npm run build -w @truck4u/web` rebuilds it)');
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: WEB_DIR,
    env: { ...env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  if (build.status !== 0) fail('The web app did not build (see above).');
}

step('Starting the SMS, Flouci and push stand-ins, the worker and the api');
for (const service of services) start(service);

const reachableHost = ['0.0.0.0', '::'].includes(config.http.host) ? '127.0.0.1' : config.http.host;
const localUrl = `http://${reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost}:${config.http.port}`;
/** Waits for `url` to answer 2xx; on a timeout stops everything. While stopping it never returns. */
async function waitForAnswer(what: string, url: string): Promise<void> {
  const isReady = await pollUntil(async () => {
    if (stopping) await new Promise(() => {});
    return (await fetch(url)).ok;
  }, READY_TIMEOUT_MS);
  if (stopping) await new Promise(() => {});
  if (!isReady) {
    console.error(paint('31', `✗ ${what} within ${READY_TIMEOUT_MS / 1000} s`));
    await stopAll(1);
  }
}

await waitForAnswer('the api did not become ready', `${localUrl}/health/ready`);

// The address the api allows for sockets and sends Flouci payers back to: open the web app there.
const webUrl = env.FRONTEND_URL;
if (isWebEnabled) {
  const web: Service = {
    name: 'web',
    script: 'server.mjs',
    cwd: WEB_DIR,
    order: 1,
    env: {
      NODE_ENV: 'production',
      PORT: String(webPort),
      API_URL: localUrl,
      HOST: env.WEB_HOST ?? config.http.host,
    },
  };
  services.push(web);
  start(web);
  await waitForAnswer('the web app did not answer', `http://127.0.0.1:${webPort}/fr/login`);
}

// Let the worker and api finish their start-up lines so the banner is the last thing on screen.
const quietDeadline = Date.now() + MAX_WAIT_FOR_QUIET_MS;
while (Date.now() - lastOutputAt < QUIET_BEFORE_BANNER_MS && Date.now() < quietDeadline) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
if (stopping) await new Promise(() => {});

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const seedSummary =
  seeded.admins + seeded.customers + seeded.drivers === 0
    ? 'demo accounts already present'
    : `added ${plural(seeded.admins, 'admin')}, ${plural(seeded.customers, 'customer')}, ${plural(seeded.drivers, 'driver')}`;
const rule = paint('32', '━'.repeat(72));
const drivers = DEMO_ACCOUNTS.drivers.map((d) => `${d.phone} ${d.name}`).join('\n              ');
console.log(`
${rule}
${paint('1;32', '✓ Truck4u is running')}
${isWebEnabled ? `  Web app        ${webUrl} (customers: /fr/app, drivers: /fr/driver; also /ar and /en)\n` : ''}  Database       migrations: ${describeMigrations(migrations)}
                 seed: ${seedSummary}
  API            ${localUrl} (index of links at /)
  API docs       ${localUrl}/docs
  Queues         ${localUrl}/admin/queues (admin session cookie: see README, "Queue board")
  Metrics        ${localUrl}/metrics (loopback only unless METRICS_TOKEN is set)
  SMS stand-in   ${config.sms.baseUrl}/__stand-in/messages (codes sent by SMS land here)
  Flouci         ${config.flouci.baseUrl}/__stand-in/payments (open a payment's redirectUrl to pay)
  Push stand-in  ${config.push.baseUrl}/__stand-in/pushes (notifications to users without a socket)

  Demo accounts (password "${DEMO_PASSWORD}"; log in with role, phone and password):
    admin     ${DEMO_ACCOUNTS.admin.phone} ${DEMO_ACCOUNTS.admin.name}
    customer  ${DEMO_ACCOUNTS.customers.map((c) => `${c.phone} ${c.name}`).join(', ')}
    driver    ${drivers}

  Watch the marketplace move: npm run simulate (in another terminal)
  Stop: Ctrl-C
${rule}
`);
