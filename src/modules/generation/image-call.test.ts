import { describe, expect, it } from 'vitest';
import { sizeFor } from './image-call.ts';

describe('sizeFor', () => {
  const dallE = { imageSizes: ['1024x1024', '1792x1024', '1024x1792'] };

  it('asks for the size the task wants when the model makes it, or makes any size', () => {
    expect(sizeFor(dallE, '1792x1024')).toBe('1792x1024');
    expect(sizeFor({}, '333x222')).toBe('333x222');
  });

  it("otherwise asks for the model's size nearest in shape, then in area", () => {
    expect(sizeFor(dallE, '512x512')).toBe('1024x1024');
    expect(sizeFor(dallE, '1536x1024')).toBe('1792x1024');
    expect(sizeFor(dallE, '600x1000')).toBe('1024x1792');
    expect(sizeFor({ imageSizes: ['256x256', '512x512', '1024x1024'] }, '600x600')).toBe('512x512');
  });
});
