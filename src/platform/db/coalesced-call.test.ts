import { describe, expect, it } from 'vitest';
import { coalescedCall } from './coalesced-call.ts';

describe('coalescedCall', () => {
  it('runs at once, then once more for all the requests that arrived during the run', async () => {
    let runs = 0;
    let finish: () => void = () => {};
    const call = coalescedCall(() => {
      runs++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    call.request();
    expect(runs).toBe(1);
    for (let i = 0; i < 50; i++) call.request();
    expect(runs).toBe(1);
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toBe(2);
    finish();
    await call.idle();
    expect(runs).toBe(2);
  });

  it('forgets a failed run and runs again on the next request', async () => {
    let runs = 0;
    const call = coalescedCall(async () => {
      runs++;
      if (runs === 1) throw new Error('database closed');
    });
    call.request();
    await call.idle();
    call.request();
    await call.idle();
    expect(runs).toBe(2);
  });
});
