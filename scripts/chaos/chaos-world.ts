import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  type WriteStream,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNginxPrefix } from '../../deploy/nginx/nginx-conf';
import { exited, isRunning, pollUntil, signalGroup, spawnInGroup } from '../process-supervisor';
import { TcpProxy } from './tcp-proxy';

/**
 * The chaos run's own world on loopback, so it never touches the shared Postgres and Redis other tests use:
 * a Postgres cluster made with initdb in a temp directory, a redis-server (appendonly, noeviction), api and
 * worker processes each in its own process group, and a TCP proxy on every link (each process to Postgres,
 * each process to Redis, clients to the api instances). `destroy()` removes all of it; it is safe to call twice.
 */
const PG_BIN = process.env.CHAOS_PG_BIN ?? '/usr/lib/postgresql/15/bin';

const OWNER_FILE = 'owner.json';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Removes the worlds of earlier runs whose orchestrator died without cleaning up. */
function reapOrphans(log: (message: string) => void): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith('truck4u-chaos-')) continue;
    const dir = join(tmpdir(), name);
    let owner: { pid: number; groups: number[] };
    try {
      owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as typeof owner;
    } catch {
      continue;
    }
    if (isAlive(owner.pid)) continue;
    log(`removing the world of a chaos run that died (orchestrator pid ${owner.pid}): ${dir}`);
    for (const group of owner.groups) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (existsSync(join(dir, 'pg', 'postmaster.pid'))) {
      const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
      const [command, ...rest] = [
        ...asPostgres,
        join(PG_BIN, 'pg_ctl'),
        '-D',
        join(dir, 'pg'),
        '-m',
        'immediate',
        'stop',
      ];
      spawnSync(command as string, rest);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  if (!(await pollUntil(check, timeoutMs))) throw new Error(`${what} not ready within ${timeoutMs / 1000} s`);
}

export type ProcessKind = 'api' | 'worker';

export interface AppProcess {
  name: string;
  kind: ProcessKind;
  /** The api's HTTP port, or the worker's health port. */
  port: number;
  pgLink: TcpProxy;
  redisLink: TcpProxy;
  child?: ChildProcess;
  isPaused: boolean;
  /** Set while the orchestrator means the process to be down (killed, not yet restarted). */
  isDown: boolean;
}

export interface WorldOptions {
  apis: number;
  workers: number;
  /** Extra environment for every api and worker (timings made short for the run). */
  appEnv: Record<string, string>;
  /** Run the compiled build (apps/api/dist) instead of the sources through tsx. */
  isCompiled: boolean;
  root: string;
  log: (message: string) => void;
  /** Balance through nginx (this binary, deploy/nginx/nginx-conf.ts) instead of the Node TCP balancer. */
  nginxBinary?: string;
}

export class ChaosWorld {
  readonly dir: string;
  readonly pgPort: number;
  readonly redisPort: number;
  readonly databaseUrl: string;
  readonly processes: AppProcess[] = [];
  private balancerPort = 0;
  private nginx?: ChildProcess;
  private redis?: ChildProcess;
  private readonly proxies: TcpProxy[] = [];
  private readonly logs: WriteStream[] = [];
  private isDestroyed = false;

