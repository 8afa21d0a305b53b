import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `npm run test:engines`: the database tests again on a real PostgreSQL server
 * (ATELIER_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), plus the
 * tests that only mean something there (concurrency, several processes).
 */
process.env.ATELIER_TEST_ENGINE = 'postgres';

export default defineConfig({
  test: {
    include: ['src/**/*.db.test.ts', 'test/**/*.db.test.ts', 'test/engines/**/*.test.ts'],
    exclude: [...configDefaults.exclude],
    globalSetup: ['test/support/global-setup.ts'],
    // A shared PostgreSQL server on a noisy 2-core machine: a failed test runs once more, and
    // the retry reporter names every test that needed it (decision 0007).
    retry: 1,
    reporters: ['default', './test/support/retry-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
