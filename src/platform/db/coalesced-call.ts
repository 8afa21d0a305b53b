export interface CoalescedCall {
  /** Asks for a run: now if none is under way, else one more once it ends (however many ask meanwhile). */
  request(): void;
  /** Resolves once no run is under way or asked for. */
  idle(): Promise<void>;
}

/**
 * One run of `work` at a time, and the requests that arrive during a run share the next one.
 * A run that fails is forgotten: it is for work that is only a nudge (a NOTIFY that polling
 * backs up), where the next request tries again.
 */
export function coalescedCall(work: () => Promise<unknown>): CoalescedCall {
  let running: Promise<void> | undefined;
  let again = false;

  async function loop(): Promise<void> {
    do {
      again = false;
      await work().catch(() => {});
    } while (again);
    running = undefined;
  }

  return {
    request() {
      if (running) again = true;
      else running = loop();
    },
    async idle() {
      await running;
    },
  };
}