  private constructor(
    private readonly options: WorldOptions,
    ports: { pg: number; redis: number },
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'truck4u-chaos-'));
    this.pgPort = ports.pg;
    this.redisPort = ports.redis;
    this.databaseUrl = `postgres://postgres@127.0.0.1:${this.pgPort}/truck4u_chaos`;
  }

  static async create(options: WorldOptions): Promise<ChaosWorld> {
    reapOrphans(options.log);
    return new ChaosWorld(options, { pg: await freePort(), redis: await freePort() });
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.balancerPort}`;
  }

  /** What balances the api instances: nginx, or the Node TCP balancer where nginx is not installed. */
  get balancerKind(): 'nginx' | 'tcp' {
    return this.options.nginxBinary ? 'nginx' : 'tcp';
  }

  get logDir(): string {
    return join(this.dir, 'logs');
  }

  /**
   * Who owns this world, and the process groups it started: if the orchestrator itself is killed outright
   * (SIGKILL, no handler runs), the next run finds the directory and stops what it lists.
   */
  private recordOwner(): void {
    const groups = [...this.processes.map((p) => p.child?.pid), this.redis?.pid, this.nginx?.pid].filter(
      (pid): pid is number => typeof pid === 'number',
    );
    writeFileSync(join(this.dir, OWNER_FILE), JSON.stringify({ pid: process.pid, groups }));
  }

  // ---- Postgres -------------------------------------------------------------------------------------------

  private pgCtl(...args: string[]) {
    // initdb and postgres refuse to run as root: run them as the postgres user when we are root.
    const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
    const [command, ...rest] = [...asPostgres, join(PG_BIN, 'pg_ctl'), ...args];
    return spawnSync(command as string, rest, { encoding: 'utf8' });
  }

  private get pgData(): string {
    return join(this.dir, 'pg');
  }

  async startPostgres(isFirst: boolean): Promise<void> {
    if (isFirst) {
      if (process.getuid?.() === 0) spawnSync('chown', ['postgres', this.dir]);
      const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
      const [command, ...rest] = [
        ...asPostgres,
        join(PG_BIN, 'initdb'),
        '-D',
        this.pgData,
        '-U',
        'postgres',
        '--auth=trust',
        '-E',
        'UTF8',
        '--no-sync',
      ];
      const init = spawnSync(command as string, rest, { encoding: 'utf8' });
      if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    }
    // Durable settings (fsync on) would only slow a run that throws its data away; crash safety of the
    // app is what is tested, not Postgres's own.
    const started = this.pgCtl(
      '-D',
      this.pgData,
      '-l',
      join(this.dir, 'postgres.log'),
      '-o',
      `-p ${this.pgPort} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      '-w',
      '-t',
      '60',
      'start',
    );
    if (started.status !== 0) throw new Error(`pg_ctl start failed: ${started.stderr}${started.stdout}`);
  }

  /** Stops Postgres the hard way (like a crash: no checkpoint, recovery on the next start). */
  stopPostgres(): void {
    if (existsSync(join(this.pgData, 'postmaster.pid')))
      this.pgCtl('-D', this.pgData, '-m', 'immediate', '-w', 'stop');
  }

  // ---- Redis ----------------------------------------------------------------------------------------------

  async startRedis(): Promise<void> {
    const dir = join(this.dir, 'redis');
    spawnSync('mkdir', ['-p', dir]);
    this.redis = spawn(
      'redis-server',
      [
        '--port',
        String(this.redisPort),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--maxmemory',
        '256mb',
        '--maxmemory-policy',
        'noeviction',
        '--save',
        '',
      ],
      { detached: true, stdio: 'ignore' },
    );
    this.recordOwner();
    await waitUntil(
      'Redis',
      async () =>
        spawnSync('redis-cli', ['-p', String(this.redisPort), 'ping'], { encoding: 'utf8' }).stdout.trim() ===
        'PONG',
      30_000,
    );
  }

  /** SIGKILL then start again from the append-only file: jobs written more than ~1 s ago must survive. */
  async restartRedis(downMs: number): Promise<void> {
    const old = this.redis;
    if (old?.pid) {
      signalGroup(old, 'SIGKILL');
      await exited(old);
    }
    await sleep(downMs);
    await this.startRedis();
  }

  // ---- api and worker processes ---------------------------------------------------------------------------

  async startAll(): Promise<void> {
    const { apis, workers } = this.options;
    // The balancer first: its address is the api's public URL (Flouci's webhook is sent there).
    // nginx's port is picked with the processes' ports below, once every proxy listens.
    if (!this.options.nginxBinary) {
      const apiPorts = () => this.processes.filter((p) => p.kind === 'api' && !p.isDown).map((p) => p.port);
      const balancer = new TcpProxy('balancer', apiPorts);
      this.proxies.push(balancer);
      this.balancerPort = await balancer.listen();
    }
    for (let i = 0; i < workers; i++) await this.addProcess('worker', `worker-${i + 1}`);
    for (let i = 0; i < apis; i++) await this.addProcess('api', `api-${i + 1}`);
    // Ports for the processes only once every proxy of this orchestrator listens: a port handed out earlier
    // could be taken by a later proxy's listen(0), and the process would never start ("already in use").
    if (this.options.nginxBinary) this.balancerPort = await freePort();
    const taken = new Set<number>([this.balancerPort]);
    for (const p of this.processes) {
      do p.port = await freePort();
      while (taken.has(p.port));
      taken.add(p.port);
    }
    for (const p of this.processes) this.spawnProcess(p);
    await Promise.all(this.processes.map((p) => this.waitReady(p)));
    if (this.options.nginxBinary) await this.startNginx(this.options.nginxBinary);
  }

  /**
   * nginx in front of the api instances, configured as `npm run cluster` configures it. A killed instance keeps
   * its port when it comes back, so the upstream list never changes; nginx skips a refusing one by itself.
   */
  private async startNginx(binary: string): Promise<void> {
    const prefix = join(this.dir, 'nginx');
    const conf = writeNginxPrefix({
      prefix,
      listenPort: this.balancerPort,
      apiPorts: this.processes.filter((p) => p.kind === 'api').map((p) => p.port),
    });
    if (!existsSync(this.logDir)) mkdirSync(this.logDir, { recursive: true });
    const log = createWriteStream(join(this.logDir, 'nginx.log'), { flags: 'a' });
    this.logs.push(log);
    const child = spawnInGroup({
      name: 'nginx',
      command: binary,
      args: ['-p', prefix, '-c', conf],
      cwd: prefix,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.nginx = child;
    this.recordOwner();
    const ready = await pollUntil(async () => (await fetch(`${this.apiUrl}/health/live`)).ok, 20_000);
    if (!ready)
      throw new Error(`nginx did not answer on ${this.apiUrl} (see ${join(this.logDir, 'nginx.log')})`);
  }

  private async addProcess(kind: ProcessKind, name: string): Promise<void> {
    const pgLink = new TcpProxy(`${name}→postgres`, () => [this.pgPort]);
    const redisLink = new TcpProxy(`${name}→redis`, () => [this.redisPort]);
    await pgLink.listen();
    await redisLink.listen();
    this.proxies.push(pgLink, redisLink);
    const process_: AppProcess = {
      name,
      kind,
      port: 0,
      pgLink,
      redisLink,
      isPaused: false,
      isDown: false,
    };
    this.processes.push(process_);
  }

  private spawnProcess(p: AppProcess): void {
    const apiDir = join(this.options.root, 'apps/api');
    const entry = p.kind === 'api' ? 'main' : 'worker';
    const args = this.options.isCompiled ? [`dist/${entry}.js`] : ['scripts/start.mjs', entry];
    if (!existsSync(this.logDir)) spawnSync('mkdir', ['-p', this.logDir]);
    const log = createWriteStream(join(this.logDir, `${p.name}.log`), { flags: 'a' });
    this.logs.push(log);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      TZ: 'UTC',
      NODE_ENV: this.options.isCompiled ? 'production' : 'development',
      HOST: '127.0.0.1',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      DATABASE_URL: `postgres://postgres@127.0.0.1:${p.pgLink.port}/truck4u_chaos`,
      REDIS_URL: `redis://127.0.0.1:${p.redisLink.port}`,
      PUBLIC_API_URL: this.apiUrl,
      ...this.options.appEnv,
      ...(p.kind === 'api' ? { PORT: String(p.port) } : { WORKER_METRICS_PORT: String(p.port) }),
    };
    const child = spawnInGroup({ name: p.name, command: process.execPath, args, cwd: apiDir, env });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    p.child = child;
    this.recordOwner();
    p.isPaused = false;
    child.on('exit', (code, signal) => {
      if (p.child !== child || this.isDestroyed) return;
      // A death the orchestrator did not cause is worth a line; it is restarted like a killed one.
      if (!p.isDown) {
        this.options.log(`${p.name} exited by itself (${signal ?? `code ${code}`}); restarting it`);
        p.isDown = true;
        setTimeout(() => {
          if (!this.isDestroyed) void this.restart(p).catch(() => {});
        }, 1_000);
      }
    });
  }

  async waitReady(p: AppProcess, timeoutMs = 120_000): Promise<void> {
    await waitUntil(
      p.name,
      async () =>
        (await fetch(`http://127.0.0.1:${p.port}/health/live`, { signal: AbortSignal.timeout(2_000) })).ok,
      timeoutMs,
    );
  }

  private signal(p: AppProcess, signal: NodeJS.Signals): void {
    signalGroup(p.child, signal);
  }

  /** SIGKILL to the whole process group (tsx's loader child too). */
  async kill(p: AppProcess): Promise<void> {
    p.isDown = true;
    const child = p.child;
    if (p.isPaused) this.signal(p, 'SIGCONT');
    this.signal(p, 'SIGKILL');
    if (isRunning(child)) await exited(child);
  }

  async restart(p: AppProcess): Promise<void> {
    if (this.isDestroyed) return;
    this.spawnProcess(p);
    await this.waitReady(p);
    p.isDown = false;
  }

  pause(p: AppProcess): void {
    this.signal(p, 'SIGSTOP');
    p.isPaused = true;
  }

  resume(p: AppProcess): void {
    this.signal(p, 'SIGCONT');
    p.isPaused = false;
  }

  /** Stops everything this world started and removes its directory. */
  async destroy(): Promise<void> {
    if (this.isDestroyed) return;
    this.isDestroyed = true;
    for (const p of this.processes) {
      this.signal(p, 'SIGCONT');
      this.signal(p, 'SIGKILL');
    }
    signalGroup(this.redis, 'SIGKILL');
    signalGroup(this.nginx, 'SIGKILL');
    await Promise.all(this.proxies.map((proxy) => proxy.close().catch(() => {})));
    this.stopPostgres();
    for (const log of this.logs) log.end();
    if (!process.env.CHAOS_KEEP_DIR) rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous last resort for `process.on('exit')`: no awaiting possible there. */
  destroySync(): void {
    if (this.isDestroyed) return;
    this.isDestroyed = true;
    for (const p of this.processes) {
      this.signal(p, 'SIGCONT');
      this.signal(p, 'SIGKILL');
    }
    signalGroup(this.redis, 'SIGKILL');
    signalGroup(this.nginx, 'SIGKILL');
    this.stopPostgres();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
