import { getRandomValues } from 'node:crypto';
import { V7Generator } from 'uuidv7';

/** Random words drawn a thousand at a time: one call into the CSPRNG per some three hundred ids, not per three. */
class PooledRandom {
  private readonly pool = new Uint32Array(1024);
  private next = this.pool.length;

  nextUint32(): number {
    if (this.next === this.pool.length) {
      getRandomValues(this.pool);
      this.next = 0;
    }
    return this.pool[this.next++] as number;
  }
}

const generator = new V7Generator(new PooledRandom());

/**
 * A new row id: a UUIDv7 (time-ordered, so ids sort by creation and index inserts land at the
 * end), from uuidv7's own generator. Its default source refills eight random words at a time,
 * and a request that writes ten rows paid for that in a profile (1% of a generation).
 */
export function newId(): string {
  return generator.generate().toString();
}
