/**
 * Whether an error means Postgres or Redis was out of reach (a link reset, a restart, a refused connect), as
 * opposed to a bug. The error handler answers those 503 SERVICE_UNAVAILABLE, the contract's "retry later",
 * instead of 500: clients retry a 503 with the same Idempotency-Key, and a 500 under a link cut would read as
 * a server bug. Drizzle wraps the driver's error in DrizzleQueryError, so the whole cause chain is read.
 */

/** Socket-level failures, raised by pg and ioredis alike as Node system errors. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Postgres SQLSTATEs of a server that is going away or not there yet: class 08 (connection exception),
 * 57P01–57P03 (shutdown by an admin, by a crash, "the database system is starting up"), 53300 (no free slot).
 */
const isUnavailableSqlState = (code: string) =>
  code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';

/** node-postgres and pg-pool raise these as plain Errors, with no code. */
const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

/** ioredis: a command that outlived its retries or its timeout, or was sent on a connection being torn down. */
const REDIS_ERROR_NAMES = new Set(['MaxRetriesPerRequestError']);
const REDIS_MESSAGES = [
  'Connection is closed.',
  "Stream isn't writeable and enableOfflineQueue options is false",
  // A Redis restarted on its append-only file answers LOADING until the file is read back.
  'LOADING ',
  // No reply within commandTimeout: a link that went quiet, or this process stopped (SIGSTOP, a long pause)
  // with the command in flight, its timer firing before the reply is read.
  'Command timed out',
];

function isUnavailableItself(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code))) return true;
  if (REDIS_ERROR_NAMES.has(error.name)) return true;
  const { message } = error;
  return PG_MESSAGES.some((m) => message.startsWith(m)) || REDIS_MESSAGES.some((m) => message.startsWith(m));
}

export function isDataStoreUnavailable(error: unknown): boolean {
  let current: unknown = error;
  // A few levels are enough (AppError → DrizzleQueryError → pg error); the bound guards a cyclic cause.
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (isUnavailableItself(current)) return true;
    current = current.cause;
  }
  return false;
}
