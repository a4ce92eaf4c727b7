import type { Database } from '@truck4u/database';
import type { Pool, QueryResultRow } from 'pg';

/** A statement of a hot path, prepared once per pooled connection under its name. */
export interface PreparedStatement {
  /** Unique in the process; node-postgres refuses one name with two texts on the same connection. */
  name: string;
  text: string;
}

// SQLSTATE 0A000, "cached plan must not change result type": a migration changed the type of a column
// the statement returns, under a connection that prepared it before. Postgres re-plans prepared statements
// by itself after any other schema change (new columns, indexes, a table rebuilt under the same name).
const PLAN_RESULT_TYPE_CHANGED = '0A000';

/**
 * Runs a named statement through the pool: Postgres parses and plans it once per connection, then only binds
 * and executes it. Should a migration have changed its result type meanwhile, the pool has already thrown
 * that connection away (pool.query releases a client with its error), and the statement is run once more
 * unnamed, which always sees the current schema; the next connection prepares it afresh.
 */
export async function runPrepared<Row extends QueryResultRow>(
  db: Database,
  statement: PreparedStatement,
  values: unknown[],
): Promise<Row[]> {
  // drizzle(pool) keeps its pool as $client; packages/database's Database type does not spell it out.
  const pool = (db as Database & { $client: Pool }).$client;
  try {
    return (await pool.query<Row>({ name: statement.name, text: statement.text, values })).rows;
  } catch (error) {
    if ((error as { code?: unknown }).code !== PLAN_RESULT_TYPE_CHANGED) throw error;
    return (await pool.query<Row>({ text: statement.text, values })).rows;
  }
}
