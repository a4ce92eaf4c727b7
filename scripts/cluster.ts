/**
 * `npm run cluster`: the production shape on one machine. nginx (installed with apt when missing) in front of
 * three api instances and the web app, two workers, the SMS/Flouci/push stand-ins, a dedicated Redis
 * (appendonly, noeviction) on its own port and its own database in the shared PostgreSQL. The api and worker
 * run the compiled JavaScript under NODE_ENV=production, with secrets generated once into .stack/cluster/.
 * Prints the URLs; Ctrl-C stops everything. docs/DEPLOYMENT.md describes it.
 *
 * Like scripts/start-stack.ts, this orchestrator reads the environment: it hands one set of settings to every
 * process it starts.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
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
import { writeNginxPrefix } from '../deploy/nginx/nginx-conf';
import { ensureNginx } from './ensure-nginx';
import {
  isRunning,
  pipeLines,
  pollUntil,
  signalGroup,
  spawnInGroup,
  stopInOrder as stopServices,
} from './process-supervisor';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const API_DIR = join(ROOT, 'apps/api');
const WEB_DIR = join(ROOT, 'apps/web');
const STATE_DIR = join(ROOT, '.stack/cluster');
const STOP_GRACE_MS = 15_000;
const READY_TIMEOUT_MS = 90_000;

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PORTS = {
  nginx: port('CLUSTER_PORT', 8088),
  apis: [3481, 3482, 3483],
  workers: [9481, 9482],
  web: 3490,
  redis: port('CLUSTER_REDIS_PORT', 6390),
  sms: 4181,
  flouci: 4182,
  push: 4183,
};
const DATABASE_NAME = 'truck4u_cluster';
const POSTGRES_SERVER = process.env.CLUSTER_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

const isColoured = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code: string, text: string) => (isColoured ? `\x1b[${code}m${text}\x1b[0m` : text);
const step = (message: string) => console.log(`${paint('36', '▸')} ${message}`);
function fail(message: string): never {
  console.error(paint('31', `✗ ${message}`));
  process.exit(1);
}

/** Secrets survive restarts (sessions stay valid) but are never the example values production refuses. */
function loadOrCreateSecrets(): Record<string, string> {
  const path = join(STATE_DIR, 'secrets.env');
  if (!existsSync(path)) {
    const secret = () => randomBytes(32).toString('base64url');
    writeFileSync(
      path,
      `JWT_SECRET=${secret()}\nOTP_SECRET=${secret()}\nFLOUCI_APP_SECRET=${secret()}\nMETRICS_TOKEN=${secret()}\n`,
      { mode: 0o600 },
    );
  }
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

mkdirSync(STATE_DIR, { recursive: true });
const secrets = loadOrCreateSecrets();
const publicUrl = `http://127.0.0.1:${PORTS.nginx}`;

/** What every api, worker and stand-in gets; per-process keys (PORT, WORKER_METRICS_PORT) are added below. */
const env: Record<string, string> = {
  ...(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >),
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  LOG_FORMAT: 'json',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  TRUST_PROXY: 'true',
  FRONTEND_URL: publicUrl,
  PUBLIC_API_URL: publicUrl,
  DATABASE_URL: `${POSTGRES_SERVER}/${DATABASE_NAME}`,
  DATABASE_POOL_MAX: '5',
  REDIS_URL: `redis://127.0.0.1:${PORTS.redis}`,
  REDIS_KEY_PREFIX: '',
  TWILIO_BASE_URL: `http://127.0.0.1:${PORTS.sms}`,
  FLOUCI_BASE_URL: `http://127.0.0.1:${PORTS.flouci}`,
  EXPO_PUSH_BASE_URL: `http://127.0.0.1:${PORTS.push}`,
  ...secrets,
};

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(env);
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}

// The same settings for whoever wants to talk to this cluster from a shell (benchmarks, the simulator, psql).
writeFileSync(
  join(STATE_DIR, 'cluster.env'),
  `${[
    'NODE_ENV',
    'DATABASE_URL',
    'REDIS_URL',
    'JWT_SECRET',
    'OTP_SECRET',
    'FLOUCI_APP_SECRET',
    'METRICS_TOKEN',
    'TWILIO_BASE_URL',
    'FLOUCI_BASE_URL',
    'EXPO_PUSH_BASE_URL',
  ]
    .map((key) => `${key}=${env[key]}`)
    .join('\n')}\nBENCH_API_URL=${publicUrl}\nCLUSTER_API_PORTS=${PORTS.apis.join(',')}\n`,
  { mode: 0o600 },
);

interface Service {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** Stopped in increasing order: the balancer first, the data store last. */
  order: number;
  child?: ChildProcess;
}
const services: Service[] = [];
let stopping: Promise<never> | undefined;

