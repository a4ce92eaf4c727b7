import { isatty } from 'node:tty';
import pino, { type DestinationStream, type LoggerOptions, type Logger as PinoLogger } from 'pino';
import type { Config } from '../config/config';

/**
 * What app code logs through: pino's calling shape, fields first and then the message. The api's Fastify
 * logger and the worker's pino logger both satisfy it; code asks for the methods it calls (`Pick<Logger, ...>`).
 */
export interface Logger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The message of the one line logged per HTTP request (see `registerRequestLogging`). */
export const REQUEST_COMPLETED = 'request completed';

const LEVELS: Record<number, { label: string; colour: string }> = {
  10: { label: 'TRACE', colour: '90' },
  20: { label: 'DEBUG', colour: '34' },
  30: { label: 'INFO ', colour: '32' },
  40: { label: 'WARN ', colour: '33' },
  50: { label: 'ERROR', colour: '31' },
  60: { label: 'FATAL', colour: '35' },
};

/** Fields every record carries that a reader at a terminal does not need. */
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'reqId', 'err']);

function statusColour(status: number): string {
  if (status >= 500) return '31';
  if (status >= 400) return '33';
  if (status >= 300) return '36';
  return '32';
}

function formatValue(value: unknown): string {
  if (typeof value === 'string' && /^[^\s"=]+$/.test(value)) return value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * One pino JSON record as one readable line: `12:00:01 INFO  message key=value`; an HTTP request as
 * `12:00:01 INFO  GET /api/rides 200 12ms`; an error's stack on the lines after it.
 */
export function formatLogRecord(json: string, isColoured: boolean): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const paint = (code: string, text: string) => (isColoured ? `\x1b[${code}m${text}\x1b[0m` : text);
  const level = LEVELS[Number(record.level)] ?? { label: String(record.level).padEnd(5), colour: '0' };
  const time = new Date(Number(record.time)).toTimeString().slice(0, 8);
  let line = `${paint('2', time)} ${paint(level.colour, level.label)} `;
  const { method, url, statusCode, durationMs } = record;
  if (record.msg === REQUEST_COMPLETED && typeof method === 'string' && typeof statusCode === 'number') {
    line += `${method} ${String(url)} ${paint(statusColour(statusCode), String(statusCode))} ${paint('2', `${Math.round(Number(durationMs))}ms`)}`;
  } else {
    line += String(record.msg ?? '');
    const extras = Object.entries(record).filter(([key]) => !HIDDEN.has(key));
    if (extras.length > 0)
      line += paint('2', ` ${extras.map(([key, value]) => `${key}=${formatValue(value)}`).join(' ')}`);
  }
  const err = record.err as { stack?: unknown; message?: unknown } | undefined;
  if (err && typeof err === 'object') {
    const detail = typeof err.stack === 'string' ? err.stack : String(err.message ?? '');
    line += `\n${detail.replace(/^/gm, '    ')}`;
  }
  return `${line}\n`;
}

/** A pino destination that writes each record as `formatLogRecord` renders it. */
export function createPrettyStream(
  out: { write(text: string): unknown } = pino.destination({ dest: 1, sync: true }),
  isColoured = shouldColour(),
): DestinationStream {
  return {
    write(chunk: string) {
      for (const json of chunk.split('\n')) if (json) out.write(formatLogRecord(json, isColoured));
    },
  };
}

/**
 * Colour when stdout is a terminal. NO_COLOR and FORCE_COLOR are the terminal conventions every CLI honours,
 * not settings of the app; `npm start` sets FORCE_COLOR for its children when its own stdout is a terminal.
 */
function shouldColour(): boolean {
  if (process.env.NO_COLOR) return false;
  const forced = process.env.FORCE_COLOR;
  if (forced !== undefined && forced !== '') return forced !== '0' && forced !== 'false';
  return isatty(1);
}

/** The destination for `LOG_FORMAT`: pretty lines, or pino's own JSON on stdout (undefined). */
export function logStream(config: Pick<Config, 'logFormat'>): DestinationStream | undefined {
  return config.logFormat === 'pretty' ? createPrettyStream() : undefined;
}

/** A pino logger honouring LOG_LEVEL and LOG_FORMAT (the worker's; the api's goes through Fastify). */
export function createLogger(
  config: Pick<Config, 'logLevel' | 'logFormat'>,
  options: LoggerOptions = {},
): PinoLogger {
  const stream = logStream(config);
  const merged = { level: config.logLevel, ...options };
  return stream ? pino(merged, stream) : pino(merged);
}
