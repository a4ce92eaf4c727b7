import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'contracts',
          root: './packages/contracts',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'logic',
          root: './packages/logic',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts'],
        },
      },
      {
        // The shared client against a real api (its own database and Redis prefix, like the api's tests).
        test: {
          name: 'logic-int',
          root: './packages/logic',
          include: ['src/**/*.int.test.ts'],
          globalSetup: ['../../apps/api/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        // The deployment files, checked structurally (no Docker engine or cluster needed): `--project deploy`.
        test: {
          name: 'deploy',
          root: './deploy',
          include: ['*.test.ts'],
        },
      },
      {
        // The chaos run's invariant checker against a real, migrated database (`--project chaos`).
        test: {
          name: 'chaos',
          root: './scripts/chaos',
          include: ['*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Pure logic beside the code: no database, no Redis, so it runs anywhere (`--project api-unit`).
        test: {
          name: 'api-unit',
          root: './apps/api',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'api',
          root: './apps/api',
          include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Integration files each get their own database and Redis prefix, so they can run in parallel.
          pool: 'forks',
        },
      },
    ],
  },
});
