// The boundary rules in .dependency-cruiser.cjs really fail on violations: the real config is
// run, through the real depcruise command line, against a miniature tree
// (test/fixtures/boundaries) in which each rule is broken on purpose and a few legal imports
// sit beside the illegal ones.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const fixture = path.join(root, 'test/fixtures/boundaries');
const depcruise = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const config = path.join(root, '.dependency-cruiser.cjs');

type Violation = { rule: { name: string; severity: string }; from: string; to: string; cycle?: unknown[] };

let violations: Violation[] = [];

beforeAll(() => {
  const run = spawnSync(
    process.execPath,
    [depcruise, 'src', 'web', '--config', config, '--output-type', 'json'],
    { cwd: fixture, encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.error) throw run.error;
  // depcruise exits non-zero when it finds errors; a crash prints no JSON.
  if (!run.stdout.trimStart().startsWith('{')) {
    throw new Error(`depcruise did not produce a report (exit ${run.status}):\n${run.stderr}`);
  }
  const report = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
  violations = report.summary.violations;
}, 30_000);

const reported = (rule: string, from: string, to?: string): boolean =>
  violations.some((v) => v.rule.name === rule && v.from === from && (to === undefined || v.to === to));

const reportedFrom = (from: string): Violation[] => violations.filter((v) => v.from === from);

describe('boundary rules (.dependency-cruiser.cjs) on test/fixtures/boundaries', () => {
  it('every rule reports as an error', () => {
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations) expect(v.rule.severity, v.rule.name).toBe('error');
  });

  it.each([
    ['platform-not-to-modules', 'src/platform/kernel.ts', 'src/modules/alpha/index.ts'],
    ['platform-not-to-modules', 'src/platform/uses-app.ts', 'src/app.ts'],
    ['module-doors-between-modules', 'src/modules/beta/uses-alpha-internal.ts', 'src/modules/alpha/internal.ts'],
    ['module-doors-from-outside', 'src/cli/main.ts', 'src/modules/alpha/internal.ts'],
    ['contract-imports-only-zod', 'src/modules/alpha/contract.ts', 'src/modules/alpha/internal.ts'],
    ['contract-imports-only-zod', 'src/modules/beta/contract.ts', undefined],
    ['web-imports-only-contracts', 'web/src/pages/alpha-page.ts', 'src/modules/alpha/index.ts'],
    ['web-imports-only-contracts', 'web/src/pages/kernel-page.ts', 'src/platform/logger.ts'],
    ['web-app-no-node-builtins', 'web/src/uses-node.ts', undefined],
    ['src-not-to-dev-dependencies', 'src/platform/uses-dev-dependency.ts', undefined],
    ['no-non-package-json', 'src/platform/uses-undeclared-package.ts', undefined],
    ['not-to-unresolvable', 'src/platform/broken.ts', './does-not-exist.ts'],
    ['src-not-to-web', 'src/platform/uses-web.ts', 'web/src/main.ts'],
  ])('%s is reported for %s', (rule, from, to) => {
    expect(reported(rule, from, to), JSON.stringify(violations, null, 2)).toBe(true);
  });

  it('no-circular is reported for the cycle', () => {
    const cycle = violations.filter((v) => v.rule.name === 'no-circular');
    expect(cycle.length).toBeGreaterThan(0);
    for (const v of cycle) expect(['src/platform/cycle-a.ts', 'src/platform/cycle-b.ts']).toContain(v.from);
  });

  it('each deliberate violation breaks only the rule it is about', () => {
    expect(reportedFrom('src/platform/kernel.ts').map((v) => v.rule.name)).toEqual(['platform-not-to-modules']);
    expect(reportedFrom('src/cli/main.ts').map((v) => v.rule.name)).toEqual(['module-doors-from-outside']);
    expect(reportedFrom('web/src/pages/alpha-page.ts').map((v) => v.rule.name)).toEqual([
      'web-imports-only-contracts',
    ]);
  });

  it.each([
    // through another module's doors (index.ts and contract.ts), and a module's own files
    'src/modules/beta/index.ts',
    // the composition root through the modules' index.ts
    'src/app.ts',
    // a module's own internals behind its door
    'src/modules/alpha/index.ts',
    // zod from an ordinary module file
    'src/modules/beta/clean-contract.ts',
    // type-only import of a devDependency from src/, and devDependencies in a test
    'src/platform/types-from-dev-dependency.ts',
    'src/platform/kernel.spec.ts',
    // web: own files, npm packages, contracts; node builtins at build time
    'web/src/main.ts',
    'web/src/pages/beta-page.ts',
    'web/vite.config.ts',
  ])('legal imports in %s are not reported', (from) => {
    expect(reportedFrom(from)).toEqual([]);
  });
});
