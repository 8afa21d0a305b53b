/**
 * Remembers which providers keep failing, per process: after `threshold` transient failures in a
 * row a provider is skipped for `coolDownMs`, then one request may try it again (half-open); a
 * success closes it. Per process is enough: each worker learns on its own within a few calls.
 */
export function createCircuitBreaker(options: { threshold?: number; coolDownMs?: number; now?: () => number } = {}) {
  const threshold = options.threshold ?? 5;
  const coolDownMs = options.coolDownMs ?? 30_000;
  const now = options.now ?? Date.now;
  const circuits = new Map<string, { failures: number; openUntil: number }>();

  return {
    /** Milliseconds until the provider may be tried again; 0 when it may be tried now. */
    coolingDownFor(provider: string): number {
      const circuit = circuits.get(provider);
      if (!circuit || circuit.failures < threshold) return 0;
      const left = circuit.openUntil - now();
      if (left > 0) return left;
      // Half-open: let this one request through; a failure opens it again at once.
      circuit.failures = threshold - 1;
      return 0;
    },
    succeeded(provider: string): void {
      circuits.delete(provider);
    },
    failed(provider: string): void {
      const circuit = circuits.get(provider) ?? { failures: 0, openUntil: 0 };
      circuit.failures += 1;
      if (circuit.failures >= threshold) circuit.openUntil = now() + coolDownMs;
      circuits.set(provider, circuit);
    },
  };
}

export type CircuitBreaker = ReturnType<typeof createCircuitBreaker>;
