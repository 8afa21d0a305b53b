import { describe, expect, it } from 'vitest';
import { linksIn } from './send-email.ts';

describe('linksIn', () => {
  it('finds http(s) addresses and leaves trailing punctuation out', () => {
    expect(linksIn('Open https://a.example/x?t=1&u=2. Or (http://b.example/y), not ftp://c.example.')).toEqual([
      'https://a.example/x?t=1&u=2',
      'http://b.example/y',
    ]);
  });
});
