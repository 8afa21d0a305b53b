import { describe, expect, it } from 'vitest';
import { decodePng } from '../../../test/support/decode-png.ts';
import { encodePng } from './png.ts';

/** Pixels no compressor can flatten: a different value at every byte. */
function noise(width: number, height: number): Uint8Array {
  let state = 7;
  return Uint8Array.from({ length: width * height * 3 }, () => (state = (state * 1103515245 + 12345) >>> 0) >>> 24);
}

describe('encodePng', () => {
  it('writes a PNG that decodes to the very pixels, with an 8-bit RGB header and checked chunks', () => {
    for (const [width, height] of [
      [1, 1],
      [7, 5],
      [64, 3],
      [300, 200],
    ] as const) {
      const pixels = noise(width, height);
      const png = decodePng(encodePng({ width, height, pixels }));
      expect(png).toMatchObject({ width, height, bitDepth: 8, colourType: 2, chunks: ['IHDR', 'IDAT', 'IEND'] });
      expect(Buffer.from(png.pixels).equals(Buffer.from(pixels))).toBe(true);
    }
  });

  it('packs flat colour into a few bytes', () => {
    const pixels = new Uint8Array(512 * 512 * 3).fill(200);
    expect(encodePng({ width: 512, height: 512, pixels }).length).toBeLessThan(2_000);
  });

  it('refuses a size that does not match the pixels, or is not a positive whole size', () => {
    expect(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(11) })).toThrow('2×2 RGB pixels are 12 bytes, not 11');
    expect(() => encodePng({ width: 0, height: 2, pixels: new Uint8Array(0) })).toThrow('a PNG needs a positive whole size');
    expect(() => encodePng({ width: 1.5, height: 2, pixels: new Uint8Array(9) })).toThrow('a PNG needs a positive whole size');
  });
});
