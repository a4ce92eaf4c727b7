import { createDatabase } from '../client';
import { DEMO_PASSWORD, seedDemoAccounts, seedReferenceData } from '../seed';
import { databaseUrlFromEnv } from './database-url';

const handle = createDatabase({ url: databaseUrlFromEnv(), maxConnections: 1 });
try {
  await seedReferenceData(handle.db);
  const withDemo = !process.argv.includes('--reference-only');
  if (withDemo) await seedDemoAccounts(handle.db);
  console.log(
    withDemo
      ? `seeded reference data and demo accounts (password "${DEMO_PASSWORD}")`
      : 'seeded reference data',
  );
} finally {
  await handle.close();
}
