import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { TestEnvironment } from './test-environment';

const apiRoot = fileURLToPath(new URL('..', import.meta.url));

/** The worker as a real process (what `npm run start:worker` runs), so a test can kill it with SIGKILL. */
export function startWorkerProcess(env: TestEnvironment, overrides: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
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

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await once(child, 'exit');
}
