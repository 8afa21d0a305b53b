import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandling } from './error-handler.ts';
import { installWebApp, webAppBuilt } from './web-app.ts';

const indexHtml = '<!doctype html><html><head><title>Atelier</title></head><body><div id="root"></div></body></html>';
const script = `console.log(${JSON.stringify('x'.repeat(2000))});`;

let root: string;
let app: FastifyInstance;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'atelier-web-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), indexHtml);
  writeFileSync(path.join(root, 'index.html.gz'), gzipSync(indexHtml));
  writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(root, 'assets', 'index-Bx1c2d3e.js'), script);
  writeFileSync(path.join(root, 'assets', 'index-Bx1c2d3e.js.br'), brotliCompressSync(script));
  writeFileSync(path.join(root, 'assets', 'index-Bx1c2d3e.js.gz'), gzipSync(script));

  app = Fastify();
  installErrorHandling(app);
  app.get('/api/ping', async () => ({ pong: true }));
  app.get('/healthz', async () => ({ status: 'ok' }));
  await installWebApp(app, { root });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  rmSync(root, { recursive: true, force: true });
});

const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('the built dashboard', () => {
  it('knows a built folder from an empty one', () => {
    expect(webAppBuilt(root)).toBe(true);
    expect(webAppBuilt(path.join(root, 'assets'))).toBe(false);
  });

  it('answers / with index.html, revalidated on every visit', async () => {
    const response = await app.inject({ url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers.etag).toBeTruthy();
    expect(response.body).toBe(indexHtml);
  });

  it("answers any page of the app's router with index.html (history fallback), query string and all", async () => {
    for (const url of ['/w/0190f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1/members', '/verify-email?token=abc', '/login']) {
      const response = await app.inject({ url, headers: html });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toBe(indexHtml);
    }
  });

  it('serves hashed assets as immutable for a year, compressed when the browser accepts it', async () => {
    const plain = await app.inject({ url: '/assets/index-Bx1c2d3e.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toMatch(/javascript/);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.body).toBe(script);

    const brotli = await app.inject({ url: '/assets/index-Bx1c2d3e.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(script);

    const gzip = await app.inject({ url: '/', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['content-type']).toMatch(/^text\/html/);
  });

  it('serves the unhashed root files, revalidated', async () => {
    const response = await app.inject({ url: '/favicon.svg' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/svg/);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD like GET, without a body', async () => {
    const response = await app.inject({ method: 'HEAD', url: '/members', headers: html });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
  });

  it('leaves the API, its unknown routes and the other exact routes alone', async () => {
    expect((await app.inject({ url: '/api/ping', headers: html })).json()).toEqual({ pong: true });
    expect((await app.inject({ url: '/healthz', headers: html })).json()).toEqual({ status: 'ok' });
    for (const url of ['/api/nothing-here', '/api']) {
      const response = await app.inject({ url, headers: html });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
  });

  it('answers a missing file with the JSON 404, not index.html', async () => {
    for (const url of ['/assets/gone-12345678.js', '/missing.png', '/assets/../../etc/passwd', '/assets/%2e%2e/%2e%2e/etc/passwd']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('root:');
    }
  });
});
