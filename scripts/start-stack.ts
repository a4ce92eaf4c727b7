/**
 * `npm start`: the whole backend on one machine with demo data. Checks (and if needed starts) PostgreSQL and
 * Redis, creates the database, migrates, seeds, then runs the local SMS and Flouci stand-ins, one api and one worker
 * as child processes, waits until the api is ready and prints where everything is. Ctrl-C stops it all.
 *
 * This orchestrator is the one place outside the api's config module that reads the environment: it has to,
 * to hand the same settings (plus `.env`, when present) to every process it starts.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createDatabase,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  ensureDatabaseExists,
  runMigrations,
  seedDemoAccounts,
  seedReferenceData,
} from '@truck4u/database';
import { ConfigError, loadConfig } from '../apps/api/src/config/config';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const API_DIR = join(ROOT, 'apps/api');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const STOP_GRACE_MS = 15_000;
const READY_TIMEOUT_MS = 60_000;

interface Service {
  name: string;
  script: string;
  /** Stand-ins stop last, so the api and worker never lose a provider mid-request. */
  order: number;
  child?: ChildProcess;
}

const services: Service[] = [
  { name: 'sms', script: 'src/cli/sms-stand-in.cli.ts', order: 2 },
  { name: 'flouci', script: 'src/cli/flouci-stand-in.cli.ts', order: 2 },
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

function step(message: string): void {
  console.log(`\x1b[36m▸\x1b[0m ${message}`);
}

function fail(message: string): never {
  console.error(`\x1b[31m✗ ${message}\x1b[0m`);
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
try {
  if (await ensureDatabaseExists(config.database.url)) step('  created it');
  await runMigrations(config.database.url);
  const handle = createDatabase({ url: config.database.url, maxConnections: 1 });
  try {
    await seedReferenceData(handle.db);
    await seedDemoAccounts(handle.db);
  } finally {
    await handle.close();
  }
} catch (error) {
  fail(`Could not prepare the database: ${error instanceof Error ? error.message : String(error)}`);
}

let stopping = false;

function prefixLines(name: string, stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) out.write(`\x1b[2m[${name}]\x1b[0m ${line}\n`);
  });
}

function start(service: Service): void {
  const child = spawn(TSX, [service.script], {
    cwd: API_DIR,
    env: { ...env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  service.child = child;
  prefixLines(service.name, child.stdout, process.stdout);
  prefixLines(service.name, child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(
      `\x1b[31m✗ ${service.name} exited (${signal ?? `code ${code}`}); stopping everything\x1b[0m`,
    );
    void stopAll(1);
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopAll(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    step('Stopping');
    for (const order of [1, 2]) {
      const group = services.filter((s) => s.order === order && s.child);
      for (const s of group) s.child?.kill('SIGTERM');
      const timer = setTimeout(() => {
        for (const s of group) s.child?.kill('SIGKILL');
      }, STOP_GRACE_MS);
      await Promise.all(group.map((s) => (s.child ? exited(s.child) : undefined)));
      clearTimeout(timer);
    }
  }
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

step('Starting the SMS and Flouci stand-ins, the worker and the api');
for (const service of services) start(service);

const localUrl = `http://127.0.0.1:${config.http.port}`;
const deadline = Date.now() + READY_TIMEOUT_MS;
for (;;) {
  try {
    const response = await fetch(`${localUrl}/health/ready`);
    if (response.ok) break;
  } catch {
    // not listening yet
  }
  if (stopping) await new Promise(() => {});
  if (Date.now() > deadline) {
    console.error(`\x1b[31m✗ the api did not become ready within ${READY_TIMEOUT_MS / 1000} s\x1b[0m`);
    await stopAll(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}

const drivers = DEMO_ACCOUNTS.drivers.map((d) => `${d.phone} ${d.name}`).join('\n              ');
console.log(`
\x1b[32m✓ Truck4u is running\x1b[0m
  API            ${localUrl}
  API docs       ${localUrl}/docs
  Queues         ${localUrl}/admin/queues (admin token)
  Metrics        ${localUrl}/metrics
  SMS stand-in   ${config.sms.baseUrl}/__stand-in/messages (codes sent by SMS land here)
  Flouci         ${config.flouci.baseUrl}/__stand-in/payments (open a payment's redirectUrl to pay)

  Demo accounts (password "${DEMO_PASSWORD}"):
    admin     ${DEMO_ACCOUNTS.admin.phone} ${DEMO_ACCOUNTS.admin.name}
    customers ${DEMO_ACCOUNTS.customers.map((c) => `${c.phone} ${c.name}`).join(', ')}
    drivers   ${drivers}

  Watch the marketplace move: npm run simulate (in another terminal)
  Stop: Ctrl-C
`);
