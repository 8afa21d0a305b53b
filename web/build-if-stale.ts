/**
 * `npm start` runs this first (the `prestart` script): builds the dashboard into web/dist when it
 * is missing or older than its sources, so `npm ci && npm start` serves a working dashboard and a
 * pulled change to the web app is never served stale. Building needs the devDependencies (Vite
 * and the web libraries); without them the server still starts, serving the API only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const web = import.meta.dirname;
const root = path.resolve(web, '..');
const built = path.join(web, 'dist', 'index.html');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');

function newest(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const child of readdirSync(entry)) latest = Math.max(latest, newest(path.join(entry, child)));
  return latest;
}

const contracts = readdirSync(path.join(root, 'src', 'modules')).map((module) => path.join(root, 'src', 'modules', module, 'contract.ts'));
const sources = [path.join(web, 'src'), path.join(web, 'public'), path.join(web, 'index.html'), path.join(web, 'vite.config.ts'), path.join(root, 'package-lock.json'), ...contracts];
const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
const changedAt = Math.max(...sources.map(newest));

if (builtAt >= changedAt) process.exit(0);

if (!existsSync(vite)) {
  console.warn(
    existsSync(built)
      ? 'atelier: web/dist is older than the web sources, and the build tools (devDependencies) are not installed; serving the old build.'
      : 'atelier: the dashboard is not built (web/dist) and the build tools (devDependencies) are not installed; only the API will be served. Run npm run build where they are.',
  );
  process.exit(0);
}

console.log(builtAt === 0 ? 'atelier: building the dashboard (web/dist) for the first time…' : 'atelier: the web sources changed since the last build; rebuilding the dashboard…');
// NODE_ENV decides which React is bundled: a test runner's `test` or a shell's `development`
// would ship React's development build, several times larger and slower.
const build = spawnSync(process.execPath, [vite, 'build', '--config', path.join(web, 'vite.config.ts'), '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
if (build.status !== 0) {
  console.error('atelier: building the dashboard failed (see above)');
  process.exit(build.status ?? 1);
}