function start(service: Service): void {
  // Each child leads its own process group: Ctrl-C reaches only this orchestrator, which stops them in order.
  const child = spawnInGroup({ ...service, env: { ...env, ...service.env } });
  service.child = child;
  services.push(service);
  writeFileSync(PIDS_FILE, services.map((s) => s.child?.pid ?? '').join(' '));
  pipeLines(child.stdout, process.stdout, paint('2', `[${service.name}]`));
  pipeLines(child.stderr, process.stderr, paint('2', `[${service.name}]`));
  child.on('error', (error) => {
    console.error(paint('31', `✗ ${service.name} could not start: ${error.message}`));
    void stopAll(1);
  });
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
    // nginx: SIGQUIT is its graceful stop; SIGTERM would drop connections in flight.
    stopSignal: (s) => (s.name === 'nginx' ? 'SIGQUIT' : 'SIGTERM'),
    isGroupKill: true,
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
  rmSync(PIDS_FILE, { force: true });
  process.exit(isClean ? exitCode : exitCode || 1);
}

function stopAll(exitCode: number): Promise<never> {
  stopping ??= stopInOrder(exitCode);
  return stopping;
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
process.on('exit', () => {
  // nginx's workers are in the master's process group: kill the group, not just the leader.
  for (const s of services) if (isRunning(s.child)) signalGroup(s.child, 'SIGKILL');
});

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  const isReady = await pollUntil(async () => {
    if (await check().catch(() => false)) return true;
    if (stopping) await new Promise(() => {});
    return false;
  }, READY_TIMEOUT_MS);
  if (!isReady) {
    console.error(paint('31', `✗ ${what} did not become ready within ${READY_TIMEOUT_MS / 1000} s`));
    await stopAll(1);
  }
}
const answers = (url: string) => async () => (await fetch(url)).ok;

/**
 * The children's pids, kept while the cluster runs: if this process is killed outright (SIGKILL, a crash of the
 * machine's session) its detached children live on, and the next start names them instead of guessing.
 */
