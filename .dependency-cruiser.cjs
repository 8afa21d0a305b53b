// Atelier's module boundaries, checked in CI (`npm run lint`). See docs: DESIGN.md, "Shape of
// the code". Paths in the rules are relative to the directory dependency-cruiser runs in (the
// repository root in CI; the fixture tree in test/boundaries.test.ts), so they all start with
// `^src/` or `^web/`. npm packages are matched as `(^|/)node_modules/`, because from the
// fixture tree they resolve to ../../../node_modules/….
//
// When a rule fires on code that is right, change the rule here (with a comment saying why),
// never silence it in the code.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'platform-not-to-modules',
      severity: 'error',
      comment:
        'The platform kernel (src/platform) knows no module: it must not import src/modules/**, ' +
        'the composition root (src/app.ts) or the command line (src/cli). Where the kernel needs ' +
        "a module's answer, take a function injected at composition time (src/app.ts).",
      from: { path: '^src/platform/' },
      to: { path: '^src/(?:modules/|app[.]ts$|cli/)' },
    },
    {
      name: 'module-doors-between-modules',
      severity: 'error',
      comment:
        'A module is reached from another module only through its two doors: ' +
        'src/modules/<name>/index.ts (server use cases, types, events) or ' +
        'src/modules/<name>/contract.ts (zod schemas). Import the door, not the file behind it; ' +
        'if what you need is not exported there, export it from the owning module. ' +
        '($1 is the importing module, so a module may reach its own files freely.)',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/[^/]+/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/(?:index|contract)[.]ts$'],
      },
    },
    {
      name: 'module-doors-from-outside',
      severity: 'error',
      comment:
        'Code outside src/modules (src/app.ts, src/cli, web/, …) reaches a module only through ' +
        'src/modules/<name>/index.ts or src/modules/<name>/contract.ts, never a file behind them.',
      from: { pathNot: '^src/modules/' },
      to: {
        path: '^src/modules/[^/]+/',
        pathNot: '^src/modules/[^/]+/(?:index|contract)[.]ts$',
      },
    },
    {
      name: 'contract-imports-only-zod',
      severity: 'error',
      comment:
        "A module's contract.ts is shared with the browser (web/) and the OpenAPI document, so it " +
        'imports nothing but the zod package: no relative imports, no other npm packages, no ' +
        'node builtins (type-only imports included: keep the contract self-contained).',
      from: { path: '^src/modules/[^/]+/contract[.]ts$' },
      to: { pathNot: '(?:^|/)node_modules/zod/' },
    },
    {
      name: 'web-imports-only-contracts',
      severity: 'error',
      comment:
        'The web app (web/) may import files within web/, npm packages, and from src/ only the ' +
        'modules\' contracts (src/modules/<name>/contract.ts). Server code (index.ts, platform, ' +
        'use cases) never ends up in the browser bundle.',
      from: { path: '^web/' },
      to: {
        dependencyTypesNot: ['core'],
        pathNot: ['^web/', '^src/modules/[^/]+/contract[.]ts$', '(?:^|/)node_modules/'],
      },
    },
    {
      name: 'web-app-no-node-builtins',
      severity: 'error',
      comment:
        'Browser code (web/src) cannot use node builtins (node:fs, node:crypto, …). Build-time ' +
        'files at the root of web/ (vite.config.ts) may.',
      from: { path: '^web/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'src-not-to-web',
      severity: 'error',
      comment:
        'Server code (src/) never imports the web app (web/): the browser bundle is built from ' +
        'web/ and served as static files, and what both sides share lives in the modules\' ' +
        'contract.ts files, which web/ imports, not the other way round.',
      from: { path: '^src/' },
      to: { path: '^web/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'This import is part of a cycle. Cycles make start-up order fragile and tangle ' +
        'responsibilities: move the shared piece into its own file, or invert the dependency ' +
        '(inject a function). Type-only imports count too.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-not-to-dev-dependencies',
      severity: 'error',
      comment:
        'Server code (src/) imports a package listed only in devDependencies, which is missing ' +
        'in a production install. Move it to dependencies, or make it a type-only import ' +
        '(import type …). Tests (*.test.ts) may use devDependencies.',
      from: {
        path: '^src/',
        pathNot: '[.](?:test|spec)[.][cm]?[jt]sx?$',
      },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment:
        'This imports an npm package that is not declared in package.json (it is only there as ' +
        'a transitive dependency, or not at all). Add it to dependencies (or devDependencies for ' +
        'tests and tooling) so its version is ours to choose.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'This import cannot be resolved to a file on disk: a typo, a missing `.ts` extension, ' +
        'a deleted file, or a package that is not installed.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],

  options: {
    // node_modules is never cruised into, but npm packages stay in the graph as leaves: the
    // zod, devDependency and package.json rules need to see them. (Putting node_modules in
    // `exclude` would drop every dependency on a package and silently blind those rules.)
    doNotFollow: { path: '(?:^|/)node_modules/' },
    // Build output and data, anchored at the root: an unanchored `dist/` would also hide
    // packages whose entry point lives in node_modules/<pkg>/dist/ (and blind the rules above).
    exclude: { path: '^(?:web/)?(?:dist|coverage|data|[.]tmp)/' },

    moduleSystems: ['es6', 'cjs'],

    // Parse TypeScript with the TypeScript compiler and keep type-only imports in the graph
    // (marked `type-only`), so the devDependency rule can exempt them and the contract and
    // cycle rules can see them.
    parser: 'tsc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },

    // Our relative imports name their `.ts` file (allowImportingTsExtensions).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },

    skipAnalysisNotInRules: true,

    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
