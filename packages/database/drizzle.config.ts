import { defineConfig } from 'drizzle-kit';

// Only `db:generate` reads this: it diffs src/schema against the committed migrations. No database needed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './drizzle',
});
