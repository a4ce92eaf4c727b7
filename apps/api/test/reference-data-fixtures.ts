import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER } from '@truck4u/database';
import type { TestEnvironment } from './test-environment';

export const REFERENCE_DATA_MIGRATION = '0010_reference_data.sql';

/** Runs the reference-data migration's statements again, as a database restored from an old dump would. */
export async function rerunReferenceDataMigration(env: TestEnvironment): Promise<void> {
  const text = await readFile(join(MIGRATIONS_FOLDER, REFERENCE_DATA_MIGRATION), 'utf8');
  for (const statement of text.split('--> statement-breakpoint')) await env.database.pool.query(statement);
}

/** Empties the governorates table (and the commission rows that reference it); the test database has no rides. */
export async function deleteGovernorates(env: TestEnvironment): Promise<void> {
  await env.database.pool.query('DELETE FROM governorate_commissions');
  await env.database.pool.query('DELETE FROM governorates');
}
