import { createServer, type Server, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DatabaseError } from 'pg-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSilentServer } from '#test/silent-server';
import { isDataStoreUnavailable } from '../errors/data-store-unavailable';
import { registerErrorHandling } from './error-handler';

/**
 * The errors the chaos run saw answered 500 while a link to Postgres or Redis was cut (docs/CHAOS.md), made
 * for real here: drivers talking to a loopback port that resets every connection, or to nothing at all.
 */

let resetting: Server;
let resettingPort: number;
let closedPort: number;
const sockets = new Set<Socket>();

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

beforeAll(async () => {
  // Accepts, reads the client's first bytes, then resets: what the chaos proxy does when it cuts a link.
  resetting = createServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => socket.resetAndDestroy());
  });
  resettingPort = await listen(resetting);
  const probe = createServer();
  closedPort = await listen(probe);
  await new Promise((r) => probe.close(r));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((r) => resetting.close(r));
});

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

async function answerFor(error: unknown) {
  const app = Fastify();
  registerErrorHandling(app);
  app.get('/boom', async () => {
    throw error;
  });
  const response = await app.inject({ method: 'GET', url: '/boom' });
  await app.close();
  return { status: response.statusCode, retryAfter: response.headers['retry-after'], body: response.json() };
}

describe('errors of an unreachable data store answer 503 SERVICE_UNAVAILABLE', () => {
  it('a Postgres connection reset in the middle of connecting', async () => {
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${resettingPort}/x` });
    client.on('error', () => {});
    const error = await caught(() => client.connect());
    expect(isDataStoreUnavailable(error)).toBe(true);
    const answer = await answerFor(error);
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toBe('5');
    expect(answer.body.error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('a Postgres that refuses connections (restarting)', async () => {
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${closedPort}/x` });
    client.on('error', () => {});
    const error = await caught(() => client.connect());
    expect((await answerFor(error)).status).toBe(503);
  });

  it('a Drizzle query whose pooled connection is reset (DrizzleQueryError wrapping the driver error)', async () => {
    const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${resettingPort}/x` });
    pool.on('error', () => {});
    const db = drizzle(pool);
    const error = await caught(() => db.execute(sql`select 1`));
    await pool.end();
    expect(error).toBeInstanceOf(Error);
    expect((await answerFor(error)).body.error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('a Postgres that answers "the database system is starting up" (57P03)', async () => {
    const error = new DatabaseError('the database system is starting up', 0, 'error');
    error.code = '57P03';
    expect((await answerFor(error)).status).toBe(503);
  });

  it('an ioredis command that ran out of retries (MaxRetriesPerRequestError)', async () => {
    const redis = new Redis({ port: closedPort, host: '127.0.0.1', maxRetriesPerRequest: 0 });
    redis.on('error', () => {});
    const error = await caught(() => redis.get('k'));
    redis.disconnect();
    expect((error as Error).name).toBe('MaxRetriesPerRequestError');
    const answer = await answerFor(error);
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('an ioredis command that got no reply within its timeout (seen when the chaos run stopped an api)', async () => {
    // Takes the connection and never answers, as a Redis behind a silent link or a process paused mid-command.
    const silent = await startSilentServer();
    const redis = new Redis({
      port: silent.port,
      host: '127.0.0.1',
      enableReadyCheck: false,
      commandTimeout: 50,
      maxRetriesPerRequest: 0,
    });
    redis.on('error', () => {});
    const error = await caught(() => redis.get('k'));
    redis.disconnect();
    await silent.close();
    expect((error as Error).message).toBe('Command timed out');
    const answer = await answerFor(error);
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toBe('5');
  });
});

describe('other failures still answer 500', () => {
  it('a bug', async () => {
    const answer = await answerFor(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(answer.status).toBe(500);
    expect(answer.body.error.code).toBe('INTERNAL_ERROR');
  });

  it('a constraint the code did not expect (unique violation 23505)', async () => {
    const error = new DatabaseError('duplicate key value violates unique constraint "x"', 0, 'error');
    error.code = '23505';
    expect((await answerFor(error)).status).toBe(500);
  });
});
