import { describe, expect, it } from 'vitest';
import { createPrettyStream, formatLogRecord, REQUEST_COMPLETED } from './logger';

const at = new Date(2026, 0, 2, 9, 5, 7).getTime();

describe('readable development logs', () => {
  it('prints a request as one short line: method, url, status, milliseconds', () => {
    const record = {
      level: 30,
      time: at,
      pid: 1,
      hostname: 'h',
      reqId: 'abc',
      method: 'GET',
      url: '/api/rides?limit=5',
      statusCode: 404,
      durationMs: 12.4,
      msg: REQUEST_COMPLETED,
    };
    expect(formatLogRecord(JSON.stringify(record), false)).toBe(
      '09:05:07 INFO  GET /api/rides?limit=5 404 12ms\n',
    );
  });

  it('prints other records as time, level, message and their own fields, without pid and hostname', () => {
    const record = {
      level: 30,
      time: at,
      pid: 1,
      hostname: 'h',
      name: 'worker',
      queues: ['a', 'b'],
      msg: 'worker ready',
    };
    expect(formatLogRecord(JSON.stringify(record), false)).toBe(
      '09:05:07 INFO  worker ready queues=["a","b"]\n',
    );
  });

  it('puts an error stack on the following lines, indented', () => {
    const record = {
      level: 50,
      time: at,
      err: { message: 'boom', stack: 'Error: boom\n    at x' },
      msg: 'failed',
    };
    expect(formatLogRecord(JSON.stringify(record), false)).toBe(
      '09:05:07 ERROR failed\n    Error: boom\n        at x\n',
    );
  });

  it('colours only when asked to (a terminal), and passes through what is not JSON', () => {
    const record = JSON.stringify({ level: 40, time: at, msg: 'careful' });
    expect(formatLogRecord(record, true)).toContain('\x1b[33mWARN \x1b[0m');
    expect(formatLogRecord(record, false)).not.toContain('\x1b[');
    expect(formatLogRecord('plain text', false)).toBe('plain text');
  });

  it('formats each record a pino destination receives', () => {
    const written: string[] = [];
    const stream = createPrettyStream({ write: (text) => written.push(text) }, false);
    stream.write(`${JSON.stringify({ level: 30, time: at, msg: 'one' })}\n`);
    expect(written).toEqual(['09:05:07 INFO  one\n']);
  });
});
