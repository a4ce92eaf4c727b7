import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { createDatabase, type Database } from './client';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Creates the database named in `url` if it does not exist, connecting to the `postgres` maintenance db. */
export async function ensureDatabaseExists(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name))
    throw new Error(`Refusing to create database with unusual name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await client.end();
  }
}

/** What `runMigrations` did: the tags (e.g. `0009_payment_refunds`) it applied, and how many were already in. */
export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/** Drizzle records each applied migration by its journal timestamp (`when`) in drizzle.__drizzle_migrations. */
async function appliedTimestamps(db: Database): Promise<Set<number>> {
  const exists = await db.execute<{ table: string | null }>(
    sql`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS table`,
  );
  if (!exists.rows[0]?.table) return new Set();
  const rows = await db.execute<{ created_at: string }>(
    sql`SELECT created_at FROM drizzle.__drizzle_migrations`,
  );
  return new Set(rows.rows.map((row) => Number(row.created_at)));
}

/** Applies pending migrations and reports which ones it applied. */
export async function runMigrations(url: string): Promise<MigrationReport> {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as {
    entries: { when: number; tag: string }[];
  };
  const handle = createDatabase({ url, maxConnections: 1 });
  try {
    const before = await appliedTimestamps(handle.db);
    await migrate(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
    const after = await appliedTimestamps(handle.db);
    const applied = journal.entries.filter((e) => after.has(e.when) && !before.has(e.when)).map((e) => e.tag);
    return { applied, alreadyApplied: journal.entries.filter((e) => before.has(e.when)).length };
  } finally {
    await handle.close();
  }
}

/** "2 applied (0009_payment_refunds, 0010_reference_data), 9 already applied", for the CLIs and `npm start`. */
export function describeMigrations(report: MigrationReport): string {
  const { applied, alreadyApplied } = report;
  if (applied.length === 0) return `none pending, ${alreadyApplied} already applied`;
  const names = applied.length <= 3 ? applied.join(', ') : `${applied[0]} … ${applied.at(-1)}`;
  return `${applied.length} applied (${names}), ${alreadyApplied} already applied`;
}
