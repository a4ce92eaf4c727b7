import type { FastifyBaseLogger } from 'fastify';

/**
 * Runs `close` once on SIGTERM or SIGINT, and exits. A second signal, or the grace period running out,
 * exits at once: an orchestrator that asked politely twice wants the process gone.
 */
export function onShutdownSignal(log: FastifyBaseLogger, graceMs: number, close: () => Promise<void>): void {
  let isClosing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (isClosing) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    isClosing = true;
    log.info({ signal }, 'shutting down gracefully');
    const timer = setTimeout(() => {
      log.error('graceful shutdown timed out');
      process.exit(1);
    }, graceMs);
    timer.unref();
    close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
