// ESLint flat config. Syntax-only (no type-aware rules) so that `npm run lint` stays fast;
// the type checker (`npm run typecheck`) covers the rest. Module boundaries are checked by
// dependency-cruiser (.dependency-cruiser.cjs), not here.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// The Node globals our plain-JavaScript files use (bin/, configs). TypeScript files get no-undef
// switched off by typescript-eslint, since the compiler already checks names.
const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  URLSearchParams: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setInterval: 'readonly',
  clearInterval: 'readonly',
  setImmediate: 'readonly',
  queueMicrotask: 'readonly',
  structuredClone: 'readonly',
  fetch: 'readonly',
  AbortController: 'readonly',
  AbortSignal: 'readonly',
  TextEncoder: 'readonly',
  TextDecoder: 'readonly',
};

const commonJsGlobals = {
  module: 'writable',
  exports: 'writable',
  require: 'readonly',
  __dirname: 'readonly',
  __filename: 'readonly',
};

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    'data/',
    '.tmp/',
    'dist/',
    'coverage/',
    'migrations/',
    'test/fixtures/',
    'screenshots/',
    'test-results/',
    'web/dist/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: nodeGlobals,
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      'no-console': 'error',
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: true },
      ],
      // With verbatimModuleSyntax, `import { type A } from 'x'` still loads 'x' at run time;
      // write `import type { A } from 'x'` when every name is a type.
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },

  // CommonJS config files (.dependency-cruiser.cjs).
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { ...nodeGlobals, ...commonJsGlobals },
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
    },
  },

  // The web app: React's rules of hooks (hooks called in the same order on every render, effects
  // that name what they depend on). The browser's globals need no listing: TypeScript checks names.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },

  // The one plain script the page loads before the app (web/public/theme.js): a classic browser script.
  {
    files: ['web/public/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { window: 'readonly', document: 'readonly', localStorage: 'readonly' },
    },
  },

  // Command-line entry points, benchmarks and CI helpers talk to a terminal: console is their output.
  {
    files: ['src/cli/**', 'bench/**', 'bin/**', '.ci/**', 'web/*.ts'],
    rules: {
      'no-console': 'off',
    },
  },
);
