import { randomBytes } from 'node:crypto';
import { ensureDatabaseExists, runMigrations } from '@truck4u/database';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabaseUrl: string;
    adminDatabaseUrl: string;
    redisUrl: string;
  }
}

// Tests never touch dev data: they build a throw-away template database, copy it per test file, and drop
// everything at the end. TEST_DATABASE_ADMIN_URL / TEST_REDIS_URL point elsewhere if needed.
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
  const templateName = `t4u_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${templateName}`;

  await ensureDatabaseExists(templateUrl.toString());
  // Migrations only, no seed: every test file runs on what `npm run db:migrate` alone produces, reference
  // data included (reference-data.int.test.ts checks that on its own).
  await runMigrations(templateUrl.toString());

  project.provide('templateDatabaseUrl', templateUrl.toString());
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('redisUrl', redisUrl);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${templateName}" WITH (FORCE)`);
    await client.end();
  };
}
