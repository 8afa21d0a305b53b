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

const turn = () => new Promise((resolve) => setImmediate(resolve));
/** Two turns: a finished batch schedules the next on the turn after its promise settles. */
const settle = async () => {
  await turn();
  await turn();
};

describe('callBatches', () => {
  it('shares the items of one turn among the free batches, and gathers those that arrive while all are busy', async () => {
    const runner = heldRunner();
    const batches = callBatches(runner.run, { inFlight: 2, maxItems: 10 });
    const results = [1, 2, 3, 4, 5].map((item) => batches.submit(item));
    await settle();
    expect(runner.batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    const later = [6, 7, 8].map((item) => batches.submit(item));
    await settle();
    expect(runner.batches).toHaveLength(2);
    runner.finishNext();
    await settle();
    expect(runner.batches[2]).toEqual([6, 7, 8]);
    runner.finishNext();
    runner.finishNext();
    await expect(Promise.all([...results, ...later])).resolves.toEqual([10, 20, 30, 40, 50, 60, 70, 80]);
  });

  it('runs a lone item on the next turn', async () => {
    const runner = heldRunner();
    const batches = callBatches(runner.run, { inFlight: 2, maxItems: 10 });
    const result = batches.submit(7);
    await settle();
    expect(runner.batches).toEqual([[7]]);
    runner.finishNext();
    await expect(result).resolves.toBe(70);
  });

  it('puts no more than maxItems in a batch', async () => {
    const runner = heldRunner();
    const batches = callBatches(runner.run, { inFlight: 1, maxItems: 2 });
    const results = [1, 2, 3, 4, 5].map((item) => batches.submit(item));
    for (let batch = 0; batch < 3; batch++) {
      await settle();
      runner.finishNext();
    }
    expect(runner.batches).toEqual([[1, 2], [3, 4], [5]]);
    await expect(Promise.all(results)).resolves.toHaveLength(5);
  });

  it("fails only the item whose outcome is an error, and every item of a batch whose run threw", async () => {
    const runner = heldRunner();
    const batches = callBatches(runner.run, { inFlight: 1, maxItems: 10 });
    const good = batches.submit(2);
    const bad = batches.submit(-3);
    await settle();
    runner.finishNext();
    await expect(good).resolves.toBe(20);
    await expect(bad).rejects.toThrow('no -3');

    const broken = callBatches<number, number>(() => Promise.reject(new Error('connection lost')), { inFlight: 1, maxItems: 10 });
    await expect(Promise.all([broken.submit(1), broken.submit(2)])).rejects.toThrow('connection lost');
    await expect(broken.submit(3)).rejects.toThrow('connection lost');
  });
});
