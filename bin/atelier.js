#!/usr/bin/env node
// Plain JavaScript on purpose: this file must parse on any Node version so that an old
// runtime gets one clear line instead of a syntax error from the TypeScript sources.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `atelier needs Node.js 24 or newer (this is ${process.version}). ` +
      'Run it through npm (npm start, npx atelier), which uses the Node 24 pinned in devDependencies.',
  );
  process.exit(1);
}
await import('../src/cli/main.ts');
