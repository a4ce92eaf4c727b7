import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { TestEnvironment } from './test-environment';

const apiRoot = fileURLToPath(new URL('..', import.meta.url));

/** An entry point of the api package as a real process on the environment's database and Redis prefix. */
function startEntryProcess(env: TestEnvironment, script: string, overrides: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: apiRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...env.processEnv,
      LOG_LEVEL: 'info',
      ...overrides,
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

/** The worker as a real process (what `npm run start:worker` runs), so a test can kill it with SIGKILL. */
export function startWorkerProcess(env: TestEnvironment, overrides: Record<string, string> = {}) {
  return startEntryProcess(env, 'src/worker.ts', overrides);
}

/** An api instance as a real process (what `npm run start:api` runs) on `port`, to be killed mid-request. */
export function startApiProcess(env: TestEnvironment, port: number, overrides: Record<string, string> = {}) {
  return startEntryProcess(env, 'src/main.ts', { HOST: '127.0.0.1', PORT: String(port), ...overrides });
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await once(child, 'exit');
}
