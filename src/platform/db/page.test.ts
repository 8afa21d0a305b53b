import { describe, expect, it } from 'vitest';
import { pageOf } from './page.ts';

describe('a page of a list read with one row more than it shows', () => {
  const rows = [{ id: 'c', n: 3 }, { id: 'b', n: 2 }, { id: 'a', n: 1 }];

  it('shows `limit` rows and points the cursor at the last one shown when more follow', () => {
    expect(pageOf(rows, 2, (row) => row.n)).toEqual({ items: [3, 2], nextCursor: 'b' });
    expect(pageOf(rows, 2, (row) => row.id, (row) => String(row.n))).toEqual({ items: ['c', 'b'], nextCursor: '2' });
  });

  it('has no cursor on the last page', () => {
    expect(pageOf(rows, 3, (row) => row.n)).toEqual({ items: [3, 2, 1], nextCursor: null });
    expect(pageOf([], 3, (row: { id: string }) => row.id)).toEqual({ items: [], nextCursor: null });
  });
});
