import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Child-process supervision shared by the orchestrators that run the system on one machine: `npm start`
 * (scripts/start-stack.ts), `npm run cluster` (scripts/cluster.ts) and the chaos run (scripts/chaos/chaos-world.ts).
 * Each child leads its own process group (detached), so a Ctrl-C reaches only the orchestrator, which stops the
 * children itself, in order, gracefully first; and a signal to the group reaches a child's own children too
 * (tsx's loader, nginx's workers).
 */

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/** Starts `spec` in its own process group, stdout and stderr piped (to `pipeLines` or a log file). */
export function spawnInGroup(spec: ProcessSpec): ChildProcess {
  return spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    detached: true,
    env: spec.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Writes each complete line of `stream` to `out` after `prefix`; `onData` hears every chunk. */
export function pipeLines(
  stream: NodeJS.ReadableStream | null,
  out: NodeJS.WritableStream,
  prefix: string,
  onData?: () => void,
): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    onData?.();
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) out.write(`${prefix} ${line}\n`);
  });
}

/** Resolves with the exit code, or the signal that ended the process. */
export function exited(child: ChildProcess): Promise<number | NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}

export const isRunning = (child: ChildProcess | undefined): child is ChildProcess =>
  child !== undefined && child.exitCode === null && child.signalCode === null;

/** A signal to the child's whole process group; a group already gone is not an error. */
export function signalGroup(child: ChildProcess | undefined, signal: NodeJS.Signals): void {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Polls `check` every 250 ms until it holds (true) or `timeoutMs` passes (false); a throw counts as not yet. */
export async function pollUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface Supervised {
  name: string;
  /** Stopped in increasing order (the balancer first, the providers and data stores last). */
  order: number;
  child?: ChildProcess;
}

export interface StopOptions<S extends Supervised> {
  /** How long a group has to exit after its stop signal before SIGKILL. */
  graceMs: number;
  /** The graceful stop signal (default SIGTERM; nginx's is SIGQUIT). */
  stopSignal?: (service: S) => NodeJS.Signals;
  /** SIGKILL the whole process group after the grace, or only the child. */
  isGroupKill: boolean;
  /** Told how each one ended: 0 is a clean stop. */
  onStopped: (service: S, outcome: number | NodeJS.Signals | null) => void;
}

/**
 * Stops every service, one `order` at a time: the stop signal, SIGKILL for whoever outlives the grace.
 * Resolves true when every one exited 0.
 */
export async function stopInOrder<S extends Supervised>(
  services: readonly S[],
  options: StopOptions<S>,
): Promise<boolean> {
  let isClean = true;
  for (const order of [...new Set(services.map((s) => s.order))].sort((a, b) => a - b)) {
    const group = services.filter((s) => s.order === order && s.child);
    for (const s of group) s.child?.kill(options.stopSignal?.(s) ?? 'SIGTERM');
    const timer = setTimeout(() => {
      for (const s of group) {
        if (options.isGroupKill) signalGroup(s.child, 'SIGKILL');
        else s.child?.kill('SIGKILL');
      }
    }, options.graceMs);
    await Promise.all(
      group.map(async (s) => {
        if (!s.child) return;
        const outcome = await exited(s.child);
        if (outcome !== 0) isClean = false;
        options.onStopped(s, outcome);
      }),
    );
    clearTimeout(timer);
  }
  return isClean;
}
