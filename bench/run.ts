/**
 * Runs the benchmarks: every bench/*.bench.ts, or those named on the command line.
 *
 *   npm run bench                      all, full length (a few minutes each)
 *   npm run bench -- http-overhead     only the named ones
 *   npm run bench -- --smoke           short runs that only prove the benchmarks work (CI)
 *
 * Prints one row per benchmark (subject, peer, ratio, goal) and writes the results to
 * bench/results/latest.json. A missed goal is reported, not failed: the machines are too noisy
 * for a gate. The run fails only if a benchmark throws.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatFigure, ratioOf, type Benchmark, type BenchmarkResult, type Measurement } from './harness.ts';

const benchDir = import.meta.dirname;
const resultsFile = path.join(benchDir, 'results', 'latest.json');
const usage = 'usage: npm run bench -- [--smoke] [benchmark-name …]';

async function main(argv: readonly string[]): Promise<number> {
  const options = argv.filter((arg) => arg.startsWith('-'));
  const names = argv.filter((arg) => !arg.startsWith('-'));
  if (options.includes('--help') || options.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const unknown = options.filter((option) => option !== '--smoke');
  if (unknown.length > 0) {
    console.error(`unknown option ${unknown.join(', ')}\n${usage}`);
    return 2;
  }
  const smoke = options.includes('--smoke');

  const all = await discover();
  const missing = names.filter((name) => !all.some((benchmark) => benchmark.name === name));
  if (missing.length > 0) {
    console.error(`no benchmark named ${missing.join(', ')}; there are: ${all.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const selected = names.length > 0 ? all.filter((benchmark) => names.includes(benchmark.name)) : all;

  const startedAt = new Date();
  const results: BenchmarkResult[] = [];
  for (const benchmark of selected) {
    console.log(`running ${benchmark.name} (${smoke ? 'smoke' : 'full'}) against ${benchmark.peer} …`);
    results.push(await runOne(benchmark, smoke));
  }

  printTable(results, smoke);
  await mkdir(path.dirname(resultsFile), { recursive: true });
  const report = {
    mode: smoke ? 'smoke' : 'full',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${process.platform} ${os.release()}`,
      arch: process.arch,
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
    },
    results,
  };
  await writeFile(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nresults written to ${path.relative(process.cwd(), resultsFile)}`);
  return results.some((result) => result.error !== undefined) ? 1 : 0;
}

/** Every bench/*.bench.ts, by name; a file's benchmark must carry the file's name. */
async function discover(): Promise<Benchmark[]> {
  const files = (await readdir(benchDir)).filter((file) => file.endsWith('.bench.ts')).sort();
  const benchmarks: Benchmark[] = [];
  for (const file of files) {
    const loaded = (await import(pathToFileURL(path.join(benchDir, file)).href)) as {
      benchmark?: Benchmark;
      default?: Benchmark;
    };
    const benchmark = loaded.benchmark ?? loaded.default;
    if (!benchmark || typeof benchmark.run !== 'function') {
      throw new Error(`bench/${file} exports no benchmark (export const benchmark = defineBenchmark({ … }))`);
    }
    if (`${benchmark.name}.bench.ts` !== file) {
      throw new Error(`bench/${file} declares the benchmark '${benchmark.name}'; name the file after it`);
    }
    benchmarks.push(benchmark);
  }
  return benchmarks;
}

async function runOne(benchmark: Benchmark, smoke: boolean): Promise<BenchmarkResult> {
  const started = performance.now();
  const base = { name: benchmark.name, peerName: benchmark.peer, goal: benchmark.goal };
  try {
    const before = await cpuTicks();
    const outcome = await benchmark.run({ smoke });
    const stolen = stolenShare(before, await cpuTicks());
    const ratio = ratioOf(benchmark, outcome.subject, outcome.peer);
    return {
      ...base,
      seconds: seconds(started),
      subject: outcome.subject,
      peer: outcome.peer,
      ratio,
      goalMet: ratio >= benchmark.goal.ratio,
      notes: [
        ...(outcome.notes ?? []),
        ...(stolen === undefined ? [] : [`the hypervisor kept ${(stolen * 100).toFixed(1)}% of the CPU time from this machine during the run (steal in /proc/stat); a run with much of it is slow throughout`]),
      ],
    };
  } catch (error) {
    console.error(`${benchmark.name} failed:`, error);
    return {
      ...base,
      seconds: seconds(started),
      notes: [],
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}

/** The machine's CPU time so far, in ticks (Linux's /proc/stat): all of it, and what the hypervisor stole. Undefined elsewhere. */
async function cpuTicks(): Promise<{ total: number; steal: number } | undefined> {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => undefined);
  const fields = stat?.split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …
  if (!fields || fields.length < 8 || fields.some((field) => !Number.isFinite(field))) return undefined;
  return { total: fields.slice(0, 8).reduce((sum, field) => sum + field, 0), steal: fields[7] as number };
}

function stolenShare(before: Awaited<ReturnType<typeof cpuTicks>>, after: Awaited<ReturnType<typeof cpuTicks>>): number | undefined {
  if (!before || !after || after.total <= before.total) return undefined;
  return (after.steal - before.steal) / (after.total - before.total);
}

function seconds(since: number): number {
  return Math.round((performance.now() - since) / 100) / 10;
}

function printTable(results: readonly BenchmarkResult[], smoke: boolean): void {
  const header = ['benchmark', 'subject', 'peer', 'ratio', 'goal', 'met'];
  const rows = results.map((result) => [
    result.name,
    result.subject ? formatFigure(result.subject) : '—',
    result.peer ? formatFigure(result.peer) : '—',
    result.ratio === undefined ? '—' : `${result.ratio.toFixed(2)}×`,
    `≥ ${result.goal.ratio.toFixed(2)}×`,
    result.error !== undefined ? 'FAILED' : result.goalMet ? 'yes' : 'no',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');

  console.log(`\nBenchmarks (${smoke ? 'smoke mode: proves they run; do not quote these figures' : 'full mode'})`);
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));

  for (const result of results) {
    console.log(`\n${result.name}: ${result.goal.description}; peer: ${result.peerName}; took ${result.seconds} s`);
    if (result.error !== undefined) {
      console.log(`  error: ${result.error.split('\n')[0]}`);
      continue;
    }
    console.log(`  subject  ${extras(result.subject)}`);
    console.log(`  peer     ${extras(result.peer)}`);
    for (const note of result.notes) console.log(`  - ${note}`);
  }
}

function extras(measurement: Measurement | undefined): string {
  if (!measurement) return '';
  const parts = Object.entries(measurement.extra ?? {}).map(([name, figure]) => `${name} ${formatFigure(figure)}`);
  return [formatFigure(measurement), ...parts].join(', ');
}

process.exitCode = await main(process.argv.slice(2));
