/**
 * HTTP benchmarking on one small machine: each server under test runs in its own child process
 * (its own event loop, heap and JIT, nothing of the other side's stack in it), and the load
 * comes from autocannon in the parent process. On two cores that is one core for the server and
 * one for the load generator, the same for the subject and the peer.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { median, type Measurement } from './harness.ts';

// ---------------------------------------------------------------------------------------------
// Child side

/** A server that a child process started, listening on 127.0.0.1. */
export interface ListeningServer {
  port: number;
  /** What the parent needs to know to load the server (a path it made, say); passed back as `ServerProcess.details`. */
  details?: Record<string, string>;
  close(): Promise<void>;
}

type ParentMessage = { type: 'cpu'; id: number } | { type: 'stop' };
type ChildMessage =
  | { type: 'listening'; port: number; details: Record<string, string> }
  | { type: 'failed'; message: string }
  | { type: 'cpu'; id: number; micros: number };

/**
 * Call at the top level of a server entry file started by `startServerProcess`: starts the
 * server, tells the parent its port, answers CPU questions and closes on request (or when the
 * parent goes away, so that no server outlives a crashed run).
 */
export function serveForParent(start: () => Promise<ListeningServer>): void {
  const send = (message: ChildMessage): void => {
    if (process.connected) process.send?.(message);
  };
  if (!process.send) throw new Error('this file is a benchmark server: start it with startServerProcess()');

  let server: ListeningServer | undefined;
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    try {
      await server?.close();
    } finally {
      if (process.connected) process.disconnect?.();
      process.exitCode = 0;
    }
  };

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      send({ type: 'cpu', id: message.id, micros: usage.user + usage.system });
    } else if (message.type === 'stop') {
      void stop();
    }
  });
  process.on('disconnect', () => void stop());

  start().then(
    (started) => {
      server = started;
      send({ type: 'listening', port: started.port, details: started.details ?? {} });
    },
    (error: unknown) => {
      send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exitCode = 1;
      if (process.connected) process.disconnect?.();
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Parent side

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** What the server reported when it started listening (`ListeningServer.details`). */
  details: Record<string, string>;
  /** CPU time (user + system) the server process has used so far, in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts `entry` (a file that calls `serveForParent`) in a child Node process and waits until it
 * listens; `env` is added to this process's environment for it. Extra Node flags for the servers
 * only (e.g. `--cpu-prof`) can be given in BENCH_SERVER_EXEC_ARGV, space-separated.
 */
export async function startServerProcess(entry: string, options: { startTimeoutMs?: number; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const execArgv = (process.env.BENCH_SERVER_EXEC_ARGV ?? '').split(' ').filter(Boolean);
  const child = fork(entry, [], { execArgv, env: { ...process.env, ...options.env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // Resolves however the child ends; a failed spawn is reported by the 'error' listener below.
  const exited = once(child, 'exit').catch(() => undefined);
  const { port, details } = await new Promise<{ port: number; details: Record<string, string> }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start listening within ${options.startTimeoutMs ?? 60_000} ms`));
    }, options.startTimeoutMs ?? 60_000);
    const onMessage = (message: ChildMessage): void => {
      if (message.type === 'listening') {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve({ port: message.port, details: message.details });
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${entry} failed to start:\n${message.message}`));
      }
    };
    const onExit = (code: number | null, signal: string | null): void => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited before listening (code ${code}, signal ${signal})`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });

  let nextId = 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    details,
    cpuMicros: () => askCpu(child, nextId++),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function askCpu(child: ChildProcess, id: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage): void => {
      if (message.type === 'cpu' && message.id === id) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message.micros);
      }
    };
    const onExit = (): void => reject(new Error('the server process exited'));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ type: 'cpu', id } satisfies ParentMessage);
  });
}

// ---------------------------------------------------------------------------------------------
// Load

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  /** Sent with every request (a session cookie, an Authorization header). */
  headers?: Record<string, string>;
}

export interface LoadResult {
  /** Completed requests divided by the run's duration. */
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
  /** Server CPU time per completed request, in microseconds. */
  serverCpuMicrosPerRequest: number;
  /** Share of one core the server used, in percent. */
  serverCpuPercent: number;
  /** Share of one core the load generator (this process) used, in percent. */
  loaderCpuPercent: number;
}

/**
 * Runs autocannon against `url` on `server` and fails on any error or non-2xx answer: a
 * benchmark that measured error pages or timeouts would be reporting nonsense.
 */
export async function loadTest(server: ServerProcess, options: LoadOptions): Promise<LoadResult> {
  const serverCpuBefore = await server.cpuMicros();
  const loaderCpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const loaderCpu = process.cpuUsage(loaderCpuBefore);
  const serverCpu = (await server.cpuMicros()) - serverCpuBefore;

  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(
      `load on ${options.url} had ${result.errors} errors (${result.timeouts} timeouts) and ` +
        `${result.non2xx} non-2xx answers; status codes: ${JSON.stringify(result.statusCodeStats)}`,
    );
  }
  const requests = result.requests.total;
  if (requests === 0) throw new Error(`no request to ${options.url} completed`);
  const wallMicros = result.duration * 1e6;
  return {
    requestsPerSecond: requests / result.duration,
    requests,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    seconds: result.duration,
    serverCpuMicrosPerRequest: serverCpu / requests,
    serverCpuPercent: (serverCpu / wallMicros) * 100,
    loaderCpuPercent: ((loaderCpu.user + loaderCpu.system) / wallMicros) * 100,
  };
}

/** One GET, checked, before any load: proves the route answers what the benchmark thinks. */
export async function expectJson(url: string, expected: unknown, headers: Record<string, string> = {}): Promise<void> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  if (response.status !== 200 || text !== JSON.stringify(expected)) {
    throw new Error(`GET ${url} answered ${response.status} ${text}; expected 200 ${JSON.stringify(expected)}`);
  }
}

/** The median round of a side: req/s as the figure, latency and server CPU beside it. */
export function summarise(rounds: readonly LoadResult[]): Measurement {
  return {
    value: median(rounds.map((round) => round.requestsPerSecond)),
    unit: 'req/s',
    extra: {
      p50: { value: median(rounds.map((round) => round.p50Ms)), unit: 'ms' },
      p99: { value: median(rounds.map((round) => round.p99Ms)), unit: 'ms' },
      'server CPU/req': { value: median(rounds.map((round) => round.serverCpuMicrosPerRequest)), unit: 'µs' },
      'server CPU': { value: median(rounds.map((round) => round.serverCpuPercent)), unit: '%' },
    },
  };
}

/** Each round's req/s, for the notes. */
export function roundList(rounds: readonly LoadResult[]): string {
  return rounds.map((round) => Math.round(round.requestsPerSecond).toLocaleString('en-US')).join(', ');
}
