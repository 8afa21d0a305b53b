import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webRoot = import.meta.dirname;
const repositoryRoot = path.resolve(webRoot, '..');
/** Where `npm run dev` proxies /api to: the Atelier server it starts beside Vite (web/dev.ts). */
const apiTarget = process.env.ATELIER_API_URL ?? 'http://localhost:3000';

const compressible = /\.(?:js|mjs|css|html|svg|json|txt|map)$/;
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Writes `x.br` and `x.gz` beside every text file of the build, once, at the strongest levels:
 * the server sends them as they are (@fastify/static `preCompressed`), so no request pays for
 * compression and every response is smaller than on-the-fly compression would make it.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'atelier:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
      const files = entries.filter((entry) => entry.isFile() && compressible.test(entry.name) && !entry.parentPath.includes(`${path.sep}.vite`));
      await Promise.all(
        files.map(async (entry) => {
          const file = path.join(entry.parentPath, entry.name);
          const content = await readFile(file);
          if (content.length < 512) return;
          const [br, gz] = await Promise.all([
            brotli(content, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: content.length } }),
            gzipAsync(content, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
        }),
      );
    },
  };
}

export default defineConfig({
  root: webRoot,
  plugins: [react(), tailwindcss(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // web/bundle-size.ts reads it to find what the login page loads first.
    manifest: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: Number(process.env.ATELIER_WEB_PORT ?? 5173),
    strictPort: true,
    // The contracts are imported from src/modules/*/contract.ts, outside web/.
    fs: { allow: [repositoryRoot] },
    proxy: { '/api': { target: apiTarget } },
  },
  preview: { port: 4173 },
});
