import type { Logger } from './logger';

type ShutdownLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

/**
 * Signals this close to the first count as the same request. Ctrl-C in a terminal sends SIGINT to every
 * process of the foreground group, and a supervisor in that group (`npm start`, concurrently, a shell
 * script) forwards its own SIGTERM a moment later: that is one person pressing Ctrl-C once.
 */
export const REPEATED_SIGNAL_WINDOW_MS = 2_000;

/**
 * The signal handler behind `onShutdownSignal`, with its exits and clock passed in so tests can drive it.
 * The first signal runs `close` once and exits 0 (1 on error or when `graceMs` runs out). A signal within
 * `repeatWindowMs` of the first is the same request; a later one exits at once: whoever asked politely
 * twice wants the process gone.
 */
export function createShutdownHandler(options: {
  log: ShutdownLogger;
  graceMs: number;
  close: () => Promise<void>;
  exit?: (code: number) => void;
  now?: () => number;
  repeatWindowMs?: number;
}): (signal: NodeJS.Signals) => void {
  const { log, graceMs, close } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const now = options.now ?? Date.now;
  const repeatWindowMs = options.repeatWindowMs ?? REPEATED_SIGNAL_WINDOW_MS;
  let firstSignalAt: number | undefined;
  return (signal) => {
    if (firstSignalAt !== undefined) {
      if (now() - firstSignalAt < repeatWindowMs) {
        log.info({ signal }, 'already shutting down');
        return;
      }
      log.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    firstSignalAt = now();
    log.info({ signal }, 'shutting down gracefully');
    const timer = setTimeout(() => {
      log.error({ graceMs }, 'graceful shutdown timed out');
      exit(1);
    }, graceMs);
    timer.unref();
    close()
      .then(() => {
        clearTimeout(timer);
        log.info({}, 'shutdown complete');
        exit(0);
      })
      .catch((error: unknown) => {
        clearTimeout(timer);
        log.error({ err: error }, 'error during shutdown');
        exit(1);
      });
  };
}

/** Runs `close` once on SIGTERM or SIGINT, then exits (see `createShutdownHandler`). */
export function onShutdownSignal(log: ShutdownLogger, graceMs: number, close: () => Promise<void>): void {
  const handler = createShutdownHandler({ log, graceMs, close });
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
