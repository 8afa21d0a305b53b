import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `npm run test:html`: published pages through the W3C Nu HTML checker (vnu-jar), which needs
 * Java; `.ci/run` installs it. Kept out of `npm test` so a machine without Java can run that.
 */
export default defineConfig({
  test: {
    include: ['test/html/**/*.test.ts'],
    exclude: [...configDefaults.exclude],
    testTimeout: 120_000,
  },
});
