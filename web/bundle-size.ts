/**
 * How much JavaScript a first visit to the login page downloads, gzip-compressed, against the
 * budget. Read from the build's manifest (web/dist/.vite/manifest.json): the entry chunk and
 * everything it imports statically (what index.html loads and preloads), plus the login page's
 * own chunk and its static imports (what the router fetches for /login). Other pages' chunks
 * are loaded on demand and do not count.
 *
 *   node web/bundle-size.ts        prints the figure; exits 1 over budget (run by npm run build)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const budgetBytes = 150 * 1024;
export const defaultDist = path.join(import.meta.dirname, 'dist');
/** The login page's module, as the manifest names it (relative to web/). */
const loginPage = 'src/modules/identity/log-in-page.tsx';

interface ManifestChunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}

export interface FirstLoad {
  files: { file: string; gzipBytes: number }[];
  gzipBytes: number;
}

export function loginFirstLoad(dist = defaultDist): FirstLoad {
  const manifestFile = path.join(dist, '.vite', 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`${manifestFile} is missing: build the web app first (npm run build:web)`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (!entry) throw new Error('the manifest has no entry chunk');
  if (!manifest[loginPage]) throw new Error(`the manifest has no chunk for ${loginPage}: is the login page still loaded on demand?`);

  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  visit(entry);
  visit(loginPage);

  const files = [...seen]
    .map((key) => manifest[key]?.file)
    .filter((file): file is string => typeof file === 'string' && file.endsWith('.js'))
    .map((file) => {
      const full = path.join(dist, file);
      // The server sends the build's own .gz copy (level 9); measure that one.
      const gzipBytes = existsSync(`${full}.gz`) ? readFileSync(`${full}.gz`).length : gzipSync(readFileSync(full), { level: 9 }).length;
      return { file, gzipBytes };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { files, gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0) };
}

export const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

if (import.meta.main) {
  const load = loginFirstLoad();
  const within = load.gzipBytes <= budgetBytes;
  console.log(
    `web: the login page's first load ships ${kilobytes(load.gzipBytes)} of JavaScript (gzip) in ${load.files.length} files; ` +
      `budget ${kilobytes(budgetBytes)}${within ? '' : ' — OVER BUDGET'}`,
  );
  for (const file of load.files) console.log(`  ${kilobytes(file.gzipBytes).padStart(9)}  ${file.file}`);
  if (!within) process.exit(1);
}