const PIDS_FILE = join(STATE_DIR, 'pids');
function recordedPids(): number[] {
  if (!existsSync(PIDS_FILE)) return [];
  return readFileSync(PIDS_FILE, 'utf8').split(/\s+/).filter(Boolean).map(Number);
}
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A port someone else holds would answer our health checks with their process: refuse to start instead. */
async function isPortFree(candidate: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(candidate, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
const allPorts = [
  PORTS.nginx,
  ...PORTS.apis,
  ...PORTS.workers,
  PORTS.web,
  PORTS.redis,
  PORTS.sms,
  PORTS.flouci,
  PORTS.push,
];
const taken = (await Promise.all(allPorts.map(async (p) => ((await isPortFree(p)) ? null : p)))).filter(
  (p) => p !== null,
);
if (taken.length > 0) {
  const leftovers = recordedPids().filter(isAlive);
  fail(
    `Port(s) ${taken.join(', ')} already in use; the cluster needs ${allPorts.join(', ')}.${
      leftovers.length > 0
        ? ` Processes an earlier \`npm run cluster\` started are still running; if it is not running any more (killed outright), stop them: kill ${leftovers.join(' ')}`
        : ' Another cluster may be running.'
    }`,
  );
}

let nginxBinary = '';
try {
  nginxBinary = ensureNginx(step);
} catch (error) {
  fail((error as Error).message);
}

step('Checking PostgreSQL');
const servicesCheck = spawnSync('bash', [join(ROOT, 'scripts/ensure-services.sh')], {
  // Only the shared Postgres is checked here: the cluster's Redis is started below.
  env: { ...process.env, DATABASE_URL: config.database.url },
  stdio: 'inherit',
});
if (servicesCheck.status !== 0) fail('PostgreSQL is not available (see above).');

step(`Building the api and worker (compiled JavaScript, apps/api/dist)`);
if (spawnSync('npm', ['run', 'build', '-w', '@truck4u/api'], { cwd: ROOT, stdio: 'inherit' }).status !== 0)
  fail('The api did not build (see above).');
if (!existsSync(join(WEB_DIR, env.NEXT_DIST_DIR || '.next', 'BUILD_ID'))) {
  step('Building the web app (first start only; `npm run build -w @truck4u/web` rebuilds it)');
  if (spawnSync('npm', ['run', 'build', '-w', '@truck4u/web'], { cwd: ROOT, stdio: 'inherit' }).status !== 0)
    fail('The web app did not build (see above).');
}

const redisDir = join(STATE_DIR, 'redis');
mkdirSync(redisDir, { recursive: true });
step(`Starting Redis on ${PORTS.redis} (appendonly yes, maxmemory-policy noeviction)`);
start({
  name: 'redis',
  command: 'redis-server',
  args: [
    '--port',
    String(PORTS.redis),
    '--bind',
    '127.0.0.1',
    '--dir',
    redisDir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    // BullMQ needs its keys kept: a full Redis must refuse writes, never evict a job.
    '--maxmemory',
    '512mb',
    '--maxmemory-policy',
    'noeviction',
    '--save',
    '',
  ],
  cwd: redisDir,
  order: 4,
});
await waitFor('Redis', async () => {
  const ping = spawnSync('redis-cli', ['-p', String(PORTS.redis), 'ping'], { encoding: 'utf8' });
  return ping.stdout.trim() === 'PONG';
});

step(`Preparing database ${DATABASE_NAME}`);
let migrations: MigrationReport = { applied: [], alreadyApplied: 0 };
let seeded: DemoSeedReport = { admins: 0, customers: 0, drivers: 0 };
try {
  if (await ensureDatabaseExists(config.database.url)) step('  created it');
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

step('Starting the stand-ins, 2 workers and 3 api instances');
const tsx = ['--import', 'tsx'];
for (const name of ['sms', 'flouci', 'push'])
  start({
    name,
    command: process.execPath,
    args: [...tsx, `src/cli/${name}-stand-in.cli.ts`],
    cwd: API_DIR,
    order: 3,
  });
for (const [i, metricsPort] of PORTS.workers.entries())
  start({
    name: `worker-${i + 1}`,
    command: process.execPath,
    args: ['dist/worker.js'],
    cwd: API_DIR,
    env: { WORKER_METRICS_PORT: String(metricsPort) },
    order: 2,
  });
for (const [i, apiPort] of PORTS.apis.entries())
  start({
    name: `api-${i + 1}`,
    command: process.execPath,
    args: ['dist/main.js'],
    cwd: API_DIR,
    env: { PORT: String(apiPort) },
    order: 1,
  });
start({
  name: 'web',
  command: process.execPath,
  args: ['server.mjs'],
  cwd: WEB_DIR,
  // Server-side calls of the web app go through the balancer too.
  env: { PORT: String(PORTS.web), HOST: '127.0.0.1', API_URL: publicUrl },
  order: 1,
});
for (const [i, apiPort] of PORTS.apis.entries())
  await waitFor(`api-${i + 1}`, answers(`http://127.0.0.1:${apiPort}/health/ready`));
for (const [i, metricsPort] of PORTS.workers.entries())
  await waitFor(`worker-${i + 1}`, answers(`http://127.0.0.1:${metricsPort}/health/ready`));

const nginxPrefix = join(STATE_DIR, 'nginx');
const nginxConf = writeNginxPrefix({
  prefix: nginxPrefix,
  listenPort: PORTS.nginx,
  apiPorts: PORTS.apis,
  webPort: PORTS.web,
});
const test = spawnSync(nginxBinary, ['-t', '-p', nginxPrefix, '-c', nginxConf], { encoding: 'utf8' });
if (test.status !== 0) {
  console.error(test.stderr);
  await stopAll(1);
}
step(`Starting nginx on ${PORTS.nginx}`);
start({
  name: 'nginx',
  command: nginxBinary,
  args: ['-p', nginxPrefix, '-c', nginxConf],
  cwd: nginxPrefix,
  order: 0,
});
await waitFor('nginx', answers(`${publicUrl}/health/ready`));
await waitFor('the web app', answers(`${publicUrl}/fr/login`));
if (stopping) await new Promise(() => {});

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const seedSummary =
  seeded.admins + seeded.customers + seeded.drivers === 0
    ? 'demo accounts already present'
    : `added ${plural(seeded.admins, 'admin')}, ${plural(seeded.customers, 'customer')}, ${plural(seeded.drivers, 'driver')}`;
const rule = paint('32', '━'.repeat(72));
console.log(`
${rule}
${paint('1;32', '✓ Truck4u cluster is running')} (NODE_ENV=production, compiled JavaScript)
  Entry (nginx)  ${publicUrl}  web app, /api, /socket.io, /health, /docs, /admin/queues
  API docs       ${publicUrl}/docs
  Api instances  ${PORTS.apis.map((p) => `http://127.0.0.1:${p}`).join('  ')}
  Workers        ${PORTS.workers.map((p) => `http://127.0.0.1:${p}/health/ready`).join('  ')}
  Metrics        /metrics on every api and worker port (Authorization: Bearer $METRICS_TOKEN)
  Web app        http://127.0.0.1:${PORTS.web} (behind nginx; open ${publicUrl}/fr/login)
  Redis          redis://127.0.0.1:${PORTS.redis} (appendonly yes, noeviction; data in .stack/cluster/redis)
  Database       ${config.database.url}: migrations ${describeMigrations(migrations)}; seed: ${seedSummary}
  Stand-ins      SMS ${config.sms.baseUrl}/__stand-in/messages  Flouci ${config.flouci.baseUrl}/__stand-in/payments
  Settings       .stack/cluster/cluster.env (secrets: .stack/cluster/secrets.env), for the bench and scripts

  Demo accounts (password "${DEMO_PASSWORD}"): admin ${DEMO_ACCOUNTS.admin.phone}, customer ${DEMO_ACCOUNTS.customers[0]?.phone ?? '?'}, driver ${DEMO_ACCOUNTS.drivers[0]?.phone ?? '?'}
  Benchmark      set -a; . .stack/cluster/cluster.env; set +a; npm run bench -- cluster
  Stop: Ctrl-C
${rule}
`);
