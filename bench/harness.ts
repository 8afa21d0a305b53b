/**
 * The shapes every benchmark shares. A benchmark measures Atelier (the subject) and a named peer
 * in the same run, under the same load, and the harness reports subject relative to peer: the
 * machines are small and noisy, so only ratios taken side by side mean anything.
 */

/** One number with its unit: `{ value: 41_200, unit: 'req/s' }`. */
export interface Figure {
  value: number;
  unit: string;
}

/** The headline figure of one side, with any extra figures worth printing (p50, p99, CPU). */
export interface Measurement extends Figure {
  extra?: Record<string, Figure>;
}

export interface Goal {
  /** The subject must reach at least this fraction of the peer (0.9 = "≥ 0.90×"). */
  ratio: number;
  description: string;
}

export interface RunOptions {
  /** Short run that only proves the benchmark works (CI); its figures are not to be quoted. */
  smoke: boolean;
}

export interface BenchmarkOutcome {
  subject: Measurement;
  peer: Measurement;
  notes?: string[];
}

export interface Benchmark {
  /** Kebab-case, as typed on the command line: `npm run bench -- http-overhead`. */
  name: string;
  /** What the subject is compared with, in words: "bare Fastify hello-world". */
  peer: string;
  goal: Goal;
  /**
   * Which way is better for the headline figure. The ratio is always "how well the subject
   * does relative to the peer": subject/peer when higher is better, peer/subject when lower is.
   */
  better?: 'higher' | 'lower';
  run(options: RunOptions): Promise<BenchmarkOutcome>;
}

/** What one benchmark produced in a run; written to bench/results/latest.json. */
export interface BenchmarkResult {
  name: string;
  peerName: string;
  goal: Goal;
  seconds: number;
  subject?: Measurement;
  peer?: Measurement;
  ratio?: number;
  goalMet?: boolean;
  notes: string[];
  /** Set when the benchmark threw: the run then exits non-zero. */
  error?: string;
}

export function defineBenchmark(benchmark: Benchmark): Benchmark {
  return benchmark;
}

export function ratioOf(benchmark: Pick<Benchmark, 'better'>, subject: Figure, peer: Figure): number {
  if (subject.unit !== peer.unit) {
    throw new Error(`subject and peer are measured in different units (${subject.unit} vs ${peer.unit})`);
  }
  return benchmark.better === 'lower' ? peer.value / subject.value : subject.value / peer.value;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `41,230 req/s`, `1.25 ms`: few significant digits, since the machines are noisy anyway. */
export function formatFigure(figure: Figure): string {
  const abs = Math.abs(figure.value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  const number = figure.value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return figure.unit === '%' ? `${number}%` : `${number} ${figure.unit}`;
}
