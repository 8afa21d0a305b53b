// Asserts that package-lock.json holds the majors we mean to run. npm on the system Node 20
// silently resolves older majors of packages whose `engines` exclude Node 20 (ai 6 for 7,
// pg-boss 10 for 12, vitest 4 for 5) without an error, so CI checks the lockfile itself.
// Plain JavaScript so it runs on any Node. Usage: node .ci/check-lockfile.mjs [package-lock.json]
import { readFileSync } from 'node:fs';

const lockfilePath = process.argv[2] ?? 'package-lock.json';

// [package, expected major, required]: optional ones are checked only once they are added.
const expectations = [
  ['vitest', 5, true],
  ['node', 24, true],
  ['ai', 7, false],
  ['pg-boss', 12, false],
  ['vite', 8, true],
  ['playwright-core', 1, true],
  ['@ai-sdk/openai', 4, true],
  ['@ai-sdk/anthropic', 4, true],
];

let lock;
try {
  lock = JSON.parse(readFileSync(lockfilePath, 'utf8'));
} catch (error) {
  console.error(`cannot read ${lockfilePath}: ${error.message}`);
  process.exit(1);
}
if (!lock.packages || typeof lock.packages !== 'object') {
  console.error(`${lockfilePath} has no "packages" map (lockfileVersion ${lock.lockfileVersion}); regenerate it with npm 9 or newer.`);
  process.exit(1);
}

let failures = 0;
for (const [name, major, required] of expectations) {
  const entry = lock.packages[`node_modules/${name}`];
  if (!entry) {
    if (required) {
      console.error(`FAIL ${name}: missing from ${lockfilePath} (expected ${major}.x)`);
      failures += 1;
    } else {
      console.log(`skip ${name}: not in the lockfile yet`);
    }
    continue;
  }
  const found = Number.parseInt(String(entry.version).split('.')[0], 10);
  if (found === major) {
    console.log(`ok   ${name} ${entry.version}`);
  } else {
    console.error(
      `FAIL ${name}: lockfile has ${entry.version}, expected ${major}.x. ` +
        `Reinstall with Node 24 first on PATH: PATH=$PWD/node_modules/.bin:$PATH npm install ${name}@${major}`,
    );
    failures += 1;
  }
}
process.exit(failures === 0 ? 0 : 1);
