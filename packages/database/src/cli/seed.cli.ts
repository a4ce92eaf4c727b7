import { createDatabase } from '../client';
import { assertReferenceData } from '../reference-data';
import { DEMO_PASSWORD, seedDemoAccounts } from '../seed';
import { databaseUrlFromEnv } from './database-url';

// Reference data comes from the migrations; the seed only checks it is there (a database that was never
// migrated fails here with a clear message) and, unless --reference-only, adds the demo accounts.
const handle = createDatabase({ url: databaseUrlFromEnv(), maxConnections: 1 });
try {
  await assertReferenceData(handle.db);
  const withDemo = !process.argv.includes('--reference-only');
  if (withDemo) await seedDemoAccounts(handle.db);
  console.log(
    withDemo
      ? `reference data present; seeded demo accounts (password "${DEMO_PASSWORD}")`
      : 'reference data present (the migrations insert it); no demo accounts added',
  );
} finally {
  await handle.close();
}
