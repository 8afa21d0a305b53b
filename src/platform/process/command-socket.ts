import { chmod, rm } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { z } from 'zod';

export const commandSocketName = 'atelier.sock';

export function commandSocketPath(dataDir: string): string {
  return path.join(dataDir, commandSocketName);
}

const commandRequest = z.object({ name: z.string().min(1), args: z.array(z.string()) });
const commandReply = z.union([
  z.object({ ok: z.literal(true), output: z.string() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type CommandReply = z.infer<typeof commandReply>;

export type RunCommand = (name: string, args: string[]) => Promise<CommandReply>;

/**
 * While the server owns the PGlite data directory, `npx atelier <command>` cannot open it, so the
 * server runs commands for it over a Unix socket inside the data directory. The socket is
 * owner-only (and so is the directory): whoever can use it could also read the database files.
 */
export async function serveCommands(dataDir: string, run: RunCommand): Promise<{ close(): Promise<void> }> {
  const socketPath = commandSocketPath(dataDir);
  // We hold the data directory's lock, so a socket file left here belongs to a dead process.
  await rm(socketPath, { force: true });
  const server = http.createServer(async (request, response) => {
    let reply: CommandReply;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const parsed = commandRequest.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      reply = parsed.success ? await run(parsed.data.name, parsed.data.args) : { ok: false, error: 'malformed command request' };
    } catch {
      reply = { ok: false, error: 'malformed command request' };
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  await chmod(socketPath, 0o600);
  server.unref();
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Asks the server that owns `dataDir` to run a command. */
export async function sendCommand(dataDir: string, name: string, args: string[]): Promise<CommandReply> {
  const body = JSON.stringify({ name, args });
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        socketPath: commandSocketPath(dataDir),
        path: '/run',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      async (response) => {
        const chunks: Buffer[] = [];
        for await (const chunk of response) chunks.push(chunk as Buffer);
        const parsed = commandReply.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        if (parsed.success) resolve(parsed.data);
        else reject(new Error('the server answered the command with something unexpected'));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
