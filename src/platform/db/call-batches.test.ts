import { describe, expect, it } from 'vitest';
import { callBatches } from './call-batches.ts';

/** A runner whose batches finish when the test says so; it records what each batch held. */
function heldRunner() {
  const batches: number[][] = [];
  const finishers: (() => void)[] = [];
  const run = (items: number[]) => {
    batches.push(items);
    return new Promise<PromiseSettledResult<number>[]>((resolve) => {
      finishers.push(() => resolve(items.map((item) => (item < 0 ? { status: 'rejected', reason: new Error(`no ${item}`) } : { status: 'fulfilled', value: item * 10 }))));
    });
  };
  return { run, batches, finishNext: () => finishers.shift()?.() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('callBatches', () => {
  it('starts an item at once while a batch is free, and gathers the items that arrive while all are busy', async () => {
    const runner = heldRunner();
    const batches = callBatches(runner.run, { inFlight: 2, maxItems: 10 });
    const results = [1, 2, 3, 4, 5].map((item) => batches.submit(item));
    expect(runner.batches).toEqual([[1], [2]]);
    runner.finishNext();
    await settle();
    expect(runner.batches).toEqual([[1], [2], [3, 4, 5]]);
    runner.finishNext();
    runner.finishNext();
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40, 50]);
  });

  it('puts no more than maxItems in a batch', async () => {
    const runner = heldRunner();
    const batches = callBatches(runner.run, { inFlight: 1, maxItems: 2 });
    const results = [1, 2, 3, 4, 5, 6].map((item) => batches.submit(item));
    for (let batch = 0; batch < 4; batch++) {
      runner.finishNext();
      await settle();
    }
    expect(runner.batches).toEqual([[1], [2, 3], [4, 5], [6]]);
    await expect(Promise.all(results)).resolves.toHaveLength(6);
  });

  it("fails only the item whose outcome is an error, and every item of a batch whose run threw", async () => {
    const runner = heldRunner();
    const batches = callBatches(runner.run, { inFlight: 1, maxItems: 10 });
    const first = batches.submit(1);
    const good = batches.submit(2);
    const bad = batches.submit(-3);
    runner.finishNext();
    await settle();
    runner.finishNext();
    await expect(Promise.all([first, good])).resolves.toEqual([10, 20]);
    await expect(bad).rejects.toThrow('no -3');

    const broken = callBatches<number, number>(() => Promise.reject(new Error('connection lost')), { inFlight: 1, maxItems: 10 });
    await expect(Promise.all([broken.submit(1), broken.submit(2)])).rejects.toThrow('connection lost');
    await expect(broken.submit(3)).rejects.toThrow('connection lost');
  });
});
