// The api's runnable entry points: built into dist/<name>.js, run from src in development.
export const ENTRY_POINTS = {
  main: 'src/main.ts',
  worker: 'src/worker.ts',
  'create-admin': 'src/cli/create-admin.cli.ts',
  migrate: '../../packages/database/src/cli/migrate.cli.ts',
};
