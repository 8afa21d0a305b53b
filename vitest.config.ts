import { configDefaults, defineConfig } from 'vitest/config';

/** `npm test`: everything that runs on the embedded engine (PGlite). */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/engines/**', 'test/html/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
