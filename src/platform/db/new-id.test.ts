import { describe, expect, it } from 'vitest';
import { newId } from './new-id.ts';

describe('newId', () => {
  it('makes distinct UUIDv7s that sort in the order they were made, across many refills of its random pool', () => {
    const ids = Array.from({ length: 5_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    const millisecond = Number.parseInt(newId().replaceAll('-', '').slice(0, 12), 16);
    expect(Math.abs(millisecond - Date.now())).toBeLessThan(1_000);
  });
});
