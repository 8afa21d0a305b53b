/**
 * `npm run dev`: the Atelier server (restarted when a file under src/ changes, logs
 * pretty-printed) and Vite's dev server with hot reload in front of it, proxying /api to it.
 * Open http://localhost:5173. The server's PUBLIC_URL is Vite's origin, so the links in emails
 * open the dev app and the server's same-origin check accepts its requests.
 *
 * ATELIER_WEB_PORT (5173) and PORT (3000) move the two ports; `npm run dev:api` runs the server alone.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createServer } from 'vite';

const web = import.meta.dirname;
const root = path.resolve(web, '..');
const webPort = Number(process.env.ATELIER_WEB_PORT ?? 5173);
const apiPort = Number(process.env.PORT ?? 3000);
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${webPort}`;

const api = spawn(process.execPath, ['--watch-path=src', 'bin/atelier.js', 'start'], {
  cwd: root,
  env: { ...process.env, PORT: String(apiPort), PUBLIC_URL: publicUrl },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const pretty = spawn(process.execPath, [path.join(root, 'node_modules', 'pino-pretty', 'bin.js')], { stdio: ['pipe', 'inherit', 'inherit'] });
api.stdout.pipe(pretty.stdin);

process.env.ATELIER_API_URL = `http://localhost:${apiPort}`;
const vite = await createServer({ configFile: path.join(web, 'vite.config.ts'), server: { port: webPort } });
await vite.listen();
vite.printUrls();
console.log(`  ➜  API:     http://localhost:${apiPort} (PUBLIC_URL ${publicUrl})`);

let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  api.kill('SIGTERM');
  await vite.close();
  pretty.stdin.end();
  process.exit(code);
};
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));
api.once('exit', (code) => {
  if (!stopping) console.error(`the Atelier server exited (code ${code}); stopping`);
  void stop(code ?? 1);
});
