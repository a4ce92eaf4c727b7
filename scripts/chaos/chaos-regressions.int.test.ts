import { randomBytes } from 'node:crypto';
import { createDatabase, ensureDatabaseExists } from '@truck4u/database';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Bugs the chaos run found, each pinned by the smallest test that fails without its fix (docs/CHAOS.md).
const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `t4u_chaos_reg_${process.pid}_${randomBytes(3).toString('hex')}`;
const dbUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
})();

beforeAll(async () => {
  await ensureDatabaseExists(dbUrl);
});

afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
});

describe('what the chaos run found', () => {
  it('survives Postgres dropping a connection that is checked out but between queries', async () => {
    // Seen as "api-1 exited by itself (code 1)" when the run restarted Postgres: pg-pool takes its error
    // listener off a client while it is checked out (a transaction waiting on Redis, the LISTEN client between
    // notifications), so the connection's end was an unhandled 'error' event and killed the process.
    const handle = createDatabase({ url: dbUrl, maxConnections: 2, applicationName: 'chaos-regression' });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    // Vitest reports an uncaught exception as a failed run; record it here too, to say what happened.
    process.prependListener('uncaughtException', onUncaught);
    try {
      const client = await handle.pool.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const killer = new pg.Client({ connectionString: dbUrl });
      await killer.connect();
      await killer.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      await killer.end();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(uncaught).toEqual([]);
      // The broken client fails its next query instead of crashing; released as broken, the pool moves on.
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release(true);
      const after = await handle.pool.query<{ ok: number }>('SELECT 1 AS ok');
      expect(after.rows[0]?.ok).toBe(1);
    } finally {
      process.removeListener('uncaughtException', onUncaught);
      await handle.close();
    }
  });
});
