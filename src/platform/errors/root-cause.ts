/** The driver's own error under the wrappers (a failed query wraps the refused connection). */
export function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const next = current instanceof AggregateError ? current.errors[0] : (current as { cause?: unknown } | undefined)?.cause;
    if (next === undefined || next === null) return current;
    current = next;
  }
  return current;
}
