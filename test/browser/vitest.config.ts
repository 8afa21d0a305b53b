import { defineConfig } from 'vitest/config';

/**
 * `npm run test:browser`: the dashboard in Chromium against the real server. Kept out of
 * `npm test` (whose pattern is *.test.ts): these files are *.browser.ts and take minutes.
 */
export default defineConfig({
  // Vite's cache beside the repository's, not in a node_modules/ under test/browser.
  cacheDir: '../../node_modules/.vite-browser-tests',
  test: {
    root: import.meta.dirname,
    include: ['**/*.browser.ts'],
    fileParallelism: false,
    // The steps build on each other: after the first failure the rest only time out.
    bail: 1,
    testTimeout: 300_000,
    hookTimeout: 180_000,
  },
});
