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
 * Runs items in batches: an item that arrives while fewer than `inFlight` batches run starts one
 * at once (alone, so a quiet system adds no wait), and the items that arrive while all are busy
 * go together in the next. `run` answers each item, in order, with its own outcome, so one
 * item's failure is only its own; if `run` itself throws, every item of its batch gets the error.
 */
export function callBatches<I, O>(run: (items: I[]) => Promise<PromiseSettledResult<O>[]>, limits: BatchLimits): CallBatches<I, O> {
  const waiting: { item: I; resolve: (value: O) => void; reject: (reason: unknown) => void }[] = [];
  let running = 0;

  function startBatches(): void {
    while (running < limits.inFlight && waiting.length > 0) {
      const batch = waiting.splice(0, limits.maxItems);
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
          startBatches();
        });
    }
  }

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        startBatches();
      });
    },
  };
}
