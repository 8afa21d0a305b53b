import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build` writes the dashboard (web/dist), from this file's place in the repository. */
export const defaultWebRoot = path.resolve(import.meta.dirname, '../../../web/dist');

/** Vite names every file under assets/ after a hash of its content: it can be cached for good. */
const immutable = 'public, max-age=31536000, immutable';
/** index.html and the few unhashed files at the root: the browser revalidates them every time (ETag). */
const revalidate = 'no-cache';
/** Written beside each file by the build (web/vite.config.ts), sent instead when the browser accepts it. */
const compressedCopy = /\.(?:br|gz)$/;

/** Whether `root` holds a built dashboard. */
export function webAppBuilt(root: string): boolean {
  return existsSync(path.join(root, 'index.html'));
}

/**
 * Serves the built dashboard at `/`, in its own scope: hashed files under `/assets/` cached for a
 * year, `index.html` and the other root files revalidated, each sent pre-compressed (brotli or
 * gzip, chosen by Accept-Encoding) when the build wrote a copy. Any other GET that is not under
 * `/api` and accepts HTML answers `index.html`, so the app's own router handles deep links
 * (`/w/…/members`, the emailed `/verify-email?token=…`). Everything else falls through to the
 * app's JSON 404. Routes registered elsewhere (`/api/*`, `/healthz`, `/metrics`) are exact or
 * more specific, so they win over the catch-all.
 */
export async function installWebApp(app: FastifyInstance, options: { root: string }): Promise<void> {
  const root = path.resolve(options.root);
  // The unhashed files at the root (favicon, theme script), listed once: the catch-all below must
  // know them apart from the app's routes without touching the disk on every request.
  const rootFiles = new Set(
    readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isFile() && !compressedCopy.test(entry.name))
      .map((entry) => `/${entry.name}`),
  );
  const assets = path.join(root, 'assets') + path.sep;

  await app.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root,
      serve: false,
      preCompressed: true,
      cacheControl: false,
      dotfiles: 'ignore',
      setHeaders: (reply: FastifyReply, file: string) => {
        reply.header('cache-control', file.startsWith(assets) ? immutable : revalidate);
      },
    });

    scope.route({
      method: ['GET', 'HEAD'],
      url: '/*',
      schema: { hide: true },
      handler(request: FastifyRequest, reply: FastifyReply) {
        const pathname = request.url.split('?')[0] ?? '/';
        if (pathname === '/api' || pathname.startsWith('/api/')) return reply.callNotFound();
        if (pathname.startsWith('/assets/') || rootFiles.has(pathname)) return reply.sendFile(pathname.slice(1));
        if (pathname === '/' || acceptsHtml(request)) return reply.sendFile('index.html');
        return reply.callNotFound();
      },
    });
  });
}

function acceptsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && /\btext\/html\b/i.test(accept);
}
