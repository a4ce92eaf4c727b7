import { describeMigrations, ensureDatabaseExists, runMigrations } from '../migrate';
import { databaseUrlFromEnv } from './database-url';

const url = databaseUrlFromEnv();
const created = await ensureDatabaseExists(url);
if (created) console.log(`created database ${new URL(url).pathname.slice(1)}`);
console.log(`migrations: ${describeMigrations(await runMigrations(url))}`);
