export interface CallBatches<I, O> {
  /** Resolves with the item's own result, or rejects with its own error. */
  submit(item: I): Promise<O>;
}

export interface BatchLimits {
  /** Batches running at once; an item that arrives when all are busy waits for the next one. */
  inFlight: number;
  /** Items in one batch at most; the rest wait for the batch after. */
  maxItems: number;
}

/**
 * Runs items in batches. Batches start on the next turn of the event loop after an item arrives
 * or a batch ends, so the items that arrive in one turn (the callers a finished batch just
 * answered, who come straight back) go together rather than the first alone; a quiet system
 * waits one turn. The waiting items are shared evenly among the free batches, at most
 * `maxItems` each, and the items that arrive while all are busy wait for the next. `run`
 * answers each item, in order, with its own outcome, so one item's failure is only its own; if
 * `run` itself throws, every item of its batch gets the error.
 */
export function callBatches<I, O>(run: (items: I[]) => Promise<PromiseSettledResult<O>[]>, limits: BatchLimits): CallBatches<I, O> {
  const waiting: { item: I; resolve: (value: O) => void; reject: (reason: unknown) => void }[] = [];
  let running = 0;
  let scheduled = false;

  function scheduleBatches(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      startBatches();
    });
  }

  function startBatches(): void {
    while (running < limits.inFlight && waiting.length > 0) {
      const share = Math.ceil(waiting.length / (limits.inFlight - running));
      const batch = waiting.splice(0, Math.min(limits.maxItems, share));
      running++;
      run(batch.map((entry) => entry.item))
        .then(
          (outcomes) =>
            batch.forEach((entry, at) => {
              const outcome = outcomes[at];
              if (outcome?.status === 'fulfilled') entry.resolve(outcome.value);
              else entry.reject(outcome ? outcome.reason : new Error('the batch gave this item no outcome'));
            }),
          (error: unknown) => batch.forEach((entry) => entry.reject(error)),
        )
        .finally(() => {
          running--;
          scheduleBatches();
        });
    }
  }

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        scheduleBatches();
      });
    },
  };
}
